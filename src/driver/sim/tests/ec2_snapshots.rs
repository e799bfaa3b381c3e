use serde_json::json;

use super::ec2_volumes::root_volume;
use super::*;

fn snapshot(w: &mut SimWorld, id: &str) -> serde_json::Value {
    ok(w, "ec2", "DescribeSnapshots", json!({"SnapshotIds": [id]}))["Snapshots"][0].clone()
}

#[test]
fn snapshots_complete_on_the_clock_and_make_volumes() {
    let mut w = world();
    let root = root_volume(&mut w, WEB1);
    let s = ok(
        &mut w,
        "ec2",
        "CreateSnapshot",
        json!({"VolumeId": root, "Description": "before patching",
               "TagSpecifications": [{"ResourceType": "snapshot", "Tags": [{"Key": "Purpose", "Value": "backup"}]}]}),
    );
    let id = s["SnapshotId"].as_str().unwrap().to_string();
    assert_eq!(
        (
            s["State"].clone(),
            s["Progress"].clone(),
            s["VolumeSize"].clone()
        ),
        (json!("pending"), json!("0%"), json!(8))
    );
    let e = err(
        &mut w,
        "ec2",
        "CreateVolume",
        json!({"AvailabilityZone": "us-east-1a", "SnapshotId": id}),
    );
    assert_eq!(e.code, "IncorrectState");
    w.advance(30_000);
    assert_eq!(snapshot(&mut w, &id)["Progress"], "50%");
    w.advance(30_000);
    let done = snapshot(&mut w, &id);
    assert_eq!(
        (done["State"].clone(), done["Progress"].clone()),
        (json!("completed"), json!("100%"))
    );
    assert_eq!(done["Tags"], json!([{"Key": "Purpose", "Value": "backup"}]));
    let v = ok(
        &mut w,
        "ec2",
        "CreateVolume",
        json!({"AvailabilityZone": "us-east-1a", "SnapshotId": id}),
    );
    assert_eq!(
        (v["Size"].clone(), v["SnapshotId"].clone()),
        (json!(8), json!(id))
    );
    let copy = ok(
        &mut w,
        "ec2",
        "CopySnapshot",
        json!({"SourceSnapshotId": id, "SourceRegion": "us-east-1"}),
    );
    let copy_id = copy["SnapshotId"].as_str().unwrap().to_string();
    let copied = snapshot(&mut w, &copy_id);
    assert_eq!(
        (copied["VolumeId"].clone(), copied["State"].clone()),
        (json!("vol-ffffffff"), json!("pending"))
    );
    ok(&mut w, "ec2", "DeleteSnapshot", json!({"SnapshotId": id}));
    let e = err(
        &mut w,
        "ec2",
        "DescribeSnapshots",
        json!({"SnapshotIds": [id]}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "InvalidSnapshot.NotFound",
            format!("The snapshot '{id}' does not exist.")
        )
    );
}

#[test]
fn describe_snapshots_selects_by_owner_and_filter() {
    let mut w = world();
    let root = root_volume(&mut w, WEB1);
    let made = ok(&mut w, "ec2", "CreateSnapshot", json!({"VolumeId": root}))["SnapshotId"].clone();
    let ids = |w: &mut SimWorld, request: serde_json::Value| -> Vec<serde_json::Value> {
        ok(w, "ec2", "DescribeSnapshots", request)["Snapshots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["SnapshotId"].clone())
            .collect()
    };
    // The account's own image has a snapshot too; Amazon's image's is not listed.
    assert_eq!(ids(&mut w, json!({"OwnerIds": ["self"]})).len(), 2);
    assert_eq!(
        ids(
            &mut w,
            json!({"Filters": [{"Name": "volume-id", "Values": [root]}]})
        ),
        vec![made.clone()]
    );
    assert_eq!(
        ids(
            &mut w,
            json!({"Filters": [{"Name": "status", "Values": ["pending"]}]})
        ),
        vec![made]
    );
    assert_eq!(ids(&mut w, json!({"OwnerIds": ["111122223333"]})).len(), 0);
    let e = err(
        &mut w,
        "ec2",
        "DescribeSnapshots",
        json!({"SnapshotIds": ["snapshot-1"]}),
    );
    assert_eq!(e.code, "InvalidSnapshotID.Malformed");
}

#[test]
fn create_snapshots_covers_every_attached_volume() {
    let mut w = world();
    let data = ok(&mut w, "ec2", "CreateVolume", json!({"AvailabilityZone": "us-east-1a", "Size": 50, "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "logs"}]}]}))["VolumeId"].clone();
    w.advance(10_000);
    ok(
        &mut w,
        "ec2",
        "AttachVolume",
        json!({"VolumeId": data, "InstanceId": WEB1, "Device": "/dev/sdf"}),
    );
    let made = ok(
        &mut w,
        "ec2",
        "CreateSnapshots",
        json!({"InstanceSpecification": {"InstanceId": WEB1}, "CopyTagsFromSource": "volume"}),
    );
    let sizes: Vec<_> = made["Snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["VolumeSize"].clone())
        .collect();
    assert_eq!(sizes, vec![json!(8), json!(50)]);
    assert_eq!(made["Snapshots"][0].get("Tags"), None);
    assert_eq!(
        made["Snapshots"][1]["Tags"][0],
        json!({"Key": "Name", "Value": "logs"})
    );
    let only_data = ok(
        &mut w,
        "ec2",
        "CreateSnapshots",
        json!({"InstanceSpecification": {"InstanceId": WEB1, "ExcludeBootVolume": true}}),
    );
    assert_eq!(only_data["Snapshots"].as_array().map(Vec::len), Some(1));
    let written = w.to_world_json();
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
}
