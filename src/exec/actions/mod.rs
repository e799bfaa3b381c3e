//! Action implementations, one file per family. Each takes resolved inputs and returns an
//! `Outcome`; cloud access goes through `ActionCx::call`, time through the virtual clock.

mod api;
mod ec2;
mod external;
mod flow;
mod script;
mod stack;
mod variable;

use super::automation::{Live, RunDriver};
use super::engine::{Engine, Observer, Options};
use super::execution::Execution;
use super::outcome::Outcome;
use crate::actions::ActionKind;
use crate::compile::CompiledStep;
use crate::driver::CloudDriver;
use serde_json::{Map, Value};

pub(crate) struct ActionCx<'c> {
    pub driver: &'c mut dyn CloudDriver,
    pub observer: &'c mut dyn Observer,
    pub options: &'c Options,
    pub step: &'c str,
    /// Virtual-clock deadline of this attempt (timeoutSeconds), if any.
    pub deadline_ms: Option<i64>,
    /// Polls made so far in the run, against `options.max_polls`.
    pub polls: &'c mut usize,
}

/// Without a timeout, a wait still ends: after this much simulated time (30 days, the
/// longest any action may run).
const UNBOUNDED_WAIT_MS: i64 = 2_592_000_000;

impl ActionCx<'_> {
    /// Call the cloud; an API error becomes a failed outcome worded like the service's.
    pub fn call(&mut self, service: &str, api: &str, params: Value) -> Result<Value, Outcome> {
        self.driver.enter_step(self.step);
        self.driver
            .call(service, api, &params)
            .map_err(|e| failed_call(service, api, e))
    }

    /// Call the cloud for a wait, an assertion or outputs that will look for `expect`.
    pub fn call_expecting(
        &mut self,
        service: &str,
        api: &str,
        params: Value,
        expect: &[crate::driver::Expectation],
    ) -> Result<Value, Outcome> {
        self.driver.enter_step(self.step);
        self.driver
            .call_expecting(service, api, &params, expect)
            .map_err(|e| failed_call(service, api, e))
    }

    /// Poll `check` on the virtual clock until it yields a value or the deadline passes.
    pub fn poll<T>(
        &mut self,
        what: &str,
        mut check: impl FnMut(&mut Self) -> Result<Option<T>, Outcome>,
    ) -> Result<T, Outcome> {
        let start = self.driver.now_millis();
        // A timeout longer than any action may run (saturated from a huge `timeoutSeconds`)
        // still ends the wait.
        let deadline = self
            .deadline_ms
            .unwrap_or(i64::MAX)
            .min(start.saturating_add(UNBOUNDED_WAIT_MS));
        loop {
            if let Some(v) = check(self)? {
                return Ok(v);
            }
            let now = self.driver.now_millis();
            if now >= deadline {
                return Err(Outcome::TimedOut {
                    message: format!(
                        "Step timed out after {} seconds while waiting for {what}",
                        (deadline - start) / 1000
                    ),
                });
            }
            if *self.polls >= self.options.max_polls {
                return Err(Outcome::failed(format!(
                    "stopped waiting for {what} after {} polls, the poll budget of one run ({} seconds of simulated time have passed in this step)",
                    self.options.max_polls,
                    (now - start) / 1000
                )));
            }
            *self.polls += 1;
            let step = self.options.poll_interval_ms.min(deadline - now).max(1);
            self.driver.advance(step);
            let elapsed = self.driver.now_millis() - start;
            self.observer.polling(self.step, elapsed);
        }
    }

    /// Let simulated time pass, respecting the deadline.
    pub fn wait(&mut self, millis: i64) -> Result<(), Outcome> {
        let now = self.driver.now_millis();
        if let Some(deadline) = self.deadline_ms
            && now.saturating_add(millis) > deadline
        {
            self.driver.advance((deadline - now).max(0));
            return Err(Outcome::TimedOut {
                message: format!("Step timed out after {} seconds", (deadline - now) / 1000),
            });
        }
        self.driver.advance(millis);
        Ok(())
    }
}

