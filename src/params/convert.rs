//! Moving a parameter value between the API's form (a list of strings, as
//! `StartAutomationExecution` takes and `AutomationExecution.Parameters` shows) and the typed
//! JSON the runbook declares. The service documents no conversion rules; these follow the
//! spec's recommendation (§2.3).

use crate::document::{DataType, Parameter};
use serde_json::Value;

/// The parameter's data type. A missing or unknown `type` was already reported by lowering;
/// running on as a String keeps the other parameters checkable.
pub fn base_type(param: &Parameter) -> DataType {
    param.ty.as_ref().map_or(DataType::String, |t| t.base)
}

/// The declared type name for messages (`List<AWS::EC2::Instance::Id>`, `Integer`).
pub(super) fn type_name(param: &Parameter) -> &str {
    param.ty.as_ref().map_or("String", |t| t.name.as_str())
}

/// The `default` as typed JSON. Lists and maps may be written as a JSON-encoded string
/// (AWS's own variables example writes a StringMap default as `"{}"`), so such a string is
/// decoded when it holds the declared shape; anything else is returned as written for the
/// type check to report.
pub fn default_value(param: &Parameter) -> Option<Value> {
    let written = param.default.as_ref()?.to_json();
    let base = base_type(param);
    if let (DataType::StringList | DataType::StringMap | DataType::MapList, Value::String(s)) =
        (base, &written)
        && let Ok(decoded) = serde_json::from_str::<Value>(s)
        && base.accepts(&decoded)
    {
        return Some(decoded);
    }
    Some(written)
}

/// A supplied list of strings as the declared type; the error names the parameter.
pub(super) fn from_strings(param: &Parameter, strings: &[String]) -> Result<Value, String> {
    let name = &param.name.value;
    let ty = type_name(param);
    let single = || match strings {
        [one] => Ok(one.as_str()),
        _ => Err(format!(
            "parameter `{name}` ({ty}) takes exactly one value, but {} were given",
            strings.len()
        )),
    };
    let why = |reason: String| format!("parameter `{name}` ({ty}) {reason}");
    match base_type(param) {
        DataType::StringList => Ok(strings.iter().cloned().map(Value::String).collect()),
        DataType::String => Ok(Value::String(single()?.to_string())),
        DataType::Integer => {
            let text = single()?;
            let number = text.parse::<i64>();
            number
                .map(Value::from)
                .map_err(|_| why(format!("needs a base-10 integer, not {}", shown(text))))
        }
        DataType::Boolean => match single()? {
            t if t.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
            f if f.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
            other => Err(why(format!(
                "needs `true` or `false`, not {}",
                shown(other)
            ))),
        },
        DataType::StringMap => match serde_json::from_str::<Value>(single()?) {
            Ok(map @ Value::Object(_)) => Ok(map),
            Ok(other) => Err(why(format!(
                "needs one JSON object, not a JSON {}",
                kind(&other)
            ))),
            Err(e) => Err(why(format!(
                "needs one JSON object, but the value is not JSON: {e}"
            ))),
        },
        DataType::MapList => map_list(strings).map_err(|reason| {
            why(format!(
                "needs one JSON array of objects or one JSON object per value; {reason}"
            ))
        }),
    }
}

fn map_list(strings: &[String]) -> Result<Value, String> {
    if let [one] = strings
        && let Ok(Value::Array(items)) = serde_json::from_str::<Value>(one)
    {
        return match items.iter().position(|item| !item.is_object()) {
            Some(i) => Err(format!("item {} of the array is not an object", i + 1)),
            None => Ok(Value::Array(items)),
        };
    }
    let mut objects = Vec::with_capacity(strings.len());
    for (i, text) in strings.iter().enumerate() {
        match serde_json::from_str::<Value>(text) {
            Ok(object @ Value::Object(_)) => objects.push(object),
            _ => {
                return Err(format!(
                    "value {} ({}) is not a JSON object",
                    i + 1,
                    shown(text)
                ));
            }
        }
    }
    Ok(Value::Array(objects))
}

/// A typed value in the `map<string, list<string>>` form the API reports: lists give one
/// string per item, everything else one string; structured items are written as JSON.
pub fn to_api_strings(v: &Value) -> Vec<String> {
    fn text(v: &Value) -> String {
        match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
    match v {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().map(text).collect(),
        other => vec![text(other)],
    }
}

/// A user value quoted for a message, cut short so one long value cannot flood the terminal.
pub(super) fn shown(text: &str) -> String {
    const LIMIT: usize = 60;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("`{}…`", &text[..cut]),
        None => format!("`{text}`"),
    }
}

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    }
}
