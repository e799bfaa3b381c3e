//! The Automation operations of `ssm` that start or advance an execution, called from
//! inside a run: StartAutomationExecution, StopAutomationExecution and SendAutomationSignal,
//! done as the `ssm` commands do them, by a service of their own (their calls do not join
//! the caller's call log).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::api::id;
use super::{Service, ServiceError, StartRequest, StoredDocument, kinds};
use crate::actions::{MAX_CHILD_DEPTH, child_document_name};
use crate::driver::SimWorld;
use crate::exec::{Live, NoObserver, SignalError};
use crate::store::{DocumentStore, ExecutionStore};

fn refused(exception: &'static str, message: String) -> ServiceError {
    ServiceError::Refused(SignalError::new(exception, message))
}

/// A map of string lists (`Parameters`, `Payload`), as the request gives it.
fn string_lists(value: &Value) -> BTreeMap<String, Vec<String>> {
    let Value::Object(map) = value else {
        return BTreeMap::new();
    };
    map.iter()
        .map(|(k, v)| (k.clone(), crate::params::to_api_strings(v)))
        .collect()
}

impl<'s, S: ExecutionStore + DocumentStore> Service<'s, S> {
    /// The service an operation from inside a run goes through: the same store, documents
    /// and ids, one level deeper.
    fn nested(&self) -> Service<'s, S> {
        let mut service = Service::new(self.store, self.children, self.ids);
        service.real_aws = self.real_aws;
        service.interrupt = self.interrupt;
        service.depth = self.depth + 1;
        service
    }

    /// StartAutomationExecution: the document is found where this service finds child
    /// documents, and the new execution starts on a copy of the caller's world as it is now,
    /// with no mocks and no scripts, and runs to its end or first wait before the call
    /// returns (docs/semantics.md, "Automation calls from a runbook").
    pub(super) fn api_start(
        &self,
        request: &Value,
        world: &SimWorld,
    ) -> Result<Value, ServiceError> {
        let text = |member: &str| request.get(member).and_then(Value::as_str);
        if self.depth >= MAX_CHILD_DEPTH {
            return Err(refused(
                "AutomationExecutionLimitExceededException",
                format!(
                    "automations started from runbooks nest at most {MAX_CHILD_DEPTH} levels deep (the nesting budget)"
                ),
            ));
        }
        let not_found = |e: String| refused("AutomationDefinitionNotFoundException", e);
        let name =
            child_document_name(text("DocumentName").unwrap_or_default()).map_err(not_found)?;
        let loaded = self
            .children
            .load(name, text("DocumentVersion"))
            .map_err(|e| not_found(e.to_string()))?;
        if loaded.text.is_empty() {
            return Err(not_found(format!("document `{name}` has no text to run")));
        }
        let mode = kinds::mode(text("Mode").unwrap_or("Auto"))?;
        let parameters = request.get("Parameters").map(string_lists);
        let start = StartRequest {
            document: StoredDocument {
                name: loaded.name,
                version: loaded.version,
                text: loaded.text,
                label: loaded.label,
            },
            checked: Some(loaded.document),
            parameters: parameters.unwrap_or_default(),
            mode,
            world: world.clone(),
            mocks: None,
            allow_scripts: false,
            scripts: crate::script::ScriptSettings::default(),
            strict: false,
            driver: None,
        };
        let id = self.nested().start(start, &mut NoObserver)?;
        Ok(json!({ "AutomationExecutionId": id }))
    }

    /// StopAutomationExecution and SendAutomationSignal on a stored execution, without
    /// waiting for a claim. `None` for one that runs in this process now, the engine's own
    /// or an ancestor's (claimed by this process): it is left to the world, which does not
    /// answer it.
    pub(super) fn api_advance(
        &self,
        api: &str,
        request: &Value,
        live: &Live<'_>,
    ) -> Option<Result<Value, ServiceError>> {
        let id = id(request);
        if live.find(id).is_some() {
            return None;
        }
        let text = |member: &str| request.get(member).and_then(Value::as_str);
        let service = self.nested().with_claim_wait(std::time::Duration::ZERO);
        let result = if api == "StopAutomationExecution" {
            kinds::stop_type(text("Type").unwrap_or("Cancel"))
                .and_then(|kind| service.stop(id, kind))
        } else {
            let payload = request.get("Payload").map(string_lists).unwrap_or_default();
            kinds::signal_type(text("SignalType").unwrap_or_default())
                .and_then(|kind| service.signal(id, kind, &payload, &mut NoObserver))
        };
        match result {
            Err(ServiceError::Busy { .. }) => None,
            other => Some(other.map(|()| json!({}))),
        }
    }
}
