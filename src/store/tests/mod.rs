//! Store tests against real SQLite files in temporary directories.

mod concurrency;
mod documents;
mod executions;
mod open;

use std::path::PathBuf;

use serde_json::json;

use super::{ExecutionRow, SqliteStore};

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
        status: "Waiting".to_string(),
        mode: "Interactive".to_string(),
        start_time,
        end_time: None,
        parent_id: None,
        current_step: None,
        state: json!({"count": 0, "steps": []}),
    }
}
