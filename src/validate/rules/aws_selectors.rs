//! Selectors of the API actions against the operation's output shape: botocore builds the
//! response from the model, so a member the shape lacks is never in it, and a path through
//! one never matches. `DesiredValues` are checked against the enum of the selected member.

use crate::document::Step;
use crate::models::{Operation, ServiceModel, Shape, ShapeKind};
use crate::parse::Node;
use crate::selector::{PathStep, Selector};
use crate::source::Span;
use crate::validate::context::{Cx, did_you_mean, has_reference};

/// What boto3 adds to every response besides the modelled members.
const RESPONSE_METADATA: &str = "ResponseMetadata";

pub(super) fn check(cx: &mut Cx, step: &Step, model: &ServiceModel, op: &Operation) {
    let output = op.output.as_deref().and_then(|name| model.shape(name));
    let call = format!("{}.{}", model.name, op.name);
    if step.action.value == "aws:executeAwsApi" {
        for out in &step.outputs {
            if let Err(why) = follow(model, output, &out.selector.value) {
                let msg = format!(
                    "selector `{}` never matches a `{call}` response: {}",
                    out.selector.value, why.0
                );
                cx.report_help(
                    "output-selector-not-in-response",
                    out.selector.span,
                    msg,
                    why.1,
                );
            }
        }
        return;
    }
    let Some(node) = step.inputs.get("PropertySelector") else {
        return;
    };
    let Some(text) = node.str().filter(|s| !has_reference(s)) else {
        return;
    };
    match follow(model, output, text) {
        Err(why) => {
            let msg = format!(
                "`PropertySelector` `{text}` never matches a `{call}` response: {}",
                why.0
            );
            cx.report_help("property-selector-not-in-response", node.span, msg, why.1);
        }
        Ok(Some(leaf)) if !leaf.enum_values.is_empty() => {
            if let Some(desired) = step.inputs.get("DesiredValues") {
                desired_values(cx, desired, leaf, text);
            }
        }
        Ok(_) => {}
    }
}

fn desired_values(cx: &mut Cx, desired: &Node, leaf: &Shape, selector: &str) {
    let items: Vec<&Node> = match desired.seq() {
        Some(items) => items.iter().collect(),
        None => vec![desired],
    };
    for item in items {
        let Some(value) = item.str().filter(|s| !has_reference(s)) else {
            continue;
        };
        if !leaf.enum_values.iter().any(|v| v == value) {
            let help = did_you_mean(value, leaf.enum_values.iter().map(String::as_str));
            let msg = format!("`{value}` is never a value of `{selector}`");
            cx.report_help("desired-value-not-in-enum", span_of(item), msg, help);
        }
    }
}

fn span_of(node: &Node) -> Span {
    node.span
}

/// Why a path never matches, with a help line.
struct Never(String, Option<String>);

/// Follows a selector through the shapes. Ok(Some(shape)) is the shape it selects when the
/// whole path could be followed; Ok(None) when part of it cannot be judged (a document, a
/// deep scan, an invalid selector, reported elsewhere).
fn follow<'m>(
    model: &'m ServiceModel,
    output: Option<&'m Shape>,
    text: &str,
) -> Result<Option<&'m Shape>, Never> {
    let Ok(selector) = Selector::parse(text) else {
        return Ok(None);
    };
    let Some(path) = selector.path() else {
        return Ok(None);
    };
    let Some(mut shape) = output else {
        return match path.first() {
            None => Ok(None),
            Some(PathStep::Name(n)) if n == RESPONSE_METADATA => Ok(None),
            Some(_) => Err(Never("the operation returns no members".into(), None)),
        };
    };
    for (i, step) in path.iter().enumerate() {
        let next = match (step, &shape.kind) {
            (PathStep::Name(n), _) if i == 0 && n == RESPONSE_METADATA => return Ok(None),
            (_, ShapeKind::Document) => return Ok(None),
            (PathStep::Name(n), ShapeKind::Structure { members, .. }) => match members.get(n) {
                Some(target) => target,
                None => {
                    let names = members.keys().map(String::as_str);
                    let help = did_you_mean(n, names).or_else(|| {
                        let all: Vec<String> =
                            members.keys().take(12).map(|m| format!("`{m}`")).collect();
                        (!all.is_empty()).then(|| format!("members: {}", all.join(", ")))
                    });
                    return Err(Never(format!("it has no member `{n}` there"), help));
                }
            },
            (PathStep::Name(_), ShapeKind::Map { value, .. }) => value,
            (PathStep::Name(n), ShapeKind::List(_)) => {
                let help = Some(format!(
                    "the value before `{n}` is a list: select an element, as in `[0].{n}`"
                ));
                return Err(Never(format!("`{n}` is read from a list"), help));
            }
            (PathStep::Element | PathStep::Any, ShapeKind::List(member)) => member,
            (PathStep::Any, ShapeKind::Map { value, .. }) => value,
            (PathStep::Any, ShapeKind::Structure { .. }) => return Ok(None),
            (_, kind) => {
                let what = match kind {
                    ShapeKind::Structure { .. } | ShapeKind::Map { .. } => "a map, not a list",
                    _ => "a single value",
                };
                return Err(Never(format!("the value there is {what}"), None));
            }
        };
        match model.shape(next) {
            Some(s) => shape = s,
            None => return Ok(None),
        }
    }
    Ok(Some(shape))
}
