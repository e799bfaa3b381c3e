//! aws:sleep, aws:branch, aws:pause and aws:approve (which only wait). aws:loop,
//! aws:updateVariable and aws:executeAutomation have files of their own.

use super::{ActionCx, Outcome};
use crate::compile::{CompiledStep, Target};
use crate::condition::Condition;
use crate::duration::{DurationError, MAX_SLEEP_SECONDS, sleep_millis};
use crate::exec::engine::{BranchDecision, Engine};
use crate::exec::execution::Execution;
use crate::exec::scope::ExecScope;
use crate::template::{Reference, Template};
use serde_json::{Map, Value};

const MAX_SLEEP_MS: i64 = MAX_SLEEP_SECONDS * 1000;

/// Approvers an aws:approve step may list (spec §5.2).
const MAX_APPROVERS: usize = 10;

/// aws:approve waits for signals, once its inputs pass the service's checks: at most 10
/// approvers, and `MinRequiredApprovals` from 1 to their number. The bound also bounds the
/// approvals a run can be asked to collect.
pub(super) fn approve(inputs: &Map<String, Value>) -> Result<Outcome, Outcome> {
    let approvers = match inputs.get("Approvers") {
        Some(Value::Array(list)) => list.len(),
        Some(Value::String(_)) => 1,
        _ => 0,
    };
    if approvers > MAX_APPROVERS {
        return Err(Outcome::invalid_input(format!(
            "`Approvers` lists {approvers} approvers; at most {MAX_APPROVERS} are allowed"
        )));
    }
    if let Some(v) = inputs.get("MinRequiredApprovals") {
        let needed = v.as_i64().or_else(|| v.as_str()?.trim().parse().ok());
        if !needed.is_some_and(|n| n >= 1 && n <= approvers as i64) {
            return Err(Outcome::invalid_input(format!(
                "`MinRequiredApprovals` must be from 1 to the number of approvers ({approvers}), found {v}"
            )));
        }
    }
    Ok(Outcome::Wait)
}

pub(super) fn sleep(cx: &mut ActionCx, inputs: &Map<String, Value>) -> Result<Outcome, Outcome> {
    let now = cx.driver.now_millis();
    // Timestamp wins when both are given (spec §5.21).
    let millis = if let Some(ts) = inputs.get("Timestamp").and_then(Value::as_str) {
        let t: jiff::Timestamp = ts.trim().parse().map_err(|e| {
            Outcome::invalid_input(format!(
                "`Timestamp` `{ts}` is not an ISO-8601 instant: {e}"
            ))
        })?;
        (t.as_millisecond() - now).max(0)
    } else if let Some(d) = inputs.get("Duration").and_then(Value::as_str) {
        sleep_millis(d).map_err(|e| Outcome::invalid_input(duration_error(d, e)))?
    } else {
        return Err(Outcome::invalid_input(
            "aws:sleep needs `Duration` or `Timestamp`",
        ));
    };
    if millis > MAX_SLEEP_MS {
        return Err(Outcome::invalid_input(format!(
            "sleep of {} seconds is longer than the maximum of {MAX_SLEEP_SECONDS} seconds",
            millis / 1000
        )));
    }
    cx.wait(millis)?;
    Ok(Outcome::empty())
}

fn duration_error(text: &str, e: DurationError) -> String {
    match e {
        DurationError::Syntax(why) => {
            format!("`Duration` `{text}` is not an ISO-8601 duration: {why}")
        }
        DurationError::Negative => format!("`Duration` `{text}` is negative"),
        DurationError::TooLong => {
            format!("sleep of `{text}` is longer than the maximum of {MAX_SLEEP_SECONDS} seconds")
        }
    }
}

