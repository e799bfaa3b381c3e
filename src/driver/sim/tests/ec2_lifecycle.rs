use serde_json::json;

use super::*;

#[test]
fn stop_start_cycle_is_observed_as_the_clock_advances() {
    let mut w = world();
    let stopped = ok(
        &mut w,
        "ec2",
        "StopInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(
        stopped,
        json!({"StoppingInstances": [{
            "CurrentState": {"Code": 64, "Name": "stopping"},
            "InstanceId": WEB1,
            "PreviousState": {"Code": 16, "Name": "running"},
        }]})
    );
    w.advance(19_999);
    assert_eq!(state(&mut w, WEB1), "stopping");
    w.advance(1);
    assert_eq!(state(&mut w, WEB1), "stopped");
    let d = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    let instance = &d["Reservations"][0]["Instances"][0];
    assert_eq!(instance["State"], json!({"Code": 80, "Name": "stopped"}));
    assert_eq!(
        instance["StateTransitionReason"],
        "User initiated (2026-01-01 00:00:00 GMT)"
    );

    let started = ok(
        &mut w,
        "ec2",
        "StartInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(
        started["StartingInstances"][0]["CurrentState"]["Name"],
        "pending"
    );
    assert_eq!(
        started["StartingInstances"][0]["PreviousState"]["Name"],
        "stopped"
    );
    w.advance(15_000);
    assert_eq!(state(&mut w, WEB1), "running");
    let d = ok(
        &mut w,
        "ec2",
        "DescribeInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(
        d["Reservations"][0]["Instances"][0]["LaunchTime"],
        "2026-01-01T00:00:20.000Z"
    );
}

#[test]
fn status_checks_initialize_then_pass() {
    let mut w = world();
    ok(
        &mut w,
        "ec2",
        "StartInstances",
        json!({"InstanceIds": [WEB2]}),
    );
    let none = ok(
        &mut w,
        "ec2",
        "DescribeInstanceStatus",
        json!({"InstanceIds": [WEB2]}),
    );
    assert_eq!(none, json!({"InstanceStatuses": []}));
    let all = ok(
        &mut w,
        "ec2",
        "DescribeInstanceStatus",
        json!({"InstanceIds": [WEB2], "IncludeAllInstances": true}),
    );
    assert_eq!(
        all["InstanceStatuses"][0]["InstanceStatus"]["Status"],
        "not-applicable"
    );
    w.advance(15_000);
    let s = ok(
        &mut w,
        "ec2",
        "DescribeInstanceStatus",
        json!({"InstanceIds": [WEB2]}),
    );
    assert_eq!(
        s["InstanceStatuses"][0]["InstanceStatus"]["Status"],
        "initializing"
    );
    assert_eq!(
        s["InstanceStatuses"][0]["SystemStatus"]["Details"][0]["Status"],
        "initializing"
    );
    w.advance(30_000);
    let s = ok(
        &mut w,
        "ec2",
        "DescribeInstanceStatus",
        json!({"InstanceIds": [WEB2]}),
    );
    assert_eq!(s["InstanceStatuses"][0]["InstanceStatus"]["Status"], "ok");
    assert_eq!(
        s["InstanceStatuses"][0]["InstanceState"],
        json!({"Code": 16, "Name": "running"})
    );
}

#[test]
fn forced_stop_is_faster_and_type_changes_need_stopped() {
    let mut w = world();
    let e = err(
        &mut w,
        "ec2",
        "ModifyInstanceAttribute",
        json!({"InstanceId": WEB1, "InstanceType": {"Value": "t3.large"}}),
    );
    assert_eq!(
        e,
        ApiError::new(
            "IncorrectInstanceState",
            format!("The instance '{WEB1}' is not in the 'stopped' state.")
        )
    );
    ok(
        &mut w,
        "ec2",
        "StopInstances",
        json!({"InstanceIds": [WEB1], "Force": true}),
    );
    w.advance(5_000);
    assert_eq!(state(&mut w, WEB1), "stopped");
    ok(
        &mut w,
        "ec2",
        "ModifyInstanceAttribute",
        json!({"InstanceId": WEB1, "Attribute": "instanceType", "Value": "t3.large"}),
    );
    let a = ok(
        &mut w,
        "ec2",
        "DescribeInstanceAttribute",
        json!({"InstanceId": WEB1, "Attribute": "instanceType"}),
    );
    assert_eq!(
        a,
        json!({"InstanceId": WEB1, "InstanceType": {"Value": "t3.large"}})
    );
}

#[test]
fn reboot_reruns_status_checks() {
    let mut w = world();
    ok(
        &mut w,
        "ec2",
        "RebootInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    let s = ok(
        &mut w,
        "ec2",
        "DescribeInstanceStatus",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(
        s["InstanceStatuses"][0]["InstanceStatus"]["Status"],
        "initializing"
    );
    w.advance(30_000);
    let s = ok(
        &mut w,
        "ec2",
        "DescribeInstanceStatus",
        json!({"InstanceIds": [WEB1]}),
    );
    assert_eq!(s["InstanceStatuses"][0]["InstanceStatus"]["Status"], "ok");
    let e = err(
        &mut w,
        "ec2",
        "RebootInstances",
        json!({"InstanceIds": [WEB2]}),
    );
    assert_eq!(e.code, "IncorrectInstanceState");
}
