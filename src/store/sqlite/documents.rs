//! `DocumentStore` over the `documents` and `document_versions` tables.
//!
//! The latest version is always `max(version)`, never stored, so it cannot drift from the
//! versions that exist; the default version is stored because the user chooses it.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::SqliteStore;
use crate::store::{DocumentStore, DocumentVersionRow, DocumentView, StoreError, VersionSelector};

/// Columns 0..8 decode to a `DocumentVersionRow`; 8 and 9 are the default and latest numbers.
const SELECT: &str = "SELECT v.name, v.version, v.content, v.format, d.document_type, \
                      v.created_date, v.hash, v.status, d.default_version, \
                      (SELECT max(version) FROM document_versions WHERE name = d.name) \
                      FROM documents d JOIN document_versions v ON v.name = d.name";

impl DocumentStore for SqliteStore {
    fn create_document(
        &self,
        name: &str,
        content: &str,
        format: &str,
        document_type: &str,
        now: f64,
    ) -> Result<DocumentVersionRow, StoreError> {
        self.write(|conn| {
            if document_type_of(conn, &self.path, name)?.is_some() {
                return Err(StoreError::Conflict(format!(
                    "document `{name}` already exists"
                )));
            }
            conn.execute(
                "INSERT INTO documents (name, document_type, default_version) VALUES (?1, ?2, 1)",
                params![name, document_type],
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
            let row = DocumentVersionRow::new(name, 1, content, format, document_type, now);
            insert_version(conn, &self.path, &row)?;
            Ok(row)
        })
    }

    fn update_document(
        &self,
        name: &str,
        content: &str,
        format: &str,
        now: f64,
    ) -> Result<DocumentVersionRow, StoreError> {
        self.write(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let Some(document_type) = document_type_of(conn, &self.path, name)? else {
                return Err(StoreError::missing_document(name));
            };
            let (latest, latest_hash): (u32, String) = conn
                .query_row(
                    "SELECT version, hash FROM document_versions WHERE name = ?1 \
                     ORDER BY version DESC LIMIT 1",
                    [name],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map_err(sqlite)?
                .ok_or_else(|| StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!("document `{name}` has no versions"),
                })?;
            let row = DocumentVersionRow::new(name, 0, content, format, &document_type, now);
            if row.hash == latest_hash {
                return Err(StoreError::Conflict(format!(
                    "the content is identical to version {latest} of document `{name}`"
                )));
            }
            let version = latest.checked_add(1).ok_or_else(|| {
                StoreError::Conflict(format!("document `{name}` has too many versions"))
            })?;
            let row = DocumentVersionRow { version, ..row };
            insert_version(conn, &self.path, &row)?;
            Ok(row)
        })
    }

    fn set_default_version(&self, name: &str, version: u32) -> Result<(), StoreError> {
        self.write(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            if document_type_of(conn, &self.path, name)?.is_none() {
                return Err(StoreError::missing_document(name));
            }
            let exists = conn
                .query_row(
                    "SELECT 1 FROM document_versions WHERE name = ?1 AND version = ?2",
                    params![name, version],
                    |_| Ok(()),
                )
                .optional()
                .map_err(sqlite)?
                .is_some();
            if !exists {
                return Err(StoreError::NotFound(format!(
                    "document `{name}` has no version {version}"
                )));
            }
            conn.execute(
                "UPDATE documents SET default_version = ?2 WHERE name = ?1",
                params![name, version],
            )
            .map_err(sqlite)?;
            Ok(())
        })
    }

    fn get_document(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Option<DocumentView>, StoreError> {
        let Some(selector) = VersionSelector::parse(version) else {
            return Ok(None);
        };
        let which = match selector {
            VersionSelector::Default => "d.default_version",
            VersionSelector::Latest => {
                "(SELECT max(version) FROM document_versions WHERE name = d.name)"
            }
            VersionSelector::Number(_) => "?2",
        };
        let sql = format!("{SELECT} WHERE d.name = ?1 AND v.version = {which}");
        self.read(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let mut stmt = conn.prepare_cached(&sql).map_err(sqlite)?;
            // Only the numbered form has a second placeholder.
            let mut rows = match selector {
                VersionSelector::Number(n) => stmt.query(params![name, n]),
                _ => stmt.query([name]),
            }
            .map_err(sqlite)?;
            match rows.next().map_err(sqlite)? {
                Some(row) => decode_view(&self.path, row).map(Some),
                None => Ok(None),
            }
        })
    }

    fn list_documents(&self) -> Result<Vec<DocumentView>, StoreError> {
        let sql = format!("{SELECT} WHERE v.version = d.default_version ORDER BY d.name");
        self.read(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let mut stmt = conn.prepare_cached(&sql).map_err(sqlite)?;
            let mut rows = stmt.query([]).map_err(sqlite)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(sqlite)? {
                out.push(decode_view(&self.path, row)?);
            }
            Ok(out)
        })
    }

    fn list_versions(&self, name: &str) -> Result<Vec<DocumentVersionRow>, StoreError> {
        let sql = format!("{SELECT} WHERE d.name = ?1 ORDER BY v.version");
        self.read(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let mut stmt = conn.prepare_cached(&sql).map_err(sqlite)?;
            let mut rows = stmt.query([name]).map_err(sqlite)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(sqlite)? {
                out.push(decode_version(row).map_err(sqlite)?);
            }
            Ok(out)
        })
    }

    fn delete_document(&self, name: &str) -> Result<bool, StoreError> {
        self.write(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            // Explicit rather than relying on ON DELETE CASCADE alone, which depends on a
            // per-connection pragma.
            conn.execute("DELETE FROM document_versions WHERE name = ?1", [name])
                .map_err(sqlite)?;
            let removed = conn
                .execute("DELETE FROM documents WHERE name = ?1", [name])
                .map_err(sqlite)?;
            Ok(removed > 0)
        })
    }
}

fn document_type_of(
    conn: &Connection,
    path: &Path,
    name: &str,
) -> Result<Option<String>, StoreError> {
    conn.query_row(
        "SELECT document_type FROM documents WHERE name = ?1",
        [name],
        |r| r.get(0),
    )
    .optional()
    .map_err(|e| StoreError::sqlite(path, e))
}

fn insert_version(
    conn: &Connection,
    path: &Path,
    row: &DocumentVersionRow,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO document_versions (name, version, content, format, created_date, hash, \
         status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            row.name,
            row.version,
            row.content,
            row.format,
            row.created_date,
            row.hash,
            row.status
        ],
    )
    .map_err(|e| StoreError::sqlite(path, e))?;
    Ok(())
}

fn decode_version(row: &Row<'_>) -> rusqlite::Result<DocumentVersionRow> {
    Ok(DocumentVersionRow {
        name: row.get(0)?,
        version: row.get(1)?,
        content: row.get(2)?,
        format: row.get(3)?,
        document_type: row.get(4)?,
        created_date: row.get(5)?,
        hash: row.get(6)?,
        status: row.get(7)?,
    })
}

fn decode_view(path: &Path, row: &Row<'_>) -> Result<DocumentView, StoreError> {
    let decoded = decode_version(row).and_then(|version| Ok((version, row.get(8)?, row.get(9)?)));
    decoded.map_err(|e| StoreError::sqlite(path, e))
}
