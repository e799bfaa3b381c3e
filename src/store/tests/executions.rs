use serde_json::json;

use super::{execution, temp_store};
use crate::store::{ExecutionStore, SqliteStore, StoreError};

#[test]
fn insert_then_get_round_trips_every_field() {
    let (_dir, _path, store) = temp_store();
    let mut row = execution("a", 1_700_000_000.25);
    row.end_time = Some(1_700_000_100.5);
    row.parent_id = Some("parent".to_string());
    row.current_step = Some("stop".to_string());
    row.state = json!({"nested": {"list": [1, "two", null]}, "count": 3});
    store.insert(&row).unwrap();
    assert_eq!(store.get("a").unwrap(), Some(row));
    assert_eq!(store.get("missing").unwrap(), None);
}

#[test]
fn insert_of_a_taken_id_is_a_conflict() {
    let (_dir, _path, store) = temp_store();
    store.insert(&execution("a", 1.0)).unwrap();
    let err = store.insert(&execution("a", 2.0)).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(store.get("a").unwrap().unwrap().start_time, 1.0);
}

#[test]
fn update_applies_the_closure_and_keeps_the_id() {
    let (_dir, _path, store) = temp_store();
    store.insert(&execution("a", 1.0)).unwrap();
    let outcome = store
        .update("a", &mut |row| {
            row.id = "renamed".to_string();
            row.status = "Success".to_string();
            row.end_time = Some(9.0);
            row.state["count"] = json!(1);
            Ok(())
        })
        .unwrap();
    assert_eq!(outcome, Ok(()));
    let row = store.get("a").unwrap().unwrap();
    assert_eq!(row.status, "Success");
    assert_eq!(row.end_time, Some(9.0));
    assert_eq!(row.state["count"], 1);
    assert_eq!(store.get("renamed").unwrap(), None);
}

#[test]
fn update_closure_error_writes_nothing() {
    let (_dir, _path, store) = temp_store();
    let before = execution("a", 1.0);
    store.insert(&before).unwrap();
    let outcome = store
        .update("a", &mut |row| {
            row.status = "Failed".to_string();
            row.state["count"] = json!(99);
            Err("step `x` is not valid now".to_string())
        })
        .unwrap();
    assert_eq!(outcome, Err("step `x` is not valid now".to_string()));
    assert_eq!(store.get("a").unwrap(), Some(before));
}

#[test]
fn update_of_a_missing_execution_is_not_found() {
    let (_dir, _path, store) = temp_store();
    let mut called = false;
    let err = store
        .update("nope", &mut |_| {
            called = true;
            Ok(())
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::NotFound(ref m) if m.contains("`nope`")),
        "{err:?}"
    );
    assert!(!called);
}

#[test]
fn list_is_newest_first_then_by_id() {
    let (_dir, _path, store) = temp_store();
    for (id, t) in [("b", 5.0), ("a", 5.0), ("old", 1.0), ("new", 9.0)] {
        store.insert(&execution(id, t)).unwrap();
    }
    let ids: Vec<String> = store.list().unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(ids, ["new", "a", "b", "old"]);
}

#[test]
fn corrupt_state_names_the_execution_and_spares_other_rows() {
    let (_dir, path, store) = temp_store();
    store.insert(&execution("good", 1.0)).unwrap();
    store.insert(&execution("bad", 2.0)).unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE executions SET state = '{\"count\": ' WHERE id = 'bad'",
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
    assert!(matches!(store.list(), Err(StoreError::Corrupt { .. })));
    // The damaged row is not silently overwritten either.
    assert!(matches!(
        store.update("bad", &mut |_| Ok(())),
        Err(StoreError::Corrupt { .. })
    ));
    let reopened = SqliteStore::open(&path).unwrap();
    assert!(reopened.get("good").unwrap().is_some());
}

#[test]
fn wrong_column_type_is_corrupt_not_a_panic() {
    let (_dir, path, store) = temp_store();
    store.insert(&execution("a", 1.0)).unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE executions SET start_time = x'00ff' WHERE id = 'a'",
        [],
    )
    .unwrap();
    drop(raw);
    let err = store.get("a").unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt { ref detail, .. } if detail.contains("`a`")),
        "{err:?}"
    );
}

#[test]
fn a_panicking_closure_writes_nothing_and_the_store_stays_usable() {
    let (_dir, _path, store) = temp_store();
    store.insert(&execution("a", 1.0)).unwrap();
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        store.update("a", &mut |row| {
            row.state["count"] = json!(5);
            panic!("engine bug");
        })
    }));
    assert!(caught.is_err());
    assert_eq!(store.get("a").unwrap().unwrap().state["count"], 0);
    store
        .update("a", &mut |row| {
            row.state["count"] = json!(1);
            Ok(())
        })
        .unwrap()
        .unwrap();
    assert_eq!(store.get("a").unwrap().unwrap().state["count"], 1);
}
