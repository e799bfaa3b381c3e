//! The execution commands: start-automation-execution, send-automation-signal,
//! stop-automation-execution, get-automation-execution, describe-automation-executions,
//! describe-automation-step-executions.

use super::SsmContext;
use super::describe;
use super::documents::resolve_document;
use super::error::SsmError;
use super::state::{self, Persisted, RegistryDocuments, StoredDocument};
use crate::cli::setup;
use crate::exec::{Engine, Mode, NoObserver, Observer, Options, Signal, StopType};
use crate::render::records::automation_execution;
use crate::source::SourceFile;
use crate::store::ExecutionStore;
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum ExecutionCommand {
    /// Start an execution (Auto runs to the end or to a wait; Interactive waits for StartStep)
    StartAutomationExecution(StartArgs),
    /// StartStep, Resume, Approve, Reject or StopStep
    SendAutomationSignal(SignalArgs),
    /// Complete an Interactive execution, or Cancel one (running its onCancel path)
    StopAutomationExecution(StopArgs),
    /// One execution with its step records, Pending steps included
    GetAutomationExecution(IdArgs),
    /// Executions in the store, newest first (filters: ExecutionId, DocumentNamePrefix, ExecutionStatus, StartTimeBefore, StartTimeAfter, ParentExecutionId, CurrentAction)
    DescribeAutomationExecutions(ListArgs),
    /// The records of the steps that have started (filters: StepName, StepExecutionStatus, StepExecutionId, Action, StartTimeBefore, StartTimeAfter, ParentStepExecutionId, ParentStepIteration, ParentStepIteratorValue)
    DescribeAutomationStepExecutions(StepsArgs),
}

#[derive(Args, Debug)]
pub struct StartArgs {
    /// A registered or bundled document name, or file://path
    #[arg(long)]
    pub document_name: String,
    /// $DEFAULT, $LATEST or a version number
    #[arg(long)]
    pub document_version: Option<String>,
    #[arg(long, default_value = "Auto")]
    pub mode: String,
    #[arg(long)]
    pub parameters: Vec<String>,
    /// Accepted for compatibility (idempotency is not simulated)
    #[arg(long)]
    pub client_token: Option<String>,
    /// A world file for this execution's simulated cloud
    #[arg(long)]
    pub world: Option<PathBuf>,
    #[arg(long)]
    pub mocks: Option<PathBuf>,
    #[command(flatten)]
    pub scripts: crate::cli::script_args::ScriptArgs,
}

#[derive(Args, Debug)]
pub struct IdArgs {
    #[arg(long)]
    pub automation_execution_id: String,
}

#[derive(Args, Debug)]
pub struct SignalArgs {
    #[arg(long)]
    pub automation_execution_id: String,
    #[arg(long)]
    pub signal_type: String,
    #[arg(long)]
    pub payload: Vec<String>,
}

#[derive(Args, Debug)]
pub struct StopArgs {
    #[arg(long)]
    pub automation_execution_id: String,
    #[arg(long = "type", default_value = "Cancel")]
    pub kind: String,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[arg(long)]
    pub filters: Vec<String>,
    #[arg(long, alias = "max-items")]
    pub max_results: Option<usize>,
}

#[derive(Args, Debug)]
pub struct StepsArgs {
    #[arg(long)]
    pub automation_execution_id: String,
    #[arg(long)]
    pub filters: Vec<String>,
    #[arg(long, overrides_with = "no_reverse_order")]
    pub reverse_order: bool,
    #[arg(long)]
    pub no_reverse_order: bool,
    #[arg(long, alias = "max-items")]
    pub max_results: Option<usize>,
}

impl ExecutionCommand {
    pub fn operation(&self) -> &'static str {
        match self {
            ExecutionCommand::StartAutomationExecution(_) => "StartAutomationExecution",
            ExecutionCommand::SendAutomationSignal(_) => "SendAutomationSignal",
            ExecutionCommand::StopAutomationExecution(_) => "StopAutomationExecution",
            ExecutionCommand::GetAutomationExecution(_) => "GetAutomationExecution",
            ExecutionCommand::DescribeAutomationExecutions(_) => "DescribeAutomationExecutions",
            ExecutionCommand::DescribeAutomationStepExecutions(_) => {
                "DescribeAutomationStepExecutions"
            }
        }
    }
}

