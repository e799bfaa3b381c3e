//! aws:executeAutomation: the child document runs in-process, synchronously, on the same
//! simulated cloud; its execution is recorded and linked to the parent.

use super::engine::{Engine, LoadError};
use super::execution::{Execution, Mode, Status};
use super::outcome::Outcome;
use crate::actions::{MAX_CHILD_DEPTH, child_document_name};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

impl Engine<'_> {
    /// aws:executeAutomation: run the child document in-process, synchronously.
    pub(crate) fn execute_automation(
        &mut self,
        exec: &mut Execution,
        inputs: &Map<String, Value>,
    ) -> Outcome {
        let Some(name) = inputs.get("DocumentName").and_then(Value::as_str) else {
            return Outcome::invalid_input("input `DocumentName` must be a string");
        };
        let name = match child_document_name(name) {
            Ok(name) => name,
            Err(e) => return Outcome::invalid_input(e),
        };
        if self.depth >= MAX_CHILD_DEPTH {
            return Outcome::failed(format!(
                "cannot start child automation `{name}`: automations nest at most {MAX_CHILD_DEPTH} levels deep (the nesting budget)"
            ));
        }
        let version = inputs.get("DocumentVersion").and_then(Value::as_str);
        let mut supplied = BTreeMap::new();
        if let Some(Value::Object(params)) = inputs.get("RuntimeParameters") {
            for (k, v) in params {
                supplied.insert(k.clone(), crate::params::to_api_strings(v));
            }
        }
        let loaded = match self.documents.load(name, version) {
            Ok(l) => l,
            // The document exists in a real account (AWS's own, or the user's), only not here.
            Err(LoadError::NotFound(_)) if !self.options.strict => {
                return self.synthesize_child(exec, name, version, supplied, inputs);
            }
            Err(e) => {
                return Outcome::failed(format!("cannot start child automation `{name}`: {e}"));
            }
        };
        let params = {
            let driver = std::cell::RefCell::new(&mut *self.driver);
            let lookup = |p: &crate::document::Parameter, n: &str, ver: Option<&str>| {
                super::ssm_parameter(&mut **driver.borrow_mut(), p, n, ver)
            };
            crate::params::resolve_parameters(&loaded.document, &supplied, &lookup)
        };
        let params = match params {
            Ok(p) => p,
            Err(e) => return Outcome::invalid_input(format!("child automation `{name}`: {e}")),
        };
        let mut child = Engine::new(
            &loaded.document,
            &mut *self.driver,
            &mut *self.mocks,
            &mut *self.ids,
            &mut *self.observer,
            self.documents,
            self.options,
        );
        child.steps_run = self.steps_run;
        child.polls_run = self.polls_run;
        child.depth = self.depth + 1;
        child.automations = self.automations;
        let mut child_exec = child.start(
            &loaded.name,
            &loaded.version,
            params,
            Mode::Auto,
            Some(exec.id.clone()),
        );
        child.run(&mut child_exec);
        self.steps_run = child.steps_run;
        self.polls_run = child.polls_run;
        let grandchildren = std::mem::take(&mut child.children);
        self.children.extend(grandchildren);
        let documents = std::mem::take(&mut child.child_documents);
        self.child_documents.extend(documents);
        let status = child_exec.status;
        // The values alone, in the child's declared order: AWS's own runbooks pass
        // `{{ step.Output }}` on as snapshot IDs (docs/semantics.md).
        let mut by_name = child_exec.document_outputs();
        let child_outputs: Vec<Value> = child_exec
            .declared_outputs
            .iter()
            .filter_map(|name| by_name.remove(name))
            .flatten()
            .map(Value::String)
            .collect();
        let outputs = step_outputs(&child_exec.id, status, child_outputs);
        exec.child_ids.push(child_exec.id.clone());
        let id = child_exec.id.clone();
        let failure = child_exec.failure_message.clone();
        self.children.push(child_exec);
        self.child_documents.insert(id.clone(), loaded);
        let notes = ignored_target_inputs(inputs).into_iter().collect();
        match status {
            Status::Success => Outcome::Success {
                outputs,
                response: None,
                notes,
            },
            Status::Waiting => Outcome::failed(format!(
                "child automation {id} is waiting for a signal; nested waits are not simulated"
            )),
            // The child's own failure says what went wrong; its id finds the whole record.
            other => Outcome::failed(match failure {
                Some(why) => format!(
                    "child automation `{name}` ({id}) ended {}: {why}",
                    other.as_str()
                ),
                None => format!("child automation `{name}` ({id}) ended {}", other.as_str()),
            }),
        }
    }
}

/// A note naming the target and rate-control inputs the step has: they are not simulated,
/// so the child ran (or was synthesized) once, here.
pub(super) fn ignored_target_inputs(inputs: &Map<String, Value>) -> Option<String> {
    let ignored: Vec<&str> = [
        "Targets",
        "TargetMaps",
        "TargetLocations",
        "TargetParameterName",
        "MaxConcurrency",
        "MaxErrors",
    ]
    .into_iter()
    .filter(|k| inputs.contains_key(*k))
    .collect();
    (!ignored.is_empty()).then(|| {
        format!(
            "{} not simulated: the child automation ran once, in this account and region",
            ignored.join(", ")
        )
    })
}

/// The action's outputs (spec §5.11): the child's id, its status, and its output values.
pub(super) fn step_outputs(id: &str, status: Status, output: Vec<Value>) -> Map<String, Value> {
    let mut outputs = Map::new();
    outputs.insert("ExecutionId".into(), json!(id));
    outputs.insert("Status".into(), json!(status.as_str()));
    outputs.insert("Output".into(), Value::Array(output));
    outputs
}
