//! `ssmrun test` output: one line per case as cargo test prints, the failures in full, a
//! summary, then each runbook's coverage; or the same results as a JUnit report.

use super::junit::{self, Case, Suite};
use crate::runbook_test::{CaseResult, Edge};
use std::fmt::Write as _;

/// The cases of one test file.
pub struct FileResults {
    pub path: String,
    pub cases: Vec<CaseResult>,
}

/// One runbook's coverage: its name, counts and what no test exercised.
pub struct CoverageReport {
    pub document: String,
    pub steps: (usize, usize),
    pub edges: (usize, usize),
    pub steps_never_run: Vec<String>,
    pub edges_never_taken: Vec<Edge>,
}

pub fn header(cases: usize, files: usize) -> String {
    format!(
        "\nrunning {} from {}\n",
        plural(cases, "case"),
        plural(files, "file")
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `test FILE: CASE ... ok|FAILED`
pub fn case_line(file: &str, case: &CaseResult) -> String {
    let verdict = if case.passed() { "ok" } else { "FAILED" };
    format!("test {file}: {} ... {verdict}", case.name)
}

/// The failures in full and the summary line.
pub fn summary(files: &[FileResults]) -> String {
    let mut out = String::new();
    let failed: Vec<(&str, &CaseResult)> = files
        .iter()
        .flat_map(|f| f.cases.iter().map(move |c| (f.path.as_str(), c)))
        .filter(|(_, c)| !c.passed())
        .collect();
    if !failed.is_empty() {
        out.push_str("\nfailures:\n");
        for (file, case) in &failed {
            let _ = writeln!(out, "\n---- {file}: {} ----", case.name);
            for f in &case.failures {
                let _ = writeln!(out, "{f}");
            }
        }
    }
    let total: usize = files.iter().map(|f| f.cases.len()).sum();
    let verdict = if failed.is_empty() { "ok" } else { "FAILED" };
    let _ = writeln!(
        out,
        "\ntest result: {verdict}. {} passed; {} failed",
        total - failed.len(),
        failed.len()
    );
    out
}

pub fn coverage(reports: &[CoverageReport]) -> String {
    let mut out = String::new();
    if reports.is_empty() {
        return out;
    }
    out.push_str("\ncoverage:\n");
    for r in reports {
        let _ = writeln!(
            out,
            "  {}: {}/{} steps, {}/{} edges",
            r.document, r.steps.0, r.steps.1, r.edges.0, r.edges.1
        );
        for s in &r.steps_never_run {
            let _ = writeln!(out, "    step never run: {s}");
        }
        for e in &r.edges_never_taken {
            let _ = writeln!(
                out,
                "    edge never taken: {} -> {} ({})",
                e.from, e.to, e.kind
            );
        }
    }
    out
}

pub fn junit(files: &[FileResults]) -> String {
    let suites: Vec<Suite> = files
        .iter()
        .map(|f| Suite {
            name: f.path.clone(),
            cases: f
                .cases
                .iter()
                .map(|c| Case {
                    classname: f.path.clone(),
                    name: c.name.clone(),
                    failure: c
                        .failures
                        .first()
                        .map(|first| (first.clone(), c.failures.join("\n"))),
                    output: String::new(),
                })
                .collect(),
        })
        .collect();
    junit::report("ssmrun test", &suites)
}
