use serde_json::json;

use super::*;

pub const GROUP: &str = "ssmrun-example-asg";

pub fn group(w: &mut SimWorld) -> Value {
    let v = ok(
        w,
        "autoscaling",
        "DescribeAutoScalingGroups",
        json!({"AutoScalingGroupNames": [GROUP]}),
    );
    v["AutoScalingGroups"][0].clone()
}

fn lifecycle(w: &mut SimWorld, id: &str) -> String {
    let v = ok(
        w,
        "autoscaling",
        "DescribeAutoScalingInstances",
        json!({"InstanceIds": [id]}),
    );
    v["AutoScalingInstances"][0]["LifecycleState"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn default_world_has_a_group_across_two_zones() {
    let mut w = world();
    let g = group(&mut w);
    assert_eq!(g["DesiredCapacity"], 2);
    assert_eq!(g["MinSize"], 1);
    assert_eq!(g["MaxSize"], 3);
    assert_eq!(g["Instances"][0]["InstanceId"], BATCH);
    assert_eq!(g["Instances"][0]["LifecycleState"], "InService");
    assert_eq!(g["Instances"][1]["InstanceId"], BATCH2);
    assert_eq!(g["Instances"][1]["AvailabilityZone"], "us-east-1b");
    assert_eq!(g["AvailabilityZones"], json!(["us-east-1a", "us-east-1b"]));
    assert_eq!(
        g["VPCZoneIdentifier"],
        "subnet-0123456789abcdef0,subnet-0fedcba9876543210"
    );
    assert_eq!(
        g["LaunchTemplate"]["LaunchTemplateName"],
        "ssmrun-example-lt"
    );
    assert_eq!(g["LaunchTemplate"]["Version"], "$Default");
    assert_eq!(
        g["Instances"][0]["LaunchTemplate"]["LaunchTemplateId"],
        "lt-0123456789abcdef0"
    );
    // The member carries the group tag on the EC2 side.
    let v = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"Filters": [{"Name": "tag:aws:autoscaling:groupName", "Values": [GROUP]}]}),
    );
    assert_eq!(v["Reservations"][0]["Instances"][0]["InstanceId"], BATCH);
    assert_eq!(v["Reservations"][1]["Instances"][0]["InstanceId"], BATCH2);
    let none = ok(
        &mut w,
        "autoscaling",
        "DescribeAutoScalingGroups",
        json!({"AutoScalingGroupNames": ["nope"]}),
    );
    assert_eq!(none["AutoScalingGroups"], json!([]));
    let by_tag = ok(
        &mut w,
        "autoscaling",
        "DescribeAutoScalingGroups",
        json!({"Filters": [{"Name": "tag-key", "Values": ["missing"]}]}),
    );
    assert_eq!(by_tag["AutoScalingGroups"], json!([]));
    let e = err(
        &mut w,
        "autoscaling",
        "DescribeAutoScalingGroups",
        json!({"Filters": [{"Name": "instance-id", "Values": ["x"]}]}),
    );
    assert_eq!(e.code, "ValidationError");
}

#[test]
fn standby_round_trip_with_decrement() {
    let mut w = world();
    ok(
        &mut w,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": GROUP, "MinSize": 0}),
    );
    let v = ok(
        &mut w,
        "autoscaling",
        "EnterStandby",
        json!({"AutoScalingGroupName": GROUP, "InstanceIds": [BATCH], "ShouldDecrementDesiredCapacity": true}),
    );
    assert_eq!(v["Activities"][0]["StatusCode"], "InProgress");
    assert_eq!(lifecycle(&mut w, BATCH), "EnteringStandby");
    assert_eq!(group(&mut w)["DesiredCapacity"], 1);
    w.advance(5_000);
    assert_eq!(lifecycle(&mut w, BATCH), "Standby");
    // Nothing was launched: the capacity followed the instance.
    assert_eq!(group(&mut w)["Instances"].as_array().unwrap().len(), 2);
    let e = err(
        &mut w,
        "autoscaling",
        "EnterStandby",
        json!({"AutoScalingGroupName": GROUP, "InstanceIds": [BATCH], "ShouldDecrementDesiredCapacity": true}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "ValidationError",
            format!("The instance {BATCH} is not in InService.")
        )
    );
    ok(
        &mut w,
        "autoscaling",
        "ExitStandby",
        json!({"AutoScalingGroupName": GROUP, "InstanceIds": [BATCH]}),
    );
    assert_eq!(lifecycle(&mut w, BATCH), "Pending");
    assert_eq!(group(&mut w)["DesiredCapacity"], 2);
    w.advance(10_000);
    assert_eq!(lifecycle(&mut w, BATCH), "InService");
    let v = ok(
        &mut w,
        "autoscaling",
        "DescribeScalingActivities",
        json!({"AutoScalingGroupName": GROUP}),
    );
    let activities = v["Activities"].as_array().unwrap();
    assert_eq!(activities.len(), 2);
    assert!(
        activities[0]["Description"]
            .as_str()
            .unwrap()
            .starts_with("Moving EC2 instance out of Standby"),
        "{v}"
    );
    assert_eq!(activities[1]["StatusCode"], "Successful");
}

