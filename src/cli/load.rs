//! Finding and checking documents: a path, or the name of a bundled document. A document
//! with errors never runs; its diagnostics print as `validate` prints them.

use super::error::{CliError, exit};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::exec::{DocumentSource, LoadedDocument};
use crate::input::{InputKind, ReadError, is_stdin, read_capped};
use crate::render::diagnostics::{FileReport, color_wanted, human};
use crate::source::{SourceFile, Span};
use crate::store::DocumentStore;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Why a file gave no source: a problem in its bytes (a diagnostic at a position, reported
/// like any other), or the file could not be read at all.
pub enum Unread {
    Diagnostic(Box<(SourceFile, Diagnostic)>),
    Io(String),
}

/// Read a file (or stdin for `-`) within the cap for `kind`, decoded as UTF-8.
pub fn try_read_source(path: &Path, kind: InputKind) -> Result<SourceFile, Unread> {
    let display = path.display().to_string();
    let empty = || SourceFile::new(display.clone(), "");
    let bytes = match read_capped(path, kind) {
        Ok(bytes) => bytes,
        Err(e @ ReadError::TooLarge { .. }) => {
            let d = Diagnostic::error("input-too-large", Span::point(1, 1), e.to_string());
            return Err(Unread::Diagnostic(Box::new((empty(), d))));
        }
        Err(e @ ReadError::Io { .. }) => return Err(Unread::Io(e.to_string())),
    };
    crate::parse::decode(&display, bytes).map_err(|d| Unread::Diagnostic(Box::new((empty(), *d))))
}

/// Read a file as a source; a problem prints as `validate` prints it and stops the command.
pub fn read_source(path: &Path, kind: InputKind) -> Result<SourceFile, CliError> {
    try_read_source(path, kind).map_err(|unread| match unread {
        Unread::Diagnostic(found) => {
            let (src, d) = *found;
            print_diagnostics(&src, std::slice::from_ref(&d));
            CliError::silent(exit::USAGE)
        }
        Unread::Io(message) => CliError::usage(message),
    })
}

pub fn print_diagnostics(source: &SourceFile, diagnostics: &[crate::diagnostic::Diagnostic]) {
    let color = color_wanted(std::io::stderr().is_terminal());
    eprint!(
        "{}",
        human(
            &[FileReport {
                source,
                diagnostics
            }],
            color
        )
    );
}

/// A path, or a bundled document's name (`AWS-RestartEC2Instance`).
pub fn source_for(arg: &str) -> Result<(String, SourceFile), CliError> {
    let path = Path::new(arg);
    // Not only regular files: `-`, `/dev/stdin` and FIFOs are read within the same cap.
    if is_stdin(path) || (path.exists() && !path.is_dir()) {
        let name = path
            .file_stem()
            .map_or(arg.to_string(), |s| s.to_string_lossy().into_owned());
        return Ok((name, read_source(path, InputKind::Document)?));
    }
    if let Some(b) = crate::bundled::find(arg) {
        return Ok((
            b.name.to_string(),
            SourceFile::new(format!("<bundled>/{}", b.file_name), b.text),
        ));
    }
    Err(CliError::usage(format!(
        "`{arg}` is neither a file nor a bundled or registered document (see `ssmrun documents`)"
    )))
}

/// Parse, lower and validate; errors print and stop here.
pub fn check(source: &SourceFile) -> Result<Document, CliError> {
    let checked = crate::validate::check(source);
    let errors = checked.diagnostics.iter().any(|d| d.is_error());
    if errors {
        print_diagnostics(source, &checked.diagnostics);
        return Err(CliError::silent(exit::USAGE));
    }
    match checked.document {
        Some(document) => Ok(document),
        None => Err(CliError::usage(format!(
            "`{}` could not be read as a runbook",
            source.path
        ))),
    }
}

/// Child documents for aws:executeAutomation: files beside the parent, then the catalogue
/// (bundled documents, then the registry when there is one).
pub struct Documents<'s> {
    pub search_dirs: Vec<PathBuf>,
    pub registry: Option<&'s dyn DocumentStore>,
}

impl DocumentSource for Documents<'_> {
    fn load(&self, name: &str, version: Option<&str>) -> Result<LoadedDocument, String> {
        let mut candidates = Vec::new();
        for dir in &self.search_dirs {
            for ext in ["yaml", "yml", "json"] {
                candidates.push(dir.join(format!("{name}.{ext}")));
            }
        }
        let where_ = if self.registry.is_some() {
            "bundled and registered documents"
        } else {
            "bundled documents"
        };
        let not_found = || {
            format!(
                "document `{name}` not found (looked for {where_} and `{name}.yaml` beside the runbook)"
            )
        };
        let (source, found_version) = match (candidates.iter().find(|p| p.is_file()), self.registry)
        {
            (Some(p), _) => {
                let bytes = read_capped(p, InputKind::Document).map_err(|e| e.to_string())?;
                let source =
                    crate::parse::decode(&p.display().to_string(), bytes).map_err(|d| d.message)?;
                (source, "1".to_string())
            }
            (None, Some(store)) => match crate::cli::ssm::resolve_document(store, name, version) {
                Ok(found) => (SourceFile::new(found.label, found.text), found.version),
                Err(e) if e.exception == Some("AutomationDefinitionNotFoundException") => {
                    return Err(not_found());
                }
                Err(e) => return Err(e.message),
            },
            (None, None) => match crate::bundled::find(name) {
                Some(b) => (
                    SourceFile::new(format!("<bundled>/{}", b.file_name), b.text),
                    "1".to_string(),
                ),
                None => return Err(not_found()),
            },
        };
        let document = child_document(&source, name)?;
        Ok(LoadedDocument {
            name: name.to_string(),
            version: found_version,
            document,
            source: Some(source),
        })
    }
}

/// Check a child document (aws:executeAutomation); its first error is the step's failure.
pub fn child_document(source: &SourceFile, name: &str) -> Result<Document, String> {
    let checked = crate::validate::check(source);
    if let Some(d) = checked.diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!(
            "{}:{}:{}: {}",
            source.path, d.span.line, d.span.col, d.message
        ));
    }
    checked
        .document
        .ok_or_else(|| format!("`{name}` is not a runbook"))
}
