//! Human output of `ssmrun run`: one line per finished step, then the final status and the
//! document outputs.

use crate::exec::{Execution, Status, StepRecord};
use crate::selector::record_strings;
use serde_json::Value;

/// "1h2m3s" style, for simulated durations.
pub fn duration(ms: i64) -> String {
    let total = ms.max(0) / 1000;
    let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60);
    match (h, m) {
        (0, 0) if ms < 1000 => format!("{}ms", ms.max(0)),
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s:02}s"),
        _ => format!("{h}h{m:02}m{s:02}s"),
    }
}

fn paint(text: &str, status: Status, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match status {
        Status::Success => "32",
        Status::Failed | Status::TimedOut => "31",
        Status::Cancelled | Status::Waiting | Status::Cancelling => "33",
        _ => "0",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// How a value reads wherever the run shows one (outputs, inputs, previews): a scalar or a
/// one-item list of scalars as its text, a longer list of scalars as a JSON list of its
/// strings, anything holding a map as compact JSON. `run -i` reads an edited value back the
/// same way (a JSON list is a list).
pub fn value_text(v: &Value) -> String {
    let scalar = |v: &Value| !(v.is_array() || v.is_object());
    match v {
        Value::Array(items) if items.iter().all(scalar) => strings_text(&record_strings(v)),
        Value::Array(_) | Value::Object(_) => v.to_string(),
        scalar => strings_text(&record_strings(scalar)),
    }
}

/// [`value_text`] for a value already in the API's strings.
pub fn strings_text(strings: &[String]) -> String {
    match strings {
        [one] => one.clone(),
        many => serde_json::to_string(many).unwrap_or_default(),
    }
}

/// One line for a finished (or waiting) step, with its outputs and notes below.
pub fn step_line(r: &StepRecord, color: bool) -> String {
    let took = match (r.start_ms, r.end_ms) {
        (Some(s), Some(e)) => duration(e - s),
        _ => "-".into(),
    };
    let indent = if r.parent.is_some() { "  " } else { "" };
    let iteration = r
        .parent
        .as_ref()
        .map(|p| format!(" [{}#{}]", p.step_name, p.iteration))
        .unwrap_or_default();
    let mut line = format!(
        "{indent}{:<28} {:<32} {:<10} {:>9}{iteration}",
        r.step_name,
        r.action,
        paint(r.status.as_str(), r.status, color),
        took
    );
    for (k, v) in &r.outputs {
        line.push_str(&format!("\n{indent}    {k} = {}", value_text(v)));
    }
    if let Some(m) = &r.failure_message {
        line.push_str(&format!("\n{indent}    failure: {m}"));
    }
    for n in &r.notes {
        line.push_str(&format!("\n{indent}    note: {n}"));
    }
    line
}

/// The closing block: status, duration, failure message and document outputs. The duration
/// is on the simulated clock unless the run used a real back end (`real_clock`).
pub fn summary(exec: &Execution, color: bool, real_clock: bool) -> String {
    let clock = if real_clock { "" } else { " simulated" };
    let took = exec
        .end_ms
        .map(|e| format!(" in {}{clock}", duration(e - exec.start_ms)))
        .unwrap_or_default();
    let mut out = format!(
        "\nExecution {} ({}): {}{took}\n",
        exec.id,
        exec.document_name,
        paint(exec.status.as_str(), exec.status, color)
    );
    if let Some(m) = &exec.failure_message {
        out.push_str(&format!("  {m}\n"));
    }
    let outputs = exec.document_outputs();
    if !outputs.is_empty() {
        out.push_str("Outputs:\n");
        for (k, v) in outputs {
            out.push_str(&format!("  {k} = {}\n", strings_text(&v)));
        }
    }
    out
}

/// The run summary's list of synthesized child automations (their documents were not
/// available locally, so they did not run), empty when there were none. `family` is the
/// execution and every execution below it; each child is named with the step that started it.
pub fn synthesized_children(family: &[&Execution]) -> String {
    let synthesized: Vec<&Execution> = family.iter().copied().filter(|e| e.synthesized).collect();
    if synthesized.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "Synthesized child automations ({}): not run, their documents are not available locally\n",
        synthesized.len()
    );
    for child in synthesized {
        let step = family
            .iter()
            .flat_map(|e| &e.steps)
            .find(|r| r.outputs.get("ExecutionId").and_then(|v| v.as_str()) == Some(&child.id))
            .map_or("(unknown)", |r| r.step_name.as_str());
        out.push_str(&format!(
            "  `{}` in step `{step}` (execution {})\n",
            child.document_name, child.id
        ));
    }
    out.push_str(
        "  to run them: put `<name>.yaml` beside the runbook, or register it with `ssmrun ssm create-document` (not possible for names AWS owns: `AWS…`, `Amazon…`, `AMZN…`); `--strict` fails these steps instead\n",
    );
    out
}
