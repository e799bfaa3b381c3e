//! The SQLite implementation of [`ExecutionStore`](crate::store::ExecutionStore) and
//! [`DocumentStore`](crate::store::DocumentStore).
//!
//! Every CLI call is a new process, and several may touch the same file at once (a running
//! execution polling while `send-automation-signal` writes). Hence: WAL so readers never block
//! the writer, a busy timeout so waiting replaces failing, and `BEGIN IMMEDIATE` for every
//! write so a read-modify-write takes the write lock *before* reading and can neither lose an
//! update nor hit SQLite's "cannot upgrade a stale read" deadlock.

mod contents;
mod documents;
mod executions;
mod query;
mod schema;

use std::convert::Infallible;
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use super::StoreError;
#[cfg(test)]
pub(crate) use schema::MIGRATIONS;
use schema::Shape;
pub use schema::{APPLICATION_ID, supported_version};

/// How long SQLite itself waits for a lock before reporting `SQLITE_BUSY`.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long we keep retrying after that, for the few busy cases SQLite does not wait on
/// (WAL recovery, switching the journal mode while another process opens the file).
const BUSY_DEADLINE: Duration = Duration::from_secs(30);
const DB_FILE: &str = "ssmrun.db";

/// A store in one SQLite file. Each value owns one connection; open one per thread or process.
pub struct SqliteStore {
    path: PathBuf,
    // A mutex rather than a RefCell so the store is `Sync` and the engine may share it.
    conn: Mutex<Connection>,
    /// Set by the first committed write; the store then checkpoints when it is dropped.
    wrote: AtomicBool,
}

