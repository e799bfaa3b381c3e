//! Running one step: record, attempts (maxAttempts), timeouts, input resolution and type
//! checks, user outputs through selectors (spec §4.4, §4.5).

use super::actions::{self, ActionCx};
use super::engine::{Engine, StepMockOutcome};
use super::execution::{Execution, FailureDetails, ParentStepDetails, Status, StepRecord};
use super::outcome::Outcome;
use super::scope::ExecScope;
use crate::actions::{InputType, lookup};
use crate::document::{DataType, Step};
use crate::selector::Selector;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// How a step ended, for the flow rules.
#[derive(Clone, Debug, PartialEq)]
pub struct StepResult {
    pub status: Status,
    pub record: usize,
    /// aws:branch's choice.
    pub goto: Option<String>,
    /// The execution-level failure message when this step aborts the run.
    pub message: String,
}

/// Inputs that are not resolved up front: the loop body and its condition are evaluated
/// per iteration.
const DEFERRED_INPUTS: &[(&str, &str)] = &[("aws:loop", "Steps"), ("aws:loop", "LoopCondition")];

impl Engine<'_> {
    pub(crate) fn execute_step(
        &mut self,
        exec: &mut Execution,
        step: &Step,
        parent: Option<ParentStepDetails>,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> StepResult {
        self.steps_run += 1;
        let action = step.action.value.as_str();
        let spec = lookup(action);
        let timeout = step
            .timeout_seconds
            .as_ref()
            .map(|t| t.value.max(0) as u64)
            .or(spec.and_then(|s| s.default_timeout_seconds))
            .map(|t| {
                spec.and_then(|s| s.max_timeout_seconds)
                    .map_or(t, |max| t.min(max))
            });
        let mut record = StepRecord::for_step(step, self.ids.next_id());
        record.status = Status::InProgress;
        record.start_ms = Some(self.driver.now_millis());
        record.overridden_parameters = overrides.clone();
        record.parent = parent;
        exec.steps.push(record);
        let idx = exec.steps.len() - 1;
        self.observer.step_started(exec, idx);

        let (outcome, goto) = if action == "aws:loop" {
            // A body step may jump out of the loop to a step of the enclosing list.
            match self.run_loop(exec, step, idx) {
                Outcome::Goto(target) => {
                    let outputs = exec
                        .step_outputs
                        .get(&step.name.value)
                        .cloned()
                        .unwrap_or_default();
                    (Outcome::success(outputs), Some(target))
                }
                other => (other, None),
            }
        } else {
            self.attempts(exec, step, idx, overrides, timeout)
        };
        self.conclude(exec, step, idx, outcome, goto)
    }

    fn attempts(
        &mut self,
        exec: &mut Execution,
        step: &Step,
        idx: usize,
        overrides: &BTreeMap<String, Vec<String>>,
        timeout: Option<u64>,
    ) -> (Outcome, Option<String>) {
        let mut last = Outcome::failed("step did not run");
        for attempt in 1..=step.max_attempts() {
            exec.steps[idx].attempts = attempt;
            // Inputs are re-resolved for every attempt: outputs and time may have changed.
            let inputs = match self.resolve_inputs(exec, step, overrides) {
                Ok(i) => i,
                Err(o) => return (o, None),
            };
            exec.steps[idx].inputs = inputs.clone();
            let start = self.driver.now_millis();
            let deadline = timeout.map(|t| start + (t as i64) * 1000);
            let outcome = match self.mocks.take(&step.name.value) {
                Some(StepMockOutcome::Outputs(o)) => Outcome::Success {
                    response: Some(Value::Object(o.clone())),
                    outputs: o,
                    notes: vec!["outputs come from a step mock".into()],
                },
                Some(StepMockOutcome::Error { code, message }) => {
                    Outcome::failed(format!("{code}: {message} (from a step mock)"))
                }
                None => self.dispatch(exec, step, &inputs, deadline, idx),
            };
            let outcome = match outcome {
                Outcome::Success {
                    outputs,
                    response,
                    notes,
                } => match user_outputs(step, response.as_ref(), outputs) {
                    Ok(outputs) => Outcome::Success {
                        outputs,
                        response,
                        notes,
                    },
                    Err(o) => o,
                },
                other => other,
            };
            match outcome {
                Outcome::Goto(target) => return (Outcome::empty(), Some(target)),
                Outcome::Failed {
                    stage: "InputValidation",
                    ..
                } => return (outcome, None),
                Outcome::Failed { .. } | Outcome::TimedOut { .. } => last = outcome,
                other => return (other, None),
            }
        }
        (last, None)
    }

    fn dispatch(
        &mut self,
        exec: &mut Execution,
        step: &Step,
        inputs: &Map<String, Value>,
        deadline: Option<i64>,
        idx: usize,
    ) -> Outcome {
        let outcome = match step.action.value.as_str() {
            "aws:updateVariable" => update_variable(self.doc, exec, inputs),
            "aws:executeAutomation" => self.execute_automation(exec, inputs),
            action => {
                let mut cx = ActionCx {
                    driver: &mut *self.driver,
                    observer: &mut *self.observer,
                    options: self.options,
                    step: &step.name.value,
                    deadline_ms: deadline,
                };
                actions::run(&mut cx, action, inputs)
            }
        };
        if let Outcome::Success { notes, .. } = &outcome {
            exec.steps[idx].notes.extend(notes.iter().cloned());
        }
        outcome
    }

    /// The inputs a top-level step would run with now (for prompts), without running it.
    pub fn preview_inputs(
        &self,
        exec: &Execution,
        step_name: &str,
    ) -> Result<Map<String, Value>, String> {
        let step = self
            .doc
            .main_steps
            .iter()
            .find(|s| s.name.value == step_name)
            .ok_or_else(|| format!("step `{step_name}` is not a step of the document"))?;
        self.resolve_inputs(exec, step, &BTreeMap::new())
            .map_err(|o| match o {
                Outcome::Failed { message, .. } => message,
                other => format!("{other:?}"),
            })
    }

    /// Resolve `{{ }}` in the step's inputs, apply StartStep overrides, check input types.
    fn resolve_inputs(
        &self,
        exec: &Execution,
        step: &Step,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<Map<String, Value>, Outcome> {
        let action = step.action.value.as_str();
        let spec = lookup(action);
        let mut raw = match step.inputs.to_json() {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        for (k, values) in overrides {
            let ty = spec.and_then(|s| s.input(k)).map(|i| &i.ty);
            raw.insert(k.clone(), override_value(values, ty));
        }
        let scope = ExecScope {
            exec,
            region: self.driver.region(),
            account: self.driver.account_id(),
            now_ms: self.driver.now_millis(),
        };
        let mut out = Map::new();
        for (k, v) in raw {
            if DEFERRED_INPUTS.contains(&(action, k.as_str())) {
                out.insert(k, v);
                continue;
            }
            let resolved = crate::template::resolve(&v, &scope).map_err(|e| {
                Outcome::invalid_input(format!("cannot resolve input `{k}`: {}", e.message))
            })?;
            if let Some(InputType::Data(dt)) = spec.and_then(|s| s.input(&k)).map(|i| &i.ty)
                && !dt.accepts_loosely(&resolved)
            {
                return Err(Outcome::invalid_input(format!(
                    "input `{k}` must be {}, got {}",
                    dt.name(),
                    crate::template::describe(&resolved)
                )));
            }
            out.insert(k, resolved);
        }
        Ok(out)
    }

    /// Record the final outcome on the step record and produce the step result.
    fn conclude(
        &mut self,
        exec: &mut Execution,
        step: &Step,
        idx: usize,
        outcome: Outcome,
        goto: Option<String>,
    ) -> StepResult {
        let now = self.driver.now_millis();
        let name = step.name.value.clone();
        let (status, message) = match outcome {
            Outcome::Success { outputs, .. } => {
                exec.step_outputs.insert(name.clone(), outputs.clone());
                exec.steps[idx].outputs = outputs;
                (Status::Success, String::new())
            }
            Outcome::Goto(_) => (Status::Success, String::new()),
            Outcome::Wait => {
                exec.steps[idx].status = Status::Waiting;
                self.observer.step_finished(exec, idx);
                return StepResult {
                    status: Status::Waiting,
                    record: idx,
                    goto: None,
                    message: String::new(),
                };
            }
            Outcome::Failed {
                message,
                stage,
                kind,
            } => {
                let rec = &mut exec.steps[idx];
                rec.failure_details = Some(FailureDetails {
                    stage: stage.into(),
                    kind: kind.into(),
                    details: BTreeMap::new(),
                });
                rec.failure_message = Some(message.clone());
                (
                    Status::Failed,
                    format!("Step {name} failed maximum allowed times. {message}"),
                )
            }
            Outcome::TimedOut { message } => {
                let rec = &mut exec.steps[idx];
                rec.failure_details = Some(FailureDetails {
                    stage: "Invocation".into(),
                    kind: "Action".into(),
                    details: BTreeMap::new(),
                });
                rec.failure_message = Some(message.clone());
                (
                    Status::TimedOut,
                    format!("Step {name} timed out. {message}"),
                )
            }
        };
        let rec = &mut exec.steps[idx];
        rec.status = status;
        rec.end_ms = Some(now);
        self.observer.step_finished(exec, idx);
        StepResult {
            status,
            record: idx,
            goto,
            message,
        }
    }
}

/// A StartStep payload value for an input: a list for list inputs, JSON for typed inputs.
fn override_value(values: &[String], ty: Option<&InputType>) -> Value {
    let list = || Value::Array(values.iter().cloned().map(Value::String).collect());
    match ty {
        Some(InputType::Data(DataType::StringList)) => list(),
        Some(InputType::Data(DataType::String)) => {
            Value::String(values.first().cloned().unwrap_or_default())
        }
        _ if values.len() == 1 => {
            let s = &values[0];
            match serde_json::from_str::<Value>(s) {
                Ok(v) if !v.is_string() => v,
                _ => Value::String(s.clone()),
            }
        }
        _ => list(),
    }
}

/// Apply the step's `outputs:` selectors to the action's response.
fn user_outputs(
    step: &Step,
    response: Option<&Value>,
    mut outputs: Map<String, Value>,
) -> Result<Map<String, Value>, Outcome> {
    if step.outputs.is_empty() {
        return Ok(outputs);
    }
    let empty = Value::Object(Map::new());
    let base = response.unwrap_or(&empty);
    for out in &step.outputs {
        let name = &out.name.value;
        let fail = |why: String| Outcome::verification(format!("output `{name}`: {why}"));
        let selector = Selector::parse(&out.selector.value).map_err(fail)?;
        let ty = out.ty.unwrap_or(DataType::String);
        let value = selector.extract(base, ty).map_err(fail)?;
        outputs.insert(name.clone(), value);
    }
    Ok(outputs)
}

fn update_variable(
    doc: &crate::document::Document,
    exec: &mut Execution,
    inputs: &Map<String, Value>,
) -> Outcome {
    let Some(name) = inputs.get("Name").and_then(Value::as_str) else {
        return Outcome::invalid_input("input `Name` must be a string `variable:<name>`");
    };
    let Some(var) = name.strip_prefix("variable:") else {
        return Outcome::invalid_input(format!(
            "`Name` must look like `variable:<name>`, got `{name}`"
        ));
    };
    let Some(decl) = doc.variable(var) else {
        return Outcome::invalid_input(format!("variable `{var}` is not declared"));
    };
    let Some(value) = inputs.get("Value").cloned() else {
        return Outcome::invalid_input("input `Value` is required");
    };
    if let Some(ty) = decl.ty
        && !ty.accepts(&value)
    {
        return Outcome::invalid_input(format!(
            "variable `{var}` is {}, but `Value` is {}",
            ty.name(),
            crate::template::describe(&value)
        ));
    }
    exec.variables.insert(var.to_string(), value);
    Outcome::empty()
}
