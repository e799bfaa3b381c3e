//! Errors reach a script as botocore raises them for the real service: the modeled
//! exception class, the error code, and the HTTP status the service model declares.

use crate::harness::Sandbox;
use crate::script_support::{boto3_scripts, doc, payload, run_json};

#[test]
fn an_error_reaches_the_script_with_its_modeled_class_and_status() {
    let Some((rt, flags)) = boto3_scripts() else {
        return;
    };
    let script = r#"import boto3, botocore
def handler(events, context):
    out = {}
    iam = boto3.client('iam')
    try:
        iam.get_role(RoleName='missing')
    except iam.exceptions.NoSuchEntityException as e:
        out['iam'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
    ec2 = boto3.client('ec2')
    try:
        ec2.stop_instances(InstanceIds=['i-0123456789abcdef0'])
    except botocore.exceptions.ClientError as e:
        out['ec2'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
    return out"#;
    let mocks = "- Service: iam\n  Api: GetRole\n  Error:\n    Code: NoSuchEntity\n    Message: The role cannot be found.\n- Service: ec2\n  Api: StopInstances\n  Error:\n    Code: UnauthorizedOperation\n    Message: no\n";
    let sb = Sandbox::new()
        .file("doc.yaml", &doc(&rt, script, ""))
        .file("mocks.yaml", mocks);
    let mut args = flags.clone();
    args.extend(["--mocks", "mocks.yaml"]);
    let (code, all) = run_json(&sb, &args, &[]);
    let step = &all["AutomationExecution"]["StepExecutions"][0];
    assert_eq!(code, 0, "{step:#}");
    let seen = payload(step);
    // IAM declares 404 for `NoSuchEntity`; EC2 declares no status and answers 400.
    assert_eq!(
        seen["iam"],
        serde_json::json!(["NoSuchEntity", 404]),
        "{seen}"
    );
    assert_eq!(
        seen["ec2"],
        serde_json::json!(["UnauthorizedOperation", 400]),
        "{seen}"
    );
}