pub fn run(cmd: &ExecutionCommand, cx: &SsmContext) -> Result<Value, SsmError> {
    match cmd {
        ExecutionCommand::StartAutomationExecution(a) => start(a, cx),
        ExecutionCommand::SendAutomationSignal(a) => signal(a, cx),
        ExecutionCommand::StopAutomationExecution(a) => stop(a, cx),
        ExecutionCommand::GetAutomationExecution(a) => get(&a.automation_execution_id, cx),
        ExecutionCommand::DescribeAutomationExecutions(a) => describe::list(a, cx),
        ExecutionCommand::DescribeAutomationStepExecutions(a) => describe::steps(a, cx),
    }
}

fn usage(e: crate::cli::CliError) -> SsmError {
    SsmError::service("InvalidAutomationExecutionParametersException", e.message)
}

fn start(a: &StartArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    Ok(json!({ "AutomationExecutionId": start_with(a, cx)? }))
}

/// Start an execution and return its id (also used by the terminal prompt loop).
pub fn start_with(a: &StartArgs, cx: &SsmContext) -> Result<String, SsmError> {
    let mode = match a.mode.as_str() {
        "Auto" => Mode::Auto,
        "Interactive" => Mode::Interactive,
        other => {
            return Err(SsmError::service(
                "ValidationException",
                format!(
                    "1 validation error detected: Value '{other}' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: [Auto, Interactive]"
                ),
            ));
        }
    };
    let resolved = resolve_document(&cx.store, &a.document_name, a.document_version.as_deref())?;
    let source = SourceFile::new(resolved.source_label.clone(), resolved.text.clone());
    let checked = crate::validate::check(&source);
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .take(5)
        .map(|d| {
            format!(
                "{}:{}:{}: {}",
                source.path, d.span.line, d.span.col, d.message
            )
        })
        .collect();
    let document = match checked.document {
        Some(d) if errors.is_empty() => d,
        _ => return Err(SsmError::service("InvalidDocument", errors.join("; "))),
    };
    let mut setup = setup::Setup::new(a.world.as_deref(), a.mocks.as_deref()).map_err(usage)?;
    let mocks = setup.mocks_json.clone();
    let supplied = setup::parse_parameters(&a.parameters).map_err(usage)?;
    let parameters = setup
        .resolve_parameters(&document, &supplied)
        .map_err(|e| {
            SsmError::service(
                "InvalidAutomationExecutionParametersException",
                e.message
                    .trim_start_matches("invalid parameters: ")
                    .to_string(),
            )
        })?;
    let options = Options {
        allow_scripts: a.scripts.allow_scripts,
        scripts: a.scripts.settings(),
        ..Options::default()
    };
    let documents = RegistryDocuments { store: &cx.store };
    let mut ids = setup::ids_for_store(&cx.store);
    let (driver, mocks_src) = setup.parts();
    let mut observer = NoObserver;
    let mut engine = Engine::new(
        &document,
        driver,
        mocks_src,
        &mut *ids,
        &mut observer,
        &documents,
        &options,
    );
    let mut exec = engine.start(&resolved.name, &resolved.version, parameters, mode, None);
    let id = exec.id.clone();
    let stored = StoredDocument {
        name: resolved.name.clone(),
        version: resolved.version.clone(),
        text: resolved.text.clone(),
        label: resolved.source_label.clone(),
    };
    let persisted = |exec: crate::exec::Execution, world: crate::driver::SimWorld| Persisted {
        execution: exec,
        world,
        mocks: mocks.clone(),
        document: stored.clone(),
        allow_scripts: a.scripts.allow_scripts,
        scripts: options.scripts.clone(),
        claim: None,
    };
    if mode == Mode::Auto {
        engine.run(&mut exec);
    }
    let children = std::mem::take(&mut engine.children);
    drop(engine);
    let world = setup.driver.inner.clone();
    for child in children {
        cx.store.insert(&persisted(child, world.clone()).to_row())?;
    }
    cx.store.insert(&persisted(exec, world).to_row())?;
    Ok(id)
}

fn payload(args: &[String]) -> Result<BTreeMap<String, Vec<String>>, SsmError> {
    let mut all = BTreeMap::new();
    for a in args {
        let parsed = crate::params::shorthand::parse_string_list_map(a).map_err(|e| {
            SsmError::service(
                "ValidationException",
                format!("Error parsing parameter '--payload': {e}"),
            )
        })?;
        all.extend(parsed);
    }
    Ok(all)
}

