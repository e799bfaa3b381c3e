//! What the execution engine persists between CLI invocations, and the trait it persists through.

/// One automation execution: indexed metadata plus the engine's full state.
///
/// The metadata columns duplicate parts of `state` so that listing and filtering never has to
/// decode every state blob; the engine keeps them in step when it writes the row.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRow {
    /// `AutomationExecutionId`; fixed once inserted.
    pub id: String,
    pub document_name: String,
    pub document_version: String,
    /// `AutomationExecutionStatus` (`Waiting`, `InProgress`, `Success`, ...).
    pub status: String,
    /// `Auto` or `Interactive`.
    pub mode: String,
    /// Epoch seconds.
    pub start_time: f64,
    /// Epoch seconds; `None` while the execution is not terminal.
    pub end_time: Option<f64>,
    /// `ParentAutomationExecutionId` for executions started by `aws:executeAutomation`.
    pub parent_id: Option<String>,
    /// `CurrentStepName`.
    pub current_step: Option<String>,
    /// The engine's serialized execution; opaque to the store.
    pub state: serde_json::Value,
}

/// Durable storage of executions, shared by every process that uses the same store.
pub trait ExecutionStore {
    /// Adds a new execution; [`StoreError::Conflict`](super::StoreError::Conflict) if the id
    /// is already taken.
    fn insert(&self, row: &ExecutionRow) -> Result<(), super::StoreError>;

    /// The execution with this id, if any.
    fn get(&self, id: &str) -> Result<Option<ExecutionRow>, super::StoreError>;

    /// Loads the execution, applies `f` and writes the result back in one write transaction,
    /// so concurrent processes never lose an update. If `f` returns `Err`, nothing is written
    /// and that error comes back as the inner result. A missing id is
    /// [`StoreError::NotFound`](super::StoreError::NotFound). Changes `f` makes to `id` are
    /// ignored.
    fn update(
        &self,
        id: &str,
        f: &mut dyn FnMut(&mut ExecutionRow) -> Result<(), String>,
    ) -> Result<Result<(), String>, super::StoreError>;

    /// Every execution, newest first (start time descending, then id ascending).
    /// Overwrite an existing execution without reading it first: for a writer that already
    /// holds the execution (through its own claim protocol), this skips decoding a state it
    /// is about to replace.
    fn replace(&self, row: &ExecutionRow) -> Result<(), super::StoreError>;

    fn list(&self) -> Result<Vec<ExecutionRow>, super::StoreError>;
}
