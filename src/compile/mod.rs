//! Compiling a document: after validation, the typed [`Document`] becomes the form the
//! engine runs. Everything that does not change between attempts is worked out here, once:
//! the action's catalogue entry, step targets as indices, `onFailure`/`onCancel` as enums,
//! selectors and conditions parsed, inputs scanned into templates, and a name → index map
//! per step list. The engine sees no syntax tree and no action names.
//!
//! Compiling never fails: what validation would report (an unknown action, a target that
//! does not exist, a selector that does not parse) is kept as data and fails the step that
//! reaches it at run time, as the service would.

mod step;

pub use step::{
    ActionRef, Branch, Choice, CompiledStep, Input, Loop, OnCancel, OnFailure, Output, Target,
};

use crate::document::{DataType, Document, Step, Variable};
use serde_json::Value;
use std::collections::HashMap;

/// A document ready to run.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub main: StepList,
    pub variables: Vec<CompiledVariable>,
    variable_index: HashMap<String, usize>,
    /// Document `outputs` (`Step.Output` names) in declared order.
    pub outputs: Vec<String>,
    /// Parameters whose default is a template, filled in when an execution starts.
    pub templated_parameters: Vec<crate::document::Parameter>,
}

/// One list of steps (`mainSteps`, or a loop body) with its name → index map.
#[derive(Clone, Debug, Default)]
pub struct StepList {
    pub steps: Vec<CompiledStep>,
    index: HashMap<String, usize>,
}

#[derive(Clone, Debug)]
pub struct CompiledVariable {
    pub name: String,
    pub ty: Option<DataType>,
    /// The value the execution starts with.
    pub default: Value,
}

/// Compile a document (normally one that validation accepted).
pub fn compile(doc: &Document) -> Compiled {
    let variables: Vec<CompiledVariable> = doc.variables.iter().map(variable).collect();
    let mut variable_index = HashMap::with_capacity(variables.len());
    for (i, v) in variables.iter().enumerate() {
        variable_index.entry(v.name.clone()).or_insert(i);
    }
    Compiled {
        main: StepList::new(&doc.main_steps),
        variables,
        variable_index,
        outputs: doc.outputs.iter().map(|o| o.value.clone()).collect(),
        templated_parameters: crate::params::templated_parameters(doc),
    }
}

impl Compiled {
    pub fn variable(&self, name: &str) -> Option<&CompiledVariable> {
        self.variable_index.get(name).map(|&i| &self.variables[i])
    }
}

impl StepList {
    pub(crate) fn new(steps: &[Step]) -> StepList {
        let mut index = HashMap::with_capacity(steps.len());
        for (i, s) in steps.iter().enumerate() {
            // The first of duplicate names wins, as validation reports the others.
            index.entry(s.name.value.clone()).or_insert(i);
        }
        let steps = steps.iter().map(|s| CompiledStep::new(s, &index)).collect();
        StepList { steps, index }
    }

    /// The index of the step called `name` in this list.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    pub fn get(&self, name: &str) -> Option<&CompiledStep> {
        self.position(name).map(|i| &self.steps[i])
    }

    /// The target `name` as seen from this list.
    pub fn target(&self, name: &str) -> Target {
        Target {
            name: name.to_string(),
            index: self.position(name),
        }
    }
}

fn variable(v: &Variable) -> CompiledVariable {
    let raw = v
        .default
        .as_ref()
        .map(|n| n.to_json())
        .unwrap_or(Value::Null);
    // A JSON-encoded string default is accepted for list and map variables (spec §1).
    let default = match (&raw, v.ty) {
        (Value::String(s), Some(t)) if t != DataType::String => {
            serde_json::from_str(s).unwrap_or(raw)
        }
        _ => raw,
    };
    CompiledVariable {
        name: v.name.value.clone(),
        ty: v.ty,
        default,
    }
}