/// Load, claim, rebuild the engine, apply `op`, commit.
fn advance(
    cx: &SsmContext,
    id: &str,
    operation: &str,
    step: Option<&str>,
    observer: &mut dyn Observer,
    op: impl FnOnce(&mut Engine, &mut crate::exec::Execution) -> Result<(), SsmError>,
) -> Result<(), SsmError> {
    let mut p = state::claim(&cx.store, id, operation, step)?;
    let result = (|| {
        let document = p.document()?;
        let (mut driver, mut mocks) = p.driver()?;
        let options = Options {
            allow_scripts: p.allow_scripts,
            scripts: p.scripts.clone(),
            ..Options::default()
        };
        let documents = RegistryDocuments { store: &cx.store };
        let mut ids = setup::ids_for_store(&cx.store);
        let mut exec = p.execution.clone();
        let mut engine = Engine::new(
            &document,
            &mut driver,
            &mut mocks,
            &mut *ids,
            observer,
            &documents,
            &options,
        );
        op(&mut engine, &mut exec)?;
        let children = std::mem::take(&mut engine.children);
        drop(engine);
        for child in children {
            let mut cp = p.clone();
            cp.execution = child;
            cp.claim = None;
            cp.world = driver.inner.clone();
            cx.store.insert(&cp.to_row())?;
        }
        p.execution = exec;
        p.world = driver.inner;
        Ok(())
    })();
    // Release the claim whether or not the operation was refused.
    state::commit(&cx.store, p)?;
    result
}

fn signal(a: &SignalArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let payload = payload(&a.payload)?;
    let kind = match a.signal_type.as_str() {
        "Revoke" => {
            return Err(SsmError::service(
                "InvalidAutomationSignalException",
                "The Revoke signal applies to access requests, which are not simulated.",
            ));
        }
        s => Signal::parse(s).ok_or_else(|| {
            SsmError::service(
                "ValidationException",
                format!("1 validation error detected: Value '{s}' at 'signalType' failed to satisfy constraint: Member must satisfy enum value set: [Approve, Reject, StartStep, StopStep, Resume, Revoke]"),
            )
        })?,
    };
    let step_name = payload.get("StepName").and_then(|v| v.first()).cloned();
    let step = step_name.as_deref().filter(|_| kind == Signal::StartStep);
    send(
        cx,
        &a.automation_execution_id,
        kind,
        step,
        &payload,
        &mut NoObserver,
    )?;
    Ok(json!({}))
}

/// Apply one signal to a stored execution (also used by the terminal prompt loop).
pub fn send(
    cx: &SsmContext,
    id: &str,
    kind: Signal,
    step: Option<&str>,
    payload: &BTreeMap<String, Vec<String>>,
    observer: &mut dyn Observer,
) -> Result<(), SsmError> {
    let operation = format!("{kind:?} {}", step.unwrap_or_default());
    advance(cx, id, &operation, step, observer, |engine, exec| {
        engine
            .signal(exec, kind, payload)
            .map_err(|e| SsmError::service(e.exception, e.message))
    })
}

/// Stop a stored execution (also used by the terminal prompt loop).
pub fn stop_with(cx: &SsmContext, id: &str, kind: StopType) -> Result<(), SsmError> {
    let op = format!("StopAutomationExecution {kind:?}");
    advance(cx, id, &op, None, &mut NoObserver, |engine, exec| {
        engine
            .stop(exec, kind)
            .map_err(|e| SsmError::service(e.exception, e.message))
    })
}

/// The inputs a step would run with now, resolved, without running it.
pub fn preview(
    cx: &SsmContext,
    id: &str,
    step: &str,
) -> Result<serde_json::Map<String, Value>, SsmError> {
    let p = state::load(&cx.store, id)?;
    let document = p.document()?;
    let (mut driver, mut mocks) = p.driver()?;
    let options = Options::default();
    let documents = RegistryDocuments { store: &cx.store };
    let mut ids = setup::ids_for_store(&cx.store);
    let mut observer = NoObserver;
    let engine = Engine::new(
        &document,
        &mut driver,
        &mut mocks,
        &mut *ids,
        &mut observer,
        &documents,
        &options,
    );
    engine
        .preview_inputs(&p.execution, step)
        .map_err(SsmError::local)
}

fn stop(a: &StopArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let kind = match a.kind.as_str() {
        "Complete" => StopType::Complete,
        "Cancel" => StopType::Cancel,
        other => {
            return Err(SsmError::service(
                "ValidationException",
                format!(
                    "1 validation error detected: Value '{other}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [Complete, Cancel]"
                ),
            ));
        }
    };
    stop_with(cx, &a.automation_execution_id, kind)?;
    Ok(json!({}))
}

fn get(id: &str, cx: &SsmContext) -> Result<Value, SsmError> {
    let p = state::load(&cx.store, id)?;
    let pending = match p.document() {
        Ok(doc) => crate::exec::pending_steps(&doc, &p.execution),
        Err(_) => Vec::new(),
    };
    Ok(automation_execution(&p.execution, &pending))
}
