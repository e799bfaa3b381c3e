//! `ssmrun test`: runbook test files, their report, JUnit and coverage; and the tests shipped
//! for the bundled runbooks, run here.

use crate::harness::Sandbox;
use std::path::Path;

const BRANCHY: &str = "\
schemaVersion: '0.3'
parameters:
  Go: {type: String}
mainSteps:
  - name: choose
    action: aws:branch
    inputs:
      Choices:
        - {NextStep: left, Variable: '{{ Go }}', StringEquals: left}
        - {NextStep: right, Variable: '{{ Go }}', StringEquals: right}
  - name: left
    action: aws:sleep
    inputs: {Duration: PT1S}
    isEnd: true
  - name: right
    action: aws:sleep
    inputs: {Duration: PT1S}
";

const TESTS: &str = "\
document: branchy.yaml
cases:
  - name: goes left
    parameters: {Go: left}
    expect:
      status: Success
      steps: {left: Success, right: Pending}
  - name: claims to go right
    parameters: {Go: left}
    expect:
      steps: {right: Success}
      calls: [ec2.StopInstances]
";

#[test]
fn a_passing_and_a_failing_case_print_both_and_exit_1() {
    let sb = Sandbox::new()
        .file("runbooks/branchy.yaml", BRANCHY)
        .file("runbooks/branchy.test.yaml", TESTS);
    let r = sb
        .cmd(["test", "runbooks"])
        .status(1)
        .stdout_has("running 2 cases from 1 file")
        .stdout_has("test runbooks/branchy.test.yaml: goes left ... ok")
        .stdout_has("test runbooks/branchy.test.yaml: claims to go right ... FAILED")
        .stdout_has("step `right`: expected Success, got Pending")
        .stdout_has(
            "calls: expected call 1 (ec2.StopInstances) after the ones before it, among: no calls",
        )
        .stdout_has("test result: FAILED. 1 passed; 1 failed")
        .run();
    // Coverage names what no case took: the `right` branch and the step behind it.
    let out = r.stdout();
    assert!(out.contains("branchy.yaml: 2/3 steps, 2/4 edges"), "{out}");
    assert!(out.contains("step never run: right"), "{out}");
    assert!(
        out.contains("edge never taken: choose -> right (choice 2)"),
        "{out}"
    );

    let r = sb
        .cmd(["test", "--format", "junit", "runbooks/branchy.test.yaml"])
        .status(1)
        .run();
    assert_eq!(crate::junit::assert_well_formed(&r.stdout()), (2, 1));
    sb.cmd(["test", "runbooks", "--junit", "report.xml"])
        .status(1)
        .run();
    let report = std::fs::read_to_string(sb.path().join("report.xml")).expect("report");
    assert_eq!(crate::junit::assert_well_formed(&report), (2, 1));
}

#[test]
fn a_mistake_in_a_test_file_names_its_line() {
    Sandbox::new()
        .file("runbooks/branchy.yaml", BRANCHY)
        .file(
            "runbooks/bad.test.yaml",
            "document: branchy.yaml\ncases:\n  - name: x\n    expct: {status: Success}\n",
        )
        .cmd(["test", "runbooks"])
        .status(2)
        .stderr_has("runbooks/bad.test.yaml:4: unknown key `expct` in a case")
        .run();
    Sandbox::new()
        .file("empty/readme.txt", "")
        .cmd(["test", "empty"])
        .status(2)
        .stderr_has("no test file found")
        .run();
}

#[test]
fn signals_reach_waiting_steps_in_order() {
    let doc = "schemaVersion: '0.3'\nmainSteps:\n  - name: hold\n    action: aws:pause\n    inputs: {}\n  - name: after\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    let tests = "document: paused.yaml\ncases:\n  - name: resumed\n    signals: [{step: hold, signal: Resume}]\n    expect: {status: Success}\n  - name: wrong step\n    signals: [{step: nope, signal: Resume}]\n    expect: {status: Success}\n";
    Sandbox::new()
        .file("paused.yaml", doc)
        .file("paused.test.yaml", tests)
        .cmd(["test", "paused.test.yaml"])
        .status(1)
        .stdout_has("resumed ... ok")
        .stdout_has("the execution waits at step `hold` but the next signal is for `nope`")
        .run();
}

#[test]
fn the_bundled_runbooks_pass_their_tests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/runbooks");
    let r = Sandbox::new()
        .cmd(["test", dir.to_str().expect("path")])
        .status(0)
        .stdout_has("test result: ok.")
        .run();
    // Every bundled document has tests.
    for b in ssmrun::bundled::all() {
        assert!(
            r.stdout().contains(&format!("<bundled>/{}", b.file_name)),
            "no tests for {}",
            b.name
        );
    }
}

#[test]
fn save_test_writes_a_test_the_same_run_passes() {
    let sb = Sandbox::new().file("runbooks/branchy.yaml", BRANCHY);
    sb.cmd([
        "run",
        "runbooks/branchy.yaml",
        "-p",
        "Go=right",
        "--save-test",
        "runbooks/right.test.yaml",
    ])
    .status(0)
    .run();
    let text = std::fs::read_to_string(sb.path().join("runbooks/right.test.yaml")).expect("saved");
    assert!(text.contains("document: branchy.yaml"), "{text}");
    assert!(text.contains("Go:\n    - right"), "{text}");
    assert!(text.contains("left: Pending"), "{text}");
    sb.cmd(["test", "runbooks/right.test.yaml"])
        .status(0)
        .stdout_has("test result: ok. 1 passed; 0 failed")
        .run();
}
