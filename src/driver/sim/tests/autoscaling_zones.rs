//! How the default group places members over its two zones.

use serde_json::json;

use super::autoscaling::{GROUP, group};
use super::*;

#[test]
fn removing_a_zone_replaces_its_members_in_the_others() {
    let mut w = world();
    let e = err(
        &mut w,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": GROUP, "VPCZoneIdentifier": "subnet-0000000000000000a"}),
    );
    assert_eq!(
        e.message,
        "The subnet ID 'subnet-0000000000000000a' does not exist"
    );
    ok(
        &mut w,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": GROUP, "VPCZoneIdentifier": "subnet-0123456789abcdef0"}),
    );
    let g = group(&mut w);
    assert_eq!(g["AvailabilityZones"], json!(["us-east-1a"]));
    let members = g["Instances"].as_array().unwrap();
    assert_eq!(members[1]["InstanceId"], BATCH2);
    assert_eq!(members[1]["LifecycleState"], "Terminating", "{g}");
    assert_eq!(members[2]["AvailabilityZone"], "us-east-1a");
    assert_eq!(members[2]["LifecycleState"], "Pending");
}

#[test]
fn scaling_in_takes_from_the_fullest_zone() {
    let mut w = world();
    ok(
        &mut w,
        "autoscaling",
        "SetDesiredCapacity",
        json!({"AutoScalingGroupName": GROUP, "DesiredCapacity": 3}),
    );
    let g = group(&mut w);
    // The third member balances into the first zone of the group's least loaded ones.
    assert_eq!(g["Instances"][2]["AvailabilityZone"], "us-east-1a");
    ok(
        &mut w,
        "autoscaling",
        "SetDesiredCapacity",
        json!({"AutoScalingGroupName": GROUP, "DesiredCapacity": 2}),
    );
    let g = group(&mut w);
    let terminating: Vec<&Value> = g["Instances"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["LifecycleState"] == "Terminating")
        .collect();
    assert_eq!(terminating.len(), 1, "{g}");
    assert_eq!(terminating[0]["AvailabilityZone"], "us-east-1a");
    assert_ne!(
        terminating[0]["InstanceId"], BATCH,
        "the newer of the zone goes"
    );
}
