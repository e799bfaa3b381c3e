//! `ssmrun ssm <command>`: the `aws ssm` commands for Automation, with the same flags, output
//! shapes, exception names and exit codes, against executions and documents kept in the
//! local store.

mod children;
mod config;
mod describe;
mod documents;
mod error;
mod executions;
mod paging;
mod request;
mod usage;

pub use children::RegistryDocuments;
pub use documents::resolve_document;
pub use error::SsmError;
pub use usage::recover;

use crate::render::awscli::timestamps::{self, TimestampFormat};
use crate::render::awscli::{OutputFormat, QueryError, render, render_pages};
use crate::service::Service;
use crate::store::SqliteStore;
use clap::{Args, Subcommand};
use serde_json::Value;

#[derive(Args, Debug)]
pub struct SsmArgs {
    #[command(subcommand)]
    pub command: SsmCommand,
    /// json, text, table or yaml, as the AWS CLI; else $AWS_DEFAULT_OUTPUT, else json
    #[arg(long, global = true)]
    pub output: Option<String>,
    /// A JMESPath query applied to the response
    #[arg(long, global = true)]
    pub query: Option<String>,
    /// The region a real back end (`--driver boto3`, `--driver-program`) calls; with the
    /// simulated world, accepted for compatibility (the world sets the region)
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Allow calls to your real AWS account: starting an execution with `--driver boto3`
    /// and no `--endpoint-url` (or a driver program with `--user-credentials`), or
    /// advancing one started so
    #[arg(long, global = true)]
    pub real_aws: bool,
    /// Confirm the real AWS account without asking
    #[arg(long, global = true)]
    pub yes: bool,
    /// The profile of the AWS config file whose settings apply (`cli_timestamp_format`)
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// none (epoch seconds, the default) or iso8601; overrides the config file's
    /// `cli_timestamp_format`
    #[arg(long, global = true)]
    pub cli_timestamp_format: Option<String>,
    /// Accepted for compatibility with the AWS CLI (no effect)
    #[arg(long, global = true)]
    pub no_cli_pager: bool,
    /// Send one request and print its response, with the service's NextToken (paginated
    /// commands)
    #[arg(long, global = true)]
    pub no_paginate: bool,
}

#[derive(Subcommand, Debug)]
pub enum SsmCommand {
    #[command(flatten)]
    Executions(executions::ExecutionCommand),
    #[command(flatten)]
    Documents(documents::DocumentCommand),
}

/// What every command gets: the store, the global options that concern executions, and
/// whether paginated commands paginate.
pub struct SsmContext {
    pub store: SqliteStore,
    pub region: Option<String>,
    pub real_aws: bool,
    pub yes: bool,
    pub no_paginate: bool,
}

impl SsmContext {
    /// Runs `f` with the execution service over this store; child documents come from the
    /// registry. A signal stops the steps it runs at the next step boundary.
    pub fn with_service<T>(&self, f: impl FnOnce(&Service<'_, SqliteStore>) -> T) -> T {
        let children = RegistryDocuments { store: &self.store };
        let service = Service::new(&self.store, &children, crate::cli::setup::id_policy())
            .allow_real_aws(self.real_aws)
            .with_interrupt(crate::interrupt::install());
        f(&service)
    }

    /// Wall-clock time for document records (executions use their own virtual clock).
    pub fn now(&self) -> f64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64())
    }
}

/// Run one `ssm` command and return the process exit code.
/// `matches` are the whole command line's, for the request check.
pub fn run(args: &SsmArgs, matches: &clap::ArgMatches) -> i32 {
    let format = match output_format(args.output.as_deref()) {
        Ok(format) => format,
        Err(code) => return code,
    };
    let Some(timestamps) = timestamp_format(args) else {
        return 255;
    };
    if let Some(code) = check_request(args, matches) {
        return code;
    }
    let np = args.no_paginate;
    let (operation, result) = match &args.command {
        SsmCommand::Executions(c) => (c.operation(), with_store(args, |cx| executions::run(c, cx))),
        SsmCommand::Documents(c) => (c.operation(), with_store(args, |cx| documents::run(c, cx))),
    };
    // Merged pages print as the CLI prints a paginated response.
    let pages = match &args.command {
        SsmCommand::Executions(c) => c.paging(),
        SsmCommand::Documents(c) => c.paging(),
    }
    .is_some_and(|p| p.paginates(np));
    let render: Renderer = if pages { render_pages } else { render };
    match result {
        Ok(mut value) => {
            timestamps::apply(&mut value, "ssm", operation, timestamps);
            print_response(render, &value, args, format, operation)
        }
        Err(e) => e.report(operation),
    }
}

