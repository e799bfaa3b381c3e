//! A runbook's calls to the Automation operations of `ssm` are answered from the executions
//! ssmrun holds: the running one as of the call, and the store, in the shapes and with the
//! errors of the `ssm` commands.

use crate::harness::Sandbox;
use crate::script_support::{boto3_scripts, doc, payload, run_json};
use crate::ssm_input::PAUSE;
use serde_json::Value;

const SELF_READ: &str = "schemaVersion: '0.3'
parameters:
  Name:
    type: String
    default: hello
mainSteps:
  - name: first
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: DescribeInstances
    outputs:
      - Name: Id
        Selector: $.Reservations[0].Instances[0].InstanceId
        Type: String
  - name: me
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: GetAutomationExecution
      AutomationExecutionId: '{{ automation:EXECUTION_ID }}'
    outputs:
      - Name: Document
        Selector: $.AutomationExecution.DocumentName
        Type: String
      - Name: Status
        Selector: $.AutomationExecution.AutomationExecutionStatus
        Type: String
      - Name: Mine
        Selector: $.AutomationExecution.StepExecutions[1].StepStatus
        Type: String
      - Name: Earlier
        Selector: $.AutomationExecution.StepExecutions[0].Outputs.Id[0]
        Type: String
      - Name: Pending
        Selector: $.AutomationExecution.StepExecutions[2].StepStatus
        Type: String
      - Name: Name
        Selector: $.AutomationExecution.Parameters.Name[0]
        Type: String
      - Name: Started
        Selector: $.AutomationExecution.ExecutionStartTime
        Type: String
  - name: settled
    action: aws:assertAwsResourceProperty
    inputs:
      Service: ssm
      Api: DescribeAutomationStepExecutions
      AutomationExecutionId: '{{ automation:EXECUTION_ID }}'
      Filters:
        - Key: StepName
          Values: [me]
      PropertySelector: $.StepExecutions[0].StepStatus
      DesiredValues: [Success]
";

#[test]
fn a_step_reads_its_own_execution_as_of_the_call() {
    let sb = Sandbox::new().file("doc.yaml", SELF_READ);
    let r = sb.cmd(["run", "doc.yaml", "--output", "json"]).run();
    let all = r.json();
    assert_eq!(r.code(), 0, "{all:#}");
    let steps = &all["AutomationExecution"]["StepExecutions"];
    let first = steps[0]["Outputs"]["Id"][0].as_str().expect("instance id");
    let me = &steps[1]["Outputs"];
    let one = |name: &str| me[name][0].as_str().unwrap_or_default().to_string();
    assert_eq!(one("Document"), "doc");
    assert_eq!(one("Status"), "InProgress");
    assert_eq!(one("Mine"), "InProgress");
    assert_eq!(one("Earlier"), first);
    assert_eq!(one("Pending"), "Pending");
    assert_eq!(one("Name"), "hello");
    assert_eq!(one("Started"), "2026-01-01T00:00:00.000Z");
    assert_eq!(steps[2]["StepStatus"], "Success");
    sb.cmd(["run", "doc.yaml", "--trace"])
        .status(0)
        .stdout_has("    ssm.GetAutomationExecution (simulated)\n")
        .stdout_has("    ssm.DescribeAutomationStepExecutions (simulated)\n")
        .stdout_lacks("(synthesized)")
        .run();
}

const ABOUT_OTHERS: &str = "schemaVersion: '0.3'
parameters:
  Other:
    type: String
mainSteps:
  - name: listed
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: DescribeAutomationExecutions
      Filters:
        - Key: ExecutionStatus
          Values: [InProgress]
    outputs:
      - Name: Running
        Selector: $.AutomationExecutionMetadataList[0].CurrentStepName
        Type: String
  - name: resume
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: SendAutomationSignal
      AutomationExecutionId: '{{ Other }}'
      SignalType: Resume
  - name: other
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: GetAutomationExecution
      AutomationExecutionId: '{{ Other }}'
    outputs:
      - Name: Status
        Selector: $.AutomationExecution.AutomationExecutionStatus
        Type: String
  - name: unknown
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: GetAutomationExecution
      AutomationExecutionId: 00000000-0000-0000-0000-00000000dead
";