#[test]
fn standby_below_min_size_is_refused() {
    let mut w = world();
    ok(
        &mut w,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": GROUP, "MinSize": 2}),
    );
    let e = err(
        &mut w,
        "autoscaling",
        "EnterStandby",
        json!({"AutoScalingGroupName": GROUP, "InstanceIds": [BATCH], "ShouldDecrementDesiredCapacity": true}),
    );
    assert_eq!(e.code, "ValidationError");
    assert!(e.message.contains("min-size=2"), "{e}");
    let e = err(
        &mut w,
        "autoscaling",
        "EnterStandby",
        json!({"AutoScalingGroupName": GROUP, "InstanceIds": [WEB1], "ShouldDecrementDesiredCapacity": true}),
    );
    assert!(
        e.message.contains("is not part of Auto Scaling group"),
        "{e}"
    );
    let e = err(
        &mut w,
        "autoscaling",
        "EnterStandby",
        json!({"AutoScalingGroupName": "nope", "InstanceIds": [BATCH], "ShouldDecrementDesiredCapacity": true}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "ValidationError",
            "AutoScalingGroup name not found - AutoScalingGroup 'nope' not found"
        )
    );
}

#[test]
fn standby_without_decrement_launches_a_replacement() {
    let mut w = world();
    ok(
        &mut w,
        "autoscaling",
        "EnterStandby",
        json!({"AutoScalingGroupName": GROUP, "InstanceIds": [BATCH], "ShouldDecrementDesiredCapacity": false}),
    );
    let g = group(&mut w);
    assert_eq!(g["DesiredCapacity"], 2);
    let members = g["Instances"].as_array().unwrap();
    assert_eq!(members.len(), 3, "{g}");
    let new = members[2]["InstanceId"].as_str().unwrap().to_string();
    assert_eq!(members[2]["LifecycleState"], "Pending");
    // The replacement goes to the zone left without a member in service.
    assert_eq!(members[2]["AvailabilityZone"], "us-east-1a");
    assert_eq!(state(&mut w, &new), "pending");
    w.advance(15_000);
    assert_eq!(lifecycle(&mut w, &new), "InService");
    assert_eq!(state(&mut w, &new), "running");
}

#[test]
fn desired_capacity_launches_and_terminates() {
    let mut w = world();
    let e = err(
        &mut w,
        "autoscaling",
        "SetDesiredCapacity",
        json!({"AutoScalingGroupName": GROUP, "DesiredCapacity": 4}),
    );
    assert_eq!(
        e.message,
        "New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup."
    );
    ok(
        &mut w,
        "autoscaling",
        "SetDesiredCapacity",
        json!({"AutoScalingGroupName": GROUP, "DesiredCapacity": 3}),
    );
    assert_eq!(group(&mut w)["Instances"].as_array().unwrap().len(), 3);
    w.advance(60_000);
    ok(
        &mut w,
        "autoscaling",
        "SuspendProcesses",
        json!({"AutoScalingGroupName": GROUP, "ScalingProcesses": ["Terminate"]}),
    );
    ok(
        &mut w,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": GROUP, "MinSize": 1, "MaxSize": 1}),
    );
    let g = group(&mut w);
    assert_eq!(g["DesiredCapacity"], 1);
    assert_eq!(g["SuspendedProcesses"][0]["ProcessName"], "Terminate");
    assert_eq!(g["Instances"].as_array().unwrap().len(), 3, "suspended");
    ok(
        &mut w,
        "autoscaling",
        "ResumeProcesses",
        json!({"AutoScalingGroupName": GROUP}),
    );
    let g = group(&mut w);
    let terminating = g["Instances"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["LifecycleState"] == "Terminating")
        .count();
    assert_eq!(terminating, 2, "{g}");
    w.advance(20_000);
    let g = group(&mut w);
    assert_eq!(g["Instances"].as_array().unwrap().len(), 1, "{g}");
    assert_eq!(g["Instances"][0]["InstanceId"], BATCH);
    let e = err(
        &mut w,
        "autoscaling",
        "UpdateAutoScalingGroup",
        json!({"AutoScalingGroupName": GROUP, "MinSize": 2, "MaxSize": 1}),
    );
    assert_eq!(e.code, "ValidationError");
    let e = err(
        &mut w,
        "autoscaling",
        "SuspendProcesses",
        json!({"AutoScalingGroupName": GROUP, "ScalingProcesses": ["Sleep"]}),
    );
    assert_eq!(e.code, "ValidationError");
}

