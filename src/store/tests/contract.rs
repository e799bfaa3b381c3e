//! What every `ExecutionStore` promises, checked against both stores.

use super::{execution, parts, step, temp_store};
use crate::exec::Status;
use crate::store::{
    Claim, ClaimOutcome, ExecutionFilter, ExecutionParts, ExecutionQuery, ExecutionStore,
    MemoryStore, PruneRule, StoreError,
};

fn both(check: impl Fn(&dyn ExecutionStore)) {
    check(&MemoryStore::new());
    let (_dir, _path, store) = temp_store();
    check(&store);
}

fn claim(token: &str) -> Claim {
    Claim {
        pid: 1,
        started: Some(7),
        token: token.to_string(),
        operation: "StartStep s1".to_string(),
        step: Some("s1".to_string()),
    }
}

fn ids(store: &dyn ExecutionStore, filters: Vec<ExecutionFilter>) -> Vec<String> {
    let query = ExecutionQuery {
        filters,
        ..ExecutionQuery::default()
    };
    store
        .list(&query)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn insert_then_read_round_trips_rows_parts_and_records() {
    both(|store| {
        let mut row = execution("a", 1_700_000_000.25);
        row.end_time = Some(1_700_000_100.5);
        row.parent_id = Some("parent".to_string());
        row.current_step = Some("stop".to_string());
        row.current_action = Some("aws:pause".to_string());
        let steps = [step(0, Status::Success), step(1, Status::Waiting)];
        store.insert(&row, &parts(), &steps, None).unwrap();
        assert_eq!(store.get("a").unwrap(), Some(row));
        assert_eq!(store.parts("a").unwrap(), parts());
        assert_eq!(store.steps("a").unwrap(), steps);
        assert_eq!(store.get("missing").unwrap(), None);
        assert!(matches!(
            store.parts("missing"),
            Err(StoreError::NotFound(_))
        ));
        let again = store.insert(&execution("a", 2.0), &parts(), &[], None);
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    });
}

#[test]
fn open_steps_start_at_the_first_open_record_or_the_last_critical_failure() {
    both(|store| {
        let mut steps: Vec<_> = (0..5).map(|i| step(i, Status::Success)).collect();
        store
            .insert(&execution("none", 1.0), &parts(), &[], None)
            .unwrap();
        assert_eq!(store.open_steps("none").unwrap(), (0, vec![]));
        store
            .insert(&execution("done", 1.0), &parts(), &steps, None)
            .unwrap();
        assert_eq!(store.open_steps("done").unwrap(), (5, vec![]));
        steps[3].status = Status::Waiting;
        store
            .insert(&execution("open", 1.0), &parts(), &steps, None)
            .unwrap();
        assert_eq!(store.open_steps("open").unwrap(), (3, steps[3..].to_vec()));
        steps[1].status = Status::Failed;
        steps[2].status = Status::Failed;
        store
            .insert(&execution("both", 1.0), &parts(), &steps, None)
            .unwrap();
        assert_eq!(store.open_steps("both").unwrap(), (2, steps[2..].to_vec()));
        steps[2].critical = false;
        store
            .insert(&execution("soft", 1.0), &parts(), &steps, None)
            .unwrap();
        assert_eq!(store.open_steps("soft").unwrap(), (1, steps[1..].to_vec()));
    });
}

#[test]
fn a_claim_is_held_while_its_holder_lives_and_a_commit_releases_it() {
    both(|store| {
        store
            .insert(&execution("a", 1.0), &parts(), &[], None)
            .unwrap();
        let live = |_: &Claim| true;
        let dead = |_: &Claim| false;
        let first = store.claim("a", &claim("t1"), &live).unwrap();
        assert_eq!(first, ClaimOutcome::Claimed { replaced: None });
        let busy = store.claim("a", &claim("t2"), &live).unwrap();
        assert_eq!(busy, ClaimOutcome::Held(claim("t1")));
        // A stale claim is handed over, and its holder can no longer commit.
        let taken = store.claim("a", &claim("t3"), &dead).unwrap();
        assert_eq!(
            taken,
            ClaimOutcome::Claimed {
                replaced: Some(claim("t1"))
            }
        );
        let mut row = execution("a", 1.0);
        row.status = Status::Success;
        let late = store.commit(&row, "{}", &[], "t1");
        assert!(matches!(late, Err(StoreError::Conflict(_))), "{late:?}");
        store
            .commit(&row, "{\"w\":1}", &[step(0, Status::Success)], "t3")
            .unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().status, Status::Success);
        assert_eq!(store.parts("a").unwrap().world, "{\"w\":1}");
        assert_eq!(store.steps("a").unwrap().len(), 1);
        let free = store.claim("a", &claim("t4"), &live).unwrap();
        assert_eq!(free, ClaimOutcome::Claimed { replaced: None });
        let missing = store.claim("nope", &claim("t5"), &live);
        assert!(
            matches!(missing, Err(StoreError::NotFound(_))),
            "{missing:?}"
        );
    });
}