#[test]
fn a_step_reads_and_signals_stored_executions_and_an_unknown_id_is_not_found() {
    let sb = Sandbox::new()
        .file("doc.yaml", ABOUT_OTHERS)
        .file("paused.yaml", PAUSE);
    let started = sb
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "file://paused.yaml",
        ])
        .status(0)
        .run();
    let other = started.json()["AutomationExecutionId"]
        .as_str()
        .expect("id")
        .to_string();
    let r = sb
        .cmd([
            "run",
            "doc.yaml",
            "--parameters",
            &format!("Other={other}"),
            "--output",
            "json",
        ])
        .run();
    let all = r.json();
    assert_eq!(r.code(), 1, "{all:#}");
    let steps = &all["AutomationExecution"]["StepExecutions"];
    // The running execution, not the paused one, is the only one in progress.
    assert_eq!(steps[0]["Outputs"]["Running"][0], "listed");
    assert_eq!(steps[2]["Outputs"]["Status"][0], "Success");
    let failure = steps[3]["FailureMessage"].as_str().unwrap_or_default();
    assert_eq!(
        failure,
        "An error occurred (AutomationExecutionNotFoundException) when calling the GetAutomationExecution operation: Automation execution 00000000-0000-0000-0000-00000000dead is not found."
    );
    // The signal advanced the stored execution, as `send-automation-signal` does.
    sb.cmd([
        "ssm",
        "get-automation-execution",
        "--automation-execution-id",
        &other,
        "--query",
        "AutomationExecution.AutomationExecutionStatus",
    ])
    .status(0)
    .stdout_has("\"Success\"")
    .run();
}

#[test]
fn a_script_reads_its_own_execution_through_boto3() {
    let Some((rt, flags)) = boto3_scripts() else {
        return;
    };
    let script = r#"import boto3
def handler(events, context):
    ssm = boto3.client('ssm')
    me = ssm.get_automation_execution(AutomationExecutionId=events['id'])['AutomationExecution']
    try:
        ssm.get_automation_execution(AutomationExecutionId='00000000-0000-0000-0000-00000000dead')
        missing = 'found'
    except ssm.exceptions.AutomationExecutionNotFoundException as e:
        missing = e.response['Error']['Code']
    return {'document': me['DocumentName'], 'status': me['AutomationExecutionStatus'],
            'step': me['StepExecutions'][0]['StepStatus'],
            'year': me['ExecutionStartTime'].year, 'missing': missing}"#;
    let extra = "      InputPayload:\n        id: '{{ automation:EXECUTION_ID }}'\n";
    let sb = Sandbox::new().file("doc.yaml", &doc(&rt, script, extra));
    let (code, all) = run_json(&sb, &flags, &[]);
    let step = &all["AutomationExecution"]["StepExecutions"][0];
    assert_eq!(code, 0, "{step:#}");
    let seen: Value = payload(step);
    assert_eq!(seen["document"], "doc", "{seen}");
    assert_eq!(seen["status"], "InProgress", "{seen}");
    assert_eq!(seen["step"], "InProgress", "{seen}");
    assert_eq!(seen["year"], 2026, "{seen}");
    assert_eq!(
        seen["missing"], "AutomationExecutionNotFoundException",
        "{seen}"
    );
}

const STARTER: &str = "schemaVersion: '0.3'
mainSteps:
  - name: launch
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: StartAutomationExecution
      DocumentName: worker
      Parameters:
        Label: [from-parent]
    outputs:
      - Name: Id
        Selector: $.AutomationExecutionId
        Type: String
  - name: done
    action: aws:waitForAwsResourceProperty
    timeoutSeconds: 60
    inputs:
      Service: ssm
      Api: GetAutomationExecution
      AutomationExecutionId: '{{ launch.Id }}'
      PropertySelector: $.AutomationExecution.AutomationExecutionStatus
      DesiredValues: [Success]
  - name: missing
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: StartAutomationExecution
      DocumentName: no-such-document
";

const WORKER: &str = "schemaVersion: '0.3'
parameters:
  Label:
    type: String
mainSteps:
  - name: nap
    action: aws:sleep
    inputs:
      Duration: PT5S
";

#[test]
fn a_step_starts_a_real_execution_and_an_unknown_document_is_not_found() {
    let sb = Sandbox::new()
        .file("doc.yaml", STARTER)
        .file("worker.yaml", WORKER);
    let r = sb.cmd(["run", "doc.yaml", "--output", "json"]).run();
    let all = r.json();
    assert_eq!(r.code(), 1, "{all:#}");
    let steps = &all["AutomationExecution"]["StepExecutions"];
    let id = steps[0]["Outputs"]["Id"][0].as_str().expect("started id");
    assert_eq!(steps[1]["StepStatus"], "Success", "{all:#}");
    let failure = steps[2]["FailureMessage"].as_str().unwrap_or_default();
    assert!(
        failure.starts_with("An error occurred (AutomationDefinitionNotFoundException) when calling the StartAutomationExecution operation: "),
        "{failure}"
    );
    // The started execution is stored like one the `ssm` commands start.
    let got = sb
        .cmd([
            "ssm",
            "get-automation-execution",
            "--automation-execution-id",
            id,
        ])
        .status(0)
        .run()
        .json();
    let started = &got["AutomationExecution"];
    assert_eq!(started["DocumentName"], "worker");
    assert_eq!(started["AutomationExecutionStatus"], "Success");
    assert_eq!(started["Parameters"]["Label"][0], "from-parent");
}
