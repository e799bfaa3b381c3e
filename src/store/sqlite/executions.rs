//! `ExecutionStore` over the `executions` table.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::SqliteStore;
use crate::store::{ExecutionRow, ExecutionStore, StoreError};

const SELECT: &str = "SELECT id, document_name, document_version, status, mode, start_time, \
                      end_time, parent_id, current_step, state FROM executions";

fn exists(conn: &Connection, path: &Path, id: &str) -> Result<bool, StoreError> {
    conn.query_row("SELECT 1 FROM executions WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
        .map_err(|e| StoreError::sqlite(path, e))
}

impl ExecutionStore for SqliteStore {
    fn insert(&self, row: &ExecutionRow) -> Result<(), StoreError> {
        self.write(|conn| {
            if exists(conn, &self.path, &row.id)? {
                return Err(StoreError::Conflict(format!(
                    "execution `{}` already exists",
                    row.id
                )));
            }
            conn.execute(
                "INSERT INTO executions (id, document_name, document_version, status, mode, \
                 start_time, end_time, parent_id, current_step, state) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    row.id,
                    row.document_name,
                    row.document_version,
                    row.status,
                    row.mode,
                    row.start_time,
                    row.end_time,
                    row.parent_id,
                    row.current_step,
                    row.state.to_string(),
                ],
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
            Ok(())
        })
    }

    fn get(&self, id: &str) -> Result<Option<ExecutionRow>, StoreError> {
        self.read(|conn| load(conn, &self.path, id))
    }

    fn update(
        &self,
        id: &str,
        f: &mut dyn FnMut(&mut ExecutionRow) -> Result<(), String>,
    ) -> Result<Result<(), String>, StoreError> {
        self.transact(|conn| {
            let Some(mut row) = load(conn, &self.path, id)? else {
                return Err(StoreError::NotFound(format!(
                    "execution `{id}` does not exist"
                )));
            };
            if let Err(message) = f(&mut row) {
                return Ok(Err(message));
            }
            save(conn, &self.path, id, &row)?;
            Ok(Ok(()))
        })
    }

    fn replace(&self, row: &ExecutionRow) -> Result<(), StoreError> {
        self.write(|conn| {
            if !exists(conn, &self.path, &row.id)? {
                return Err(StoreError::NotFound(format!(
                    "execution `{}` does not exist",
                    row.id
                )));
            }
            save(conn, &self.path, &row.id, row)
        })
    }

    fn list(&self) -> Result<Vec<ExecutionRow>, StoreError> {
        self.read(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let mut stmt = conn
                .prepare_cached(&format!("{SELECT} ORDER BY start_time DESC, id"))
                .map_err(sqlite)?;
            let mut rows = stmt.query([]).map_err(sqlite)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(sqlite)? {
                out.push(decode(&self.path, row)?);
            }
            Ok(out)
        })
    }
}

fn load(conn: &Connection, path: &Path, id: &str) -> Result<Option<ExecutionRow>, StoreError> {
    let sqlite = |e| StoreError::sqlite(path, e);
    let mut stmt = conn
        .prepare_cached(&format!("{SELECT} WHERE id = ?1"))
        .map_err(sqlite)?;
    let mut rows = stmt.query([id]).map_err(sqlite)?;
    match rows.next().map_err(sqlite)? {
        Some(row) => decode(path, row).map(Some),
        None => Ok(None),
    }
}

fn save(conn: &Connection, path: &Path, id: &str, row: &ExecutionRow) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE executions SET document_name = ?2, document_version = ?3, status = ?4, \
         mode = ?5, start_time = ?6, end_time = ?7, parent_id = ?8, current_step = ?9, \
         state = ?10 WHERE id = ?1",
        params![
            id,
            row.document_name,
            row.document_version,
            row.status,
            row.mode,
            row.start_time,
            row.end_time,
            row.parent_id,
            row.current_step,
            row.state.to_string(),
        ],
    )
    .map_err(|e| StoreError::sqlite(path, e))?;
    Ok(())
}

/// Decodes one row, naming the execution in any error so that one damaged row can be found
/// and removed while the rest of the store stays readable.
fn decode(path: &Path, row: &Row<'_>) -> Result<ExecutionRow, StoreError> {
    let id: String = row.get(0).map_err(|e| StoreError::sqlite(path, e))?;
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("execution `{id}` {detail}"),
    };
    let column = |e: rusqlite::Error| match StoreError::sqlite(path, e) {
        StoreError::Corrupt { detail, .. } => corrupt(format!("has a damaged column: {detail}")),
        other => other,
    };
    let state: String = row.get(9).map_err(column)?;
    let state = serde_json::from_str(&state)
        .map_err(|e| corrupt(format!("has a state that is not valid JSON: {e}")))?;
    Ok(ExecutionRow {
        document_name: row.get(1).map_err(column)?,
        document_version: row.get(2).map_err(column)?,
        status: row.get(3).map_err(column)?,
        mode: row.get(4).map_err(column)?,
        start_time: row.get(5).map_err(column)?,
        end_time: row.get(6).map_err(column)?,
        parent_id: row.get(7).map_err(column)?,
        current_step: row.get(8).map_err(column)?,
        state,
        id,
    })
}
