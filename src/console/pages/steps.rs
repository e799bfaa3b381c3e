//! The steps of an execution page: every top-level step of the document in order, with its
//! latest record's status, inputs, outputs and failure, the records of its loop body, and in
//! Manual mode the "Execute this step" form with input overrides.

use crate::console::Console;
use crate::console::actions::INPUT_PREFIX;
use crate::console::html::{escape, json, segment, status, time, token_field};
use crate::document::{Document, Step};
use crate::exec::{Cursor, Execution, Mode, StepRecord};
use serde_json::{Map, Value};
use std::fmt::Write;

/// The inputs a step would run with now, or why they cannot be resolved yet.
pub type Preview = Result<Map<String, Value>, String>;

/// What the steps section is drawn from.
pub struct Steps<'a> {
    pub execution: &'a Execution,
    /// Records of the top-level steps that have not started.
    pub pending: &'a [StepRecord],
    pub document: &'a Document,
    /// The step a Manual execution runs next by default, with the inputs it would run with
    /// now (or why they cannot be resolved yet).
    pub preview: Option<(&'a str, &'a Preview)>,
}

pub fn section(console: &Console, steps: &Steps<'_>) -> String {
    let exec = steps.execution;
    let graph = crate::graph::build(&crate::compile::compile(steps.document), Some(exec));
    let mut out = format!(
        "<h2>Steps</h2><div class=\"graph\">{}</div><table class=\"steps\"><thead><tr><th>#</th><th>Step</th>\
         <th>Action</th><th>Status</th><th>Start</th><th>End</th><th>Details</th></tr></thead><tbody>",
        super::graph::svg(&graph)
    );
    for (n, step) in steps.document.main_steps.iter().enumerate() {
        let name = step.name.value.as_str();
        let runs: Vec<&StepRecord> = exec
            .steps
            .iter()
            .filter(|r| r.parent.is_none() && r.step_name == name)
            .collect();
        let latest = runs
            .last()
            .copied()
            .or_else(|| steps.pending.iter().find(|r| r.step_name == name));
        let state = latest.map_or("Pending", |r| r.status.as_str());
        let next = steps.preview.filter(|(n, _)| *n == name);
        let _ = write!(
            out,
            "<tr id=\"step-{}\" class=\"{}\"><td>{}</td><td><b>{}</b>{}</td><td><code>{}</code></td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
            segment(name),
            if next.is_some() { "next" } else { "" },
            n + 1,
            escape(name),
            if runs.len() > 1 {
                format!(" <span class=\"help\">({} runs)</span>", runs.len())
            } else {
                String::new()
            },
            escape(&step.action.value),
            status(state),
            time(latest.and_then(|r| r.start_ms)),
            time(latest.and_then(|r| r.end_ms)),
            latest.map(details).unwrap_or_default(),
            children(exec, latest),
        );
        if can_start(exec) {
            let _ = write!(
                out,
                "<tr class=\"execute\"><td></td><td colspan=\"6\">{}</td></tr>",
                execute_form(console, exec, step, next.map(|(_, p)| p))
            );
        }
    }
    out.push_str("</tbody></table>");
    out
}

/// A Manual execution that is open and not held by a waiting step takes StartStep.
fn can_start(exec: &Execution) -> bool {
    exec.mode == Mode::Interactive
        && !exec.status.is_terminal()
        && !matches!(exec.cursor, Cursor::Blocked { .. })
}

fn details(r: &StepRecord) -> String {
    let mut out = String::new();
    if let Some(m) = &r.failure_message {
        let _ = write!(out, "<p class=\"failure\">{}</p>", escape(m));
    }
    for (label, map) in [("Inputs", &r.inputs), ("Outputs", &r.outputs)] {
        if !map.is_empty() {
            let _ = write!(
                out,
                "<details><summary>{label}</summary>{}</details>",
                json(&Value::Object(map.clone()))
            );
        }
    }
    if !r.overridden_parameters.is_empty() {
        let _ = write!(
            out,
            "<details><summary>Overridden inputs</summary>{}</details>",
            json(&serde_json::json!(r.overridden_parameters))
        );
    }
    for note in &r.notes {
        let _ = write!(out, "<p class=\"note\">{}</p>", escape(note));
    }
    out
}

/// The records of a loop's body steps, under the loop's latest record.
fn children(exec: &Execution, parent: Option<&StepRecord>) -> String {
    let Some(parent) = parent else {
        return String::new();
    };
    let rows: Vec<&StepRecord> = exec
        .steps
        .iter()
        .filter(|r| {
            r.parent
                .as_ref()
                .is_some_and(|p| p.step_execution_id == parent.step_execution_id)
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("<details><summary>Loop iterations</summary><table class=\"nested\">");
    for r in rows {
        let iteration = r.parent.as_ref().map_or(0, |p| p.iteration);
        let _ = write!(
            out,
            "<tr><td>{iteration}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&r.step_name),
            status(r.status.as_str()),
            details(r)
        );
    }
    out.push_str("</table></details>");
    out
}

/// "Execute this step", with one override field per input the step declares. Overrides are
/// empty unless typed: the inputs the step would run with now are shown beside them, so
/// that only what the user changes is sent (and recorded as OverriddenParameters).
fn execute_form(
    console: &Console,
    exec: &Execution,
    step: &Step,
    preview: Option<&Preview>,
) -> String {
    let name = &step.name.value;
    let mut out = format!(
        "<form method=\"post\" action=\"/executions/{}/signal\" class=\"execute-step\">{}\
         <input type=\"hidden\" name=\"type\" value=\"StartStep\">\
         <input type=\"hidden\" name=\"step\" value=\"{}\">\
         <button type=\"submit\" id=\"execute-{}\"{}>Execute this step</button>",
        segment(&exec.id),
        token_field(console.token()),
        escape(name),
        escape(name),
        if preview.is_some() {
            " class=\"primary\""
        } else {
            ""
        },
    );
    let inputs: Vec<&str> = step
        .inputs
        .map()
        .map(|m| m.iter().map(|(k, _)| k.name.as_str()).collect())
        .unwrap_or_default();
    if !inputs.is_empty() {
        out.push_str("<details><summary>Input overrides</summary>");
        if let Some(Err(why)) = preview {
            let _ = write!(out, "<p class=\"note\">{}</p>", escape(why));
        }
        for input in inputs {
            let now = match preview {
                Some(Ok(map)) => map.get(input).map(as_lines).unwrap_or_default(),
                _ => String::new(),
            };
            let _ = write!(
                out,
                "<label class=\"override\"><code>{n}</code>\
                 <textarea name=\"{}\" rows=\"1\" placeholder=\"{}\"></textarea></label>",
                escape(&format!("{INPUT_PREFIX}{input}")),
                escape(&now),
                n = escape(input),
            );
        }
        out.push_str("<p class=\"help\">One value per line for a list; empty fields keep the document's value.</p></details>");
    }
    out.push_str("</form>");
    out
}

/// A resolved input as override text: a string as is, a list one item per line, anything
/// else as JSON.
fn as_lines(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        other => other.to_string(),
    }
}
