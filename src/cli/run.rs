//! `ssmrun run DOCUMENT`: one execution, start to end, in this process.

use super::error::{CliError, exit};
use super::load::{self, Documents};
use super::setup::{self, Setup};
use crate::driver::external::DriverSettings;
use crate::driver::{CallLog, CloudDriver};
use crate::exec::{Execution, Mode, Observer, Signal, Status};
use crate::render::calls::{calls_json, mocks_file, start_calls, step_calls, synthesized_summary};
use crate::render::records::automation_execution;
use crate::render::run_text::{step_line, summary};
use crate::service::{Service, ServiceError, StartRequest, StoredDocument};
use crate::source::SourceFile;
use crate::store::SqliteStore;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// A runbook file, or the name of a bundled or registered document (see `ssmrun documents`)
    pub document: String,
    /// Parameters as the AWS CLI takes them: `Key=Value,Key2=a,b`, JSON, or file://params.json
    #[arg(long = "parameters", short = 'p')]
    pub parameters: Vec<String>,
    /// A world file (instances, images, parameters) instead of the built-in default world
    #[arg(long)]
    pub world: Option<PathBuf>,
    /// Write the simulated world's final state here
    #[arg(long)]
    pub world_out: Option<PathBuf>,
    /// Canned API responses and step outputs
    #[arg(long)]
    pub mocks: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub output: RunOutput,
    /// Auto runs every step; Interactive asks before each step
    #[arg(long, value_enum, default_value = "Auto")]
    pub mode: ModeArg,
    /// Shorthand for `--mode Interactive`
    #[arg(short = 'i', long = "interactive")]
    pub interactive: bool,
    /// Answer "execute" to every interactive prompt (needed without a terminal)
    #[arg(long)]
    pub yes: bool,
    /// Approve every aws:approve step
    #[arg(long, conflicts_with = "reject")]
    pub approve: bool,
    /// Reject every aws:approve step
    #[arg(long)]
    pub reject: bool,
    /// Resume every aws:pause step
    #[arg(long)]
    pub resume: bool,
    /// Fail calls that neither the simulation nor a mock answers (`NotSimulated`), and child
    /// automations whose document is not available locally, instead of synthesizing them
    #[arg(long)]
    pub strict: bool,
    /// Print every API call under its step: request, response, and who answered
    #[arg(long)]
    pub trace: bool,
    /// Write a mocks file answering every call of this run as it was answered
    #[arg(long)]
    pub mocks_out: Option<PathBuf>,
    #[command(flatten)]
    pub scripts: super::script_args::ScriptArgs,
    #[command(flatten)]
    pub back_end: super::driver_args::DriverArgs,
    /// The region a real back end (`--driver boto3`, `--driver-program`) calls (default: the
    /// world's region)
    #[arg(long)]
    pub region: Option<String>,
    /// Allow `--driver boto3` without `--endpoint-url` (or a driver program with
    /// `--user-credentials`) to call your real AWS account, after a confirmation naming the
    /// account and region (`--yes` confirms without asking)
    #[arg(long)]
    pub real_aws: bool,
    /// Write a runbook test file expecting what this run did (docs/runbook-tests.md)
    #[arg(long, value_name = "FILE")]
    pub save_test: Option<PathBuf>,
    /// Say before each step what it will do with its resolved inputs, and after it what
    /// happened and why the run goes where it goes (docs/explain.md)
    #[arg(long)]
    pub explain: bool,
    /// After the run, list the simulated resources it created, changed (field by field)
    /// and deleted
    #[arg(long)]
    pub world_diff: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutput {
    Text,
    Json,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeArg {
    #[value(name = "Auto")]
    Auto,
    #[value(name = "Interactive")]
    Interactive,
}

/// Prints each step as it finishes (text output only), with the calls it made beneath it
/// when they are traced or were not answered by the simulation or a mock.
pub struct LinePrinter {
    pub enabled: bool,
    pub color: bool,
    pub calls: Option<CallLog>,
    pub trace: bool,
    /// Calls of the log already printed.
    pub shown: usize,
}

impl LinePrinter {
    pub fn new(enabled: bool, color: bool) -> LinePrinter {
        LinePrinter {
            enabled,
            color,
            calls: None,
            trace: false,
            shown: 0,
        }
    }
}

impl Observer for LinePrinter {
    fn step_finished(&mut self, exec: &Execution, record: usize) {
        if !self.enabled {
            return;
        }
        let calls = match &self.calls {
            Some(log) => log.since(self.shown),
            None => Vec::new(),
        };
        self.shown += calls.len();
        // Calls outside steps (Parameter Store reads of defaults at start) come first, under
        // a line of their own.
        print!("{}", start_calls(&calls, self.trace));
        println!("{}", step_line(&exec.steps[record], self.color));
        if self.calls.is_some() {
            let step = &exec.steps[record].step_name;
            let own: Vec<_> = calls
                .into_iter()
                .filter(|c| c.step.as_ref() == Some(step))
                .collect();
            print!("{}", step_calls(&own, self.trace));
        }
    }
}

pub fn run(args: &RunArgs) -> Result<i32, CliError> {
    // Every execution is stored, so that one left Waiting can be signalled from elsewhere.
    let store = open_store()?;
    let document = document(&args.document, &store)?;
    let checked = load::check(&SourceFile::new(
        document.label.clone(),
        document.text.clone(),
    ))?;
    let interactive = args.interactive || args.mode == ModeArg::Interactive;
    if interactive && !setup::can_prompt() && !args.yes {
        return Err(CliError::usage(
            "interactive mode needs a terminal to ask on; pass --yes to execute every step in order, or use `ssmrun ssm send-automation-signal`",
        ));
    }
    if (args.explain || args.world_diff) && args.output == RunOutput::Json {
        return Err(CliError::usage(
            "`--explain` and `--world-diff` print text: leave out `--output json`",
        ));
    }
    let setup = Setup::new(args.world.as_deref(), args.mocks.as_deref())?;
    let started = back_end(args, &setup)?;
    let driver = started.as_ref().map(|(settings, _)| settings.clone());
    let world_before = args.world_diff.then(|| setup.world.to_world_json());
    let request = StartRequest {
        document,
        checked: Some(checked.clone()),
        parameters: setup::parse_parameters(&args.parameters)?,
        mode: if interactive {
            Mode::Interactive
        } else {
            Mode::Auto
        },
        world: setup.world,
        mocks: setup.mocks_json,
        allow_scripts: args.scripts.allow_scripts,
        scripts: args.scripts.settings(),
        strict: args.strict,
        driver,
    };
    let documents = Documents {
        search_dirs: search_dirs(&args.document),
        registry: Some(&store),
    };
    let service =
        Service::new(&store, &documents, setup::id_policy()).allow_real_aws(args.real_aws);
    if let Some((settings, driver)) = started {
        service.lend_driver(settings, driver);
    }
    if interactive {
        return super::interactive::run(args, &service, request);
    }
    let service = service.with_interrupt(crate::interrupt::install());
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let log = service.call_log();
    let mut printer = LinePrinter::new(args.output == RunOutput::Text, color);
    printer.calls = Some(log.clone());
    printer.trace = args.trace;
    let mut printer = super::explain::Explained::new(&mut printer, args.explain);
    let parameters = request.parameters.clone();
    let id = service.start(request, &mut printer).map_err(failure)?;
    let mut sent = Vec::new();
    let exec = loop {
        let exec = service.execution(&id).map_err(failure)?;
        if exec.status != Status::Waiting || crate::interrupt::pending().is_some() {
            break exec;
        }
        let Some((signal, payload)) = answer(args, &exec)? else {
            break exec;
        };
        if let Some(step) = exec.current_step() {
            sent.push((step.step_name.clone(), format!("{signal:?}")));
        }
        service
            .signal(&id, signal, &payload, &mut printer)
            .map_err(failure)?;
    };
    let pending = crate::exec::pending_steps(&checked, &exec);
    match args.output {
        RunOutput::Text => {
            for p in &pending {
                println!("{}", step_line(p, color));
                if args.explain {
                    println!("    ↳ {}", crate::render::explain::not_run(exec.status));
                }
            }
            print!("{}", summary(&exec, color, args.back_end.is_external()));
            print!("{}", synthesized_summary(&log.calls()));
            let children = descendants(&service, &exec).map_err(failure)?;
            let family: Vec<&Execution> = std::iter::once(&exec).chain(&children).collect();
            print!("{}", crate::render::run_text::synthesized_children(&family));
            if exec.status == Status::Waiting
                && let Some(r) = exec.current_step()
            {
                let (flags, signal) = if r.action == "aws:approve" {
                    ("--approve or --reject", "Approve")
                } else {
                    ("--resume", "Resume")
                };
                println!(
                    "  step `{}` ({}) is waiting: rerun with {flags}, or continue this execution \
                     with `ssmrun ssm send-automation-signal --automation-execution-id {} \
                     --signal-type {signal}`",
                    r.step_name, r.action, exec.id
                );
            }
        }
        RunOutput::Json => {
            let mut value = automation_execution(&exec, &pending);
            let children = descendants(&service, &exec).map_err(failure)?;
            if !children.is_empty() {
                let list = children
                    .iter()
                    .map(|c| {
                        let mut record = automation_execution(c, &[]);
                        // Marked as synthesized API answers are (`AnsweredBy` in `ApiCalls`).
                        if c.synthesized {
                            record["AnsweredBy"] = "synthesized".into();
                        }
                        record
                    })
                    .collect();
                value["ChildAutomationExecutions"] = serde_json::Value::Array(list);
            }
            value["ApiCalls"] = calls_json(&log.calls());
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    if let Some(path) = &args.save_test {
        let given = super::save_test::Given {
            document: &args.document,
            parameters: &parameters,
            world: args.world.as_deref(),
            mocks: args.mocks.as_deref(),
            signals: &sent,
            calls: &log.calls(),
        };
        super::save_test::write(path, &given, &exec, &checked)?;
    }
    if let Some(path) = &args.mocks_out {
        let text = serde_json::to_string_pretty(&mocks_file(&log.calls())).unwrap_or_default();
        std::fs::write(path, text + "\n")
            .map_err(|e| CliError::internal(format!("cannot write `{}`: {e}", path.display())))?;
    }
    setup::report_unused(&service.unused_mocks(&id).map_err(failure)?);
    if let Some(before) = &world_before {
        let after = service.world(&id).map_err(failure)?.to_world_json();
        let changes = crate::render::world_diff::diff(before, &after);
        print!("{}", crate::render::world_diff::render(&changes));
    }
    if let Some(path) = &args.world_out {
        setup::write_world(&service.world(&id).map_err(failure)?, path)?;
    }
    if let Some(code) = interrupted(&exec) {
        return Ok(code);
    }
    Ok(match exec.status {
        Status::Success => exit::SUCCESS,
        Status::Waiting => exit::WAITING,
        _ => exit::FAILED,
    })
}

/// After a signal: says what became of the execution and gives the exit code 128 + the
/// signal's number (docs/exit-codes.md).
pub fn interrupted(exec: &Execution) -> Option<i32> {
    let signal = crate::interrupt::pending()?;
    eprintln!(
        "error: interrupted by {}: execution {} is stored as {}",
        crate::interrupt::name(signal),
        exec.id,
        exec.status.as_str()
    );
    Some(crate::interrupt::exit_code(signal))
}

/// The real back end chosen with `--driver` or `--driver-program`, checked, started, and
/// confirmed when it is the user's AWS account; None for the simulated world.
fn back_end(args: &RunArgs, setup: &Setup) -> Result<Option<StartedBackEnd>, CliError> {
    let settings = args.back_end.settings(args.region.as_deref())?;
    let Some(mut settings) = settings else {
        if args.region.is_some() || args.real_aws {
            return Err(CliError::usage(
                "`--region` and `--real-aws` apply to a real back end: add `--driver boto3` or `--driver-program` (the simulated world's region comes from its world file)",
            ));
        }
        return Ok(None);
    };
    let unused_world = if args.world_diff {
        Some("`--world-diff` compares")
    } else if args.world_out.is_some() {
        Some("`--world-out` writes")
    } else {
        None
    };
    if let Some(option) = unused_world {
        return Err(CliError::usage(format!(
            "{option} the simulated world, which a real back end (`--driver boto3`, `--driver-program`) does not use"
        )));
    }
    if args.save_test.is_some() {
        return Err(CliError::usage(
            "`--save-test` writes a test that runs on the simulated world: record this run's answers with `--mocks-out`, then save the test from a run with `--mocks`",
        ));
    }
    let python = args.scripts.settings().python;
    let region = setup.world.region();
    let driver = super::driver_args::start_back_end(
        &mut settings,
        args.real_aws,
        args.yes,
        python.as_deref(),
        &region,
    )?;
    Ok(Some((settings, driver)))
}

/// A real back end's settings, and its driver, started.
type StartedBackEnd = (DriverSettings, Box<dyn crate::driver::CloudDriver>);

/// Every execution `exec` started through `aws:executeAutomation`, nested ones first, in the
/// order they ended.
fn descendants(
    service: &Service<'_, SqliteStore>,
    exec: &Execution,
) -> Result<Vec<Execution>, ServiceError> {
    let mut out = Vec::new();
    for id in &exec.child_ids {
        let child = service.execution(id)?;
        out.extend(descendants(service, &child)?);
        out.push(child);
    }
    Ok(out)
}

/// The store every execution is kept in.
/// A file, else a bundled or registered document (the default version) by name.
fn document(arg: &str, store: &SqliteStore) -> Result<StoredDocument, CliError> {
    match load::source_for(arg) {
        Ok((name, source)) => Ok(StoredDocument {
            name,
            version: "1".into(),
            text: source.text,
            label: source.path,
        }),
        Err(not_found) => super::catalogue::find(store, arg)?.ok_or(not_found),
    }
}

pub fn open_store() -> Result<SqliteStore, CliError> {
    SqliteStore::open(&SqliteStore::default_path()).map_err(|e| CliError::internal(e.to_string()))
}

/// A failure of `run`: problems with what the user gave are usage errors, the rest internal.
pub fn failure(e: ServiceError) -> CliError {
    match e {
        ServiceError::InvalidParameters(m) => CliError::usage(format!("invalid parameters: {m}")),
        ServiceError::InvalidDocument(m) | ServiceError::InvalidMocks(m) => CliError::usage(m),
        e @ (ServiceError::ExecutionNotFound(_) | ServiceError::RealAwsNotAllowed) => {
            CliError::usage(e.to_string())
        }
        other => CliError::internal(other.to_string()),
    }
}

/// Directories where child documents of aws:executeAutomation are looked up.
fn search_dirs(document: &str) -> Vec<PathBuf> {
    let path = std::path::Path::new(document);
    match path.parent() {
        Some(dir) if path.is_file() => vec![dir.to_path_buf()],
        _ => vec![PathBuf::from(".")],
    }
}

/// A signal and its payload.
type Answer = (Signal, BTreeMap<String, Vec<String>>);

/// The answer to a waiting step: from flags, or asked on a terminal, or none.
fn answer(args: &RunArgs, exec: &Execution) -> Result<Option<Answer>, CliError> {
    let Some(step) = exec.current_step() else {
        return Ok(None);
    };
    let mut payload = BTreeMap::new();
    payload.insert("StepName".to_string(), vec![step.step_name.clone()]);
    let signal = match step.action.as_str() {
        "aws:approve" if args.approve => Some(Signal::Approve),
        "aws:approve" if args.reject => Some(Signal::Reject),
        "aws:pause" if args.resume => Some(Signal::Resume),
        action if setup::can_prompt() => super::prompt::ask_signal(&step.step_name, action)?,
        _ => None,
    };
    Ok(signal.map(|s| (s, payload)))
}
