//! Dry-run every real runbook against the default simulated world, with its default
//! parameters and a plausible value for each required one, answering approvals and pauses.
//! Nothing may crash or hang; the outcome of each run is recorded in a page this test keeps
//! true (regenerate with `UPDATE_GOLDEN=1`): docs/corpus-runs.md for the shared corpus
//! beside the repository, docs/project-corpus-runs.md for the project corpus listed in
//! tests/corpus/MANIFEST.tsv (its documents in ../shared/corpus/project).

use crate::corpus_params::required_parameters;
use crate::harness::{Sandbox, corpus_dir};
use crate::script_support;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How one dry run ended.
struct Run {
    /// `Success`, `Failed`, … or `not started` when `run` refused the document.
    status: String,
    ran: usize,
    total: usize,
    /// The step whose failure ended the run.
    stopped_at: Option<String>,
    why: Option<String>,
    /// What stopped the run, with names left out, for counting runs by cause.
    cause: Option<String>,
}

impl Run {
    fn row(&self) -> String {
        if self.status == "not started" {
            return format!("not started: {}", self.why.as_deref().unwrap_or_default());
        }
        let at = self
            .stopped_at
            .as_ref()
            .map(|s| format!(" at `{s}`"))
            .unwrap_or_default();
        let why = self
            .why
            .as_ref()
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        format!(
            "{}{at} ({}/{} steps ran){why}",
            self.status, self.ran, self.total
        )
    }
}

