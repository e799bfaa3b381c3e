use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::json;

use super::{execution, temp_store};
use crate::store::{ExecutionStore, SqliteStore};

const THREADS: usize = 8;
const INCREMENTS: u64 = 100;

#[test]
fn concurrent_read_modify_write_loses_no_update() {
    let (_dir, path, store) = temp_store();
    store.insert(&execution("counter", 1.0)).unwrap();
    let barrier = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let path = path.clone();
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || -> Result<(), String> {
                // Each thread has its own connection, as separate processes would.
                let store = SqliteStore::open(&path).map_err(|e| e.to_string())?;
                barrier.wait();
                for _ in 0..INCREMENTS {
                    store
                        .update("counter", &mut |row| {
                            let count = row.state["count"].as_u64().ok_or("no count")?;
                            row.state["count"] = json!(count + 1);
                            Ok(())
                        })
                        .map_err(|e| e.to_string())??;
                }
                Ok(())
            })
        })
        .collect();
    for worker in workers {
        assert_eq!(worker.join().expect("worker thread"), Ok(()));
    }
    let row = store.get("counter").unwrap().unwrap();
    assert_eq!(row.state["count"], json!(THREADS as u64 * INCREMENTS));
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
                    .insert(&execution(&format!("e{i}"), i as f64))
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for worker in workers {
        assert_eq!(worker.join().expect("worker thread"), Ok(()));
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.list().unwrap().len(), THREADS);
}

/// Timing of the per-invocation cost a CLI call pays; run with
/// `cargo test --release --lib store::tests::concurrency::timing -- --ignored --nocapture`.
#[test]
#[ignore = "prints timings; not an assertion"]
fn timing_of_open_and_update() {
    let (_dir, path, store) = temp_store();
    store.insert(&execution("e", 1.0)).unwrap();
    drop(store);

    let fresh = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let created = SqliteStore::open(&fresh.path().join("new.db")).unwrap();
    let create = started.elapsed();
    drop(created);

    // One round is what a CLI call pays: open, one update, close (the last connection to
    // close checkpoints the WAL into the database).
    const ROUNDS: u32 = 200;
    let (mut open, mut update, mut close) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let store = SqliteStore::open(&path).unwrap();
        open += started.elapsed();
        let started = Instant::now();
        bump(&store);
        update += started.elapsed();
        let started = Instant::now();
        drop(store);
        close += started.elapsed();
    }
    let store = SqliteStore::open(&path).unwrap();
    let started = Instant::now();
    for _ in 0..ROUNDS {
        bump(&store);
    }
    let steady = started.elapsed() / ROUNDS;
    println!("create new store:  {create:?}");
    println!("open existing:     {:?} (mean of {ROUNDS})", open / ROUNDS);
    println!(
        "first update:      {:?} (mean of {ROUNDS})",
        update / ROUNDS
    );
    println!("close:             {:?} (mean of {ROUNDS})", close / ROUNDS);
    println!("update, same open: {steady:?} (mean of {ROUNDS})");
}

fn bump(store: &SqliteStore) {
    store
        .update("e", &mut |row| {
            row.status = "InProgress".to_string();
            Ok(())
        })
        .unwrap()
        .unwrap();
}
