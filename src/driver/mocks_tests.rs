use serde_json::json;

use super::*;
use crate::driver::{CloudDriver, MockingDriver, SimWorld};

fn mocks(v: Value) -> Mocks {
    Mocks::from_json(&v).unwrap()
}

#[test]
fn responses_come_in_order_and_the_last_repeats() {
    let mut m = mocks(json!([
        {"Service": "lambda", "Api": "Invoke", "Responses": [{"StatusCode": 500}, {"StatusCode": 200}]}
    ]));
    let call = |m: &mut Mocks| m.answer("Lambda", "Invoke", &json!({})).unwrap().unwrap();
    assert_eq!(call(&mut m), json!({"StatusCode": 500}));
    assert_eq!(call(&mut m), json!({"StatusCode": 200}));
    assert_eq!(call(&mut m), json!({"StatusCode": 200}));
}

#[test]
fn parameters_are_a_subset_match_and_first_entry_wins() {
    let mut m = mocks(json!([
        {"Service": "ec2", "Api": "DescribeImages", "Parameters": {"ImageIds": ["ami-1"]},
         "Response": {"Images": [{"ImageId": "ami-1"}]}},
        {"Service": "ec2", "Api": "DescribeImages", "Error": {"Code": "InvalidAMIID.NotFound", "Message": "no"}},
    ]));
    let hit = m.answer(
        "ec2",
        "DescribeImages",
        &json!({"ImageIds": ["ami-1"], "Owners": ["self"]}),
    );
    assert_eq!(hit, Some(Ok(json!({"Images": [{"ImageId": "ami-1"}]}))));
    let other = m.answer("ec2", "DescribeImages", &json!({"ImageIds": ["ami-2"]}));
    assert_eq!(
        other,
        Some(Err(ApiError::new("InvalidAMIID.NotFound", "no")))
    );
    assert_eq!(m.answer("ec2", "DescribeInstances", &json!({})), None);
}

#[test]
fn step_mocks_and_unused_entries() {
    let mut m = mocks(json!({"mocks": [
        {"Step": "runScript", "Outputs": {"Result": "ok"}},
        {"Step": "failing", "Error": {"Code": "ScriptError", "Message": "boom"}},
        {"Service": "s3", "Api": "PutObject", "Parameters": {"Bucket": "b"}, "Response": {}},
    ]}));
    let mut outputs = Map::new();
    outputs.insert("Result".into(), json!("ok"));
    assert_eq!(m.step_mock("runScript"), Some(StepMock::Outputs(outputs)));
    assert_eq!(m.step_mock("other"), None);
    assert_eq!(
        m.unused(),
        vec![
            "mocks[1]: Step failing".to_string(),
            "mocks[2]: Service s3, Api PutObject, Parameters {\"Bucket\":\"b\"}".to_string(),
        ]
    );
    assert_eq!(
        m.step_mock("failing"),
        Some(StepMock::Error(ApiError::new("ScriptError", "boom")))
    );
}

#[test]
fn bad_entries_name_their_path() {
    let cases = [
        (
            json!([{"Service": "ec2", "Api": "X"}]),
            "`mocks[0]`: an API mock needs exactly one of Response, Responses and Error",
        ),
        (
            json!([{"Service": "ec2", "Api": "X", "Reponse": {}}]),
            "`mocks[0].Reponse`: unknown field",
        ),
        (
            json!([{"Service": "ec2", "Api": "X", "Error": {"Message": "m"}}]),
            "`mocks[0].Error.Code`",
        ),
        (
            json!([{"Step": "s", "Outputs": {}, "Error": {"Code": "C"}}]),
            "exactly one of Outputs and Error",
        ),
        (json!([{}, 1]), "`mocks[0].Service`: missing required field"),
        (
            json!([{"Service": "ec2", "Api": "X", "Responses": []}]),
            "non-empty list",
        ),
    ];
    for (input, expected) in cases {
        let error = Mocks::from_json(&input).unwrap_err();
        assert!(
            error.contains(expected),
            "{error} should contain {expected}"
        );
    }
}

#[test]
fn mocking_driver_answers_before_the_world() {
    let m = mocks(json!([
        {"Service": "ec2", "Api": "DescribeInstances", "Response": {"Reservations": []}},
        {"Service": "lambda", "Api": "Invoke", "Response": {"StatusCode": 200}},
    ]));
    let mut driver = MockingDriver::new(SimWorld::default_world(), m);
    assert_eq!(
        driver.call("ec2", "DescribeInstances", &json!({})).unwrap(),
        json!({"Reservations": []})
    );
    assert_eq!(
        driver.call("lambda", "Invoke", &json!({})).unwrap()["StatusCode"],
        200
    );
    let real = driver
        .call(
            "ssm",
            "GetParameter",
            &json!({"Name": "/ssmrun/example/ami-id"}),
        )
        .unwrap();
    assert_eq!(real["Parameter"]["Value"], "ami-0abcdef1234567890");
    let start = driver.now_millis();
    driver.advance(1_000);
    assert_eq!(driver.now_millis(), start + 1_000);
    assert!(driver.mocks.unused().is_empty());
}
