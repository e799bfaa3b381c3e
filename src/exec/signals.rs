//! SendAutomationSignal and StopAutomationExecution (spec §6.3–6.5).

use super::engine::{Engine, Signal, SignalError, StopType};
use super::execution::{Cursor, Execution, Mode, Status};
use super::flow::{Transition, transition};
use super::outcome::Outcome;
use super::step::StepResult;
use crate::actions::ActionKind;
use crate::compile::OnCancel;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::rc::Rc;

const INVALID_SIGNAL: &str = "InvalidAutomationSignalException";
const STEP_NOT_FOUND: &str = "AutomationStepNotFoundException";
const INVALID_STATUS_UPDATE: &str = "InvalidAutomationStatusUpdateException";
/// The cancellation workflow runs for at most two minutes (spec §4.1).
const CANCEL_BUDGET_MS: i64 = 120_000;

impl Engine<'_> {
    /// Interactive StartStep: run one top-level step, then wait again.
    pub fn start_step(
        &mut self,
        exec: &mut Execution,
        step_name: &str,
        overrides: BTreeMap<String, Vec<String>>,
    ) -> Result<(), SignalError> {
        self.check_open(exec, "StartStep")?;
        if exec.mode != Mode::Interactive {
            return Err(SignalError::new(
                INVALID_SIGNAL,
                "StartStep is valid only for executions in Interactive mode",
            ));
        }
        if let Cursor::Blocked { record } = exec.cursor {
            return Err(SignalError::new(
                INVALID_SIGNAL,
                format!(
                    "step `{}` is waiting for a signal",
                    exec.steps[record].step_name
                ),
            ));
        }
        let Some(idx) = self.compiled.main.position(step_name) else {
            return Err(SignalError::new(
                STEP_NOT_FOUND,
                format!("step `{step_name}` is not a step of the document"),
            ));
        };
        exec.status = Status::InProgress;
        let t = self.run_top_step(exec, idx, overrides);
        let record = exec
            .steps
            .iter()
            .rposition(|r| r.parent.is_none())
            .unwrap_or(0);
        exec.steps[record].valid_next_steps = Some(match &t {
            Transition::Goto(next) => vec![next.name.clone()],
            _ => Vec::new(),
        });
        self.apply(exec, t);
        Ok(())
    }

    /// Approve, Reject, Resume and StopStep.
    pub fn signal(
        &mut self,
        exec: &mut Execution,
        signal: Signal,
        payload: &BTreeMap<String, Vec<String>>,
    ) -> Result<(), SignalError> {
        if signal == Signal::StartStep {
            let name = payload
                .get("StepName")
                .and_then(|v| v.first())
                .ok_or_else(|| {
                    SignalError::new(INVALID_SIGNAL, "StartStep needs the payload `StepName`")
                })?;
            let overrides = payload
                .iter()
                .filter(|(k, _)| *k != "StepName")
                .map(|(k, v)| (k.clone(), v.clone()));
            return self.start_step(exec, &name.clone(), overrides.collect());
        }
        self.check_open(exec, signal_name(signal))?;
        let Cursor::Blocked { record } = exec.cursor else {
            return Err(SignalError::new(
                INVALID_SIGNAL,
                format!("no step is waiting for a {} signal", signal_name(signal)),
            ));
        };
        let action = exec.steps[record].action.clone();
        let step_name = exec.steps[record].step_name.clone();
        let kind = self
            .compiled
            .main
            .get(&step_name)
            .and_then(|s| s.action.kind());
        let comment = payload.get("Comment").and_then(|c| c.first()).cloned();
        let outcome = match signal {
            Signal::Approve | Signal::Reject if kind != Some(ActionKind::Approve) => {
                return Err(SignalError::new(
                    INVALID_SIGNAL,
                    format!("step `{step_name}` is {action}, not aws:approve"),
                ));
            }
            Signal::Approve => {
                exec.approvals.push(self.options.executed_by.clone());
                let needed = exec.steps[record]
                    .inputs
                    .get("MinRequiredApprovals")
                    .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
                    .unwrap_or(1) as usize;
                if exec.approvals.len() < needed {
                    return Ok(());
                }
                let mut o = Map::new();
                o.insert("ApprovalStatus".into(), json!("Approved"));
                o.insert(
                    "ApproverDecisions".into(),
                    decisions(exec, "Approve", comment.as_deref()),
                );
                Outcome::success(o)
            }
            Signal::Reject => {
                let mut o = Map::new();
                o.insert("ApprovalStatus".into(), json!("Rejected"));
                o.insert(
                    "ApproverDecisions".into(),
                    decisions(exec, "Reject", comment.as_deref()),
                );
                exec.steps[record].outputs = o;
                Outcome::failed(format!(
                    "Step {step_name} was rejected{}",
                    comment.map(|c| format!(": {c}")).unwrap_or_default()
                ))
            }
            Signal::Resume => {
                if kind != Some(ActionKind::Pause) {
                    return Err(SignalError::new(
                        INVALID_SIGNAL,
                        format!("step `{step_name}` is {action}, not aws:pause"),
                    ));
                }
                let named = payload.get("StepName").and_then(|v| v.first());
                if named.is_some_and(|n| *n != step_name) {
                    return Err(SignalError::new(
                        INVALID_SIGNAL,
                        format!(
                            "step `{step_name}` is the step waiting, not `{}`",
                            named.map_or("", |n| n)
                        ),
                    ));
                }
                Outcome::empty()
            }
            Signal::StopStep => {
                let id = payload.get("StepExecutionId").and_then(|v| v.first());
                if id.is_none_or(|id| *id != exec.steps[record].step_execution_id) {
                    return Err(SignalError::new(
                        INVALID_SIGNAL,
                        "StopStep needs the StepExecutionId of the step that is running",
                    ));
                }
                exec.steps[record].status = Status::Cancelled;
                exec.steps[record].failure_message = Some("Step was cancelled by StopStep".into());
                exec.steps[record].end_ms = Some(self.driver.now_millis());
                let result = StepResult {
                    status: Status::Cancelled,
                    record,
                    goto: None,
                    message: format!("Step {step_name} was cancelled"),
                };
                self.resume_after(exec, &step_name, &result);
                return Ok(());
            }
            Signal::StartStep => unreachable!("handled above"),
        };
        exec.status = Status::InProgress;
        let result = self.finish_blocked(exec, record, outcome);
        self.resume_after(exec, &step_name, &result);
        Ok(())
    }

    /// StopAutomationExecution: Complete (Interactive) or Cancel (runs the onCancel path).
    pub fn stop(&mut self, exec: &mut Execution, kind: StopType) -> Result<(), SignalError> {
        if exec.status.is_terminal() {
            return Err(SignalError::new(
                INVALID_STATUS_UPDATE,
                format!("execution {} is already {}", exec.id, exec.status.as_str()),
            ));
        }
        match kind {
            StopType::Complete => {
                if exec.mode != Mode::Interactive {
                    return Err(SignalError::new(
                        INVALID_STATUS_UPDATE,
                        "Complete is valid only for executions in Interactive mode",
                    ));
                }
                if let Cursor::Blocked { record } = exec.cursor {
                    self.cancel_record(exec, record);
                }
                self.finish(exec, None);
            }
            StopType::Cancel => self.cancel(exec),
        }
        Ok(())
    }

    fn cancel(&mut self, exec: &mut Execution) {
        exec.status = Status::Cancelling;
        let waiting = match exec.cursor {
            Cursor::Blocked { record } => Some(record),
            _ => None,
        };
        let mut cleanup = None;
        if let Some(record) = waiting {
            self.cancel_record(exec, record);
            let name = exec.steps[record].step_name.clone();
            cleanup = match self.compiled.main.get(&name).map(|s| &s.on_cancel) {
                Some(OnCancel::Step(target)) => Some(target.clone()),
                _ => None,
            };
        }
        let started = self.driver.now_millis();
        let mut cursor = cleanup;
        while let Some(target) = cursor.take() {
            if self.driver.now_millis() - started > CANCEL_BUDGET_MS {
                break;
            }
            let Some(idx) = target
                .index
                .or_else(|| self.compiled.main.position(&target.name))
            else {
                break;
            };
            match self.run_top_step(exec, idx, BTreeMap::new()) {
                Transition::Goto(next) => cursor = Some(next),
                Transition::Block(record) => self.cancel_record(exec, record),
                Transition::End | Transition::Abort(..) => {}
            }
        }
        exec.status = Status::Cancelled;
        exec.cursor = Cursor::End;
        exec.end_ms = Some(self.driver.now_millis());
    }

    fn cancel_record(&mut self, exec: &mut Execution, record: usize) {
        let rec = &mut exec.steps[record];
        rec.status = Status::Cancelled;
        rec.end_ms = Some(self.driver.now_millis());
        exec.cursor = Cursor::End;
    }

    fn check_open(&self, exec: &Execution, what: &str) -> Result<(), SignalError> {
        if exec.status.is_terminal() {
            return Err(SignalError::new(
                INVALID_SIGNAL,
                format!(
                    "cannot send {what}: execution {} is already {}",
                    exec.id,
                    exec.status.as_str()
                ),
            ));
        }
        Ok(())
    }

    /// Record the outcome of a step that was waiting, as `conclude` does for running steps.
    fn finish_blocked(
        &mut self,
        exec: &mut Execution,
        record: usize,
        outcome: Outcome,
    ) -> StepResult {
        let now = self.driver.now_millis();
        let name = exec.steps[record].step_name.clone();
        let rec = &mut exec.steps[record];
        rec.end_ms = Some(now);
        let (status, message) = match outcome {
            Outcome::Success { outputs, .. } => {
                rec.outputs = outputs.clone();
                exec.step_outputs.insert(name, outputs);
                (Status::Success, String::new())
            }
            Outcome::Failed { message, .. } => {
                rec.failure_message = Some(message.clone());
                (
                    Status::Failed,
                    format!("Step {name} failed maximum allowed times. {message}"),
                )
            }
            _ => (Status::Failed, String::new()),
        };
        exec.steps[record].status = status;
        self.observer.step_finished(exec, record);
        StepResult {
            status,
            record,
            goto: None,
            message,
        }
    }

    /// After a waiting step ends, continue as the flow rules say.
    fn resume_after(&mut self, exec: &mut Execution, step_name: &str, result: &StepResult) {
        exec.cursor = Cursor::End;
        let compiled = Rc::clone(&self.compiled);
        let Some(idx) = compiled.main.position(step_name) else {
            self.finish(
                exec,
                Some((Status::Failed, format!("step `{step_name}` vanished"))),
            );
            return;
        };
        let t = transition(&compiled.main, idx, result, exec);
        if exec.mode == Mode::Interactive {
            exec.steps[result.record].valid_next_steps = Some(match &t {
                Transition::Goto(next) => vec![next.name.clone()],
                _ => Vec::new(),
            });
        }
        if exec.status == Status::Waiting {
            exec.status = Status::InProgress;
        }
        self.apply(exec, t);
        if exec.mode == Mode::Auto {
            self.run(exec);
        }
    }
}

fn signal_name(s: Signal) -> &'static str {
    match s {
        Signal::Approve => "Approve",
        Signal::Reject => "Reject",
        Signal::Resume => "Resume",
        Signal::StartStep => "StartStep",
        Signal::StopStep => "StopStep",
    }
}

fn decisions(exec: &Execution, decision: &str, comment: Option<&str>) -> Value {
    let mut list: Vec<Value> = exec
        .approvals
        .iter()
        .map(|a| json!({"Approver": a, "Decision": "Approve"}))
        .collect();
    if decision == "Reject" {
        list.push(json!({"Approver": exec.executed_by, "Decision": "Reject"}));
    }
    if let (Some(c), Some(Value::Object(last))) = (comment, list.last_mut()) {
        last.insert("Comment".into(), json!(c));
    }
    Value::Array(list)
}
