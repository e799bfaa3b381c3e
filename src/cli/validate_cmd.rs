//! `ssmrun validate PATH...`: every problem in every document, for people and for CI.

use super::error::{CliError, exit};
use super::validate_input::{
    InputText, expand, looks_like_runbook, read, relative_to, repository_root,
};
use crate::diagnostic::Diagnostic;
use crate::render::diagnostics::{FileReport, color_wanted, github, human, json};
use crate::render::{junit, sarif::sarif};
use crate::source::SourceFile;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Files or directories (searched recursively for .yaml, .yml and .json); `-` reads
    /// standard input
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Count warnings as errors for the exit code
    #[arg(long)]
    pub deny_warnings: bool,
    /// Skip files that are not Automation documents (no top-level `schemaVersion` and
    /// `mainSteps`), as the pre-commit hook does
    #[arg(long, visible_alias = "hook")]
    pub only_runbooks: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum OutputFormat {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

/// Check documents on every core (each document is independent); results keep file order.
fn check_all(sources: Vec<SourceFile>) -> Vec<(SourceFile, Vec<Diagnostic>)> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(sources.len().max(1));
    let chunk = sources.len().div_ceil(workers).max(1);
    let mut chunks: Vec<Vec<SourceFile>> = Vec::new();
    let mut rest = sources;
    while !rest.is_empty() {
        let tail = rest.split_off(chunk.min(rest.len()));
        chunks.push(std::mem::replace(&mut rest, tail));
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|source| {
                            let diagnostics = crate::validate::check(&source).diagnostics;
                            (source, diagnostics)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        // A panic in a worker is a bug: re-raise it rather than drop its files' results.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

pub fn run(args: &ValidateArgs) -> Result<i32, CliError> {
    let inputs = expand(&args.paths)?;
    let mut sources = Vec::with_capacity(inputs.len());
    let mut early = Vec::new();
    let mut unreadable = false;
    for input in &inputs {
        match read(input) {
            Ok(InputText {
                source,
                early: Some(d),
            }) => early.push((source, vec![d])),
            Ok(InputText { source, .. }) => {
                if !args.only_runbooks || looks_like_runbook(&source) {
                    sources.push(source);
                }
            }
            Err(message) => {
                // Reported now and counted in the exit code, so the other files still print.
                eprintln!("error: {message}");
                unreadable = true;
            }
        }
    }
    if args.only_runbooks && sources.is_empty() && early.is_empty() && !unreadable {
        // pre-commit hands the hook every staged YAML/JSON file; none of them a runbook is
        // the ordinary case, not a failure.
        return Ok(exit::SUCCESS);
    }
    let mut results = early;
    results.extend(check_all(sources));
    if matches!(args.format, OutputFormat::Sarif) {
        let root = repository_root().unwrap_or_else(|| PathBuf::from("."));
        for (source, _) in &mut results {
            if !source.path.starts_with('<') {
                source.path = relative_to(&root, &source.path);
            }
        }
    }
    let reports: Vec<FileReport> = results
        .iter()
        .map(|(source, diagnostics)| FileReport {
            source,
            diagnostics,
        })
        .collect();
    match args.format {
        OutputFormat::Human => {
            let color = color_wanted(std::io::stdout().is_terminal());
            print!("{}", human(&reports, color));
        }
        OutputFormat::Json => println!("{}", json(&reports)),
        OutputFormat::Github => print!("{}", github(&reports)),
        OutputFormat::Sarif => println!("{}", sarif(&reports)),
        OutputFormat::Junit => print!("{}", junit::diagnostics(&reports, args.deny_warnings)),
    }
    let failing = results
        .iter()
        .flat_map(|(_, d)| d)
        .any(|d| d.is_error() || args.deny_warnings);
    Ok(match (unreadable, failing) {
        (true, _) => exit::USAGE,
        (false, true) => exit::FAILED,
        (false, false) => exit::SUCCESS,
    })
}
