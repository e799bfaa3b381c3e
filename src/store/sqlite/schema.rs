//! Schema versioning: recognising our file, refusing others, and migrating forward.
//!
//! `PRAGMA application_id` marks a file as ours so that pointing ssmrun at some other
//! program's database fails instead of adding tables to it. `PRAGMA user_version` counts the
//! migrations applied; both live in the file header, so reading them costs no table scan.

use std::path::Path;

use rusqlite::Connection;

use crate::store::StoreError;

/// `ssmr` in ASCII: the value SQLite stores at header offset 68 of every ssmrun database.
pub const APPLICATION_ID: i64 = 0x7373_6d72;

/// Migration `i` takes the schema from version `i` to `i + 1`. Append only: a released
/// migration is never edited, because stores in the field have already run it.
pub const MIGRATIONS: &[&str] = &[
    // 1: executions and the document registry.
    "CREATE TABLE executions (
        id               TEXT PRIMARY KEY NOT NULL,
        document_name    TEXT NOT NULL,
        document_version TEXT NOT NULL,
        status           TEXT NOT NULL,
        mode             TEXT NOT NULL,
        start_time       REAL NOT NULL,
        end_time         REAL,
        parent_id        TEXT,
        current_step     TEXT,
        state            TEXT NOT NULL
    );
    CREATE INDEX executions_by_start ON executions (start_time DESC, id);
    CREATE INDEX executions_by_status ON executions (status);
    CREATE INDEX executions_by_document ON executions (document_name);
    CREATE INDEX executions_by_parent ON executions (parent_id) WHERE parent_id IS NOT NULL;

    CREATE TABLE documents (
        name            TEXT PRIMARY KEY NOT NULL,
        document_type   TEXT NOT NULL,
        default_version INTEGER NOT NULL
    );
    CREATE TABLE document_versions (
        name         TEXT NOT NULL REFERENCES documents (name) ON DELETE CASCADE,
        version      INTEGER NOT NULL,
        content      TEXT NOT NULL,
        format       TEXT NOT NULL,
        created_date REAL NOT NULL,
        hash         TEXT NOT NULL,
        status       TEXT NOT NULL,
        PRIMARY KEY (name, version)
    );",
    // 2: step records in their own table, appended; the claim in columns with the claimant's
    // start time; the world and the fixed setup in a table of their own, so that listing
    // never reads them; `current_action`; and
    // `stored_at`, the wall-clock time of the insert (start times are simulated), for pruning.
    // Rows written by version 1 are converted with SQLite's JSON functions. A state that is
    // not valid JSON is kept as it was, so that reading it still names the damaged execution.
    "ALTER TABLE executions RENAME TO executions_v1;
    DROP INDEX executions_by_start;
    DROP INDEX executions_by_status;
    DROP INDEX executions_by_document;
    DROP INDEX executions_by_parent;
    CREATE TABLE executions (
        id               TEXT PRIMARY KEY NOT NULL,
        document_name    TEXT NOT NULL,
        document_version TEXT NOT NULL,
        status           TEXT NOT NULL,
        mode             TEXT NOT NULL,
        start_time       REAL NOT NULL,
        end_time         REAL,
        parent_id        TEXT,
        current_step     TEXT,
        current_action   TEXT,
        state            TEXT NOT NULL,
        claim_pid        INTEGER,
        claim_started    INTEGER,
        claim_token      TEXT,
        claim_operation  TEXT,
        claim_step       TEXT,
        stored_at        REAL NOT NULL DEFAULT (unixepoch('subsec'))
    );
    CREATE TABLE execution_parts (
        execution_id TEXT PRIMARY KEY NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
        world        TEXT NOT NULL,
        setup        TEXT NOT NULL
    );
    CREATE TABLE step_records (
        execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        status       TEXT NOT NULL,
        critical     INTEGER NOT NULL,
        record       TEXT NOT NULL,
        PRIMARY KEY (execution_id, seq)
    );
    INSERT INTO executions (id, document_name, document_version, status, mode, start_time,
        end_time, parent_id, current_step, current_action, state, claim_pid, claim_started,
        claim_token, claim_operation, claim_step, stored_at)
    SELECT id, document_name, document_version, status, mode, start_time, end_time, parent_id,
        current_step,
        (SELECT json_extract(s.value, '$.action')
           FROM json_each(v.state, '$.execution.steps') s
          WHERE json_extract(s.value, '$.step_name') = v.current_step
          ORDER BY s.key DESC LIMIT 1),
        json_set(v.state -> '$.execution', '$.steps', json('[]')),
        json_extract(v.state, '$.claim.pid'), NULL, json_extract(v.state, '$.claim.token'),
        json_extract(v.state, '$.claim.operation'), json_extract(v.state, '$.claim.step'),
        v.start_time
    FROM executions_v1 v WHERE json_valid(v.state);
    INSERT INTO execution_parts
    SELECT id, json_object('world', json(coalesce(state -> '$.world', '{}'))),
        json_object('document', json(state -> '$.document'),
                    'mocks', json(coalesce(state -> '$.mocks', 'null')),
                    'allow_scripts', json(coalesce(state -> '$.allow_scripts', 'false')))
    FROM executions_v1 WHERE json_valid(state);
    INSERT INTO executions (id, document_name, document_version, status, mode, start_time,
        end_time, parent_id, current_step, state, stored_at)
    SELECT id, document_name, document_version, status, mode, start_time, end_time,
        parent_id, current_step, state, start_time
    FROM executions_v1 WHERE NOT json_valid(state);
    INSERT INTO execution_parts
    SELECT id, '{}', '{}' FROM executions_v1 WHERE NOT json_valid(state);
    INSERT INTO step_records
    SELECT v.id, s.key, json_extract(s.value, '$.status'),
        coalesce(json_extract(s.value, '$.is_critical'), 0), s.value
    FROM executions_v1 v, json_each(v.state, '$.execution.steps') s
    WHERE json_valid(v.state);
    DROP TABLE executions_v1;
    CREATE INDEX executions_by_start ON executions (start_time DESC, id);
    CREATE INDEX executions_by_status ON executions (status, start_time DESC, id);
    CREATE INDEX executions_by_document ON executions (document_name);
    CREATE INDEX executions_by_parent ON executions (parent_id) WHERE parent_id IS NOT NULL;
    CREATE INDEX executions_by_stored ON executions (stored_at);
    CREATE INDEX step_records_open ON step_records (execution_id, seq)
        WHERE status NOT IN ('Success', 'TimedOut', 'Cancelled', 'Failed');
    CREATE INDEX step_records_critical_failures ON step_records (execution_id, seq)
        WHERE critical AND status IN ('Failed', 'TimedOut');",
    // 3: worlds and setups stored once per content, keyed by their SHA-256 (`sha256`, a
    // function `migrate` registers), and referred to by `execution_parts`. A content row goes
    // in the transaction that removes its last reference (the triggers), so the store holds
    // no garbage, and a reference can never name a missing row (the foreign keys). A parts
    // row whose execution was deleted with foreign keys off is dropped rather than moved.
    "ALTER TABLE execution_parts RENAME TO execution_parts_v2;
    CREATE TABLE contents (
        hash BLOB PRIMARY KEY NOT NULL,
        body TEXT NOT NULL
    );
    INSERT OR IGNORE INTO contents
    SELECT sha256(world), world FROM execution_parts_v2
    WHERE execution_id IN (SELECT id FROM executions);
    INSERT OR IGNORE INTO contents
    SELECT sha256(setup), setup FROM execution_parts_v2
    WHERE execution_id IN (SELECT id FROM executions);
    CREATE TABLE execution_parts (
        execution_id TEXT PRIMARY KEY NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
        world        BLOB NOT NULL REFERENCES contents (hash),
        setup        BLOB NOT NULL REFERENCES contents (hash)
    );
    INSERT INTO execution_parts
    SELECT execution_id, sha256(world), sha256(setup) FROM execution_parts_v2
    WHERE execution_id IN (SELECT id FROM executions);
    DROP TABLE execution_parts_v2;
    CREATE INDEX execution_parts_by_world ON execution_parts (world);
    CREATE INDEX execution_parts_by_setup ON execution_parts (setup);
    CREATE TRIGGER execution_parts_deleted AFTER DELETE ON execution_parts BEGIN
        DELETE FROM contents WHERE hash IN (old.world, old.setup)
            AND NOT EXISTS (SELECT 1 FROM execution_parts WHERE world = contents.hash)
            AND NOT EXISTS (SELECT 1 FROM execution_parts WHERE setup = contents.hash);
    END;
    CREATE TRIGGER execution_parts_changed AFTER UPDATE OF world, setup ON execution_parts
    BEGIN
        DELETE FROM contents WHERE hash IN (old.world, old.setup)
            AND NOT EXISTS (SELECT 1 FROM execution_parts WHERE world = contents.hash)
            AND NOT EXISTS (SELECT 1 FROM execution_parts WHERE setup = contents.hash);
    END;",
];