/// Run `path` with `extra` flags after the common ones (`--allow-scripts` for the second mode).
fn outcome(path: &Path, dir: &Path, extra: &[&str]) -> Run {
    let params = Value::Object(required_parameters(path)).to_string();
    let sb = Sandbox::new();
    let mut args = vec![
        "run",
        path.to_str().expect("utf-8 path"),
        "--parameters",
        &params,
        "--approve",
        "--resume",
        "--output",
        "json",
    ];
    args.extend_from_slice(extra);
    let r = sb.cmd(args).run();
    match r.code() {
        0 | 1 | 4 => {
            let v = r.json();
            let exec = &v["AutomationExecution"];
            let steps = exec["StepExecutions"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let failed = steps.iter().rfind(|s| s["FailureMessage"].is_string());
            Run {
                status: exec["AutomationExecutionStatus"]
                    .as_str()
                    .unwrap_or("?")
                    .to_string(),
                ran: steps
                    .iter()
                    .filter(|s| s["StepStatus"] != "Pending")
                    .count(),
                total: steps.len(),
                stopped_at: failed.and_then(|s| s["StepName"].as_str().map(String::from)),
                why: failed.and_then(|s| s["FailureMessage"].as_str().map(reason)),
                cause: failed.and_then(|s| s["FailureMessage"].as_str().map(cause)),
            }
        }
        2 => Run {
            status: "not started".into(),
            ran: 0,
            total: 0,
            stopped_at: None,
            why: Some(reason(&refusal(&r.stderr(), dir))),
            cause: Some(cause(&refusal(&r.stderr(), dir))),
        },
        code => panic!(
            "{} crashed with exit code {code}:\n{}",
            path.display(),
            r.stderr()
        ),
    }
}

/// The essence of a failure message, stable across runs (no ids).
fn reason(message: &str) -> String {
    let m = message.lines().next().unwrap_or_default();
    let m = match m.find("An error occurred (") {
        Some(i) => m[i..]
            .split(')')
            .next()
            .map(|s| format!("{s})"))
            .unwrap_or_default(),
        None => m.to_string(),
    };
    let m: String = m.chars().take(110).collect();
    m.replace('|', "\\|")
}

/// Why `run` refused to start: its first error line (warnings may come before it), with
/// machine-specific directories left out of the checked-in page.
fn refusal(stderr: &str, dir: &Path) -> String {
    let line = stderr
        .lines()
        .find(|l| l.contains("error[") || l.starts_with("error: "))
        .or_else(|| stderr.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or_default();
    let line = line.trim_start_matches("error: ");
    line.replace(&format!("{}/", dir.display()), "")
}

/// The first line of a failure with its names (in backticks), ids and location prefix left
/// out, so that runs stopped by the same cause count together.
fn cause(message: &str) -> String {
    let line = message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let line = line.trim_start_matches("error: ");
    // `file:line:col: error[code]: …` from a refused document.
    let line = line.find(": error[").map_or(line, |i| &line[i + 2..]);
    let line = match line.find("An error occurred (") {
        Some(i) => format!("{})", line[i..].split(')').next().unwrap_or_default()),
        None => line.to_string(),
    };
    let mut out = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        out.push_str(if i % 2 == 1 { "…" } else { part });
    }
    let out: String = out.chars().take(100).collect();
    out.replace('|', "\\|")
}

/// The runs of `files` (display name, path) in one mode: totals, causes, and one row each.
struct Tally {
    rows: Vec<String>,
    counts: BTreeMap<String, usize>,
    causes: BTreeMap<String, usize>,
    ran: usize,
    total: usize,
}

impl Tally {
    fn of(files: &[(String, PathBuf)], dir: &Path, extra: &[&str]) -> Tally {
        let mut t = Tally {
            rows: Vec::new(),
            counts: BTreeMap::new(),
            causes: BTreeMap::new(),
            ran: 0,
            total: 0,
        };
        for (_, path) in files {
            let run = outcome(path, dir, extra);
            *t.counts.entry(run.status.clone()).or_default() += 1;
            if let Some(c) = &run.cause {
                *t.causes.entry(c.clone()).or_default() += 1;
            }
            t.ran += run.ran;
            t.total += run.total;
            t.rows.push(run.row());
        }
        t
    }

    fn totals(&self) -> String {
        let summary: Vec<String> = self
            .counts
            .iter()
            .map(|(k, v)| format!("- {k}: {v}"))
            .collect();
        format!(
            "{}\n\nSteps that ran: {} of {}.",
            summary.join("\n"),
            self.ran,
            self.total
        )
    }

    fn causes(&self) -> String {
        let mut by_count: Vec<_> = self.causes.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let rows: Vec<String> = by_count
            .iter()
            .map(|(c, n)| format!("| {n} | {c} |"))
            .collect();
        format!("| runs | cause |\n|---|---|\n{}", rows.join("\n"))
    }
}

/// Where the part measured with `--allow-scripts` begins; a machine that cannot run scripts
/// checks the page only up to here.
const SCRIPTS_HEADING: &str = "## With scripts";

/// The report page for `files` (display name, path), every one of them run; with `scripts`
/// (the flags that run scripts here) a second section measures the same runs with them.
fn page(
    title: &str,
    source: &str,
    files: &[(String, PathBuf)],
    dir: &Path,
    scripts: Option<&[&str]>,
) -> String {
    let plain = Tally::of(files, dir, &[]);
    let mut rows: Vec<String> = files
        .iter()
        .zip(&plain.rows)
        .map(|((name, _), row)| format!("| {name} | {row} |"))
        .collect();
    let mut doc = format!(
        "# {title}\n\nEvery runbook in {source} run by `ssmrun run` against the default \
simulated world, with no mocks: default parameters, a plausible value for each required parameter \
(chosen by name, type and pattern in `tests/cli/corpus_params.rs`: instance ids get the default \
world's running instance, tag keys and values a tag its instances carry), `--approve` and `--resume`. \
Generated by `tests/cli/corpus_run.rs` (`UPDATE_GOLDEN=1 cargo test corpus_runs` rewrites it; the \
test fails when this page and reality differ).\n\n## Totals\n\n{}\n\nA run that ends `Success` \
or `Failed` reached a terminal status; `Failed` runs stop \
at the first step that fails: a resource or value the default world lacks, a script that needs a \
mock or another runtime, or a step that would fail in a real account too. Calls nobody simulates \
get synthesized answers and child runbooks not available locally synthesized executions \
([world-and-mocks.md](world-and-mocks.md)). Each row says at which step and why.\n\n## Why runs stopped\n\n{}\n\n",
        plain.totals(),
        plain.causes(),
    );
    let Some(flags) = scripts else {
        doc.push_str(&format!(
            "## Runs\n\n| runbook | outcome |\n|---|---|\n{}\n",
            rows.join("\n")
        ));
        return doc;
    };
    let with = Tally::of(files, dir, flags);
    let success = |t: &Tally| t.counts.get("Success").copied().unwrap_or(0);
    for (row, w) in rows.iter_mut().zip(&with.rows) {
        row.push_str(&format!(" {w} |"));
    }
    doc.push_str(&format!(
        "{SCRIPTS_HEADING}\n\nThe same runs with `--allow-scripts`: each `aws:executeScript` handler \
runs in the sandbox and its AWS calls are answered by the same simulated world (measured only where \
Python 3 with boto3 and a working sandbox are present). Success: {} without scripts, {} with them, \
of {}.\n\n### Totals with scripts\n\n{}\n\n### Why runs stopped with scripts\n\n{}\n\n\
## Runs\n\n| runbook | outcome | with `--allow-scripts` |\n|---|---|---|\n{}\n",
        success(&plain),
        success(&with),
        files.len(),
        with.totals(),
        with.causes(),
        rows.join("\n")
    ));
    doc
}

/// The flags that run the corpus's scripts here, or `None` (printed) when this machine has
/// no Python with boto3 or no sandbox.
fn script_mode() -> Option<Vec<&'static str>> {
    let rt = script_support::runtime()?;
    if !script_support::has_boto3() {
        return script_support::skip("boto3 is not importable by the script interpreter");
    }
    script_support::script_flags(&rt, true)
}

