//! Waiting steps and what ends a wait: Resume, Approve, Reject, StopStep, and a Cancel that
//! runs the onCancel path (spec §6.3–6.5).

use super::{Children, ScriptedDriver, doc};
use crate::exec::{Engine, Execution, Mode, Options, Signal, Status, StopType};
use std::collections::BTreeMap;

const SLEEP: &str = "    action: aws:sleep\n    inputs:\n      Duration: PT1S\n";

/// Start `text` in `mode`, run it, then apply `then` with the same engine.
fn with_engine(
    text: &str,
    mode: Mode,
    then: impl FnOnce(&mut Engine, &mut Execution),
) -> Execution {
    let options = Options::default();
    let children = Children::default();
    let run = |engine: &mut Engine| {
        let mut exec = engine.start("test", "1", Default::default(), mode, None);
        if mode == Mode::Auto {
            engine.run(&mut exec);
        }
        then(engine, &mut exec);
        exec
    };
    super::with_engine(text, ScriptedDriver::new(), &options, &children, run).0
}

fn payload(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), vec![v.to_string()]))
        .collect()
}

fn statuses(exec: &Execution) -> Vec<(&str, Status)> {
    exec.steps
        .iter()
        .map(|r| (r.step_name.as_str(), r.status))
        .collect()
}

const PAUSE_THEN_SLEEP: &str = "  - name: wait\n    action: aws:pause\n    onCancel: step:cleanup\n    inputs: {}\n  - name: work\n    isEnd: true\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n  - name: cleanup\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n";

#[test]
fn a_pause_waits_until_resumed() {
    let exec = with_engine(&doc(PAUSE_THEN_SLEEP), Mode::Auto, |engine, exec| {
        assert_eq!(exec.status, Status::Waiting);
        engine
            .signal(exec, Signal::Resume, &BTreeMap::new())
            .expect("resume is accepted");
    });
    assert_eq!(exec.status, Status::Success);
    assert_eq!(
        statuses(&exec),
        [("wait", Status::Success), ("work", Status::Success)]
    );
}

#[test]
fn approvals_count_until_enough_and_a_rejection_fails_the_step() {
    let text = doc(&format!(
        "  - name: ok\n    action: aws:approve\n    inputs:\n      Approvers: [a, b]\n      MinRequiredApprovals: 2\n  - name: next\n{SLEEP}"
    ));
    let exec = with_engine(&text, Mode::Auto, |engine, exec| {
        engine
            .signal(exec, Signal::Approve, &BTreeMap::new())
            .unwrap();
        assert_eq!(exec.status, Status::Waiting, "one approval of two");
        engine
            .signal(exec, Signal::Approve, &BTreeMap::new())
            .unwrap();
    });
    assert_eq!(exec.status, Status::Success);
    assert_eq!(exec.steps[0].outputs["ApprovalStatus"], "Approved");

    let exec = with_engine(&text, Mode::Auto, |engine, exec| {
        let comment = payload(&[("Comment", "no")]);
        engine.signal(exec, Signal::Reject, &comment).unwrap();
    });
    assert_eq!(exec.status, Status::Failed);
    assert_eq!(statuses(&exec), [("ok", Status::Failed)]);
    assert_eq!(exec.steps[0].outputs["ApprovalStatus"], "Rejected");
}

#[test]
fn a_signal_for_another_kind_of_step_is_refused() {
    with_engine(&doc(PAUSE_THEN_SLEEP), Mode::Auto, |engine, exec| {
        let error = engine
            .signal(exec, Signal::Approve, &BTreeMap::new())
            .unwrap_err();
        assert_eq!(error.exception, "InvalidAutomationSignalException");
        assert_eq!(error.message, "step `wait` is aws:pause, not aws:approve");
    });
}

#[test]
fn cancel_runs_the_on_cancel_path_then_ends_cancelled() {
    let exec = with_engine(&doc(PAUSE_THEN_SLEEP), Mode::Auto, |engine, exec| {
        engine.stop(exec, StopType::Cancel).unwrap();
    });
    assert_eq!(exec.status, Status::Cancelled);
    assert_eq!(
        statuses(&exec),
        [("wait", Status::Cancelled), ("cleanup", Status::Success)]
    );
}

#[test]
fn cancel_with_on_cancel_abort_runs_nothing_more() {
    let text = doc(
        "  - name: wait\n    action: aws:pause\n    inputs: {}\n  - name: cleanup\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n",
    );
    let exec = with_engine(&text, Mode::Auto, |engine, exec| {
        engine.stop(exec, StopType::Cancel).unwrap();
        let again = engine.stop(exec, StopType::Cancel).unwrap_err();
        assert_eq!(again.exception, "InvalidAutomationStatusUpdateException");
    });
    assert_eq!(exec.status, Status::Cancelled);
    assert_eq!(statuses(&exec), [("wait", Status::Cancelled)]);
}

#[test]
fn stop_step_cancels_the_waiting_step_and_its_on_failure_decides() {
    let text = doc(&format!(
        "  - name: wait\n    action: aws:pause\n    onFailure: Continue\n    inputs: {{}}\n  - name: next\n{SLEEP}"
    ));
    let exec = with_engine(&text, Mode::Auto, |engine, exec| {
        let id = exec.steps[0].step_execution_id.clone();
        let p = payload(&[("StepExecutionId", &id)]);
        engine.signal(exec, Signal::StopStep, &p).unwrap();
    });
    assert_eq!(
        statuses(&exec),
        [("wait", Status::Cancelled), ("next", Status::Success)]
    );
}

#[test]
fn interactive_steps_run_one_at_a_time_and_name_the_next() {
    let text = doc(&format!(
        "  - name: a\n    nextStep: c\n{SLEEP}  - name: b\n{SLEEP}  - name: c\n{SLEEP}"
    ));
    let exec = with_engine(&text, Mode::Interactive, |engine, exec| {
        assert_eq!(exec.status, Status::Waiting);
        engine
            .signal(exec, Signal::StartStep, &payload(&[("StepName", "a")]))
            .unwrap();
        assert_eq!(exec.status, Status::Waiting);
        let missing = engine
            .signal(exec, Signal::StartStep, &payload(&[("StepName", "zz")]))
            .unwrap_err();
        assert_eq!(missing.exception, "AutomationStepNotFoundException");
        engine.stop(exec, StopType::Complete).unwrap();
    });
    assert_eq!(exec.steps[0].valid_next_steps, Some(vec!["c".to_string()]));
    assert_eq!(exec.status, Status::Success);
}
