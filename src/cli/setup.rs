//! What a run needs besides the document: the simulated world (default or `--world`),
//! mocks (`--mocks`), parameters (`--parameters`), ids (deterministic with
//! `SSMRUN_DETERMINISTIC=1`, for golden files).

use super::error::CliError;
use crate::driver::{Mocks, SimWorld};
use crate::input::InputKind;
use crate::service::IdPolicy;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

pub struct Setup {
    pub world: SimWorld,
    /// The mocks file as read; the execution keeps it to rebuild its mocks in any process.
    pub mocks_json: Option<Value>,
}

/// Read a YAML or JSON data file (world, mocks) into JSON, with positions in errors.
pub fn read_data_file(path: &Path, kind: InputKind) -> Result<Value, CliError> {
    let what = match kind {
        InputKind::World => "world",
        _ => "mocks",
    };
    let source = super::load::read_source(path, kind)?;
    match crate::parse::parse_with(&source, &crate::parse::Limits::for_input(kind)) {
        Ok(node) => Ok(node.to_json()),
        Err(diags) => {
            super::load::print_diagnostics(&source, &diags);
            Err(CliError::usage(format!(
                "the {what} file `{}` is not valid YAML or JSON",
                path.display()
            )))
        }
    }
}

impl Setup {
    pub fn new(world: Option<&Path>, mocks: Option<&Path>) -> Result<Setup, CliError> {
        let world = match world {
            None => SimWorld::default_world(),
            Some(p) => SimWorld::from_world_json(&read_data_file(p, InputKind::World)?)
                .map_err(|e| CliError::usage(format!("world file `{}`: {e}", p.display())))?,
        };
        let mocks_json = match mocks {
            Some(p) => {
                let v = read_data_file(p, InputKind::Mocks)?;
                // Checked here so that the error names the file.
                Mocks::from_json(&v)
                    .map_err(|e| CliError::usage(format!("mocks file `{}`: {e}", p.display())))?;
                Some(v)
            }
            None => None,
        };
        Ok(Setup { world, mocks_json })
    }
}

/// Warns of mocks never used.
pub fn report_unused(unused: &[String]) {
    for u in unused {
        eprintln!("warning: mock never used: {u}");
    }
}

/// Writes the world as a world file (`--world-out`).
pub fn write_world(world: &SimWorld, path: &Path) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(&world.to_world_json()).unwrap_or_default();
    std::fs::write(path, text + "\n")
        .map_err(|e| CliError::internal(format!("cannot write `{}`: {e}", path.display())))
}

/// Merge every `--parameters` occurrence into the API's map of lists.
pub fn parse_parameters(args: &[String]) -> Result<BTreeMap<String, Vec<String>>, CliError> {
    let mut all = BTreeMap::new();
    for a in args {
        // The error already names the option, as the CLI's does.
        let parsed = crate::params::shorthand::parse_string_list_map(a)
            .map_err(|e| CliError::usage(e.to_string()))?;
        all.extend(parsed);
    }
    Ok(all)
}

/// Sequential ids with `SSMRUN_DETERMINISTIC=1` (read here only), random ones otherwise.
pub fn id_policy() -> IdPolicy {
    if std::env::var("SSMRUN_DETERMINISTIC").is_ok_and(|v| v == "1") {
        IdPolicy::Sequential
    } else {
        IdPolicy::Random
    }
}

/// Prompts need both stdin and stderr on a terminal, and no CI.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}
