//! Durable state shared between CLI invocations: automation executions and the local
//! document registry.
//!
//! The execution service (`crate::service`) reaches disk only through the [`ExecutionStore`]
//! and [`DocumentStore`] traits, so another backend can replace [`SqliteStore`] without
//! touching it: [`MemoryStore`] does, in the service's tests. `docs/store.md` describes the file
//! layout, the schema and the concurrency model.

mod document;
mod error;
mod execution;
mod memory;
mod sha256;
pub(crate) mod sqlite;

pub use document::{DocumentStore, DocumentVersionRow, DocumentView, VersionSelector};
pub use error::StoreError;
pub use execution::{
    Claim, ClaimOutcome, ExecutionFilter, ExecutionParts, ExecutionQuery, ExecutionRow,
    ExecutionStore, PruneRule, StepRow, StoreCounts,
};
pub use memory::MemoryStore;
pub use sha256::sha256_hex;
pub use sqlite::{APPLICATION_ID, SqliteStore, supported_version};

#[cfg(test)]
mod tests;
