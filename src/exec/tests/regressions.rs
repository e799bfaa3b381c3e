//! Regression tests, named after their issues.

use super::{ScriptedDriver, doc, expect, run, run_with};
use crate::exec::Options;
use crate::exec::Status::{Failed, Success};

/// Issue 8: a branch whose `Variable` names an output of a step that failed with
/// `onFailure: Continue` falls through to `Default`.
#[test]
fn issue_8_branch_over_an_unset_output_takes_the_default() {
    let text = doc(
        "  - name: look\n    action: aws:executeAwsApi\n    onFailure: Continue\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n    outputs:\n      - Name: State\n        Selector: $.Vpcs[0].State\n        Type: String\n  - name: choose\n    action: aws:branch\n    inputs:\n      Choices:\n        - NextStep: found\n          Variable: '{{ look.State }}'\n          StringEquals: available\n      Default: fallback\n  - name: found\n    isEnd: true\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n  - name: fallback\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n",
    );
    let driver = ScriptedDriver::new().fail("ec2.DescribeVpcs", "Boom", "no");
    let r = run(&text, driver);
    assert_eq!(
        r.steps(),
        expect(&[("look", Failed), ("choose", Success), ("fallback", Success)])
    );
    // The recorded choice keeps the reference it could not fill in.
    let choices = &r.record("choose").inputs["Choices"];
    assert_eq!(choices[0]["Variable"], "{{ look.State }}");
}

/// Issue 8: `timeoutSeconds` near `i64::MAX` saturates instead of overflowing.
#[test]
fn issue_8_a_huge_timeout_saturates() {
    let text = doc(
        "  - name: nap\n    action: aws:sleep\n    timeoutSeconds: 9223372036854775807\n    inputs:\n      Duration: PT1S\n  - name: call\n    action: aws:executeAwsApi\n    timeoutSeconds: 9223372036854775807\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n",
    );
    let driver = ScriptedDriver::new().answer("ec2.DescribeVpcs", serde_json::json!({}));
    let r = run(&text, driver);
    assert_eq!(r.exec.status, Success);
    assert_eq!(
        r.record("nap").timeout_seconds,
        Some(9_223_372_036_854_775_807)
    );
}

/// Issue 8: `maxAttempts: 4000000000` on a step that keeps failing ends at the run's work
/// budget, with a message naming it.
#[test]
fn issue_8_huge_max_attempts_end_at_the_work_budget() {
    let text = doc(
        "  - name: call\n    action: aws:executeAwsApi\n    maxAttempts: 4000000000\n    onFailure: Continue\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n  - name: never\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n",
    );
    let driver = ScriptedDriver::new().fail("ec2.DescribeVpcs", "Boom", "no");
    let options = Options {
        max_steps: 40,
        ..Options::default()
    };
    let r = run_with(
        &text,
        driver,
        Default::default(),
        &options,
        &Default::default(),
    );
    assert_eq!(r.exec.status, Failed);
    assert_eq!(r.names(), ["call"]);
    assert_eq!(r.record("call").attempts, 40);
    assert_eq!(r.driver.calls.len(), 40);
    assert_eq!(
        r.exec.failure_message.as_deref(),
        Some(
            "execution stopped after 40 step attempts, the budget of one run: step `call` was about to make attempt 41 of 4000000000"
        )
    );
}

/// Issue 7: a duration `validate` accepts is one the run sleeps for.
#[test]
fn issue_7_a_duration_with_spaces_runs_as_it_validates() {
    let text = doc("  - name: nap\n    action: aws:sleep\n    inputs:\n      Duration: ' PT1S'\n");
    let checked = crate::validate::check(&crate::source::SourceFile::new("t.yaml", &text));
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let r = run(&text, ScriptedDriver::new());
    assert_eq!(r.exec.status, Success);
    assert_eq!(r.driver.elapsed(), 1_000);
}
