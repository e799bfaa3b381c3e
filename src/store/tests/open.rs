use rusqlite::Connection;

use super::{execution, parts, temp_store};
use crate::store::{APPLICATION_ID, ExecutionStore, SqliteStore, StoreError, supported_version};

fn pragma(path: &std::path::Path, name: &str) -> rusqlite::Result<i64> {
    Connection::open(path)?.pragma_query_value(None, name, |r| r.get(0))
}

#[test]
fn a_new_store_is_marked_migrated_and_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("deeper").join("ssmrun.db");
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.path(), path);
    assert_eq!(pragma(&path, "application_id").unwrap(), APPLICATION_ID);
    assert_eq!(pragma(&path, "user_version").unwrap(), supported_version());
    let mode: String = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn reopening_is_idempotent_and_keeps_data() {
    let (_dir, path, store) = temp_store();
    store
        .insert(&execution("a", 1.0), &parts(), &[], None)
        .unwrap();
    drop(store);
    let count_tables = || -> i64 {
        Connection::open(&path)
            .unwrap()
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .unwrap()
    };
    let tables = count_tables();
    for _ in 0..3 {
        let store = SqliteStore::open(&path).unwrap();
        assert!(store.get("a").unwrap().is_some());
    }
    assert_eq!(count_tables(), tables);
    assert_eq!(pragma(&path, "user_version").unwrap(), supported_version());
}

#[test]
fn a_store_at_an_older_version_is_migrated_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // Version 0 with our id: what a crash between marking and migrating would leave.
    let raw = Connection::open(&path).unwrap();
    raw.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    drop(raw);
    let store = SqliteStore::open(&path).unwrap();
    store
        .insert(&execution("a", 1.0), &parts(), &[], None)
        .unwrap();
    assert_eq!(pragma(&path, "user_version").unwrap(), supported_version());
}

#[test]
fn a_text_file_is_corrupt_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ssmrun.db");
    let garbage = "this is not a database\n".repeat(100);
    std::fs::write(&path, &garbage).unwrap();
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), garbage);
}

#[test]
fn a_damaged_header_is_corrupt() {
    let (_dir, path, store) = temp_store();
    store
        .insert(&execution("a", 1.0), &parts(), &[], None)
        .unwrap();
    drop(store);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..16].copy_from_slice(b"not sqlite at al");
    std::fs::write(&path, bytes).unwrap();
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[test]
fn another_programs_database_is_foreign_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    let raw = Connection::open(&path).unwrap();
    raw.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi');")
        .unwrap();
    drop(raw);
    let before = std::fs::read(&path).unwrap();
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    assert!(err.to_string().contains("other.db"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // A different application id is foreign even with no tables.
    let path = dir.path().join("other-id.db");
    let raw = Connection::open(&path).unwrap();
    raw.pragma_update(None, "application_id", 42).unwrap();
    drop(raw);
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
}

#[test]
fn a_newer_schema_is_refused() {
    let (_dir, path, store) = temp_store();
    drop(store);
    let raw = Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", 99).unwrap();
    drop(raw);
    let err = SqliteStore::open(&path).unwrap_err();
    match &err {
        StoreError::NewerSchema {
            found, supported, ..
        } => assert_eq!((*found, *supported), (99, supported_version())),
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert!(err.to_string().contains("99"), "{err}");
    assert_eq!(pragma(&path, "user_version").unwrap(), 99);
}

#[test]
fn a_negative_schema_version_is_corrupt() {
    let (_dir, path, store) = temp_store();
    drop(store);
    let raw = Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", -3).unwrap();
    drop(raw);
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
}

#[test]
fn a_directory_in_the_way_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let err = SqliteStore::open(dir.path()).unwrap_err();
    assert!(
        err.to_string().contains(&dir.path().display().to_string()),
        "{err}"
    );
}
