//! Performance benchmarks for ssmrun. Run with `scripts/bench.sh`, or directly:
//!
//! ```text
//! cargo build --release
//! cargo bench --bench bench                 # every benchmark
//! cargo bench --bench bench -- --quick      # fewer runs each
//! cargo bench --bench bench -- signal run   # only benchmarks whose name contains a word
//! ```
//!
//! Filters: validate, startup, run, loop, steps, scaling, signal, linear, pattern, store.
//!
//! Nothing is built here: process benchmarks run the release binary named by `SSMRUN_BIN`
//! (default `$CARGO_TARGET_DIR/release/ssmrun`, else `target/release/ssmrun`), and the
//! validation throughput benchmark calls the library. The corpus is `../shared/corpus/docs`
//! relative to the repository root unless `SSMRUN_CORPUS` names another directory.
//!
//! Every process benchmark reports wall time per run (spawn to exit, as a shell sees it) as
//! min / median / p90, and the peak resident set (max RSS) of the process. Targets are judged
//! on the median.
//!
//! Max RSS comes from the `rusage` that `wait4` returns for the child. Linux counts in a
//! child's peak the peak of the process that spawned it (the address space it had before
//! `exec`), and this harness holds the corpus in memory, so the RSS runs are spawned from a
//! fresh, small copy of this binary (`bench --rss-probe BIN ARGS...`) instead; the probe's
//! own peak, printed at the start, is the floor of that measurement.

mod linear;
mod store;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ssmrun::source::SourceFile;
use ssmrun::validate::check;

const MB: i64 = 1024; // ru_maxrss is in KiB on Linux
const RSS_TARGET_KB: i64 = 30 * MB;

// ---------------------------------------------------------------------------------------
// Statistics and reporting
// ---------------------------------------------------------------------------------------

struct Stats {
    runs: usize,
    min: Duration,
    median: Duration,
    p90: Duration,
}

fn stats(samples: &[Duration]) -> Stats {
    assert!(!samples.is_empty());
    let mut s = samples.to_vec();
    s.sort();
    let n = s.len();
    let median = if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2
    };
    let p90 = s[((n as f64 * 0.9).ceil() as usize).clamp(1, n) - 1];
    Stats {
        runs: n,
        min: s[0],
        median,
        p90,
    }
}

fn ms(d: Duration) -> String {
    let v = d.as_secs_f64() * 1e3;
    if v < 10.0 {
        format!("{v:.2} ms")
    } else if v < 1000.0 {
        format!("{v:.1} ms")
    } else {
        format!("{:.2} s", v / 1e3)
    }
}

struct Row {
    name: String,
    runs: usize,
    min: String,
    median: String,
    p90: String,
    rss: String,
    target: String,
    verdict: &'static str,
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

struct Report {
    rows: Vec<Row>,
}

impl Report {
    fn push(&mut self, row: Row) {
        println!(
            "  {:<44} {:>5}  {:>10}  {:>10}  {:>10}  {:>8}  {:<22} {}",
            row.name, row.runs, row.min, row.median, row.p90, row.rss, row.target, row.verdict
        );
        self.rows.push(row);
    }

    /// A process benchmark judged on its median wall time (and on peak RSS when asked).
    fn timed(&mut self, name: &str, r: &ProcResult, target_ms: Option<f64>, rss_judged: bool) {
        let st = stats(&r.samples);
        let time_ok = target_ms.is_none_or(|t| st.median.as_secs_f64() * 1e3 <= t);
        let rss_ok = !rss_judged || r.max_rss_kb <= RSS_TARGET_KB;
        let target = match target_ms {
            Some(t) if rss_judged => format!("<= {t} ms, <= 30 MB"),
            Some(t) => format!("<= {t} ms"),
            None if rss_judged => "<= 30 MB".to_string(),
            None => "-".to_string(),
        };
        let v = if target_ms.is_none() && !rss_judged {
            "info"
        } else {
            verdict(time_ok && rss_ok)
        };
        self.push(Row {
            name: name.to_string(),
            runs: st.runs,
            min: ms(st.min),
            median: ms(st.median),
            p90: ms(st.p90),
            rss: format!("{:.1} MB", r.max_rss_kb as f64 / MB as f64),
            target,
            verdict: v,
        });
    }

