//! `ssmrun run` keeps every execution it starts in the store, like the `ssm` commands do.

use crate::harness::Sandbox;

fn describe(sb: &Sandbox, filters: &[&str]) -> serde_json::Value {
    let mut args = vec!["ssm", "describe-automation-executions"];
    args.extend_from_slice(filters);
    sb.cmd(args).status(0).run().json()
}

/// Issue 11: a run that ends Waiting printed an id that no `ssm` command knew.
#[test]
fn issue_11_a_waiting_run_is_listed_and_resumes_with_a_signal() {
    let sb = Sandbox::new();
    let r = sb
        .cmd(["run", "Example-PauseAndResume"])
        .stdin("")
        .status(4)
        .stdout_has("send-automation-signal")
        .run();
    let listed = describe(&sb, &["--filters", "Key=ExecutionStatus,Values=Waiting"]);
    let list = listed["AutomationExecutionMetadataList"]
        .as_array()
        .unwrap();
    assert_eq!(list.len(), 1, "{listed}");
    let id = list[0]["AutomationExecutionId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(r.stdout().contains(&id), "the run names its execution");
    assert_eq!(list[0]["CurrentAction"], "aws:pause");
    sb.cmd([
        "ssm",
        "send-automation-signal",
        "--automation-execution-id",
        &id,
        "--signal-type",
        "Resume",
        "--payload",
        "StepName=pauseBeforeStart",
    ])
    .status(0)
    .run();
    let done = describe(&sb, &["--filters", &format!("Key=ExecutionId,Values={id}")]);
    assert_eq!(
        done["AutomationExecutionMetadataList"][0]["AutomationExecutionStatus"],
        "Success"
    );
}

#[test]
fn finished_runs_are_stored_too_and_pages_continue_with_a_token() {
    let sb = Sandbox::new();
    for _ in 0..3 {
        sb.cmd([
            "run",
            "AWS-RestartEC2Instance",
            "--parameters",
            "InstanceId=i-0abcdef1234567890",
        ])
        .status(0)
        .run();
    }
    let first = describe(&sb, &["--max-results", "2"]);
    assert_eq!(
        first["AutomationExecutionMetadataList"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let token = first["NextToken"].as_str().expect("NextToken").to_string();
    let rest = describe(&sb, &["--max-results", "2", "--next-token", &token]);
    assert_eq!(
        rest["AutomationExecutionMetadataList"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(rest.get("NextToken").is_none());
}

const SLOW: &str = "schemaVersion: '0.3'
mainSteps:
  - name: slow
    action: aws:executeScript
    inputs:
      Runtime: python3.11
      Handler: handler
      Script: |-
        import time
        def handler(events, context):
            time.sleep(30)
            return {}
";

/// The ids of the stored executions, newest first.
fn stored_ids(sb: &Sandbox) -> Vec<String> {
    describe(sb, &[])["AutomationExecutionMetadataList"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|e| e["AutomationExecutionId"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// A `run` killed (SIGKILL) in the middle of a step leaves its execution listed and
/// readable; `ssmrun store release` then records the interruption and ends it. (SIGTERM is
/// handled: see `tests/cli/interrupt.rs`.)
#[cfg(unix)]
#[test]
fn a_terminated_run_is_readable_and_released_by_hand() {
    let python = std::process::Command::new("python3")
        .arg("--version")
        .output();
    if python.is_err() {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let sb = Sandbox::new().file("slow.yaml", SLOW);
    let mut child = std::process::Command::new(crate::harness::bin())
        .args(["run", "slow.yaml", "--allow-scripts"])
        .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
        .current_dir(sb.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    // The execution is stored before its first step runs.
    let mut ids = Vec::new();
    for _ in 0..200 {
        ids = stored_ids(&sb);
        if !ids.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let Some(id) = ids.first().cloned() else {
        let _ = child.kill();
        panic!("the run never stored its execution");
    };
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    unsafe { libc::kill(pid, libc::SIGKILL) };
    child.wait().expect("reap");
    let before = describe(&sb, &[]);
    assert_eq!(
        before["AutomationExecutionMetadataList"][0]["AutomationExecutionStatus"],
        "InProgress"
    );
    sb.cmd(["store", "release", &id])
        .status(0)
        .stdout_has("released execution")
        .run();
    let after = describe(&sb, &[]);
    let e = &after["AutomationExecutionMetadataList"][0];
    assert_eq!(e["AutomationExecutionStatus"], "Failed");
    assert!(
        e["FailureMessage"]
            .as_str()
            .unwrap_or_default()
            .contains("interrupted"),
        "{e:#}"
    );
    sb.cmd(["store", "release", &id])
        .status(0)
        .stdout_has("nothing to release")
        .run();
}

#[test]
fn prune_removes_finished_executions_and_keeps_waiting_ones() {
    let sb = Sandbox::new();
    sb.cmd(["run", "Example-PauseAndResume"])
        .stdin("")
        .status(4)
        .run();
    for _ in 0..3 {
        sb.cmd([
            "run",
            "AWS-RestartEC2Instance",
            "--parameters",
            "InstanceId=i-0abcdef1234567890",
        ])
        .status(0)
        .run();
    }
    sb.cmd(["store", "prune"])
        .status(2)
        .stderr_has("--keep")
        .run();
    sb.cmd(["store", "prune", "--keep", "1"])
        .status(0)
        .stdout_has("removed 2")
        .run();
    assert_eq!(stored_ids(&sb).len(), 2);
    sb.cmd(["store", "prune", "--older-than-days", "1"])
        .status(0)
        .stdout_has("removed 0")
        .run();
    sb.cmd(["store", "prune", "--all"])
        .status(0)
        .stdout_has("removed 1")
        .run();
    let left = describe(&sb, &[]);
    assert_eq!(
        left["AutomationExecutionMetadataList"][0]["AutomationExecutionStatus"],
        "Waiting"
    );
    let path = sb.cmd(["store", "path"]).status(0).run();
    assert!(path.stdout().trim_end().ends_with("ssmrun.db"));
}
