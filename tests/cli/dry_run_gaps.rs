//! What a dry-run does where the service's real answer is out of its reach: outputs a
//! selector does not find, and Parameter Store parameters the simulated account lacks.

use crate::harness::Sandbox;

/// `ssmrun run doc.yaml --output json`, which succeeds.
fn run_json(doc: &str) -> serde_json::Value {
    Sandbox::new()
        .file("doc.yaml", doc)
        .cmd(["run", "doc.yaml", "--output", "json"])
        .status(0)
        .run()
        .json()
}

/// DescribeInstances leaves out `Platform` for a Linux instance (the default world's
/// `i-1234567890abcdef0`); the next step passes it on, as AWSSupport-RestoreEC2InstanceFromSnapshot does.
const LINUX_PLATFORM: &str = "schemaVersion: '0.3'
mainSteps:
  - name: describe
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: DescribeInstances
      InstanceIds: [i-1234567890abcdef0]
    outputs:
      - Name: Platform
        Selector: $.Reservations[0].Instances[0].Platform
        Type: String
      - Name: InstanceType
        Selector: $.Reservations[0].Instances[0].InstanceType
        Type: String
  - name: remember
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: PutParameter
      Name: /ssmrun/test/platform
      Type: String
      Value: 'platform={{describe.Platform}} type={{ describe.InstanceType }}'
";

#[test]
fn an_output_that_finds_nothing_is_not_set_and_its_reference_stays_as_written() {
    Sandbox::new()
        .file("doc.yaml", LINUX_PLATFORM)
        .cmd(["run", "doc.yaml"])
        .status(0)
        .stdout_is(
            "describe                     aws:executeAwsApi                Success          0ms
    InstanceType = t3.micro
    note: output `Platform`: selector `$.Reservations[0].Instances[0].Platform` found nothing; the output is not set
remember                     aws:executeAwsApi                Success          0ms
    note: `{{describe.Platform}}` is left as written: step `describe` did not set output `Platform`

Execution 00000000-0000-4000-8000-000000000001 (doc): Success in 0ms simulated
",
        )
        .run();
    let json = run_json(LINUX_PLATFORM);
    let steps = &json["AutomationExecution"]["StepExecutions"];
    assert!(steps[0]["Outputs"].get("Platform").is_none(), "{steps}");
    assert_eq!(
        steps[1]["Inputs"]["Value"],
        "\"platform={{describe.Platform}} type=t3.micro\""
    );
}

const KMS_DEFAULT: &str = "schemaVersion: '0.3'
parameters:
  KmsKeyArn:
    type: String
    default: '{{ssm:/Solutions/CMK_ARN}}'
    allowedPattern: '^arn:aws:kms:[a-z0-9-]+:\\d{12}:key/[0-9a-f-]{36}$'
  SourceAmi:
    type: String
    default: '{{ ssm:/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base }}'
mainSteps:
  - name: describe
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: DescribeImages
      ImageIds: ['{{ SourceAmi }}']
    outputs:
      - Name: Platform
        Selector: $.Images[0].Platform
        Type: String
outputs:
  - describe.Platform
";

#[test]
fn a_parameter_store_default_the_world_lacks_gets_a_fitting_made_up_value() {
    Sandbox::new()
        .file("doc.yaml", KMS_DEFAULT)
        .cmd(["run", "doc.yaml"])
        .status(0)
        .stdout_is(
            "(start)
    ssm.GetParameter (synthesized): `/Solutions/CMK_ARN` = `arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000`
describe                     aws:executeAwsApi                Success          0ms
    Platform = windows

Execution 00000000-0000-4000-8000-000000000001 (doc): Success in 0ms simulated
Outputs:
  describe.Platform = windows
Synthesized answers (1): no simulation or mock answered these calls
  ssm.GetParameter at start (`/Solutions/CMK_ARN` = `arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000`)
",
        )
        .run();
    let json = run_json(KMS_DEFAULT);
    let made_up = &json["ApiCalls"][0];
    assert_eq!(made_up["AnsweredBy"], "synthesized");
    assert_eq!(made_up["Request"]["Name"], "/Solutions/CMK_ARN");
    // The public alias is the world's own answer, not a made-up one.
    assert_eq!(json["ApiCalls"][1]["AnsweredBy"], "simulated");
}

#[test]
fn strict_keeps_refusing_a_parameter_store_default_the_world_lacks() {
    Sandbox::new()
        .file("doc.yaml", KMS_DEFAULT)
        .cmd(["run", "doc.yaml", "--strict"])
        .status(2)
        .stderr_has("reads Parameter Store parameter `/Solutions/CMK_ARN`, which does not exist")
        .run();
}
