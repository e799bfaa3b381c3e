//! How `ssmrun ssm …` reads its options, as the AWS CLI does: `--query` as jmespath.py reads
//! it, lists of filters, parameter errors (exit 252) and `file://` values.

use crate::harness::Sandbox;

const PAUSE: &str = "schemaVersion: '0.3'
mainSteps:
  - name: hold
    action: aws:pause
    inputs: {}
  - name: after
    action: aws:sleep
    inputs:
      Duration: PT1S
";

fn started(sb: &Sandbox) -> String {
    let r = sb
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "file://pause.yaml",
        ])
        .status(0)
        .run();
    r.json()["AutomationExecutionId"]
        .as_str()
        .expect("execution id")
        .to_string()
}

#[test]
fn query_reads_a_bare_backtick_literal_as_a_string() {
    let sb = Sandbox::new().file("pause.yaml", PAUSE);
    let id = started(&sb);
    sb.cmd([
        "ssm",
        "describe-automation-step-executions",
        "--automation-execution-id",
        &id,
        "--query",
        "StepExecutions[?StepStatus==`Waiting`].StepName",
        "--output",
        "text",
    ])
    .status(0)
    .stdout_is("hold\n")
    .run();
}

#[test]
fn filters_take_several_values_and_the_last_occurrence_wins() {
    let sb = Sandbox::new().file("pause.yaml", PAUSE);
    let id = started(&sb);
    let count = |filters: &[&str]| {
        let mut args = vec!["ssm", "describe-automation-executions"];
        args.extend_from_slice(filters);
        args.extend(["--query", "length(AutomationExecutionMetadataList)"]);
        sb.cmd(args).status(0).run().stdout().trim().to_string()
    };
    let by_id = format!("Key=ExecutionId,Values={id}");
    assert_eq!(
        count(&["--filters", "Key=ExecutionStatus,Values=Waiting", &by_id]),
        "1"
    );
    assert_eq!(
        count(&["--filters", "Key=ExecutionStatus,Values=Success", &by_id]),
        "0"
    );
    // The second `--filters` replaces the first.
    assert_eq!(
        count(&[
            "--filters",
            "Key=ExecutionStatus,Values=Success",
            "--filters",
            &by_id
        ]),
        "1"
    );
}

#[test]
fn malformed_parameters_are_a_parameter_error_named_once() {
    let r = Sandbox::new()
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "AWS-RestartEC2Instance",
            "--parameters",
            "a",
        ])
        .status(252)
        .stderr_has("\nError parsing parameter '--parameters': Expected: '='")
        .run();
    assert_eq!(r.stderr().matches("Error parsing parameter").count(), 1);
    assert!(!r.stderr().contains("An error occurred"));
}

#[test]
fn unreadable_or_empty_content_files_are_parameter_errors() {
    let sb = Sandbox::new().file("empty.yaml", "");
    sb.cmd([
        "ssm",
        "create-document",
        "--name",
        "x",
        "--document-type",
        "Automation",
        "--content",
        "file://missing.yaml",
    ])
    .status(252)
    .stderr_has("Error parsing parameter '--content': Unable to load paramfile file://missing.yaml")
    .run();
    sb.cmd([
        "ssm",
        "create-document",
        "--name",
        "Mine",
        "--document-type",
        "Automation",
        "--content",
        "file://empty.yaml",
    ])
    .status(252)
    .stderr_has("Invalid length for parameter Content, value: 0, valid min length: 1")
    .run();
}

#[test]
fn update_document_without_a_version_updates_the_latest() {
    let one = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    let two = one.replace("PT1S", "PT2S");
    let three = one.replace("PT1S", "PT3S");
    let sb = Sandbox::new()
        .file("one.yaml", one)
        .file("two.yaml", &two)
        .file("three.yaml", &three);
    let doc = |verb: &str, file: &str| {
        let mut args = vec!["ssm", verb, "--name", "Mine", "--content", file];
        if verb == "create-document" {
            args.extend(["--document-type", "Automation"]);
        }
        sb.cmd(args).status(0).run();
    };
    doc("create-document", "file://one.yaml");
    doc("update-document", "file://two.yaml");
    // The default version is still 1; left out, the version updated is `$LATEST`.
    sb.cmd([
        "ssm",
        "update-document",
        "--name",
        "Mine",
        "--content",
        "file://three.yaml",
        "--query",
        "DocumentDescription.DocumentVersion",
    ])
    .status(0)
    .stdout_is("\"3\"\n")
    .run();
}
