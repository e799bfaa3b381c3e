//! Running an `aws:executeScript` handler on this machine, only when the user allows it.
//!
//! A script is untrusted code, so it runs in a sandbox (`bwrap`, see `sandbox.rs`) with a
//! read-only Python installation, a private scratch folder, no network and a cleared
//! environment. Its boto3 calls do not go to AWS: an embedded runner (`runner.py`) hands each
//! botocore call to ssmrun over a pipe, and ssmrun answers it from the run's `CloudDriver`,
//! exactly as it answers `aws:executeAwsApi` (see docs/script-protocol.md). `session.rs`
//! services that pipe and the output pipes while the script runs, and enforces the timeout.

mod capture;
mod interrupt;
mod launch;
mod report;
mod runtime;
mod sandbox;
mod scratch;
mod session;

use crate::driver::CloudDriver;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use runtime::Runtime;

/// How scripts run, as chosen on the command line. Stored with an execution so that a later
/// signal runs its scripts the same way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScriptSettings {
    /// `--unsandboxed-scripts`: run without the sandbox, with the user's own privileges.
    pub unsandboxed: bool,
    /// `--python` (or `SSMRUN_PYTHON`): the interpreter for every Python runtime.
    pub python: Option<PathBuf>,
    /// `--attachments`: the folder holding the files an `Attachment` input names.
    pub attachments: Option<PathBuf>,
}

/// One handler to run.
pub struct Job<'a> {
    pub runtime: &'a str,
    pub handler: &'a str,
    pub script: Option<&'a str>,
    /// The name of a `files` entry, read from `ScriptSettings::attachments`.
    pub attachment: Option<&'a str>,
    /// `InputPayload`: the handler's `events`.
    pub events: &'a Value,
    /// Time the script may take from the start of its process, sleeps included.
    pub limit: Duration,
}

