//! Completion from the text before the cursor, so it works while the document is half
//! written: inside `{{ }}` (parameters, variables, step outputs, globals), after `action:`
//! (actions), after `nextStep:`, `onFailure:`, `onCancel:`, `NextStep:` and `Default:`
//! (steps), at a key inside a step's `inputs` (that action's inputs) and after an input with
//! a closed set of values (those values). Names come from the last document that parsed.

use super::outline::{Level, enclosing, item_value};
use crate::actions::{all, lookup};
use crate::document::{Document, lower::STEP_KEYS};

/// One proposal: the text to put in place of `replace` characters before the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub detail: String,
    pub kind: Kind,
    pub replace: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Action,
    Input,
    Step,
    Parameter,
    Value,
    Key,
}

/// Proposals for the cursor at character `col` (0-based) of 0-based `line`.
pub fn complete(text: &str, line: usize, col: usize, doc: Option<&Document>) -> Vec<Item> {
    let lines: Vec<&str> = text.lines().collect();
    let current = lines.get(line).copied().unwrap_or_default();
    let prefix: String = current.chars().take(col).collect();
    if let Some(inner) = open_reference(&prefix) {
        return references(inner, doc);
    }
    let trimmed = prefix.trim_start();
    let dash = trimmed
        .starts_with("- ")
        .then(|| prefix.len() - trimmed.len());
    let body = trimmed.trim_start_matches("- ").trim_start();
    let indent = prefix.chars().count() - body.chars().count();
    let at = Cursor {
        lines: &lines,
        line,
        indent,
        dash,
    };
    match body.split_once(':') {
        Some((key, value)) => {
            let key = key.trim().trim_matches(['"', '\'']);
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            values(key, value, &at, doc)
        }
        None => keys(body, &at),
    }
}

/// The text typed after the last unclosed `{{`, if the cursor is inside one.
fn open_reference(prefix: &str) -> Option<&str> {
    let open = prefix.rfind("{{")?;
    let inner = &prefix[open + 2..];
    (!inner.contains("}}")).then(|| inner.trim_start())
}

fn item(label: impl Into<String>, detail: impl Into<String>, kind: Kind, replace: &str) -> Item {
    Item {
        label: label.into(),
        detail: detail.into(),
        kind,
        replace: replace.chars().count(),
    }
}

fn references(typed: &str, doc: Option<&Document>) -> Vec<Item> {
    let mut out = Vec::new();
    let Some(doc) = doc else { return out };
    for p in &doc.parameters {
        let ty = p.ty.as_ref().map_or("", |t| t.name.as_str());
        out.push(item(
            &p.name.value,
            format!("parameter ({ty})"),
            Kind::Parameter,
            typed,
        ));
    }
    for v in &doc.variables {
        let name = format!("variable:{}", v.name.value);
        out.push(item(name, "variable", Kind::Parameter, typed));
    }
    for step in doc.all_steps() {
        for o in &step.outputs {
            let ty = o.ty.map_or("String", |t| t.name());
            let name = format!("{}.{}", step.name.value, o.name.value);
            out.push(item(name, format!("output ({ty})"), Kind::Value, typed));
        }
        if let Some(spec) = lookup(&step.action.value) {
            for o in spec.outputs {
                let name = format!("{}.{}", step.name.value, o.name);
                let detail = format!("output of {} ({})", spec.name, o.ty.name());
                out.push(item(name, detail, Kind::Value, typed));
            }
        }
    }
    for g in crate::template::GLOBALS {
        out.push(item(
            format!("global:{g}"),
            "set by the service",
            Kind::Value,
            typed,
        ));
    }
    for a in crate::template::AUTOMATION_VARIABLES {
        out.push(item(
            format!("automation:{a}"),
            "set by the service",
            Kind::Value,
            typed,
        ));
    }
    out.retain(|i| i.label.starts_with(typed));
    out
}

fn step_names(doc: Option<&Document>, prefix: &str, typed: &str) -> Vec<Item> {
    let Some(doc) = doc else { return Vec::new() };
    doc.all_steps()
        .iter()
        .map(|s| {
            item(
                format!("{prefix}{}", s.name.value),
                s.action.value.clone(),
                Kind::Step,
                typed,
            )
        })
        .filter(|i| i.label.starts_with(typed))
        .collect()
}

/// The cursor's line in the document's lines, the indent of its key, and of its dash when
/// the line opens a list item.
struct Cursor<'a> {
    lines: &'a [&'a str],
    line: usize,
    indent: usize,
    dash: Option<usize>,
}

fn values(key: &str, typed: &str, at: &Cursor<'_>, doc: Option<&Document>) -> Vec<Item> {
    let fixed = |names: &[&str]| -> Vec<Item> {
        names
            .iter()
            .filter(|n| n.starts_with(typed))
            .map(|n| item(*n, "", Kind::Value, typed))
            .collect()
    };
    match key {
        "action" => all()
            .iter()
            .filter(|a| a.name.starts_with(typed))
            .map(|a| item(a.name, a.summary, Kind::Action, typed))
            .collect(),
        "nextStep" | "NextStep" | "Default" => step_names(doc, "", typed),
        "onFailure" => {
            let mut out = fixed(&["Abort", "Continue"]);
            out.extend(step_names(doc, "step:", typed));
            out
        }
        "onCancel" => {
            let mut out = fixed(&["Abort"]);
            out.extend(step_names(doc, "step:", typed));
            out
        }
        "isEnd" | "isCritical" => fixed(&["true", "false"]),
        _ => match step_action(at) {
            Some((action, true)) => lookup(&action)
                .and_then(|spec| spec.allowed_values(key))
                .map(fixed)
                .unwrap_or_default(),
            _ => Vec::new(),
        },
    }
}

/// The action of the step whose `inputs` (true) or own keys (false) hold this line.
fn step_action(at: &Cursor<'_>) -> Option<(String, bool)> {
    let lines = at.lines;
    let levels = match at.dash {
        // The line opens an item of its own: it is that item's first key.
        Some(d) => {
            let mut levels = enclosing(lines, at.line, d);
            levels.push(Level::Item(at.line));
            levels
        }
        None => enclosing(lines, at.line, at.indent),
    };
    match levels.as_slice() {
        [.., Level::Key(list), Level::Item(item), Level::Key(inputs)]
            if (list == "mainSteps" || list == "Steps") && inputs == "inputs" =>
        {
            Some((item_value(lines, *item, "action")?, true))
        }
        [.., Level::Key(list), Level::Item(item)] if list == "mainSteps" || list == "Steps" => {
            Some((
                item_value(lines, *item, "action").unwrap_or_default(),
                false,
            ))
        }
        _ => None,
    }
}

fn keys(typed: &str, at: &Cursor<'_>) -> Vec<Item> {
    let typed = typed.trim_matches(['"', '\'']);
    let out: Vec<Item> = match step_action(at) {
        Some((action, true)) => lookup(&action)
            .map(|spec| {
                spec.inputs
                    .iter()
                    .map(|i| {
                        let required = if i.required { ", required" } else { "" };
                        item(
                            i.name,
                            format!("{}{required}: {}", i.ty.name(), i.summary),
                            Kind::Input,
                            typed,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        Some((_, false)) => STEP_KEYS
            .iter()
            .map(|k| item(*k, "step property", Kind::Key, typed))
            .collect(),
        None if at.indent == 0 => crate::document::lower::TOP_LEVEL_KEYS
            .iter()
            .map(|k| item(*k, "runbook property", Kind::Key, typed))
            .collect(),
        None => Vec::new(),
    };
    out.into_iter()
        .filter(|i| i.label.starts_with(typed))
        .collect()
}
