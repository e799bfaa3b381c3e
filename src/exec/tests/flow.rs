//! Which step runs next: nextStep, isEnd, onFailure, branches (spec §4.2, §4.3).

use super::{ScriptedDriver, doc, expect, run};
use crate::exec::Status::{Failed, Success, TimedOut};
use serde_json::json;

const SLEEP: &str = "    action: aws:sleep\n    inputs:\n      Duration: PT1S\n";

fn failing(name: &str, extra: &str) -> String {
    format!(
        "  - name: {name}\n    action: aws:executeAwsApi\n{extra}    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n"
    )
}

fn failing_cloud() -> ScriptedDriver {
    ScriptedDriver::new().fail("ec2.DescribeVpcs", "UnauthorizedOperation", "not allowed")
}

#[test]
fn steps_run_in_order_then_the_execution_succeeds() {
    let r = run(
        &doc(&format!("  - name: a\n{SLEEP}  - name: b\n{SLEEP}")),
        ScriptedDriver::new(),
    );
    assert_eq!(r.steps(), expect(&[("a", Success), ("b", Success)]));
    assert_eq!(r.exec.status, Success);
    assert_eq!(r.driver.elapsed(), 2_000);
}

#[test]
fn next_step_jumps_and_is_end_stops() {
    let text = doc(&format!(
        "  - name: a\n    nextStep: c\n{SLEEP}  - name: b\n{SLEEP}  - name: c\n    isEnd: true\n{SLEEP}  - name: d\n{SLEEP}"
    ));
    let r = run(&text, ScriptedDriver::new());
    assert_eq!(r.names(), ["a", "c"]);
    assert_eq!(r.exec.status, Success);
}

#[test]
fn on_failure_abort_ends_the_execution_with_the_service_message() {
    let text = doc(&format!("{}  - name: b\n{SLEEP}", failing("a", "")));
    let r = run(&text, failing_cloud());
    assert_eq!(r.steps(), expect(&[("a", Failed)]));
    assert_eq!(r.exec.status, Failed);
    assert_eq!(
        r.exec.failure_message.as_deref(),
        Some(
            "Step a failed maximum allowed times. An error occurred (UnauthorizedOperation) when calling the DescribeVpcs operation: not allowed"
        )
    );
    let details = r
        .record("a")
        .failure_details
        .clone()
        .expect("failure details");
    assert_eq!(
        (details.stage.as_str(), details.kind.as_str()),
        ("Invocation", "Action")
    );
}

#[test]
fn on_failure_continue_goes_on_and_is_not_critical() {
    let text = doc(&format!(
        "{}  - name: b\n{SLEEP}",
        failing("a", "    onFailure: Continue\n")
    ));
    let r = run(&text, failing_cloud());
    assert_eq!(r.steps(), expect(&[("a", Failed), ("b", Success)]));
    assert_eq!(r.exec.status, Success);
}

#[test]
fn on_failure_step_jumps_and_the_failure_still_counts() {
    let text = doc(&format!(
        "{}  - name: b\n{SLEEP}  - name: c\n{SLEEP}",
        failing("a", "    onFailure: step:c\n")
    ));
    let r = run(&text, failing_cloud());
    assert_eq!(r.steps(), expect(&[("a", Failed), ("c", Success)]));
    assert_eq!(r.exec.status, Failed);
    // isCritical false keeps the failure out of the final status (spec §4.3).
    let text = doc(&format!(
        "{}  - name: b\n{SLEEP}  - name: c\n{SLEEP}",
        failing("a", "    onFailure: step:c\n    isCritical: false\n")
    ));
    assert_eq!(run(&text, failing_cloud()).exec.status, Success);
}

#[test]
fn on_failure_step_wins_over_is_end() {
    let text = doc(&format!(
        "{}  - name: b\n{SLEEP}",
        failing("a", "    onFailure: step:b\n    isEnd: true\n")
    ));
    let r = run(&text, failing_cloud());
    assert_eq!(r.names(), ["a", "b"]);
}

#[test]
fn timeouts_end_the_attempt_on_the_virtual_clock() {
    let text = doc(
        "  - name: a\n    action: aws:sleep\n    timeoutSeconds: 60\n    inputs:\n      Duration: PT10M\n",
    );
    let r = run(&text, ScriptedDriver::new());
    assert_eq!(r.steps(), expect(&[("a", TimedOut)]));
    assert_eq!(r.exec.status, TimedOut);
    assert_eq!(r.driver.elapsed(), 60_000);
}

#[test]
fn branches_take_the_first_choice_that_holds_else_the_default() {
    let text = |kind: &str| {
        format!(
            "schemaVersion: '0.3'\nparameters:\n  Kind:\n    type: String\n    default: {kind}\nmainSteps:\n  - name: choose\n    action: aws:branch\n    inputs:\n      Choices:\n        - NextStep: small\n          Variable: '{{{{ Kind }}}}'\n          StringEquals: s\n        - NextStep: large\n          Variable: '{{{{ Kind }}}}'\n          StartsWith: l\n      Default: other\n  - name: small\n    isEnd: true\n{SLEEP}  - name: large\n    isEnd: true\n{SLEEP}  - name: other\n{SLEEP}"
        )
    };
    let names = |kind: &str| {
        let params = [("Kind".to_string(), json!(kind))].into_iter().collect();
        let r = super::run_with(
            &text(kind),
            ScriptedDriver::new(),
            params,
            &Default::default(),
            &Default::default(),
        );
        assert_eq!(r.exec.status, Success);
        r.names().iter().map(|n| n.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(names("s"), ["choose", "small"]);
    assert_eq!(names("large"), ["choose", "large"]);
    assert_eq!(names("x"), ["choose", "other"]);
}

#[test]
fn a_branch_without_match_or_default_follows_its_own_flow() {
    let text = doc(&format!(
        "  - name: choose\n    action: aws:branch\n    nextStep: c\n    inputs:\n      Choices:\n        - NextStep: b\n          Variable: x\n          StringEquals: y\n  - name: b\n{SLEEP}  - name: c\n{SLEEP}"
    ));
    assert_eq!(run(&text, ScriptedDriver::new()).names(), ["choose", "c"]);
}

#[test]
fn a_target_that_does_not_exist_fails_the_execution() {
    let text = doc(&format!("  - name: a\n    nextStep: nowhere\n{SLEEP}"));
    let r = run(&text, ScriptedDriver::new());
    assert_eq!(r.exec.status, Failed);
    assert_eq!(
        r.exec.failure_message.as_deref(),
        Some("step `nowhere` does not exist")
    );
}

#[test]
fn a_cycle_through_a_branch_stops_at_the_work_budget() {
    let text = doc(
        "  - name: a\n    action: aws:branch\n    inputs:\n      Choices:\n        - NextStep: a\n          Variable: x\n          StringEquals: x\n",
    );
    let options = crate::exec::Options {
        max_steps: 25,
        ..Default::default()
    };
    let r = super::run_with(
        &text,
        ScriptedDriver::new(),
        Default::default(),
        &options,
        &Default::default(),
    );
    assert_eq!(r.exec.steps.len(), 25);
    assert_eq!(r.exec.status, Failed);
    assert_eq!(
        r.exec.failure_message.as_deref(),
        Some("execution stopped after 25 steps: the document loops without end")
    );
}
