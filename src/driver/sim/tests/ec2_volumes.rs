use serde_json::{Value, json};

use super::*;

fn create(w: &mut SimWorld, zone: &str) -> String {
    let v = ok(
        w,
        "ec2",
        "CreateVolume",
        json!({"AvailabilityZone": zone, "Size": 20, "VolumeType": "gp3",
               "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}]}),
    );
    assert_eq!(v["State"], "creating");
    assert_eq!(v["Iops"], 3000);
    v["VolumeId"].as_str().unwrap().to_string()
}

fn attach(w: &mut SimWorld, id: &str, instance: &str, device: &str) -> Result<Value, ApiError> {
    let request = json!({"VolumeId": id, "InstanceId": instance, "Device": device});
    w.call("ec2", "AttachVolume", &request)
}

fn volume(w: &mut SimWorld, id: &str) -> serde_json::Value {
    ok(w, "ec2", "DescribeVolumes", json!({"VolumeIds": [id]}))["Volumes"][0].clone()
}

#[test]
fn volumes_are_created_attached_detached_and_deleted_on_the_clock() {
    let mut w = world();
    let id = create(&mut w, "us-east-1a");
    let e = attach(&mut w, &id, WEB1, "/dev/sdf").unwrap_err();
    assert_eq!(e.code, "IncorrectState");
    w.advance(10_000);
    assert_eq!(volume(&mut w, &id)["State"], "available");
    let attached = attach(&mut w, &id, WEB1, "/dev/sdf").unwrap();
    assert_eq!(attached["State"], "attaching");
    let v = volume(&mut w, &id);
    assert_eq!(v["State"], "in-use");
    assert_eq!(v["Attachments"][0]["State"], "attaching");
    w.advance(5_000);
    assert_eq!(volume(&mut w, &id)["Attachments"][0]["State"], "attached");
    let instance = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    let mappings = &instance["Reservations"][0]["Instances"][0]["BlockDeviceMappings"];
    assert_eq!(mappings[1]["DeviceName"], "/dev/sdf");
    assert_eq!(mappings[1]["Ebs"]["VolumeId"], json!(id));
    let found = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"Filters": [{"Name": "block-device-mapping.volume-id", "Values": [id]}]}),
    );
    assert_eq!(found["Reservations"][0]["Instances"][0]["InstanceId"], WEB1);
    assert_eq!(found["Reservations"].as_array().map(Vec::len), Some(1));
    let e = err(&mut w, "ec2", "DeleteVolume", json!({"VolumeId": id}));
    assert_eq!(e.code, "VolumeInUse");
    let e = attach(&mut w, &id, BATCH, "/dev/sdg").unwrap_err();
    assert_eq!(e.code, "VolumeInUse");
    let e = err(
        &mut w,
        "ec2",
        "DetachVolume",
        json!({"VolumeId": id, "InstanceId": BATCH}),
    );
    assert_eq!(e.code, "InvalidAttachment.NotFound");
    let detached = ok(&mut w, "ec2", "DetachVolume", json!({"VolumeId": id}));
    assert_eq!(detached["State"], "detaching");
    w.advance(5_000);
    assert_eq!(volume(&mut w, &id)["State"], "available");
    ok(&mut w, "ec2", "DeleteVolume", json!({"VolumeId": id}));
    let e = err(&mut w, "ec2", "DescribeVolumes", json!({"VolumeIds": [id]}));
    assert_eq!(
        e,
        ApiError::new(
            "InvalidVolume.NotFound",
            format!("The volume '{id}' does not exist.")
        )
    );
}

#[test]
fn volume_requests_are_checked_as_ec2_checks_them() {
    let mut w = world();
    let cases = [
        (json!({"Size": 8}), "MissingParameter"),
        (
            json!({"AvailabilityZone": "us-east-1z", "Size": 8}),
            "InvalidParameterValue",
        ),
        (
            json!({"AvailabilityZone": "us-east-1a", "Size": 0}),
            "InvalidParameterValue",
        ),
        (
            json!({"AvailabilityZone": "us-east-1a", "Size": 8, "VolumeType": "gp9"}),
            "InvalidParameterValue",
        ),
        (
            json!({"AvailabilityZone": "us-east-1a", "Size": 8, "VolumeType": "io2"}),
            "MissingParameter",
        ),
        (
            json!({"AvailabilityZone": "us-east-1a", "SnapshotId": "snap-0123456789abcdef9"}),
            "InvalidSnapshot.NotFound",
        ),
    ];
    for (request, code) in cases {
        assert_eq!(
            err(&mut w, "ec2", "CreateVolume", request.clone()).code,
            code,
            "{request}"
        );
    }
    let id = create(&mut w, "us-east-1b");
    w.advance(10_000);
    let e = attach(&mut w, &id, WEB1, "/dev/sdf").unwrap_err();
    assert_eq!(e.code, "InvalidVolume.ZoneMismatch");
    let e = err(
        &mut w,
        "ec2",
        "DeleteVolume",
        json!({"VolumeId": "vol-nope"}),
    );
    assert_eq!(e.code, "InvalidVolumeID.Malformed");
    let root = root_volume(&mut w, WEB1);
    let e = err(&mut w, "ec2", "DeleteVolume", json!({"VolumeId": root}));
    assert_eq!(e.code, "VolumeInUse");
}