/// Compares `doc` with the checked-in page, or rewrites the page under `UPDATE_GOLDEN`.
/// With `partial`, only the page up to the section with scripts is compared (and never
/// rewritten): this machine could not measure the rest.
fn keep_true(page_path: &str, doc: &str, partial: bool) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(page_path);
    if std::env::var_os("UPDATE_GOLDEN").is_some() && !partial {
        std::fs::write(&path, doc).expect("write the report page");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    let (doc, expected) = if partial {
        let cut = |t: &str| t.find(SCRIPTS_HEADING).map_or(t.len(), |i| i);
        (
            doc[..cut(doc)].to_string(),
            expected[..cut(&expected)].to_string(),
        )
    } else {
        (doc.to_string(), expected)
    };
    assert_eq!(
        doc, expected,
        "{page_path} is out of date; run with UPDATE_GOLDEN=1"
    );
}

#[cfg_attr(
    not(shared_corpus),
    ignore = "needs ../shared/corpus beside the repository"
)]
#[test]
fn corpus_runs_without_crashing_and_outcomes_are_documented() {
    let dir = corpus_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("corpus missing at {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    files.sort();
    assert!(files.len() >= 77, "corpus has {} files", files.len());
    let scripts = script_mode();
    let doc = page(
        "The corpus, run",
        "`../shared/corpus/docs`",
        &files,
        &dir,
        scripts.as_deref(),
    );
    keep_true("docs/corpus-runs.md", &doc, scripts.is_none());
}

#[test]
#[cfg_attr(
    not(project_corpus),
    ignore = "needs the project corpus in ../shared/corpus/project"
)]
fn project_corpus_runs_without_crashing_and_outcomes_are_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("../shared/corpus/project");
    let manifest =
        std::fs::read_to_string(root.join("tests/corpus/MANIFEST.tsv")).expect("manifest");
    let files: Vec<_> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .map(|f| (f.to_string(), dir.join(f)))
        .collect();
    assert!(
        files.len() >= 100,
        "project corpus has {} files",
        files.len()
    );
    let doc = page(
        "The project corpus, run",
        "`../shared/corpus/project` (sources in `tests/corpus/MANIFEST.tsv`)",
        &files,
        &dir,
        None,
    );
    keep_true("docs/project-corpus-runs.md", &doc, false);
}
