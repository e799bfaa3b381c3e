//! aws:loop (spec §5.17): for-each over Iterators, or do-while on LoopCondition; body steps
//! run as a small runbook whose records carry ParentStepDetails.

use super::engine::Engine;
use super::execution::{Execution, ParentStepDetails};
use super::flow::{Transition, transition};
use super::outcome::Outcome;
use super::scope::ExecScope;
use crate::compile::{CompiledStep, Loop, Target};
use crate::template::{Template, stringify};
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;

const MAX_ITERATIONS: i64 = 100;

impl Engine<'_> {
    pub(crate) fn run_loop(
        &mut self,
        exec: &mut Execution,
        step: &CompiledStep,
        idx: usize,
    ) -> Outcome {
        let Some(spec) = &step.looping else {
            return Outcome::invalid_input("aws:loop needs `Iterators` or `LoopCondition`");
        };
        // References to outputs their step did not set stay as written; the loop step
        // carries the notes.
        let kept = RefCell::new(Vec::new());
        let resolve_now = |engine: &Engine, exec: &Execution, t: &Template| {
            let scope = ExecScope::new(exec, &*engine.driver);
            let resolved = t.resolve(&scope).map_err(|e| e.message);
            kept.borrow_mut().extend(scope.take_kept());
            resolved
        };
        let note_kept = |exec: &mut Execution| {
            for note in kept.borrow_mut().drain(..) {
                exec.steps[idx].note(note);
            }
        };
        let mut recorded = Map::new();
        let items = match &spec.iterators {
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
        let max = match spec
            .max_iterations
            .as_ref()
            .map(|t| resolve_now(self, exec, t))
        {
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
        if let Some(raw) = &spec.condition_raw {
            recorded.insert("LoopCondition".into(), raw.clone());
        }
        let condition = match &spec.condition {
            None => None,
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => return Outcome::invalid_input(e.clone()),
        };
        if items.is_none() && condition.is_none() {
            return Outcome::invalid_input("aws:loop needs `Iterators` or `LoopCondition`");
        }
        exec.steps[idx].inputs = recorded;
        note_kept(exec);
        self.observer.attempt_starting(exec, idx);
        let name = step.name.clone();
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
                action: step.action.name().to_string(),
                iteration: iteration as u32,
                iterator_value: value.as_ref().map(stringify),
            };
            match self.run_body(exec, step, spec, parent) {
                Err(o) => return o,
                Ok(Some(outside)) => return Outcome::Goto(outside),
                Ok(None) => {}
            }
            if let Some(c) = &condition {
                let keep_going = c.evaluate(&|t| resolve_now(self, exec, t));
                note_kept(exec);
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
        step: &CompiledStep,
        spec: &Loop,
        parent: ParentStepDetails,
    ) -> Result<Option<Target>, Outcome> {
        let body = &spec.body;
        let mut cursor = body.steps.first().map(|s| Target {
            name: s.name.clone(),
            index: Some(0),
        });
        while let Some(target) = cursor.take() {
            let Some(i) = target.index.or_else(|| body.position(&target.name)) else {
                if self.compiled.main.position(&target.name).is_some() {
                    return Ok(Some(Target {
                        name: target.name,
                        index: None,
                    }));
                }
                return Err(Outcome::failed(format!(
                    "step `{}` is not in the body of loop `{}`",
                    target.name, step.name
                )));
            };
            if self.steps_run >= self.options.max_steps {
                return Err(Outcome::failed("too many steps run inside the loop"));
            }
            let result =
                self.execute_step(exec, &body.steps[i], Some(parent.clone()), &BTreeMap::new());
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
                        body.steps[i].name
                    )));
                }
            }
        }
        Ok(None)
    }
}
