//! `ssmrun run DOC -i`: the console's manual execution as a terminal prompt loop. The
//! execution lives in the store like one started with `ssm start-automation-execution
//! --mode Interactive`, and every choice goes through the same signal and stop operations,
//! so another terminal can watch it with `ssmrun ssm describe-automation-step-executions`.

use super::error::{CliError, exit};
use super::run::RunArgs;
use super::ssm::{self, SsmContext};
use crate::exec::{Cursor, Execution, Observer, Signal, Status, StopType};
use crate::render::run_text::{duration, step_line, summary};
use crate::store::SqliteStore;
use dialoguer::{Input, Select};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::Duration;

/// Shows a spinner with the simulated time while a step waits (instance state changes,
/// polls), and prints each finished step's record.
struct Progress {
    bar: Option<ProgressBar>,
    color: bool,
}

impl Observer for Progress {
    fn step_started(&mut self, exec: &Execution, record: usize) {
        let r = &exec.steps[record];
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_message(format!("{} ({})", r.step_name, r.action));
        bar.enable_steady_tick(Duration::from_millis(80));
        self.bar = Some(bar);
    }

    fn polling(&mut self, step: &str, elapsed_ms: i64) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "{step}: waiting, {} simulated",
                duration(elapsed_ms)
            ));
        }
    }

    fn step_finished(&mut self, exec: &Execution, record: usize) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        eprintln!("{}", step_line(&exec.steps[record], self.color));
    }
}

enum Choice {
    Execute(String, BTreeMap<String, Vec<String>>),
    Signal(Signal, Option<String>),
    Show,
    /// Nothing to do; ask again.
    Again,
    Complete,
    Cancel,
    Leave,
}

pub fn run(args: &RunArgs, document_name: String) -> Result<i32, CliError> {
    let prompting = super::setup::can_prompt();
    if !prompting && !args.yes {
        return Err(CliError::usage(
            "interactive mode needs a terminal to ask on; pass --yes to execute every step in order, or use `ssmrun ssm send-automation-signal`",
        ));
    }
    let store = SqliteStore::open(&SqliteStore::default_path())
        .map_err(|e| CliError::internal(e.to_string()))?;
    let cx = SsmContext { store };
    let start = ssm::StartArgs {
        document_name,
        document_version: None,
        mode: "Interactive".into(),
        parameters: args.parameters.clone(),
        client_token: None,
        world: args.world.clone(),
        mocks: args.mocks.clone(),
        scripts: args.scripts.clone(),
    };
    let fail = |e: ssm::SsmError| CliError {
        code: exit::USAGE,
        message: e.message,
        printed: false,
    };
    let id = ssm::start_with(&start, &cx).map_err(fail)?;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    eprintln!("Execution {id} started in Interactive mode (steps run when you say so).");
    let mut progress = Progress { bar: None, color };
    loop {
        let p = ssm::load(&cx, &id).map_err(fail)?;
        let exec = &p.execution;
        if exec.status.is_terminal() {
            print!("{}", summary(exec, color));
            return Ok(if exec.status == Status::Success {
                exit::SUCCESS
            } else {
                exit::FAILED
            });
        }
        let doc = p.document().map_err(fail)?;
        let choice = if prompting {
            ask(&cx, &id, exec, &doc)?
        } else {
            automatic(exec, args)
        };
        let outcome = match choice {
            Choice::Execute(step, overrides) => {
                let mut payload = overrides;
                payload.insert("StepName".into(), vec![step.clone()]);
                ssm::send(
                    &cx,
                    &id,
                    Signal::StartStep,
                    Some(&step),
                    &payload,
                    &mut progress,
                )
            }
            Choice::Signal(signal, step) => {
                let mut payload = BTreeMap::new();
                if let Some(s) = step {
                    payload.insert("StepName".into(), vec![s]);
                }
                ssm::send(&cx, &id, signal, None, &payload, &mut progress)
            }
            Choice::Show => {
                if exec.steps.is_empty() {
                    eprintln!("No step has run yet.");
                }
                for r in &exec.steps {
                    eprintln!("{}", step_line(r, color));
                }
                Ok(())
            }
            Choice::Again => Ok(()),
            Choice::Complete => ssm::stop_with(&cx, &id, StopType::Complete),
            Choice::Cancel => ssm::stop_with(&cx, &id, StopType::Cancel),
            Choice::Leave => {
                eprintln!(
                    "Execution {id} is left Waiting; continue it with `ssmrun ssm send-automation-signal`."
                );
                return Ok(exit::WAITING);
            }
        };
        if let Err(e) = outcome {
            eprintln!("{}: {}", e.exception.unwrap_or("error"), e.message);
        }
    }
}

/// The next step the document would run, if any.
fn default_next(exec: &Execution) -> Option<String> {
    match &exec.cursor {
        Cursor::Next(n) => Some(n.clone()),
        _ => None,
    }
}