impl Engine<'_> {
    /// Run one attempt of the step's action. This is the one place an action meets its
    /// executor: the match is over the catalogue's kinds, so a new action does not compile
    /// until it has one.
    pub(crate) fn dispatch(
        &mut self,
        exec: &mut Execution,
        step: &CompiledStep,
        inputs: &Map<String, Value>,
        deadline_ms: Option<i64>,
        record: usize,
    ) -> Outcome {
        let Some(kind) = step.action.kind() else {
            return Outcome::invalid_input(format!(
                "`{}` is not an Automation action",
                step.action.name()
            ));
        };
        // Built per arm, so that arms which need the engine itself can borrow it.
        macro_rules! cx {
            () => {
                &mut ActionCx {
                    driver: &mut RunDriver::new(
                        &mut *self.driver,
                        self.automations,
                        Live {
                            running: &*exec,
                            compiled: &self.compiled,
                            children: &self.children,
                        },
                    ),
                    observer: &mut *self.observer,
                    options: self.options,
                    step: &step.name,
                    deadline_ms,
                    polls: &mut self.polls_run,
                }
            };
        }
        let result = match kind {
            ActionKind::Sleep => flow::sleep(cx!(), inputs),
            ActionKind::Pause => Ok(Outcome::Wait),
            ActionKind::Approve => flow::approve(inputs),
            ActionKind::Branch => Ok(self.branch(exec, step, inputs, record)),
            ActionKind::Loop => Ok(self.run_loop(exec, step, record)),
            ActionKind::UpdateVariable => Ok(self.update_variable(exec, inputs)),
            ActionKind::ExecuteAutomation => Ok(self.execute_automation(exec, inputs)),
            ActionKind::ChangeInstanceState => ec2::change_instance_state(cx!(), inputs),
            ActionKind::RunInstances => ec2::run_instances(cx!(), inputs),
            ActionKind::CreateImage => ec2::create_image(cx!(), inputs),
            ActionKind::CopyImage => ec2::copy_image(cx!(), inputs),
            ActionKind::DeleteImage => ec2::delete_image(cx!(), inputs),
            ActionKind::CreateTags => ec2::create_tags(cx!(), inputs),
            ActionKind::ExecuteAwsApi => api::execute(cx!(), inputs, &step.outputs),
            ActionKind::AssertAwsResourceProperty => api::assert_property(cx!(), inputs),
            ActionKind::WaitForAwsResourceProperty => api::wait_for_property(cx!(), inputs),
            ActionKind::RunCommand => external::run_command(cx!(), inputs),
            ActionKind::InvokeLambdaFunction => external::invoke_lambda(cx!(), inputs),
            ActionKind::ExecuteStateMachine => external::execute_state_machine(cx!(), inputs),
            ActionKind::InvokeWebhook => external::invoke_webhook(cx!(), inputs),
            ActionKind::ExecuteScript => script::execute_script(cx!(), inputs),
            ActionKind::CreateStack => stack::create_stack(cx!(), inputs),
            ActionKind::DeleteStack => stack::delete_stack(cx!(), inputs),
        };
        let outcome = result.unwrap_or_else(|o| o);
        if let Outcome::Success { notes, .. } = &outcome {
            exec.steps[record].notes.extend(notes.iter().cloned());
        }
        outcome
    }
}

/// A required string input. A one-item list counts as its item: real runbooks pass a
/// StringList output (`{{ launch.InstanceIds }}`) where a String is documented, and the
/// service accepts it.
pub(crate) fn string<'v>(inputs: &'v Map<String, Value>, name: &str) -> Result<&'v str, Outcome> {
    let v = match inputs.get(name) {
        Some(Value::Array(items)) if items.len() == 1 => items.first(),
        other => other,
    };
    v.and_then(Value::as_str)
        .ok_or_else(|| Outcome::invalid_input(format!("input `{name}` must be a string")))
}

/// A list input: a list of strings, or one string.
pub(crate) fn string_list(inputs: &Map<String, Value>, name: &str) -> Result<Vec<String>, Outcome> {
    match inputs.get(name) {
        Some(Value::Array(items)) => Ok(items.iter().map(crate::template::stringify).collect()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        _ => Err(Outcome::invalid_input(format!(
            "input `{name}` must be a list of strings"
        ))),
    }
}

/// A boolean input written as a boolean or as "true"/"false".
pub(crate) fn flag(inputs: &Map<String, Value>, name: &str) -> bool {
    match inputs.get(name) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// Copy optional inputs into an API request under (possibly different) field names.
pub(crate) fn pass_through(
    inputs: &Map<String, Value>,
    fields: &[(&str, &str)],
    req: &mut Map<String, Value>,
) {
    for (input, field) in fields {
        if let Some(v) = inputs.get(*input) {
            req.insert((*field).to_string(), v.clone());
        }
    }
}

/// An API error as the service words a failed step.
/// botocore names the operation as the model does, whatever spelling the runbook used.
fn failed_call(service: &str, api: &str, e: crate::driver::ApiError) -> Outcome {
    let model = crate::models::service(service);
    let name = model
        .and_then(|m| m.operation(api))
        .map_or(api, |op| op.name.as_str());
    Outcome::failed(format!(
        "An error occurred ({}) when calling the {name} operation: {}",
        e.code, e.message
    ))
}
