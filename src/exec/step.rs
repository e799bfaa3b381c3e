//! Running one step: record, attempts (maxAttempts), timeouts, input resolution and type
//! checks, user outputs through selectors (spec §4.4, §4.5).

use super::engine::{Engine, StepMockOutcome};
use super::execution::{Execution, FailureDetails, ParentStepDetails, Status, StepRecord};
use super::outcome::Outcome;
use super::scope::ExecScope;
use crate::actions::{ActionKind, InputType};
use crate::compile::{CompiledStep, Target};
use crate::document::DataType;
use crate::template::Template;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// How a step ended, for the flow rules.
#[derive(Clone, Debug, PartialEq)]
pub struct StepResult {
    pub status: Status,
    pub record: usize,
    /// aws:branch's choice, or the step a loop body left for.
    pub goto: Option<Target>,
    /// The execution-level failure message when this step aborts the run.
    pub message: String,
}

impl Engine<'_> {
    pub(crate) fn execute_step(
        &mut self,
        exec: &mut Execution,
        step: &CompiledStep,
        parent: Option<ParentStepDetails>,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> StepResult {
        self.steps_run += 1;
        let mut record = StepRecord::for_step(step, self.ids.next_id());
        record.status = Status::InProgress;
        record.start_ms = Some(self.driver.now_millis());
        record.overridden_parameters = overrides.clone();
        record.parent = parent;
        exec.steps.push(record);
        let idx = exec.steps.len() - 1;
        self.observer.step_started(exec, idx);

        let (outcome, goto) = if step.looping.is_some() {
            // A loop runs once (its body steps have their own attempts); a body step may
            // jump out of the loop to a step of the enclosing list.
            match self.dispatch(exec, step, &Map::new(), None, idx) {
                Outcome::Goto(target) => {
                    let outputs = exec
                        .step_outputs
                        .get(&step.name)
                        .cloned()
                        .unwrap_or_default();
                    (Outcome::success(outputs), Some(target))
                }
                other => (other, None),
            }
        } else {
            self.attempts(exec, step, idx, overrides)
        };
        self.conclude(exec, step, idx, outcome, goto)
    }

    fn attempts(
        &mut self,
        exec: &mut Execution,
        step: &CompiledStep,
        idx: usize,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> (Outcome, Option<Target>) {
        let mut last = Outcome::failed("step did not run");
        for attempt in 1..=step.max_attempts {
            // Every attempt after the first counts in the run's work budget, so a huge
            // `maxAttempts` on a step that keeps failing still ends.
            if attempt > 1 {
                if self.steps_run >= self.options.max_steps {
                    self.pending_abort = Some((Status::Failed, self.budget_spent(step, attempt)));
                    return (last, None);
                }
                self.steps_run += 1;
            }
            exec.steps[idx].attempts = attempt;
            // Inputs are re-resolved for every attempt: outputs and time may have changed.
            let (inputs, kept) = match self.resolve_inputs(exec, step, overrides) {
                Ok(resolved) => resolved,
                Err(o) => return (o, None),
            };
            exec.steps[idx].inputs = inputs.clone();
            kept.into_iter().for_each(|n| exec.steps[idx].note(n));
            self.observer.attempt_starting(exec, idx);
            let start = self.driver.now_millis();
            let deadline = step.attempt_timeout_ms.map(|t| start.saturating_add(t));
            let outcome = match self.mocks.take(&step.name) {
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
                    Ok((outputs, unset)) => {
                        unset.into_iter().for_each(|n| exec.steps[idx].note(n));
                        Outcome::Success {
                            outputs,
                            response,
                            notes,
                        }
                    }
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

    fn budget_spent(&self, step: &CompiledStep, attempt: u32) -> String {
        format!(
            "execution stopped after {} step attempts, the budget of one run: step `{}` was about to make attempt {attempt} of {}",
            self.options.max_steps, step.name, step.max_attempts
        )
    }

    /// The inputs a top-level step would run with now (for prompts), without running it.
    pub fn preview_inputs(
        &self,
        exec: &Execution,
        step_name: &str,
    ) -> Result<Map<String, Value>, String> {
        let compiled = Rc::clone(&self.compiled);
        let step = compiled
            .main
            .get(step_name)
            .ok_or_else(|| format!("step `{step_name}` is not a step of the document"))?;
        self.resolve_inputs(exec, step, &BTreeMap::new())
            .map(|(inputs, _)| inputs)
            .map_err(|o| match o {
                Outcome::Failed { message, .. } => message,
                other => format!("{other:?}"),
            })
    }

    /// Resolve `{{ }}` in the step's inputs, apply StartStep overrides, check input types.
    /// Also gives the notes on references left as written (outputs their step did not set).
    fn resolve_inputs(
        &self,
        exec: &Execution,
        step: &CompiledStep,
        overrides: &BTreeMap<String, Vec<String>>,
    ) -> Result<(Map<String, Value>, Vec<String>), Outcome> {
        let spec = step.action.spec();
        let mut scope = ExecScope::new(exec, &*self.driver);
        let is_branch = step.action.kind() == Some(ActionKind::Branch);
        let mut out = Map::new();
        for input in &step.inputs {
            if let Some(values) = overrides.get(&input.name) {
                let v = override_value(values, input.ty.as_ref());
                out.insert(
                    input.name.clone(),
                    resolve_checked(&input.name, &v, input.ty, &scope)?,
                );
                continue;
            }
            if input.deferred {
                // Recorded as written: the loop evaluates its body and condition itself.
                if let Template::Literal(v) = &input.template {
                    out.insert(input.name.clone(), v.clone());
                }
                continue;
            }
            // A branch's choices over outputs that were never produced do not hold; they
            // must not fail the step while its inputs are recorded.
            scope.keep_unset_outputs = is_branch && input.name == "Choices";
            let resolved = input.template.resolve(&scope).map_err(|e| {
                Outcome::invalid_input(format!(
                    "cannot resolve input `{}`: {}",
                    input.name, e.message
                ))
            })?;
            scope.keep_unset_outputs = false;
            check_type(&input.name, &resolved, input.ty)?;
            out.insert(input.name.clone(), resolved);
        }
        for (k, values) in overrides {
            if step.input(k).is_none() {
                let ty = spec.and_then(|s| s.input(k)).map(|i| i.ty);
                let v = override_value(values, ty.as_ref());
                out.insert(k.clone(), resolve_checked(k, &v, ty, &scope)?);
            }
        }
        Ok((out, scope.take_kept()))
    }

    /// Record the final outcome on the step record and produce the step result.
    fn conclude(
        &mut self,
        exec: &mut Execution,
        step: &CompiledStep,
        idx: usize,
        outcome: Outcome,
        goto: Option<Target>,
    ) -> StepResult {
        let now = self.driver.now_millis();
        let name = step.name.clone();
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
pub(super) fn override_value(values: &[String], ty: Option<&InputType>) -> Value {
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

/// A StartStep value for an input: resolved like a written one, then type-checked.
fn resolve_checked(
    name: &str,
    v: &Value,
    ty: Option<InputType>,
    scope: &ExecScope,
) -> Result<Value, Outcome> {
    let resolved = crate::template::resolve(v, scope).map_err(|e| {
        Outcome::invalid_input(format!("cannot resolve input `{name}`: {}", e.message))
    })?;
    check_type(name, &resolved, ty)?;
    Ok(resolved)
}

pub(super) fn check_type(name: &str, v: &Value, ty: Option<InputType>) -> Result<(), Outcome> {
    match ty {
        Some(InputType::Data(dt)) if !dt.accepts_loosely(v) => {
            Err(Outcome::invalid_input(format!(
                "input `{name}` must be {}, got {}",
                dt.name(),
                crate::template::describe(v)
            )))
        }
        _ => Ok(()),
    }
}

/// Apply the step's `outputs:` selectors to the action's response. A selector that finds
/// nothing leaves its output unset and gives a note instead of failing the step; a value of
/// another type than the output's fails it.
fn user_outputs(
    step: &CompiledStep,
    response: Option<&Value>,
    mut outputs: Map<String, Value>,
) -> Result<(Map<String, Value>, Vec<String>), Outcome> {
    let mut unset = Vec::new();
    if step.outputs.is_empty() {
        return Ok((outputs, unset));
    }
    let empty = Value::Object(Map::new());
    let base = response.unwrap_or(&empty);
    for out in &step.outputs {
        let name = &out.name;
        let fail = |why: String| Outcome::verification(format!("output `{name}`: {why}"));
        let selector = out.selector.as_ref().map_err(|e| fail(e.clone()))?;
        match selector.extract(base, out.ty).map_err(fail)? {
            Some(value) => {
                outputs.insert(name.clone(), value);
            }
            None => unset.push(format!(
                "output `{name}`: selector `{}` found nothing; the output is not set",
                selector.as_str()
            )),
        }
    }
    Ok((outputs, unset))
}
