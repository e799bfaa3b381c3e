//! `ssmrun world show`: the default world (or a given world file) as YAML, a starting
//! point for a world file of one's own (docs/world-and-mocks.md).

use super::error::{CliError, exit};
use super::setup::Setup;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum WorldCommand {
    /// Print the built-in default world, or the world a file describes, as a world file
    Show {
        /// A world file to read instead of the default world
        #[arg(long)]
        world: Option<PathBuf>,
    },
}

pub fn run(command: &WorldCommand) -> Result<i32, CliError> {
    match command {
        WorldCommand::Show { world } => {
            let setup = Setup::new(world.as_deref(), None)?;
            print!(
                "{}",
                crate::render::yaml_document(&setup.world.to_world_json())
            );
            Ok(exit::SUCCESS)
        }
    }
}
