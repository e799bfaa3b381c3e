//! Engine tests over a scripted cloud ([`fake::ScriptedDriver`]): each test states the
//! document, what the cloud answers, and what the execution and its records must be.

mod catalogue;
mod fake;
mod flow;
mod loops;
mod regressions;
mod retries;
mod signals;

use super::{
    DocumentSource, Engine, Execution, LoadedDocument, Mode, NoObserver, Options, SequentialIds,
    Status,
};
use crate::document::Document;
use crate::source::SourceFile;
pub use fake::ScriptedDriver;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A document from YAML text; tests may run documents with validation errors on purpose.
pub fn document(text: &str) -> Document {
    let checked = crate::validate::check(&SourceFile::new("test.yaml", text));
    checked.document.expect("the test document lowers")
}

/// Child documents for `aws:executeAutomation`, by name.
#[derive(Default)]
pub struct Children(pub HashMap<String, Document>);

impl DocumentSource for Children {
    fn load(&self, name: &str, _version: Option<&str>) -> Result<LoadedDocument, String> {
        let document = self
            .0
            .get(name)
            .cloned()
            .ok_or_else(|| format!("document `{name}` does not exist"))?;
        Ok(LoadedDocument {
            name: name.to_string(),
            version: "1".into(),
            document,
            source: None,
        })
    }
}

/// What a test looks at after a run.
pub struct Run {
    pub exec: Execution,
    pub driver: ScriptedDriver,
    pub children: Vec<Execution>,
}

impl Run {
    /// Step names and statuses, in the order the steps started.
    pub fn steps(&self) -> Vec<(String, Status)> {
        self.exec
            .steps
            .iter()
            .map(|r| (r.step_name.clone(), r.status))
            .collect()
    }

    pub fn names(&self) -> Vec<&str> {
        self.exec
            .steps
            .iter()
            .map(|r| r.step_name.as_str())
            .collect()
    }

    /// The last record of step `name`.
    pub fn record(&self, name: &str) -> &crate::exec::StepRecord {
        self.exec
            .steps
            .iter()
            .rev()
            .find(|r| r.step_name == name)
            .unwrap_or_else(|| panic!("step `{name}` has no record"))
    }
}

/// Run `text` in Auto mode with default options.
pub fn run(text: &str, driver: ScriptedDriver) -> Run {
    run_with(
        text,
        driver,
        Map::new(),
        &Options::default(),
        &Children::default(),
    )
}

pub fn run_with(
    text: &str,
    driver: ScriptedDriver,
    parameters: Map<String, Value>,
    options: &Options,
    children: &Children,
) -> Run {
    let ((exec, kids), driver) = with_engine(text, driver, options, children, |engine| {
        let mut exec = engine.start("test", "1", parameters, Mode::Auto, None);
        engine.run(&mut exec);
        (exec, std::mem::take(&mut engine.children))
    });
    Run {
        exec,
        driver,
        children: kids,
    }
}

/// Make an engine for `text` over `driver` and hand it to `f`; the driver comes back with
/// the calls it recorded.
pub fn with_engine<R>(
    text: &str,
    mut driver: ScriptedDriver,
    options: &Options,
    children: &Children,
    f: impl FnOnce(&mut Engine) -> R,
) -> (R, ScriptedDriver) {
    let doc = document(text);
    let mut ids = SequentialIds::default();
    let mut observer = NoObserver;
    let mut mocks = ();
    let mut engine = Engine::new(
        &doc,
        &mut driver,
        &mut mocks,
        &mut ids,
        &mut observer,
        children,
        options,
    );
    let result = f(&mut engine);
    drop(engine);
    (result, driver)
}

/// `(name, status)` pairs, for comparing with [`Run::steps`].
pub fn expect(steps: &[(&str, Status)]) -> Vec<(String, Status)> {
    steps.iter().map(|(n, s)| (n.to_string(), *s)).collect()
}

/// A document of `steps` (YAML list items, indented by two spaces) with the usual header.
pub fn doc(steps: &str) -> String {
    format!("schemaVersion: '0.3'\nmainSteps:\n{steps}")
}
