//! The execution service: starting, signalling, stopping and reading stored executions, for
//! every front end (`ssmrun run`, the prompt loop of `run -i`, and the `ssm` commands).
//!
//! It is generic over the store traits, so it runs on SQLite in the binary and on
//! [`MemoryStore`](crate::store::MemoryStore) in its tests. Its errors are typed
//! ([`ServiceError`]); the command line maps them to AWS exception names and exit codes.
//!
//! One process at a time advances an execution. Claiming is two transactions around the
//! work: the first marks the execution as advanced by this process (pid, start time, token)
//! and commits; the second writes the result and clears the mark. A process that finds a
//! live claim polls instead of failing, so concurrent signals queue and none is lost. A
//! claim whose process has ended (killed mid-step) is taken over by the next process, which
//! records the interrupted step as Failed, never silently dropped.

mod api;
mod api_advance;
mod claim;
mod error;
mod filters;
pub mod kinds;
mod process;
mod read;
mod rig;
mod start;
mod state;
mod validation;

#[cfg(test)]
mod api_tests;
#[cfg(test)]
mod tests;

pub use api::SERVICE_PAGE;
pub use error::ServiceError;
pub use filters::{RawFilter, execution_filters, select_steps};
pub use read::ExecutionView;
pub use start::{StartRequest, check};
pub use state::{Setup, StepMockSource, StoredDocument};
pub use validation::validate_request;

use crate::driver::CallLog;
use crate::exec::{DocumentSource, IdSource, RandomIds, SequentialIds};
use crate::store::{DocumentStore, ExecutionStore};

/// How new execution and step ids are made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdPolicy {
    Random,
    /// Sequential ids that continue after those already stored, so that separate processes
    /// never reuse one and golden files need no redaction.
    Sequential,
}

/// The service over one store. Child documents of `aws:executeAutomation` come from
/// `children`, which the front end chooses (the registry, or files beside a runbook).
pub struct Service<'s, S> {
    store: &'s S,
    children: &'s dyn DocumentSource,
    ids: IdPolicy,
    claim_wait: std::time::Duration,
    /// Where the drivers of this service's engines log their calls.
    calls: CallLog,
    /// The flag a signal handler sets; see [`Service::with_interrupt`].
    interrupt: Option<&'static std::sync::atomic::AtomicI32>,
    /// Whether executions that call a real AWS account may be driven (`--real-aws`).
    real_aws: bool,
    /// A real back end already started, with its settings: the next engine of an execution
    /// with those settings uses it rather than starting another (see [`Service::lend_driver`]).
    driver: std::cell::RefCell<Option<rig::KeptDriver>>,
    /// Levels of StartAutomationExecution calls from runbooks above this service (0 for a
    /// front end's), against the nesting budget.
    depth: usize,
}

impl<'s, S: ExecutionStore + DocumentStore> Service<'s, S> {
    pub fn new(store: &'s S, children: &'s dyn DocumentSource, ids: IdPolicy) -> Self {
        Service {
            store,
            children,
            ids,
            claim_wait: claim::CLAIM_WAIT,
            calls: CallLog::default(),
            interrupt: None,
            real_aws: false,
            driver: std::cell::RefCell::new(None),
            depth: 0,
        }
    }

    /// Engines stop at the next step boundary once `flag` is set, and the execution ends
    /// Cancelled (docs/semantics.md, "Interrupted runs").
    pub fn with_interrupt(mut self, flag: &'static std::sync::atomic::AtomicI32) -> Self {
        self.interrupt = Some(flag);
        self
    }

    /// Lets this service drive executions that call a real AWS account. The front end
    /// grants it only on the user's explicit `--real-aws`.
    pub fn allow_real_aws(mut self, allowed: bool) -> Self {
        self.real_aws = allowed;
        self
    }

    /// How long to wait for another process's claim before giving up with
    /// [`ServiceError::Busy`] (two minutes unless set).
    pub fn with_claim_wait(mut self, wait: std::time::Duration) -> Self {
        self.claim_wait = wait;
        self
    }

    /// The log of every API call the executions of this service make in this process.
    pub fn call_log(&self) -> CallLog {
        self.calls.clone()
    }

    pub fn store(&self) -> &'s S {
        self.store
    }

    fn id_source(&self) -> Result<Box<dyn IdSource>, ServiceError> {
        Ok(match self.ids {
            IdPolicy::Random => Box::new(RandomIds),
            IdPolicy::Sequential => {
                let counts = self.store.counts()?;
                Box::new(SequentialIds {
                    next: (counts.executions + counts.step_records) * 1000,
                })
            }
        })
    }
}
