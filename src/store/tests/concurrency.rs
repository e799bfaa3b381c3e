use std::sync::{Arc, Barrier};
use std::thread;

use super::{execution, parts, temp_store};
use crate::store::{Claim, ClaimOutcome, ExecutionQuery, ExecutionStore, SqliteStore};

const THREADS: usize = 8;
const INCREMENTS: u64 = 100;

/// Claims `id` for `token`, waiting while another holder has it (every holder is live).
fn claim(store: &SqliteStore, id: &str, token: &str) -> Result<(), String> {
    let claim = Claim {
        pid: 1,
        started: None,
        token: token.to_string(),
        operation: "count".to_string(),
        step: None,
    };
    loop {
        match store
            .claim(id, &claim, &|_| true)
            .map_err(|e| e.to_string())?
        {
            ClaimOutcome::Claimed { .. } => return Ok(()),
            ClaimOutcome::Held(_) => thread::yield_now(),
        }
    }
}

#[test]
fn concurrent_claim_and_commit_lose_no_update() {
    let (_dir, path, store) = temp_store();
    store
        .insert(&execution("counter", 1.0), &parts(), &[], None)
        .unwrap();
    let barrier = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || -> Result<(), String> {
                // Each thread has its own connection, as separate processes would.
                let store = SqliteStore::open(&path).map_err(|e| e.to_string())?;
                barrier.wait();
                for i in 0..INCREMENTS {
                    let token = format!("{t}-{i}");
                    claim(&store, "counter", &token)?;
                    let mut row = store
                        .get("counter")
                        .map_err(|e| e.to_string())?
                        .ok_or("gone")?;
                    let state: serde_json::Value =
                        serde_json::from_str(&row.state).map_err(|e| e.to_string())?;
                    let count = state["count"].as_u64().ok_or("no count")?;
                    row.state = serde_json::json!({ "count": count + 1 }).to_string();
                    store
                        .commit(&row, "{}", &[], &token)
                        .map_err(|e| e.to_string())?;
                }
                Ok(())
            })
        })
        .collect();
    for worker in workers {
        assert_eq!(worker.join().expect("worker thread"), Ok(()));
    }
    let row = store.get("counter").unwrap().unwrap();
    let state: serde_json::Value = serde_json::from_str(&row.state).unwrap();
    assert_eq!(state["count"], THREADS as u64 * INCREMENTS);
}

#[test]
fn concurrent_first_opens_migrate_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ssmrun.db");
    let barrier = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || -> Result<(), String> {
                barrier.wait();
                let store = SqliteStore::open(&path).map_err(|e| e.to_string())?;
                store
                    .insert(&execution(&format!("e{i}"), i as f64), &parts(), &[], None)
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for worker in workers {
        assert_eq!(worker.join().expect("worker thread"), Ok(()));
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.list(&ExecutionQuery::default()).unwrap().len(),
        THREADS
    );
}

/// Writers keep moving their executions between a few shared worlds, so texts are added and
/// dropped all the time, while readers read every execution's parts: no read may miss a
/// text, and at the end the store holds exactly the texts still referred to.
#[test]
fn readers_never_miss_a_world_that_writers_replace_and_drop() {
    const WRITERS: usize = 4;
    const READERS: usize = 2;
    let (_dir, path, store) = temp_store();
    let world = |n: usize| format!(r#"{{"world":{}}}"#, n % 3);
    for t in 0..WRITERS {
        store
            .insert(&execution(&format!("e{t}"), 1.0), &parts(), &[], None)
            .unwrap();
    }
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let barrier = Arc::new(Barrier::new(WRITERS + READERS));
    let mut workers: Vec<_> = (0..WRITERS)
        .map(|t| {
            let (path, barrier, done) = (path.clone(), Arc::clone(&barrier), Arc::clone(&done));
            thread::spawn(move || -> Result<(), String> {
                let store = SqliteStore::open(&path).map_err(|e| e.to_string())?;
                let id = format!("e{t}");
                barrier.wait();
                for i in 0..INCREMENTS as usize {
                    let token = format!("{t}-{i}");
                    claim(&store, &id, &token)?;
                    store
                        .commit(&execution(&id, 1.0), &world(t + i), &[], &token)
                        .map_err(|e| e.to_string())?;
                }
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Ok(())
            })
        })
        .collect();
    workers.extend((0..READERS).map(|_| {
        let (path, barrier, done) = (path.clone(), Arc::clone(&barrier), Arc::clone(&done));
        thread::spawn(move || -> Result<(), String> {
            let store = SqliteStore::open(&path).map_err(|e| e.to_string())?;
            barrier.wait();
            while done.load(std::sync::atomic::Ordering::SeqCst) < WRITERS {
                for t in 0..WRITERS {
                    let parts = store.parts(&format!("e{t}")).map_err(|e| e.to_string())?;
                    if parts.world != "{}" && !(0..3).any(|n| parts.world == world(n)) {
                        return Err(format!("unexpected world {}", parts.world));
                    }
                }
            }
            Ok(())
        })
    }));
    for worker in workers {
        assert_eq!(worker.join().expect("worker thread"), Ok(()));
    }
    let last: std::collections::BTreeSet<String> = (0..WRITERS)
        .map(|t| store.parts(&format!("e{t}")).unwrap().world)
        .collect();
    // The worlds still referred to, and the one setup (`{}`, the start world's text too).
    let expected = last.len() + usize::from(!last.contains("{}"));
    assert_eq!(store.counts().unwrap().contents, expected as u64);
}
