//! The command line: clap types here, one file per command. Nothing below `cli` sees clap.

mod actions_cmd;
mod catalogue;
mod completions;
mod console_cmd;
mod driver_args;
mod error;
mod explain;
mod graph_cmd;
mod interactive;
pub(crate) mod load;
mod menu;
mod overrides;
mod preview;
mod prompt;
mod run;
mod save_test;
mod script_args;
mod setup;
pub(crate) mod ssm;
mod store_cmd;
mod test_cmd;
mod validate_cmd;
mod validate_input;
mod walk;
mod world_cmd;

pub use error::{CliError, exit};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// The version line names the botocore release of the embedded service models, because
/// which operations and members are known depends on it.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (AWS service models from botocore {})",
        env!("CARGO_PKG_VERSION"),
        crate::models::BOTOCORE_VERSION
    )
});

#[derive(Parser, Debug)]
#[command(
    name = "ssmrun",
    version = VERSION.as_str(),
    about = "Validate and run AWS Systems Manager Automation runbooks locally"
)]
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
    /// List the documents `run` knows by name: bundled and registered (`ssm create-document`)
    Documents,
    /// The `aws ssm` Automation commands, against executions and documents kept locally
    Ssm(ssm::SsmArgs),
    /// Print a JSON Schema of Automation documents (for editors using yaml-language-server)
    Schema,
    /// Look after the local store: its path, pruning finished executions, releasing a claim
    #[command(subcommand)]
    Store(store_cmd::StoreCommand),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: completions::Shell,
    },
    /// Print the man page, or write one page per command into a directory
    Man(completions::ManArgs),
    /// Run the language server on standard input and output (for editors)
    Lsp,
    /// Run runbook tests (`*.test.yaml` files; see docs/runbook-tests.md)
    Test(test_cmd::TestArgs),
    /// Serve a local web console (127.0.0.1 only) to start and follow executions
    Console(console_cmd::ConsoleArgs),
    /// Draw a runbook's steps and transitions (Mermaid, DOT or text), optionally with a
    /// stored execution's path and statuses
    Graph(graph_cmd::GraphArgs),
    /// Show the simulated world: `world show` prints the default world as a world file
    #[command(subcommand)]
    World(world_cmd::WorldCommand),
}

/// Parse arguments, run, print an error once, return the exit code.
pub fn main() -> i32 {
    // The matches are kept: the `ssm` commands check the request their flags make.
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (cli, matches)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let ssm = std::env::args().nth(1).is_some_and(|a| a == "ssm");
            let args: Vec<String> = std::env::args().collect();
            if let Some(code) = ssm
                .then(|| ssm::recover(&e, &args, &<Cli as clap::CommandFactory>::command()))
                .flatten()
            {
                return code;
            }
            let _ = e.print();
            // The `ssm` commands exit like the AWS CLI: 252 for invalid syntax.
            return match (e.use_stderr(), ssm) {
                (false, _) => exit::SUCCESS,
                (true, true) => 252,
                (true, false) => exit::USAGE,
            };
        }
    };
    let result = match cli.command {
        Command::Validate(args) => validate_cmd::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Actions { name } => actions_cmd::run(name.as_deref()),
        Command::Documents => actions_cmd::documents(),
        Command::Ssm(args) => Ok(ssm::run(&args, &matches)),
        Command::Store(command) => store_cmd::run(&command),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man(args) => completions::man(&args),
        Command::Test(args) => test_cmd::run(&args),
        Command::Console(args) => console_cmd::run(&args),
        Command::Graph(args) => graph_cmd::run(&args),
        Command::World(command) => world_cmd::run(&command),
        Command::Lsp => crate::lsp::serve()
            .map(|()| exit::SUCCESS)
            .map_err(CliError::internal),
        Command::Schema => {
            print!(
                "{}",
                crate::render::diagnostics::pretty(&crate::schema::automation_schema())
            );
            Ok(exit::SUCCESS)
        }
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
