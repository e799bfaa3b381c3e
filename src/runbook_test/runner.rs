//! Running one test case: the document, world, mocks and parameters it names, on a store
//! in memory, with its signals given as the execution waits for them.

use super::spec::{Case, Setup, TestFile};
use crate::driver::{Mocks, SimWorld};
use crate::exec::{DocumentSource, Execution, NoObserver, Signal, Status};
use crate::service::{IdPolicy, Service, StartRequest, StoredDocument};
use crate::store::MemoryStore;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a case's run left behind, for its expectations.
pub struct CaseRun {
    pub execution: Execution,
    pub document: crate::document::Document,
    /// The world after the run, as a world file would hold it.
    pub world: Value,
    /// The API calls the run made, in order (the service's call log).
    pub calls: Vec<crate::driver::ApiCall>,
    /// Problems that are not expectations: signals never used or sent to the wrong step.
    pub notes: Vec<String>,
}

/// The document a test file names: a file beside it, or a bundled document.
pub fn document(file: &TestFile) -> Result<StoredDocument, String> {
    let path = base(file).join(&file.document);
    if path.is_file() {
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let source =
            crate::parse::decode(&path.display().to_string(), bytes).map_err(|d| d.message)?;
        let name = path
            .file_stem()
            .map_or(file.document.clone(), |s| s.to_string_lossy().into_owned());
        return Ok(StoredDocument {
            name,
            version: "1".into(),
            text: source.text,
            label: path.display().to_string(),
        });
    }
    match crate::bundled::find(&file.document) {
        Some(b) => Ok(StoredDocument {
            name: b.name.to_string(),
            version: "1".into(),
            text: b.text.to_string(),
            label: format!("<bundled>/{}", b.file_name),
        }),
        None => Err(format!(
            "`{}` is neither a file beside the test nor a bundled document",
            file.document
        )),
    }
}

fn base(file: &TestFile) -> PathBuf {
    file.path
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf)
}

/// A world or mocks value: a file name (relative to the test file) or the content inline.
fn data(file: &TestFile, value: &Value, what: &str) -> Result<Value, String> {
    let Value::String(name) = value else {
        return Ok(value.clone());
    };
    let path = base(file).join(name);
    let bytes = std::fs::read(&path)
        .map_err(|e| format!("cannot read {what} file `{}`: {e}", path.display()))?;
    let source = crate::parse::decode(&path.display().to_string(), bytes).map_err(|d| d.message)?;
    crate::parse::parse(&source)
        .map(|n| n.to_json())
        .map_err(|d| {
            format!(
                "{what} file `{}` is not valid YAML or JSON: {}",
                path.display(),
                d.first().map_or("", |d| d.message.as_str())
            )
        })
}

/// The case's setup over the file's: parameters merged, world and mocks replaced.
fn merged(file: &TestFile, case: &Case) -> Setup {
    let mut parameters = file.defaults.parameters.clone();
    parameters.extend(case.setup.parameters.clone());
    Setup {
        parameters,
        world: case
            .setup
            .world
            .clone()
            .or_else(|| file.defaults.world.clone()),
        mocks: case
            .setup
            .mocks
            .clone()
            .or_else(|| file.defaults.mocks.clone()),
    }
}

pub fn run(file: &TestFile, case: &Case, children: &dyn DocumentSource) -> Result<CaseRun, String> {
    let stored = document(file)?;
    let checked = crate::service::check(&stored).map_err(|e| e.to_string())?;
    let setup = merged(file, case);
    let world = match &setup.world {
        Some(v) => SimWorld::from_world_json(&data(file, v, "world")?)
            .map_err(|e| format!("world: {e}"))?,
        None => SimWorld::default_world(),
    };
    let mocks = match &setup.mocks {
        Some(v) => {
            let v = data(file, v, "mocks")?;
            Mocks::from_json(&v).map_err(|e| format!("mocks: {e}"))?;
            Some(v)
        }
        None => None,
    };
    let store = MemoryStore::new();
    let service = Service::new(&store, children, IdPolicy::Sequential);
    let request = StartRequest {
        document: stored,
        checked: Some(checked.clone()),
        parameters: setup.parameters,
        mode: crate::exec::Mode::Auto,
        world,
        mocks,
        allow_scripts: false,
        scripts: crate::script::ScriptSettings::default(),
        strict: false,
        driver: None,
    };
    let id = service
        .start(request, &mut NoObserver)
        .map_err(|e| e.to_string())?;
    let mut notes = Vec::new();
    let mut signals = case.signals.iter();
    let execution = loop {
        let exec = service.execution(&id).map_err(|e| e.to_string())?;
        let Some(waiting) = exec
            .current_step()
            .filter(|_| exec.status == Status::Waiting)
        else {
            break exec;
        };
        let Some(next) = signals.next() else {
            break exec;
        };
        if next.step != waiting.step_name {
            notes.push(format!(
                "the execution waits at step `{}` but the next signal is for `{}`",
                waiting.step_name, next.step
            ));
            break exec;
        }
        let signal = Signal::parse(&next.signal).ok_or_else(|| {
            format!(
                "unknown signal `{}` (Approve, Reject, Resume, StartStep, StopStep)",
                next.signal
            )
        })?;
        let mut payload: BTreeMap<String, Vec<String>> = next.payload.clone();
        payload
            .entry("StepName".into())
            .or_insert_with(|| vec![next.step.clone()]);
        service
            .signal(&id, signal, &payload, &mut NoObserver)
            .map_err(|e| e.to_string())?;
    };
    let unused: Vec<&str> = signals.map(|s| s.step.as_str()).collect();
    if !unused.is_empty() && notes.is_empty() {
        notes.push(format!(
            "signals never sent (no step waited for them): {}",
            unused.join(", ")
        ));
    }
    let world = service.world(&id).map_err(|e| e.to_string())?;
    Ok(CaseRun {
        execution,
        document: checked,
        world: world.to_world_json(),
        calls: service.call_log().calls(),
        notes,
    })
}
