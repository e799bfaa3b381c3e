//! The execution commands: start-automation-execution, send-automation-signal,
//! stop-automation-execution, get-automation-execution, describe-automation-executions,
//! describe-automation-step-executions.

use super::SsmContext;
use super::describe;
use super::documents::resolve_document;
use super::error::SsmError;
use super::paging::Paging;
use crate::cli::setup;
use crate::driver::CloudDriver;
use crate::exec::NoObserver;
use crate::render::records::automation_execution;
use crate::service::{StartRequest, kinds};
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
    /// Fail calls that neither the simulation nor a mock answers (`NotSimulated`), and child
    /// automations whose document is not available locally, instead of synthesizing them; kept with the
    /// execution, so later signals run its steps the same way
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub scripts: crate::cli::script_args::ScriptArgs,
    #[command(flatten)]
    pub back_end: crate::cli::driver_args::DriverArgs,
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
    /// One or more filters (`Key=K,Values=a,b` or JSON); given twice, the last wins
    #[arg(long, num_args = 1.., action = clap::ArgAction::Set, overrides_with = "filters")]
    pub filters: Vec<String>,
    #[command(flatten)]
    pub page: Paging,
}

#[derive(Args, Debug)]
pub struct StepsArgs {
    #[arg(long)]
    pub automation_execution_id: String,
    /// One or more filters (`Key=K,Values=a,b` or JSON); given twice, the last wins
    #[arg(long, num_args = 1.., action = clap::ArgAction::Set, overrides_with = "filters")]
    pub filters: Vec<String>,
    #[arg(long, overrides_with = "no_reverse_order")]
    pub reverse_order: bool,
    #[arg(long)]
    pub no_reverse_order: bool,
    #[command(flatten)]
    pub page: Paging,
}

impl ExecutionCommand {
    /// The pagination options of a paginated command.
    pub fn paging(&self) -> Option<&Paging> {
        match self {
            ExecutionCommand::DescribeAutomationExecutions(a) => Some(&a.page),
            ExecutionCommand::DescribeAutomationStepExecutions(a) => Some(&a.page),
            _ => None,
        }
    }

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
    // The model check (`request.rs`) refuses a value outside the enum before the command
    // runs; this keeps the conversion total, with the same answer.
    let mode = kinds::mode(&a.mode)?;
    // The CLI reads its options before it sends anything.
    let mut parameters = BTreeMap::new();
    for arg in &a.parameters {
        parameters.extend(crate::params::shorthand::parse_string_list_map(arg)?);
    }
    let document = resolve_document(&cx.store, &a.document_name, a.document_version.as_deref())
        .map_err(|e| with_file_hint(e, &a.document_name))?;
    // Checked before the world and mocks are read, so a bad document is reported first.
    let checked = crate::service::check(&document)?;
    let setup = setup::Setup::new(a.world.as_deref(), a.mocks.as_deref()).map_err(usage)?;
    let mut driver = a.back_end.settings(cx.region.as_deref()).map_err(usage)?;
    let mut started = None;
    if let Some(settings) = &mut driver {
        let python = a.scripts.settings().python;
        let region = setup.world.region();
        let (real_aws, yes) = (cx.real_aws, cx.yes);
        started = Some(
            crate::cli::driver_args::start_back_end(
                settings,
                real_aws,
                yes,
                python.as_deref(),
                &region,
            )
            .map_err(|e| SsmError::local(e.message))?,
        );
    }
    let request = StartRequest {
        strict: a.strict,
        driver,
        document,
        checked: Some(checked),
        parameters,
        mode,
        world: setup.world,
        mocks: setup.mocks_json,
        allow_scripts: a.scripts.allow_scripts,
        scripts: a.scripts.settings(),
    };
    let id = cx.with_service(|service| {
        if let (Some(settings), Some(started)) = (&request.driver, started) {
            service.lend_driver(settings.clone(), started);
        }
        service.start(request, &mut NoObserver)
    })?;
    Ok(json!({ "AutomationExecutionId": id }))
}

/// A document name that looks like a path (`dev.yaml`) is most likely a file meant to run:
/// the not-found message then says how to run one.
fn with_file_hint(mut e: SsmError, name: &str) -> SsmError {
    let path = std::path::Path::new(name);
    let looks_like_file = name.contains('/')
        || path.is_file()
        || path.extension().is_some_and(|x| {
            ["yaml", "yml", "json"]
                .iter()
                .any(|e| x.eq_ignore_ascii_case(e))
        });
    if e.exception == Some("AutomationDefinitionNotFoundException") && looks_like_file {
        e.message.push_str(&format!(
            " To run a local file, pass `--document-name file://{name}`, or use `ssmrun run {name}`."
        ));
    }
    e
}

fn payload(args: &[String]) -> Result<BTreeMap<String, Vec<String>>, SsmError> {
    let mut all = BTreeMap::new();
    for a in args {
        let parsed = crate::params::shorthand::parse_string_list_map(a)
            .map_err(|e| e.with_flag("--payload"))?;
        all.extend(parsed);
    }
    Ok(all)
}

fn signal(a: &SignalArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let payload = payload(&a.payload)?;
    let kind = kinds::signal_type(&a.signal_type)?;
    let id = &a.automation_execution_id;
    cx.with_service(|service| service.signal(id, kind, &payload, &mut NoObserver))?;
    Ok(json!({}))
}

fn stop(a: &StopArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let kind = kinds::stop_type(&a.kind)?;
    cx.with_service(|service| service.stop(&a.automation_execution_id, kind))?;
    Ok(json!({}))
}

fn get(id: &str, cx: &SsmContext) -> Result<Value, SsmError> {
    let view = cx.with_service(|service| service.get(id))?;
    Ok(automation_execution(&view.execution, &view.pending))
}
