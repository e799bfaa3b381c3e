//! The command line: clap types here, one file per command. Nothing below `cli` sees clap.

mod actions_cmd;
mod error;
mod load;
mod prompt;
mod run;
mod setup;
mod validate_cmd;

pub use error::{CliError, exit};

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "ssmrun", version, about = "Validate and run AWS Systems Manager Automation runbooks locally")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check runbooks (files, or directories searched for .yaml/.yml/.json)
    Validate(validate_cmd::ValidateArgs),
    /// Run a runbook (a path or a bundled document's name) against the simulated cloud
    Run(run::RunArgs),
    /// List Automation actions, or show one action's inputs and outputs
    Actions {
        /// e.g. `aws:changeInstanceState` or `changeInstanceState`
        name: Option<String>,
    },
    /// List the bundled documents
    Documents,
}

/// Parse arguments, run, print an error once, return the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { exit::USAGE } else { exit::SUCCESS };
        }
    };
    let result = match cli.command {
        Command::Validate(args) => validate_cmd::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Actions { name } => actions_cmd::run(name.as_deref()),
        Command::Documents => actions_cmd::documents(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if !e.printed {
                eprintln!("error: {e}");
            }
            e.code
        }
    }
}
