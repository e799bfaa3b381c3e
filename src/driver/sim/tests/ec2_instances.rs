use serde_json::json;

use super::*;
use crate::driver::sim::operations::OPERATIONS;
use crate::driver::sim::request::Request;

#[test]
fn filters_select_instances() {
    let mut w = world();
    let by = |w: &mut SimWorld, filters: serde_json::Value| -> Vec<String> {
        let v = ok(w, "ec2", "DescribeInstances", json!({"Filters": filters}));
        v["Reservations"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|r| r["Instances"].as_array().cloned().unwrap_or_default())
            .map(|i| i["InstanceId"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        by(&mut w, json!([{"Name": "tag:Name", "Values": ["web-*"]}])),
        vec![WEB1, WEB2]
    );
    assert_eq!(
        by(
            &mut w,
            json!([{"Name": "instance-state-name", "Values": ["stopped"]}])
        ),
        vec![WEB2]
    );
    assert_eq!(
        by(
            &mut w,
            json!([{"Name": "tag-key", "Values": ["Environment"]}, {"Name": "instance-type", "Values": ["t3.micro"]}])
        ),
        vec![WEB1]
    );
    assert_eq!(
        by(
            &mut w,
            json!([{"Name": "image-id", "Values": ["ami-0fedcba9876543210"]}])
        ),
        vec![WIN1]
    );
    assert_eq!(
        by(&mut w, json!([{"Name": "instance-id", "Values": [BATCH]}])),
        vec![BATCH]
    );
    let windows = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [WIN1]}),
    );
    let instance = &windows["Reservations"][0]["Instances"][0];
    assert_eq!(instance["Platform"], "windows");
    assert_eq!(instance["PlatformDetails"], "Windows");
    assert_eq!(
        instance["BlockDeviceMappings"][0]["DeviceName"],
        "/dev/sda1"
    );
    assert_eq!(
        instance["BlockDeviceMappings"][0]["Ebs"]["Status"],
        "attached"
    );
}

#[test]
fn error_codes_and_messages_follow_ec2() {
    let mut w = world();
    let e = err(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": ["i-0000000000000000a"]}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "InvalidInstanceID.NotFound",
            "The instance ID 'i-0000000000000000a' does not exist"
        )
    );
    let e = err(
        &mut w,
        "ec2",
        "StopInstances",
        json!({"InstanceIds": ["i-0000000000000000a", "i-0000000000000000b"]}),
    );
    assert_eq!(
        e.message,
        "The instance IDs 'i-0000000000000000a, i-0000000000000000b' do not exist"
    );
    let e = err(
        &mut w,
        "ec2",
        "StartInstances",
        json!({"InstanceIds": ["web-1"]}),
    );
    assert_eq!(e.code, "InvalidInstanceID.Malformed");
    ok(
        &mut w,
        "ec2",
        "StopInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    let e = err(
        &mut w,
        "ec2",
        "StartInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "IncorrectInstanceState",
            format!("The instance '{WEB1}' is not in a state from which it can be started.")
        )
    );
    let e = err(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"ImageId": "ami-00000000000000000", "MinCount": 1, "MaxCount": 1}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "InvalidAMIID.NotFound",
            "The image id '[ami-00000000000000000]' does not exist"
        )
    );
    let e = err(&mut w, "ec2", "RunInstances", json!({"ImageId": AMI}));
    assert_eq!(e.code, "ParamValidationError");
    assert!(
        e.message
            .contains("Missing required parameter in input: \"MaxCount\""),
        "{e}"
    );
    let e = err(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceId": [WEB1]}),
    );
    assert!(
        e.message
            .contains("Unknown parameter in input: \"InstanceId\""),
        "{e}"
    );
    let e = err(
        &mut w,
        "ec2",
        "StopInstances",
        json!({"InstanceIds": [WEB1], "DryRun": true}),
    );
    assert_eq!(e.code, "DryRunOperation");
    let e = err(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"ImageId": AMI, "MinCount": 1, "MaxCount": 1, "InstanceType": "huge"}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "InvalidParameterValue",
            "Invalid value 'huge' for InstanceType."
        )
    );
}

