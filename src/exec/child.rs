//! aws:executeAutomation: the child document runs in-process, synchronously, on the same
//! simulated cloud; its execution is recorded and linked to the parent.

use super::engine::Engine;
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
        let loaded = match self.documents.load(name, version) {
            Ok(l) => l,
            Err(e) => {
                return Outcome::failed(format!("cannot start child automation `{name}`: {e}"));
            }
        };
        let mut supplied = BTreeMap::new();
        if let Some(Value::Object(params)) = inputs.get("RuntimeParameters") {
            for (k, v) in params {
                supplied.insert(k.clone(), crate::params::to_api_strings(v));
            }
        }
        let params = {
            let driver = std::cell::RefCell::new(&mut *self.driver);
            let lookup = |n: &str, ver: Option<&str>| {
                super::ssm_parameter(&mut **driver.borrow_mut(), n, ver)
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
        let status = child_exec.status;
        let mut outputs = Map::new();
        outputs.insert("ExecutionId".into(), json!(child_exec.id));
        outputs.insert("Status".into(), json!(status.as_str()));
        let child_outputs: Vec<Value> = child_exec
            .document_outputs()
            .into_iter()
            .map(|(k, v)| json!(format!("{k}: {}", v.join(","))))
            .collect();
        outputs.insert("Output".into(), Value::Array(child_outputs));
        exec.child_ids.push(child_exec.id.clone());
        let id = child_exec.id.clone();
        self.children.push(child_exec);
        // Rate control and multi-account targets are not simulated: the child ran once, here.
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
        let notes = if ignored.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{} not simulated: the child automation ran once, in this account and region",
                ignored.join(", ")
            )]
        };
        match status {
            Status::Success => Outcome::Success {
                outputs,
                response: None,
                notes,
            },
            Status::Waiting => Outcome::failed(format!(
                "child automation {id} is waiting for a signal; nested waits are not simulated"
            )),
            other => Outcome::failed(format!("child automation {id} ended {}", other.as_str())),
        }
    }
}