#[test]
fn a_terminated_member_is_replaced() {
    let mut w = world();
    ok(
        &mut w,
        "ec2",
        "TerminateInstances",
        json!({"InstanceIds": [BATCH]}),
    );
    let g = group(&mut w);
    let members = g["Instances"].as_array().unwrap();
    assert_eq!(members[0]["HealthStatus"], "Unhealthy", "{g}");
    assert_eq!(members[0]["LifecycleState"], "Terminating");
    assert_eq!(members.len(), 3);
    assert_eq!(members[2]["AvailabilityZone"], "us-east-1a");
    w.advance(30_000);
    let g = group(&mut w);
    assert_eq!(g["Instances"].as_array().unwrap().len(), 2, "{g}");
    assert_eq!(g["Instances"][0]["InstanceId"], BATCH2);
    // Launched from the template, whose instance profile registers it with Systems Manager.
    let new = g["Instances"][1]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    let info = ok(
        &mut w,
        "ssm",
        "DescribeInstanceInformation",
        json!({"Filters": [{"Key": "InstanceIds", "Values": [new]}]}),
    );
    assert_eq!(
        info["InstanceInformationList"][0]["PingStatus"], "Online",
        "{info}"
    );
}

#[test]
fn groups_survive_a_world_file_round_trip() {
    let mut w = world();
    ok(
        &mut w,
        "autoscaling",
        "EnterStandby",
        json!({"AutoScalingGroupName": GROUP, "InstanceIds": [BATCH], "ShouldDecrementDesiredCapacity": false}),
    );
    ok(
        &mut w,
        "autoscaling",
        "SuspendProcesses",
        json!({"AutoScalingGroupName": GROUP, "ScalingProcesses": ["AZRebalance"]}),
    );
    let saved = w.to_world_json();
    let loaded = SimWorld::from_world_json(&saved).unwrap();
    assert_eq!(loaded, w);
}

#[test]
fn world_file_group_errors_name_the_field() {
    let bad = json!({"autoScalingGroups": [{"AutoScalingGroupName": "g", "Instances": ["i-0123456789abcdef0"]}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(e.contains("`autoScalingGroups[0].Instances[0]`"), "{e}");
    let bad =
        json!({"autoScalingGroups": [{"AutoScalingGroupName": "g", "MinSize": 2, "MaxSize": 1}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(e.contains("`autoScalingGroups[0]`"), "{e}");
    let bad = json!({"autoScalingGroups": [{"AutoScalingGroupName": "g", "Size": 1}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(
        e.contains("`autoScalingGroups[0].Size`: unknown field"),
        "{e}"
    );
    let bad = json!({"autoScalingGroups": [{"AutoScalingGroupName": "g", "LaunchTemplate": {"LaunchTemplateName": "nope"}}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(
        e.starts_with("`autoScalingGroups[0].LaunchTemplate`: ")
            && e.contains("template name nope"),
        "{e}"
    );
    let bad = json!({"hybridNodes": [{"InstanceId": "i-0123456789abcdef0"}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(e.contains("`hybridNodes[0].InstanceId`"), "{e}");
    let bad = json!({"roles": [{"RoleName": "r", "Path": "x"}]});
    let e = SimWorld::from_world_json(&bad).unwrap_err();
    assert!(e.contains("`roles[0].Path`"), "{e}");
    let tagged = json!({
        "instances": [{"InstanceId": "i-0123456789abcdef0", "Tags": {"aws:autoscaling:groupName": "g"}}],
        "autoScalingGroups": [{"AutoScalingGroupName": "g"}],
    });
    let mut w = SimWorld::from_world_json(&tagged).unwrap();
    let v = ok(
        &mut w,
        "autoscaling",
        "DescribeAutoScalingInstances",
        json!({}),
    );
    assert_eq!(v["AutoScalingInstances"][0]["AutoScalingGroupName"], "g");
    assert_eq!(
        v["AutoScalingInstances"][0]["InstanceId"],
        "i-0123456789abcdef0"
    );
}