/// A handler that returned.
#[derive(Debug)]
pub struct Finished {
    pub payload: Value,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptError {
    /// The script cannot run here; the message says what to install or mock.
    Unavailable(String),
    /// The script ran and failed.
    Failed(String),
    TimedOut(String),
}

/// The scratch folder inside the sandbox, also the working directory and `HOME`.
const SANDBOX_SCRATCH: &str = "/tmp";
/// Where an attachment file appears inside the sandbox.
const SANDBOX_ATTACHMENTS: &str = "/attachments";

/// Run one handler; its AWS calls and sleeps go to `driver`, which also takes the script's
/// real running time on its clock.
pub fn run(
    settings: &ScriptSettings,
    job: &Job,
    driver: &mut dyn CloudDriver,
) -> Result<Finished, ScriptError> {
    let minor = match Runtime::parse(job.runtime)? {
        Runtime::Python { minor } => minor,
        Runtime::PowerShell => return Err(powershell(job.runtime)),
    };
    let (module, function) = entry_point(job)?;
    let attachment = job
        .attachment
        .map(|name| attachment_path(settings, name))
        .transpose()?;
    let (interpreter, note) = runtime::python(settings.python.as_deref(), minor)?;
    // From before the scratch folder exists, so an interrupt never leaves it behind.
    let guard = interrupt::Guard::install();
    let mut notes: Vec<String> = note.into_iter().collect();
    let (launch, scratch) = if settings.unsandboxed {
        notes.push("ran without the sandbox (`--unsandboxed-scripts`)".into());
        let scratch = scratch::Scratch::create().map_err(|e| {
            ScriptError::Unavailable(format!(
                "cannot create a scratch folder for the script: {e}"
            ))
        })?;
        let launch = launch::Launch::direct(&interpreter, scratch.path());
        (launch, Some(scratch))
    } else {
        let sandbox = sandbox::Sandbox::for_interpreter(&interpreter)?;
        let launch = sandbox.launch(&interpreter, attachment.as_deref())?;
        (launch, None)
    };
    let attachment_seen = attachment.as_deref().map(|path| match &scratch {
        Some(_) => path.display().to_string(),
        None => sandboxed_attachment(path),
    });
    let input = json!({
        "script": job.script,
        "module": module,
        "function": function,
        "events": job.events,
        "attachment": attachment_seen,
        "sys_path": interpreter.path,
    });
    let env = environment(
        &driver.region(),
        scratch
            .as_ref()
            .map_or(Path::new(SANDBOX_SCRATCH), |s| s.path()),
    );
    let outcome = session::Session::start(launch.with_env(env), &input, job.limit)
        .and_then(|session| session.serve(driver, &interpreter, &guard));
    drop(scratch);
    drop(guard);
    outcome.map(|payload| Finished { payload, notes })
}

/// `file.function` names a function in an attachment; an inline script names the function.
fn entry_point(job: &Job) -> Result<(Option<String>, String), ScriptError> {
    let handler = job.handler.trim();
    if job.script.is_some() {
        let function = handler.rsplit('.').next().unwrap_or(handler);
        return Ok((None, function.to_string()));
    }
    if job.attachment.is_none() {
        return Err(ScriptError::Failed(
            "the step has neither `Script` nor `Attachment`: nothing to run".into(),
        ));
    }
    match handler.rsplit_once('.') {
        Some((module, function)) if !module.is_empty() && !function.is_empty() => {
            Ok((Some(module.to_string()), function.to_string()))
        }
        _ => Err(ScriptError::Failed(format!(
            "`Handler` `{handler}` must be `file.function` to name a function in the attachment"
        ))),
    }
}

/// The attachment's file in the folder the user named. Only a plain file name is accepted,
/// so a runbook cannot reach other files of the host.
fn attachment_path(settings: &ScriptSettings, name: &str) -> Result<PathBuf, ScriptError> {
    let plain = Path::new(name)
        .file_name()
        .is_some_and(|f| f == name && name != "." && name != "..");
    if !plain {
        return Err(ScriptError::Failed(format!(
            "attachment `{name}` is not a plain file name"
        )));
    }
    let Some(folder) = &settings.attachments else {
        return Err(ScriptError::Unavailable(format!(
            "attachment `{name}` is not available locally: pass `--attachments DIR` with the folder that holds it, inline the script as `Script`, or mock the step"
        )));
    };
    let path = folder.join(name);
    if !path.is_file() {
        return Err(ScriptError::Unavailable(format!(
            "attachment `{name}` is not in `{}`: put the file there or mock the step",
            folder.display()
        )));
    }
    Ok(path)
}

fn sandboxed_attachment(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{SANDBOX_ATTACHMENTS}/{name}")
}

fn powershell(runtime: &str) -> ScriptError {
    ScriptError::Unavailable(match runtime::pwsh() {
        None => format!(
            "runtime `{runtime}` needs PowerShell (`pwsh`), which is not on PATH, and ssmrun runs only Python handlers: mock the step"
        ),
        Some(_) => format!("runtime `{runtime}`: ssmrun runs only Python handlers: mock the step"),
    })
}

/// The variables the service's runtime gives a script: the region, credentials of the
/// execution's role (dummies here), and nothing of the user's own environment.
fn environment(region: &str, scratch: &Path) -> Vec<(String, String)> {
    let scratch = scratch.display().to_string();
    [
        ("PATH", "/usr/local/bin:/usr/bin:/bin"),
        ("LANG", "C.UTF-8"),
        ("HOME", &scratch),
        ("TMPDIR", &scratch),
        ("AWS_REGION", region),
        ("AWS_DEFAULT_REGION", region),
        ("AWS_ACCESS_KEY_ID", "ASIASSMRUNLOCAL00000"),
        (
            "AWS_SECRET_ACCESS_KEY",
            "ssmrun-local-only-not-a-credential",
        ),
        ("AWS_SESSION_TOKEN", "ssmrun-local-session"),
        ("AWS_CONFIG_FILE", "/dev/null"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        // Should a call ever bypass the runner, it meets a closed local port, never AWS.
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
        ("PYTHONDONTWRITEBYTECODE", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[cfg(test)]
mod tests;
