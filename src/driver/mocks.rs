//! The mocks file: canned answers for API calls and whole steps, for what the simulated
//! world does not model (Lambda, S3, scripts) or to force a particular outcome in a test.
//!
//! Entries are tried in file order and the first match answers, so specific entries (with
//! `Parameters`) go before general ones. Each entry counts its uses so unused mocks, usually
//! a misspelt `Api` or step name, can be reported.

use serde_json::{Map, Value};

use crate::driver::ApiError;

/// What a step mock makes a step do instead of running its action.
#[derive(Clone, Debug, PartialEq)]
pub enum StepMock {
    /// Succeed with these outputs (output name → value).
    Outputs(Map<String, Value>),
    /// Fail with this error.
    Error(ApiError),
}

#[derive(Clone, Debug, PartialEq)]
enum Target {
    Api {
        service: String,
        api: String,
        parameters: Option<Map<String, Value>>,
    },
    Step(String),
}

#[derive(Clone, Debug, PartialEq)]
enum Answer {
    /// One response per call; the last one repeats.
    Responses(Vec<Value>),
    Error(ApiError),
    Outputs(Map<String, Value>),
}

#[derive(Clone, Debug, PartialEq)]
struct Entry {
    target: Target,
    answer: Answer,
    uses: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mocks {
    entries: Vec<Entry>,
}

const API_FIELDS: &[&str] = &[
    "Service",
    "Api",
    "Parameters",
    "Response",
    "Responses",
    "Error",
];
const STEP_FIELDS: &[&str] = &["Step", "Outputs", "Error"];

impl Mocks {
    /// Reads a mocks file: a list of entries, or a mapping with that list under `mocks`.
    /// Errors name the entry (`mocks[2].Error.Code`).
    pub fn from_json(v: &Value) -> Result<Mocks, String> {
        let list = match v {
            Value::Array(items) => items,
            Value::Object(map) => match map.get("mocks") {
                Some(Value::Array(items)) if map.len() == 1 => items,
                _ => return Err(
                    "a mocks file is a list of entries, or a mapping with the list under `mocks`"
                        .to_string(),
                ),
            },
            Value::Null => return Ok(Mocks::default()),
            _ => return Err("a mocks file is a list of entries".to_string()),
        };
        let entries = list
            .iter()
            .enumerate()
            .map(|(i, item)| read_entry(&format!("mocks[{i}]"), item))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Mocks { entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The answer for an API call, if an entry matches: service and operation names compare
    /// case-insensitively, and every mocked parameter must equal the call's.
    pub fn answer(
        &mut self,
        service: &str,
        api: &str,
        params: &Value,
    ) -> Option<Result<Value, ApiError>> {
        let entry = self.entries.iter_mut().find(|e| match &e.target {
            Target::Api {
                service: s,
                api: a,
                parameters,
            } => {
                s.eq_ignore_ascii_case(service)
                    && crate::models::same_operation(service, a, api)
                    && parameters
                        .as_ref()
                        .is_none_or(|wanted| wanted.iter().all(|(k, v)| params.get(k) == Some(v)))
            }
            Target::Step(_) => false,
        })?;
        let use_index = entry.uses;
        entry.uses += 1;
        Some(match &entry.answer {
            Answer::Responses(list) => {
                let index = use_index.min(list.len().saturating_sub(1));
                Ok(list
                    .get(index)
                    .cloned()
                    .unwrap_or_else(|| Value::Object(Map::new())))
            }
            Answer::Error(error) => Err(error.clone()),
            Answer::Outputs(_) => return None,
        })
    }

    /// The mock for a step, by exact step name; the first entry for that step wins.
    pub fn step_mock(&mut self, step: &str) -> Option<StepMock> {
        let entry = self
            .entries
            .iter_mut()
            .find(|e| matches!(&e.target, Target::Step(name) if name == step))?;
        entry.uses += 1;
        match &entry.answer {
            Answer::Outputs(outputs) => Some(StepMock::Outputs(outputs.clone())),
            Answer::Error(error) => Some(StepMock::Error(error.clone())),
            Answer::Responses(_) => None,
        }
    }

    /// How often each entry has answered, in file order: kept with a stored execution so
    /// that a later process continues `Responses` where the last one stopped.
    pub fn uses(&self) -> Vec<usize> {
        self.entries.iter().map(|e| e.uses).collect()
    }

    /// Restores counts from [`uses`](Self::uses); extra or missing counts are ignored.
    pub fn set_uses(&mut self, uses: &[usize]) {
        for (entry, n) in self.entries.iter_mut().zip(uses) {
            entry.uses = *n;
        }
    }

    /// One description per entry never used, such as
    /// "mocks[1]: Service ec2, Api DescribeImages" or "mocks[3]: Step stopInstance".
    pub fn unused(&self) -> Vec<String> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.uses == 0)
            .map(|(i, e)| match &e.target {
                Target::Api {
                    service,
                    api,
                    parameters,
                } => {
                    let mut text = format!("mocks[{i}]: Service {service}, Api {api}");
                    if let Some(parameters) = parameters {
                        text.push_str(&format!(
                            ", Parameters {}",
                            Value::Object(parameters.clone())
                        ));
                    }
                    text
                }
                Target::Step(step) => format!("mocks[{i}]: Step {step}"),
            })
            .collect()
    }
}

fn read_entry(path: &str, item: &Value) -> Result<Entry, String> {
    let Value::Object(map) = item else {
        return Err(format!("`{path}`: expected a mapping"));
    };
    let is_step = map.contains_key("Step");
    let known = if is_step { STEP_FIELDS } else { API_FIELDS };
    if let Some(key) = map.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!(
            "`{path}.{key}`: unknown field (expected one of {})",
            known.join(", ")
        ));
    }
    let text = |key: &str| -> Result<String, String> {
        match map.get(key) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(_) => Err(format!("`{path}.{key}`: expected a non-empty string")),
            None => Err(format!("`{path}.{key}`: missing required field")),
        }
    };
    let error = match map.get("Error") {
        Some(value) => Some(read_error(&format!("{path}.Error"), value)?),
        None => None,
    };
    if is_step {
        let target = Target::Step(text("Step")?);
        let answer = match (map.get("Outputs"), error) {
            (Some(Value::Object(outputs)), None) => Answer::Outputs(outputs.clone()),
            (Some(Value::Object(_)), Some(_)) | (None, None) => {
                return Err(format!(
                    "`{path}`: a step mock needs exactly one of Outputs and Error"
                ));
            }
            (Some(_), _) => {
                return Err(format!(
                    "`{path}.Outputs`: expected a mapping of output name to value"
                ));
            }
            (None, Some(error)) => Answer::Error(error),
        };
        return Ok(Entry {
            target,
            answer,
            uses: 0,
        });
    }
    let parameters = match map.get("Parameters") {
        None => None,
        Some(Value::Object(p)) => Some(p.clone()),
        Some(_) => return Err(format!("`{path}.Parameters`: expected a mapping")),
    };
    let target = Target::Api {
        service: text("Service")?,
        api: text("Api")?,
        parameters,
    };
    let answer = match (map.get("Response"), map.get("Responses"), error) {
        (Some(response), None, None) => {
            Answer::Responses(vec![object(&format!("{path}.Response"), response)?])
        }
        (None, Some(Value::Array(list)), None) if !list.is_empty() => Answer::Responses(
            list.iter()
                .enumerate()
                .map(|(i, r)| object(&format!("{path}.Responses[{i}]"), r))
                .collect::<Result<_, _>>()?,
        ),
        (None, Some(_), None) => {
            return Err(format!(
                "`{path}.Responses`: expected a non-empty list of responses"
            ));
        }
        (None, None, Some(error)) => Answer::Error(error),
        _ => {
            return Err(format!(
                "`{path}`: an API mock needs exactly one of Response, Responses and Error"
            ));
        }
    };
    Ok(Entry {
        target,
        answer,
        uses: 0,
    })
}

/// Responses are JSON objects, as every AWS API answers with a structure.
fn object(path: &str, value: &Value) -> Result<Value, String> {
    match value {
        Value::Object(_) => Ok(value.clone()),
        _ => Err(format!("`{path}`: expected a mapping (the API response)")),
    }
}

fn read_error(path: &str, value: &Value) -> Result<ApiError, String> {
    let Value::Object(map) = value else {
        return Err(format!(
            "`{path}`: expected a mapping with Code and Message"
        ));
    };
    if let Some(key) = map.keys().find(|k| *k != "Code" && *k != "Message") {
        return Err(format!(
            "`{path}.{key}`: unknown field (expected Code, Message)"
        ));
    }
    let code = match map.get("Code") {
        Some(Value::String(code)) if !code.is_empty() => code.clone(),
        _ => {
            return Err(format!(
                "`{path}.Code`: expected a non-empty string such as ThrottlingException"
            ));
        }
    };
    let message = match map.get("Message") {
        None => String::new(),
        Some(Value::String(message)) => message.clone(),
        Some(_) => return Err(format!("`{path}.Message`: expected a string")),
    };
    Ok(ApiError { code, message })
}

#[cfg(test)]
#[path = "mocks_tests.rs"]
mod tests;
