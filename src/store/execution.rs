//! What the execution service persists between CLI invocations, and the trait it persists
//! through.
//!
//! An execution is stored in three parts so that no operation pays for more than it needs:
//! the row (indexed metadata plus the engine's state without its step records), the step
//! records (one row each, appended), and the parts that only a process advancing the
//! execution reads (the simulated world, and the fixed setup: document text and mocks).

use crate::exec::{Mode, Status};

use super::StoreError;

/// One automation execution: indexed metadata plus the engine's state, step records apart.
///
/// The metadata columns duplicate parts of `state` so that listing and filtering never has to
/// decode a state; the service keeps them in step when it writes the row.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRow {
    /// `AutomationExecutionId`; fixed once inserted.
    pub id: String,
    pub document_name: String,
    pub document_version: String,
    pub status: Status,
    pub mode: Mode,
    /// Epoch seconds.
    pub start_time: f64,
    /// Epoch seconds; `None` while the execution is not terminal.
    pub end_time: Option<f64>,
    /// `ParentAutomationExecutionId` for executions started by `aws:executeAutomation`.
    pub parent_id: Option<String>,
    /// `CurrentStepName`.
    pub current_step: Option<String>,
    /// `CurrentAction`, for the filter of the same name.
    pub current_action: Option<String>,
    /// The engine's serialized execution without its step records; opaque to the store.
    pub state: String,
}

/// One step record of an execution, at position `seq` (0-based, in the order steps started).
#[derive(Debug, Clone, PartialEq)]
pub struct StepRow {
    pub seq: usize,
    pub status: Status,
    /// The step is critical (`isCritical`); with a failed status, the execution's final
    /// failure message may still be taken from it.
    pub critical: bool,
    /// The serialized record; opaque to the store.
    pub record: String,
}

impl StepRow {
    /// Whether a later call on the execution may read or change this record: it is still
    /// open, or it is a critical failure whose message may become the execution's.
    pub fn needed_later(&self) -> bool {
        !self.status.is_terminal()
            || (self.critical && matches!(self.status, Status::Failed | Status::TimedOut))
    }
}

/// The parts of an execution that only a process advancing it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionParts {
    /// The simulated world; rewritten by every commit.
    pub world: String,
    /// Document text, mocks and options; written once, at insert.
    pub setup: String,
}

/// The mark of the one process advancing an execution.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub pid: u32,
    /// The claimant's start time (clock ticks since boot, from `/proc/<pid>/stat`), so that
    /// another process that later gets the same pid is not mistaken for the claimant.
    /// `None` where the platform does not tell, or for claims written by schema version 1.
    pub started: Option<u64>,
    /// Unique per claim; the commit must present it.
    pub token: String,
    /// What the claimant is doing, e.g. `StartStep stopInstances`.
    pub operation: String,
    pub step: Option<String>,
}

/// The answer to a claim attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimOutcome {
    /// The execution is now ours; `replaced` is the claim of a process that ended without
    /// releasing it, which the caller must record as an interruption.
    Claimed { replaced: Option<Claim> },
    /// A live process holds it.
    Held(Claim),
}

/// One condition of a listing; a row must meet every condition given.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecutionFilter {
    Ids(Vec<String>),
    DocumentNamePrefixes(Vec<String>),
    /// Status names as the request spells them; an unknown name matches nothing.
    Statuses(Vec<String>),
    StartedBefore(f64),
    StartedAfter(f64),
    Parents(Vec<String>),
    CurrentActions(Vec<String>),
    /// Matches nothing (a filter value no stored execution can have).
    Nothing,
}

