//! Finding and checking documents: a path, or the name of a bundled document. A document
//! with errors never runs; its diagnostics print as `validate` prints them.

use super::error::{CliError, exit};
use crate::document::Document;
use crate::exec::{DocumentSource, LoadedDocument};
use crate::render::diagnostics::{FileReport, color_wanted, human};
use crate::source::SourceFile;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Read a file as a source, with invalid UTF-8 reported like any diagnostic.
pub fn read_source(path: &Path) -> Result<SourceFile, CliError> {
    let bytes = std::fs::read(path)
        .map_err(|e| CliError::usage(format!("cannot read `{}`: {e}", path.display())))?;
    let display = path.display().to_string();
    crate::parse::decode(&display, bytes).map_err(|d| {
        let src = SourceFile::new(display.clone(), "");
        print_diagnostics(&src, std::slice::from_ref(&d));
        CliError::silent(exit::USAGE)
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
    if path.is_file() {
        let name = path
            .file_stem()
            .map_or(arg.to_string(), |s| s.to_string_lossy().into_owned());
        return Ok((name, read_source(path)?));
    }
    if let Some(b) = crate::bundled::find(arg) {
        return Ok((
            b.name.to_string(),
            SourceFile::new(format!("<bundled>/{}", b.file_name), b.text),
        ));
    }
    Err(CliError::usage(format!(
        "`{arg}` is neither a file nor a bundled document (see `ssmrun documents`)"
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

/// Child documents for aws:executeAutomation: bundled names, then files beside the parent.
pub struct Documents {
    pub search_dirs: Vec<PathBuf>,
}

impl DocumentSource for Documents {
    fn load(&self, name: &str, _version: Option<&str>) -> Result<LoadedDocument, String> {
        let mut candidates = Vec::new();
        for dir in &self.search_dirs {
            for ext in ["yaml", "yml", "json"] {
                candidates.push(dir.join(format!("{name}.{ext}")));
            }
        }
        let source = match candidates.iter().find(|p| p.is_file()) {
            Some(p) => {
                let bytes =
                    std::fs::read(p).map_err(|e| format!("cannot read `{}`: {e}", p.display()))?;
                crate::parse::decode(&p.display().to_string(), bytes).map_err(|d| d.message)?
            }
            None => match crate::bundled::find(name) {
                Some(b) => SourceFile::new(format!("<bundled>/{}", b.file_name), b.text),
                None => {
                    return Err(format!(
                        "document `{name}` not found (looked for bundled documents and `{name}.yaml` beside the runbook)"
                    ));
                }
            },
        };
        let document = child_document(&source, name)?;
        Ok(LoadedDocument {
            name: name.to_string(),
            version: "1".into(),
            document,
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
