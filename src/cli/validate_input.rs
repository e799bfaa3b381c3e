//! What `validate` reads: files, directories searched for runbooks, or `-` for standard
//! input. One unreadable file is reported and skipped so it never hides the others, and in
//! `--only-runbooks` mode (the pre-commit hook) files that are not Automation documents are
//! left alone.

use super::error::CliError;
use super::load::{Unread, try_read_source};
use crate::diagnostic::Diagnostic;
use crate::input::InputKind;
use crate::parse::{Node, parse};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// Where a checked text came from.
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// One text to check, or the diagnostic that says why it could not be decoded.
pub struct InputText {
    pub source: SourceFile,
    pub early: Option<Diagnostic>,
}

/// Expand the command-line paths. A directory that holds no candidate file is an error: a
/// CI job pointed at the wrong directory must not pass by checking nothing.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Input>, CliError> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let before = out.len();
        collect(p, &mut out)?;
        if out.len() == before {
            return Err(CliError::usage(format!(
                "no runbook found under `{}` (looked for .yaml, .yml and .json files)",
                p.display()
            )));
        }
    }
    Ok(out)
}

fn collect(path: &Path, out: &mut Vec<Input>) -> Result<(), CliError> {
    if path.is_dir() {
        let mut found = Vec::new();
        let is_runbook_file = |p: &Path| {
            p.extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        };
        super::walk::files_under(path, &|_| true, &is_runbook_file, &mut found)?;
        // `validate .` names `runbooks/a.yaml`, not `./runbooks/a.yaml`, as the paths
        // annotations and reports are matched against.
        out.extend(
            found
                .into_iter()
                .map(|p| Input::File(p.strip_prefix(".").map_or(p.clone(), Path::to_path_buf))),
        );
        Ok(())
    } else if path.exists() || path.symlink_metadata().is_ok() {
        // A dangling link is a file that cannot be read, reported with the others.
        out.push(Input::File(path.to_path_buf()));
        Ok(())
    } else {
        Err(CliError::usage(format!(
            "`{}` does not exist",
            path.display()
        )))
    }
}

/// Read one input within the document cap. Invalid UTF-8 or a text past the cap becomes the
/// file's diagnostic; an I/O failure is an operational error for that file alone.
pub fn read(input: &Input) -> Result<InputText, String> {
    let (name, path) = match input {
        Input::Stdin => ("<stdin>".to_string(), Path::new("-")),
        Input::File(path) => (path.display().to_string(), path.as_path()),
    };
    match try_read_source(path, InputKind::Document) {
        Ok(mut source) => {
            source.path = name;
            Ok(InputText {
                source,
                early: None,
            })
        }
        Err(Unread::Diagnostic(found)) => {
            let (_, d) = *found;
            Ok(InputText {
                source: SourceFile::new(name, ""),
                early: Some(d),
            })
        }
        Err(Unread::Io(message)) => Err(message),
    }
}

/// Schema versions of the other SSM document types (Command 1.2/2.0/2.2, Session 1.0,
/// Package and Policy 2.0). Automation documents use 0.3; see docs/semantics.md.
const OTHER_DOCUMENT_SCHEMAS: &[&str] = &["1.0", "1.2", "2.0", "2.2"];

/// Whether a text looks like an Automation document: a top-level `schemaVersion` and
/// `mainSteps`, and no schema version of another document type. Text that does not parse
/// counts when both keys appear at the start of a line, so a broken runbook is still checked.
pub fn looks_like_runbook(source: &SourceFile) -> bool {
    match parse(source) {
        Ok(root) => node_is_runbook(&root),
        Err(_) => {
            let has_key = |key: &str| {
                source.text.lines().any(|l| {
                    let l = l.trim_start().trim_start_matches(['{', '"', '\'']);
                    l.strip_prefix(key)
                        .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).starts_with(':'))
                })
            };
            has_key("schemaVersion") && has_key("mainSteps")
        }
    }
}

fn node_is_runbook(root: &Node) -> bool {
    let Some(version) = root.get("schemaVersion") else {
        return false;
    };
    if root.get("mainSteps").is_none() {
        return false;
    }
    let version = version.to_json();
    let text = match &version {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    !OTHER_DOCUMENT_SCHEMAS.contains(&text.as_str())
}

/// The repository root above the working directory (the nearest directory holding `.git`).
pub fn repository_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// `path` relative to `root` with `/` separators, as code scanning expects artifact URIs;
/// the path unchanged when it lies outside `root` or cannot be resolved.
pub fn relative_to(root: &Path, path: &str) -> String {
    let resolved = std::fs::canonicalize(path).ok();
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match resolved.as_deref().and_then(|p| p.strip_prefix(&root).ok()) {
        Some(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_runbook(text: &str) -> bool {
        looks_like_runbook(&SourceFile::new("t.yaml", text))
    }

    #[test]
    fn only_automation_documents_count_as_runbooks() {
        assert!(is_runbook("schemaVersion: '0.3'\nmainSteps: []\n"));
        assert!(is_runbook(
            "{\"schemaVersion\": \"0.3\", \"mainSteps\": []}"
        ));
        // a broken runbook is still a runbook
        assert!(is_runbook(
            "schemaVersion: '0.3'\nmainSteps:\n  - name: [\n"
        ));
        assert!(!is_runbook("on: push\njobs: {}\n"));
        assert!(!is_runbook("{\"name\": \"pkg\", \"version\": \"1.0.0\"}"));
        // a Command document has mainSteps too
        assert!(!is_runbook("schemaVersion: '2.2'\nmainSteps: []\n"));
        assert!(!is_runbook("schemaVersion: '0.3'\n"));
    }
}
