//! Schemas for the data types as `validate` accepts them: loosely, as the service does
//! (`DataType::accepts_loosely`), and anything that holds a `{{ }}` reference.

use crate::actions::InputType;
use crate::document::DataType;
use serde_json::{Value, json};

const REFERENCE: &str = "#/definitions/reference";

/// A value with a `{{` somewhere in a string, at any depth: `validate` leaves such values to
/// run time.
pub fn reference() -> Value {
    json!({
        "anyOf": [
            {"type": "string", "pattern": "\\{\\{"},
            {"type": "array", "contains": {"$ref": REFERENCE}},
            // some property holds one: "not every property lacks one"
            {"type": "object", "not": {"additionalProperties": {"not": {"$ref": REFERENCE}}}},
        ]
    })
}

/// An integer, or a string of digits (real runbooks write `maxAttempts: '3'`).
pub fn integerish() -> Value {
    json!({
        "anyOf": [
            {"type": "integer"},
            {"type": "string", "pattern": "^\\s*[-+]?[0-9]+\\s*$"},
        ]
    })
}

/// A boolean, or `true`/`false` as a string in any case.
pub fn booleanish() -> Value {
    json!({
        "anyOf": [
            {"type": "boolean"},
            {"type": "string", "pattern": "^[Tt][Rr][Uu][Ee]$|^[Ff][Aa][Ll][Ss][Ee]$"},
        ]
    })
}

fn scalar() -> Value {
    json!({"type": ["string", "number", "integer", "boolean"]})
}

/// What an action input of type `ty` may hold, literal or referenced.
pub fn input(ty: InputType) -> Value {
    let literal = match ty {
        InputType::Any => return json!({}),
        InputType::Steps => json!({"type": "array", "items": {"$ref": "#/definitions/step"}}),
        InputType::Data(DataType::String) => scalar(),
        InputType::Data(DataType::Integer) => integerish(),
        InputType::Data(DataType::Boolean) => booleanish(),
        InputType::Data(DataType::StringList) => json!({"type": "array", "items": scalar()}),
        // Map text is JSON to be decoded; a schema cannot say so, so any string passes.
        InputType::Data(DataType::StringMap) => json!({"type": ["object", "string"]}),
        InputType::Data(DataType::MapList) => {
            json!({"type": "array", "items": {"type": "object"}})
        }
    };
    json!({"anyOf": [literal, {"$ref": REFERENCE}]})
}