    fn print_summary(&self) {
        println!();
        println!("| benchmark | runs | min | median | p90 | max RSS | target | result |");
        println!("|---|---:|---:|---:|---:|---:|---|---|");
        for r in &self.rows {
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                r.name, r.runs, r.min, r.median, r.p90, r.rss, r.target, r.verdict
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

struct Bench {
    bin: PathBuf,
    root: PathBuf,
    quick: bool,
    filters: Vec<String>,
}

struct ProcResult {
    samples: Vec<Duration>,
    max_rss_kb: i64,
}

impl Bench {
    fn selected(&self, name: &str) -> bool {
        self.filters.is_empty() || self.filters.iter().any(|f| name.contains(f.as_str()))
    }

    fn cmd(&self, home: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.args(args)
            .env("SSMRUN_HOME", home)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        c
    }

    /// Run `args` until `max_runs` samples or `budget` spent (at least `min_runs`), after
    /// `warmup` untimed runs.
    fn measure(&self, home: &Path, args: &[&str], max_runs: usize, budget: Duration) -> ProcResult {
        let (max_runs, budget) = if self.quick {
            (max_runs.div_ceil(5).max(5), budget / 5)
        } else {
            (max_runs, budget)
        };
        let min_runs = 5.min(max_runs);
        let mut max_rss_kb = 0;
        for _ in 0..3 {
            run_once(&mut self.cmd(home, args));
        }
        let mut samples = Vec::with_capacity(max_runs);
        let begun = Instant::now();
        while samples.len() < max_runs && (samples.len() < min_runs || begun.elapsed() < budget) {
            samples.push(run_once(&mut self.cmd(home, args)).0);
        }
        for _ in 0..3 {
            max_rss_kb = max_rss_kb.max(self.rss(home, args));
        }
        ProcResult {
            samples,
            max_rss_kb,
        }
    }

    /// Peak RSS (KiB) of one run of `args`, spawned from a fresh probe process.
    fn rss(&self, home: &Path, args: &[&str]) -> i64 {
        let exe = std::env::current_exe().expect("path of the bench binary");
        let out = Command::new(exe)
            .arg("--rss-probe")
            .arg(&self.bin)
            .args(args)
            .env("SSMRUN_HOME", home)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .expect("run the RSS probe");
        assert!(out.status.success(), "RSS probe failed for {args:?}");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("RSS probe output")
    }

    /// Run once for its standard output (untimed setup).
    fn output(&self, home: &Path, args: &[&str]) -> String {
        let out = self
            .cmd(home, args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.bin.display()));
        if !out.status.success() {
            panic!(
                "`ssmrun {}` failed ({}): {}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8(out.stdout).expect("utf-8 output")
    }
}

/// Spawn, wait with `wait4`, and return the wall time and the child's peak RSS (KiB).
/// Panics unless the child exits with status 0: a benchmark of a failing run measures
/// nothing useful.
fn run_once(cmd: &mut Command) -> (Duration, i64) {
    let start = Instant::now();
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {:?}: {e}", cmd.get_program()));
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it in.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, not yet reaped (std's Child never waits on drop).
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let elapsed = start.elapsed();
    assert_eq!(r, pid, "wait4 failed: {}", std::io::Error::last_os_error());
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    assert!(
        ok,
        "{:?} {:?} exited with status {status:#x}",
        cmd.get_program(),
        cmd.get_args().collect::<Vec<_>>()
    );
    drop(child);
    (elapsed, ru.ru_maxrss)
}

// ---------------------------------------------------------------------------------------
// Generated documents
// ---------------------------------------------------------------------------------------

/// An aws:loop of `iterations` passes (do-while, condition always true, capped by
/// MaxIterations) over `body` steps alternating aws:sleep and aws:updateVariable.
fn loop_document(iterations: usize, body: usize) -> String {
    let mut s = String::from(
        "schemaVersion: '0.3'\n\
         description: Generated benchmark document (aws:loop).\n\
         variables:\n  counter:\n    type: Integer\n    default: 0\n  \
         flag:\n    type: String\n    default: go\n\
         mainSteps:\n  - name: outer\n    action: aws:loop\n    inputs:\n",
    );
    s += &format!("      MaxIterations: {iterations}\n");
    s +=
        "      LoopCondition:\n        Variable: '{{ variable:flag }}'\n        StringEquals: go\n";
    s += "      Steps:\n";
    for i in 0..body {
        if i % 2 == 0 {
            s += &format!(
                "        - name: body{i}\n          action: aws:sleep\n          inputs:\n            Duration: PT1S\n"
            );
        } else {
            s += &format!(
                "        - name: body{i}\n          action: aws:updateVariable\n          inputs:\n            \
                 Name: variable:counter\n            Value: '{{{{ outer.CurrentIteration }}}}'\n"
            );
        }
    }
    s
}

/// `n` top-level steps cycling aws:sleep, aws:updateVariable, aws:sleep, aws:branch (each
/// branch goes on to the next step). The last step is a sleep.
fn mixed_steps_document(n: usize) -> String {
    let mut s = String::from(
        "schemaVersion: '0.3'\n\
         description: Generated benchmark document (sleep/updateVariable/branch).\n\
         variables:\n  counter:\n    type: Integer\n    default: 0\n\
         mainSteps:\n",
    );
    for i in 0..n {
        let name = format!("s{i:05}");
        let next = format!("s{:05}", i + 1);
        match i % 4 {
            1 => {
                s += &format!(
                    "  - name: {name}\n    action: aws:updateVariable\n    inputs:\n      \
                     Name: variable:counter\n      Value: {i}\n"
                )
            }
            3 if i + 1 < n => {
                s += &format!(
                    "  - name: {name}\n    action: aws:branch\n    inputs:\n      Choices:\n        \
                     - NextStep: {next}\n          Variable: '{{{{ variable:counter }}}}'\n          \
                     NumericGreater: -1\n      Default: {next}\n"
                )
            }
            _ => {
                s += &format!(
                    "  - name: {name}\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n"
                )
            }
        }
    }
    s
}

/// `n` aws:sleep steps.
fn sleep_steps_document(n: usize) -> String {
    let mut s = String::from(
        "schemaVersion: '0.3'\ndescription: Generated benchmark document (aws:sleep).\nmainSteps:\n",
    );
    for i in 0..n {
        s += &format!(
            "  - name: s{i:05}\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n"
        );
    }
    s
}

const ONE_STEP_DOCUMENT: &str = "schemaVersion: '0.3'\n\
description: Generated benchmark document (one step, for signals).\n\
mainSteps:\n  - name: s1\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n";

/// Write a generated document after checking that it validates without errors.
fn write_document(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    let checked = check(&SourceFile::new(name, text));
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{d:?}"))
        .collect();
    assert!(
        errors.is_empty(),
        "generated {name} does not validate: {errors:#?}"
    );
    std::fs::write(&path, text).expect("write generated document");
    path
}

// ---------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------

/// The embedded service models: what the first use of a service costs in a process (its
/// zlib stream inflated and its JSON parsed), and a whole `validate` that needs `ec2`
/// against one that needs no model.
/// Reads an operation's request shapes the way the request check walks them.
fn touch_request(model: &ssmrun::models::ServiceModel, api: &str) {
    use ssmrun::models::ShapeKind;
    let Some(input) = model.operation(api).and_then(|op| op.input.clone()) else {
        return;
    };
    let mut todo = vec![(input, 0)];
    while let Some((name, depth)) = todo.pop() {
        let Some(shape) = model.shape(&name) else {
            continue;
        };
        if depth > 3 {
            continue;
        }
        match &shape.kind {
            ShapeKind::Structure { members, .. } => {
                todo.extend(members.values().map(|m| (m.clone(), depth + 1)))
            }
            ShapeKind::List(member) => todo.push((member.clone(), depth + 1)),
            _ => {}
        }
    }
}

fn bench_models(b: &Bench, report: &mut Report, dir: &Path) {
    let rounds = if b.quick { 5 } else { 20 };
    // A first use as validation makes it: the service, one operation and the shapes its
    // request reaches.
    for (service, api) in [
        ("ec2", "DescribeInstances"),
        ("s3", "ListObjectsV2"),
        ("ssm", "GetParameter"),
        ("rds", "DescribeDBInstances"),
    ] {
        let samples: Vec<Duration> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                let model = ssmrun::models::parse_uncached(service).expect("service");
                touch_request(&model, api);
                black_box(&model);
                t.elapsed()
            })
            .collect();
        let st = stats(&samples);
        report.push(Row {
            name: format!("models: first use of `{service}` ({api} request shapes)"),
            runs: st.runs,
            min: ms(st.min),
            median: ms(st.median),
            p90: ms(st.p90),
            rss: "-".into(),
            target: "-".into(),
            verdict: "info",
        });
    }
    let t = Instant::now();
    let names: Vec<&str> = ssmrun::models::service_names().collect();
    for name in &names {
        black_box(ssmrun::models::parse_uncached(name));
    }
    println!(
        "    every service ({}) loaded once (operations only): {}",
        names.len(),
        ms(t.elapsed())
    );
    let api = "schemaVersion: '0.3'\nmainSteps:\n  - name: s\n    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n      Api: DescribeInstances\n      InstanceIds: [i-1234567890abcdef0]\n";
    let plain = "schemaVersion: '0.3'\nmainSteps:\n  - name: s\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n";
    for (name, text) in [("ec2 executeAwsApi", api), ("aws:sleep only", plain)] {
        let path = write_document(dir, &format!("models-{}.yaml", name.len()), text);
        let path = path.to_string_lossy().into_owned();
        let r = b.measure(dir, &["validate", &path], 200, Duration::from_secs(10));
        report.timed(
            &format!("`ssmrun validate`, one step: {name}"),
            &r,
            None,
            true,
        );
    }
}

fn bench_validate(b: &Bench, report: &mut Report) {
    let corpus = std::env::var_os("SSMRUN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| b.root.join("../shared/corpus/docs"));
    let mut files: Vec<(String, String)> = std::fs::read_dir(&corpus)
        .unwrap_or_else(|e| panic!("cannot read corpus {}: {e}", corpus.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).expect("read corpus file"))
        })
        .collect();
    files.sort();
    const COPIES: usize = 20;
    let docs: Vec<(String, String)> = (0..COPIES)
        .flat_map(|k| {
            files
                .iter()
                .map(move |(name, text)| (format!("copy{k:02}/{name}"), text.clone()))
        })
        .collect();
    let n = docs.len();

    let round = |model_rules: bool| {
        let t = Instant::now();
        let mut diagnostics = 0usize;
        for (path, text) in &docs {
            let source = SourceFile::new(path.as_str(), text.as_str());
            let checked = ssmrun::validate::check_with(&source, model_rules);
            diagnostics += checked.diagnostics.len();
            black_box(&checked);
        }
        (t.elapsed(), diagnostics)
    };
    round(true); // warm-up: every service model the corpus uses is loaded once
    let rounds = if b.quick { 3 } else { 15 };
    // Rounds with and without the model rules alternate, so load on a shared machine
    // falls on both alike.
    let (mut with, mut without) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        with.push(round(true).0);
        without.push(round(false).0);
    }
    let st = stats(&with);
    let per_s = |d: Duration| n as f64 / d.as_secs_f64();
    // For throughput the best round is the highest rate; "p90" is the rate of the p90 round.
    report.push(Row {
        name: format!("validate corpus x{COPIES} ({n} docs), docs/s"),
        runs: st.runs,
        min: format!("{:.0}", per_s(st.min)),
        median: format!("{:.0}", per_s(st.median)),
        p90: format!("{:.0}", per_s(st.p90)),
        rss: "-".into(),
        target: ">= 20000 docs/s".into(),
        verdict: verdict(per_s(st.median) >= 20_000.0),
    });
    let off = stats(&without);
    report.push(Row {
        name: format!("validate corpus x{COPIES} without the model rules, docs/s"),
        runs: off.runs,
        min: format!("{:.0}", per_s(off.min)),
        median: format!("{:.0}", per_s(off.median)),
        p90: format!("{:.0}", per_s(off.p90)),
        rss: "-".into(),
        target: "-".into(),
        verdict: "info",
    });
    // The models' cost: the share of throughput lost by turning their rules on.
    let lost = 1.0 - off.min.as_secs_f64() / st.min.as_secs_f64();
    report.push(Row {
        name: "model rules' cost in validate throughput (best rounds)".into(),
        runs: st.runs,
        min: format!("{:.1}%", lost * 100.0),
        median: format!(
            "{:.1}%",
            (1.0 - off.median.as_secs_f64() / st.median.as_secs_f64()) * 100.0
        ),
        p90: "-".into(),
        rss: "-".into(),
        target: "<= 20%".into(),
        verdict: verdict(lost <= 0.20),
    });
    report.push(Row {
        name: format!("validate corpus x{COPIES}, time per round"),
        runs: st.runs,
        min: ms(st.min),
        median: ms(st.median),
        p90: ms(st.p90),
        rss: "-".into(),
        target: "-".into(),
        verdict: "info",
    });
    // Where the time goes: the same documents through each stage of `check` alone, and
    // through the YAML event parser with no tree built (a floor for any front end on it).
    let stage = |name: &str, f: &dyn Fn(&SourceFile)| {
        let sources: Vec<SourceFile> = docs
            .iter()
            .map(|(p, t)| SourceFile::new(p.as_str(), t.as_str()))
            .collect();
        let samples: Vec<Duration> = (0..rounds.min(5))
            .map(|_| {
                let t = Instant::now();
                sources.iter().for_each(f);
                t.elapsed()
            })
            .collect();
        let st = stats(&samples);
        println!(
            "    stage {name:<34} median {:>8}  {:>8.0} docs/s",
            ms(st.median),
            n as f64 / st.median.as_secs_f64()
        );
    };
    stage("YAML events only (saphyr-parser)", &|s| {
        let mut parser = saphyr_parser::Parser::new_from_str(&s.text);
        while let Some(Ok((event, _))) = parser.next_event() {
            if matches!(event, saphyr_parser::Event::StreamEnd) {
                break;
            }
            black_box(event);
        }
    });
    stage("parse (Node tree)", &|s| {
        black_box(ssmrun::parse::parse(s).ok());
    });
    stage("parse + lower", &|s| {
        if let Ok(root) = ssmrun::parse::parse(s) {
            black_box(ssmrun::document::lower(root));
        }
    });
    stage("parse + lower + validate (check)", &|s| {
        black_box(check(s));
    });
    // The same, with every allowedPattern replaced by `.*` (cheap to compile): what the
    // rules cost apart from compiling the corpus's patterns.
    let trivial: Vec<SourceFile> = docs
        .iter()
        .map(|(p, t)| SourceFile::new(p.as_str(), trivial_patterns(t)))
        .collect();
    let samples: Vec<Duration> = (0..rounds.min(5))
        .map(|_| {
            let t = Instant::now();
            trivial.iter().for_each(|s| {
                black_box(check(s));
            });
            t.elapsed()
        })
        .collect();
    let st = stats(&samples);
    println!(
        "    stage {:<34} median {:>8}  {:>8.0} docs/s",
        "check, allowedPattern set to .*",
        ms(st.median),
        n as f64 / st.median.as_secs_f64()
    );

    // The slowest corpus documents, to show where validation time goes.
    let mut per_file: Vec<(Duration, &str)> = files
        .iter()
        .map(|(name, text)| {
            let t = Instant::now();
            for _ in 0..20 {
                black_box(check(&SourceFile::new(name.as_str(), text.as_str())));
            }
            (t.elapsed() / 20, name.as_str())
        })
        .collect();
    per_file.sort_by(|a, b| b.cmp(a));
    let list: Vec<String> = per_file
        .iter()
        .take(3)
        .map(|(d, name)| format!("{name} {:.0} us", d.as_secs_f64() * 1e6))
        .collect();
    println!("    slowest corpus documents to check: {}", list.join(", "));
}

/// Replace each one-line `allowedPattern` value with `.*`, keeping YAML or JSON syntax.
fn trivial_patterns(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("allowedPattern:") {
            out += &format!("{indent}allowedPattern: '.*'");
        } else if trimmed.starts_with("\"allowedPattern\"") {
            let comma = if trimmed.trim_end().ends_with(',') {
                ","
            } else {
                ""
            };
            out += &format!("{indent}\"allowedPattern\": \".*\"{comma}");
        } else {
            out += line;
        }
        out.push('\n');
    }
    out
}

fn bench_processes(b: &Bench, report: &mut Report, tmp: &Path) {
    let home = tmp.join("home-run");
    std::fs::create_dir_all(&home).unwrap();
    let long = Duration::from_secs(20);

    if b.selected("startup") {
        let r = b.measure(&home, &["--version"], 300, long);
        report.timed("startup: ssmrun --version", &r, Some(5.0), true);
    }
    if b.selected("run") {
        let args = [
            "run",
            "AWS-RestartEC2Instance",
            "--parameters",
            "InstanceId=i-1234567890abcdef0",
        ];
        let r = b.measure(&home, &args, 200, long);
        report.timed("run AWS-RestartEC2Instance", &r, Some(5.0), true);
    }
    if b.selected("loop") {
        let doc = write_document(tmp, "loop-100x10.yaml", &loop_document(100, 10));
        let r = b.measure(&home, &["run", doc.to_str().unwrap()], 100, long);
        report.timed(
            "run aws:loop 100 iterations x 10 steps",
            &r,
            Some(50.0),
            true,
        );
    }
    if b.selected("steps") {
        let doc = write_document(tmp, "steps-1000.yaml", &mixed_steps_document(1000));
        let r = b.measure(&home, &["run", doc.to_str().unwrap()], 50, long);
        report.timed(
            "run 1000 steps (sleep/updateVariable/branch)",
            &r,
            Some(50.0),
            true,
        );
        let doc = write_document(tmp, "sleep-1000.yaml", &sleep_steps_document(1000));
        let r = b.measure(&home, &["run", doc.to_str().unwrap()], 50, long);
        report.timed("run 1000 steps (aws:sleep only)", &r, Some(50.0), true);
        let r = b.measure(&home, &["validate", doc.to_str().unwrap()], 50, long);
        report.timed("validate 1000 steps (aws:sleep only)", &r, None, false);
    }
    if b.selected("scaling") {
        // How the cost of a document grows with its number of steps.
        for n in [125, 250, 500, 1000, 2000] {
            let doc = write_document(tmp, &format!("sleep-{n}.yaml"), &sleep_steps_document(n));
            let runs = if n >= 2000 { 5 } else { 20 };
            let r = b.measure(
                &home,
                &["run", doc.to_str().unwrap()],
                runs,
                Duration::from_secs(10),
            );
            report.timed(
                &format!("scaling: run {n} aws:sleep steps"),
                &r,
                None,
                false,
            );
        }
    }
}

fn bench_signals(b: &Bench, report: &mut Report, tmp: &Path) {
    if !b.selected("signal") {
        return;
    }
    let doc = write_document(tmp, "one-step.yaml", ONE_STEP_DOCUMENT);
    let doc_arg = format!("file://{}", doc.display());
    let start = |home: &Path| -> String {
        let args = [
            "ssm",
            "start-automation-execution",
            "--document-name",
            doc_arg.as_str(),
            "--mode",
            "Interactive",
            "--query",
            "AutomationExecutionId",
            "--output",
            "text",
        ];
        b.output(home, &args).trim().to_string()
    };
    let signal_args = |id: &str| -> Vec<String> {
        [
            "ssm",
            "send-automation-signal",
            "--automation-execution-id",
            id,
            "--signal-type",
            "StartStep",
            "--payload",
            "StepName=s1",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let signal = |home: &Path, id: &str| -> Duration {
        let args = signal_args(id);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_once(&mut b.cmd(home, &args)).0
    };
    let runs = |n: usize| if b.quick { n.div_ceil(5).max(5) } else { n };

    // Fresh: a new Interactive execution for every sample, timing its first StartStep.
    {
        let home = tmp.join("home-signal-fresh");
        std::fs::create_dir_all(&home).unwrap();
        for _ in 0..3 {
            let id = start(&home);
            signal(&home, &id);
        }
        let mut r = ProcResult {
            samples: vec![],
            max_rss_kb: 0,
        };
        for _ in 0..runs(100) {
            let id = start(&home);
            r.samples.push(signal(&home, &id));
        }
        for _ in 0..3 {
            let id = start(&home);
            let args = signal_args(&id);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            r.max_rss_kb = r.max_rss_kb.max(b.rss(&home, &args));
        }
        report.timed("signal StartStep, fresh execution", &r, Some(5.0), true);
    }

    // One execution advanced step by step: time the signals taken once it holds about
    // `at` step records.
    let home = tmp.join("home-signal-grow");
    std::fs::create_dir_all(&home).unwrap();
    let id = start(&home);
    let mut records = 0usize;
    let checkpoints: &[usize] = if b.quick {
        &[100]
    } else {
        &[100, 250, 500, 1000]
    };
    for &at in checkpoints {
        while records < at {
            signal(&home, &id);
            records += 1;
        }
        let mut r = ProcResult {
            samples: vec![],
            max_rss_kb: 0,
        };
        let n = runs(20);
        for _ in 0..n {
            r.samples.push(signal(&home, &id));
            records += 1;
        }
        let args = signal_args(&id);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        r.max_rss_kb = b.rss(&home, &args);
        records += 1;
        let name = format!("signal StartStep, {at}..{} records", at + n);
        if at == 100 {
            report.timed(&name, &r, Some(5.0), true);
        } else {
            report.timed(&name, &r, None, false);
        }
    }
}

/// `bench --rss-probe BIN ARGS...`: run BIN once and print its peak RSS in KiB.
fn rss_probe(mut args: impl Iterator<Item = String>) {
    let bin = args.next().expect("--rss-probe BIN ARGS...");
    let mut cmd = Command::new(bin);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    println!("{}", run_once(&mut cmd).1);
}

/// The probe's own peak RSS (KiB): the floor of every RSS figure.
fn probe_floor() -> i64 {
    // SAFETY: an all-zero rusage is a valid value; getrusage fills it in.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    ru.ru_maxrss
}

fn main() {
    let mut argv = std::env::args().skip(1).peekable();
    if argv.peek().map(String::as_str) == Some("--rss-probe") {
        argv.next();
        return rss_probe(argv);
    }
    if argv.peek().map(String::as_str) == Some("--rss-floor") {
        println!("{}", probe_floor());
        return;
    }
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this binary without it,
    // and a test run should not spend minutes timing processes.
    let argv: Vec<String> = argv.collect();
    if !argv.iter().any(|a| a == "--bench") {
        println!(
            "benchmarks skipped: run them with `cargo bench --bench bench` or scripts/bench.sh"
        );
        return;
    }
    let mut quick = false;
    let mut filters = Vec::new();
    for a in argv {
        match a.as_str() {
            "--quick" => quick = true,
            // cargo bench passes --bench; libtest-style flags are ignored.
            s if s.starts_with('-') => {}
            s => filters.push(s.to_string()),
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = match std::env::var_os("SSMRUN_BIN") {
        Some(p) => PathBuf::from(p),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("target"));
            root.join(target).join("release/ssmrun")
        }
    };
    assert!(
        bin.is_file(),
        "{} not found: run `cargo build --release` first, or set SSMRUN_BIN",
        bin.display()
    );
    let b = Bench {
        bin,
        root,
        quick,
        filters,
    };
    let tmp = tempfile::tempdir().expect("temporary directory");

    println!("ssmrun benchmarks ({})", b.bin.display());
    let floor = Command::new(std::env::current_exe().unwrap())
        .arg("--rss-floor")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("  RSS probe's own peak (floor of the max RSS column): {floor} KiB");
    println!(
        "  {:<44} {:>5}  {:>10}  {:>10}  {:>10}  {:>8}  {:<22} result",
        "benchmark", "runs", "min", "median", "p90", "max RSS", "target"
    );
    let mut report = Report { rows: vec![] };
    if b.selected("validate") {
        bench_validate(&b, &mut report);
    }
    if b.selected("models") {
        bench_models(&b, &mut report, tmp.path());
    }
    bench_processes(&b, &mut report, tmp.path());
    linear::bench(&b, &mut report, tmp.path());
    bench_signals(&b, &mut report, tmp.path());
    store::bench_store(&b, &mut report, tmp.path());
    report.print_summary();
}
