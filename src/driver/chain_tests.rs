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

/// A real back end stand-in: answers `DescribeVpcs` and fails everything else, on its own
/// clock.
struct Remote {
    now: i64,
}

impl CloudDriver for Remote {
    fn call(&mut self, _: &str, api: &str, _: &Value) -> Result<Value, ApiError> {
        match api {
            "DescribeVpcs" => Ok(json!({"Vpcs": [{"VpcId": "vpc-remote"}]})),
            _ => Err(ApiError::new("UnsupportedOperation", "not here")),
        }
    }
    fn now_millis(&self) -> i64 {
        self.now
    }
    fn advance(&mut self, millis: i64) {
        self.now += millis;
    }
    fn region(&self) -> String {
        "ap-south-1".into()
    }
    fn account_id(&self) -> String {
        "999988887777".into()
    }
    fn name(&self) -> &'static str {
        "remote"
    }
    fn follows_real_clock(&self) -> bool {
        true
    }
}

#[test]
fn a_real_back_end_answers_in_place_of_the_world_and_nothing_is_synthesized() {
    let mocks = Mocks::from_json(&json!([
        {"Service": "ec2", "Api": "DescribeImages", "Response": {"Images": []}}
    ]))
    .unwrap();
    let world = SimWorld::default_world();
    let world_now = world.now_millis();
    let mut driver =
        DriverChain::new(world, mocks, false).with_external(Box::new(Remote { now: 5 }));
    assert_eq!(driver.region(), "ap-south-1");
    assert_eq!(driver.account_id(), "999988887777");
    assert!(driver.follows_real_clock());
    let vpcs = driver.call("ec2", "DescribeVpcs", &json!({})).unwrap();
    assert_eq!(vpcs["Vpcs"][0]["VpcId"], "vpc-remote");
    driver.call("ec2", "DescribeImages", &json!({})).unwrap();
    // An operation the world would simulate, and one nobody would: both go to the back end.
    let error = driver
        .call("rds", "DescribeDBInstances", &json!({}))
        .unwrap_err();
    assert_eq!(error.code, "UnsupportedOperation");
    let by: Vec<&str> = driver
        .log
        .calls()
        .iter()
        .map(|c| c.answered_by.as_str())
        .collect();
    assert_eq!(by, ["remote", "mocked", "remote"]);
    driver.advance(1_000);
    assert_eq!(driver.now_millis(), 1_005);
    assert_eq!(
        driver.world().now_millis(),
        world_now,
        "the world is left alone"
    );
}

/// Answers GetAutomationExecution with its name, as a caller's own answer would.
struct Echo;

impl LocalApi for Echo {
    fn answer(
        &self,
        _service: &str,
        api: &str,
        _request: &Value,
        _world: &SimWorld,
    ) -> Option<Result<Value, ApiError>> {
        (api == "GetAutomationExecution").then(|| Ok(json!({"Echo": api})))
    }
}

#[test]
fn a_caller_answers_after_the_mocks_and_before_the_world() {
    let request = json!({"AutomationExecutionId": "00000000-0000-4000-8000-000000000001"});
    let mut driver = chain(true);
    let answer = driver
        .call_local("ssm", "get_automation_execution", &request, &[], &Echo)
        .expect("answered");
    assert_eq!(answer["Echo"], "GetAutomationExecution");
    assert_eq!(driver.log.calls()[0].answered_by, AnsweredBy::Simulated);
    let mocks = Mocks::from_json(&json!([
        {"Service": "ssm", "Api": "GetAutomationExecution", "Response": {"Mocked": true}}
    ]))
    .expect("mocks");
    let mut driver = DriverChain::new(SimWorld::default_world(), mocks, true);
    let answer = driver
        .call_local("ssm", "GetAutomationExecution", &request, &[], &Echo)
        .expect("mocked");
    assert_eq!(answer["Mocked"], true);
    assert_eq!(driver.log.calls()[0].answered_by, AnsweredBy::Mocked);
}
