//! `ssmrun console`: the local web console, over the same store as the `ssm` commands.

use super::error::{CliError, exit};
use super::setup;
use crate::console::{self, Settings};
use crate::store::SqliteStore;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ConsoleArgs {
    /// The port on 127.0.0.1 to listen on; 0 picks a free one
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// A world file for the simulated cloud of executions started from the console
    #[arg(long)]
    pub world: Option<PathBuf>,
    /// A mocks file for executions started from the console
    #[arg(long)]
    pub mocks: Option<PathBuf>,
    #[command(flatten)]
    pub scripts: super::script_args::ScriptArgs,
}

pub fn run(args: &ConsoleArgs) -> Result<i32, CliError> {
    let setup = setup::Setup::new(args.world.as_deref(), args.mocks.as_deref())?;
    let path = SqliteStore::default_path();
    let store = SqliteStore::open(&path).map_err(|e| CliError::internal(e.to_string()))?;
    let settings = Settings {
        port: args.port,
        world: setup.world,
        mocks: setup.mocks_json,
        ids: setup::id_policy(),
        allow_scripts: args.scripts.allow_scripts,
        scripts: args.scripts.settings(),
    };
    console::serve(store, settings).map_err(|e| CliError::internal(e.to_string()))?;
    Ok(exit::SUCCESS)
}
