//! Per-action rules: which inputs a step of that action takes, their types, the required ones,
//! one-of groups and documented values, each only when `validate` calls its breach an error.

use super::is_error;
use crate::actions::{ActionSpec, ExtraInputs};
use serde_json::{Map, Value, json};

pub fn definition_name(action: &ActionSpec) -> String {
    format!("inputs.{}", action.name)
}

/// What `then` adds to a step whose `action` is this one.
pub fn step_constraint(action: &ActionSpec) -> Value {
    let reference = json!({"$ref": format!("#/definitions/{}", definition_name(action))});
    if action.required_inputs().next().is_some() && is_error("missing-input") {
        json!({"properties": {"inputs": reference}, "required": ["inputs"]})
    } else {
        json!({"properties": {"inputs": reference}})
    }
}

/// The schema of a step's `inputs` for this action.
pub fn inputs(action: &ActionSpec) -> Value {
    let mut properties = Map::new();
    for input in action.inputs {
        let mut schema = super::types::input(input.ty);
        schema["description"] = json!(format!("{} ({})", input.summary, input.ty.name()));
        if let Some(values) = action.allowed_values(input.name) {
            allowed_values(&mut schema, values);
        }
        properties.insert(input.name.into(), schema);
    }
    let mut out = Map::new();
    out.insert("type".into(), json!(["object", "null"]));
    out.insert("description".into(), json!(action.summary));
    out.insert("properties".into(), Value::Object(properties));
    if action.extra_inputs == ExtraInputs::None && is_error("unknown-input") {
        out.insert("additionalProperties".into(), json!(false));
    }
    if is_error("missing-input") {
        let required: Vec<&str> = action.required_inputs().map(|i| i.name).collect();
        out.insert("required".into(), json!(required));
    }
    let mut all_of = groups(action);
    if !all_of.is_empty() {
        out.insert("allOf".into(), Value::Array(std::mem::take(&mut all_of)));
    }
    Value::Object(out)
}

/// A closed set of values: refused only when `invalid-input-value` is an error, otherwise
/// offered as examples (editors complete from both).
fn allowed_values(schema: &mut Value, values: &[&str]) {
    if is_error("invalid-input-value") {
        let literal = json!({"anyOf": [
            {"not": {"type": "string"}},
            {"enum": values},
            {"type": "string", "pattern": "\\{\\{"},
        ]});
        let typed = schema.as_object_mut().and_then(|o| o.remove("anyOf"));
        schema["allOf"] = match typed {
            Some(any_of) => json!([{"anyOf": any_of}, literal]),
            None => json!([literal]),
        };
    }
    schema["examples"] = json!(values);
}

/// One-of groups and mutually exclusive inputs, as `required` combinations.
fn groups(action: &ActionSpec) -> Vec<Value> {
    let code = if action.name == "aws:loop" {
        "invalid-loop"
    } else {
        "input-one-of"
    };
    let mut out = Vec::new();
    if is_error(code) {
        for group in action.one_of {
            let any: Vec<Value> = group
                .inputs
                .iter()
                .map(|n| json!({"required": [n]}))
                .collect();
            out.push(json!({"anyOf": any}));
            if group.exactly {
                out.push(not_two_of(group.inputs));
            }
        }
    }
    if is_error("input-one-of") {
        for group in action.notes().exclusive {
            out.push(not_two_of(group));
        }
    }
    out
}

fn not_two_of(names: &[&str]) -> Value {
    let mut pairs = Vec::new();
    for (i, a) in names.iter().enumerate() {
        for b in &names[i + 1..] {
            pairs.push(json!({"required": [a, b]}));
        }
    }
    json!({"not": {"anyOf": pairs}})
}
