//! StartAutomationExecution, and `ssmrun run`'s start: the execution is stored, claimed by
//! this process, before its first step runs, so that an interrupted run is still listed and
//! can be recovered.

use std::collections::BTreeMap;

use serde_json::Value;

use super::claim::Held;
use super::rig::ChildRuns;
use super::state::{Loaded, Runtime, Setup, StoredDocument};
use super::{Service, ServiceError};
use crate::document::Document;
use crate::driver::SimWorld;
use crate::exec::{Mode, Observer};
use crate::source::SourceFile;
use crate::store::{DocumentStore, ExecutionParts, ExecutionStore};

/// Everything a new execution starts from.
pub struct StartRequest {
    pub document: StoredDocument,
    /// `document` checked; `None` to have the service check it.
    pub checked: Option<Document>,
    /// `--parameters` as given, before conversion and checks.
    pub parameters: BTreeMap<String, Vec<String>>,
    pub mode: Mode,
    pub world: SimWorld,
    pub mocks: Option<Value>,
    pub allow_scripts: bool,
    pub scripts: crate::script::ScriptSettings,
    /// See [`Setup::strict`].
    pub strict: bool,
    /// See [`Setup::driver`].
    pub driver: Option<crate::driver::external::DriverSettings>,
}

/// Validates a document; its errors (the first five) make it unfit to start.
pub fn check(document: &StoredDocument) -> Result<Document, ServiceError> {
    let source = SourceFile::new(document.label.clone(), document.text.clone());
    let checked = crate::validate::check(&source);
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .take(5)
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                source.path, d.span.line, d.span.col, d.message
            )
        })
        .collect();
    match checked.document {
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(ServiceError::InvalidDocument(errors.join("; "))),
    }
}

impl<S: ExecutionStore + DocumentStore> Service<'_, S> {
    /// Starts an execution and stores it; an Auto one runs until it ends or waits. Returns
    /// its id.
    pub fn start(
        &self,
        request: StartRequest,
        observer: &mut dyn Observer,
    ) -> Result<String, ServiceError> {
        let document = match request.checked {
            Some(d) => d,
            None => check(&request.document)?,
        };
        let setup = Setup {
            document: request.document,
            mocks: request.mocks,
            allow_scripts: request.allow_scripts,
            scripts: request.scripts,
            strict: request.strict,
            driver: request.driver,
        };
        let mut rig = self.rig(document, Runtime::new(request.world), &setup)?;
        let parameters = rig.resolve_parameters(&request.parameters)?;
        let (name, version) = (&setup.document.name, &setup.document.version);
        let (exec, _) = rig.with_engine(observer, self.children, Some(self), |engine| {
            engine.start(name, version, parameters, request.mode, None)
        });
        let id = exec.id.clone();
        let claim = Self::new_claim("StartAutomationExecution", None);
        let mut loaded = Loaded::fresh(exec);
        let (row, steps) = loaded.encode();
        // The world is written from the rig's own copy: a world file of 100,000 instances
        // is neither cloned nor decoded again on the way to the store.
        let parts = ExecutionParts {
            world: rig.encode_runtime(),
            setup: serde_json::to_string(&setup).unwrap_or_default(),
        };
        self.store.insert(&row, &parts, &steps, Some(&claim))?;
        // Recorded texts are now those stored: the commit writes only what the run adds.
        loaded.texts = steps.into_iter().map(|s| s.record).collect();
        let mut children = ChildRuns::default();
        if request.mode == Mode::Auto {
            let exec = &mut loaded.execution;
            children = rig
                .with_engine(observer, self.children, Some(self), |engine| {
                    engine.run(exec)
                })
                .1;
        }
        let mut held = Held {
            loaded,
            runtime: self.release_rig(rig, &setup),
            setup,
            token: claim.token.clone(),
        };
        self.insert_children(children, &held.runtime, &held.setup)?;
        self.commit(&mut held)?;
        Ok(id)
    }
}