#[test]
fn listing_filters_and_pages_newest_first() {
    both(|store| {
        for (id, t, name, status) in [
            ("b", 5.0, "Restart%", Status::Success),
            ("a", 5.0, "Restart", Status::Waiting),
            ("old", 1.0, "Stop", Status::Failed),
            ("new", 9.0, "restart", Status::Success),
        ] {
            let mut row = execution(id, t);
            row.document_name = name.to_string();
            row.status = status;
            store.insert(&row, &parts(), &[], None).unwrap();
        }
        assert_eq!(ids(store, vec![]), ["new", "a", "b", "old"]);
        let prefix = |p: &str| ExecutionFilter::DocumentNamePrefixes(vec![p.to_string()]);
        assert_eq!(ids(store, vec![prefix("Restart")]), ["a", "b"]);
        assert_eq!(ids(store, vec![prefix("Restart%")]), ["b"]);
        let status = |s: &str| ExecutionFilter::Statuses(vec![s.to_string()]);
        assert_eq!(ids(store, vec![status("Success")]), ["new", "b"]);
        assert_eq!(ids(store, vec![status("Success"), prefix("R")]), ["b"]);
        assert_eq!(ids(store, vec![status("Nope")]), Vec::<String>::new());
        let window = vec![
            ExecutionFilter::StartedAfter(1.0),
            ExecutionFilter::StartedBefore(9.0),
        ];
        assert_eq!(ids(store, window), ["a", "b"]);
        assert_eq!(
            ids(store, vec![ExecutionFilter::Nothing]),
            Vec::<String>::new()
        );
        let page = ExecutionQuery {
            filters: vec![],
            offset: 1,
            limit: Some(2),
        };
        let page: Vec<_> = store
            .list(&page)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(page, ["a", "b"]);
    });
}

#[test]
fn prune_removes_only_terminal_executions_and_their_records() {
    both(|store| {
        for (id, t, status) in [
            ("w", 1.0, Status::Waiting),
            ("s1", 9.0, Status::Success),
            ("s2", 3.0, Status::Failed),
            ("s3", 4.0, Status::Cancelled),
        ] {
            let mut row = execution(id, t);
            row.status = status;
            store
                .insert(&row, &parts(), &[step(0, status)], None)
                .unwrap();
        }
        let keep_two = PruneRule {
            keep: Some(2),
            ..PruneRule::default()
        };
        // The most recently stored are kept, whatever their (simulated) start times.
        assert_eq!(store.prune(&keep_two).unwrap(), 1);
        assert_eq!(ids(store, vec![]), ["s3", "s2", "w"]);
        let not_yet = PruneRule {
            stored_before: Some(0.0),
            ..PruneRule::default()
        };
        assert_eq!(store.prune(&not_yet).unwrap(), 0);
        let keep_one = PruneRule {
            keep: Some(1),
            stored_before: Some(f64::MAX),
        };
        assert_eq!(store.prune(&keep_one).unwrap(), 1);
        assert_eq!(ids(store, vec![]), ["s3", "w"]);
        assert_eq!(store.steps("s2").unwrap(), []);
        let counts = store.counts().unwrap();
        assert_eq!((counts.executions, counts.step_records), (2, 2));
    });
}

#[test]
fn equal_texts_are_stored_once_and_go_with_their_last_reference() {
    both(|store| {
        let texts = |world: &str| ExecutionParts {
            world: world.to_string(),
            setup: "setup".to_string(),
        };
        let contents = |store: &dyn ExecutionStore| store.counts().unwrap().contents;
        for id in ["a", "b"] {
            store
                .insert(&execution(id, 1.0), &texts("start"), &[], None)
                .unwrap();
        }
        assert_eq!(contents(store), 2);
        let advance = |id: &str, world: &str, status: Status| {
            let token = format!("{id}-{world}");
            store.claim(id, &claim(&token), &|_| false).unwrap();
            let mut row = execution(id, 1.0);
            row.status = status;
            store.commit(&row, world, &[], &token).unwrap();
        };
        advance("a", "end", Status::Success);
        assert_eq!(contents(store), 3);
        assert_eq!(store.parts("a").unwrap(), texts("end"));
        assert_eq!(store.parts("b").unwrap(), texts("start"));
        // `start` loses its last reference here, and an unchanged world stays.
        advance("b", "end", Status::Waiting);
        advance("b", "end", Status::Success);
        assert_eq!(contents(store), 2);
        assert_eq!(store.parts("b").unwrap(), texts("end"));
        store
            .insert(&execution("c", 1.0), &texts("start"), &[], None)
            .unwrap();
        assert_eq!(contents(store), 3);
        let all = PruneRule {
            stored_before: Some(f64::MAX),
            ..PruneRule::default()
        };
        assert_eq!(store.prune(&all).unwrap(), 2);
        assert_eq!(contents(store), 2);
        assert_eq!(store.parts("c").unwrap(), texts("start"));
    });
}
