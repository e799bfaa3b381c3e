//! `validate` in CI and hooks: JUnit, SARIF for code scanning, standard input, paths that
//! hold no runbook, and `--only-runbooks` (the pre-commit hook) beside other YAML and JSON.

use crate::harness::Sandbox;

const BAD: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    nextStep: b\n    inputs: {Duration: PT1S}\n";
const GOOD: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
const WORKFLOW: &str =
    "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n";
const PACKAGE: &str = "{\"name\": \"site\", \"version\": \"1.0.0\"}\n";

#[test]
fn junit_report_has_one_case_per_file() {
    let r = Sandbox::new()
        .file("bad.yaml", BAD)
        .file("good.yaml", GOOD)
        .cmd(["validate", "--format", "junit", "bad.yaml", "good.yaml"])
        .status(1)
        .stdout_has("<testsuites name=\"ssmrun validate\" tests=\"2\" failures=\"1\"")
        .stdout_has("<testcase classname=\"ssmrun.validate\" name=\"good.yaml\"/>")
        .stdout_has("<failure message=\"unknown-step: ")
        .run();
    crate::junit::assert_well_formed(&r.stdout());
}

#[test]
fn sarif_rules_are_described_and_uris_are_relative_to_the_repository() {
    let sb = Sandbox::new().file("repo/runbooks/bad.yaml", BAD);
    std::fs::create_dir_all(sb.path().join("repo/.git")).unwrap();
    std::fs::create_dir_all(sb.path().join("repo/sub")).unwrap();
    let r = sb
        .cmd(["validate", "--format", "sarif", "repo/runbooks/bad.yaml"])
        .status(1)
        .run();
    let v = r.json();
    let rule = &v["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(rule["id"], "unknown-step");
    assert!(
        rule["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(
        rule["helpUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    );
    // Outside a repository: relative to the working directory as given.
    let location = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "repo/runbooks/bad.yaml"
    );
    // Inside one, from a subdirectory: relative to the root that holds `.git`.
    let r = sb
        .cmd(["validate", "--format", "sarif", "../runbooks/bad.yaml"])
        .in_dir("repo/sub")
        .status(1)
        .run();
    let location = &r.json()["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "runbooks/bad.yaml");
}

#[test]
fn dash_reads_standard_input() {
    Sandbox::new()
        .cmd(["validate", "-"])
        .stdin(BAD)
        .status(1)
        .stdout_has("<stdin>:5:15: error[unknown-step]")
        .run();
    Sandbox::new()
        .cmd(["validate", "-"])
        .stdin(GOOD)
        .status(0)
        .stdout_has("0 errors, 0 warnings in 1 file")
        .run();
}

#[test]
fn a_directory_without_runbooks_is_an_error() {
    let sb = Sandbox::new().file("empty/readme.txt", "nothing here");
    let r = sb.cmd(["validate", "empty"]).status(2).run();
    assert!(
        r.stderr().contains("no runbook found under `empty`"),
        "{}",
        r.stderr()
    );
    assert!(!r.stdout().contains("0 errors"), "{}", r.stdout());
}

#[test]
fn only_runbooks_skips_workflows_and_package_json() {
    let sb = Sandbox::new()
        .file(".github/workflows/ci.yml", WORKFLOW)
        .file("package.json", PACKAGE)
        .file("command.yaml", "schemaVersion: '2.2'\nmainSteps: []\n")
        .file("runbooks/bad.yaml", BAD);
    let all = [
        ".github/workflows/ci.yml",
        "package.json",
        "command.yaml",
        "runbooks/bad.yaml",
    ];
    let r = sb
        .cmd(["validate", "--only-runbooks"].into_iter().chain(all))
        .status(1)
        .stdout_has("runbooks/bad.yaml:5:15: error[unknown-step]")
        .stdout_has("1 error, 0 warnings in 1 file")
        .run();
    assert!(!r.stdout().contains("package.json"), "{}", r.stdout());
    // Nothing but other files: nothing to say, success.
    sb.cmd([
        "validate",
        "--hook",
        "package.json",
        ".github/workflows/ci.yml",
    ])
    .status(0)
    .run();
    // Without the flag every file is a runbook to check.
    sb.cmd(["validate", "package.json"]).status(1).run();
}

#[test]
fn an_unreadable_file_hides_no_other_diagnostics() {
    let sb = Sandbox::new().file("bad.yaml", BAD);
    std::os::unix::fs::symlink(sb.path().join("gone"), sb.path().join("dangling.yaml")).unwrap();
    sb.cmd(["validate", "dangling.yaml", "bad.yaml"])
        .status(2)
        .stdout_has("bad.yaml:5:15: error[unknown-step]")
        .stderr_has("cannot read `dangling.yaml`")
        .run();
}
