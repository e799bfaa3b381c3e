//! "Override inputs, then execute" in `run -i`: each input of the step is asked for,
//! prefilled with its resolved value, and a changed value is checked against the action's
//! input type and documented values before the step runs; a bad one is asked again.

use super::error::CliError;
use crate::actions::{ActionSpec, InputType};
use crate::service::Service;
use crate::store::SqliteStore;
use serde_json::Value;
use std::collections::BTreeMap;

/// The changed inputs of `step`, as the OverriddenParameters of its StartStep signal.
pub fn ask(
    service: &Service<'_, SqliteStore>,
    id: &str,
    doc: &crate::document::Document,
    step: &str,
) -> Result<BTreeMap<String, Vec<String>>, CliError> {
    let inputs = service.preview(id, step).map_err(|e| {
        // Say so rather than running the step unchanged behind the user's back.
        CliError::usage(format!(
            "the inputs of `{step}` cannot be resolved yet, so there is nothing to override: {e}"
        ))
    })?;
    let spec = doc
        .step(step)
        .and_then(|s| crate::actions::lookup(&s.action.value));
    let mut out = BTreeMap::new();
    for (k, v) in inputs {
        // A loop's body is not a value to type in.
        if spec
            .and_then(|s| s.input(&k))
            .is_some_and(|i| i.ty == InputType::Steps)
        {
            continue;
        }
        // Prefilled as the preview shows it, so an unchanged answer overrides nothing.
        let shown = crate::render::run_text::value_text(&v);
        loop {
            let answer = super::prompt::edit_value(&k, &shown)?;
            if answer == shown {
                break;
            }
            let values = split(&answer);
            match check(spec, &k, &values) {
                Ok(()) => {
                    out.insert(k.clone(), values);
                    break;
                }
                Err(why) => eprintln!("{why}; enter it again"),
            }
        }
    }
    Ok(out)
}

/// A JSON list answer is a list of values; anything else is one value.
fn split(answer: &str) -> Vec<String> {
    match serde_json::from_str::<Value>(answer) {
        Ok(Value::Array(items)) => items.iter().map(crate::template::stringify).collect(),
        _ => vec![answer.to_string()],
    }
}

/// Whether the step would accept `values` for input `name`: its type, then its documented
/// values (`DesiredState`: `running`, `stopped`, …).
pub fn check(spec: Option<&ActionSpec>, name: &str, values: &[String]) -> Result<(), String> {
    let Some(spec) = spec else {
        return Ok(());
    };
    let ty = spec.input(name).map(|i| i.ty);
    let value = crate::exec::checked_override(name, values, ty)?;
    if let (Some(allowed), Value::String(s)) = (spec.allowed_values(name), &value)
        && !allowed.contains(&s.as_str())
        && !s.contains("{{")
    {
        return Err(format!(
            "input `{name}` must be one of {}, not `{s}`",
            allowed
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change_state() -> Option<&'static ActionSpec> {
        crate::actions::lookup("aws:changeInstanceState")
    }

    #[test]
    fn overrides_are_checked_against_types_and_documented_values() {
        let ok = |name: &str, v: &str| check(change_state(), name, &split(v));
        assert_eq!(ok("DesiredState", "running"), Ok(()));
        let err = ok("DesiredState", "sleeping").expect_err("not a documented state");
        assert!(
            err.contains("`running`") && err.contains("`sleeping`"),
            "{err}"
        );
        assert_eq!(ok("CheckStateOnly", "true"), Ok(()));
        let err = ok("CheckStateOnly", "maybe").expect_err("not a boolean");
        assert!(err.contains("CheckStateOnly"), "{err}");
        assert_eq!(ok("InstanceIds", r#"["i-1", "i-2"]"#), Ok(()));
    }
}
