//! What a run needs besides the document: the simulated world (default or `--world`),
//! mocks (`--mocks`), parameters (`--parameters`), ids (deterministic with
//! `SSMRUN_DETERMINISTIC=1`, for golden files).

use super::error::CliError;
use crate::document::Document;
use crate::driver::{CloudDriver, DriverChain, Mocks, SimWorld, StepMock};
use crate::exec::{IdSource, RandomIds, SequentialIds, StepMockOutcome, StepMocks};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

pub struct Setup {
    pub driver: DriverChain,
    pub step_mocks: StepMockSource,
    /// The mocks file as read, kept so a persisted execution can rebuild its mocks.
    pub mocks_json: Option<Value>,
}

/// Step mocks are the `Step:` entries of the mocks file; API entries live in the driver.
pub struct StepMockSource(pub Mocks);

impl StepMocks for StepMockSource {
    fn take(&mut self, step: &str) -> Option<StepMockOutcome> {
        Some(match self.0.step_mock(step)? {
            StepMock::Outputs(o) => StepMockOutcome::Outputs(o),
            StepMock::Error(e) => StepMockOutcome::Error {
                code: e.code,
                message: e.message,
            },
        })
    }
}

/// Read a YAML or JSON data file (world, mocks) into JSON, with positions in errors.
pub fn read_data_file(path: &Path, what: &str) -> Result<Value, CliError> {
    let source = super::load::read_source(path)?;
    match crate::parse::parse(&source) {
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
    /// `strict`: calls nobody simulates or mocks fail (`NotSimulated`) instead of getting a
    /// synthesized answer.
    pub fn new(
        world: Option<&Path>,
        mocks: Option<&Path>,
        strict: bool,
    ) -> Result<Setup, CliError> {
        let world = match world {
            None => SimWorld::default_world(),
            Some(p) => SimWorld::from_world_json(&read_data_file(p, "world")?)
                .map_err(|e| CliError::usage(format!("world file `{}`: {e}", p.display())))?,
        };
        let mocks_json = match mocks {
            Some(p) => Some(read_data_file(p, "mocks")?),
            None => None,
        };
        let (api_mocks, step_mocks) = match (&mocks_json, mocks) {
            (Some(v), Some(p)) => {
                let load = || {
                    Mocks::from_json(v)
                        .map_err(|e| CliError::usage(format!("mocks file `{}`: {e}", p.display())))
                };
                (load()?, load()?)
            }
            _ => (Mocks::default(), Mocks::default()),
        };
        Ok(Setup {
            driver: DriverChain::new(world, api_mocks, strict),
            step_mocks: StepMockSource(step_mocks),
            mocks_json,
        })
    }

    pub fn parts(&mut self) -> (&mut dyn CloudDriver, &mut dyn StepMocks) {
        (&mut self.driver, &mut self.step_mocks)
    }

    pub fn resolve_parameters(
        &mut self,
        doc: &Document,
        supplied: &BTreeMap<String, Vec<String>>,
    ) -> Result<Map<String, Value>, CliError> {
        let driver = std::cell::RefCell::new(&mut self.driver);
        let lookup = |name: &str, version: Option<&str>| {
            crate::exec::ssm_parameter(&mut **driver.borrow_mut(), name, version)
        };
        crate::params::resolve_parameters(doc, supplied, &lookup)
            .map_err(|e| CliError::usage(format!("invalid parameters: {e}")))
    }

    /// Report mocks never used, and write the world if asked.
    pub fn finish(&self, world_out: Option<&Path>) -> Result<(), CliError> {
        // The same file feeds both halves; each half reports the entries it owns.
        let api_unused = self.driver.mocks().unused();
        let step_unused = self.step_mocks.0.unused();
        let is_step = |u: &&String| u.contains(": Step ");
        for u in api_unused
            .iter()
            .filter(|u| !is_step(u))
            .chain(step_unused.iter().filter(is_step))
        {
            eprintln!("warning: mock never used: {u}");
        }
        if let Some(p) = world_out {
            let text = serde_json::to_string_pretty(&self.driver.world().to_world_json())
                .unwrap_or_default();
            std::fs::write(p, text + "\n")
                .map_err(|e| CliError::internal(format!("cannot write `{}`: {e}", p.display())))?;
        }
        Ok(())
    }
}

/// Merge every `--parameters` occurrence into the API's map of lists.
pub fn parse_parameters(args: &[String]) -> Result<BTreeMap<String, Vec<String>>, CliError> {
    let mut all = BTreeMap::new();
    for a in args {
        let parsed = crate::params::shorthand::parse_string_list_map(a)
            .map_err(|e| CliError::usage(format!("Error parsing parameter '--parameters': {e}")))?;
        all.extend(parsed);
    }
    Ok(all)
}

pub fn ids() -> Box<dyn IdSource> {
    if std::env::var("SSMRUN_DETERMINISTIC").is_ok_and(|v| v == "1") {
        Box::new(SequentialIds::default())
    } else {
        Box::new(RandomIds)
    }
}

/// Ids for executions kept in the store. Deterministic ids continue after those already
/// stored, so separate processes never reuse one.
pub fn ids_for_store(store: &crate::store::SqliteStore) -> Box<dyn IdSource> {
    use crate::store::ExecutionStore;
    if std::env::var("SSMRUN_DETERMINISTIC").is_ok_and(|v| v == "1") {
        let used: usize = store
            .list()
            .map(|rows| {
                rows.iter()
                    .map(|r| {
                        1 + r
                            .state
                            .pointer("/execution/steps")
                            .and_then(|s| s.as_array())
                            .map_or(0, Vec::len)
                    })
                    .sum()
            })
            .unwrap_or(0);
        Box::new(SequentialIds {
            next: used as u64 * 1000,
        })
    } else {
        Box::new(RandomIds)
    }
}

/// Prompts need both stdin and stderr on a terminal, and no CI.
pub fn can_prompt() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}
