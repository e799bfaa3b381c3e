//! Checks a request against the service model before any answerer sees it, as boto3 does
//! before sending. Scalars are first converted where the member's type says so (`'3'` for
//! an integer, `5` for a string): Automation passes such runbook values on successfully (an
//! AWS documentation runbook relies on it), so only what cannot convert is refused.

use serde_json::{Map, Value};

use super::ApiError;
use crate::models::params::{self, Finding};
use crate::models::{Operation, ServiceModel, ShapeKind};

/// The request converted to the member types, or boto3's `ParamValidationError`.
pub fn check_request(
    model: &ServiceModel,
    op: &Operation,
    request: &Value,
) -> Result<Value, ApiError> {
    let converted = match op.input.as_deref() {
        Some(input) => convert(model, input, request),
        None => request.clone(),
    };
    let problems: Vec<Finding> = params::check(model, op.input.as_deref(), &converted)
        .into_iter()
        .filter(Finding::is_client_side)
        .collect();
    if problems.is_empty() {
        return Ok(converted);
    }
    Err(ApiError::new(
        "ParamValidationError",
        params::client_message(&problems),
    ))
}

fn convert(model: &ServiceModel, shape_name: &str, v: &Value) -> Value {
    let Some(shape) = model.shape(shape_name) else {
        return v.clone();
    };
    match (&shape.kind, v) {
        (ShapeKind::Structure { members, .. }, Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, item)| {
                    let item = match members.get(k) {
                        Some(target) => convert(model, target, item),
                        None => item.clone(),
                    };
                    (k.clone(), item)
                })
                .collect::<Map<_, _>>(),
        ),
        (ShapeKind::List(target), Value::Array(items)) => {
            Value::Array(items.iter().map(|i| convert(model, target, i)).collect())
        }
        (ShapeKind::Map { value, .. }, Value::Object(map)) => Value::Object(
            map.iter()
                .map(|(k, item)| (k.clone(), convert(model, value, item)))
                .collect(),
        ),
        (ShapeKind::Integer | ShapeKind::Long, Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map_or_else(|_| v.clone(), Value::from),
        (ShapeKind::Float | ShapeKind::Double, Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .map_or_else(|_| v.clone(), Value::from),
        (ShapeKind::Boolean, Value::String(s)) if s.eq_ignore_ascii_case("true") => {
            Value::Bool(true)
        }
        (ShapeKind::Boolean, Value::String(s)) if s.eq_ignore_ascii_case("false") => {
            Value::Bool(false)
        }
        (ShapeKind::String, Value::Number(n)) => Value::String(n.to_string()),
        (ShapeKind::String, Value::Bool(b)) => {
            Value::String(if *b { "true" } else { "false" }.into())
        }
        _ => v.clone(),
    }
}
