//! A synthesized child automation: `aws:executeAutomation` of a document that is not
//! available locally. In a real account the document exists (AWS owns every name with a
//! reserved prefix, and a user's own child is in their account), so the step is answered as
//! the service answers it when the child succeeds, as API calls nobody simulates get
//! synthesized answers. `--strict` turns this off (docs/world-and-mocks.md).

use super::child::{ignored_target_inputs, step_outputs};
use super::engine::Engine;
use super::execution::{Cursor, Execution, Mode, Status};
use super::outcome::Outcome;
use crate::actions::reserved_prefix;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

impl Engine<'_> {
    /// Records a child execution that ended `Success` at once, with no steps and no outputs,
    /// and the parameters as the parent passed them; the step succeeds with the action's
    /// outputs and a note that says the child did not run.
    pub(super) fn synthesize_child(
        &mut self,
        exec: &mut Execution,
        name: &str,
        version: Option<&str>,
        supplied: BTreeMap<String, Vec<String>>,
        inputs: &Map<String, Value>,
    ) -> Outcome {
        let now = self.driver.now_millis();
        let child = Execution {
            id: self.ids.next_id(),
            document_name: name.to_string(),
            document_version: record_version(version),
            mode: Mode::Auto,
            status: Status::Success,
            parameters: supplied.into_iter().map(|(k, v)| (k, json!(v))).collect(),
            variables: Map::new(),
            steps: Vec::new(),
            step_outputs: BTreeMap::new(),
            start_ms: now,
            end_ms: Some(now),
            failure_message: None,
            cursor: Cursor::End,
            critical_failure: false,
            parent_id: Some(exec.id.clone()),
            executed_by: self.options.executed_by.clone(),
            child_ids: Vec::new(),
            approvals: Vec::new(),
            declared_outputs: Vec::new(),
            synthesized: true,
        };
        let outputs = step_outputs(&child.id, Status::Success, Vec::new());
        let mut notes = vec![not_run_note(name, &child.id)];
        notes.extend(ignored_target_inputs(inputs));
        exec.child_ids.push(child.id.clone());
        self.children.push(child);
        Outcome::Success {
            outputs,
            response: None,
            notes,
        }
    }
}

/// The version the record shows: the one asked for when it is a number, else `1`, the
/// first version every document has (`$DEFAULT` and `$LATEST` name no number here).
fn record_version(asked: Option<&str>) -> String {
    asked
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("1")
        .to_string()
}

/// What the step's note says: the child did not run, why, and how to make it run.
fn not_run_note(name: &str, id: &str) -> String {
    format!(
        "child automation `{name}` not run: its document is not available locally, so execution {id} is synthesized (Success, no outputs); {}, or pass --strict to fail here",
        how_to_provide(name)
    )
}

/// How a user makes document `name` available locally. A name with a reserved prefix cannot
/// be registered (CreateDocument refuses it), so only a copy beside the runbook works.
fn how_to_provide(name: &str) -> String {
    match reserved_prefix(name) {
        Some(_) => format!(
            "to run it, put a copy named `{name}.yaml` beside the runbook (AWS owns the name, so it cannot be registered)"
        ),
        None => format!(
            "to run it, register it with `ssmrun ssm create-document --name {name}` or put `{name}.yaml` beside the runbook"
        ),
    }
}
