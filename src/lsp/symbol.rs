//! What a position names: an action, an input, a step (its name or a target that names it),
//! a parameter, a variable or a reference. Hover, definition and rename all start here.

use super::analysis::{Hit, Seg, locate, reference_at, step_of};
use crate::document::Document;
use crate::source::Span;
use crate::template::Reference;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Symbol {
    Action(String),
    /// An input key of a step whose action is known.
    Input {
        action: String,
        input: String,
    },
    /// A step, named at `span` (its `name:` value, a target, or the step part of a reference).
    Step {
        name: String,
        span: Span,
    },
    Parameter(String),
    Variable(String),
    /// `{{ Step.Output }}`
    Output {
        step: String,
        output: String,
    },
    /// `global:` and `automation:` names
    Builtin(String),
}

pub fn symbol_at(doc: &Document, line: u32, col: u32) -> Option<Symbol> {
    let hit = locate(&doc.root, line, col)?;
    if let Some(symbol) = reference_symbol(&hit, line, col) {
        return Some(symbol);
    }
    match hit.path.as_slice() {
        [Seg::Key(p), Seg::Key(name)] if p == "parameters" && hit.key.is_some() => {
            Some(Symbol::Parameter(name.clone()))
        }
        [Seg::Key(p), Seg::Key(name)] if p == "variables" && hit.key.is_some() => {
            Some(Symbol::Variable(name.clone()))
        }
        _ => in_step(doc, &hit),
    }
}

fn reference_symbol(hit: &Hit<'_>, line: u32, col: u32) -> Option<Symbol> {
    if hit.key.is_some() {
        return None;
    }
    let (occurrence, span) = reference_at(hit.node?, line, col)?;
    Some(match occurrence.reference {
        Reference::Parameter(name) => Symbol::Parameter(name),
        Reference::Variable(name) => Symbol::Variable(name),
        Reference::StepOutput { step, output } => {
            // On the step part: the step itself; on the output part: the output.
            let step_start = occurrence.raw.find(&step).unwrap_or(0) as u32;
            let step_span = Span::new(
                span.line,
                span.col + step_start,
                span.line,
                span.col + step_start + step.chars().count() as u32,
            );
            if span.line == span.end_line && col < step_span.end_col && col >= step_span.col {
                Symbol::Step {
                    name: step,
                    span: step_span,
                }
            } else {
                Symbol::Output { step, output }
            }
        }
        Reference::Global(name) => Symbol::Builtin(format!("global:{name}")),
        Reference::Automation(name) => Symbol::Builtin(format!("automation:{name}")),
        _ => return None,
    })
}

fn in_step(doc: &Document, hit: &Hit<'_>) -> Option<Symbol> {
    let (step, rest) = step_of(doc, &hit.path)?;
    if hit.key.is_some() {
        return match rest.as_slice() {
            [Seg::Key(i), Seg::Key(input)] if i == "inputs" => Some(Symbol::Input {
                action: step.action.value.clone(),
                input: input.clone(),
            }),
            _ => None,
        };
    }
    let node = hit.node?;
    let text = node.str()?;
    let whole = || Symbol::Step {
        name: text.to_string(),
        span: super::analysis::sub_span(node, 0, text.len()),
    };
    let key = |seg: &Seg, name: &str| *seg == Seg::Key(name.into());
    match rest.as_slice() {
        [k] if key(k, "action") => Some(Symbol::Action(text.to_string())),
        [k] if key(k, "name") || key(k, "nextStep") => Some(whole()),
        [k] if key(k, "onFailure") || key(k, "onCancel") => {
            let name = text.strip_prefix("step:")?;
            let offset = text.len() - name.len();
            Some(Symbol::Step {
                name: name.to_string(),
                span: super::analysis::sub_span(node, offset, name.len()),
            })
        }
        [i, d] if key(i, "inputs") && key(d, "Default") && step.action.value == "aws:branch" => {
            Some(whole())
        }
        [i, c, Seg::Index(_), n] if key(i, "inputs") && key(c, "Choices") && key(n, "NextStep") => {
            Some(whole())
        }
        _ => None,
    }
}
