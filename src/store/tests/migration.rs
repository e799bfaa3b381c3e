//! A store written by schema version 1 (the whole state, records included, in one column)
//! opens under the current version with nothing lost.

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
