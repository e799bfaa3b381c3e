//! SIGINT and SIGTERM while a command runs steps (docs/semantics.md, "Interrupted runs"):
//! the step running is stopped with its script's process group, the execution is stored
//! Cancelled and readable, and the exit code is 128 + the signal's number.

use crate::harness::Sandbox;
use serde_json::Value;
use std::process::Child;
use std::time::Duration;

/// A script step that records its pid in `marker`, then never returns, and a step after it.
fn slow_doc(runtime: &str, marker: &std::path::Path) -> String {
    format!(
        "schemaVersion: '0.3'
mainSteps:
  - name: slow
    action: aws:executeScript
    inputs:
      Runtime: {runtime}
      Handler: handler
      Script: |-
        import os
        def handler(events, context):
            with open('{}.tmp', 'w') as f:
                f.write(str(os.getpid()))
            os.rename('{0}.tmp', '{0}')
            while True:
                pass
  - name: after
    action: aws:sleep
    inputs: {{Duration: PT1S}}
",
        marker.display()
    )
}

/// Waits (bounded) until the script has written its pid.
fn script_pid(marker: &std::path::Path) -> i32 {
    for _ in 0..1200 {
        if let Ok(text) = std::fs::read_to_string(marker) {
            return text.trim().parse().expect("a pid");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the script never started");
}

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    unsafe { libc::kill(pid, 0) == 0 }
}

/// Sends `signal` once the script runs; the exit code and the script's pid.
fn interrupt(mut child: Child, marker: &std::path::Path, signal: i32) -> (i32, i32) {
    let pid = script_pid(marker);
    // SAFETY: signalling the child this test started.
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    let status = child.wait().expect("wait");
    (
        status.code().expect("an exit code, not a signal death"),
        pid,
    )
}

fn get(sb: &Sandbox, id: &str) -> Value {
    let r = sb
        .cmd([
            "ssm",
            "get-automation-execution",
            "--automation-execution-id",
            id,
        ])
        .status(0)
        .run();
    r.json()["AutomationExecution"].clone()
}

fn only_execution(sb: &Sandbox) -> String {
    let r = sb
        .cmd(["ssm", "describe-automation-executions"])
        .status(0)
        .run();
    let list = r.json()["AutomationExecutionMetadataList"].clone();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list:#}");
    list[0]["AutomationExecutionId"]
        .as_str()
        .expect("id")
        .to_string()
}

fn assert_cancelled_by(exec: &Value, signal: &str) {
    assert_eq!(exec["AutomationExecutionStatus"], "Cancelled", "{exec:#}");
    let message = exec["FailureMessage"].as_str().unwrap_or_default();
    assert!(
        message.contains(&format!("interrupted by {signal}")) && message.contains("`slow`"),
        "{message}"
    );
    let steps = exec["StepExecutions"].as_array().expect("steps");
    let after = steps.iter().find(|s| s["StepName"] == "after");
    assert!(
        after.is_none_or(|s| s["StepStatus"] == "Pending"),
        "{steps:#?}"
    );
}

/// Runs the slow script document with ARGS, sends SIGNAL once the script is running, and
/// checks the exit code, that the script died with ssmrun and that the execution was stored
/// Cancelled by that signal. None when no Python runtime is present (the skip is printed).
fn interrupted(args: &[&str], signal: i32, name: &str, code: i32) -> Option<(Sandbox, String)> {
    let runtime = crate::script_support::runtime()?;
    let sb = Sandbox::new();
    let marker = sb.path().join("pid");
    sb.write("slow.yaml", &slow_doc(&runtime, &marker));
    let child = sb.spawn(
        args.iter()
            .chain(&["--allow-scripts", "--unsandboxed-scripts"]),
    );
    let (exit, script) = interrupt(child, &marker, signal);
    assert_eq!(exit, code);
    assert!(!alive(script), "the script outlived ssmrun");
    let id = only_execution(&sb);
    assert_cancelled_by(&get(&sb, &id), name);
    Some((sb, id))
}

#[test]
fn sigint_during_run_stores_the_execution_cancelled() {
    interrupted(&["run", "slow.yaml"], libc::SIGINT, "SIGINT", 130);
}

#[test]
fn sigterm_during_start_automation_execution_stores_it_cancelled() {
    let args = [
        "ssm",
        "start-automation-execution",
        "--document-name",
        "file://slow.yaml",
    ];
    let Some((sb, id)) = interrupted(&args, libc::SIGTERM, "SIGTERM", 143) else {
        return;
    };
    // Ended: the claim is released and a stop is refused as for any finished execution.
    sb.cmd([
        "ssm",
        "stop-automation-execution",
        "--automation-execution-id",
        &id,
    ])
    .status(254)
    .stderr_has("InvalidAutomationStatusUpdateException")
    .run();
}
