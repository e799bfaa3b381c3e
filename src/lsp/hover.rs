//! Hover text (Markdown) for what a position names: an action's summary, inputs and outputs;
//! an input's type; a step's action and where it is; a parameter's or variable's type,
//! description and default; a step output's type.

use super::symbol::Symbol;
use crate::actions::{ActionSpec, lookup};
use crate::document::Document;
use std::fmt::Write as _;

pub fn hover(doc: &Document, symbol: &Symbol) -> Option<String> {
    match symbol {
        Symbol::Action(name) => lookup(name).map(action),
        Symbol::Input { action, input } => {
            let spec = lookup(action)?;
            let i = spec.input(input)?;
            let required = if i.required { "required" } else { "optional" };
            let mut text = format!(
                "input `{}` of `{}` ({}, {required})\n\n{}",
                i.name,
                spec.name,
                i.ty.name(),
                i.summary
            );
            if let Some(values) = spec.allowed_values(input) {
                let _ = write!(text, "\n\none of: {}", code_list(values.iter().copied()));
            }
            Some(text)
        }
        Symbol::Step { name, .. } => {
            let step = doc.step(name)?;
            let mut text = format!(
                "step `{}`: `{}`, line {}",
                step.name.value, step.action.value, step.name.span.line
            );
            if let Some(d) = &step.description {
                let _ = write!(text, "\n\n{}", d.trim());
            }
            Some(text)
        }
        Symbol::Parameter(name) => {
            let p = doc.parameter(name)?;
            let ty = p.ty.as_ref().map_or("unknown type", |t| t.name.as_str());
            let mut text = format!("parameter `{name}` ({ty}), line {}", p.name.span.line);
            if let Some(d) = &p.description {
                let _ = write!(text, "\n\n{}", d.trim());
            }
            if let Some(default) = &p.default {
                let _ = write!(text, "\n\ndefault: `{}`", default.to_json());
            }
            Some(text)
        }
        Symbol::Variable(name) => {
            let v = doc.variable(name)?;
            let ty = v.ty.map_or("unknown type", |t| t.name());
            let mut text = format!("variable `{name}` ({ty}), line {}", v.name.span.line);
            if let Some(default) = &v.default {
                let _ = write!(text, "\n\ndefault: `{}`", default.to_json());
            }
            Some(text)
        }
        Symbol::Output { step, output } => {
            let s = doc.step(step)?;
            if let Some(o) = s.outputs.iter().find(|o| o.name.value == *output) {
                let ty = o.ty.map_or("String", |t| t.name());
                return Some(format!(
                    "output `{step}.{output}` ({ty}), selected by `{}`, line {}",
                    o.selector.value, o.name.span.line
                ));
            }
            let spec = lookup(&s.action.value)?;
            let o = spec.output(output)?;
            Some(format!(
                "output `{step}.{output}` ({}) of `{}`: {}",
                o.ty.name(),
                spec.name,
                o.summary
            ))
        }
        Symbol::Builtin(name) => Some(format!(
            "`{name}`: set by the service when the automation runs"
        )),
    }
}

fn code_list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An action's summary, then its inputs and outputs.
pub fn action(spec: &ActionSpec) -> String {
    let mut text = format!("`{}`: {}\n", spec.name, spec.summary);
    if !spec.inputs.is_empty() {
        text.push_str("\ninputs:\n");
        for i in spec.inputs {
            let required = if i.required { ", required" } else { "" };
            let _ = writeln!(
                text,
                "- `{}` ({}{required}): {}",
                i.name,
                i.ty.name(),
                i.summary
            );
        }
    }
    if !spec.outputs.is_empty() {
        text.push_str("\noutputs:\n");
        for o in spec.outputs {
            let _ = writeln!(text, "- `{}` ({}): {}", o.name, o.ty.name(), o.summary);
        }
    }
    text
}
