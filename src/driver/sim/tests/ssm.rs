use serde_json::json;

use super::*;
use crate::driver::sim::ssm_parameters::SECURE_PLACEHOLDER;

#[test]
fn parameters_get_put_versions() {
    let mut w = world();
    let p = ok(
        &mut w,
        "ssm",
        "GetParameter",
        json!({"Name": "/ssmrun/example/ami-id"}),
    );
    assert_eq!(
        p,
        json!({"Parameter": {
            "Name": "/ssmrun/example/ami-id", "Type": "String", "Value": AMI, "Version": 1,
            "LastModifiedDate": "2026-01-01T00:00:00.000Z",
            "ARN": "arn:aws:ssm:us-east-1:123456789012:parameter/ssmrun/example/ami-id",
            "DataType": "text",
        }})
    );
    let e = err(
        &mut w,
        "ssm",
        "PutParameter",
        json!({"Name": "/ssmrun/example/ami-id", "Value": "ami-1"}),
    );
    assert_eq!(e.code, "ParameterAlreadyExists");
    let v = ok(
        &mut w,
        "ssm",
        "PutParameter",
        json!({"Name": "/ssmrun/example/ami-id", "Value": "ami-0fedcba9876543210", "Overwrite": true}),
    );
    assert_eq!(v, json!({"Version": 2, "Tier": "Standard"}));
    let p = ok(
        &mut w,
        "ssm",
        "GetParameter",
        json!({"Name": "/ssmrun/example/ami-id:2"}),
    );
    assert_eq!(p["Parameter"]["Selector"], ":2");
    let e = err(
        &mut w,
        "ssm",
        "GetParameter",
        json!({"Name": "/ssmrun/example/ami-id:1"}),
    );
    assert_eq!(e.code, "ParameterVersionNotFound");
    let e = err(
        &mut w,
        "ssm",
        "PutParameter",
        json!({"Name": "new", "Value": "v"}),
    );
    assert_eq!(
        e.message,
        "A parameter type is required when you create a parameter."
    );
    let e = err(
        &mut w,
        "ssm",
        "PutParameter",
        json!({"Name": "/aws/x", "Value": "v", "Type": "String"}),
    );
    assert_eq!(e.code, "ValidationException");
    let many = ok(
        &mut w,
        "ssm",
        "GetParameters",
        json!({"Names": ["/ssmrun/example/db-password", "/missing"], "WithDecryption": false}),
    );
    assert_eq!(many["Parameters"][0]["Value"], SECURE_PLACEHOLDER);
    assert_eq!(many["InvalidParameters"], json!(["/missing"]));
    let secret = ok(
        &mut w,
        "ssm",
        "GetParameter",
        json!({"Name": "/ssmrun/example/db-password", "WithDecryption": true}),
    );
    assert_eq!(secret["Parameter"]["Value"], "example-password");
    ok(
        &mut w,
        "ssm",
        "DeleteParameter",
        json!({"Name": "/ssmrun/example/db-password"}),
    );
    let e = err(
        &mut w,
        "ssm",
        "GetParameter",
        json!({"Name": "/ssmrun/example/db-password"}),
    );
    assert_eq!(e.code, "ParameterNotFound");
}

