//! The request an `ssm` command would send, built from its flags as the AWS CLI builds it
//! from the operation's input shape, and checked before the command reads or changes
//! anything: botocore's client-side checks first (`Parameter validation failed`, exit 252,
//! nothing sent), then the constraints the service checks itself (`ValidationException`).
//!
//! Flags map to members by name (`--max-results` is `MaxResults`); flags that are not
//! members (`--world`, `--output`) are ssmrun's or global and are left out.

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde_json::{Map, Value};

use super::SsmError;
use crate::models::params;
use crate::models::{ServiceModel, ShapeKind, xform_name};
use crate::params::shorthand;

/// What the checks made of a command's flags.
pub enum Checked {
    /// Nothing to refuse; the command runs.
    Pass,
    /// botocore refuses on the client: the text to print after a blank line (exit 252).
    Client(String),
    /// The service refuses with this error.
    Service(SsmError),
}

/// Checks the request the flags of `matches` (the matches of one `ssm` subcommand, whose
/// definition is `command`) make for `operation`.
pub fn check(command: &clap::Command, matches: &ArgMatches, operation: &str) -> Checked {
    let Some(model) = crate::models::service("ssm") else {
        return Checked::Pass;
    };
    let Some(input) = model.operation(operation).and_then(|op| op.input.clone()) else {
        return Checked::Pass;
    };
    // An argument that does not parse is reported by the command itself, as the CLI
    // reports it while reading its arguments, before any validation.
    let Some(request) = build(model, &input, command, matches) else {
        return Checked::Pass;
    };
    let client: Vec<params::Finding> = params::check(model, Some(&input), &request)
        .into_iter()
        .filter(params::Finding::is_client_side)
        .collect();
    if !client.is_empty() {
        return Checked::Client(params::client_message(&client));
    }
    match crate::service::validate_request(operation, &request) {
        Ok(()) => Checked::Pass,
        Err(e) => Checked::Service(e.into()),
    }
}

/// The request members given on the command line, typed by the model.
fn build(
    model: &ServiceModel,
    input: &str,
    command: &clap::Command,
    matches: &ArgMatches,
) -> Option<Value> {
    let ShapeKind::Structure { members, .. } = &model.shape(input)?.kind else {
        return Some(Value::Object(Map::new()));
    };
    let mut request = Map::new();
    for arg in command.get_arguments() {
        let (Some(long), id) = (arg.get_long(), arg.get_id().as_str()) else {
            continue;
        };
        if matches.value_source(id) != Some(ValueSource::CommandLine) {
            continue;
        }
        // `--no-reverse-order` sends `ReverseOrder` false.
        let (flag, negated) = match long.strip_prefix("no-") {
            Some(rest) => (rest, true),
            None => (long, false),
        };
        // `--page-size` is sent as the paginator's limit key, `MaxResults` in every
        // paginated ssm operation (paginators-1.json).
        let flag = if flag == "page-size" {
            "max-results"
        } else {
            flag
        };
        let Some((member, shape_name)) = members
            .iter()
            .find(|(name, _)| xform_name(name).replace('_', "-") == flag)
        else {
            continue;
        };
        let raw: Vec<String> = matches
            .get_raw(id)
            .into_iter()
            .flatten()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        let value = member_value(model, shape_name, &format!("--{long}"), &raw, negated)?;
        request.insert(member.clone(), value);
    }
    Some(Value::Object(request))
}

/// One member's value from its flag's raw arguments, as the CLI reads it for the shape.
fn member_value(
    model: &ServiceModel,
    shape_name: &str,
    flag: &str,
    raw: &[String],
    negated: bool,
) -> Option<Value> {
    let shape = model.shape(shape_name)?;
    let last = raw.last().cloned().unwrap_or_default();
    Some(match &shape.kind {
        ShapeKind::Boolean => Value::Bool(!negated),
        ShapeKind::Integer | ShapeKind::Long => {
            last.parse::<i64>().map_or(Value::String(last), Value::from)
        }
        ShapeKind::Float | ShapeKind::Double => last
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(last), Value::Number),
        ShapeKind::List(_) => {
            let mut items = Vec::new();
            for text in raw {
                match read(model, shape_name, flag, text)? {
                    Value::Array(more) => items.extend(more),
                    one => items.push(one),
                }
            }
            Value::Array(items)
        }
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } | ShapeKind::Document => {
            let mut merged = Map::new();
            for text in raw {
                match read(model, shape_name, flag, text)? {
                    Value::Object(entries) => merged.extend(entries),
                    other => return Some(other),
                }
            }
            Value::Object(merged)
        }
        _ => Value::String(last),
    })
}

/// One argument of a complex member: JSON as written, shorthand fitted to the shape.
fn read(model: &ServiceModel, shape_name: &str, flag: &str, text: &str) -> Option<Value> {
    let (tree, json) = shorthand::read_argument(flag, text).ok()?;
    Some(if json {
        tree
    } else {
        fit(model, shape_name, tree)
    })
}

/// A shorthand tree (strings and lists) given the model's types, as the CLI's shorthand
/// reader does: a scalar where a list is expected is a one-item list, and numbers and
/// booleans are read from their text.
fn fit(model: &ServiceModel, shape_name: &str, tree: Value) -> Value {
    let Some(shape) = model.shape(shape_name) else {
        return tree;
    };
    match (&shape.kind, tree) {
        (ShapeKind::List(member), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .map(|item| fit(model, member, item))
                .collect(),
        ),
        (ShapeKind::List(member), scalar) => Value::Array(vec![fit(model, member, scalar)]),
        (ShapeKind::Structure { members, .. }, Value::Object(entries)) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let v = match members.get(&k) {
                        Some(target) => fit(model, target, v),
                        None => v,
                    };
                    (k, v)
                })
                .collect(),
        ),
        (ShapeKind::Map { value, .. }, Value::Object(entries)) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k, fit(model, value, v)))
                .collect(),
        ),
        (ShapeKind::Integer | ShapeKind::Long, Value::String(s)) => {
            s.parse::<i64>().map_or(Value::String(s), Value::from)
        }
        (ShapeKind::Boolean, Value::String(s)) if s.eq_ignore_ascii_case("true") => {
            Value::Bool(true)
        }
        (ShapeKind::Boolean, Value::String(s)) if s.eq_ignore_ascii_case("false") => {
            Value::Bool(false)
        }
        (_, other) => other,
    }
}
