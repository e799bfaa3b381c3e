//! Store benchmarks: a `get` on an execution holding 1,000 step records against a fresh one,
//! and start, describe and run with 10,000 executions stored against an empty store. The
//! 10,000 executions are copies of one real execution made with SQL (a minute of CLI calls
//! otherwise), half of them finished. `size.rs`: the store's size and a start's and a signal's
//! latency at 1,000 and 10,000 executions of one runbook.

mod size;

use std::path::Path;
use std::time::Duration;

use super::{Bench, ProcResult, Report, Row, run_once, stats, verdict, write_document};

const STORED: usize = 10_000;

fn doc_arg(tmp: &Path) -> String {
    let doc = write_document(tmp, "store-one-step.yaml", super::ONE_STEP_DOCUMENT);
    format!("file://{}", doc.display())
}

fn start_args(doc: &str) -> Vec<String> {
    [
        "ssm",
        "start-automation-execution",
        "--document-name",
        doc,
        "--mode",
        "Interactive",
        "--query",
        "AutomationExecutionId",
        "--output",
        "text",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

fn step(b: &Bench, home: &Path, id: &str) {
    let args = [
        "ssm",
        "send-automation-signal",
        "--automation-execution-id",
        id,
        "--signal-type",
        "StartStep",
        "--payload",
        "StepName=s1",
    ];
    run_once(&mut b.cmd(home, &args));
}

/// Copies execution `id` (with its records and parts) `n` times, half of the copies finished;
/// `pattern`, a SQL `printf` format, makes the id of copy `i` (1, 2, ...).
fn fill(home: &Path, id: &str, n: usize, pattern: &str) {
    let db = rusqlite::Connection::open(home.join("ssmrun.db")).expect("open the store");
    let copies = format!(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n})
         INSERT INTO executions (id, document_name, document_version, status, mode, start_time,
             end_time, parent_id, current_step, current_action, state, stored_at)
         SELECT printf('{pattern}', i), document_name, document_version,
             CASE WHEN i % 2 = 0 THEN 'Success' ELSE status END, mode, start_time - i,
             end_time, parent_id, current_step, current_action, state, stored_at
         FROM executions, k WHERE id = ?1"
    );
    db.execute(&copies, [id]).expect("copy executions");
    let parts = format!(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n})
         INSERT INTO execution_parts
         SELECT printf('{pattern}', i), world, setup FROM execution_parts, k
         WHERE execution_id = ?1"
    );
    db.execute(&parts, [id]).expect("copy execution parts");
    let records = format!(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n})
         INSERT INTO step_records
         SELECT printf('{pattern}', i), seq, status, critical, record
         FROM step_records, k WHERE execution_id = ?1"
    );
    db.execute(&records, [id]).expect("copy step records");
    db.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
}

/// `loaded` against `base`, judged on the ratio of medians.
fn ratio(report: &mut Report, name: &str, base: &ProcResult, loaded: &ProcResult, limit: f64) {
    let (b, l) = (stats(&base.samples), stats(&loaded.samples));
    let r = l.median.as_secs_f64() / b.median.as_secs_f64();
    report.push(Row {
        name: name.to_string(),
        runs: l.runs,
        min: format!("{:.2}x", l.min.as_secs_f64() / b.min.as_secs_f64()),
        median: format!("{r:.2}x"),
        p90: format!("{:.2}x", l.p90.as_secs_f64() / b.p90.as_secs_f64()),
        rss: "-".to_string(),
        target: format!("<= {limit}x"),
        verdict: verdict(r <= limit),
    });
}

pub fn bench_store(b: &Bench, report: &mut Report, tmp: &Path) {
    size::bench_store_size(b, report, tmp);
    if !b.selected("store") {
        return;
    }
    let doc = doc_arg(tmp);
    let start = start_args(&doc);
    let budget = Duration::from_secs(10);
    let restart = [
        "run",
        "AWS-RestartEC2Instance",
        "--parameters",
        "InstanceId=i-0abcdef1234567890",
    ];
    let describe = [
        "ssm",
        "describe-automation-executions",
        "--max-results",
        "10",
    ];
    let filtered = [
        "ssm",
        "describe-automation-executions",
        "--filters",
        "Key=ExecutionStatus,Values=Success",
        "--max-results",
        "10",
    ];

    // `get` of a fresh execution, then of one holding 1,000 step records.
    let home = tmp.join("home-store-get");
    std::fs::create_dir_all(&home).unwrap();
    let id = b.output(&home, &strs(&start)).trim().to_string();
    step(b, &home, &id);
    let get = [
        "ssm",
        "get-automation-execution",
        "--automation-execution-id",
        &id,
    ];
    let fresh = b.measure(&home, &get, 100, budget);
    report.timed("get, 1 step record", &fresh, None, true);
    for _ in 1..1000 {
        step(b, &home, &id);
    }
    let held = b.measure(&home, &get, 100, budget);
    report.timed("get, 1000 step records", &held, None, true);

    // Start, describe and run: an empty store, then 10,000 executions.
    let empty = tmp.join("home-store-empty");
    std::fs::create_dir_all(&empty).unwrap();
    let runs: Vec<(&str, ProcResult)> = vec![
        ("start", b.measure(&empty, &strs(&start), 100, budget)),
        (
            "describe --max-results 10",
            b.measure(&empty, &describe, 100, budget),
        ),
        (
            "describe Success, 10",
            b.measure(&empty, &filtered, 100, budget),
        ),
        (
            "run AWS-RestartEC2Instance",
            b.measure(&empty, &restart, 100, budget),
        ),
    ];
    let full = tmp.join("home-store-full");
    std::fs::create_dir_all(&full).unwrap();
    let seed = b.output(&full, &strs(&start)).trim().to_string();
    for _ in 0..3 {
        step(b, &full, &seed);
    }
    fill(&full, &seed, STORED, "copy-%06d");
    let loaded = [
        b.measure(&full, &strs(&start), 100, budget),
        b.measure(&full, &describe, 100, budget),
        b.measure(&full, &filtered, 100, budget),
        b.measure(&full, &restart, 100, budget),
    ];
    for ((name, base), loaded) in runs.iter().zip(&loaded) {
        report.timed(&format!("{name}, empty store"), base, None, true);
        report.timed(&format!("{name}, {STORED} stored"), loaded, None, true);
        ratio(
            report,
            &format!("{name}: {STORED} stored / empty"),
            base,
            loaded,
            1.5,
        );
    }
    let size = |name: &str| std::fs::metadata(full.join(name)).map_or(0, |m| m.len());
    println!(
        "  after the runs above: ssmrun.db {} KiB, ssmrun.db-wal {} KiB",
        size("ssmrun.db") / 1024,
        size("ssmrun.db-wal") / 1024
    );
}
