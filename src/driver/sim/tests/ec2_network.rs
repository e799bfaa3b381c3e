use serde_json::json;

use super::*;

const DEFAULT_SG: &str = "sg-0123456789abcdef0";

#[test]
fn the_default_network_is_consistent_with_instances() {
    let mut w = world();
    let vpcs = ok(&mut w, "ec2", "DescribeVpcs", json!({}));
    assert_eq!(vpcs["Vpcs"][0]["IsDefault"], true);
    let vpc = vpcs["Vpcs"][0]["VpcId"].clone();
    let subnets = ok(
        &mut w,
        "ec2",
        "DescribeSubnets",
        json!({"Filters": [{"Name": "default-for-az", "Values": ["true"]}]}),
    );
    let zones: Vec<_> = subnets["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["AvailabilityZone"].clone())
        .collect();
    assert_eq!(
        zones,
        vec![
            json!("us-east-1a"),
            json!("us-east-1b"),
            json!("us-east-1c")
        ]
    );
    let instance = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [WEB1]}),
    )["Reservations"][0]["Instances"][0]
        .clone();
    assert_eq!(instance["VpcId"], vpc);
    assert_eq!(instance["SubnetId"], subnets["Subnets"][0]["SubnetId"]);
    assert_eq!(
        instance["SecurityGroups"],
        json!([{"GroupId": DEFAULT_SG, "GroupName": "default"}])
    );
    let enis = ok(
        &mut w,
        "ec2",
        "DescribeNetworkInterfaces",
        json!({"Filters": [{"Name": "attachment.instance-id", "Values": [WEB1]}]}),
    );
    let eni = &enis["NetworkInterfaces"][0];
    assert_eq!(
        eni["NetworkInterfaceId"],
        instance["NetworkInterfaces"][0]["NetworkInterfaceId"]
    );
    assert_eq!(eni["PrivateIpAddress"], instance["PrivateIpAddress"]);
    assert_eq!(eni["Groups"], instance["SecurityGroups"]);
    assert_eq!(eni["Attachment"]["InstanceId"], WEB1);
    let e = err(
        &mut w,
        "ec2",
        "DescribeSubnets",
        json!({"SubnetIds": ["subnet-0aaaabbbbccccdddd"]}),
    );
    assert_eq!(e.code, "InvalidSubnetID.NotFound");
    let e = err(
        &mut w,
        "ec2",
        "DescribeVpcs",
        json!({"VpcIds": ["vpc-0aaaabbbbccccdddd"]}),
    );
    assert_eq!(e.code, "InvalidVpcID.NotFound");
}

