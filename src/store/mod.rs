//! Durable state shared between CLI invocations: automation executions and the local
//! document registry.
//!
//! The engine reaches disk only through the [`ExecutionStore`] and [`DocumentStore`] traits,
//! so another backend (a JSON-file store for debugging, an in-memory one for tests) can
//! replace [`SqliteStore`] without touching the engine. `docs/store.md` describes the file
//! layout, the schema and the concurrency model.

mod document;
mod error;
mod execution;
mod sha256;
mod sqlite;

pub use document::{DocumentStore, DocumentVersionRow, DocumentView, VersionSelector};
pub use error::StoreError;
pub use execution::{ExecutionRow, ExecutionStore};
pub use sha256::sha256_hex;
pub use sqlite::{APPLICATION_ID, SqliteStore, supported_version};

#[cfg(test)]
mod tests;
