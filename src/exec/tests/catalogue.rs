//! Every catalogue action runs at least once. `case` matches every kind, so an action added
//! to the catalogue does not compile here until it has a case, and the test runs each one
//! through the engine's single dispatch against a scripted cloud.

use super::{Children, ScriptedDriver, document, run_with};
use crate::actions::{ActionKind, all};
use crate::exec::{Options, Status};
use serde_json::json;

/// One run of one action: the step's `inputs:` (YAML at six spaces), extra top-level YAML,
/// what the cloud answers, the status the step ends with, and the first call it must make.
struct Case {
    inputs: &'static str,
    header: &'static str,
    cloud: ScriptedDriver,
    status: Status,
    first_call: Option<&'static str>,
}

fn case(kind: ActionKind) -> Case {
    let plain = |inputs, cloud, first_call| Case {
        inputs,
        header: "",
        cloud,
        status: Status::Success,
        first_call,
    };
    let cloud = ScriptedDriver::new;
    let running = json!({"Reservations": [{"Instances": [{"InstanceId": "i-1", "State": {"Name": "running"}}]}]});
    let status_ok = json!({"InstanceStatuses": [{"InstanceStatus": {"Status": "ok"}, "SystemStatus": {"Status": "ok"}}]});
    let image =
        json!({"Images": [{"ImageId": "ami-2", "State": "available", "BlockDeviceMappings": []}]});
    match kind {
        ActionKind::Approve => Case {
            status: Status::Waiting,
            ..plain("      Approvers: [admin]\n", cloud(), None)
        },
        ActionKind::Pause => Case {
            status: Status::Waiting,
            ..plain("      {}\n", cloud(), None)
        },
        ActionKind::AssertAwsResourceProperty => plain(
            "      Service: ec2\n      Api: DescribeVpcs\n      PropertySelector: $.Vpcs[0].State\n      DesiredValues: [available]\n",
            cloud().answer(
                "ec2.DescribeVpcs",
                json!({"Vpcs": [{"State": "available"}]}),
            ),
            Some("ec2.DescribeVpcs"),
        ),
        ActionKind::WaitForAwsResourceProperty => plain(
            "      Service: ec2\n      Api: DescribeVpcs\n      PropertySelector: $.Vpcs[0].State\n      DesiredValues: [available]\n",
            cloud()
                .answer("ec2.DescribeVpcs", json!({"Vpcs": [{"State": "pending"}]}))
                .answer(
                    "ec2.DescribeVpcs",
                    json!({"Vpcs": [{"State": "available"}]}),
                ),
            Some("ec2.DescribeVpcs"),
        ),
        ActionKind::ExecuteAwsApi => plain(
            "      Service: ec2\n      Api: DescribeVpcs\n",
            cloud().answer("ec2.DescribeVpcs", json!({"Vpcs": []})),
            Some("ec2.DescribeVpcs"),
        ),
        ActionKind::Branch => plain(
            "      Choices:\n        - NextStep: step\n          Variable: a\n          StringEquals: b\n",
            cloud(),
            None,
        ),
        ActionKind::Sleep => plain("      Duration: PT1S\n", cloud(), None),
        ActionKind::Loop => plain(
            "      Iterators: [1]\n      Steps:\n        - name: inner\n          action: aws:sleep\n          inputs:\n            Duration: PT1S\n",
            cloud(),
            None,
        ),
        ActionKind::UpdateVariable => Case {
            header: "variables:\n  v:\n    type: String\n    default: a\n",
            ..plain("      Name: variable:v\n      Value: b\n", cloud(), None)
        },
        ActionKind::ExecuteAutomation => plain("      DocumentName: Child\n", cloud(), None),
        ActionKind::ChangeInstanceState => plain(
            "      InstanceIds: [i-1]\n      DesiredState: running\n",
            cloud()
                .answer("ec2.StartInstances", json!({}))
                .answer("ec2.DescribeInstances", running.clone())
                .answer("ec2.DescribeInstanceStatus", status_ok.clone()),
            Some("ec2.StartInstances"),
        ),
        ActionKind::RunInstances => plain(
            "      ImageId: ami-1\n",
            cloud()
                .answer(
                    "ec2.RunInstances",
                    json!({"Instances": [{"InstanceId": "i-1"}]}),
                )
                .answer("ec2.DescribeInstances", running)
                .answer("ec2.DescribeInstanceStatus", status_ok),
            Some("ec2.RunInstances"),
        ),
        ActionKind::CreateImage => plain(
            "      InstanceId: i-1\n      ImageName: img\n",
            cloud()
                .answer("ec2.CreateImage", json!({"ImageId": "ami-2"}))
                .answer("ec2.DescribeImages", image.clone()),
            Some("ec2.CreateImage"),
        ),
        ActionKind::CopyImage => plain(
            "      SourceImageId: ami-1\n      SourceRegion: us-west-2\n      ImageName: copy\n",
            cloud()
                .answer("ec2.CopyImage", json!({"ImageId": "ami-2"}))
                .answer("ec2.DescribeImages", image.clone()),
            Some("ec2.CopyImage"),
        ),
        ActionKind::DeleteImage => plain(
            "      ImageId: ami-2\n",
            cloud()
                .answer("ec2.DescribeImages", image)
                .answer("ec2.DeregisterImage", json!({})),
            Some("ec2.DescribeImages"),
        ),
        ActionKind::CreateTags => plain(
            "      ResourceIds: [i-1]\n      Tags:\n        - Key: k\n          Value: v\n",
            cloud().answer("ec2.CreateTags", json!({})),
            Some("ec2.CreateTags"),
        ),
        ActionKind::RunCommand => plain(
            "      DocumentName: AWS-RunShellScript\n      InstanceIds: [i-1]\n      Parameters:\n        commands: [date]\n",
            cloud()
                .answer("ssm.SendCommand", json!({"Command": {"CommandId": "c-1"}}))
                .answer(
                    "ssm.ListCommandInvocations",
                    json!({"CommandInvocations": [{"InstanceId": "i-1", "Status": "Success"}]}),
                ),
            Some("ssm.SendCommand"),
        ),
        ActionKind::InvokeLambdaFunction => plain(
            "      FunctionName: f\n",
            cloud().answer("lambda.Invoke", json!({"StatusCode": 200, "Payload": "{}"})),
            Some("lambda.Invoke"),
        ),
        ActionKind::ExecuteStateMachine => plain(
            "      stateMachineArn: arn:aws:states:us-east-1:123456789012:stateMachine:m\n",
            cloud()
                .answer(
                    "stepfunctions.StartExecution",
                    json!({"executionArn": "arn:e"}),
                )
                .answer(
                    "stepfunctions.DescribeExecution",
                    json!({"status": "RUNNING"}),
                )
                .answer(
                    "stepfunctions.DescribeExecution",
                    json!({"status": "SUCCEEDED"}),
                ),
            Some("stepfunctions.StartExecution"),
        ),
        ActionKind::InvokeWebhook => plain(
            "      IntegrationName: hook\n",
            cloud().answer(
                "webhook.Invoke",
                json!({"Response": "ok", "ResponseCode": 200}),
            ),
            Some("webhook.Invoke"),
        ),
        // Scripts run only with `--allow-scripts`; without it the step fails, saying so.
        ActionKind::ExecuteScript => Case {
            status: Status::Failed,
            ..plain(
                "      Runtime: python3.11\n      Handler: main\n      Script: 'def main(e, c): return 1'\n",
                cloud(),
                None,
            )
        },
        ActionKind::CreateStack => plain(
            "      StackName: s\n      TemplateBody: '{}'\n",
            cloud()
                .answer("cloudformation.CreateStack", json!({"StackId": "id"}))
                .answer(
                    "cloudformation.DescribeStacks",
                    json!({"Stacks": [{"StackId": "id", "StackStatus": "CREATE_COMPLETE"}]}),
                ),
            Some("cloudformation.CreateStack"),
        ),
        ActionKind::DeleteStack => plain(
            "      StackName: s\n",
            cloud()
                .answer("cloudformation.DeleteStack", json!({}))
                .fail(
                    "cloudformation.DescribeStacks",
                    "ValidationError",
                    "Stack with id s does not exist",
                ),
            Some("cloudformation.DeleteStack"),
        ),
    }
}