pub fn root_volume(w: &mut SimWorld, instance: &str) -> String {
    let v = ok(
        w,
        "ec2",
        "DescribeVolumes",
        json!({"Filters": [{"Name": "attachment.instance-id", "Values": [instance]}]}),
    );
    v["Volumes"][0]["VolumeId"].as_str().unwrap().to_string()
}

#[test]
fn filters_select_volumes() {
    let mut w = world();
    let id = create(&mut w, "us-east-1a");
    let ids = |w: &mut SimWorld, filters: serde_json::Value| -> Vec<String> {
        ok(w, "ec2", "DescribeVolumes", json!({"Filters": filters}))["Volumes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["VolumeId"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&mut w, json!([{"Name": "status", "Values": ["creating"]}])),
        vec![id.clone()]
    );
    assert_eq!(
        ids(&mut w, json!([{"Name": "tag:Name", "Values": ["d*"]}])),
        vec![id.clone()]
    );
    assert_eq!(
        ids(&mut w, json!([{"Name": "size", "Values": ["20"]}])),
        vec![id.clone()]
    );
    assert_eq!(
        ids(&mut w, json!([{"Name": "status", "Values": ["in-use"]}])).len(),
        5
    );
    let root = root_volume(&mut w, WIN1);
    assert_eq!(
        ids(&mut w, json!([{"Name": "volume-id", "Values": [root]}])),
        vec![root]
    );
}

#[test]
fn terminating_an_instance_frees_its_attached_volumes() {
    let mut w = world();
    let id = create(&mut w, "us-east-1a");
    w.advance(10_000);
    attach(&mut w, &id, BATCH, "/dev/sdf").unwrap();
    ok(
        &mut w,
        "ec2",
        "TerminateInstances",
        json!({"InstanceIds": [BATCH]}),
    );
    w.advance(30_000);
    let v = volume(&mut w, &id);
    assert_eq!(v["State"], "available");
    assert_eq!(v["Attachments"], json!([]));
}

#[test]
fn modifications_resize_and_report_progress() {
    let mut w = world();
    let root = root_volume(&mut w, WEB1);
    let e = err(
        &mut w,
        "ec2",
        "ModifyVolume",
        json!({"VolumeId": root, "Size": 4}),
    );
    assert_eq!(e.code, "InvalidParameterValue");
    let m = ok(
        &mut w,
        "ec2",
        "ModifyVolume",
        json!({"VolumeId": root, "Size": 16}),
    );
    let m = &m["VolumeModification"];
    assert_eq!(
        (
            m["ModificationState"].clone(),
            m["OriginalSize"].clone(),
            m["TargetSize"].clone()
        ),
        (json!("modifying"), json!(8), json!(16))
    );
    assert_eq!(volume(&mut w, &root)["Size"], 16);
    let e = err(
        &mut w,
        "ec2",
        "ModifyVolume",
        json!({"VolumeId": root, "Size": 32}),
    );
    assert_eq!(e.code, "VolumeModificationRateExceeded");
    w.advance(10_000);
    let state = |w: &mut SimWorld| {
        let v = ok(
            w,
            "ec2",
            "DescribeVolumesModifications",
            json!({"VolumeIds": [root]}),
        );
        v["VolumesModifications"][0]["ModificationState"].clone()
    };
    assert_eq!(state(&mut w), "optimizing");
    w.advance(60_000);
    assert_eq!(state(&mut w), "completed");
    let other = root_volume(&mut w, WIN1);
    let e = err(
        &mut w,
        "ec2",
        "DescribeVolumesModifications",
        json!({"VolumeIds": [other]}),
    );
    assert_eq!(e.code, "InvalidVolumeModification.NotFound");
}

#[test]
fn volumes_and_modifications_survive_a_saved_world() {
    let mut w = world();
    let id = create(&mut w, "us-east-1a");
    w.advance(10_000);
    attach(&mut w, &id, WEB1, "/dev/sdf").unwrap();
    ok(
        &mut w,
        "ec2",
        "ModifyVolume",
        json!({"VolumeId": id, "Size": 40}),
    );
    let written = w.to_world_json();
    let mut loaded = SimWorld::from_world_json(&written).unwrap();
    assert_eq!(loaded.to_world_json(), written);
    loaded.advance(5_000);
    assert_eq!(
        volume(&mut loaded, &id)["Attachments"][0]["State"],
        "attached"
    );
}
