//! aws:loop (spec §5.17): for-each, do-while, body records, leaving the body, aborting.

use super::{ScriptedDriver, doc, run};
use crate::exec::Status::{Failed, Success};
use serde_json::json;

#[test]
fn a_loop_runs_its_body_once_per_iterator() {
    let text = doc(
        "  - name: each\n    action: aws:loop\n    inputs:\n      Iterators: [x, y, z]\n      Steps:\n        - name: nap\n          action: aws:sleep\n          inputs:\n            Duration: PT1S\n",
    );
    let r = run(&text, ScriptedDriver::new());
    assert_eq!(r.exec.status, Success);
    assert_eq!(r.names(), ["each", "nap", "nap", "nap"]);
    let values: Vec<_> = r.exec.steps[1..]
        .iter()
        .map(|s| {
            let p = s.parent.as_ref().expect("a body record names its loop");
            (p.iteration, p.iterator_value.clone().unwrap_or_default())
        })
        .collect();
    assert_eq!(values, [(1, "x".into()), (2, "y".into()), (3, "z".into())]);
    assert_eq!(r.record("each").outputs["CurrentIteration"], json!(3));
    assert_eq!(r.driver.elapsed(), 3_000);
}

#[test]
fn a_do_while_loop_stops_when_its_condition_fails() {
    let text = "schemaVersion: '0.3'\nvariables:\n  n:\n    type: Integer\n    default: 0\nmainSteps:\n  - name: count\n    action: aws:loop\n    inputs:\n      MaxIterations: 10\n      LoopCondition:\n        Variable: '{{ variable:n }}'\n        NumericLesser: 3\n      Steps:\n        - name: bump\n          action: aws:updateVariable\n          inputs:\n            Name: variable:n\n            Value: '{{ count.CurrentIteration }}'\n";
    let r = run(text, ScriptedDriver::new());
    assert_eq!(r.exec.status, Success);
    assert_eq!(r.names(), ["count", "bump", "bump", "bump"]);
    assert_eq!(r.exec.variables["n"], json!(3));
}

#[test]
fn a_body_step_may_leave_the_loop_for_a_main_step() {
    let text = doc(
        "  - name: each\n    action: aws:loop\n    inputs:\n      Iterators: [1, 2, 3]\n      Steps:\n        - name: out\n          action: aws:branch\n          inputs:\n            Choices:\n              - NextStep: done\n                Variable: '{{ each.CurrentIteratorValue }}'\n                NumericEquals: 2\n  - name: skipped\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n  - name: done\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n",
    );
    let r = run(&text, ScriptedDriver::new());
    assert_eq!(r.names(), ["each", "out", "out", "done"]);
    assert_eq!(r.exec.status, Success);
}

#[test]
fn a_body_step_that_aborts_ends_the_execution() {
    let text = doc(
        "  - name: each\n    action: aws:loop\n    onFailure: Continue\n    inputs:\n      Iterators: [1, 2]\n      Steps:\n        - name: call\n          action: aws:executeAwsApi\n          inputs:\n            Service: ec2\n            Api: DescribeVpcs\n  - name: after\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n",
    );
    let driver = ScriptedDriver::new().fail("ec2.DescribeVpcs", "Boom", "no");
    let r = run(&text, driver);
    assert_eq!(r.names(), ["each", "call"]);
    assert_eq!(r.exec.status, Failed);
    assert_eq!(r.record("each").status, Failed);
}

#[test]
fn too_many_iterators_fail_the_loop_step() {
    let items: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    let text = doc(&format!(
        "  - name: each\n    action: aws:loop\n    inputs:\n      Iterators: [{}]\n      Steps:\n        - name: nap\n          action: aws:sleep\n          inputs:\n            Duration: PT1S\n",
        items.join(", ")
    ));
    let r = run(&text, ScriptedDriver::new());
    assert_eq!(r.names(), ["each"]);
    assert_eq!(
        r.record("each").failure_message.as_deref(),
        Some("`Iterators` has 101 items; at most 100 are allowed")
    );
}
