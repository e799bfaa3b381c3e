//! `aws:executeAwsApi`, `aws:waitForAwsResourceProperty` and `aws:assertAwsResourceProperty`
//! against the service models: the service and operation exist, and the request passes the
//! checks boto3 makes before sending (members, required members, types, minimums), plus the
//! service's enums. `{{ }}` values take the type their parameter, variable or output
//! declares; a value of unknown type is not checked.

use serde_json::Value;

use crate::document::{DataType, Document, Step};
use crate::models::params::{self, Finding, Problem, Seg, UNKNOWN};
use crate::models::{self, Operation, ServiceModel};
use crate::parse::{Node, NodeKind};
use crate::template::{self, Reference};
use crate::validate::context::{Cx, did_you_mean, has_reference};

/// The actions whose other inputs are an API request.
pub(super) const API_ACTIONS: &[&str] = &[
    "aws:executeAwsApi",
    "aws:waitForAwsResourceProperty",
    "aws:assertAwsResourceProperty",
];

/// Inputs of those actions that are not request members.
pub(crate) const ACTION_INPUTS: &[&str] = &["Service", "Api", "PropertySelector", "DesiredValues"];

pub(super) fn check(cx: &mut Cx) {
    let steps: Vec<&Step> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        if API_ACTIONS.contains(&step.action.value.as_str())
            && let Some((model, op)) = operation(cx, step)
        {
            check_request(cx, step, model, op);
            super::aws_selectors::check(cx, step, model, op);
        }
    }
}

/// A literal string input, or None when missing, not a string or holding a reference.
fn literal<'s>(step: &'s Step, name: &str) -> Option<&'s Node> {
    let node = step.inputs.get(name)?;
    node.str().filter(|s| !has_reference(s)).map(|_| node)
}

/// The step's service and operation, reporting the one that does not exist.
fn operation(cx: &mut Cx, step: &Step) -> Option<(&'static ServiceModel, &'static Operation)> {
    let service_node = literal(step, "Service")?;
    let service = service_node.str()?.trim();
    let Some(model) = models::service(service) else {
        cx.report_help(
            "unknown-aws-service",
            service_node.span,
            format!("`{service}` is not an AWS service boto3 knows"),
            did_you_mean(service, models::service_names()),
        );
        return None;
    };
    let api_node = literal(step, "Api")?;
    let api = api_node.str()?.trim();
    match model.operation(api) {
        Some(op) => Some((model, op)),
        None => {
            cx.report_help(
                "unknown-aws-operation",
                api_node.span,
                format!("`{}` has no operation `{api}`", model.name),
                suggest_operation(model, api),
            );
            None
        }
    }
}

/// The nearest operation, compared in the spelling the user chose.
fn suggest_operation(model: &ServiceModel, api: &str) -> Option<String> {
    let squash = |s: &str| s.replace('_', "").to_ascii_lowercase();
    if let Some(op) = model
        .operations()
        .find(|op| squash(&op.name) == squash(api))
    {
        return Some(format!("did you mean `{}`?", op.name));
    }
    if api.contains('_') {
        did_you_mean(api, model.operations().map(|op| op.method.as_str()))
    } else {
        did_you_mean(api, model.operations().map(|op| op.name.as_str()))
    }
}

fn check_request(cx: &mut Cx, step: &Step, model: &ServiceModel, op: &Operation) {
    let Some(entries) = step.inputs.map() else {
        return;
    };
    let request = Value::Object(
        entries
            .iter()
            .filter(|(k, _)| !ACTION_INPUTS.contains(&k.name.as_str()))
            .map(|(k, v)| (k.name.clone(), stand_in(cx.doc, v)))
            .collect(),
    );
    let call = format!("{}.{}", model.name, op.name);
    for finding in params::check(model, op.input.as_deref(), &request) {
        report(cx, step, &call, &finding);
    }
}

