//! The execution state: everything needed to continue an execution later (it is stored as
//! JSON between CLI calls) and to render the service's records.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    Auto,
    Interactive,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Auto => "Auto",
            Mode::Interactive => "Interactive",
        }
    }
}

/// The service's AutomationExecutionStatus values that a local run can reach.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Pending,
    InProgress,
    Waiting,
    Success,
    TimedOut,
    Cancelling,
    Cancelled,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "Pending",
            Status::InProgress => "InProgress",
            Status::Waiting => "Waiting",
            Status::Success => "Success",
            Status::TimedOut => "TimedOut",
            Status::Cancelling => "Cancelling",
            Status::Cancelled => "Cancelled",
            Status::Failed => "Failed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Pending,
            Status::InProgress,
            Status::Waiting,
            Status::Success,
            Status::TimedOut,
            Status::Cancelling,
            Status::Cancelled,
            Status::Failed,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Success | Status::TimedOut | Status::Cancelled | Status::Failed
        )
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailureDetails {
    pub stage: String,
    pub kind: String,
    pub details: BTreeMap<String, Vec<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentStepDetails {
    pub step_execution_id: String,
    pub step_name: String,
    pub action: String,
    pub iteration: u32,
    pub iterator_value: Option<String>,
}

/// One step execution record (StepExecution in the API). Empty fields are left out of the
/// stored JSON: an execution's state is rewritten on every signal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    pub step_name: String,
    pub action: String,
    pub step_execution_id: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<i64>,
    /// Resolved inputs (typed); rendered JSON-encoded as the service does.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub inputs: Map<String, Value>,
    /// Outputs, built-in and user-defined, typed.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub outputs: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_details: Option<FailureDetails>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overridden_parameters: BTreeMap<String, Vec<String>>,
    pub on_failure: String,
    pub max_attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    pub is_end: bool,
    pub is_critical: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_next_steps: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<ParentStepDetails>,
    pub attempts: u32,
    /// Notes about simulation limits, printed with the record ("template resources are not
    /// modelled"), never hidden.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl StepRecord {
    /// A record for a step of the document, before it runs (status Pending).
    pub fn for_step(step: &crate::compile::CompiledStep, step_execution_id: String) -> StepRecord {
        StepRecord {
            on_failure: step.on_failure_text.clone(),
            max_attempts: step.max_attempts,
            timeout_seconds: step.timeout_seconds,
            is_end: step.is_end,
            is_critical: step.is_critical,
            next_step: step.next_step.as_ref().map(|n| n.name.clone()),
            ..StepRecord::new(&step.name, step.action.name(), step_execution_id)
        }
    }

    /// Adds a note once: a note repeated by a later attempt or iteration says nothing new.
    pub fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// A Pending record with the service's defaults.
    pub fn new(step_name: &str, action: &str, step_execution_id: String) -> StepRecord {
        StepRecord {
            step_name: step_name.to_string(),
            action: action.to_string(),
            step_execution_id,
            status: Status::Pending,
            start_ms: None,
            end_ms: None,
            inputs: Map::new(),
            outputs: Map::new(),
            response: None,
            response_code: None,
            failure_message: None,
            failure_details: None,
            overridden_parameters: BTreeMap::new(),
            on_failure: "Abort".into(),
            max_attempts: 1,
            timeout_seconds: None,
            is_end: false,
            is_critical: true,
            next_step: None,
            valid_next_steps: None,
            parent: None,
            attempts: 0,
            notes: Vec::new(),
        }
    }
}

/// What the execution does next.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cursor {
    /// Run this top-level step next (Auto), or the default next step (Interactive).
    Next(String),
    /// Waiting for a signal on this step (aws:approve / aws:pause); index into `steps`.
    Blocked { record: usize },
    /// Nothing left to run.
    End,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Execution {
    pub id: String,
    pub document_name: String,
    pub document_version: String,
    pub mode: Mode,
    pub status: Status,
    pub parameters: Map<String, Value>,
    pub variables: Map<String, Value>,
    /// Step records in the order the steps started.
    pub steps: Vec<StepRecord>,
    /// Latest outputs per step name, for `{{ Step.Output }}`.
    pub step_outputs: BTreeMap<String, Map<String, Value>>,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
    pub failure_message: Option<String>,
    pub cursor: Cursor,
    /// Set when a critical step failed but the run went on; decides the final status.
    pub critical_failure: bool,
    pub parent_id: Option<String>,
    pub executed_by: String,
    pub child_ids: Vec<String>,
    /// Approvals gathered so far for the blocked aws:approve step.
    pub approvals: Vec<String>,
    /// Document `outputs` (Step.Output names) in declared order.
    pub declared_outputs: Vec<String>,
    /// A child automation that did not run because its document is not available locally:
    /// its record stands for the success a real account would report (docs/world-and-mocks.md).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthesized: bool,
}

pub const NO_OUTPUT_YET: &str =
    "No output available yet because the step is not successfully executed";

impl Execution {
    pub fn record(&self, step_execution_id: &str) -> Option<&StepRecord> {
        self.steps
            .iter()
            .find(|r| r.step_execution_id == step_execution_id)
    }

    pub fn current_step(&self) -> Option<&StepRecord> {
        match &self.cursor {
            Cursor::Blocked { record } => self.steps.get(*record),
            _ => self.steps.last().filter(|r| r.status == Status::InProgress),
        }
    }

    /// Document outputs as the service shows them: `Step.Output` → list of strings.
    pub fn document_outputs(&self) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for name in &self.declared_outputs {
            let value = name.split_once('.').and_then(|(step, output)| {
                let ok = self
                    .steps
                    .iter()
                    .rev()
                    .find(|r| r.step_name == step && r.parent.is_none())
                    .is_some_and(|r| r.status == Status::Success);
                ok.then(|| self.step_outputs.get(step)?.get(output).cloned())
                    .flatten()
            });
            let strings = match value {
                Some(v) => crate::selector::record_strings(&v),
                None => vec![NO_OUTPUT_YET.to_string()],
            };
            out.insert(name.clone(), strings);
        }
        out
    }
}