/// `--yes`: execute each step in order, approve and resume waits, complete at the end.
fn automatic(exec: &Execution, args: &RunArgs) -> Choice {
    if let Some(r) = exec.current_step() {
        return match r.action.as_str() {
            "aws:approve" if args.reject => Choice::Signal(Signal::Reject, None),
            "aws:approve" => Choice::Signal(Signal::Approve, None),
            _ => Choice::Signal(Signal::Resume, Some(r.step_name.clone())),
        };
    }
    match default_next(exec) {
        Some(step) => Choice::Execute(step, BTreeMap::new()),
        None => Choice::Complete,
    }
}

fn prompt_err(e: dialoguer::Error) -> CliError {
    CliError::internal(format!("prompt failed: {e}"))
}

fn ask(
    cx: &SsmContext,
    id: &str,
    exec: &Execution,
    doc: &crate::document::Document,
) -> Result<Choice, CliError> {
    if let Some(r) = exec.current_step() {
        let step = r.step_name.clone();
        return Ok(match super::prompt::ask_signal(&step, &r.action)? {
            Some(Signal::Resume) => Choice::Signal(Signal::Resume, Some(step)),
            Some(s) => Choice::Signal(s, None),
            None => Choice::Leave,
        });
    }
    let next = default_next(exec);
    if let Some(step) = &next {
        let action = doc
            .step(step)
            .map(|s| s.action.value.clone())
            .unwrap_or_default();
        eprintln!("\nNext step: {step} ({action})");
        match ssm::preview(cx, id, step) {
            Ok(inputs) => {
                for (k, v) in &inputs {
                    eprintln!("    {k} = {v}");
                }
            }
            Err(e) => eprintln!("    inputs cannot be resolved yet: {}", e.message),
        }
    } else {
        eprintln!("\nNo step follows; complete the execution or choose a step.");
    }
    let mut items = Vec::new();
    if let Some(step) = &next {
        items.push(format!("Execute `{step}`"));
    }
    items.extend(
        [
            "Choose another step",
            "Override inputs, then execute",
            "Show the execution so far",
            "Complete",
            "Cancel",
        ]
        .map(String::from),
    );
    let picked = Select::new()
        .with_prompt("What now?")
        .items(&items)
        .default(0)
        .interact_opt()
        .map_err(prompt_err)?;
    let Some(mut i) = picked else {
        return Ok(Choice::Leave);
    };
    if next.is_none() {
        i += 1;
    }
    Ok(match i {
        0 => Choice::Execute(next.unwrap_or_default(), BTreeMap::new()),
        1 => Choice::Execute(pick_step(doc, next.as_deref())?, BTreeMap::new()),
        2 => {
            let step = match &next {
                Some(n) => n.clone(),
                None => pick_step(doc, None)?,
            };
            match ask_overrides(cx, id, &step) {
                Ok(overrides) => Choice::Execute(step, overrides),
                Err(e) => {
                    eprintln!("{}", e.message);
                    Choice::Again
                }
            }
        }
        3 => Choice::Show,
        4 => Choice::Complete,
        _ => Choice::Cancel,
    })
}

fn pick_step(doc: &crate::document::Document, default: Option<&str>) -> Result<String, CliError> {
    let names: Vec<String> = doc
        .main_steps
        .iter()
        .map(|s| format!("{} ({})", s.name.value, s.action.value))
        .collect();
    let start = default
        .and_then(|d| doc.main_steps.iter().position(|s| s.name.value == d))
        .unwrap_or(0);
    let i = Select::new()
        .with_prompt("Which step?")
        .items(&names)
        .default(start)
        .interact()
        .map_err(prompt_err)?;
    Ok(doc.main_steps[i].name.value.clone())
}

/// Ask for each input's value (prefilled with the resolved one); changed ones become
/// OverriddenParameters of the StartStep signal.
fn ask_overrides(
    cx: &SsmContext,
    id: &str,
    step: &str,
) -> Result<BTreeMap<String, Vec<String>>, CliError> {
    let inputs = match ssm::preview(cx, id, step) {
        Ok(inputs) => inputs,
        Err(e) => {
            // Say so rather than running the step unchanged behind the user's back.
            return Err(CliError::usage(format!(
                "the inputs of `{step}` cannot be resolved yet, so there is nothing to override: {}",
                e.message
            )));
        }
    };
    let mut out = BTreeMap::new();
    for (k, v) in inputs {
        let shown = match &v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let answer: String = Input::new()
            .with_prompt(k.clone())
            .with_initial_text(shown.clone())
            .interact_text()
            .map_err(prompt_err)?;
        if answer != shown {
            let values = match serde_json::from_str::<Value>(&answer) {
                Ok(Value::Array(items)) => items.iter().map(crate::template::stringify).collect(),
                _ => vec![answer],
            };
            out.insert(k, values);
        }
    }
    Ok(out)
}
