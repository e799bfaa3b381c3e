//! An execution's page: its summary, the controls its state allows (Cancel, Complete and view
//! results, Approve/Reject/Resume for a waiting step), its steps, and its outputs.

use super::steps;
use crate::console::Console;
use crate::console::error::Failure;
use crate::console::html::{button_form, escape, json, page, segment, status, time};
use crate::console::response::Response;
use crate::exec::{Cursor, Execution, Mode};
use std::fmt::Write;

/// The mode as the console names it.
pub fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Auto => "Simple execution",
        Mode::Interactive => "Manual execution",
    }
}

pub fn show(console: &Console, id: &str) -> Result<Response, Failure> {
    let (view, document) =
        console.with_service(|s| Ok::<_, Failure>((s.get(id)?, s.document(id)?)))?;
    let exec = &view.execution;
    let mut body = summary(exec);
    body.push_str(&controls(console, exec));
    let preview = match (&exec.cursor, exec.mode, exec.status.is_terminal()) {
        (Cursor::Next(next), Mode::Interactive, false) => Some((
            next.clone(),
            console
                .with_service(|s| s.preview(id, next))
                .map_err(|e| e.to_string()),
        )),
        _ => None,
    };
    body.push_str(&steps::section(
        console,
        &steps::Steps {
            execution: exec,
            pending: &view.pending,
            document: &document,
            preview: preview.as_ref().map(|(n, r)| (n.as_str(), r)),
        },
    ));
    let outputs = exec.document_outputs();
    if !outputs.is_empty() {
        body.push_str("<h2>Outputs</h2><table class=\"kv\">");
        for (name, values) in &outputs {
            let _ = write!(
                body,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(name),
                json(&serde_json::json!(values))
            );
        }
        body.push_str("</table>");
    }
    let title = format!("Execution {}", exec.id);
    Ok(Response::html(200, page(&title, &body)))
}

fn summary(exec: &Execution) -> String {
    let mut rows = vec![
        ("Execution ID", escape(&exec.id)),
        (
            "Document",
            format!(
                "<a href=\"/documents/{}?version={}\">{}</a> (version {})",
                segment(&exec.document_name),
                segment(&exec.document_version),
                escape(&exec.document_name),
                escape(&exec.document_version)
            ),
        ),
        ("Mode", mode_name(exec.mode).to_string()),
        ("Status", status(exec.status.as_str())),
        ("Start time", time(Some(exec.start_ms))),
        ("End time", time(exec.end_ms)),
        ("Executed by", escape(&exec.executed_by)),
    ];
    if let Some(parent) = &exec.parent_id {
        rows.push((
            "Parent execution",
            format!(
                "<a href=\"/executions/{}\">{}</a>",
                segment(parent),
                escape(parent)
            ),
        ));
    }
    if let Some(m) = &exec.failure_message {
        rows.push((
            "Failure",
            format!("<span class=\"failure\">{}</span>", escape(m)),
        ));
    }
    if !exec.parameters.is_empty() {
        rows.push((
            "Parameters",
            json(&serde_json::Value::Object(exec.parameters.clone())),
        ));
    }
    let mut out = String::from("<table class=\"kv summary\">");
    for (k, v) in rows {
        let _ = write!(out, "<tr><th>{k}</th><td>{v}</td></tr>");
    }
    out.push_str("</table>");
    out
}

/// The buttons of the execution as a whole, and of a step waiting for a signal.
fn controls(console: &Console, exec: &Execution) -> String {
    if exec.status.is_terminal() {
        return String::new();
    }
    let token = console.token();
    let base = format!("/executions/{}", segment(&exec.id));
    let mut out = String::from("<div class=\"controls\">");
    if let Cursor::Blocked { record } = exec.cursor
        && let Some(r) = exec.steps.get(record)
    {
        let _ = write!(
            out,
            "<form method=\"post\" action=\"{base}/signal\" class=\"waiting\">{}\
             <p>Step <b>{}</b> (<code>{}</code>) is waiting.</p>\
             <label>Comment <input type=\"text\" name=\"comment\"></label> ",
            crate::console::html::token_field(token),
            escape(&r.step_name),
            escape(&r.action)
        );
        let signals: &[&str] = if r.action == "aws:approve" {
            &["Approve", "Reject"]
        } else {
            &["Resume"]
        };
        for s in signals {
            let _ = write!(
                out,
                "<button type=\"submit\" name=\"type\" value=\"{s}\" id=\"signal-{}\">{s}</button> ",
                s.to_ascii_lowercase()
            );
        }
        out.push_str("</form>");
    }
    if exec.mode == Mode::Interactive {
        out.push_str(&button_form(
            &format!("{base}/stop"),
            token,
            &[("type", "Complete")],
            "Complete and view results",
            "primary complete",
        ));
    }
    out.push_str(&button_form(
        &format!("{base}/stop"),
        token,
        &[("type", "Cancel")],
        "Cancel execution",
        "danger cancel",
    ));
    out.push_str("</div>");
    out
}
