//! aws:executeScript. Never runs by default: outputs come from a step mock, or the step fails
//! saying how to proceed. With `--allow-scripts`, the handler runs in the sandbox of
//! `crate::script`, its AWS calls answered by this run's driver, under the action's 600 s
//! limit or the step's remaining timeout.

use super::{ActionCx, Outcome, string};
use crate::script::{self, Job, ScriptError};
use serde_json::{Map, Value, json};
use std::time::Duration;

const NOT_RUN: &str = "script not executed: add a mock or pass --allow-scripts";
const MAX_RUN_SECONDS: u64 = 600;
const MAX_PAYLOAD_BYTES: usize = 100 * 1024;
const MAX_LIST_ITEMS: usize = 100;

pub(super) fn execute_script(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    if !cx.options.allow_scripts {
        return Err(Outcome::failed(NOT_RUN));
    }
    let events = match inputs.get("InputPayload").cloned().unwrap_or(json!({})) {
        Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
        other => other,
    };
    let remaining = cx
        .deadline_ms
        .map(|d| u64::try_from(d - cx.driver.now_millis()).unwrap_or(0));
    let limit_ms = remaining
        .unwrap_or(MAX_RUN_SECONDS * 1000)
        .min(MAX_RUN_SECONDS * 1000);
    let job = Job {
        runtime: string(inputs, "Runtime")?,
        handler: inputs.get("Handler").and_then(Value::as_str).unwrap_or(""),
        script: inputs.get("Script").and_then(Value::as_str),
        attachment: inputs.get("Attachment").and_then(Value::as_str),
        events: &events,
        limit: Duration::from_millis(limit_ms),
    };
    // The script's calls go to the run's call log under this step.
    cx.driver.enter_step(cx.step);
    let finished =
        script::run(&cx.options.scripts, &job, &mut *cx.driver).map_err(|e| match e {
            ScriptError::Unavailable(message) | ScriptError::Failed(message) => {
                Outcome::failed(message)
            }
            ScriptError::TimedOut(message) => Outcome::TimedOut { message },
        })?;
    let value = limit_payload(finished.payload)?;
    let mut out = Map::new();
    out.insert("Payload".into(), value.clone());
    Ok(Outcome::Success {
        outputs: out,
        response: Some(json!({ "Payload": value })),
        notes: finished.notes,
    })
}

/// The service returns at most 100 KB of payload, and cuts a returned list to 100 items.
fn limit_payload(value: Value) -> Result<Value, Outcome> {
    let value = match value {
        Value::Array(mut items) if items.len() > MAX_LIST_ITEMS => {
            items.truncate(MAX_LIST_ITEMS);
            Value::Array(items)
        }
        other => other,
    };
    let size = value.to_string().len();
    if size > MAX_PAYLOAD_BYTES {
        return Err(Outcome::failed(format!(
            "script returned {size} bytes of payload; at most {MAX_PAYLOAD_BYTES} bytes are allowed"
        )));
    }
    Ok(value)
}
