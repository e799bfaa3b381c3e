use serde_json::json;

use super::*;

fn image_state(w: &mut SimWorld, id: &str) -> String {
    let v = ok(w, "ec2", "DescribeImages", json!({"ImageIds": [id]}));
    v["Images"][0]["State"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn image_lifecycle_pending_available_deregistered() {
    let mut w = world();
    let created = ok(
        &mut w,
        "ec2",
        "CreateImage",
        json!({"InstanceId": WEB1, "Name": "web-1 backup", "NoReboot": true}),
    );
    let id = created["ImageId"].as_str().unwrap().to_string();
    assert!(id.starts_with("ami-0") && id.len() == 21, "{id}");
    assert_eq!(image_state(&mut w, &id), "pending");
    w.advance(60_000);
    assert_eq!(image_state(&mut w, &id), "available");
    let mine = ok(
        &mut w,
        "ec2",
        "DescribeImages",
        json!({"Owners": ["self"], "Filters": [{"Name": "name", "Values": ["web-1*"]}]}),
    );
    let image = &mine["Images"][0];
    assert_eq!(image["ImageId"], id.as_str());
    assert_eq!(image["SourceInstanceId"], WEB1);
    assert_eq!(image["OwnerId"], "123456789012");
    assert_eq!(image["CreationDate"], "2026-01-01T00:00:00.000Z");
    let run = ok(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"ImageId": id, "MinCount": 1, "MaxCount": 1}),
    );
    assert_eq!(run["Instances"][0]["ImageId"], id.as_str());
    assert_eq!(
        ok(&mut w, "ec2", "DeregisterImage", json!({"ImageId": id})),
        json!({"Return": true})
    );
    let e = err(&mut w, "ec2", "DescribeImages", json!({"ImageIds": [id]}));
    assert_eq!(
        e,
        ApiError::new(
            "InvalidAMIID.NotFound",
            format!("The image id '[{id}]' does not exist")
        )
    );
}

#[test]
fn create_image_errors_and_reboot() {
    let mut w = world();
    let e = err(
        &mut w,
        "ec2",
        "CreateImage",
        json!({"InstanceId": WEB1, "Name": "x"}),
    );
    assert_eq!(e.code, "InvalidAMIName.Malformed");
    ok(
        &mut w,
        "ec2",
        "CreateImage",
        json!({"InstanceId": WEB1, "Name": "nightly"}),
    );
    let e = err(
        &mut w,
        "ec2",
        "CreateImage",
        json!({"InstanceId": WEB2, "Name": "nightly"}),
    );
    assert_eq!(e.code, "InvalidAMIName.Duplicate");
    let s = ok(
        &mut w,
        "ec2",
        "DescribeInstanceStatus",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(
        s["InstanceStatuses"][0]["InstanceStatus"]["Status"], "initializing",
        "CreateImage reboots without NoReboot"
    );
    let e = err(
        &mut w,
        "ec2",
        "DescribeImages",
        json!({"ImageIds": ["image-1"]}),
    );
    assert_eq!(e.code, "InvalidAMIID.Malformed");
    let run = ok(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"ImageId": "ami-0fedcba9876543210", "MinCount": 1, "MaxCount": 1, "InstanceType": "t3.micro", "Placement": {"AvailabilityZone": "us-east-1b"}}),
    );
    assert_eq!(run["Instances"][0]["Platform"], "windows");
    assert_eq!(
        run["Instances"][0]["Placement"]["AvailabilityZone"],
        "us-east-1b"
    );
}

#[test]
fn copy_image_and_owner_aliases() {
    let mut w = world();
    let copy = ok(
        &mut w,
        "ec2",
        "CopyImage",
        json!({"SourceImageId": "ami-0fedcba9876543210", "SourceRegion": "us-east-1", "Name": "my-windows"}),
    );
    let id = copy["ImageId"].as_str().unwrap().to_string();
    let v = ok(&mut w, "ec2", "DescribeImages", json!({"ImageIds": [id]}));
    assert_eq!(v["Images"][0]["Platform"], "windows");
    assert_eq!(v["Images"][0]["SourceImageId"], "ami-0fedcba9876543210");
    assert_eq!(v["Images"][0]["State"], "pending");
    let amazon = ok(
        &mut w,
        "ec2",
        "DescribeImages",
        json!({"Owners": ["amazon"]}),
    );
    assert_eq!(amazon["Images"].as_array().map(Vec::len), Some(1));
    let e = err(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"ImageId": id, "MinCount": 1, "MaxCount": 1}),
    );
    assert_eq!(e.code, "InvalidAMIID.Unavailable");
}

#[test]
fn deregistered_images_leave_snapshots_to_delete() {
    let mut w = world();
    let described = ok(&mut w, "ec2", "DescribeImages", json!({"ImageIds": [AMI]}));
    let snapshot = described["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        .as_str()
        .unwrap()
        .to_string();
    let e = err(
        &mut w,
        "ec2",
        "DeleteSnapshot",
        json!({"SnapshotId": snapshot}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "InvalidSnapshot.InUse",
            format!("The snapshot {snapshot} is currently in use by {AMI}")
        )
    );
    ok(&mut w, "ec2", "DeregisterImage", json!({"ImageId": AMI}));
    let written = w.to_world_json();
    assert_eq!(written["snapshots"][0]["SnapshotId"], json!(snapshot));
    // Worlds saved before snapshots had fields list them by id, and still load.
    let mut old = written.clone();
    old["snapshots"] = json!([snapshot]);
    let loaded = SimWorld::from_world_json(&old).unwrap();
    assert_eq!(loaded.snapshots[0].id, snapshot);
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
    assert_eq!(
        ok(
            &mut w,
            "ec2",
            "DeleteSnapshot",
            json!({"SnapshotId": snapshot})
        ),
        json!({})
    );
    let e = err(
        &mut w,
        "ec2",
        "DeleteSnapshot",
        json!({"SnapshotId": snapshot}),
    );
    assert_eq!(e.code, "InvalidSnapshot.NotFound");
    let copy = ok(
        &mut w,
        "ec2",
        "CopyImage",
        json!({"SourceImageId": "ami-0fedcba9876543210", "SourceRegion": "us-east-1", "Name": "tmp"}),
    );
    let gone = ok(
        &mut w,
        "ec2",
        "DeregisterImage",
        json!({"ImageId": copy["ImageId"], "DeleteAssociatedSnapshots": true}),
    );
    assert_eq!(gone["DeleteSnapshotResults"][0]["ReturnCode"], "success");
    assert_eq!(w.to_world_json().get("snapshots"), None);
}