type Renderer = fn(&Value, Option<&str>, OutputFormat, &str) -> Result<String, QueryError>;

fn print_response(
    render: Renderer,
    value: &Value,
    args: &SsmArgs,
    format: OutputFormat,
    operation: &str,
) -> i32 {
    match render(value, args.query.as_deref(), format, operation) {
        Ok(text) => {
            print!("{text}");
            interrupted()
        }
        Err(e) => {
            eprintln!("\n{e}");
            255
        }
    }
}

/// `--cli-timestamp-format`, else the config file's `cli_timestamp_format`, else `none`;
/// None (after printing awscli's error) for a value it does not know.
fn timestamp_format(args: &SsmArgs) -> Option<TimestampFormat> {
    let configured = args.cli_timestamp_format.clone().or_else(|| {
        config::AwsConfig::load(args.profile.as_deref())
            .get("cli_timestamp_format")
            .map(str::to_string)
    });
    let Some(name) = configured else {
        return Some(TimestampFormat::Wire);
    };
    let format = TimestampFormat::parse(&name);
    if format.is_none() {
        eprintln!("\n{}", TimestampFormat::unknown(&name));
    }
    format
}

/// The request check of the command being run: `Some(exit code)` when it is refused.
fn check_request(args: &SsmArgs, matches: &clap::ArgMatches) -> Option<i32> {
    let operation = match &args.command {
        SsmCommand::Executions(c) => c.operation(),
        SsmCommand::Documents(c) => c.operation(),
    };
    let (name, sub_matches) = matches.subcommand_matches("ssm")?.subcommand()?;
    let root = <crate::cli::Cli as clap::CommandFactory>::command();
    let command = root.find_subcommand("ssm")?.find_subcommand(name)?;
    match request::check(command, sub_matches, operation) {
        request::Checked::Pass => None,
        // AWS CLI v2's code for a request botocore refuses (v1 exits 255 for every error).
        request::Checked::Client(message) => {
            eprintln!("\n{message}");
            Some(252)
        }
        request::Checked::Service(e) => Some(e.report(operation)),
    }
}

/// 0, or 128 + the number of a signal that stopped the steps this command ran: the
/// execution is stored, Cancelled (docs/exit-codes.md).
fn interrupted() -> i32 {
    match crate::interrupt::pending() {
        Some(signal) => {
            eprintln!(
                "\ninterrupted by {}: ssmrun stopped at a step boundary and stored the execution",
                crate::interrupt::name(signal)
            );
            crate::interrupt::exit_code(signal)
        }
        None => 0,
    }
}

/// `--output`, else `AWS_DEFAULT_OUTPUT` (as the AWS CLI reads its settings), else JSON; a
/// bad value exits with the CLI's code for a bad option (252) or a bad setting (253).
fn output_format(flag: Option<&str>) -> Result<OutputFormat, i32> {
    if let Some(name) = flag {
        return OutputFormat::parse(name).ok_or_else(|| {
            eprintln!(
                "\naws: error: argument --output: Invalid choice, valid choices are:\n\njson | text | table | yaml"
            );
            252
        });
    }
    match std::env::var("AWS_DEFAULT_OUTPUT") {
        Ok(name) if !name.is_empty() => OutputFormat::parse(&name).ok_or_else(|| {
            eprintln!("\nUnknown output type: {name}");
            253
        }),
        _ => Ok(OutputFormat::Json),
    }
}

fn with_store(
    args: &SsmArgs,
    f: impl FnOnce(&SsmContext) -> Result<Value, SsmError>,
) -> Result<Value, SsmError> {
    let store = SqliteStore::open(&SqliteStore::default_path())?;
    f(&SsmContext {
        store,
        region: args.region.clone(),
        real_aws: args.real_aws,
        yes: args.yes,
        no_paginate: args.no_paginate,
    })
}
