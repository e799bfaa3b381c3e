//! What only the SQLite store can get wrong: damaged rows, and the write-ahead log.

use super::{execution, parts, step, temp_store};
use crate::exec::Status;
use crate::store::{ExecutionQuery, ExecutionStore, SqliteStore, StoreError};

#[test]
fn a_damaged_row_names_the_execution_and_spares_the_others() {
    let (_dir, path, store) = temp_store();
    store
        .insert(&execution("good", 1.0), &parts(), &[], None)
        .unwrap();
    store
        .insert(&execution("bad", 2.0), &parts(), &[], None)
        .unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE executions SET status = 'Bogus' WHERE id = 'bad'",
        [],
    )
    .unwrap();
    drop(raw);

    let err = store.get("bad").unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(message.contains("`bad`"), "{message}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(store.get("good").unwrap().is_some());
    let all = store.list(&ExecutionQuery::default());
    assert!(matches!(all, Err(StoreError::Corrupt { .. })), "{all:?}");
}

#[test]
fn wrong_column_type_is_corrupt_not_a_panic() {
    let (_dir, path, store) = temp_store();
    store
        .insert(
            &execution("a", 1.0),
            &parts(),
            &[step(0, Status::Waiting)],
            None,
        )
        .unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE executions SET start_time = x'00ff' WHERE id = 'a'",
        [],
    )
    .unwrap();
    raw.execute("UPDATE step_records SET status = 'Nope'", [])
        .unwrap();
    drop(raw);
    let err = store.get("a").unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt { ref detail, .. } if detail.contains("`a`")),
        "{err:?}"
    );
    let err = store.steps("a").unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt { ref detail, .. } if detail.contains("`Nope`")),
        "{err:?}"
    );
}

#[test]
fn after_a_write_the_database_file_alone_holds_the_data() {
    let (dir, path, store) = temp_store();
    store
        .insert(&execution("a", 1.0), &parts(), &[], None)
        .unwrap();
    drop(store);
    let wal = path.with_extension("db-wal");
    let wal_len = std::fs::metadata(&wal).map_or(0, |m| m.len());
    assert_eq!(wal_len, 0, "the write-ahead log was not emptied");
    // A copy of the database file without its companions is a whole store.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let copied = SqliteStore::open(&copy).unwrap();
    assert!(copied.get("a").unwrap().is_some());
}