impl ExecutionFilter {
    /// Whether `row` passes the filter: what the SQLite store's query selects, for rows the
    /// store does not hold (the memory store, an execution running now).
    pub fn matches(&self, row: &ExecutionRow) -> bool {
        let any = |values: &[String], value: Option<&str>| {
            value.is_some_and(|v| values.iter().any(|x| x == v))
        };
        match self {
            ExecutionFilter::Ids(v) => any(v, Some(&row.id)),
            ExecutionFilter::DocumentNamePrefixes(v) => {
                v.iter().any(|p| row.document_name.starts_with(p.as_str()))
            }
            ExecutionFilter::Statuses(v) => any(v, Some(row.status.as_str())),
            ExecutionFilter::StartedBefore(t) => row.start_time < *t,
            ExecutionFilter::StartedAfter(t) => row.start_time > *t,
            ExecutionFilter::Parents(v) => any(v, row.parent_id.as_deref()),
            ExecutionFilter::CurrentActions(v) => any(v, row.current_action.as_deref()),
            ExecutionFilter::Nothing => false,
        }
    }
}

/// A page of executions, newest first (start time descending, then id ascending).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExecutionQuery {
    pub filters: Vec<ExecutionFilter>,
    /// Rows to skip.
    pub offset: usize,
    /// At most this many rows.
    pub limit: Option<usize>,
}

/// Which executions [`ExecutionStore::prune`] removes. Only terminal executions are ever
/// removed: a Waiting one may still be resumed. Times here are wall-clock times of storing
/// (start times are simulated, and every run of the default world starts at the same one).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PruneRule {
    /// Remove those stored before this time (epoch seconds).
    pub stored_before: Option<f64>,
    /// Keep at least this many of the most recently stored terminal executions.
    pub keep: Option<usize>,
}

/// Sizes of the store, for ids that continue after those already used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoreCounts {
    pub executions: u64,
    pub step_records: u64,
    /// Distinct world and setup texts: each is stored once, however many executions refer
    /// to it, and only while one does.
    pub contents: u64,
}

/// Durable storage of executions, shared by every process that uses the same store.
pub trait ExecutionStore {
    /// Adds a new execution with its records, claimed by `claim` if given;
    /// [`StoreError::Conflict`] if the id is already taken.
    fn insert(
        &self,
        row: &ExecutionRow,
        parts: &ExecutionParts,
        steps: &[StepRow],
        claim: Option<&Claim>,
    ) -> Result<(), StoreError>;

    /// The execution's row (without records), if any.
    fn get(&self, id: &str) -> Result<Option<ExecutionRow>, StoreError>;

    /// The world and setup; [`StoreError::NotFound`] if the execution does not exist.
    fn parts(&self, id: &str) -> Result<ExecutionParts, StoreError>;

    /// Every step record, in order.
    fn steps(&self, id: &str) -> Result<Vec<StepRow>, StoreError>;

    /// The records from the first one [`needed_later`](StepRow::needed_later) on (for a
    /// critical failure, only the last one counts), with the position they start at; when
    /// none is needed, no records and the position after the last. Earlier records are final,
    /// so a signal never reads them.
    fn open_steps(&self, id: &str) -> Result<(usize, Vec<StepRow>), StoreError>;

    /// Marks the execution as advanced by `claim`'s process, in one write transaction. A claim
    /// already there is kept when `is_live` says its process still runs, and replaced
    /// otherwise. A missing id is [`StoreError::NotFound`].
    fn claim(
        &self,
        id: &str,
        claim: &Claim,
        is_live: &dyn Fn(&Claim) -> bool,
    ) -> Result<ClaimOutcome, StoreError>;

    /// Writes the row, the world and the given records (replacing those at the same `seq`),
    /// and releases the claim, in one transaction. [`StoreError::Conflict`] if the execution
    /// is no longer claimed with `token` (the claim was released by hand meanwhile).
    fn commit(
        &self,
        row: &ExecutionRow,
        world: &str,
        steps: &[StepRow],
        token: &str,
    ) -> Result<(), StoreError>;

    /// The rows that `query` selects, newest first.
    fn list(&self, query: &ExecutionQuery) -> Result<Vec<ExecutionRow>, StoreError>;

    /// How many executions and step records the store holds.
    fn counts(&self) -> Result<StoreCounts, StoreError>;

    /// Removes the terminal executions `rule` selects, with their records; returns how many
    /// went.
    fn prune(&self, rule: &PruneRule) -> Result<usize, StoreError>;
}
