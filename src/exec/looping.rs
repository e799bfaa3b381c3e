//! aws:loop (spec §5.17): for-each over Iterators, or do-while on LoopCondition; body steps
//! run as a small runbook whose records carry ParentStepDetails.

use super::engine::Engine;
use super::execution::{Execution, ParentStepDetails};
use super::flow::{Transition, transition};
use super::outcome::Outcome;
use super::scope::ExecScope;
use crate::condition::Condition;
use crate::document::Step;
use crate::template::{resolve, stringify};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

const MAX_ITERATIONS: i64 = 100;

impl Engine<'_> {
    pub(crate) fn run_loop(&mut self, exec: &mut Execution, step: &Step, idx: usize) -> Outcome {
        let raw = step.inputs.to_json();
        let resolve_now = |engine: &Engine, exec: &Execution, v: &Value| {
            let scope = ExecScope {
                exec,
                region: engine.driver.region(),
                account: engine.driver.account_id(),
                now_ms: engine.driver.now_millis(),
            };
            resolve(v, &scope).map_err(|e| e.message)
        };
        let mut recorded = Map::new();
        let items = match raw.get("Iterators") {
            None => None,
            Some(v) => match resolve_now(self, exec, v) {
                Ok(Value::Array(items)) => Some(items),
                Ok(Value::String(s)) => match serde_json::from_str::<Value>(&s) {
                    Ok(Value::Array(items)) => Some(items),
                    _ => Some(vec![Value::String(s)]),
                },
                Ok(other) => {
                    return Outcome::invalid_input(format!(
                        "`Iterators` must be a list, got {}",
                        crate::template::describe(&other)
                    ));
                }
                Err(e) => {
                    return Outcome::invalid_input(format!("cannot resolve `Iterators`: {e}"));
                }
            },
        };
        if let Some(items) = &items {
            if items.len() > MAX_ITERATIONS as usize {
                return Outcome::invalid_input(format!(
                    "`Iterators` has {} items; at most {MAX_ITERATIONS} are allowed",
                    items.len()
                ));
            }
            recorded.insert("Iterators".into(), Value::Array(items.clone()));
        }
        let max = match raw.get("MaxIterations").map(|v| resolve_now(self, exec, v)) {
            None => MAX_ITERATIONS,
            Some(Ok(v)) => match v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            {
                Some(n) if (1..=MAX_ITERATIONS).contains(&n) => n,
                _ => {
                    return Outcome::invalid_input(
                        "`MaxIterations` must be an integer from 1 to 100",
                    );
                }
            },
            Some(Err(e)) => {
                return Outcome::invalid_input(format!("cannot resolve `MaxIterations`: {e}"));
            }
        };
        recorded.insert("MaxIterations".into(), json!(max));
        let condition = match raw.get("LoopCondition") {
            None => None,
            Some(c) => {
                recorded.insert("LoopCondition".into(), c.clone());
                match Condition::from_json(c) {
                    Ok(c) => Some(c),
                    Err(e) => return Outcome::invalid_input(format!("`LoopCondition`: {e}")),
                }
            }
        };
        if items.is_none() && condition.is_none() {
            return Outcome::invalid_input("aws:loop needs `Iterators` or `LoopCondition`");
        }
        exec.steps[idx].inputs = recorded;
        let name = step.name.value.clone();
        let mut outputs = Map::new();
        for iteration in 1..=max {
            let value = match &items {
                Some(items) => match items.get(iteration as usize - 1) {
                    Some(v) => Some(v.clone()),
                    None => break,
                },
                None => None,
            };
            outputs.insert("CurrentIteration".into(), json!(iteration));
            if let Some(v) = &value {
                outputs.insert("CurrentIteratorValue".into(), v.clone());
            }
            exec.step_outputs.insert(name.clone(), outputs.clone());
            let parent = ParentStepDetails {
                step_execution_id: exec.steps[idx].step_execution_id.clone(),
                step_name: name.clone(),
                action: "aws:loop".into(),
                iteration: iteration as u32,
                iterator_value: value.as_ref().map(stringify),
            };
            match self.run_body(exec, step, parent) {
                Err(o) => return o,
                Ok(Some(outside)) => return Outcome::Goto(outside),
                Ok(None) => {}
            }
            if let Some(c) = &condition {
                let keep_going = c.evaluate(&|v| resolve_now(self, exec, v));
                match keep_going {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        return Outcome::failed(format!(
                            "`LoopCondition` could not be evaluated: {e}"
                        ));
                    }
                }
            }
        }
        Outcome::success(outputs)
    }

    /// One pass over the loop body. Err carries the loop step's outcome when a body step
    /// aborts (the body step's own onFailure decides, spec §5.17); Ok(Some(step)) a jump out
    /// of the loop to a step of the enclosing list (real runbooks do this).
    fn run_body(
        &mut self,
        exec: &mut Execution,
        step: &Step,
        parent: ParentStepDetails,
    ) -> Result<Option<String>, Outcome> {
        let body = &step.loop_steps;
        let mut cursor = body.first().map(|s| s.name.value.clone());
        while let Some(target) = cursor.take() {
            let Some(i) = body.iter().position(|s| s.name.value == target) else {
                if self.doc.main_steps.iter().any(|s| s.name.value == target) {
                    return Ok(Some(target));
                }
                return Err(Outcome::failed(format!(
                    "step `{target}` is not in the body of loop `{}`",
                    step.name.value
                )));
            };
            if self.steps_run >= self.options.max_steps {
                return Err(Outcome::failed("too many steps run inside the loop"));
            }
            let result = self.execute_step(exec, &body[i], Some(parent.clone()), &BTreeMap::new());
            match transition(body, i, &result, exec) {
                Transition::Goto(next) => cursor = Some(next),
                Transition::End => {}
                Transition::Abort(status, message) => {
                    self.pending_abort = Some((status, message.clone()));
                    return Err(Outcome::failed(message));
                }
                Transition::Block(_) => {
                    return Err(Outcome::failed(format!(
                        "step `{}` waits for a signal inside a loop, which is not simulated",
                        body[i].name.value
                    )));
                }
            }
        }
        Ok(None)
    }
}
