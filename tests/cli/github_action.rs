//! The composite GitHub Action in `.github/actions/ssmrun/action.yml`: its steps' scripts run
//! as the runner would run them (bash, inputs as environment variables), with the binary
//! under test on `PATH` in place of the install step.

use crate::harness::{Sandbox, bin};
use std::path::Path;
use std::process::Command;

/// The `run` script of the step named `name`.
fn script(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/actions/ssmrun/action.yml");
    let bytes = std::fs::read(&path).expect("action.yml");
    let source = ssmrun::parse::decode("action.yml", bytes).expect("UTF-8");
    let action = ssmrun::parse::parse(&source).expect("YAML").to_json();
    let steps = action["runs"]["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(action["runs"]["using"], "composite");
    steps
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step `{name}`"))
        .to_string()
}

fn run_step(sb: &Sandbox, name: &str, env: &[(&str, &str)]) -> (i32, String) {
    let dir = bin().parent().expect("bin dir").display().to_string();
    let path = format!("{dir}:{}", std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .args(["-c", &script(name)])
        .current_dir(sb.path())
        .env("PATH", path)
        .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
        .envs(env.iter().copied())
        .output()
        .expect("bash");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn the_action_validates_with_annotations_and_reports_tests_as_junit() {
    let bad = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    nextStep: b\n    inputs: {Duration: PT1S}\n";
    let sb = Sandbox::new()
        .file("runbooks/bad.yaml", bad)
        .file("package.json", "{\"name\": \"site\"}")
        .file(
            "runbooks/sleep.test.yaml",
            "document: Example-PauseAndResume\ncases:\n  - name: waits\n    expect: {status: Waiting}\n",
        );
    let env = [
        ("PATHS", "."),
        ("ONLY", "true"),
        ("DENY", "false"),
        ("SARIF", "out.sarif"),
    ];
    let (code, text) = run_step(&sb, "Validate", &env);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("::error file=runbooks/bad.yaml,line=5"),
        "{text}"
    );
    assert!(!text.contains("package.json"), "{text}");
    let sarif = std::fs::read_to_string(sb.path().join("out.sarif")).expect("sarif");
    assert!(sarif.contains("\"uri\": \"runbooks/bad.yaml\""), "{sarif}");

    let (code, text) = run_step(
        &sb,
        "Test",
        &[("TESTS", "runbooks"), ("JUNIT", "report.xml")],
    );
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("waits ... ok"), "{text}");
    let report = std::fs::read_to_string(sb.path().join("report.xml")).expect("report");
    assert_eq!(crate::junit::assert_well_formed(&report), (1, 0));
}
