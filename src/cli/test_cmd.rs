//! `ssmrun test [PATH...]`: run runbook test files (`*.test.yaml`, `*.test.yml`,
//! `*.test.json`) and report like cargo test, or as JUnit.

use super::error::{CliError, exit};
use super::load::Documents;
use crate::render::test_report::{self, CoverageReport, FileResults};
use crate::runbook_test::{self, CaseResult, Coverage, TestFile};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct TestArgs {
    /// Test files, or directories searched for `*.test.yaml`, `*.test.yml` and `*.test.json`
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: TestFormat,
    /// Also write a JUnit report to this file
    #[arg(long)]
    pub junit: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestFormat {
    Human,
    Junit,
}

fn is_test_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    [".test.yaml", ".test.yml", ".test.json"]
        .iter()
        .any(|s| name.ends_with(s))
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    if path.is_dir() {
        super::walk::files_under(path, &|d| !d.ends_with("target"), &is_test_file, out)
    } else if path.is_file() {
        out.push(path.to_path_buf());
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "`{}` does not exist",
            path.display()
        )))
    }
}

pub fn run(args: &TestArgs) -> Result<i32, CliError> {
    let mut paths = Vec::new();
    for p in &args.paths {
        collect(p, &mut paths)?;
    }
    if paths.is_empty() {
        return Err(CliError::usage(
            "no test file found (looked for *.test.yaml, *.test.yml and *.test.json)",
        ));
    }
    let mut files = Vec::new();
    let mut broken = false;
    for p in &paths {
        match runbook_test::read(p) {
            Ok(f) => files.push(f),
            Err(e) => {
                eprintln!("error: {e}");
                broken = true;
            }
        }
    }
    let human = args.format == TestFormat::Human;
    if human {
        let cases: usize = files.iter().map(|f| f.cases.len()).sum();
        print!("{}", test_report::header(cases, files.len()));
    }
    let mut results = Vec::new();
    let mut coverage: BTreeMap<String, (crate::document::Document, Coverage)> = BTreeMap::new();
    for file in &files {
        let path = file.path.display().to_string();
        let children = Documents {
            search_dirs: vec![child_dir(file)],
            registry: None,
        };
        let mut cases = Vec::new();
        for case in &file.cases {
            let result = match runbook_test::run(file, case, &children) {
                Ok(run) => {
                    let label = runbook_test::document(file)
                        .map(|d| d.label)
                        .unwrap_or_default();
                    let entry = coverage
                        .entry(label)
                        .or_insert_with(|| (run.document.clone(), Coverage::default()));
                    entry.1.add(&run.document, &run.execution);
                    CaseResult {
                        name: case.name.clone(),
                        failures: runbook_test::check(&case.expect, &run),
                    }
                }
                Err(e) => CaseResult {
                    name: case.name.clone(),
                    failures: vec![format!("could not run: {e}")],
                },
            };
            if human {
                println!("{}", test_report::case_line(&path, &result));
            }
            cases.push(result);
        }
        results.push(FileResults { path, cases });
    }
    let reports = coverage_reports(&coverage);
    match args.format {
        TestFormat::Human => {
            print!("{}", test_report::summary(&results));
            print!("{}", test_report::coverage(&reports));
        }
        TestFormat::Junit => print!("{}", test_report::junit(&results)),
    }
    if let Some(out) = &args.junit {
        std::fs::write(out, test_report::junit(&results))
            .map_err(|e| CliError::internal(format!("cannot write `{}`: {e}", out.display())))?;
    }
    let failed = results.iter().flat_map(|f| &f.cases).any(|c| !c.passed());
    Ok(match (broken, failed) {
        (true, _) => exit::USAGE,
        (false, true) => exit::FAILED,
        (false, false) => exit::SUCCESS,
    })
}

/// Child documents are looked up beside the runbook under test.
fn child_dir(file: &TestFile) -> PathBuf {
    let base = file
        .path
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let doc = base.join(&file.document);
    match doc.parent() {
        Some(dir) if doc.is_file() => dir.to_path_buf(),
        _ => base,
    }
}

fn coverage_reports(
    all: &BTreeMap<String, (crate::document::Document, Coverage)>,
) -> Vec<CoverageReport> {
    all.iter()
        .map(|(label, (doc, cov))| {
            let (steps_never_run, edges_never_taken) = cov.gaps(doc);
            let steps = doc.all_steps().len();
            let edges = runbook_test::edges(doc).len();
            CoverageReport {
                document: label.clone(),
                steps: (steps - steps_never_run.len(), steps),
                edges: (edges - edges_never_taken.len(), edges),
                steps_never_run,
                edges_never_taken,
            }
        })
        .collect()
}
