//! `ssmrun run DOC -i`: the console's manual execution as a terminal prompt loop. The
//! execution lives in the store like one started with `ssm start-automation-execution
//! --mode Interactive`, and every choice goes through the same signal and stop operations,
//! so another terminal can watch it with `ssmrun ssm describe-automation-step-executions`.

use super::error::{CliError, exit};
use super::run::{RunArgs, failure};
use crate::exec::{Cursor, Execution, Observer, Signal, Status, StopType};
use crate::render::run_text::{duration, step_line, summary};
use crate::service::{Service, ServiceError, StartRequest};
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

type Svc<'s> = Service<'s, SqliteStore>;

pub fn run(args: &RunArgs, service: &Svc<'_>, request: StartRequest) -> Result<i32, CliError> {
    let prompting = super::setup::can_prompt();
    let doc = request
        .checked
        .clone()
        .ok_or_else(|| CliError::internal("the interactive loop needs the checked document"))?;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut progress = Progress { bar: None, color };
    let id = service.start(request, &mut progress).map_err(failure)?;
    eprintln!("Execution {id} started in Interactive mode (steps run when you say so).");
    loop {
        let execution = service.execution(&id).map_err(failure)?;
        let exec = &execution;
        if exec.status.is_terminal() {
            print!("{}", summary(exec, color, args.back_end.is_external()));
            return Ok(if exec.status == Status::Success {
                exit::SUCCESS
            } else {
                exit::FAILED
            });
        }
        let choice = if prompting {
            ask(service, &id, exec, &doc)?
        } else {
            automatic(exec, args)
        };
        let outcome = match choice {
            Choice::Execute(step, overrides) => {
                let mut payload = overrides;
                payload.insert("StepName".into(), vec![step.clone()]);
                service.signal(&id, Signal::StartStep, &payload, &mut progress)
            }
            Choice::Signal(signal, step) => {
                let mut payload = BTreeMap::new();
                if let Some(s) = step {
                    payload.insert("StepName".into(), vec![s]);
                }
                service.signal(&id, signal, &payload, &mut progress)
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
            Choice::Complete => service.stop(&id, StopType::Complete),
            Choice::Cancel => service.stop(&id, StopType::Cancel),
            Choice::Leave => {
                eprintln!(
                    "Execution {id} is left Waiting; continue it with `ssmrun ssm send-automation-signal`."
                );
                return Ok(exit::WAITING);
            }
        };
        match outcome {
            Ok(()) => {}
            Err(ServiceError::Refused(e)) => eprintln!("{}: {}", e.exception, e.message),
            Err(e) => eprintln!("error: {e}"),
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
    service: &Svc<'_>,
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
        match service.preview(id, step) {
            Ok(inputs) => {
                for (k, v) in &inputs {
                    eprintln!("    {k} = {v}");
                }
            }
            Err(e) => eprintln!("    inputs cannot be resolved yet: {e}"),
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
            match ask_overrides(service, id, &step) {
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
    service: &Svc<'_>,
    id: &str,
    step: &str,
) -> Result<BTreeMap<String, Vec<String>>, CliError> {
    let inputs = match service.preview(id, step) {
        Ok(inputs) => inputs,
        Err(e) => {
            // Say so rather than running the step unchanged behind the user's back.
            return Err(CliError::usage(format!(
                "the inputs of `{step}` cannot be resolved yet, so there is nothing to override: {e}"
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
