use super::*;
use serde_json::json;

fn chain(strict: bool) -> DriverChain {
    DriverChain::new(SimWorld::default_world(), Mocks::default(), strict)
}

#[test]
fn calls_nobody_answers_are_synthesized_and_logged() {
    let mut driver = chain(false);
    driver.enter_step("check");
    let answer = driver
        .call(
            "rds",
            "describe_db_instances",
            &json!({"DBInstanceIdentifier": "db1"}),
        )
        .expect("answer");
    assert_eq!(answer["DBInstances"][0]["DBInstanceIdentifier"], "db1");
    let calls = driver.log.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].operation, "DescribeDBInstances");
    assert_eq!(calls[0].step.as_deref(), Some("check"));
    assert_eq!(calls[0].answered_by, AnsweredBy::Synthesized);
}

#[test]
fn strict_keeps_not_simulated() {
    let mut driver = chain(true);
    let error = driver
        .call("lambda", "Invoke", &json!({"FunctionName": "f"}))
        .unwrap_err();
    assert_eq!(error.code, "NotSimulated");
    assert_eq!(driver.log.calls()[0].answered_by, AnsweredBy::Unanswered);
}

#[test]
fn requests_are_checked_as_boto3_checks_them() {
    let mut driver = chain(false);
    let error = driver
        .call("ec2", "StopInstances", &json!({"InstanceIds": "i-1"}))
        .unwrap_err();
    assert_eq!(error.code, "ParamValidationError");
    assert_eq!(
        error.message,
        "Parameter validation failed:\nInvalid type for parameter InstanceIds, value: i-1, type: <class 'str'>, valid types: <class 'list'>, <class 'tuple'>"
    );
    assert_eq!(driver.log.calls()[0].answered_by, AnsweredBy::Rejected);
    // Scalars convert to the member's type first, as the service takes them.
    let answer = driver.call(
        "autoscaling",
        "DescribeAutoScalingGroups",
        &json!({"MaxRecords": "5"}),
    );
    assert!(answer.is_ok());
    assert_eq!(driver.log.calls()[1].request, json!({"MaxRecords": 5}));
}

#[test]
fn the_three_spellings_reach_the_world_and_the_mocks() {
    let mocks = Mocks::from_json(&json!([
        {"Service": "ec2", "Api": "describe_images", "Response": {"Images": []}}
    ]))
    .expect("mocks");
    let mut driver = DriverChain::new(SimWorld::default_world(), mocks, true);
    for api in [
        "DescribeInstances",
        "describeInstances",
        "describe_instances",
    ] {
        let answer = driver.call("ec2", api, &json!({})).expect(api);
        assert!(answer["Reservations"].is_array());
    }
    let answer = driver
        .call("ec2", "DescribeImages", &json!({}))
        .expect("mock");
    assert_eq!(answer["Images"], json!([]));
    assert_eq!(answer["ResponseMetadata"]["HTTPStatusCode"], 200);
    let calls = driver.log.calls();
    assert_eq!(calls[0].repeats, 3, "one operation, one request: one entry");
    assert_eq!(calls[1].answered_by, AnsweredBy::Mocked);
}
