//! The engine: starts executions, runs them (Auto), runs single steps (Interactive), and
//! applies signals and stops. It talks to the cloud only through `CloudDriver`.

use super::execution::{Cursor, Execution, Mode, Status};
use super::flow::Transition;
use super::ids::IdSource;
use super::scope::ExecScope;
use crate::compile::{Compiled, compile};
use crate::document::Document;
use crate::driver::CloudDriver;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

#[derive(Clone, Debug)]
pub struct Options {
    /// Run aws:executeScript handlers (off by default), as `scripts` says.
    pub allow_scripts: bool,
    pub scripts: crate::script::ScriptSettings,
    /// Interval between polls of waiting actions, in simulated milliseconds.
    pub poll_interval_ms: i64,
    pub executed_by: String,
    /// Cap on step attempts in one execution (the run's work budget), against cycles
    /// through branches (spec §4.2) and huge `maxAttempts`: a run always ends.
    pub max_steps: usize,
    /// Cap on polls by waiting actions in one execution: a wait of a year on a world that
    /// never changes would otherwise poll millions of times.
    pub max_polls: usize,
    /// What nothing here can run fails instead of being synthesized: a child automation
    /// whose document is not available locally (`run --strict`, and any real back end, which
    /// synthesizes nothing). API calls follow the driver's own setting.
    pub strict: bool,
    /// Set by a signal handler (see `crate::interrupt`): the run stops at the next step
    /// boundary and the execution ends Cancelled. `None` in tests and the fuzzer.
    pub interrupt: Option<&'static std::sync::atomic::AtomicI32>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            allow_scripts: false,
            scripts: crate::script::ScriptSettings::default(),
            poll_interval_ms: 5_000,
            executed_by: "arn:aws:iam::123456789012:user/ssmrun".into(),
            max_steps: 10_000,
            max_polls: 10_000,
            strict: false,
            interrupt: None,
        }
    }
}

/// Progress and prompts: the terminal front end implements this; tests use `NoObserver`.
pub trait Observer {
    fn step_started(&mut self, _exec: &Execution, _record: usize) {}
    /// The step's inputs are resolved and recorded, and an attempt is about to run
    /// (`attempts` of the record counts it). A loop step has one, before its first pass.
    fn attempt_starting(&mut self, _exec: &Execution, _record: usize) {}
    /// An `aws:branch` step decided where the run goes.
    fn branch_decided(&mut self, _exec: &Execution, _record: usize, _decision: &BranchDecision) {}
    fn step_finished(&mut self, _exec: &Execution, _record: usize) {}
    /// A waiting action polled; `elapsed_ms` of simulated time have passed in the step.
    fn polling(&mut self, _step: &str, _elapsed_ms: i64) {}
}

/// What an `aws:branch` decided, and from which values, for explaining a run.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchDecision {
    /// The choice that held (1-based) and its condition; `None` when none held.
    pub choice: Option<(
        usize,
        crate::condition::Condition<crate::template::Template>,
    )>,
    /// Where the run goes: the choice's `NextStep` or the `Default`. `None` when nothing
    /// held and there is no `Default`, so the step's own flow decides.
    pub target: Option<String>,
    /// Each operand of the choice that held that reads a reference, with its value.
    pub compared: Vec<(crate::template::Template, Value)>,
}

pub struct NoObserver;
impl Observer for NoObserver {}

pub struct LoadedDocument {
    pub name: String,
    pub version: String,
    pub document: Document,
    /// The text the document was read from and what diagnostics name it by, stored with
    /// the child execution so that its own steps, not its parent's, are the ones pending.
    pub label: String,
    pub text: String,
}

/// Where aws:executeAutomation finds child documents.
pub trait DocumentSource {
    fn load(&self, name: &str, version: Option<&str>) -> Result<LoadedDocument, LoadError>;
}

