//! `ssmrun run DOCUMENT`: one execution, start to end, in this process.

use super::error::{CliError, exit};
use super::load::{self, Documents};
use super::setup::{self, Setup};
use crate::exec::{Engine, Execution, Mode, Observer, Options, Signal, Status};
use crate::render::records::automation_execution;
use crate::render::run_text::{step_line, summary};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct RunArgs {
    /// A runbook file, or the name of a bundled document (see `ssmrun documents`)
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
    #[command(flatten)]
    pub scripts: super::script_args::ScriptArgs,
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

/// Prints each step as it finishes (text output only).
pub struct LinePrinter {
    pub enabled: bool,
    pub color: bool,
}

impl Observer for LinePrinter {
    fn step_finished(&mut self, exec: &Execution, record: usize) {
        if self.enabled {
            println!("{}", step_line(&exec.steps[record], self.color));
        }
    }
}

pub fn run(args: &RunArgs) -> Result<i32, CliError> {
    let loaded = load::load(&args.document)?;
    if args.interactive || args.mode == ModeArg::Interactive {
        // The prompt loop starts a stored execution, which reads the world, mocks and
        // parameters itself.
        let path = std::path::Path::new(&args.document);
        let name = if path.is_file() {
            format!("file://{}", args.document)
        } else {
            args.document.clone()
        };
        return super::interactive::run(args, name);
    }
    let mut setup = Setup::new(args.world.as_deref(), args.mocks.as_deref())?;
    let supplied = setup::parse_parameters(&args.parameters)?;
    let parameters = setup.resolve_parameters(&loaded.document, &supplied)?;
    let options = Options {
        allow_scripts: args.scripts.allow_scripts,
        scripts: args.scripts.settings(),
        ..Options::default()
    };
    let documents = Documents {
        search_dirs: search_dirs(&args.document),
    };
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut printer = LinePrinter {
        enabled: args.output == RunOutput::Text,
        color,
    };
    let mut ids = setup::ids();
    let (driver, mocks) = setup.parts();
    let mut engine = Engine::new(
        &loaded.document,
        driver,
        mocks,
        &mut *ids,
        &mut printer,
        &documents,
        &options,
    );
    let mut exec = engine.start(&loaded.name, "1", parameters, Mode::Auto, None);
    engine.run(&mut exec);
    while exec.status == Status::Waiting {
        let Some((signal, payload)) = answer(args, &exec)? else {
            break;
        };
        engine
            .signal(&mut exec, signal, &payload)
            .map_err(|e| CliError::internal(e.message))?;
    }
    let pending = crate::exec::pending_steps(&loaded.document, &exec);
    let children = std::mem::take(&mut engine.children);
    match args.output {
        RunOutput::Text => {
            for p in &pending {
                println!("{}", step_line(p, color));
            }
            print!("{}", summary(&exec, color));
            if exec.status == Status::Waiting
                && let Some(r) = exec.current_step()
            {
                println!(
                    "  step `{}` ({}) is waiting: rerun with {}",
                    r.step_name,
                    r.action,
                    if r.action == "aws:approve" {
                        "--approve or --reject"
                    } else {
                        "--resume"
                    }
                );
            }
        }
        RunOutput::Json => {
            let mut value = automation_execution(&exec, &pending);
            if !children.is_empty() {
                let list: Vec<_> = children
                    .iter()
                    .map(|c| automation_execution(c, &[]))
                    .collect();
                value["ChildAutomationExecutions"] = serde_json::Value::Array(list);
            }
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    setup.finish(args.world_out.as_deref())?;
    Ok(match exec.status {
        Status::Success => exit::SUCCESS,
        Status::Waiting => exit::WAITING,
        _ => exit::FAILED,
    })
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
