//! Stores written by older schema versions open under the current one with nothing lost:
//! version 1 (the whole state, records included, in one column) and version 2 (each
//! execution's world and setup as text of its own).

use rusqlite::Connection;

use crate::exec::{Mode, Status};
use crate::store::sqlite::MIGRATIONS;
use crate::store::{APPLICATION_ID, ExecutionStore, SqliteStore};

const V1_STATE: &str = r#"{
  "execution": {"id": "e1", "status": "Waiting", "cursor": {"Blocked": {"record": 1}},
                "steps": [{"step_name": "a", "action": "aws:sleep", "status": "Success",
                           "is_critical": true},
                          {"step_name": "b", "action": "aws:pause", "status": "Waiting",
                           "is_critical": false}]},
  "world": {"clock": 5},
  "mocks": null,
  "document": {"name": "Doc", "version": "1", "text": "t", "label": "l"},
  "allow_scripts": true,
  "claim": {"pid": 4242, "token": "tok", "operation": "Resume b", "step": "b"}
}"#;

#[test]
fn version_1_rows_are_split_into_rows_records_and_parts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let raw = Connection::open(&path).unwrap();
    raw.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    raw.execute_batch(MIGRATIONS[0]).unwrap();
    raw.pragma_update(None, "user_version", 1).unwrap();
    for (id, state) in [("e1", V1_STATE), ("broken", "{not json")] {
        raw.execute(
            "INSERT INTO executions VALUES (?1, 'Doc', '1', 'Waiting', 'Interactive', 5.0, \
             NULL, NULL, 'b', ?2)",
            [id, state],
        )
        .unwrap();
    }
    drop(raw);

    let store = SqliteStore::open(&path).unwrap();
    let row = store.get("e1").unwrap().unwrap();
    assert_eq!((row.status, row.mode), (Status::Waiting, Mode::Interactive));
    assert_eq!(row.current_action.as_deref(), Some("aws:pause"));
    let state: serde_json::Value = serde_json::from_str(&row.state).unwrap();
    assert_eq!(state["steps"], serde_json::json!([]));
    assert_eq!(state["cursor"]["Blocked"]["record"], 1);
    let steps = store.steps("e1").unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!((steps[1].seq, steps[1].status), (1, Status::Waiting));
    assert!(steps[0].critical && !steps[1].critical);
    let parts = store.parts("e1").unwrap();
    let world: serde_json::Value = serde_json::from_str(&parts.world).unwrap();
    assert_eq!(world["world"]["clock"], 5);
    let setup: serde_json::Value = serde_json::from_str(&parts.setup).unwrap();
    assert_eq!(setup["document"]["name"], "Doc");
    assert_eq!(setup["allow_scripts"], true);
    assert_eq!(setup["mocks"], serde_json::Value::Null);
    // The old claim is kept (its start time unknown), so a live holder is still waited for.
    let live = |_: &crate::store::Claim| true;
    let held = store.claim("e1", &claim(), &live).unwrap();
    assert!(
        matches!(held, crate::store::ClaimOutcome::Held(c) if c.pid == 4242 && c.started.is_none())
    );
    // A state that was not JSON stays as it was, for the reader to report.
    assert_eq!(store.get("broken").unwrap().unwrap().state, "{not json");
}

fn claim() -> crate::store::Claim {
    crate::store::Claim {
        pid: 1,
        started: None,
        token: "new".into(),
        operation: "op".into(),
        step: None,
    }
}

/// A store at schema version 2 (worlds and setups as text in `execution_parts`): `e1` and
/// `e2` share a world and a setup, `e3` has a world of its own, and `ghost` is a parts row
/// whose execution was deleted with foreign keys off.
fn version_2_store(path: &std::path::Path) -> Connection {
    let raw = Connection::open(path).unwrap();
    raw.pragma_update(None, "application_id", APPLICATION_ID)
        .unwrap();
    raw.execute_batch(MIGRATIONS[0]).unwrap();
    raw.execute_batch(MIGRATIONS[1]).unwrap();
    raw.pragma_update(None, "user_version", 2).unwrap();
    for (id, world) in [
        ("e1", r#"{"world":{"clock":0}}"#),
        ("e2", r#"{"world":{"clock":0}}"#),
        ("e3", r#"{"world":{"clock":9}}"#),
    ] {
        raw.execute(
            "INSERT INTO executions (id, document_name, document_version, status, mode, \
             start_time, state) VALUES (?1, 'Doc', '1', 'Waiting', 'Interactive', 5.0, '{}')",
            [id],
        )
        .unwrap();
        raw.execute(
            "INSERT INTO execution_parts VALUES (?1, ?2, '{\"document\":{}}')",
            [id, world],
        )
        .unwrap();
    }
    raw.pragma_update(None, "foreign_keys", false).unwrap();
    raw.execute(
        "INSERT INTO execution_parts VALUES ('ghost', 'gone', 'gone too')",
        [],
    )
    .unwrap();
    raw
}

#[test]
fn version_2_worlds_and_setups_move_into_contents_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    drop(version_2_store(&path));

    let store = SqliteStore::open(&path).unwrap();
    for (id, clock) in [("e1", 0), ("e2", 0), ("e3", 9)] {
        let parts = store.parts(id).unwrap();
        assert_eq!(parts.world, format!(r#"{{"world":{{"clock":{clock}}}}}"#));
        assert_eq!(parts.setup, r#"{"document":{}}"#);
    }
    // Two worlds and one setup; the ghost's texts were dropped with it.
    let counts = store.counts().unwrap();
    assert_eq!((counts.executions, counts.contents), (3, 3));
    let raw = Connection::open(&path).unwrap();
    let (parts, tables): (i64, i64) = raw
        .query_row(
            "SELECT (SELECT count(*) FROM execution_parts), \
             (SELECT count(*) FROM sqlite_schema WHERE name = 'execution_parts_v2')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((parts, tables), (3, 0));
    let key: Vec<u8> = raw
        .query_row(
            "SELECT world FROM execution_parts WHERE execution_id = 'e3'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        key,
        crate::store::sha256::sha256(br#"{"world":{"clock":9}}"#)
    );
}

#[test]
fn a_failed_migration_leaves_the_version_2_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    // A table in the way makes migration 3 fail after it has renamed `execution_parts`.
    version_2_store(&path)
        .execute_batch("CREATE TABLE contents (x)")
        .unwrap();

    let opened = SqliteStore::open(&path);
    assert!(
        matches!(opened, Err(crate::store::StoreError::Sqlite { .. })),
        "{opened:?}"
    );
    let raw = Connection::open(&path).unwrap();
    let version: i64 = raw
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
    let world: String = raw
        .query_row(
            "SELECT world FROM execution_parts WHERE execution_id = 'e3'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(world, r#"{"world":{"clock":9}}"#);
    let renamed: i64 = raw
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'execution_parts_v2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(renamed, 0);
}
