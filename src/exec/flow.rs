//! Choosing what happens after a step (spec §4.2). Control flow is data: a `Transition`.

use super::execution::{Execution, Status};
use super::step::StepResult;
use crate::document::Step;

#[derive(Clone, Debug, PartialEq)]
pub enum Transition {
    Goto(String),
    End,
    /// The execution ends now with this status and failure message.
    Abort(Status, String),
    /// The step waits for a signal; index of its record.
    Block(usize),
}

/// The transition after `steps[idx]` finished with `result`, within the list `steps`
/// (mainSteps, or one loop body).
pub fn transition(
    steps: &[Step],
    idx: usize,
    result: &StepResult,
    exec: &mut Execution,
) -> Transition {
    let step = &steps[idx];
    match result.status {
        Status::Waiting => Transition::Block(result.record),
        Status::Success => {
            if let Some(target) = &result.goto {
                return Transition::Goto(target.clone());
            }
            default_successor(steps, idx)
        }
        Status::Failed | Status::TimedOut | Status::Cancelled => {
            let on_failure = step
                .on_failure
                .as_ref()
                .map_or("Abort", |f| f.value.as_str());
            if on_failure == "Abort" {
                let status = match result.status {
                    Status::TimedOut => Status::TimedOut,
                    Status::Cancelled => Status::Cancelled,
                    _ => Status::Failed,
                };
                return Transition::Abort(status, result.message.clone());
            }
            if step.effective_is_critical() {
                exec.critical_failure = true;
            }
            match on_failure.strip_prefix("step:") {
                // onFailure step:X wins over isEnd, which governs only the default successor.
                Some(target) => Transition::Goto(target.to_string()),
                None => default_successor(steps, idx),
            }
        }
        // Other statuses do not end a step; treat defensively as the default path.
        _ => default_successor(steps, idx),
    }
}

/// isEnd, else nextStep, else the next step in the list, else the end.
pub fn default_successor(steps: &[Step], idx: usize) -> Transition {
    let step = &steps[idx];
    if step.is_end() {
        return Transition::End;
    }
    if let Some(next) = &step.next_step {
        return Transition::Goto(next.value.clone());
    }
    match steps.get(idx + 1) {
        Some(s) => Transition::Goto(s.name.value.clone()),
        None => Transition::End,
    }
}
