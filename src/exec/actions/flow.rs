//! aws:sleep and aws:branch. (aws:pause and aws:approve only wait; aws:loop,
//! aws:updateVariable and aws:executeAutomation need the engine and live there.)

use super::{ActionCx, Outcome};
use crate::condition::Condition;
use serde_json::{Map, Value};

/// The longest sleep the service allows (spec §5.21).
const MAX_SLEEP_MS: i64 = 604_799_000;

pub(super) fn sleep(cx: &mut ActionCx, inputs: &Map<String, Value>) -> Result<Outcome, Outcome> {
    let now = cx.driver.now_millis();
    // Timestamp wins when both are given (spec §5.21).
    let millis = if let Some(ts) = inputs.get("Timestamp").and_then(Value::as_str) {
        let t: jiff::Timestamp = ts.parse().map_err(|e| {
            Outcome::invalid_input(format!(
                "`Timestamp` `{ts}` is not an ISO-8601 instant: {e}"
            ))
        })?;
        (t.as_millisecond() - now).max(0)
    } else if let Some(d) = inputs.get("Duration").and_then(Value::as_str) {
        duration_millis(d).map_err(Outcome::invalid_input)?
    } else {
        return Err(Outcome::invalid_input(
            "aws:sleep needs `Duration` or `Timestamp`",
        ));
    };
    if millis > MAX_SLEEP_MS {
        return Err(Outcome::invalid_input(format!(
            "sleep of {} seconds is longer than the maximum of 604799 seconds",
            millis / 1000
        )));
    }
    cx.wait(millis)?;
    Ok(Outcome::empty())
}

/// An ISO-8601 duration in milliseconds (days count as 24 hours).
pub(crate) fn duration_millis(text: &str) -> Result<i64, String> {
    let span: jiff::Span = jiff::fmt::temporal::SpanParser::new()
        .parse_span(text)
        .map_err(|e| format!("`Duration` `{text}` is not an ISO-8601 duration: {e}"))?;
    if span.is_negative() {
        return Err(format!("`Duration` `{text}` is negative"));
    }
    let d = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .map_err(|e| format!("`Duration` `{text}` cannot be measured: {e}"))?;
    Ok(d.as_millis() as i64)
}

pub(super) fn branch(inputs: &Map<String, Value>) -> Result<Outcome, Outcome> {
    let choices = inputs
        .get("Choices")
        .and_then(Value::as_array)
        .ok_or_else(|| Outcome::invalid_input("aws:branch needs a `Choices` list"))?;
    for (i, choice) in choices.iter().enumerate() {
        let condition = Condition::from_json(choice)
            .map_err(|e| Outcome::invalid_input(format!("choice {}: {e}", i + 1)))?;
        // Inputs are already resolved, so the resolver is the identity.
        let matched = condition
            .evaluate(&|v| Ok(v.clone()))
            .map_err(|e| Outcome::failed(format!("choice {}: {e}", i + 1)))?;
        if matched {
            let next = choice
                .get("NextStep")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    Outcome::invalid_input(format!("choice {} has no `NextStep`", i + 1))
                })?;
            return Ok(Outcome::Goto(next.to_string()));
        }
    }
    match inputs.get("Default").and_then(Value::as_str) {
        Some(d) => Ok(Outcome::Goto(d.to_string())),
        // No match and no Default: the step's own isEnd/nextStep/order decide.
        None => Ok(Outcome::empty()),
    }
}
