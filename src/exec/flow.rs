//! Choosing what happens after a step (spec §4.2). Control flow is data: a `Transition`.

use super::execution::{Execution, Status};
use super::step::StepResult;
use crate::compile::{OnFailure, StepList, Target};

#[derive(Clone, Debug, PartialEq)]
pub enum Transition {
    /// Run this step next; its index is in the list the transition was worked out in, or
    /// `None` when the step is not in that list.
    Goto(Target),
    End,
    /// The execution ends now with this status and failure message.
    Abort(Status, String),
    /// The step waits for a signal; index of its record.
    Block(usize),
}

/// The transition after `list.steps[idx]` finished with `result`, within `list` (mainSteps,
/// or one loop body).
pub fn transition(
    list: &StepList,
    idx: usize,
    result: &StepResult,
    exec: &mut Execution,
) -> Transition {
    let step = &list.steps[idx];
    match result.status {
        Status::Waiting => Transition::Block(result.record),
        Status::Success => match &result.goto {
            Some(target) => Transition::Goto(within(list, target)),
            None => default_successor(list, idx),
        },
        Status::Failed | Status::TimedOut | Status::Cancelled => {
            if step.on_failure == OnFailure::Abort {
                let status = match result.status {
                    Status::TimedOut => Status::TimedOut,
                    Status::Cancelled => Status::Cancelled,
                    _ => Status::Failed,
                };
                return Transition::Abort(status, result.message.clone());
            }
            if step.is_critical {
                exec.critical_failure = true;
            }
            match &step.on_failure {
                // onFailure step:X wins over isEnd, which governs only the default successor.
                OnFailure::Step(target) => Transition::Goto(target.clone()),
                _ => default_successor(list, idx),
            }
        }
        // Other statuses do not end a step; treat defensively as the default path.
        _ => default_successor(list, idx),
    }
}

/// A target named at run time (a branch `Default`), placed in `list` if it is there.
fn within(list: &StepList, target: &Target) -> Target {
    match target.index {
        Some(_) => target.clone(),
        None => list.target(&target.name),
    }
}

/// isEnd, else nextStep, else the next step in the list, else the end.
pub fn default_successor(list: &StepList, idx: usize) -> Transition {
    let step = &list.steps[idx];
    if step.is_end {
        return Transition::End;
    }
    if let Some(next) = &step.next_step {
        return Transition::Goto(next.clone());
    }
    match list.steps.get(idx + 1) {
        Some(s) => Transition::Goto(Target {
            name: s.name.clone(),
            index: Some(idx + 1),
        }),
        None => Transition::End,
    }
}