fn report(cx: &mut Cx, step: &Step, call: &str, finding: &Finding) {
    let at = locate(&step.inputs, &finding.path);
    let name = finding.name();
    match &finding.problem {
        Problem::Missing { member } => {
            let span = if finding.path.is_empty() {
                step.inputs.get("Api").map_or(step.action.span, |n| n.span)
            } else {
                at.map_or(step.action.span, |n| n.span)
            };
            let place = if finding.path.is_empty() {
                String::new()
            } else {
                format!(" in `{name}`")
            };
            let msg = format!("`{call}` needs parameter `{member}`{place}");
            cx.report("missing-api-parameter", span, msg);
        }
        Problem::Unknown { member, valid } => {
            let key = at.and_then(|n| n.key(member));
            let span = key.map_or(step.action.span, |k| k.span);
            let place = if finding.path.is_empty() {
                String::new()
            } else {
                format!(" in `{name}`")
            };
            let help = did_you_mean(member, valid.iter().map(String::as_str));
            let msg = format!("`{call}` takes no parameter `{member}`{place}");
            cx.report_help("unknown-api-parameter", span, msg, help);
        }
        Problem::Enum { allowed } => {
            let span = at.map_or(step.action.span, |n| n.span);
            let value = finding.value.as_str().unwrap_or_default();
            let help = did_you_mean(value, allowed.iter().map(String::as_str));
            let msg = format!("`{value}` is not a value `{name}` of `{call}` takes");
            cx.report_help(
                "api-parameter-value",
                span,
                msg,
                help.or_else(|| Some(listed(allowed))),
            );
        }
        Problem::Type { .. } => {
            let span = at.map_or(step.action.span, |n| n.span);
            let expected = expected_type(finding).unwrap_or("another type");
            let found = at.map_or("a value", describe);
            let msg = format!("`{name}` of `{call}` must be {expected}, found {found}");
            cx.report_help("api-parameter-type", span, msg, Some(finding.message()));
        }
        Problem::MinLength { .. }
        | Problem::MinValue { .. }
        | Problem::MaxLength { .. }
        | Problem::MaxValue { .. }
        | Problem::Union { .. } => {
            let span = at.map_or(step.action.span, |n| n.span);
            cx.report("api-parameter-value", span, finding.message());
        }
    }
}

fn listed(allowed: &[String]) -> String {
    let shown: Vec<String> = allowed.iter().take(12).map(|v| format!("`{v}`")).collect();
    let more = if allowed.len() > 12 { ", …" } else { "" };
    format!("allowed: {}{more}", shown.join(", "))
}

/// The model's type for the member a type finding is about, as a phrase.
fn expected_type(finding: &Finding) -> Option<&'static str> {
    let expected = match &finding.problem {
        Problem::Type { expected } => *expected,
        _ => return None,
    };
    Some(match expected {
        "<class 'dict'>" => "a map",
        "<class 'list'>, <class 'tuple'>" => "a list",
        "<class 'str'>" => "a string",
        "<class 'int'>" => "an integer",
        "<class 'bool'>" => "a boolean",
        e if e.starts_with("<class 'float'>") => "a number",
        e if e.starts_with("<class 'datetime") => "a timestamp",
        _ => "a blob",
    })
}

fn describe(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Str { value, .. } if template::whole(value).is_some() => {
            "a reference of another type"
        }
        _ => super::inputs::kind_phrase(node),
    }
}

/// The node a finding's path leads to.
fn locate<'n>(inputs: &'n Node, path: &[Seg]) -> Option<&'n Node> {
    path.iter().try_fold(inputs, |node, seg| match seg {
        Seg::Key(k) => node.get(k),
        Seg::Index(i) => node.seq()?.get(*i),
        // A map's key is reported at the map.
        Seg::MapKey(_) => Some(node),
    })
}

/// The request value for a node, with each whole `{{ }}` reference replaced by a value of
/// its declared type, and [`UNKNOWN`] where that type is not known.
fn stand_in(doc: &Document, node: &Node) -> Value {
    match &node.kind {
        NodeKind::Str { value, .. } => match template::whole(value) {
            Some(reference) => match declared_type(doc, &reference) {
                Some(ty) => typed(ty, value),
                None => Value::String(UNKNOWN.into()),
            },
            None => Value::String(value.clone()),
        },
        // A list item that is one reference to a list is spliced in, as at run time.
        NodeKind::Seq(items) => {
            let mut out = Vec::new();
            for item in items {
                match stand_in(doc, item) {
                    Value::Array(list) if item.str().is_some() => out.extend(list),
                    other => out.push(other),
                }
            }
            Value::Array(out)
        }
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), stand_in(doc, v)))
                .collect(),
        ),
        _ => node.to_json(),
    }
}

fn declared_type(doc: &Document, reference: &Reference) -> Option<DataType> {
    match reference {
        Reference::Parameter(name) => doc.parameter(name)?.ty.as_ref().map(|t| t.base),
        Reference::Variable(name) => doc.variable(name)?.ty,
        Reference::StepOutput { step, output } => {
            doc.step(step)?
                .outputs
                .iter()
                .find(|o| o.name.value == *output)?
                .ty
        }
        Reference::Automation(_) | Reference::Global(_) => Some(DataType::String),
        _ => None,
    }
}

/// A value of `ty` that passes every check but the type: the reference text itself for
/// strings (enum and length checks skip text holding `{{`), unknown items for containers.
fn typed(ty: DataType, text: &str) -> Value {
    match ty {
        DataType::String => Value::String(text.into()),
        DataType::StringList => Value::Array(vec![Value::String(text.into())]),
        DataType::Integer => Value::from(i64::MAX),
        DataType::Boolean => Value::Bool(true),
        DataType::StringMap => Value::String(UNKNOWN.into()),
        DataType::MapList => Value::Array(vec![Value::String(UNKNOWN.into())]),
    }
}

#[cfg(test)]
#[path = "aws_api_tests.rs"]
mod tests;
