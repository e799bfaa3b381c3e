//! The directory walk shared by the commands that take "files or directories": entries in
//! name order, hidden directories skipped, so every command finds the same files the same way.

use super::error::CliError;
use std::path::{Path, PathBuf};

/// Files under `dir` that `keep` accepts, depth first in name order, descending into the
/// directories that are not hidden and that `descend` accepts.
pub fn files_under(
    dir: &Path,
    descend: &dyn Fn(&Path) -> bool,
    keep: &dyn Fn(&Path) -> bool,
    out: &mut Vec<PathBuf>,
) -> Result<(), CliError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CliError::usage(format!("cannot read directory `{}`: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            let hidden = p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden && descend(&p) {
                files_under(&p, descend, keep, out)?;
            }
        } else if keep(&p) {
            out.push(p);
        }
    }
    Ok(())
}