/// Why a child document cannot run. The two are told apart because a document that is
/// simply not here exists in a real account (every AWS-owned runbook does), so its child can
/// be synthesized, while one that is here and broken would fail there too.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// No document of that name is available locally; the message says where ssmrun looked.
    NotFound(String),
    /// The document is here but cannot run: unreadable, invalid, or without that version.
    Unusable(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound(m) | LoadError::Unusable(m) => f.write_str(m),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepMockOutcome {
    Outputs(Map<String, Value>),
    Error { code: String, message: String },
}

/// Mocks that replace a whole step by name.
pub trait StepMocks {
    fn take(&mut self, step: &str) -> Option<StepMockOutcome>;
}

impl StepMocks for () {
    fn take(&mut self, _step: &str) -> Option<StepMockOutcome> {
        None
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signal {
    Approve,
    Reject,
    Resume,
    StartStep,
    StopStep,
}

impl Signal {
    pub fn parse(s: &str) -> Option<Signal> {
        Some(match s {
            "Approve" => Signal::Approve,
            "Reject" => Signal::Reject,
            "Resume" => Signal::Resume,
            "StartStep" => Signal::StartStep,
            "StopStep" => Signal::StopStep,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopType {
    Complete,
    Cancel,
}

/// A request the service would refuse, named by its exception.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalError {
    pub exception: &'static str,
    pub message: String,
}

impl SignalError {
    pub(crate) fn new(exception: &'static str, message: impl Into<String>) -> SignalError {
        SignalError {
            exception,
            message: message.into(),
        }
    }
}

pub struct Engine<'a> {
    /// The document, compiled once when the engine is made; shared so that a running step
    /// can borrow it while the engine changes. The engine reads nothing else of it.
    pub(crate) compiled: Rc<Compiled>,
    pub driver: &'a mut dyn CloudDriver,
    pub mocks: &'a mut dyn StepMocks,
    pub ids: &'a mut dyn IdSource,
    pub observer: &'a mut dyn Observer,
    pub documents: &'a dyn DocumentSource,
    pub options: &'a Options,
    /// Who answers the Automation operations of `ssm` from executions; `None` leaves them
    /// to the world (see [`crate::exec::AutomationApi`]).
    pub automations: Option<&'a dyn super::automation::AutomationApi>,
    /// Child executions started by aws:executeAutomation, for the caller to keep.
    pub children: Vec<Execution>,
    /// The document each child in `children` ran, by execution id; none for a synthesized
    /// child, which ran none.
    pub child_documents: std::collections::BTreeMap<String, LoadedDocument>,
    pub(crate) steps_run: usize,
    /// Polls of waiting actions so far in this run (and its children), against `max_polls`.
    pub(crate) polls_run: usize,
    /// Levels of aws:executeAutomation above this engine (0 for the execution a user started).
    pub(crate) depth: usize,
    /// Set when a step inside a loop body aborts the whole execution.
    pub(crate) pending_abort: Option<(Status, String)>,
}

impl<'a> Engine<'a> {
    pub fn new(
        doc: &Document,
        driver: &'a mut dyn CloudDriver,
        mocks: &'a mut dyn StepMocks,
        ids: &'a mut dyn IdSource,
        observer: &'a mut dyn Observer,
        documents: &'a dyn DocumentSource,
        options: &'a Options,
    ) -> Engine<'a> {
        Engine {
            compiled: Rc::new(compile(doc)),
            driver,
            mocks,
            ids,
            observer,
            documents,
            options,
            automations: None,
            children: Vec::new(),
            child_documents: std::collections::BTreeMap::new(),
            steps_run: 0,
            polls_run: 0,
            depth: 0,
            pending_abort: None,
        }
    }

    /// Create an execution with resolved parameters. Auto executions are InProgress (call
    /// `run`); Interactive ones start Waiting.
    pub fn start(
        &mut self,
        name: &str,
        version: &str,
        parameters: Map<String, Value>,
        mode: Mode,
        parent_id: Option<String>,
    ) -> Execution {
        let variables = self
            .compiled
            .variables
            .iter()
            .map(|v| (v.name.clone(), v.default.clone()))
            .collect();
        let first = self.compiled.main.steps.first().map(|s| s.name.clone());
        let mut exec = Execution {
            id: self.ids.next_id(),
            document_name: name.to_string(),
            document_version: version.to_string(),
            mode,
            status: match mode {
                Mode::Auto => Status::InProgress,
                Mode::Interactive => Status::Waiting,
            },
            parameters,
            variables,
            steps: Vec::new(),
            step_outputs: BTreeMap::new(),
            start_ms: self.driver.now_millis(),
            end_ms: None,
            failure_message: None,
            cursor: first.map_or(Cursor::End, Cursor::Next),
            critical_failure: false,
            parent_id,
            executed_by: self.options.executed_by.clone(),
            child_ids: Vec::new(),
            approvals: Vec::new(),
            declared_outputs: self.compiled.outputs.clone(),
            synthesized: false,
        };
        // Defaults are templates filled in now that the id and the start time are known.
        let scope = ExecScope {
            exec: &exec,
            region: self.driver.region(),
            account: self.driver.account_id(),
            now_ms: exec.start_ms,
            keep_unset_outputs: false,
            kept: Default::default(),
        };
        let templated = &self.compiled.templated_parameters;
        match crate::params::fill_default_templates(templated, &exec.parameters, &scope) {
            Ok(parameters) => exec.parameters = parameters,
            Err(e) => self.finish(&mut exec, Some((Status::Failed, e.message))),
        }
        exec
    }

    /// Auto mode: run until the execution ends or waits for a signal.
    pub fn run(&mut self, exec: &mut Execution) {
        while exec.status == Status::InProgress {
            match exec.cursor.clone() {
                Cursor::End => self.finish(exec, None),
                Cursor::Blocked { .. } => exec.status = Status::Waiting,
                Cursor::Next(name) => {
                    if self.stop_if_interrupted(exec, &format!("before step `{name}`")) {
                        break;
                    }
                    if self.steps_run >= self.options.max_steps {
                        let msg = format!(
                            "execution stopped after {} steps: the document loops without end",
                            self.options.max_steps
                        );
                        self.finish(exec, Some((Status::Failed, msg)));
                        break;
                    }
                    let Some(idx) = self.compiled.main.position(&name) else {
                        let msg = format!("step `{name}` does not exist");
                        self.finish(exec, Some((Status::Failed, msg)));
                        break;
                    };
                    let t = self.run_top_step(exec, idx, BTreeMap::new());
                    // A signal during the step (a script stopped by it) cancels what
                    // the step's failure would otherwise have decided.
                    if !matches!(t, Transition::End)
                        && self.stop_if_interrupted(exec, &format!("during step `{name}`"))
                    {
                        break;
                    }
                    self.apply(exec, t);
                }
            }
        }
    }

    /// At a step boundary, with a signal received: the execution ends Cancelled, and its
    /// message names the signal and `when` (docs/semantics.md, "Interrupted runs").
    fn stop_if_interrupted(&mut self, exec: &mut Execution, when: &str) -> bool {
        let Some(signal) = self.options.interrupt.and_then(crate::interrupt::received) else {
            return false;
        };
        let message = format!(
            "interrupted by {}: ssmrun stopped the execution {when}",
            crate::interrupt::name(signal)
        );
        self.finish(exec, Some((Status::Cancelled, message.clone())));
        exec.failure_message = Some(message);
        true
    }

    /// Run one top-level step and work out the transition after it.
    pub(crate) fn run_top_step(
        &mut self,
        exec: &mut Execution,
        idx: usize,
        overrides: BTreeMap<String, Vec<String>>,
    ) -> Transition {
        let compiled = Rc::clone(&self.compiled);
        let result = self.execute_step(exec, &compiled.main.steps[idx], None, &overrides);
        if let Some((status, message)) = self.pending_abort.take() {
            return Transition::Abort(status, message);
        }
        super::flow::transition(&compiled.main, idx, &result, exec)
    }

    /// Apply a transition to the execution (Auto and Interactive share this).
    pub(crate) fn apply(&mut self, exec: &mut Execution, t: Transition) {
        match t {
            Transition::Goto(target) => exec.cursor = Cursor::Next(target.name),
            Transition::End => {
                exec.cursor = Cursor::End;
                if exec.mode == Mode::Auto {
                    self.finish(exec, None);
                }
            }
            Transition::Abort(status, message) => {
                exec.cursor = Cursor::End;
                self.finish(exec, Some((status, message)));
            }
            Transition::Block(record) => {
                exec.cursor = Cursor::Blocked { record };
                exec.status = Status::Waiting;
            }
        }
        if exec.mode == Mode::Interactive && !exec.status.is_terminal() {
            exec.status = Status::Waiting;
        }
    }

    /// End the execution: an explicit abort status, else the final-status rules (§4.3).
    pub(crate) fn finish(&mut self, exec: &mut Execution, abort: Option<(Status, String)>) {
        let (status, message) = match abort {
            Some((s, m)) => (s, Some(m)),
            None if exec.critical_failure => {
                let msg = exec
                    .steps
                    .iter()
                    .rev()
                    .find(|r| {
                        matches!(r.status, Status::Failed | Status::TimedOut) && r.is_critical
                    })
                    .and_then(|r| r.failure_message.clone());
                (Status::Failed, msg)
            }
            None => (Status::Success, None),
        };
        exec.status = status;
        if exec.failure_message.is_none() {
            exec.failure_message = message;
        }
        exec.end_ms = Some(self.driver.now_millis());
        exec.cursor = Cursor::End;
    }
}
