use serde_json::json;

use super::*;

#[test]
fn key_pairs_are_created_imported_described_and_deleted() {
    let mut w = world();
    let keys = ok(&mut w, "ec2", "DescribeKeyPairs", json!({}));
    assert_eq!(keys["KeyPairs"][0]["KeyName"], "ssmrun-example");
    let made = ok(&mut w, "ec2", "CreateKeyPair", json!({"KeyName": "deploy"}));
    assert!(
        made["KeyMaterial"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
    let e = err(&mut w, "ec2", "CreateKeyPair", json!({"KeyName": "deploy"}));
    assert_eq!(e.code, "InvalidKeyPair.Duplicate");
    let imported = ok(
        &mut w,
        "ec2",
        "ImportKeyPair",
        json!({"KeyName": "laptop", "PublicKeyMaterial": "ssh-ed25519 AAAAC3Nz me@laptop"}),
    );
    assert!(imported["KeyPairId"].as_str().unwrap().starts_with("key-"));
    let e = err(
        &mut w,
        "ec2",
        "ImportKeyPair",
        json!({"KeyName": "bad", "PublicKeyMaterial": "not a key"}),
    );
    assert_eq!(e.code, "InvalidKey.Format");
    let found = ok(
        &mut w,
        "ec2",
        "DescribeKeyPairs",
        json!({"KeyNames": ["laptop"], "IncludePublicKey": true}),
    );
    assert_eq!(found["KeyPairs"][0]["KeyType"], "ed25519");
    assert_eq!(
        found["KeyPairs"][0]["PublicKey"],
        "ssh-ed25519 AAAAC3Nz me@laptop"
    );
    let e = err(
        &mut w,
        "ec2",
        "DescribeKeyPairs",
        json!({"KeyNames": ["nope"]}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "InvalidKeyPair.NotFound",
            "The key pair 'nope' does not exist"
        )
    );
    let filtered = ok(
        &mut w,
        "ec2",
        "DescribeKeyPairs",
        json!({"Filters": [{"Name": "key-name", "Values": ["d*"]}]}),
    );
    assert_eq!(filtered["KeyPairs"].as_array().map(Vec::len), Some(1));
    let written = w.to_world_json();
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
    assert_eq!(
        ok(&mut w, "ec2", "DeleteKeyPair", json!({"KeyName": "deploy"}))["Return"],
        true
    );
    assert_eq!(
        ok(&mut w, "ec2", "DeleteKeyPair", json!({"KeyName": "deploy"})),
        json!({"Return": true})
    );
    let e = err(
        &mut w,
        "ec2",
        "DeleteKeyPair",
        json!({"KeyPairId": "key-0aaaabbbbccccdddd"}),
    );
    assert_eq!(e.code, "InvalidKeyPair.NotFound");
}

#[test]
fn launch_templates_have_versions_and_launch_instances() {
    let mut w = world();
    let made = ok(
        &mut w,
        "ec2",
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web",
        "LaunchTemplateData": {"ImageId": AMI, "InstanceType": "t3.small", "KeyName": "ssmrun-example"}}),
    );
    let id = made["LaunchTemplate"]["LaunchTemplateId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(made["LaunchTemplate"]["LatestVersionNumber"], 1);
    let e = err(
        &mut w,
        "ec2",
        "CreateLaunchTemplate",
        json!({"LaunchTemplateName": "web", "LaunchTemplateData": {}}),
    );
    assert_eq!(e.code, "InvalidLaunchTemplateName.AlreadyExistsException");
    let v2 = ok(
        &mut w,
        "ec2",
        "CreateLaunchTemplateVersion",
        json!({"LaunchTemplateName": "web", "SourceVersion": "1",
        "VersionDescription": "bigger", "LaunchTemplateData": {"InstanceType": "m5.large"}}),
    );
    let data = &v2["LaunchTemplateVersion"]["LaunchTemplateData"];
    assert_eq!(
        (data["ImageId"].clone(), data["InstanceType"].clone()),
        (json!(AMI), json!("m5.large"))
    );
    assert_eq!(v2["LaunchTemplateVersion"]["DefaultVersion"], false);
    let versions = ok(
        &mut w,
        "ec2",
        "DescribeLaunchTemplateVersions",
        json!({"LaunchTemplateId": id}),
    );
    let numbers: Vec<_> = versions["LaunchTemplateVersions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["VersionNumber"].clone())
        .collect();
    assert_eq!(numbers, vec![json!(2), json!(1)]);
    let latest = ok(
        &mut w,
        "ec2",
        "DescribeLaunchTemplateVersions",
        json!({"LaunchTemplateName": "web", "Versions": ["$Latest"]}),
    );
    assert_eq!(
        latest["LaunchTemplateVersions"][0]["VersionDescription"],
        "bigger"
    );
    let e = err(
        &mut w,
        "ec2",
        "DescribeLaunchTemplateVersions",
        json!({"LaunchTemplateName": "web", "Versions": ["7"]}),
    );
    assert_eq!(e.code, "InvalidLaunchTemplateId.VersionNotFound");
    let e = err(
        &mut w,
        "ec2",
        "DescribeLaunchTemplates",
        json!({"LaunchTemplateNames": ["nope"]}),
    );
    assert_eq!(e.code, "InvalidLaunchTemplateName.NotFoundException");
    let run = ok(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"MinCount": 1, "MaxCount": 1,
        "LaunchTemplate": {"LaunchTemplateName": "web", "Version": "$Latest"}}),
    );
    assert_eq!(run["Instances"][0]["InstanceType"], "m5.large");
    let run = ok(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"MinCount": 1, "MaxCount": 1, "InstanceType": "t3.nano",
        "LaunchTemplate": {"LaunchTemplateId": id}}),
    );
    assert_eq!(run["Instances"][0]["InstanceType"], "t3.nano");
    assert_eq!(run["Instances"][0]["KeyName"], "ssmrun-example");
    let written = w.to_world_json();
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
    ok(
        &mut w,
        "ec2",
        "DeleteLaunchTemplate",
        json!({"LaunchTemplateId": id}),
    );
    let e = err(
        &mut w,
        "ec2",
        "DescribeLaunchTemplates",
        json!({"LaunchTemplateIds": [id]}),
    );
    assert_eq!(e.code, "InvalidLaunchTemplateId.NotFound");
}
