//! aws:updateVariable (spec §5.22): sets a declared variable, checked against its type.

use super::Outcome;
use crate::exec::engine::Engine;
use crate::exec::execution::Execution;
use serde_json::{Map, Value};

impl Engine<'_> {
    pub(super) fn update_variable(
        &mut self,
        exec: &mut Execution,
        inputs: &Map<String, Value>,
    ) -> Outcome {
        let Some(name) = inputs.get("Name").and_then(Value::as_str) else {
            return Outcome::invalid_input("input `Name` must be a string `variable:<name>`");
        };
        let Some(var) = name.strip_prefix("variable:") else {
            return Outcome::invalid_input(format!(
                "`Name` must look like `variable:<name>`, got `{name}`"
            ));
        };
        let Some(decl) = self.compiled.variable(var) else {
            return Outcome::invalid_input(format!("variable `{var}` is not declared"));
        };
        let Some(value) = inputs.get("Value").cloned() else {
            return Outcome::invalid_input("input `Value` is required");
        };
        if let Some(ty) = decl.ty
            && !ty.accepts(&value)
        {
            return Outcome::invalid_input(format!(
                "variable `{var}` is {}, but `Value` is {}",
                ty.name(),
                crate::template::describe(&value)
            ));
        }
        exec.variables.insert(var.to_string(), value);
        Outcome::empty()
    }
}
