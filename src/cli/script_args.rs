//! The options for `aws:executeScript`, shared by `run` and `ssm start-automation-execution`.

use crate::script::ScriptSettings;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Clone, Debug, Default)]
pub struct ScriptArgs {
    /// Run aws:executeScript handlers, in a sandbox: no network, no host files beyond the
    /// Python installation, no credentials; their AWS calls are answered by this run
    #[arg(long)]
    pub allow_scripts: bool,
    /// Run scripts without the sandbox, with your own privileges, files and network
    #[arg(long, requires = "allow_scripts")]
    pub unsandboxed_scripts: bool,
    /// Python interpreter for every Python runtime [env: SSMRUN_PYTHON] (default: `python3.N`
    /// on PATH for runtime `python3.N`, then `python3` of that version)
    #[arg(long, value_name = "PATH")]
    pub python: Option<PathBuf>,
    /// Folder holding the files that `Attachment` inputs name
    #[arg(long, value_name = "DIR")]
    pub attachments: Option<PathBuf>,
}

impl ScriptArgs {
    /// The settings, with paths made absolute: a stored execution may be resumed from
    /// another directory.
    pub fn settings(&self) -> ScriptSettings {
        let python = self.python.clone().or_else(|| {
            std::env::var_os("SSMRUN_PYTHON")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        ScriptSettings {
            unsandboxed: self.unsandboxed_scripts,
            // A bare name (`python3.12`) is looked up on PATH when the script runs.
            python: python.map(|p| {
                if p.components().count() > 1 {
                    absolute(&p)
                } else {
                    p
                }
            }),
            attachments: self.attachments.as_deref().map(absolute),
        }
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