#[test]
fn managed_instances_and_ping_status() {
    let mut w = world();
    let info = ok(&mut w, "ssm", "DescribeInstanceInformation", json!({}));
    let list = info["InstanceInformationList"].as_array().unwrap();
    let pings: Vec<(&str, &str)> = list
        .iter()
        .map(|i| {
            (
                i["InstanceId"].as_str().unwrap(),
                i["PingStatus"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        pings,
        vec![
            (WEB1, "Online"),
            (WEB2, "ConnectionLost"),
            (WIN1, "Online"),
            (BATCH, "Online"),
            (BATCH2, "Online"),
            (HYBRID, "Online"),
        ]
    );
    assert_eq!(list[2]["PlatformType"], "Windows");
    assert_eq!(list[0]["ResourceType"], "EC2Instance");
    assert_eq!(list[5]["ResourceType"], "ManagedInstance");
    assert_eq!(list[5]["SourceType"], "AWS::SSM::ManagedInstance");
    assert_eq!(list[5]["IamRole"], "SSMServiceRole");
    let hybrid = ok(
        &mut w,
        "ssm",
        "DescribeInstanceInformation",
        json!({"Filters": [{"Key": "ResourceType", "Values": ["ManagedInstance"]}, {"Key": "PingStatus", "Values": ["Online"]}]}),
    );
    assert_eq!(hybrid["InstanceInformationList"][0]["InstanceId"], HYBRID);
    assert_eq!(
        hybrid["InstanceInformationList"].as_array().map(Vec::len),
        Some(1)
    );
    let online = ok(
        &mut w,
        "ssm",
        "DescribeInstanceInformation",
        json!({"Filters": [{"Key": "PingStatus", "Values": ["Online"]}, {"Key": "PlatformTypes", "Values": ["Linux"]}]}),
    );
    assert_eq!(
        online["InstanceInformationList"].as_array().map(Vec::len),
        Some(4)
    );
    let e = err(
        &mut w,
        "ssm",
        "DescribeInstanceInformation",
        json!({"Filters": [{"Key": "Colour", "Values": ["x"]}]}),
    );
    assert_eq!(e.code, "InvalidFilterKey");
}

#[test]
fn run_command_succeeds_on_online_managed_instances() {
    let mut w = world();
    let sent = ok(
        &mut w,
        "ssm",
        "SendCommand",
        json!({"DocumentName": "AWS-RunShellScript", "InstanceIds": [WEB1], "Parameters": {"commands": ["uptime"]}}),
    );
    let command = &sent["Command"];
    assert_eq!(command["Status"], "Pending");
    assert_eq!(command["InstanceIds"], json!([WEB1]));
    let id = command["CommandId"].as_str().unwrap().to_string();
    let inv = ok(
        &mut w,
        "ssm",
        "GetCommandInvocation",
        json!({"CommandId": id, "InstanceId": WEB1}),
    );
    assert_eq!(inv["Status"], "InProgress");
    assert_eq!(inv["ResponseCode"], -1);
    w.advance(5_000);
    let inv = ok(
        &mut w,
        "ssm",
        "GetCommandInvocation",
        json!({"CommandId": id, "InstanceId": WEB1}),
    );
    assert_eq!(inv["Status"], "Success");
    assert_eq!(inv["ResponseCode"], 0);
    assert_eq!(inv["StandardOutputContent"], "");
    assert_eq!(inv["PluginName"], "aws:runShellScript");
    assert_eq!(inv["ExecutionElapsedTime"], "PT5.000S");
    let list = ok(
        &mut w,
        "ssm",
        "ListCommandInvocations",
        json!({"CommandId": id, "Details": true}),
    );
    assert_eq!(
        list["CommandInvocations"][0]["CommandPlugins"][0]["Status"],
        "Success"
    );
    assert_eq!(list["CommandInvocations"][0]["InstanceName"], "web-1");
    let commands = ok(&mut w, "ssm", "ListCommands", json!({"CommandId": id}));
    assert_eq!(commands["Commands"][0]["Status"], "Success");
    assert_eq!(commands["Commands"][0]["CompletedCount"], 1);
    let e = err(
        &mut w,
        "ssm",
        "GetCommandInvocation",
        json!({"CommandId": id, "InstanceId": WIN1}),
    );
    assert_eq!(e.code, "InvocationDoesNotExist");
    let e = err(
        &mut w,
        "ssm",
        "GetCommandInvocation",
        json!({"CommandId": "abc", "InstanceId": WEB1}),
    );
    assert_eq!(e.code, "InvalidCommandId");
}

#[test]
fn run_command_rejects_stopped_unmanaged_and_unknown_instances() {
    // The default world's instances are all managed; an instance without a profile is not.
    let mut file = crate::driver::sim::default_world::default_world_json();
    let unmanaged = "i-0c0c0c0c0c0c0c0c0";
    file["instances"]
        .as_array_mut()
        .unwrap()
        .push(json!({"InstanceId": unmanaged, "Tags": {"Name": "plain-1"}}));
    let mut w = SimWorld::from_world_json(&file).unwrap();
    for target in [WEB2, unmanaged, "i-0000000000000000a"] {
        let e = err(
            &mut w,
            "ssm",
            "SendCommand",
            json!({"DocumentName": "AWS-RunShellScript", "InstanceIds": [target]}),
        );
        assert_eq!(
            e,
            ApiError::new(
                "InvalidInstanceId",
                format!("Instances [[{target}]] not in a valid state for account 123456789012")
            )
        );
    }
    let by_tag = ok(
        &mut w,
        "ssm",
        "SendCommand",
        json!({"DocumentName": "AWS-RunPowerShellScript", "Targets": [{"Key": "tag:Name", "Values": ["win-1", "web-2"]}]}),
    );
    assert_eq!(by_tag["Command"]["InstanceIds"], json!([WIN1]));
}

#[test]
fn run_command_with_an_empty_instance_list_names_no_valid_instance() {
    let mut w = world();
    let e = err(
        &mut w,
        "ssm",
        "SendCommand",
        json!({"DocumentName": "AWS-RunShellScript", "InstanceIds": []}),
    );
    assert_eq!(e.code, "InvalidInstanceId");
    let with_targets = ok(
        &mut w,
        "ssm",
        "SendCommand",
        json!({"DocumentName": "AWS-RunPowerShellScript", "InstanceIds": [], "Targets": [{"Key": "tag:Name", "Values": ["win-1"]}]}),
    );
    assert_eq!(with_targets["Command"]["InstanceIds"], json!([WIN1]));
}

/// AWS's public "latest AMI" parameters exist in every account: a world that stores none
/// answers them with its newest image of the alias's platform and architecture.
#[test]
fn public_ami_aliases_name_the_worlds_images() {
    let mut w = SimWorld::from_world_json(&json!({
        "time": "2026-01-01T00:00:00Z",
        "images": [
            {"ImageId": "ami-00000000000000001", "Name": "old", "CreationDate": "2025-01-01T00:00:00Z"},
            {"ImageId": "ami-00000000000000002", "Name": "new", "CreationDate": "2025-06-01T00:00:00Z"},
            {"ImageId": "ami-00000000000000003", "Name": "graviton", "Architecture": "arm64"},
            {"ImageId": "ami-00000000000000004", "Name": "win", "Platform": "windows"},
        ],
    }))
    .expect("world");
    let get = |w: &mut SimWorld, name: &str| {
        ok(w, "ssm", "GetParameter", json!({"Name": name}))["Parameter"].clone()
    };
    let linux = get(
        &mut w,
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    );
    assert_eq!(linux["Value"], "ami-00000000000000002");
    assert_eq!(
        linux["ARN"],
        "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    );
    let arm = get(
        &mut w,
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
    );
    assert_eq!(arm["Value"], "ami-00000000000000003");
    let windows = get(
        &mut w,
        "/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-Base",
    );
    assert_eq!(windows["Value"], "ami-00000000000000004");
    let many = ok(
        &mut w,
        "ssm",
        "GetParameters",
        json!({"Names": ["/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base", "/aws/service/other/thing"]}),
    );
    assert_eq!(many["Parameters"][0]["Value"], "ami-00000000000000004");
    assert_eq!(
        many["InvalidParameters"],
        json!(["/aws/service/other/thing"])
    );
    // Only the aliases: another public name, or the family itself, is not a parameter.
    for name in [
        "/aws/service/ami-amazon-linux-latest/",
        "/aws/service/global-infrastructure/regions",
    ] {
        let e = err(&mut w, "ssm", "GetParameter", json!({"Name": name}));
        assert_eq!(e.code, "ParameterNotFound", "{name}");
    }
}

#[test]
fn run_command_reaches_an_online_hybrid_node() {
    let mut w = world();
    let sent = ok(
        &mut w,
        "ssm",
        "SendCommand",
        json!({"DocumentName": "AWS-RunShellScript", "InstanceIds": [HYBRID], "Parameters": {"commands": ["uptime"]}}),
    );
    let id = sent["Command"]["CommandId"].as_str().unwrap().to_string();
    w.advance(5_000);
    let inv = ok(
        &mut w,
        "ssm",
        "GetCommandInvocation",
        json!({"CommandId": id, "InstanceId": HYBRID}),
    );
    assert_eq!(inv["Status"], "Success");
    assert_eq!(inv["PluginName"], "aws:runShellScript");
    let by_id = ok(
        &mut w,
        "ssm",
        "SendCommand",
        json!({"DocumentName": "AWS-RunShellScript", "Targets": [{"Key": "InstanceIds", "Values": [HYBRID, WEB2]}]}),
    );
    assert_eq!(by_id["Command"]["InstanceIds"], json!([HYBRID]));
    // EC2 knows nothing of a hybrid node.
    let e = err(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [HYBRID]}),
    );
    assert_eq!(e.code, "InvalidInstanceID.Malformed");
}
