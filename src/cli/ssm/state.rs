//! A persisted execution: everything a later process needs to continue it (the execution,
//! the simulated world, mocks, the document text), and the claim protocol that lets one
//! process at a time advance it.
//!
//! Claiming is two transactions around the work: the first marks the execution as being
//! advanced by this process (pid + token) and commits; the second writes the result and
//! clears the mark. A process that waits for a live claim polls instead of failing, so
//! concurrent signals queue and none is lost. A claim whose process has died (killed
//! mid-step) is recovered by the next process: the interrupted step is recorded as Failed
//! with a message saying so, never silently dropped.

use super::documents::resolve_document;
use super::error::SsmError;
use crate::cli::setup::StepMockSource;
use crate::document::Document;
use crate::driver::{MockingDriver, Mocks, SimWorld};
use crate::exec::{DocumentSource, Execution, LoadedDocument, Mode, Status, StepRecord};
use crate::source::SourceFile;
use crate::store::{ExecutionRow, ExecutionStore, SqliteStore};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::{Duration, Instant};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredDocument {
    pub name: String,
    pub version: String,
    pub text: String,
    pub label: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claim {
    pub pid: u32,
    pub token: String,
    /// What the claimant is doing, e.g. "StartStep stopInstances".
    pub operation: String,
    pub step: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Persisted {
    pub execution: Execution,
    pub world: SimWorld,
    pub mocks: Option<Value>,
    pub document: StoredDocument,
    pub allow_scripts: bool,
    /// How scripts run (sandbox, interpreter, attachments); absent in older stores.
    #[serde(default)]
    pub scripts: crate::script::ScriptSettings,
    pub claim: Option<Claim>,
}

/// How long a process waits for another to finish with an execution.
const CLAIM_WAIT: Duration = Duration::from_secs(120);
const BUSY: &str = "\u{0}busy";

impl Persisted {
    pub fn from_row(row: &ExecutionRow) -> Result<Persisted, SsmError> {
        Persisted::deserialize(&row.state).map_err(|e| {
            SsmError::local(format!(
                "execution {} in the store cannot be read: {e}",
                row.id
            ))
        })
    }

    pub fn to_row(&self) -> ExecutionRow {
        let e = &self.execution;
        ExecutionRow {
            id: e.id.clone(),
            document_name: e.document_name.clone(),
            document_version: e.document_version.clone(),
            status: e.status.as_str().to_string(),
            mode: e.mode.as_str().to_string(),
            start_time: e.start_ms as f64 / 1000.0,
            end_time: e.end_ms.map(|m| m as f64 / 1000.0),
            parent_id: e.parent_id.clone(),
            current_step: e.current_step().map(|r| r.step_name.clone()),
            state: serde_json::to_value(self).unwrap_or(Value::Null),
        }
    }

    /// The stored document, parsed and lowered again. It was validated when the execution
    /// started, so the rules are not run again on every signal.
    pub fn document(&self) -> Result<Document, SsmError> {
        let source = SourceFile::new(self.document.label.clone(), self.document.text.clone());
        let lowered = crate::parse::parse(&source)
            .ok()
            .map(crate::document::lower);
        match lowered {
            Some((Some(d), diagnostics)) if !diagnostics.iter().any(|d| d.is_error()) => Ok(d),
            _ => Err(SsmError::local(format!(
                "the stored document of execution {} can no longer be read",
                self.execution.id
            ))),
        }
    }

    pub fn driver(&self) -> Result<(MockingDriver<SimWorld>, StepMockSource), SsmError> {
        let load = || match &self.mocks {
            Some(v) => Mocks::from_json(v).map_err(SsmError::local),
            None => Ok(Mocks::default()),
        };
        Ok((
            MockingDriver::new(self.world.clone(), load()?),
            StepMockSource(load()?),
        ))
    }

    /// Turn a dead process's claim into a recorded interruption.
    fn recover(&mut self) {
        let Some(claim) = self.claim.take() else {
            return;
        };
        let now = self.world_now();
        let message = format!(
            "interrupted: the process running `{}` (pid {}) ended before it finished",
            claim.operation, claim.pid
        );
        // Only this rare path needs the step's action, so the claim does not carry it.
        let step = claim.step.as_ref().and_then(|name| {
            let doc = self.document().ok()?;
            let action = doc
                .main_steps
                .iter()
                .find(|s| &s.name.value == name)?
                .action
                .value
                .clone();
            Some((name.clone(), action))
        });
        let exec = &mut self.execution;
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

    fn world_now(&self) -> i64 {
        use crate::driver::CloudDriver;
        self.world.now_millis()
    }
}

fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    // Signal 0 checks existence without touching the process.
    #[cfg(unix)]
    {
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

pub fn load(store: &SqliteStore, id: &str) -> Result<Persisted, SsmError> {
    let row = store.get(id)?.ok_or_else(|| SsmError::not_found(id))?;
    Persisted::from_row(&row)
}

/// Take the execution for this process; waits while another live process holds it.
pub fn claim(
    store: &SqliteStore,
    id: &str,
    operation: &str,
    step: Option<&str>,
) -> Result<Persisted, SsmError> {
    let token = uuid::Uuid::new_v4().to_string();
    let deadline = Instant::now() + CLAIM_WAIT;
    let mut backoff = Duration::from_millis(1);
    loop {
        let mut claimed = None;
        let result = store.update(id, &mut |row| {
            let claim = Claim {
                pid: std::process::id(),
                token: token.clone(),
                operation: operation.to_string(),
                step: step.map(String::from),
            };
            let held: Option<Claim> = row
                .state
                .get("claim")
                .and_then(|c| Claim::deserialize(c).ok());
            if let Some(c) = held {
                if alive(c.pid) && c.pid != std::process::id() {
                    return Err(BUSY.into());
                }
                // A dead process's claim: record its interruption (rare; full decode).
                let mut p = Persisted::from_row(row).map_err(|e| e.message)?;
                p.recover();
                p.claim = Some(claim);
                *row = p.to_row();
                claimed = Some(p);
                return Ok(());
            }
            // The common case touches only the claim field, not the whole state.
            let Some(state) = row.state.as_object_mut() else {
                return Err(format!("execution {id} in the store has no state object"));
            };
            state.insert(
                "claim".into(),
                serde_json::to_value(&claim).unwrap_or(Value::Null),
            );
            let mut p = Persisted::from_row(row).map_err(|e| e.message)?;
            p.claim = Some(claim);
            claimed = Some(p);
            Ok(())
        });
        let result = match result {
            Err(crate::store::StoreError::NotFound(_)) => return Err(SsmError::not_found(id)),
            other => other?,
        };
        match result {
            Ok(()) => return claimed.ok_or_else(|| SsmError::local("claim lost")),
            Err(e) if e == BUSY => {
                if Instant::now() > deadline {
                    return Err(SsmError::local(format!(
                        "execution {id} is still being advanced by another process"
                    )));
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_millis(4));
            }
            Err(e) => return Err(SsmError::local(e)),
        }
    }
}

/// Write the result and release the claim.
pub fn commit(store: &SqliteStore, mut p: Persisted) -> Result<(), SsmError> {
    p.claim = None;
    let id = p.execution.id.clone();
    // This process holds the claim, so no one else writes the execution meanwhile.
    store.replace(&p.to_row()).map_err(|e| match e {
        crate::store::StoreError::NotFound(_) => SsmError::not_found(&id),
        other => other.into(),
    })
}

/// Child documents (aws:executeAutomation) from the registry, bundled documents or files.
pub struct RegistryDocuments<'s> {
    pub store: &'s SqliteStore,
}

impl DocumentSource for RegistryDocuments<'_> {
    fn load(&self, name: &str, version: Option<&str>) -> Result<LoadedDocument, String> {
        let resolved = resolve_document(self.store, name, version).map_err(|e| e.message)?;
        let source = SourceFile::new(resolved.source_label.clone(), resolved.text.clone());
        let document = crate::cli::load::child_document(&source, name)?;
        Ok(LoadedDocument {
            name: resolved.name,
            version: resolved.version,
            document,
        })
    }
}
