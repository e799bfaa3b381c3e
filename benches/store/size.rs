//! The store's size and the latency of a start and of a signal as executions of one runbook
//! pile up: an empty store, 1,000 executions, then 10,000. The first 1,000 are real runs of
//! `AWS-RestartEC2Instance`; the 9,000 more are SQL copies of the last of them (row, records
//! and parts as stored, with ids as long as real ones), which is what 9,000 more runs store,
//! since every run of the runbook ends in the same world with the same setup. The copies
//! touch only column values, so the same benchmark measures older binaries too.

use std::path::Path;
use std::time::Duration;

use super::{Bench, ProcResult, Report, fill, run_once};

const INSTANCE: &str = "InstanceId=i-0abcdef1234567890";
/// Executions after each filling step; each point measures once the store holds them.
const POINTS: [usize; 3] = [0, 1_000, 10_000];
/// A SQL `printf` pattern giving ids of the same length (36) as real execution ids.
const COPY_ID: &str = "%08d-c0de-4000-8000-000000000000";

pub fn bench_store_size(b: &Bench, report: &mut Report, tmp: &Path) {
    if !b.selected("store-size") {
        return;
    }
    let home = tmp.join("home-store-size");
    std::fs::create_dir_all(&home).unwrap();
    let run = ["run", "AWS-RestartEC2Instance", "--parameters", INSTANCE];
    let start = [
        "ssm",
        "start-automation-execution",
        "--document-name",
        "AWS-RestartEC2Instance",
        "--mode",
        "Interactive",
        "--parameters",
        INSTANCE,
        "--query",
        "AutomationExecutionId",
        "--output",
        "text",
    ];
    let mut stored = 0;
    for point in POINTS {
        while stored < point.min(1_000) {
            run_once(&mut b.cmd(&home, &run));
            stored += 1;
        }
        if stored < point {
            let last = b.output(
                &home,
                &[
                    "ssm",
                    "describe-automation-executions",
                    "--filters",
                    "Key=DocumentNamePrefix,Values=AWS-RestartEC2Instance",
                    "Key=ExecutionStatus,Values=Success",
                    "--max-results",
                    "1",
                    "--query",
                    "AutomationExecutionMetadataList[0].AutomationExecutionId",
                    "--output",
                    "text",
                ],
            );
            fill(&home, last.trim(), point - stored, COPY_ID);
            stored = point;
        }
        let size = std::fs::metadata(home.join("ssmrun.db")).map_or(0, |m| m.len());
        let per = if point == 0 { 0 } else { size / point as u64 };
        println!(
            "  store-size: {point} executions stored: ssmrun.db {} KiB ({per} bytes each)",
            size / 1024
        );
        let started = b.measure(&home, &start, 100, Duration::from_secs(10));
        report.timed(
            &format!("store-size: start, {point} stored"),
            &started,
            None,
            true,
        );
        let signalled = signal_fresh(b, &home, &start);
        report.timed(
            &format!("store-size: signal, {point} stored"),
            &signalled,
            None,
            true,
        );
    }
}

/// The first `StartStep` of a new Interactive execution, which is started untimed.
fn signal_fresh(b: &Bench, home: &Path, start: &[&str]) -> ProcResult {
    let runs = if b.quick { 20 } else { 100 };
    let signal = |id: &str| {
        [
            "ssm",
            "send-automation-signal",
            "--automation-execution-id",
            id,
            "--signal-type",
            "StartStep",
            "--payload",
            "StepName=stopInstances",
        ]
        .map(String::from)
    };
    let mut r = ProcResult {
        samples: Vec::with_capacity(runs),
        max_rss_kb: 0,
    };
    for i in 0..runs + 3 {
        let id = b.output(home, start).trim().to_string();
        let args = signal(&id);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if i < runs {
            r.samples.push(run_once(&mut b.cmd(home, &args)).0);
        } else {
            r.max_rss_kb = r.max_rss_kb.max(b.rss(home, &args));
        }
    }
    r
}
