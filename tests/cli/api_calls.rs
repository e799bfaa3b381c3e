//! Calls nobody simulates get synthesized answers; the call log in text, JSON and as a mocks
//! file; `--strict` keeps `NotSimulated` (issue 9).

use crate::harness::Sandbox;

const DOC: &str = "schemaVersion: '0.3'
mainSteps:
  - name: describe
    action: aws:executeAwsApi
    inputs:
      Service: rds
      Api: describe_db_instances
      DBInstanceIdentifier: db1
    outputs:
      - Name: Id
        Selector: $.DBInstances[0].DBInstanceIdentifier
        Type: String
  - name: available
    action: aws:waitForAwsResourceProperty
    inputs:
      Service: rds
      Api: DescribeDBInstances
      DBInstanceIdentifier: db1
      PropertySelector: $.DBInstances[0].DBInstanceStatus
      DesiredValues: [available]
  - name: instances
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: describeInstances
outputs: [describe.Id]
";

#[test]
fn issue_9_unanswered_calls_are_synthesized_and_shown() {
    let sb = Sandbox::new().file("doc.yaml", DOC);
    sb.cmd(["run", "doc.yaml"])
        .status(0)
        .stdout_has("    rds.DescribeDBInstances (synthesized)\n")
        .stdout_has("describe.Id = db1")
        .stdout_has("Synthesized answers (2)")
        .stdout_has("rds.DescribeDBInstances in step `available`")
        .stdout_lacks("ec2.DescribeInstances (")
        .run();
    sb.cmd(["run", "doc.yaml", "--trace"])
        .status(0)
        .stdout_has("    ec2.DescribeInstances (simulated)\n      request:  {}\n      response: {\"Reservations\"")
        .run();
    sb.cmd(["run", "doc.yaml", "--strict"])
        .status(1)
        .stdout_has(
            "An error occurred (NotSimulated) when calling the DescribeDBInstances operation",
        )
        .run();
}

#[test]
fn issue_9_json_lists_api_calls_and_mocks_out_replays_them() {
    let sb = Sandbox::new().file("doc.yaml", DOC);
    let r = sb
        .cmd([
            "run",
            "doc.yaml",
            "--output",
            "json",
            "--mocks-out",
            "m.json",
        ])
        .status(0)
        .run();
    let v = r.json();
    let calls = v["ApiCalls"].as_array().cloned().unwrap_or_default();
    let by: Vec<(&str, &str)> = calls
        .iter()
        .map(|c| {
            (
                c["StepName"].as_str().unwrap_or(""),
                c["AnsweredBy"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        by,
        [
            ("describe", "synthesized"),
            ("available", "synthesized"),
            ("instances", "simulated")
        ]
    );
    assert_eq!(
        v["AutomationExecution"]["AutomationExecutionStatus"],
        "Success"
    );
    // The written mocks answer the same run with no synthesized call left.
    let again = sb
        .cmd([
            "run", "doc.yaml", "--output", "json", "--mocks", "m.json", "--strict",
        ])
        .status(0)
        .run();
    let answered: Vec<String> = again.json()["ApiCalls"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| c["AnsweredBy"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(answered, ["mocked", "mocked", "mocked"]);
}

#[test]
fn issue_9_a_request_of_the_wrong_type_fails_like_boto3() {
    let doc = "schemaVersion: '0.3'
parameters:
  Id:
    type: String
    default: i-1234567890abcdef0
mainSteps:
  - name: stop
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: StopInstances
      InstanceIds: '{{ Id }}'
";
    Sandbox::new()
        .file("doc.yaml", doc)
        .cmd(["run", "doc.yaml"])
        .status(1)
        .stdout_has("Invalid type for parameter InstanceIds, value: i-1234567890abcdef0, type: <class 'str'>, valid types: <class 'list'>, <class 'tuple'>")
        .stdout_has("ec2.StopInstances (rejected)")
        .run();
}

#[test]
fn issue_9_version_names_the_botocore_release() {
    Sandbox::new()
        .cmd(["--version"])
        .status(0)
        .stdout_has("AWS service models from botocore 1.43.11")
        .run();
}

/// An action that waits for something to end (here a state machine execution) sees it end
/// the way the author intends when nobody simulates the service, instead of polling a
/// synthesized `RUNNING` until the poll budget runs out.
#[test]
fn issue_9_an_action_waiting_on_a_synthesized_answer_sees_it_end() {
    let doc = "schemaVersion: '0.3'
mainSteps:
  - name: machine
    action: aws:executeStateMachine
    inputs:
      stateMachineArn: arn:aws:states:us-east-1:123456789012:stateMachine:flow
      input: '{}'
";
    let sb = Sandbox::new().file("doc.yaml", doc);
    sb.cmd(["run", "doc.yaml", "--output", "json"])
        .status(0)
        .stdout_has("\"status\": [\n")
        .stdout_has("\"SUCCEEDED\"")
        .stdout_lacks("poll budget")
        .run();
    sb.cmd(["run", "doc.yaml", "--strict"])
        .status(1)
        .stdout_has("(NotSimulated)")
        .run();
}