#[test]
fn every_catalogue_action_runs() {
    let child = document(
        "schemaVersion: '0.3'\nmainSteps:\n  - name: c\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n",
    );
    let children = Children([("Child".to_string(), child)].into_iter().collect());
    for spec in all() {
        let c = case(spec.kind);
        let text = format!(
            "schemaVersion: '0.3'\n{}mainSteps:\n  - name: step\n    action: {}\n    inputs:\n{}",
            c.header, spec.name, c.inputs
        );
        let r = run_with(
            &text,
            c.cloud,
            Default::default(),
            &Options::default(),
            &children,
        );
        let record = r.record("step");
        assert_eq!(record.action, spec.name);
        assert_eq!(
            record.status, c.status,
            "{}: {:?}",
            spec.name, record.failure_message
        );
        if spec.kind == ActionKind::ExecuteAutomation {
            let statuses: Vec<Status> = r.children.iter().map(|c| c.status).collect();
            assert_eq!(statuses, [Status::Success], "the child ran");
        }
        assert_eq!(
            r.driver.operations().first().copied(),
            c.first_call,
            "{}: calls {:?}",
            spec.name,
            r.driver.operations()
        );
    }
}

#[test]
fn an_action_outside_the_catalogue_fails_its_step() {
    let text = "schemaVersion: '0.3'\nmainSteps:\n  - name: step\n    action: aws:teleport\n    inputs: {}\n";
    let r = super::run(text, ScriptedDriver::new());
    let record = r.record("step");
    assert_eq!(record.status, Status::Failed);
    assert_eq!(
        record.failure_message.as_deref(),
        Some("`aws:teleport` is not an Automation action")
    );
}
