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
    let rest = describe(&sb, &["--max-results", "2", "--starting-token", &token]);
    assert_eq!(
        rest["AutomationExecutionMetadataList"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert!(rest.get("NextToken").is_none());
}