#[test]
fn run_and_terminate() {
    let mut w = world();
    let run = ok(
        &mut w,
        "ec2",
        "RunInstances",
        json!({
            "ImageId": AMI, "InstanceType": "t3.nano", "MinCount": 2, "MaxCount": 2,
            "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "new"}]}],
        }),
    );
    let ids: Vec<String> = run["Instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["InstanceId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(
        run["Instances"][0]["State"],
        json!({"Code": 0, "Name": "pending"})
    );
    assert_eq!(
        run["Instances"][0]["Tags"],
        json!([{"Key": "Name", "Value": "new"}])
    );
    let d = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": ids}),
    );
    assert_eq!(
        d["Reservations"].as_array().unwrap().len(),
        1,
        "one reservation per launch"
    );
    let e = err(
        &mut w,
        "ec2",
        "StopInstances",
        json!({"InstanceIds": [ids[0]]}),
    );
    assert_eq!(e.code, "IncorrectInstanceState");
    w.advance(15_000);
    let t = ok(
        &mut w,
        "ec2",
        "TerminateInstances",
        json!({"InstanceIds": [ids[0]]}),
    );
    assert_eq!(
        t["TerminatingInstances"][0]["CurrentState"],
        json!({"Code": 32, "Name": "shutting-down"})
    );
    w.advance(20_000);
    assert_eq!(state(&mut w, &ids[0]), "terminated");
    let volumes = ok(
        &mut w,
        "ec2",
        "DescribeVolumes",
        json!({"Filters": [{"Name": "attachment.instance-id", "Values": [ids[0]]}]}),
    );
    assert_eq!(volumes["Volumes"], json!([]));
    ok(
        &mut w,
        "ec2",
        "ModifyInstanceAttribute",
        json!({"InstanceId": ids[1], "DisableApiTermination": {"Value": true}}),
    );
    let e = err(
        &mut w,
        "ec2",
        "TerminateInstances",
        json!({"InstanceIds": [ids[1]]}),
    );
    assert_eq!(e.code, "OperationNotPermitted");
}

#[test]
fn tags_and_volumes() {
    let mut w = world();
    ok(
        &mut w,
        "ec2",
        "CreateTags",
        json!({"Resources": [WEB1, AMI], "Tags": [{"Key": "Owner", "Value": "ops"}]}),
    );
    let tags = ok(
        &mut w,
        "ec2",
        "DescribeTags",
        json!({"Filters": [{"Name": "key", "Values": ["Owner"]}]}),
    );
    assert_eq!(
        tags["Tags"],
        json!([
            {"Key": "Owner", "ResourceId": WEB1, "ResourceType": "instance", "Value": "ops"},
            {"Key": "Owner", "ResourceId": AMI, "ResourceType": "image", "Value": "ops"},
        ])
    );
    ok(
        &mut w,
        "ec2",
        "DeleteTags",
        json!({"Resources": [WEB1], "Tags": [{"Key": "Owner", "Value": "someone-else"}]}),
    );
    ok(
        &mut w,
        "ec2",
        "DeleteTags",
        json!({"Resources": [AMI], "Tags": [{"Key": "Owner"}]}),
    );
    let tags = ok(
        &mut w,
        "ec2",
        "DescribeTags",
        json!({"Filters": [{"Name": "key", "Values": ["Owner"]}]}),
    );
    assert_eq!(tags["Tags"].as_array().map(Vec::len), Some(1));
    let e = err(
        &mut w,
        "ec2",
        "CreateTags",
        json!({"Resources": ["i-0000000000000000a"], "Tags": [{"Key": "k", "Value": "v"}]}),
    );
    assert_eq!(e.code, "InvalidInstanceID.NotFound");
    let v = ok(
        &mut w,
        "ec2",
        "DescribeVolumes",
        json!({"Filters": [{"Name": "attachment.instance-id", "Values": [WEB1]}]}),
    );
    let volume = &v["Volumes"][0];
    assert_eq!(volume["State"], "in-use");
    assert_eq!(volume["Size"], 8);
    assert_eq!(volume["Attachments"][0]["Device"], "/dev/xvda");
    let e = err(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"Filters": [{"Name": "colour", "Values": ["x"]}]}),
    );
    assert_eq!(
        e,
        ApiError::new("InvalidParameterValue", "The filter 'colour' is invalid")
    );
}

#[test]
fn every_listed_operation_is_dispatched() {
    let mut w = world();
    for op in OPERATIONS {
        let params = json!({});
        if let Err(e) = w.dispatch(op, &Request::new(&params)) {
            assert_ne!(
                e.code, "NotSimulated",
                "{}.{} is listed but not dispatched",
                op.service, op.api
            );
        }
    }
}

#[test]
fn instances_have_their_network_interface() {
    let mut w = world();
    let v = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    let instance = &v["Reservations"][0]["Instances"][0];
    let eni = &instance["NetworkInterfaces"][0];
    assert_eq!(eni["SubnetId"], instance["SubnetId"]);
    assert_eq!(eni["PrivateIpAddress"], instance["PrivateIpAddress"]);
    assert_eq!(eni["Attachment"]["DeviceIndex"], 0);
    assert_eq!(eni["OwnerId"], "123456789012");
    assert!(
        eni["NetworkInterfaceId"]
            .as_str()
            .unwrap_or_default()
            .starts_with("eni-")
    );
    // A filter EC2 documents but the simulation does not evaluate says so.
    let e = err(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"Filters": [{"Name": "network-interface.mac-address", "Values": ["02:00"]}]}),
    );
    assert_eq!(e.code, "NotSimulated");
}
