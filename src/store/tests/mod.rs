//! Store tests: against real SQLite files in temporary directories, and the shared contract
//! of the execution traits against both stores.

mod concurrency;
mod contract;
mod documents;
mod executions;
mod migration;
mod open;

use std::path::PathBuf;

use super::{ExecutionParts, ExecutionRow, SqliteStore, StepRow};
use crate::exec::{Mode, Status};

/// A store in a fresh temporary directory; keep the `TempDir` alive for the test's duration.
fn temp_store() -> (tempfile::TempDir, PathBuf, SqliteStore) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("ssmrun.db");
    let store = SqliteStore::open(&path).expect("open a new store");
    (dir, path, store)
}

fn execution(id: &str, start_time: f64) -> ExecutionRow {
    ExecutionRow {
        id: id.to_string(),
        document_name: "Restart".to_string(),
        document_version: "1".to_string(),
        status: Status::Waiting,
        mode: Mode::Interactive,
        start_time,
        end_time: None,
        parent_id: None,
        current_step: None,
        current_action: None,
        state: r#"{"count":0}"#.to_string(),
    }
}

fn parts() -> ExecutionParts {
    ExecutionParts {
        world: "{}".to_string(),
        setup: "{}".to_string(),
    }
}

fn step(seq: usize, status: Status) -> StepRow {
    StepRow {
        seq,
        status,
        critical: true,
        record: format!(r#"{{"seq":{seq}}}"#),
    }
}
