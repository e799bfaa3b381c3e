//! `ssm start-automation-execution --strict`: the setting is kept with the execution, so a
//! step started later by a signal fails unanswered calls the same way.

use crate::harness::Sandbox;

const LAMBDA_DOC: &str = "\
schemaVersion: '0.3'
mainSteps:
  - name: listFunctions
    action: aws:executeAwsApi
    inputs:
      Service: lambda
      Api: ListFunctions
";

/// Starts the document in Interactive mode, runs its one step by signal and returns the
/// step record.
fn start_step(strict: bool) -> serde_json::Value {
    let sb = Sandbox::new().file("doc.yaml", LAMBDA_DOC);
    let mut args = vec![
        "ssm",
        "start-automation-execution",
        "--document-name",
        "file://doc.yaml",
        "--mode",
        "Interactive",
    ];
    if strict {
        args.push("--strict");
    }
    let r = sb.cmd(args).status(0).run();
    let id = r.json()["AutomationExecutionId"]
        .as_str()
        .expect("execution id")
        .to_string();
    sb.cmd([
        "ssm",
        "send-automation-signal",
        "--automation-execution-id",
        &id,
        "--signal-type",
        "StartStep",
        "--payload",
        "StepName=listFunctions",
    ])
    .status(0)
    .run();
    let records = sb.step_records(&id);
    assert_eq!(records.len(), 1, "{records:?}");
    records[0].clone()
}

#[test]
fn strict_start_applies_to_steps_started_by_signal() {
    let strict = start_step(true);
    assert_eq!(strict["StepStatus"], "Failed", "{strict}");
    let message = strict["FailureMessage"].as_str().unwrap_or_default();
    assert!(message.contains("NotSimulated"), "{message}");
    let lenient = start_step(false);
    assert_eq!(lenient["StepStatus"], "Success", "{lenient}");
}
