//! Worlds and setups, stored once per content in `contents` and keyed by their SHA-256.
//!
//! Executions share these texts far more often than not: every run of a runbook starts from
//! the same default world, runs of the same runbook usually end in the same one, and their
//! setups (document text, mocks, options) are equal. An `execution_parts` row therefore holds
//! two hashes. A text is added with `INSERT OR IGNORE` in the transaction that writes its first
//! reference, and the triggers of schema version 3 delete it in the transaction that removes
//! its last one, so no reader finds a reference without its text and no text outlives its
//! references.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::store::sha256::sha256;
use crate::store::{ExecutionParts, StoreError};

/// A text with its key. Hashing is done before the write lock is taken, so that the lock is
/// held only for the SQL.
pub(super) struct Content<'a> {
    pub hash: [u8; 32],
    pub text: &'a str,
}

impl<'a> Content<'a> {
    pub fn new(text: &'a str) -> Content<'a> {
        Content {
            hash: sha256(text.as_bytes()),
            text,
        }
    }
}

/// Adds `content` unless a row with its hash is already there; the body is then not even
/// written, which is what makes an unchanged world cost no more than its hash.
pub(super) fn put(conn: &Connection, path: &Path, content: &Content<'_>) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT OR IGNORE INTO contents (hash, body) VALUES (?1, ?2)")
        .and_then(|mut stmt| stmt.execute(params![content.hash, content.text]))
        .map(|_| ())
        .map_err(|e| StoreError::sqlite(path, e))
}

/// The world and setup of execution `id`, read in one statement (one snapshot), so a commit
/// that replaces the world between two reads cannot leave a reference without its text.
pub(super) fn read_parts(
    conn: &Connection,
    path: &Path,
    id: &str,
) -> Result<Option<ExecutionParts>, StoreError> {
    let texts: Option<(Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT w.body, s.body FROM execution_parts p \
             LEFT JOIN contents w ON w.hash = p.world \
             LEFT JOIN contents s ON s.hash = p.setup \
             WHERE p.execution_id = ?1",
        )
        .and_then(|mut stmt| {
            stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()
        })
        .map_err(|e| match StoreError::sqlite(path, e) {
            StoreError::Corrupt { detail, .. } => corrupt(path, id, &detail),
            other => other,
        })?;
    let Some((world, setup)) = texts else {
        return Ok(None);
    };
    // Only a file edited with foreign keys off can get here: the schema refuses a reference
    // to a missing text.
    let missing = |what| corrupt(path, id, &format!("its {what} is missing from `contents`"));
    Ok(Some(ExecutionParts {
        world: world.ok_or_else(|| missing("world"))?,
        setup: setup.ok_or_else(|| missing("setup"))?,
    }))
}

fn corrupt(path: &Path, id: &str, detail: &str) -> StoreError {
    StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("execution `{id}`: {detail}"),
    }
}