impl fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path`, creating its directory, and migrates
    /// the schema to the current version.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        check_header(path)?;
        // No URI flag: a path is always a file name, never `file:` syntax.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let sqlite = |e| StoreError::sqlite(path, e);
        let mut conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
        // SQLite's default busy handler sleeps in growing steps (up to 100 ms), which under
        // contention from many short CLI processes turns into long idle waits; a 1 ms poll
        // keeps the lock busy instead.
        conn.busy_handler(Some(poll_busy)).map_err(sqlite)?;
        // Inspect before any write so that foreign, newer or damaged files stay untouched.
        let shape = retry_busy(|| schema::inspect(&conn, path))?;
        retry_busy(|| enable_wal(&conn, path))?;
        // NORMAL in WAL mode syncs at checkpoints only: a power cut may drop the last commits
        // but never corrupts the file; a killed process loses nothing committed.
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(sqlite)?;
        // SQLite's checkpoint on close also deletes the WAL file, which the next process
        // must create and sync again; the store checkpoints itself instead, when it is dropped
        // after a write (see `Drop`), and keeps the emptied file.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .map_err(sqlite)?;
        let store = SqliteStore {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            wrote: AtomicBool::new(false),
        };
        if shape != Shape::Ours(supported_version()) {
            // Re-inspect under the write lock: another process may have migrated meanwhile.
            store.write(|conn| match schema::inspect(conn, path)? {
                Shape::Ours(v) if v == supported_version() => Ok(()),
                shape => schema::migrate(conn, path, shape),
            })?;
        }
        Ok(store)
    }

    /// `$SSMRUN_HOME/ssmrun.db`, else `$XDG_DATA_HOME/ssmrun/ssmrun.db`, else
    /// `$HOME/.local/share/ssmrun/ssmrun.db`, else `.ssmrun/ssmrun.db` in the current
    /// directory. [`open`](Self::open) creates the directory.
    pub fn default_path() -> PathBuf {
        default_path_from(|name| std::env::var_os(name))
    }

    /// The database file this store uses.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction and commits only if it returns
    /// `Ok(Ok(_))`; on `Ok(Err(_))` or `Err(_)` the transaction rolls back.
    fn transact<T, E>(
        &self,
        body: impl FnOnce(&Connection) -> Result<Result<T, E>, StoreError>,
    ) -> Result<Result<T, E>, StoreError> {
        let conn = self.lock()?;
        let tx = retry_busy(|| {
            Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)
                .map_err(|e| StoreError::sqlite(&self.path, e))
        })?;
        // An early return drops `tx`, which rolls back.
        let outcome = body(&tx)?;
        if outcome.is_ok() {
            tx.commit().map_err(|e| StoreError::sqlite(&self.path, e))?;
            self.wrote.store(true, Ordering::Relaxed);
        }
        Ok(outcome)
    }

    /// [`transact`](Self::transact) for bodies whose only failure is a `StoreError`.
    fn write<T>(
        &self,
        body: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let outcome = self.transact(|conn| body(conn).map(Ok::<T, Infallible>))?;
        Ok(outcome.unwrap_or_else(|never| match never {}))
    }

    /// Runs a read outside any explicit transaction: each statement sees one consistent
    /// snapshot, and in WAL mode it never waits for a writer.
    fn read<T>(
        &self,
        mut body: impl FnMut(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.lock()?;
        retry_busy(|| body(&conn))
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, StoreError> {
        // A panic in another thread's update closure poisons the mutex, but the dropped
        // transaction has rolled back, so the connection itself is fine to reuse.
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        if !conn.is_autocommit() {
            // Belt and braces: never run a new body inside a transaction left open.
            conn.execute_batch("ROLLBACK")
                .map_err(|e| StoreError::sqlite(&self.path, e))?;
        }
        Ok(conn)
    }
}

impl Drop for SqliteStore {
    /// After a process wrote, copy the write-ahead log into the database file and empty it,
    /// so that the file alone holds every committed change once a command ends (a copy of
    /// `ssmrun.db` is a whole store) and the log never grows without bound. The checkpoint
    /// does not wait: if another process is reading or writing, it leaves the log to that
    /// process, whose own end checkpoints it.
    fn drop(&mut self) {
        if !self.wrote.load(Ordering::Relaxed) {
            return;
        }
        let conn = self.conn.get_mut().unwrap_or_else(PoisonError::into_inner);
        if conn.busy_handler(None::<fn(i32) -> bool>).is_ok() {
            // A failure here loses nothing: the log still holds every commit.
            let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        }
    }
}

fn enable_wal(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::sqlite(path, e);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .map_err(sqlite)?;
    if !mode.eq_ignore_ascii_case("wal") {
        // The journal mode is stored in the file, so only the first open pays for this.
        // Where WAL is unavailable SQLite keeps the old mode; correctness does not depend
        // on WAL (writes still serialise through BEGIN IMMEDIATE), only reader concurrency.
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
            .map_err(sqlite)?;
    }
    Ok(())
}

/// A non-empty file must start with SQLite's magic string. SQLite itself may accept a
/// damaged header while the write-ahead log still holds the data, so check it first.
fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let mut head = Vec::with_capacity(16);
    let read = file.by_ref().take(16).read_to_end(&mut head);
    match read {
        Ok(0) => Ok(()),
        Ok(_) if head.as_slice() == MAGIC => Ok(()),
        Ok(_) => Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: "the file is not an SQLite database (its header is wrong)".into(),
        }),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Busy handler: retry every millisecond for up to [`BUSY_TIMEOUT`].
fn poll_busy(attempt: i32) -> bool {
    thread::sleep(Duration::from_millis(1));
    u128::from(attempt.unsigned_abs()) < BUSY_TIMEOUT.as_millis()
}

/// Repeats `op` while it fails with `SQLITE_BUSY`/`SQLITE_LOCKED`, backing off up to
/// [`BUSY_DEADLINE`], so lock contention shows up as latency rather than as an error.
fn retry_busy<T>(mut op: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match op() {
            Err(e) if is_busy(&e) && start.elapsed() < BUSY_DEADLINE => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(10));
            }
            outcome => return outcome,
        }
    }
}

fn is_busy(error: &StoreError) -> bool {
    match error {
        StoreError::Sqlite { source, .. } => matches!(
            source.sqlite_error_code(),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
        ),
        _ => false,
    }
}

fn default_path_from(var: impl Fn(&str) -> Option<OsString>) -> PathBuf {
    if let Some(home) = var("SSMRUN_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(home).join(DB_FILE);
    }
    // The XDG base directory spec says to ignore empty or relative values.
    let absolute = |name| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
    if let Some(data) = absolute("XDG_DATA_HOME") {
        return data.join("ssmrun").join(DB_FILE);
    }
    if let Some(home) = absolute("HOME") {
        return home
            .join(".local")
            .join("share")
            .join("ssmrun")
            .join(DB_FILE);
    }
    PathBuf::from(".ssmrun").join(DB_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn default_path_prefers_ssmrun_home() {
        let vars = [
            ("SSMRUN_HOME", "/opt/s"),
            ("XDG_DATA_HOME", "/x"),
            ("HOME", "/h"),
        ];
        assert_eq!(
            default_path_from(env(&vars)),
            PathBuf::from("/opt/s/ssmrun.db")
        );
    }

    #[test]
    fn default_path_then_xdg_then_home() {
        let vars = [("XDG_DATA_HOME", "/x"), ("HOME", "/h")];
        assert_eq!(
            default_path_from(env(&vars)),
            PathBuf::from("/x/ssmrun/ssmrun.db")
        );
        let vars = [("XDG_DATA_HOME", "relative"), ("HOME", "/h")];
        assert_eq!(
            default_path_from(env(&vars)),
            PathBuf::from("/h/.local/share/ssmrun/ssmrun.db")
        );
        assert_eq!(
            default_path_from(env(&[])),
            PathBuf::from(".ssmrun/ssmrun.db")
        );
    }
}
