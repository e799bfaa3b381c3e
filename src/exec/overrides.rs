//! A StartStep override checked before the step runs, so that a front end that asks for
//! one (`run -i`) can ask again instead of starting a step that fails its input check.

use super::outcome::Outcome;
use super::step::{check_type, override_value};
use crate::actions::InputType;
use crate::document::DataType;
use serde_json::Value;

/// The value input `name` of type `ty` receives from the override `values`, as the engine
/// builds it, or why the step would refuse it.
///
/// A value that holds a `{{ }}` reference is resolved only when the step runs, so its type
/// is checked then. A single value that opens like JSON (`{`, `[`) must be valid JSON unless
/// the input is a plain String: it was meant as a map or a list.
pub fn checked_override(
    name: &str,
    values: &[String],
    ty: Option<InputType>,
) -> Result<Value, String> {
    let value = override_value(values, ty.as_ref());
    if values.iter().any(|v| v.contains("{{")) {
        return Ok(value);
    }
    if let [one] = values
        && ty != Some(InputType::Data(DataType::String))
        && one.trim_start().starts_with(['{', '['])
        && let Err(e) = serde_json::from_str::<Value>(one)
    {
        return Err(format!("input `{name}` is not valid JSON: {e}"));
    }
    check_type(name, &value, ty).map_err(|o| match o {
        Outcome::Failed { message, .. } => message,
        other => format!("input `{name}`: {other:?}"),
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn values_take_the_input_type() {
        let list = Some(InputType::Data(DataType::StringList));
        let v = checked_override("InstanceIds", &strings(&["i-1", "i-2"]), list);
        assert_eq!(v, Ok(serde_json::json!(["i-1", "i-2"])));
        let int = Some(InputType::Data(DataType::Integer));
        assert_eq!(
            checked_override("N", &strings(&["3"]), int),
            Ok(serde_json::json!(3))
        );
        let err = checked_override("N", &strings(&["three"]), int).expect_err("not an integer");
        assert!(err.contains("`N` must be Integer"), "{err}");
    }

    #[test]
    fn broken_json_is_refused_unless_the_input_is_a_string() {
        let map = Some(InputType::Data(DataType::StringMap));
        let err = checked_override("Tags", &strings(&[r#"{"a": "#]), map).expect_err("broken");
        assert!(err.contains("`Tags` is not valid JSON"), "{err}");
        let any = Some(InputType::Any);
        assert!(checked_override("Api", &strings(&["[1,"]), any).is_err());
        let text = Some(InputType::Data(DataType::String));
        assert_eq!(
            checked_override("Script", &strings(&["{ not json"]), text),
            Ok(serde_json::json!("{ not json"))
        );
    }

    #[test]
    fn references_are_checked_when_the_step_runs() {
        let int = Some(InputType::Data(DataType::Integer));
        let v = checked_override("N", &strings(&["{{ count }}"]), int);
        assert_eq!(v, Ok(serde_json::json!("{{ count }}")));
    }
}
