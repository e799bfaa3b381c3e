//! Soak tier: 500 cycles of concurrent starts, runs and signals from four workers, about
//! half of them ended by SIGKILL at a random moment (before the store opens, inside a claim,
//! during a commit). Afterwards every execution is readable, SQLite finds the database
//! whole, and no step record is lost or counted twice. Run by `.ci/run` with
//! `cargo test -- --ignored soak`; the seed is printed, and `SSMRUN_SOAK_SEED` replays it.

use crate::harness::{Sandbox, bin};
use std::collections::{BTreeMap, HashSet};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

const CYCLES: usize = 500;
const WORKERS: usize = 4;
/// Interactive executions the signals share.
const SHARED: usize = 3;

const TICK: &str = "schemaVersion: '0.3'
mainSteps:
  - name: tick
    action: aws:sleep
    inputs: {Duration: PT1S}
";

/// xorshift64*: enough randomness to place kills, and replayable from the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What the workers saw: for each shared execution, StartStep signals that exited 0 and
/// those killed; starts that exited 0; processes killed.
#[derive(Default)]
struct Tally {
    signalled: BTreeMap<String, usize>,
    signals_killed: BTreeMap<String, usize>,
    started: usize,
    killed: usize,
}

fn command(sb: &Sandbox, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .current_dir(sb.path())
        .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
        .env("SSMRUN_DETERMINISTIC", "0")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// One cycle: a signal to a shared execution, an Auto start, or a whole `run`; killed after
/// a random delay about half the time.
fn cycle(sb: &Sandbox, shared: &[String], rng: &mut Rng, tally: &Mutex<Tally>) {
    let target = &shared[rng.below(SHARED as u64) as usize];
    let choice = rng.below(10);
    let args: Vec<&str> = match choice {
        0..=4 => vec![
            "ssm",
            "send-automation-signal",
            "--automation-execution-id",
            target,
            "--signal-type",
            "StartStep",
            "--payload",
            "StepName=tick",
        ],
        5..=7 => vec![
            "ssm",
            "start-automation-execution",
            "--document-name",
            "file://tick.yaml",
        ],
        _ => vec!["run", "tick.yaml"],
    };
    let mut child = command(sb, &args).spawn().expect("spawn ssmrun");
    let kill = rng.below(2) == 0;
    if kill {
        std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        let _ = child.kill();
    }
    let status = child.wait().expect("wait");
    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
    let killed = status.code().is_none();
    if !killed {
        assert_eq!(status.code(), Some(0), "{args:?} failed");
    }
    t.killed += usize::from(killed);
    match (choice, killed) {
        (0..=4, false) => *t.signalled.entry(target.clone()).or_default() += 1,
        (0..=4, true) => *t.signals_killed.entry(target.clone()).or_default() += 1,
        (_, false) => t.started += 1,
        _ => {}
    }
}

fn json(sb: &Sandbox, args: &[&str]) -> serde_json::Value {
    let out = command(sb, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run ssmrun");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

#[test]
#[ignore = "soak tier, run by .ci/run"]
fn soak_500_kill_cycles_lose_and_duplicate_nothing() {
    let seed = std::env::var("SSMRUN_SOAK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("soak seed {seed}");
    let sb = Sandbox::new().file("tick.yaml", TICK);
    let shared: Vec<String> = (0..SHARED)
        .map(|_| {
            let v = json(
                &sb,
                &[
                    "ssm",
                    "start-automation-execution",
                    "--document-name",
                    "file://tick.yaml",
                    "--mode",
                    "Interactive",
                ],
            );
            v["AutomationExecutionId"].as_str().expect("id").to_string()
        })
        .collect();
    let tally = Mutex::new(Tally::default());
    std::thread::scope(|s| {
        for w in 0..WORKERS {
            let (sb, shared, tally) = (&sb, &shared, &tally);
            s.spawn(move || {
                let mut rng = Rng(seed ^ (w as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
                for _ in 0..CYCLES / WORKERS {
                    cycle(sb, shared, &mut rng, tally);
                }
            });
        }
    });
    let tally = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    eprintln!(
        "soak: {CYCLES} cycles, {} killed, {} starts finished, {} signals finished",
        tally.killed,
        tally.started,
        tally.signalled.values().sum::<usize>()
    );

    // Every execution is listed and readable, whatever moment its process died at.
    let listed = json(&sb, &["ssm", "describe-automation-executions"]);
    let ids: Vec<String> = listed["AutomationExecutionMetadataList"]
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["AutomationExecutionId"].as_str().expect("id").to_string())
        .collect();
    assert!(ids.len() >= SHARED + tally.started, "{} listed", ids.len());
    let mut step_ids = HashSet::new();
    for id in &ids {
        let exec = json(
            &sb,
            &[
                "ssm",
                "get-automation-execution",
                "--automation-execution-id",
                id,
            ],
        );
        for step in exec["AutomationExecution"]["StepExecutions"]
            .as_array()
            .into_iter()
            .flatten()
        {
            // Steps that never started are listed as Pending with no id; only records count.
            if let Some(step_id) = step["StepExecutionId"].as_str().filter(|i| !i.is_empty()) {
                assert!(step_ids.insert(step_id.to_string()), "{step_id} twice");
            }
        }
    }

    // Each StartStep that finished left exactly one record of `tick`; a killed one left at
    // most one (Success if it committed, Failed when the next process recovered it).
    for id in &shared {
        let records = sb.step_records(id);
        let ok = tally.signalled.get(id).copied().unwrap_or(0);
        let killed = tally.signals_killed.get(id).copied().unwrap_or(0);
        let succeeded = records
            .iter()
            .filter(|r| r["StepStatus"] == "Success")
            .count();
        assert!(
            (ok..=ok + killed).contains(&succeeded),
            "{id}: {succeeded} successes for {ok} finished and {killed} killed signals"
        );
        assert!(
            records.len() <= ok + killed,
            "{id}: {} records",
            records.len()
        );
        eprintln!(
            "soak: {id}: {succeeded} of {} records Success, the rest recovered from a killed claim",
            records.len()
        );
    }

    let db = rusqlite::Connection::open(sb.path().join(".ssmrun/ssmrun.db")).expect("open");
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check");
    assert_eq!(check, "ok");
    // Every world and setup referred to is there, and none is kept that nothing refers to.
    let dangling: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .expect("foreign_key_check");
    let unreferenced: i64 = db
        .query_row(
            "SELECT count(*) FROM contents c WHERE NOT EXISTS \
             (SELECT 1 FROM execution_parts p WHERE c.hash IN (p.world, p.setup))",
            [],
            |r| r.get(0),
        )
        .expect("unreferenced contents");
    assert_eq!((dangling, unreferenced), (0, 0));
}
