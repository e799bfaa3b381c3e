//! maxAttempts: attempts, inputs re-resolved per attempt, what is and is not retried (§4.5).

use super::{ScriptedDriver, doc, expect, run};
use crate::exec::Status::{Failed, Success, TimedOut};
use serde_json::json;

const API_STEP: &str = "  - name: a\n    action: aws:executeAwsApi\n    maxAttempts: 3\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n";

#[test]
fn a_step_is_retried_until_an_attempt_succeeds() {
    let driver = ScriptedDriver::new()
        .fail("ec2.DescribeVpcs", "Throttling", "slow down")
        .fail("ec2.DescribeVpcs", "Throttling", "slow down")
        .answer("ec2.DescribeVpcs", json!({"Vpcs": []}));
    let r = run(&doc(API_STEP), driver);
    assert_eq!(r.steps(), expect(&[("a", Success)]));
    assert_eq!(r.record("a").attempts, 3);
    assert_eq!(r.driver.calls.len(), 3);
}

#[test]
fn a_step_fails_once_every_attempt_failed() {
    let driver = ScriptedDriver::new().fail("ec2.DescribeVpcs", "Throttling", "slow down");
    let r = run(&doc(API_STEP), driver);
    assert_eq!(r.steps(), expect(&[("a", Failed)]));
    assert_eq!(r.record("a").attempts, 3);
    assert_eq!(r.driver.calls.len(), 3);
}

#[test]
fn wrong_inputs_are_not_retried() {
    let text = doc(
        "  - name: a\n    action: aws:changeInstanceState\n    maxAttempts: 3\n    inputs:\n      InstanceIds: [i-1]\n      DesiredState: sleeping\n",
    );
    let r = run(&text, ScriptedDriver::new());
    let record = r.record("a");
    assert_eq!((record.status, record.attempts), (Failed, 1));
    let details = record.failure_details.clone().expect("details");
    assert_eq!(details.stage, "InputValidation");
    assert!(r.driver.calls.is_empty());
}

#[test]
fn inputs_are_resolved_again_for_every_attempt() {
    // Each attempt waits out its 5 s timeout, so the second one sees a later time.
    let text = doc(
        "  - name: a\n    action: aws:waitForAwsResourceProperty\n    maxAttempts: 2\n    timeoutSeconds: 5\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n      VpcIds: ['{{ global:DATE_TIME }}']\n      PropertySelector: $.Vpcs[0].State\n      DesiredValues: [available]\n",
    );
    let driver =
        ScriptedDriver::new().answer("ec2.DescribeVpcs", json!({"Vpcs": [{"State": "pending"}]}));
    let r = run(&text, driver);
    assert_eq!(r.steps(), expect(&[("a", TimedOut)]));
    let first = &r.driver.calls.first().expect("a call").1;
    let last = &r.driver.calls.last().expect("a call").1;
    assert_eq!(first["VpcIds"], json!(["2024-01-01_00.00.00"]));
    assert_eq!(last["VpcIds"], json!(["2024-01-01_00.00.05"]));
    assert_eq!(
        r.record("a").inputs["VpcIds"],
        json!(["2024-01-01_00.00.05"])
    );
}
