//! `run --save-test FILE`: a runbook test file with one case that expects what this run did
//! (docs/runbook-tests.md), to be edited into what should happen.

use super::error::CliError;
use crate::document::Document;
use crate::exec::{Execution, Status};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// What the run was given, as the test file names it.
pub struct Given<'a> {
    pub document: &'a str,
    pub parameters: &'a BTreeMap<String, Vec<String>>,
    pub world: Option<&'a Path>,
    pub mocks: Option<&'a Path>,
    /// (step, signal) in the order they were sent.
    pub signals: &'a [(String, String)],
    pub calls: &'a [crate::driver::ApiCall],
}

pub fn write(
    path: &Path,
    given: &Given<'_>,
    exec: &Execution,
    doc: &Document,
) -> Result<(), CliError> {
    let dir = path.parent().map_or_else(PathBuf::new, Path::to_path_buf);
    let document = if Path::new(given.document).is_file() {
        relative(&dir, Path::new(given.document))
    } else {
        given.document.to_string()
    };
    let mut file = Map::new();
    file.insert("document".into(), json!(document));
    let mut case = Map::new();
    case.insert(
        "name".into(),
        json!(format!("ends {}", exec.status.as_str())),
    );
    if !given.parameters.is_empty() {
        case.insert("parameters".into(), json!(given.parameters));
    }
    if let Some(w) = given.world {
        case.insert("world".into(), json!(relative(&dir, w)));
    }
    if let Some(m) = given.mocks {
        case.insert("mocks".into(), json!(relative(&dir, m)));
    }
    if !given.signals.is_empty() {
        let signals: Vec<Value> = given
            .signals
            .iter()
            .map(|(step, signal)| json!({"step": step, "signal": signal}))
            .collect();
        case.insert("signals".into(), Value::Array(signals));
    }
    let mut expect = expectations(exec, doc);
    // Reads are left out: how often a step polls is the simulation's business, what it
    // changes is the runbook's.
    let changes: Vec<Value> = given
        .calls
        .iter()
        .filter(|c| {
            !["Describe", "Get", "List"]
                .iter()
                .any(|p| c.operation.starts_with(p))
        })
        .map(|c| json!(format!("{}.{}", c.service, c.operation)))
        .collect();
    if !changes.is_empty() {
        expect["calls"] = Value::Array(changes);
    }
    case.insert("expect".into(), expect);
    file.insert("cases".into(), json!([Value::Object(case)]));
    let text = format!(
        "# Written by `ssmrun run --save-test`: it expects what that run did. Edit it to say\n\
         # what should happen (docs/runbook-tests.md).\n{}",
        crate::render::yaml_document(&Value::Object(file))
    );
    std::fs::write(path, text)
        .map_err(|e| CliError::internal(format!("cannot write `{}`: {e}", path.display())))
}

fn expectations(exec: &Execution, doc: &Document) -> Value {
    let mut steps = Map::new();
    for step in doc.all_steps() {
        let status = exec
            .steps
            .iter()
            .rev()
            .find(|r| r.step_name == step.name.value)
            .map_or(Status::Pending, |r| r.status);
        steps.insert(step.name.value.clone(), json!(status.as_str()));
    }
    let mut outputs = Map::new();
    let declared: Vec<String> = if exec.declared_outputs.is_empty() {
        exec.step_outputs
            .iter()
            .flat_map(|(step, o)| o.keys().map(move |k| format!("{step}.{k}")))
            .collect()
    } else {
        exec.declared_outputs.clone()
    };
    for name in declared {
        if let Some((step, output)) = name.split_once('.')
            && let Some(v) = exec.step_outputs.get(step).and_then(|o| o.get(output))
        {
            outputs.insert(name.clone(), v.clone());
        }
    }
    let mut expect = Map::new();
    expect.insert("status".into(), json!(exec.status.as_str()));
    expect.insert("steps".into(), Value::Object(steps));
    if !outputs.is_empty() {
        expect.insert("outputs".into(), Value::Object(outputs));
    }
    Value::Object(expect)
}

/// `target` relative to `dir`, both taken from the working directory, with `/` separators.
fn relative(dir: &Path, target: &Path) -> String {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_path_buf())
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<String>>()
    };
    let (from, to) = (absolute(dir), absolute(target));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    parts.join("/")
}
