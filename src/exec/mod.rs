//! Execution: a validated document plus parameters, run step by step against a
//! `CloudDriver` with the service's flow semantics (spec §4).

// Actions return `Result<_, Outcome>` so that `?` ends an action early with its outcome;
// the outcome is data that is built once per step, so its size does not matter.
#[allow(clippy::result_large_err)]
mod actions;
mod automation;
mod child;
mod child_synth;
mod engine;
mod execution;
mod flow;
mod ids;
#[allow(clippy::result_large_err)]
mod looping;
mod outcome;
mod overrides;
mod scope;
mod signals;
mod ssm_default;
#[allow(clippy::result_large_err)]
mod step;

pub use automation::{AutomationApi, Live};
pub use engine::{
    BranchDecision, DocumentSource, Engine, LoadError, LoadedDocument, NoObserver, Observer,
    Options, Signal, SignalError, StepMockOutcome, StepMocks, StopType,
};
pub use execution::{
    Cursor, Execution, FailureDetails, Mode, NO_OUTPUT_YET, ParentStepDetails, Status, StepRecord,
};
pub use ids::{IdSource, RandomIds, SequentialIds};
pub use outcome::Outcome;
pub use overrides::checked_override;
pub use ssm_default::ssm_parameter;

/// Records for top-level steps that never started, as get-automation-execution shows them.
pub fn pending_steps(doc: &crate::document::Document, exec: &Execution) -> Vec<StepRecord> {
    pending_steps_compiled(&crate::compile::compile(doc), exec)
}

/// [`pending_steps`] of a compiled document.
pub fn pending_steps_compiled(
    compiled: &crate::compile::Compiled,
    exec: &Execution,
) -> Vec<StepRecord> {
    let started: std::collections::HashSet<&str> = exec
        .steps
        .iter()
        .filter(|r| r.parent.is_none())
        .map(|r| r.step_name.as_str())
        .collect();
    compiled
        .main
        .steps
        .iter()
        .filter(|s| !started.contains(s.name.as_str()))
        .map(|s| StepRecord::for_step(s, String::new()))
        .collect()
}

#[cfg(test)]
mod tests;