/// The schema version this build writes and understands.
pub fn supported_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// What an opened file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Empty: no tables, no id, no version. Becomes ours on migration.
    Fresh,
    /// Ours, at this schema version (never above [`supported_version`]).
    Ours(i64),
}

/// Classifies the file without writing to it, so a foreign, newer or damaged file is
/// reported while still untouched.
pub fn inspect(conn: &Connection, path: &Path) -> Result<Shape, StoreError> {
    // One statement reads all three values from one snapshot; separate reads could straddle
    // another process's migration commit and mistake a half-seen store for a foreign one.
    let (app_id, version, objects): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
                    (SELECT user_version FROM pragma_user_version), \
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| StoreError::sqlite(path, e))?;
    if app_id == APPLICATION_ID {
        if version < 0 {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("the schema version {version} is invalid"),
            });
        }
        if version > supported_version() {
            return Err(StoreError::NewerSchema {
                path: path.to_path_buf(),
                found: version,
                supported: supported_version(),
            });
        }
        return Ok(Shape::Ours(version));
    }
    if app_id == 0 && version == 0 && objects == 0 {
        Ok(Shape::Fresh)
    } else {
        Err(StoreError::Foreign {
            path: path.to_path_buf(),
        })
    }
}

/// Brings the schema to [`supported_version`]. Must run inside a write transaction: the
/// caller re-inspects under the lock, so when several processes open a new store at once
/// exactly one migrates and the others see the finished result.
pub fn migrate(conn: &Connection, path: &Path, shape: Shape) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::sqlite(path, e);
    let from = match shape {
        Shape::Fresh => {
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(sqlite)?;
            0
        }
        Shape::Ours(version) => version,
    };
    register_sha256(conn).map_err(sqlite)?;
    // `inspect` rejects negative versions, so the fallback is never taken.
    let start = usize::try_from(from).unwrap_or(0);
    for sql in MIGRATIONS.iter().skip(start) {
        conn.execute_batch(sql).map_err(sqlite)?;
    }
    conn.pragma_update(None, "user_version", supported_version())
        .map_err(sqlite)
}

/// `sha256(text)`: the 32-byte key of a content row, for migrations that move texts into
/// `contents`. It hashes the text's UTF-8 bytes, as
/// [`Content::new`](super::contents::Content::new) does, or a damaged column's raw bytes (a
/// `TEXT` column holds no numbers, and these columns are `NOT NULL`). Every later version
/// must keep registering it: a store may be migrated from any older version.
fn register_sha256(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    use rusqlite::types::ValueRef;
    conn.create_scalar_function(
        "sha256",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let bytes = match ctx.get_raw(0) {
                ValueRef::Text(b) | ValueRef::Blob(b) => b,
                _ => &[],
            };
            Ok(crate::store::sha256::sha256(bytes).to_vec())
        },
    )
}
