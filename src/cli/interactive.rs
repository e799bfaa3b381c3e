//! `ssmrun run DOC -i`: the console's manual execution as a terminal prompt loop. The
//! execution lives in the store like one started with `ssm start-automation-execution
//! --mode Interactive`, and every choice goes through the same signal and stop operations,
//! so another terminal can watch it with `ssmrun ssm describe-automation-step-executions`.

use super::error::{CliError, exit};
use super::prompt::MenuItem;
use super::run::{RunArgs, failure};
use crate::exec::{Cursor, Execution, Observer, Signal, Status, StopType};
use crate::render::awscli::OutputFormat;
use crate::render::records::step_execution;
use crate::render::run_text::{duration, step_line, summary};
use crate::service::{Service, ServiceError, StartRequest};
use crate::store::SqliteStore;
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
                show(exec);
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

/// The records as `ssm describe-automation-step-executions --output yaml` prints them:
/// the same response and renderer, in the format that reads best on a terminal.
fn show(exec: &Execution) {
    if exec.steps.is_empty() {
        eprintln!("No step has run yet.");
        return;
    }
    let steps: Vec<Value> = exec.steps.iter().map(step_execution).collect();
    let value = serde_json::json!({ "StepExecutions": steps });
    match crate::render::awscli::render(&value, None, OutputFormat::Yaml, "") {
        Ok(text) => eprint!("{text}"),
        Err(e) => eprintln!("error: {e}"),
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
    match &next {
        Some(step) => {
            eprintln!("\nNext step: {step} ({})", action_of(doc, step));
            preview(service, id, doc, step);
        }
        None => eprintln!("\nNo step follows; complete the execution or choose a step."),
    }
    let Some(item) = super::prompt::step_menu(next.as_deref())? else {
        return Ok(Choice::Leave);
    };
    Ok(match (item, next) {
        (MenuItem::ExecuteNext, Some(step)) => Choice::Execute(step, BTreeMap::new()),
        (MenuItem::ExecuteNext, None) => {
            eprintln!("No step follows: choose a step, or complete the execution.");
            Choice::Again
        }
        (MenuItem::Choose, next) => match pick_step(doc, exec, next.as_deref())? {
            // The next step was previewed above the menu already.
            Some(step) if Some(&step) == next.as_ref() => Choice::Execute(step, BTreeMap::new()),
            Some(step) => {
                eprintln!("\n{step} ({})", action_of(doc, &step));
                preview(service, id, doc, &step);
                match super::prompt::confirm_step(&step)? {
                    true => Choice::Execute(step, BTreeMap::new()),
                    false => Choice::Again,
                }
            }
            None => Choice::Again,
        },
        (MenuItem::Override, next) => {
            let step = match next {
                Some(n) => Some(n),
                None => pick_step(doc, exec, None)?,
            };
            match step {
                Some(step) => match super::overrides::ask(service, id, doc, &step) {
                    Ok(overrides) => Choice::Execute(step, overrides),
                    Err(e) => {
                        eprintln!("{}", e.message);
                        Choice::Again
                    }
                },
                None => Choice::Again,
            }
        }
        (MenuItem::Show, _) => Choice::Show,
        (MenuItem::Complete, _) => Choice::Complete,
        (MenuItem::Cancel, _) => Choice::Cancel,
    })
}

fn action_of(doc: &crate::document::Document, step: &str) -> String {
    doc.step(step)
        .map(|s| s.action.value.clone())
        .unwrap_or_default()
}

/// A step's inputs as it would run now; a loop's body as its list of steps.
fn preview(service: &Svc<'_>, id: &str, doc: &crate::document::Document, step: &str) {
    let inputs = service.preview(id, step).map_err(|e| e.to_string());
    eprint!("{}", super::preview::step_preview(doc.step(step), inputs));
}

/// Chooses a top-level step; each shows the status of its latest record.
fn pick_step(
    doc: &crate::document::Document,
    exec: &Execution,
    default: Option<&str>,
) -> Result<Option<String>, CliError> {
    let names: Vec<String> = doc
        .main_steps
        .iter()
        .map(|s| {
            let status = exec
                .steps
                .iter()
                .rev()
                .find(|r| r.parent.is_none() && r.step_name == s.name.value)
                .map_or("not run", |r| r.status.as_str());
            format!("{} ({}) - {status}", s.name.value, s.action.value)
        })
        .collect();
    let start = default
        .and_then(|d| doc.main_steps.iter().position(|s| s.name.value == d))
        .unwrap_or(0);
    let picked = super::prompt::pick("Which step?", &names, start)?;
    Ok(picked.map(|i| doc.main_steps[i].name.value.clone()))
}
