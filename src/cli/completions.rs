//! `ssmrun completions SHELL` and `ssmrun man`: shell completion scripts (clap_complete) and
//! man pages (clap_mangen), generated from the same clap types the parser uses. Completion
//! offers the bundled documents' names wherever a document name is expected.

use super::error::{CliError, exit};
use clap::CommandFactory;
use clap::builder::PossibleValue;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Write one page per command (`ssmrun.1`, `ssmrun-run.1`, …) into this directory
    /// instead of printing the main page
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

/// Arguments that name a document: `run DOCUMENT` and the `ssm` commands' `--document-name`
/// and `--name`.
const DOCUMENT_ARGS: &[&str] = &["document", "document_name", "name"];

/// The command tree with known names as the values of the arguments that take them: the
/// bundled documents, and for `actions NAME` the actions. Shells still complete file names
/// where no name matches (bash falls back to files, fish offers both).
pub fn command() -> clap::Command {
    with_names(super::Cli::command())
}

fn values(names: impl Iterator<Item = &'static str>) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(names.map(PossibleValue::new))
}

fn with_names(mut cmd: clap::Command) -> clap::Command {
    let actions = cmd.get_name() == "actions";
    let ids: Vec<String> = cmd
        .get_arguments()
        .filter(|a| DOCUMENT_ARGS.contains(&a.get_id().as_str()) && a.get_action().takes_values())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| {
            if actions {
                a.value_parser(values(crate::actions::all().iter().map(|a| a.short_name())))
            } else {
                a.value_parser(values(crate::bundled::all().iter().map(|b| b.name)))
            }
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name, with_names);
    }
    cmd
}

pub fn completions(shell: Shell) -> Result<i32, CliError> {
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    clap_complete::generate(shell, &mut command(), "ssmrun", &mut std::io::stdout());
    Ok(exit::SUCCESS)
}

pub fn man(args: &ManArgs) -> Result<i32, CliError> {
    let cmd = super::Cli::command();
    match &args.dir {
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut out)
                .map_err(|e| CliError::internal(format!("cannot render the man page: {e}")))?;
            use std::io::Write;
            std::io::stdout()
                .write_all(&out)
                .map_err(|e| CliError::internal(format!("cannot write the man page: {e}")))?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::usage(format!("cannot create `{}`: {e}", dir.display())))?;
            clap_mangen::generate_to(cmd, dir).map_err(|e| {
                CliError::usage(format!(
                    "cannot write man pages to `{}`: {e}",
                    dir.display()
                ))
            })?;
        }
    }
    Ok(exit::SUCCESS)
}
