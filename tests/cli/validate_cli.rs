//! `ssmrun validate`: formats, exit codes and the bundled documents.

use crate::harness::Sandbox;

const BAD: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    nextStep: b\n    inputs: {Duration: PT1S}\n";

#[test]
fn human_output_points_at_the_problem() {
    Sandbox::new()
        .file("bad.yaml", BAD)
        .cmd(["validate", "bad.yaml"])
        .status(1)
        .stdout_has("bad.yaml:5:15: error[unknown-step]")
        .stdout_has("nextStep: b")
        .stdout_has("^")
        .run();
}

#[test]
fn json_format_has_positions_and_codes() {
    let r = Sandbox::new()
        .file("bad.yaml", BAD)
        .cmd(["validate", "--format", "json", "bad.yaml"])
        .status(1)
        .run();
    let v = r.json();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "unknown-step");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(15))
    );
    assert_eq!(d["severity"], "error");
}

#[test]
fn github_and_sarif_formats() {
    let sb = Sandbox::new().file("bad.yaml", BAD);
    sb.cmd(["validate", "--format", "github", "bad.yaml"])
        .status(1)
        .stdout_has("::error file=bad.yaml,line=5")
        .run();
    let r = sb
        .cmd(["validate", "--format", "sarif", "bad.yaml"])
        .status(1)
        .run();
    assert_eq!(r.json()["version"], "2.1.0");
}

#[test]
fn directories_are_searched_and_clean_documents_pass() {
    let good = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    Sandbox::new()
        .file("runbooks/a.yaml", good)
        .file("runbooks/nested/b.json", r#"{"schemaVersion":"0.3","mainSteps":[{"name":"b","action":"aws:sleep","inputs":{"Duration":"PT1S"}}]}"#)
        .cmd(["validate", "runbooks"])
        .status(0)
        .run();
}

#[test]
fn warnings_count_only_when_denied() {
    let doc = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    isEnd: true\n    inputs: {Duration: PT1S}\n  - name: lonely\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    let sb = Sandbox::new().file("w.yaml", doc);
    sb.cmd(["validate", "w.yaml"])
        .status(0)
        .stdout_has("unreachable-step")
        .run();
    sb.cmd(["validate", "--deny-warnings", "w.yaml"])
        .status(1)
        .run();
}

#[test]
fn missing_path_is_a_usage_error() {
    Sandbox::new()
        .cmd(["validate", "nope.yaml"])
        .status(2)
        .stderr_has("nope.yaml")
        .run();
}

#[test]
fn invalid_utf8_is_reported_with_position_and_hides_no_other_file() {
    let sb = Sandbox::new().file("bad.yaml", BAD);
    std::fs::write(
        sb.path().join("bin.yaml"),
        b"schemaVersion: '0.3'\ndescription: \xff\n",
    )
    .unwrap();
    sb.cmd(["validate", "bin.yaml", "bad.yaml"])
        .status(1)
        .stdout_has("bin.yaml:2:14: error[invalid-utf8]")
        .stdout_has("bad.yaml:5:15: error[unknown-step]")
        .run();
}

#[test]
fn bundled_documents_validate_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("documents");
    Sandbox::new()
        .cmd(["validate", "--deny-warnings", dir.to_str().unwrap()])
        .status(0)
        .run();
}

#[test]
fn actions_lists_and_describes() {
    let sb = Sandbox::new();
    sb.cmd(["actions"])
        .status(0)
        .stdout_has("aws:changeInstanceState")
        .stdout_has("aws:waitForAwsResourceProperty")
        .run();
    sb.cmd(["actions", "changeInstanceState"])
        .status(0)
        .stdout_has("DesiredState")
        .stdout_has("InstanceStates")
        .run();
    sb.cmd(["actions", "aws:sleeep"])
        .status(2)
        .stderr_has("aws:sleep")
        .run();
}

#[test]
fn hostile_documents_get_clean_errors() {
    let sb = Sandbox::new();
    // 50 MB: refused before parsing.
    let big = format!(
        "schemaVersion: '0.3'\ndescription: |\n{}",
        "  padding padding padding padding\n".repeat(1_600_000)
    );
    sb.write("big.yaml", &big);
    sb.cmd(["validate", "big.yaml"])
        .status(1)
        .stdout_has("input-too-large")
        .run();
    // 1,000-deep nesting.
    sb.write(
        "deep.yaml",
        &format!("a: {}{}\n", "[".repeat(1000), "]".repeat(1000)),
    );
    let r = sb.cmd(["validate", "deep.yaml"]).status(1).run();
    assert!(
        r.stdout().contains("nesting-too-deep") || r.stdout().contains("syntax-error"),
        "{}",
        r.stdout()
    );
    // An alias bomb.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    sb.write("bomb.yaml", &bomb);
    sb.cmd(["validate", "bomb.yaml"])
        .status(1)
        .stdout_has("too-many-nodes")
        .run();
    // Duplicate keys, with both positions: a warning, the last value is read (as PyYAML
    // and the service read it).
    sb.write(
        "dup.yaml",
        "schemaVersion: '0.3'\nschemaVersion: '0.3'\nmainSteps: []\n",
    );
    sb.cmd(["validate", "dup.yaml"])
        .status(0)
        .stdout_has("dup.yaml:2:1: warning[duplicate-key]")
        .stdout_has("line 1")
        .run();
}

#[test]
fn a_corrupt_store_is_a_clear_error() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join(".ssmrun")).unwrap();
    std::fs::write(
        sb.path().join(".ssmrun/ssmrun.db"),
        "not a database at all\n".repeat(50),
    )
    .unwrap();
    let r = sb
        .cmd(["ssm", "describe-automation-executions"])
        .status(255)
        .run();
    assert!(r.stderr().contains("ssmrun.db"), "{}", r.stderr());
}
