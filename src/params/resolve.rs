//! Start-time parameter processing (spec §2.4): from the supplied `map<string, list<string>>`
//! to one typed value per declared parameter. Any failure means the execution never starts,
//! the local equivalent of `InvalidAutomationExecutionParametersException`.

use super::convert::{base_type, from_strings};
use super::templates::is_template;
use crate::diagnostic::suggest;
use crate::document::{DataType, Document, Parameter};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;

pub use super::check::{check_default_type, check_value};
pub use super::convert::{default_value, to_api_strings};

/// Why the supplied parameters were refused. `parameter` names the one at fault when there is
/// exactly one; `message` is a whole sentence that names it too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParameterError {
    pub parameter: Option<String>,
    pub message: String,
}

impl ParameterError {
    fn of(param: &Parameter, message: String) -> ParameterError {
        ParameterError {
            parameter: Some(param.name.value.clone()),
            message,
        }
    }
}

impl fmt::Display for ParameterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParameterError {}

/// Reads a Parameter Store value for the default of a parameter: `(the parameter, name,
/// version or label)`; `None` when it does not exist and no value stands in for it (see
/// [`super::stand_in`]).
pub type SsmLookup<'a> = dyn Fn(&Parameter, &str, Option<&str>) -> Option<Value> + 'a;

/// Runs the start-time steps in the spec's order, each over all parameters before the next:
/// undeclared keys, defaults (with `{{ssm:…}}`), required ones, conversion, then the rules.
/// The result holds every declared parameter that has a value, in document order.
pub fn resolve_parameters(
    doc: &Document,
    supplied: &BTreeMap<String, Vec<String>>,
    ssm: &SsmLookup<'_>,
) -> Result<Map<String, Value>, ParameterError> {
    reject_undeclared(doc, supplied)?;
    let mut defaults = fill_defaults(doc, supplied, ssm)?;
    require_values(doc, supplied)?;
    let mut values = Map::new();
    for param in &doc.parameters {
        let name = &param.name.value;
        let value = match supplied.get(name) {
            Some(strings) => {
                from_strings(param, strings).map_err(|m| ParameterError::of(param, m))?
            }
            None => match defaults.remove(name) {
                Some(value) => value,
                None => continue,
            },
        };
        values.insert(name.clone(), value);
    }
    for param in &doc.parameters {
        // A templated default in use is checked once it is filled in, at start.
        let deferred = !supplied.contains_key(&param.name.value) && is_template(param);
        if let Some(value) = values.get(&param.name.value).filter(|_| !deferred) {
            check_value(param, value).map_err(|m| ParameterError::of(param, m))?;
        }
    }
    Ok(values)
}

fn reject_undeclared(
    doc: &Document,
    supplied: &BTreeMap<String, Vec<String>>,
) -> Result<(), ParameterError> {
    let Some(key) = supplied.keys().find(|k| doc.parameter(k).is_none()) else {
        return Ok(());
    };
    let message = if doc.parameters.is_empty() {
        format!("the runbook declares no parameters, but `{key}` was supplied")
    } else {
        let names = doc.parameters.iter().map(|p| p.name.value.as_str());
        match suggest(key, names) {
            Some(near) => format!("the runbook has no parameter `{key}` (did you mean `{near}`?)"),
            None => format!("the runbook has no parameter `{key}`"),
        }
    };
    Err(ParameterError {
        parameter: Some(key.clone()),
        message,
    })
}

/// Everything the validator can check about a `default` before a run: the declared shape,
/// then [`check_value`]'s rules. A `{{ssm:…}}` default is only known at start, so it passes.
pub fn check_default(param: &Parameter) -> Result<(), String> {
    if ssm_reference(param).is_some() {
        return Ok(());
    }
    let Some(value) = default_value(param) else {
        return Ok(());
    };
    check_default_type(param, &value)?;
    check_value(param, &value)
}

/// Typed defaults of the parameters that were not supplied.
fn fill_defaults(
    doc: &Document,
    supplied: &BTreeMap<String, Vec<String>>,
    ssm: &SsmLookup<'_>,
) -> Result<BTreeMap<String, Value>, ParameterError> {
    let mut defaults = BTreeMap::new();
    for param in doc
        .parameters
        .iter()
        .filter(|p| !supplied.contains_key(&p.name.value))
    {
        let value = match ssm_reference(param) {
            Some(reference) => read_ssm(param, &reference, ssm)?,
            None => match default_value(param) {
                Some(value) if is_template(param) => value,
                Some(value) => {
                    check_default_type(param, &value).map_err(|m| ParameterError::of(param, m))?;
                    value
                }
                None => continue,
            },
        };
        defaults.insert(param.name.value.clone(), value);
    }
    Ok(defaults)
}

/// A default that is exactly `{{ssm:name}}` or `{{ssm:name:version}}`.
#[derive(Debug, PartialEq, Eq)]
struct SsmReference<'a> {
    name: &'a str,
    version: Option<&'a str>,
}

impl fmt::Display for SsmReference<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            Some(version) => write!(f, "{}:{version}", self.name),
            None => f.write_str(self.name),
        }
    }
}

fn ssm_reference(param: &Parameter) -> Option<SsmReference<'_>> {
    let text = param.default.as_ref()?.str()?.trim();
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?.trim();
    let path = inner.strip_prefix("ssm:")?.trim();
    // Names may be ARNs (`arn:aws:ssm:…:parameter/x`), so only a last `:` segment that can be a
    // version number or label (no `/`) is taken as the selector.
    let selector = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    };
    let reference = match path.rsplit_once(':') {
        Some((name, version)) if !name.is_empty() && selector(version) => SsmReference {
            name,
            version: Some(version),
        },
        _ => SsmReference {
            name: path,
            version: None,
        },
    };
    (!reference.name.is_empty()).then_some(reference)
}

/// A Parameter Store value is text; a StringList one is comma-separated, as the service
/// stores that type.
fn read_ssm(
    param: &Parameter,
    reference: &SsmReference<'_>,
    ssm: &SsmLookup<'_>,
) -> Result<Value, ParameterError> {
    let name = &param.name.value;
    let Some(found) = ssm(param, reference.name, reference.version) else {
        let message = format!(
            "the default of parameter `{name}` reads Parameter Store parameter `{reference}`, which does not exist"
        );
        return Err(ParameterError::of(param, message));
    };
    from_stored(param, &found).map_err(|m| {
        ParameterError::of(
            param,
            format!("{m} (read from Parameter Store parameter `{reference}`)"),
        )
    })
}

/// A Parameter Store value as the parameter's type.
pub(super) fn from_stored(param: &Parameter, found: &Value) -> Result<Value, String> {
    let strings = match (found, base_type(param)) {
        (Value::String(s), DataType::StringList) => s.split(',').map(str::to_string).collect(),
        _ => to_api_strings(found),
    };
    from_strings(param, &strings)
}

fn require_values(
    doc: &Document,
    supplied: &BTreeMap<String, Vec<String>>,
) -> Result<(), ParameterError> {
    let missing: Vec<&str> = doc
        .parameters
        .iter()
        .filter(|p| p.default.is_none() && !supplied.contains_key(&p.name.value))
        .map(|p| p.name.value.as_str())
        .collect();
    match missing.as_slice() {
        [] => Ok(()),
        [one] => Err(ParameterError {
            parameter: Some(one.to_string()),
            message: format!(
                "parameter `{one}` is required: it has no default and no value was supplied"
            ),
        }),
        several => Err(ParameterError {
            parameter: None,
            message: format!(
                "parameters {} are required: they have no default and no value was supplied",
                several
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

#[cfg(test)]
mod tests;