impl Engine<'_> {
    /// aws:branch: the first choice that holds names the next step, else `Default`, else
    /// the step's own flow. A choice that reads an output its step never produced (it
    /// failed with `onFailure: Continue`, or did not run) does not hold (docs/semantics.md).
    pub(super) fn branch(
        &mut self,
        exec: &Execution,
        step: &CompiledStep,
        inputs: &Map<String, Value>,
        record: usize,
    ) -> Outcome {
        let parsed;
        let choices = match step.branch.as_ref().and_then(|b| b.choices.as_ref()) {
            Some(Ok(choices)) => choices,
            Some(Err(e)) => return Outcome::invalid_input(e.clone()),
            // `Choices` was a reference: parse what it resolved to.
            None => match dynamic_choices(inputs) {
                Ok(c) => {
                    parsed = c;
                    &parsed
                }
                Err(o) => return o,
            },
        };
        let (held, compared) = match self.first_holding(exec, choices) {
            Ok(found) => found,
            Err(o) => return o,
        };
        let next = match held {
            Some(i) => match &choices[i].next {
                Some(target) => Some(target.clone()),
                None => {
                    return Outcome::invalid_input(format!("choice {} has no `NextStep`", i + 1));
                }
            },
            None => inputs
                .get("Default")
                .and_then(Value::as_str)
                .map(|d| Target {
                    name: d.to_string(),
                    index: None,
                }),
        };
        let decision = BranchDecision {
            choice: held.map(|i| (i + 1, choices[i].condition.clone())),
            target: next.as_ref().map(|t| t.name.clone()),
            compared,
        };
        self.observer.branch_decided(exec, record, &decision);
        match next {
            Some(target) => Outcome::Goto(target),
            // No match and no Default: the step's own isEnd/nextStep/order decide.
            None => Outcome::empty(),
        }
    }

    /// The first choice that holds, and the referenced operands it compared. A choice that
    /// cannot be evaluated fails the step.
    fn first_holding(
        &self,
        exec: &Execution,
        choices: &[crate::compile::Choice],
    ) -> Result<Holding, Outcome> {
        let scope = ExecScope::new(exec, &*self.driver);
        let resolve = |t: &Template| t.resolve(&scope).map_err(|e| e.to_string());
        for (i, choice) in choices.iter().enumerate() {
            let operands = choice.condition.operands();
            if operands
                .iter()
                .any(|t| t.references().into_iter().any(|r| unset_output(exec, r)))
            {
                continue;
            }
            match choice.condition.evaluate(&resolve) {
                Ok(true) => {
                    let compared = operands
                        .into_iter()
                        .filter(|t| !t.is_literal())
                        .filter_map(|t| resolve(t).ok().map(|v| (t.clone(), v)))
                        .collect();
                    return Ok((Some(i), compared));
                }
                Ok(false) => {}
                Err(e) => return Err(Outcome::failed(format!("choice {}: {e}", i + 1))),
            }
        }
        Ok((None, Vec::new()))
    }
}

/// The index of the choice that held, and the referenced operands it compared.
type Holding = (Option<usize>, Vec<(Template, Value)>);

/// Whether `r` names a step output the execution does not hold.
fn unset_output(exec: &Execution, r: &Reference) -> bool {
    match r {
        Reference::StepOutput { step, output } => exec
            .step_outputs
            .get(step)
            .is_none_or(|o| !o.contains_key(output)),
        _ => false,
    }
}

/// Choices that were a reference, parsed from their resolved value.
fn dynamic_choices(inputs: &Map<String, Value>) -> Result<Vec<crate::compile::Choice>, Outcome> {
    let items = inputs
        .get("Choices")
        .and_then(Value::as_array)
        .ok_or_else(|| Outcome::invalid_input("aws:branch needs a `Choices` list"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, choice)| {
            let condition = Condition::from_json(choice)
                .map_err(|e| Outcome::invalid_input(format!("choice {}: {e}", i + 1)))?;
            Ok(crate::compile::Choice {
                condition: condition.map(&Template::new),
                next: choice
                    .get("NextStep")
                    .and_then(Value::as_str)
                    .map(|n| Target {
                        name: n.to_string(),
                        index: None,
                    }),
            })
        })
        .collect()
}
