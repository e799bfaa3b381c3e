use serde_json::json;

use super::*;

#[test]
fn default_world_round_trips() {
    let w = world();
    let written = w.to_world_json();
    let again = SimWorld::from_world_json(&written).unwrap();
    assert_eq!(again.to_world_json(), written);
    assert_eq!(again, w);
    assert_eq!(
        written["instances"][0]["Tags"],
        json!({"Name": "web-1", "Environment": "dev"})
    );
}

#[test]
fn a_world_in_motion_round_trips_and_resumes() {
    let mut w = world();
    ok(
        &mut w,
        "ec2",
        "StopInstances",
        json!({"InstanceIds": [WEB1]}),
    );
    ok(
        &mut w,
        "ec2",
        "StartInstances",
        json!({"InstanceIds": [WEB2]}),
    );
    ok(
        &mut w,
        "ec2",
        "CreateImage",
        json!({"InstanceId": WIN1, "Name": "win-backup"}),
    );
    ok(
        &mut w,
        "ssm",
        "PutParameter",
        json!({"Name": "/ssmrun/example/ami-id", "Value": "ami-0fedcba9876543210", "Overwrite": true}),
    );
    ok(
        &mut w,
        "ssm",
        "SendCommand",
        json!({"DocumentName": "AWS-RunShellScript", "InstanceIds": [WIN1]}),
    );
    ok(
        &mut w,
        "cloudformation",
        "CreateStack",
        json!({"StackName": "demo", "TemplateURL": "https://example.com/t.yaml", "Tags": [{"Key": "team", "Value": "ops"}]}),
    );
    w.advance(10_000);
    let written = w.to_world_json();
    let mut restored = SimWorld::from_world_json(&written).unwrap();
    assert_eq!(restored.to_world_json(), written);
    // serde goes through the same format, so a saved world restores identically.
    let text = serde_json::to_string(&restored).unwrap();
    let parsed: SimWorld = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed.to_world_json(), written);

    restored.advance(20_000);
    w.advance(20_000);
    assert_eq!(restored.to_world_json(), w.to_world_json());
    assert_eq!(state(&mut restored, WEB1), "stopped");
    assert_eq!(state(&mut restored, WEB2), "running");
    // Ids continue from the saved sequence instead of repeating.
    let a = ok(
        &mut w,
        "ec2",
        "RunInstances",
        json!({"ImageId": AMI, "MinCount": 1, "MaxCount": 1}),
    );
    let b = ok(
        &mut restored,
        "ec2",
        "RunInstances",
        json!({"ImageId": AMI, "MinCount": 1, "MaxCount": 1}),
    );
    assert_eq!(
        a["Instances"][0]["InstanceId"],
        b["Instances"][0]["InstanceId"]
    );
}

#[test]
fn minimal_world_uses_defaults() {
    let w = SimWorld::from_world_json(&json!({
        "time": "2027-06-01T12:00:00Z",
        "images": [{"ImageId": "ami-12345678", "Platform": "Windows"}],
        "instances": [{"InstanceId": "i-12345678", "Tags": [{"Key": "Name", "Value": "a"}], "managed": true}],
        "parameters": [{"Name": "count", "Value": 3}],
    }))
    .unwrap();
    assert_eq!(w.region(), "us-east-1");
    assert_eq!(w.account_id(), "123456789012");
    assert_eq!(w.now_millis(), 1_811_851_200_000);
    let written = w.to_world_json();
    assert_eq!(written["instances"][0]["State"], "running");
    assert_eq!(written["instances"][0]["ImageId"], "ami-12345678");
    assert_eq!(
        written["instances"][0].get("Platform"),
        None,
        "inherited from the image"
    );
    assert_eq!(written["parameters"][0]["Value"], "3");
}

#[test]
fn instances_need_no_images() {
    let w =
        SimWorld::from_world_json(&json!({"instances": [{"InstanceId": "i-12345678"}]})).unwrap();
    assert_eq!(w.to_world_json()["instances"][0]["ImageId"], AMI);
}

#[test]
fn errors_name_the_field_path() {
    let cases = [
        (
            json!({"instances": [{"InstanceId": "i-12345678", "State": "runing"}]}),
            "`instances[0].State`: expected one of pending, running",
        ),
        (
            json!({"instances": [{"InstanceId": "web"}]}),
            "`instances[0].InstanceId`: `web` is not an id",
        ),
        (
            json!({"instances": [{"InstanceId": "i-12345678", "Tags": {"Name": ["x"]}}], "images": [{"ImageId": "ami-12345678"}]}),
            "`instances[0].Tags.Name`: expected a string",
        ),
        (
            json!({"time": "tomorrow"}),
            "`time`: `tomorrow` is not an RFC 3339 time",
        ),
        (
            json!({"account": "42"}),
            "`account`: `42` is not a 12-digit account id",
        ),
        (
            json!({"parameters": [{"Name": "x"}]}),
            "`parameters[0].Value`: missing required field",
        ),
        (json!({"instance": []}), "`instance`: unknown field"),
        (
            json!({"images": [{"ImageId": "ami-12345678"}, {"ImageId": "ami-12345678"}]}),
            "`images[1]`: `ami-12345678` appears more than once",
        ),
        (json!([]), "the world file must be a mapping"),
    ];
    for (input, expected) in cases {
        let error = SimWorld::from_world_json(&input).unwrap_err();
        assert!(
            error.starts_with(expected) || error.contains(expected),
            "{error} should contain {expected}"
        );
    }
}
