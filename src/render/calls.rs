//! The call log as text under each step (`run --trace`), as JSON (`ApiCalls`) and as a
//! mocks file (`--mocks-out`).

use serde_json::{Map, Value, json};

use crate::driver::{AnsweredBy, ApiCall};

/// Longest request or response shown in a trace line; the JSON output has them whole.
const SHOWN_CHARS: usize = 400;

/// Lines under a finished step: every call with `trace`, else only the answers a user must
/// not mistake for real ones (synthesized) or that never left the client (rejected).
pub fn step_calls(calls: &[ApiCall], trace: bool) -> String {
    let mut out = String::new();
    for call in shown_calls(calls, trace) {
        let times = if call.repeats > 1 {
            format!(", {} calls", call.repeats)
        } else {
            String::new()
        };
        let made_up = parameter_value(call)
            .map(|v| format!(": {v}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "    {}.{} ({}{times}){made_up}\n",
            call.service,
            call.operation,
            call.answered_by.as_str()
        ));
        if trace {
            out.push_str(&format!("      request:  {}\n", shortened(&call.request)));
            match &call.result {
                Ok(response) => out.push_str(&format!("      response: {}\n", shortened(response))),
                Err(e) => out.push_str(&format!(
                    "      error:    {}: {}\n",
                    e.code,
                    first_line(&e.message)
                )),
            }
        }
    }
    out
}

/// Lines for the calls made before the first step (Parameter Store reads of `{{ssm:…}}`
/// defaults), as [`step_calls`] shows them, under a line of their own. Empty when none is
/// shown.
pub fn start_calls(calls: &[ApiCall], trace: bool) -> String {
    let at_start: Vec<ApiCall> = calls.iter().filter(|c| c.step.is_none()).cloned().collect();
    let lines = step_calls(&at_start, trace);
    if lines.is_empty() {
        return String::new();
    }
    format!("(start)\n{lines}")
}

/// The calls [`step_calls`] prints a line for, in order.
fn shown_calls(calls: &[ApiCall], trace: bool) -> impl Iterator<Item = &ApiCall> {
    calls.iter().filter(move |c| trace || notable(c))
}

fn notable(call: &ApiCall) -> bool {
    matches!(
        call.answered_by,
        AnsweredBy::Synthesized | AnsweredBy::Rejected
    )
}

/// `` `name` = `value` `` for a synthesized Parameter Store answer.
fn parameter_value(call: &ApiCall) -> Option<String> {
    if call.answered_by != AnsweredBy::Synthesized {
        return None;
    }
    let response = call.result.as_ref().ok()?;
    let name = response.pointer("/Parameter/Name")?.as_str()?;
    let value = response.pointer("/Parameter/Value")?.as_str()?;
    Some(format!("`{name}` = `{value}`"))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

fn shortened(v: &Value) -> String {
    let text = serde_json::to_string(v).unwrap_or_default();
    if text.chars().count() <= SHOWN_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SHOWN_CHARS).collect();
    format!("{cut}… ({} characters)", text.chars().count())
}

/// The run summary's list of synthesized answers, empty when there were none.
pub fn synthesized_summary(calls: &[ApiCall]) -> String {
    let synthesized: Vec<&ApiCall> = calls
        .iter()
        .filter(|c| c.answered_by == AnsweredBy::Synthesized)
        .collect();
    if synthesized.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "Synthesized answers ({}): no simulation or mock answered these calls\n",
        synthesized.len()
    );
    for call in synthesized {
        let place = match call.step.as_deref() {
            Some(step) => format!("in step `{step}`"),
            None => "at start".to_string(),
        };
        let made_up = parameter_value(call)
            .map(|v| format!(" ({v})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}.{} {place}{made_up}\n",
            call.service, call.operation
        ));
    }
    out
}

/// A response as a mock holds it: boto3's `ResponseMetadata` is added to every answer anyway.
fn without_metadata(response: &Value) -> Value {
    let mut response = response.clone();
    if let Value::Object(map) = &mut response {
        map.remove("ResponseMetadata");
    }
    response
}

/// `ApiCalls` for JSON output.
pub fn calls_json(calls: &[ApiCall]) -> Value {
    Value::Array(calls.iter().map(ApiCall::to_json).collect())
}

/// A mocks file (docs/world-and-mocks.md) that answers every call of the log the way it was
/// answered: one entry per service, operation and request, with its responses in order.
pub fn mocks_file(calls: &[ApiCall]) -> Value {
    let mut entries: Vec<Map<String, Value>> = Vec::new();
    for call in calls {
        if call.answered_by == AnsweredBy::Rejected {
            continue;
        }
        let answer = match &call.result {
            Ok(response) => ("Responses", without_metadata(response)),
            Err(e) => ("Error", json!({"Code": e.code, "Message": e.message})),
        };
        let same = entries.iter_mut().find(|e| {
            e.get("Service") == Some(&Value::String(call.service.clone()))
                && e.get("Api") == Some(&Value::String(call.operation.clone()))
                && e.get("Parameters") == Some(&call.request)
        });
        match (same, answer) {
            (Some(entry), ("Responses", response)) if entry.contains_key("Responses") => {
                if let Some(Value::Array(list)) = entry.get_mut("Responses")
                    && list.last() != Some(&response)
                {
                    list.push(response);
                }
            }
            (Some(_), _) => {}
            (None, (key, value)) => {
                let mut entry = Map::new();
                entry.insert("Service".into(), Value::String(call.service.clone()));
                entry.insert("Api".into(), Value::String(call.operation.clone()));
                entry.insert("Parameters".into(), call.request.clone());
                let value = if key == "Responses" {
                    Value::Array(vec![value])
                } else {
                    value
                };
                entry.insert(key.into(), value);
                entries.push(entry);
            }
        }
    }
    json!({ "mocks": entries.into_iter().map(Value::Object).collect::<Vec<_>>() })
}
