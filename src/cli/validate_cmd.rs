//! `ssmrun validate PATH...`: every problem in every document, for people and for CI.

use super::error::{CliError, exit};
use super::load::{Unread, try_read_source};
use crate::diagnostic::Diagnostic;
use crate::input::InputKind;
use crate::render::diagnostics::{FileReport, color_wanted, github, human, json, sarif};
use crate::source::SourceFile;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Files or directories (searched recursively for .yaml, .yml and .json)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Count warnings as errors for the exit code
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum OutputFormat {
    Human,
    Json,
    Github,
    Sarif,
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

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| {
                CliError::usage(format!("cannot read directory `{}`: {e}", path.display()))
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if p.is_dir() && !hidden {
                collect(&p, out)?;
            } else if p
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                out.push(p);
            }
        }
        Ok(())
    } else if path.exists() || crate::input::is_stdin(path) {
        out.push(path.to_path_buf());
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "`{}` does not exist",
            path.display()
        )))
    }
}

/// What one path gave: sources to check, diagnostics found while reading, or an error.
enum Read {
    Source(SourceFile),
    Unchecked(SourceFile, Diagnostic),
}

pub fn run(args: &ValidateArgs) -> Result<i32, CliError> {
    // One bad path never hides another file's diagnostics: each failure is printed as it
    // comes, the rest are still checked, and the exit code is the worst of all.
    let mut unreadable = false;
    let mut reads = Vec::new();
    for p in &args.paths {
        let mut files = Vec::new();
        if let Err(e) = collect(p, &mut files) {
            eprintln!("error: {}", e.message);
            unreadable = true;
        }
        for f in files {
            match try_read_source(&f, InputKind::Document) {
                Ok(source) => reads.push(Read::Source(source)),
                Err(Unread::Diagnostic(found)) => {
                    let (source, d) = *found;
                    reads.push(Read::Unchecked(source, d));
                }
                Err(Unread::Io(message)) => {
                    eprintln!("error: {message}");
                    unreadable = true;
                }
            }
        }
    }
    let mut sources = Vec::new();
    let mut early = Vec::new();
    for (index, read) in reads.into_iter().enumerate() {
        match read {
            Read::Source(source) => sources.push(source),
            Read::Unchecked(source, d) => early.push((index, (source, vec![d]))),
        }
    }
    let mut results = check_all(sources);
    // Put the files that failed early back at their place in the argument order.
    for (index, result) in early {
        results.insert(index, result);
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
    }
    let failing = results
        .iter()
        .flat_map(|(_, d)| d)
        .any(|d| d.is_error() || args.deny_warnings);
    Ok(if unreadable {
        exit::USAGE
    } else if failing {
        exit::FAILED
    } else {
        exit::SUCCESS
    })
}