#[test]
fn security_groups_gain_and_lose_rules() {
    let mut w = world();
    let created = ok(
        &mut w,
        "ec2",
        "CreateSecurityGroup",
        json!({"GroupName": "web", "Description": "web tier"}),
    );
    let id = created["GroupId"].as_str().unwrap().to_string();
    let e = err(
        &mut w,
        "ec2",
        "CreateSecurityGroup",
        json!({"GroupName": "web", "Description": "again"}),
    );
    assert_eq!(e.code, "InvalidGroup.Duplicate");
    let https = json!({"GroupId": id, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "anyone"}, {"CidrIp": "10.0.0.0/8"}]}]});
    let added = ok(
        &mut w,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        https.clone(),
    );
    assert_eq!(
        added["SecurityGroupRules"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(added["SecurityGroupRules"][0]["CidrIpv4"], "0.0.0.0/0");
    let e = err(
        &mut w,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        https.clone(),
    );
    assert_eq!(e.code, "InvalidPermission.Duplicate");
    ok(
        &mut w,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        json!({"GroupName": "web", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.1.0.0/16"}),
    );
    let group = ok(
        &mut w,
        "ec2",
        "DescribeSecurityGroups",
        json!({"GroupIds": [id]}),
    )["SecurityGroups"][0]
        .clone();
    assert_eq!(
        group["IpPermissions"][0]["IpRanges"],
        json!([{"CidrIp": "0.0.0.0/0", "Description": "anyone"}, {"CidrIp": "10.0.0.0/8"}])
    );
    assert_eq!(group["IpPermissions"][1]["FromPort"], 22);
    assert_eq!(group["IpPermissionsEgress"][0]["IpProtocol"], "-1");
    let by_port = ok(
        &mut w,
        "ec2",
        "DescribeSecurityGroups",
        json!({"Filters": [{"Name": "ip-permission.from-port", "Values": ["22"]}]}),
    );
    assert_eq!(by_port["SecurityGroups"][0]["GroupId"], json!(id));
    // In the default VPC a rule that is not there comes back as unknown.
    let revoked = ok(
        &mut w,
        "ec2",
        "RevokeSecurityGroupIngress",
        json!({"GroupId": id, "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "192.168.0.0/16"}]}]}),
    );
    assert_eq!(
        revoked["RevokedSecurityGroupRules"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        revoked["UnknownIpPermissions"][0]["IpRanges"][0]["CidrIp"],
        "192.168.0.0/16"
    );
    let e = err(
        &mut w,
        "ec2",
        "AuthorizeSecurityGroupIngress",
        json!({"GroupId": id, "IpProtocol": "tcp", "CidrIp": "10.0.0.0/8"}),
    );
    assert_eq!(e.code, "InvalidParameterValue");
    let e = err(
        &mut w,
        "ec2",
        "AuthorizeSecurityGroupEgress",
        json!({"GroupId": "sg-0aaaabbbbccccdddd", "IpPermissions": []}),
    );
    assert_eq!(e.code, "InvalidGroup.NotFound");
    let e = err(
        &mut w,
        "ec2",
        "DeleteSecurityGroup",
        json!({"GroupId": DEFAULT_SG}),
    );
    assert_eq!(e.code, "CannotDelete");
    ok(
        &mut w,
        "ec2",
        "ModifyInstanceAttribute",
        json!({"InstanceId": WEB1, "Groups": [id]}),
    );
    let instance = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(
        instance["Reservations"][0]["Instances"][0]["SecurityGroups"],
        json!([{"GroupId": id, "GroupName": "web"}])
    );
    let e = err(&mut w, "ec2", "DeleteSecurityGroup", json!({"GroupId": id}));
    assert_eq!(e.code, "DependencyViolation");
    let e = err(
        &mut w,
        "ec2",
        "ModifyInstanceAttribute",
        json!({"InstanceId": WEB1, "Groups": ["sg-0aaaabbbbccccdddd"]}),
    );
    assert_eq!(e.code, "InvalidGroup.NotFound");
    let attribute = ok(
        &mut w,
        "ec2",
        "DescribeInstanceAttribute",
        json!({"InstanceId": WEB1, "Attribute": "groupSet"}),
    );
    assert_eq!(
        attribute["Groups"],
        json!([{"GroupId": id, "GroupName": "web"}])
    );
    for name in ["instance.group-id", "network-interface.group-id"] {
        let found = ok(
            &mut w,
            "ec2",
            "DescribeInstances",
            json!({"Filters": [{"Name": name, "Values": [id]}]}),
        );
        assert_eq!(
            found["Reservations"][0]["Instances"][0]["InstanceId"], WEB1,
            "{name}"
        );
        assert_eq!(
            found["Reservations"].as_array().map(Vec::len),
            Some(1),
            "{name}"
        );
    }
    let found = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"Filters": [{"Name": "instance.group-name", "Values": ["web"]}]}),
    );
    assert_eq!(found["Reservations"][0]["Instances"][0]["InstanceId"], WEB1);
    ok(
        &mut w,
        "ec2",
        "ModifyInstanceAttribute",
        json!({"InstanceId": WEB1, "Groups": [DEFAULT_SG]}),
    );
    // A filter EC2 documents but the world does not evaluate is not simulated, never invalid.
    let e = err(
        &mut w,
        "ec2",
        "DescribeSecurityGroups",
        json!({"Filters": [{"Name": "egress.ip-permission.to-port", "Values": ["1"]}]}),
    );
    assert_eq!(e.code, "NotSimulated");
    let e = err(
        &mut w,
        "ec2",
        "DescribeSecurityGroups",
        json!({"Filters": [{"Name": "colour", "Values": ["1"]}]}),
    );
    assert_eq!(e.code, "InvalidParameterValue");
    assert_eq!(
        ok(
            &mut w,
            "ec2",
            "DeleteSecurityGroup",
            json!({"GroupName": "web"})
        )["Return"],
        true
    );
    let written = w.to_world_json();
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
}

#[test]
fn run_instances_places_instances_by_subnet_and_groups() {
    let mut w = world();
    let launch = |w: &mut SimWorld, extra: serde_json::Value| {
        let mut request = json!({"ImageId": AMI, "MinCount": 1, "MaxCount": 1});
        if let (Some(r), Some(e)) = (request.as_object_mut(), extra.as_object()) {
            r.extend(e.clone());
        }
        w.call("ec2", "RunInstances", &request)
    };
    let run = launch(&mut w, json!({"SubnetId": "subnet-0fedcba9876543210"})).unwrap();
    let instance = &run["Instances"][0];
    assert_eq!(instance["Placement"]["AvailabilityZone"], "us-east-1b");
    assert_eq!(instance["SecurityGroups"][0]["GroupId"], DEFAULT_SG);
    let e = launch(&mut w, json!({"SubnetId": "subnet-0aaaabbbbccccdddd"})).unwrap_err();
    assert_eq!(e.code, "InvalidSubnetID.NotFound");
    let e = launch(
        &mut w,
        json!({"SecurityGroupIds": ["sg-0aaaabbbbccccdddd"]}),
    )
    .unwrap_err();
    assert_eq!(e.code, "InvalidGroup.NotFound");
    let e = launch(&mut w, json!({"SecurityGroups": ["nope"]})).unwrap_err();
    assert_eq!(e.code, "InvalidGroup.NotFound");
    let run = launch(
        &mut w,
        json!({"Placement": {"AvailabilityZone": "us-east-1c"}}),
    )
    .unwrap();
    assert_eq!(run["Instances"][0]["SubnetId"], "subnet-0a1b2c3d4e5f67890");
}

#[test]
fn a_world_file_declares_its_own_network() {
    let file = json!({
        "vpcs": [{"VpcId": "vpc-0aaaabbbbccccdddd", "CidrBlock": "10.0.0.0/16"}],
        "subnets": [{"SubnetId": "subnet-0aaaabbbbccccdddd", "VpcId": "vpc-0aaaabbbbccccdddd", "CidrBlock": "10.0.1.0/24"}],
        "securityGroups": [{"GroupId": "sg-0aaaabbbbccccdddd", "GroupName": "app", "VpcId": "vpc-0aaaabbbbccccdddd",
            "Rules": [{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"}]}],
        "instances": [{"InstanceId": "i-0aaaabbbbccccdddd", "SubnetId": "subnet-0aaaabbbbccccdddd", "VpcId": "vpc-0aaaabbbbccccdddd",
            "SecurityGroupIds": ["sg-0aaaabbbbccccdddd"]}],
    });
    let mut w = SimWorld::from_world_json(&file).unwrap();
    let subnets = ok(&mut w, "ec2", "DescribeSubnets", json!({}));
    assert_eq!(subnets["Subnets"][0]["AvailableIpAddressCount"], 250);
    // Revoking a missing rule outside the default VPC is an error.
    let e = err(
        &mut w,
        "ec2",
        "RevokeSecurityGroupIngress",
        json!({"GroupId": "sg-0aaaabbbbccccdddd", "IpProtocol": "tcp", "FromPort": 81, "ToPort": 81, "CidrIp": "0.0.0.0/0"}),
    );
    assert_eq!(e.code, "InvalidPermission.NotFound");
    let written = w.to_world_json();
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
    let bad = json!({"subnets": [{"SubnetId": "subnet-0aaaabbbbccccdddd", "VpcId": "vpc-0bbbbbbbbbbbbbbbb"}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(e.starts_with("`subnets[0].VpcId`"), "{e}");
    let bad = json!({"securityGroups": [{"GroupId": "sg-0aaaabbbbccccdddd", "GroupName": "x", "Rules": [{"IpProtocol": "tcp"}]}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(e.starts_with("`securityGroups[0].Rules[0]`"), "{e}");
    // The default world writes no network: it is the default one.
    assert_eq!(world().to_world_json().get("vpcs"), None);
}
