//! Golden files: whole JSON outputs with deterministic ids and clock. Regenerate with
//! `UPDATE_GOLDEN=1 cargo test golden`.

use crate::harness::Sandbox;
use std::path::Path;

pub fn assert_golden(name: &str, actual: &serde_json::Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let text = serde_json::to_string_pretty(actual).expect("json") + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &text).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    assert_eq!(
        text, expected,
        "golden file {name} differs; run with UPDATE_GOLDEN=1 to accept"
    );
}

#[test]
fn restart_ec2_instance_record_shapes() {
    let sb = Sandbox::new();
    let r = sb
        .cmd([
            "run",
            "AWS-RestartEC2Instance",
            "--parameters",
            "InstanceId=i-1234567890abcdef0",
            "--output",
            "json",
        ])
        .status(0)
        .run();
    let v = r.json();
    let exec = &v["AutomationExecution"];
    assert_eq!(exec["AutomationExecutionStatus"], "Success");
    let steps = exec["StepExecutions"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0]["Inputs"]["DesiredState"], "\"stopped\"");
    assert_eq!(
        steps[0]["Inputs"]["InstanceIds"],
        "[\"i-1234567890abcdef0\"]"
    );
    assert_eq!(
        steps[0]["Outputs"]["InstanceStates"],
        serde_json::json!(["stopped"])
    );
    assert_eq!(
        steps[1]["Outputs"]["InstanceStates"],
        serde_json::json!(["running"])
    );
    assert!(steps[0]["ExecutionStartTime"].is_f64());
    assert_eq!(
        exec["Parameters"]["InstanceId"],
        serde_json::json!(["i-1234567890abcdef0"])
    );
    assert_golden("restart-ec2-instance.json", &v);
}

#[test]
fn restart_text_output_lists_each_step() {
    Sandbox::new()
        .cmd([
            "run",
            "AWS-RestartEC2Instance",
            "--parameters",
            "InstanceId=i-1234567890abcdef0",
        ])
        .status(0)
        .stdout_has("stopInstances")
        .stdout_has("InstanceStates = stopped")
        .stdout_has("InstanceStates = running")
        .stdout_has(": Success")
        .run();
}

/// Every bundled runbook runs to Success in the default world (approvals and pauses
/// answered; required instance ids given the default world's running instance).
#[test]
fn every_bundled_document_runs_to_success() {
    let sb = Sandbox::new();
    let list = sb.cmd(["documents"]).status(0).run().stdout();
    let names: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() >= 10, "{list}");
    for name in names {
        let mut args = vec!["run", name, "--approve", "--resume", "--output", "json"];
        match name {
            // These act on a resource found or made by an earlier run: a volume's id, a
            // snapshot, an instance on standby. `child_automations` runs them, chained.
            "AWS-CreateSnapshot" | "AWS-DeleteSnapshot" | "AWS-ASGExitStandby" => continue,
            "AWS-ResizeInstance" => args.extend([
                "--parameters",
                "InstanceId=i-1234567890abcdef0,InstanceType=t3.large",
            ]),
            // The default world's Auto Scaling group member.
            "AWS-ASGEnterStandby" => {
                args.extend(["--parameters", "InstanceId=i-0a1b2c3d4e5f67890"])
            }
            _ if name.starts_with("AWS-") => {
                args.extend(["--parameters", "InstanceId=i-1234567890abcdef0"])
            }
            _ => {}
        }
        let r = sb.cmd(&args).run();
        assert_eq!(
            r.code(),
            0,
            "{name} did not succeed:\n{}\n{}",
            r.stdout(),
            r.stderr()
        );
        assert_eq!(
            r.json()["AutomationExecution"]["AutomationExecutionStatus"],
            "Success",
            "{name}"
        );
    }
}
