//! Execution: a validated document plus parameters, run step by step against a
//! `CloudDriver` with the service's flow semantics (spec §4).

mod actions;
mod engine;
mod execution;
mod flow;
mod ids;
mod looping;
mod outcome;
mod scope;
mod signals;
mod step;

pub use engine::{
    DocumentSource, Engine, LoadedDocument, NoObserver, Observer, Options, Signal, SignalError,
    StepMockOutcome, StepMocks, StopType,
};
pub use execution::{
    Cursor, Execution, FailureDetails, Mode, NO_OUTPUT_YET, ParentStepDetails, Status, StepRecord,
};
pub use ids::{IdSource, RandomIds, SequentialIds};
pub use outcome::Outcome;

/// Read a parameter-store value through the driver, for `{{ssm:name}}` defaults.
pub fn ssm_parameter(
    driver: &mut dyn crate::driver::CloudDriver,
    name: &str,
    version: Option<&str>,
) -> Option<serde_json::Value> {
    let full = match version {
        Some(v) => format!("{name}:{v}"),
        None => name.to_string(),
    };
    let response = driver.call("ssm", "GetParameter", &serde_json::json!({ "Name": full })).ok()?;
    response.pointer("/Parameter/Value").cloned()
}

/// Records for top-level steps that never started, as get-automation-execution shows them.
pub fn pending_steps(doc: &crate::document::Document, exec: &Execution) -> Vec<StepRecord> {
    doc.main_steps
        .iter()
        .filter(|s| !exec.steps.iter().any(|r| r.parent.is_none() && r.step_name == s.name.value))
        .map(|s| StepRecord {
            step_name: s.name.value.clone(),
            action: s.action.value.clone(),
            step_execution_id: String::new(),
            status: Status::Pending,
            start_ms: None,
            end_ms: None,
            inputs: serde_json::Map::new(),
            outputs: serde_json::Map::new(),
            response: None,
            response_code: None,
            failure_message: None,
            failure_details: None,
            overridden_parameters: Default::default(),
            on_failure: s.on_failure.as_ref().map_or("Abort".into(), |f| f.value.clone()),
            max_attempts: s.max_attempts(),
            timeout_seconds: s.timeout_seconds.as_ref().map(|t| t.value.max(0) as u64),
            is_end: s.is_end(),
            is_critical: s.effective_is_critical(),
            next_step: s.next_step.as_ref().map(|n| n.value.clone()),
            valid_next_steps: None,
            parent: None,
            attempts: 0,
            notes: Vec::new(),
        })
        .collect()
}
