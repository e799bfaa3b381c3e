//! The claim protocol, and the operations that advance a stored execution through it:
//! signals, stops, and releasing a claim by hand.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::rig::ChildRuns;
use super::state::{self, Loaded, Runtime, Setup, StoredDocument};
use super::{Service, ServiceError, process};
use crate::driver::CloudDriver;
use crate::exec::{
    Engine, Execution, Mode, NoObserver, Observer, Signal, Status, StepRecord, StopType,
};
use crate::store::{Claim, ClaimOutcome, DocumentStore, ExecutionParts, ExecutionStore};

/// How long a process waits for another to finish with an execution.
pub(super) const CLAIM_WAIT: Duration = Duration::from_secs(120);

/// An execution claimed by this process: loaded, with what advancing it needs.
pub(super) struct Held {
    pub loaded: Loaded,
    pub runtime: Runtime,
    pub setup: Setup,
    pub token: String,
}

impl<S: ExecutionStore + DocumentStore> Service<'_, S> {
    /// A new claim by this process.
    pub(super) fn new_claim(operation: &str, step: Option<&str>) -> Claim {
        let (pid, started) = process::current();
        Claim {
            pid,
            started,
            token: uuid::Uuid::new_v4().to_string(),
            operation: operation.to_string(),
            step: step.map(String::from),
        }
    }

    /// Takes the execution for this process, waiting while another live process holds it.
    /// `force` takes it from a live process too (releasing a stuck claim by hand).
    fn claim(
        &self,
        id: &str,
        claim: &Claim,
        force: bool,
    ) -> Result<(Held, Option<Claim>), ServiceError> {
        let deadline = Instant::now() + self.claim_wait;
        let mut backoff = Duration::from_millis(1);
        let is_live = |c: &Claim| !force && process::is_live(c);
        loop {
            match self
                .store
                .claim(id, claim, &is_live)
                .map_err(|e| ServiceError::on(id, e))?
            {
                ClaimOutcome::Claimed { replaced } => {
                    let mut held = self.load_held(id, claim.token.clone())?;
                    if let Some(old) = &replaced {
                        recover(&mut held, old);
                    }
                    return Ok((held, replaced));
                }
                ClaimOutcome::Held(holder) => {
                    if Instant::now() > deadline {
                        return Err(ServiceError::Busy {
                            id: id.to_string(),
                            pid: holder.pid,
                            operation: holder.operation,
                        });
                    }
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(Duration::from_millis(4));
                }
            }
        }
    }

    fn load_held(&self, id: &str, token: String) -> Result<Held, ServiceError> {
        let row = self
            .store
            .get(id)?
            .ok_or_else(|| ServiceError::ExecutionNotFound(id.to_string()))?;
        let (base, steps) = self.store.open_steps(id)?;
        let parts = self.store.parts(id).map_err(|e| ServiceError::on(id, e))?;
        Ok(Held {
            loaded: Loaded::decode(&row, base, steps)?,
            runtime: Runtime::decode(id, &parts.world)?,
            setup: state::decode_setup(id, &parts.setup)?,
            token,
        })
    }

    /// Writes the result and releases the claim.
    pub(super) fn commit(&self, held: &mut Held) -> Result<(), ServiceError> {
        let (row, steps) = held.loaded.encode();
        let world = held.runtime.encode();
        self.store
            .commit(&row, &world, &steps, &held.token)
            .map_err(|e| ServiceError::on(&row.id, e))
    }

    /// Stores the child executions an engine started, beside their parent: each with the
    /// parent's world and settings and its own document (a synthesized child has none, and
    /// keeps the parent's, which nothing reads).
    pub(super) fn insert_children(
        &self,
        mut children: ChildRuns,
        runtime: &Runtime,
        setup: &Setup,
    ) -> Result<(), ServiceError> {
        if children.executions.is_empty() {
            return Ok(());
        }
        let world = runtime.encode();
        for child in children.executions {
            let mut own = setup.clone();
            if let Some(doc) = children.documents.remove(&child.id) {
                own.document = StoredDocument {
                    name: doc.name,
                    version: doc.version,
                    text: doc.text,
                    label: doc.label,
                };
            }
            let parts = ExecutionParts {
                world: world.clone(),
                setup: serde_json::to_string(&own).unwrap_or_default(),
            };
            let mut loaded = Loaded::fresh(child);
            let (row, steps) = loaded.encode();
            self.store.insert(&row, &parts, &steps, None)?;
        }
        Ok(())
    }

    /// Claim, rebuild the engine, apply `op`, commit. The claim is released whether or not
    /// `op` was refused.
    fn advance(
        &self,
        id: &str,
        operation: &str,
        step: Option<&str>,
        observer: &mut dyn Observer,
        op: impl FnOnce(&mut Engine<'_>, &mut Execution) -> Result<(), ServiceError>,
    ) -> Result<(), ServiceError> {
        let (mut held, _) = self.claim(id, &Self::new_claim(operation, step), false)?;
        let result = self.apply(&mut held, observer, op);
        self.commit(&mut held)?;
        result
    }

    fn apply(
        &self,
        held: &mut Held,
        observer: &mut dyn Observer,
        op: impl FnOnce(&mut Engine<'_>, &mut Execution) -> Result<(), ServiceError>,
    ) -> Result<(), ServiceError> {
        let id = held.loaded.execution.id.clone();
        let document = held.setup.document.parse(&id)?;
        let mut rig = self.rig(document, held.runtime.clone(), &held.setup)?;
        let exec = &mut held.loaded.execution;
        let (result, children) = rig.with_engine(observer, self.children, Some(self), |engine| {
            op(engine, exec)
        });
        held.runtime = self.release_rig(rig, &held.setup);
        self.insert_children(children, &held.runtime, &held.setup)?;
        result
    }

    /// SendAutomationSignal.
    pub fn signal(
        &self,
        id: &str,
        kind: Signal,
        payload: &BTreeMap<String, Vec<String>>,
        observer: &mut dyn Observer,
    ) -> Result<(), ServiceError> {
        let step = payload
            .get("StepName")
            .and_then(|v| v.first())
            .filter(|_| kind == Signal::StartStep)
            .cloned();
        let operation = format!("{kind:?} {}", step.as_deref().unwrap_or_default());
        self.advance(id, &operation, step.as_deref(), observer, |engine, exec| {
            engine
                .signal(exec, kind, payload)
                .map_err(ServiceError::Refused)
        })
    }

    /// StopAutomationExecution.
    pub fn stop(&self, id: &str, kind: StopType) -> Result<(), ServiceError> {
        let operation = format!("StopAutomationExecution {kind:?}");
        self.advance(id, &operation, None, &mut NoObserver, |engine, exec| {
            engine.stop(exec, kind).map_err(ServiceError::Refused)
        })
    }

    /// Releases the claim on `id` whatever holds it, recording the interruption as when its
    /// process had died; returns the claim released, if there was one. For a claim whose
    /// process is stuck: the process, if it ever finishes, then fails to commit.
    pub fn release(&self, id: &str) -> Result<Option<Claim>, ServiceError> {
        let (mut held, replaced) = self.claim(id, &Self::new_claim("release", None), true)?;
        self.commit(&mut held)?;
        Ok(replaced)
    }

    /// The inputs `step` would run with now, resolved, without running it.
    pub fn preview(
        &self,
        id: &str,
        step: &str,
    ) -> Result<serde_json::Map<String, serde_json::Value>, ServiceError> {
        let held = self.load_held(id, String::new())?;
        let document = held.setup.document.parse(id)?;
        let mut rig = self.rig(document, held.runtime, &held.setup)?;
        let exec = &held.loaded.execution;
        let (result, _) = rig.with_engine(&mut NoObserver, self.children, Some(self), |engine| {
            engine.preview_inputs(exec, step)
        });
        self.release_rig(rig, &held.setup);
        result.map_err(ServiceError::InputsUnresolved)
    }
}

/// Turns a dead process's claim into a recorded interruption: the step it was running
/// failed, and an Auto execution ends Failed (an Interactive one waits for the next step).
fn recover(held: &mut Held, claim: &Claim) {
    let now = held.runtime.world.now_millis();
    let message = format!(
        "interrupted: the process running `{}` (pid {}) ended before it finished",
        claim.operation, claim.pid
    );
    let exec = &mut held.loaded.execution;
    // Only this rare path needs the step's action, so the claim does not carry it.
    let step = claim.step.as_ref().and_then(|name| {
        let doc = held.setup.document.parse(&exec.id).ok()?;
        let action = doc.step(name)?.action.value.clone();
        Some((name.clone(), action))
    });
    if let Some((step, action)) = &step {
        let mut rec = StepRecord::new(step, action, claim.token.clone());
        rec.status = Status::Failed;
        rec.start_ms = Some(now);
        rec.end_ms = Some(now);
        rec.failure_message = Some(message.clone());
        exec.steps.push(rec);
    }
    match exec.mode {
        Mode::Interactive if !exec.status.is_terminal() => exec.status = Status::Waiting,
        _ if !exec.status.is_terminal() => {
            exec.status = Status::Failed;
            exec.failure_message = Some(message);
            exec.end_ms = Some(now);
        }
        _ => {}
    }
}
