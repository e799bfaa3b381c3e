//! Checking a case's expectations against its run. Every unmet expectation is reported, not
//! just the first, each as one line naming what was expected and what happened.

use super::runner::CaseRun;
use super::spec::Expect;
use crate::exec::Status;
use serde_json::Value;

pub fn check(expect: &Expect, run: &CaseRun) -> Vec<String> {
    let exec = &run.execution;
    let mut out = run.notes.clone();
    if let Some(status) = &expect.status
        && exec.status.as_str() != status
    {
        let why = exec
            .failure_message
            .as_deref()
            .map_or(String::new(), |m| format!(" ({m})"));
        out.push(format!(
            "status: expected {status}, got {}{why}",
            exec.status.as_str()
        ));
    }
    for (step, expected) in &expect.steps {
        if run.document.step(step).is_none() {
            out.push(format!("steps: the runbook has no step `{step}`"));
            continue;
        }
        let actual = exec
            .steps
            .iter()
            .rev()
            .find(|r| r.step_name == *step)
            .map_or(Status::Pending, |r| r.status);
        if actual.as_str() != expected {
            out.push(format!(
                "step `{step}`: expected {expected}, got {}",
                actual.as_str()
            ));
        }
    }
    for (name, expected) in &expect.outputs {
        let actual = name
            .split_once('.')
            .and_then(|(step, output)| exec.step_outputs.get(step)?.get(output));
        match actual {
            Some(actual) if actual == expected => {}
            Some(actual) => out.push(format!(
                "output `{name}`: expected {expected}, got {actual}"
            )),
            None => out.push(format!(
                "output `{name}`: expected {expected}, but it was never set"
            )),
        }
    }
    if let Some(text) = &expect.failure {
        let message = exec.failure_message.as_deref().unwrap_or_default();
        if !message.contains(text.as_str()) {
            out.push(format!(
                "failure: expected a message containing {text:?}, got {message:?}"
            ));
        }
    }
    if let Some(world) = &expect.world
        && let Some(why) = missing(world, &run.world, "world")
    {
        out.push(why);
    }
    if let Some(calls) = &expect.calls {
        out.extend(check_calls(calls, &run.calls));
    }
    out
}

/// `service.Operation`, as the call log names a call.
pub fn call_name(call: &crate::driver::ApiCall) -> String {
    format!("{}.{}", call.service, call.operation)
}

/// The expected calls appear among the calls made, in this order (other calls may come
/// between them, such as the polls of a waiting step).
fn check_calls(expected: &[Value], actual: &[crate::driver::ApiCall]) -> Vec<String> {
    let matches = |e: &Value, call: &crate::driver::ApiCall| match e {
        Value::String(name) => *name == call_name(call),
        other => missing(other, &call.to_json(), "call").is_none(),
    };
    let mut rest = actual.iter();
    for (i, e) in expected.iter().enumerate() {
        if !rest.any(|call| matches(e, call)) {
            let made: Vec<String> = actual.iter().map(call_name).collect();
            let shown = match e {
                Value::String(name) => name.clone(),
                other => other.to_string(),
            };
            return vec![format!(
                "calls: expected call {} ({shown}) after the ones before it, among: {}",
                i + 1,
                if made.is_empty() {
                    "no calls".to_string()
                } else {
                    made.join(", ")
                }
            )];
        }
    }
    Vec::new()
}

/// Why `actual` does not contain `expected`: objects by their keys (recursively), lists
/// when every expected item matches some actual item, anything else by equality.
pub fn missing(expected: &Value, actual: &Value, at: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e.iter().find_map(|(k, v)| match a.get(k) {
            Some(found) => missing(v, found, &format!("{at}.{k}")),
            None => Some(format!("{at}: expected a key `{k}`, found none")),
        }),
        (Value::Array(e), Value::Array(a)) => e.iter().find_map(|item| {
            (!a.iter().any(|found| missing(item, found, at).is_none()))
                .then(|| format!("{at}: expected an item matching {item}, found none"))
        }),
        _ if expected == actual => None,
        _ => Some(format!("{at}: expected {expected}, got {actual}")),
    }
}

#[cfg(test)]
mod tests {
    use super::missing;
    use serde_json::json;

    #[test]
    fn worlds_match_by_inclusion() {
        let actual = json!({"Instances": [{"InstanceId": "i-1", "State": "running"}, {"InstanceId": "i-2", "State": "stopped"}]});
        assert_eq!(
            missing(
                &json!({"Instances": [{"InstanceId": "i-2", "State": "stopped"}]}),
                &actual,
                "world"
            ),
            None
        );
        let why = missing(
            &json!({"Instances": [{"InstanceId": "i-2", "State": "running"}]}),
            &actual,
            "world",
        );
        assert!(why.is_some_and(|w| w.contains("world.Instances")));
    }
}
