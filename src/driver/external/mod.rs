//! [`ExternalDriver`]: a real back end. Every call goes to a driver program over the line
//! protocol of docs/driver-protocol.md: ssmrun's own boto3 driver (`helper.py`, embedded
//! and run with `python -c`), or a program of the user's (`--driver-program`) written in any
//! language. Calls go to an emulator named by `--endpoint-url` or, only when the user allowed
//! it, to their AWS account. Time is the wall clock ([`RealClock`]).

mod clock;
mod process;
mod program;
mod protocol;
mod settings;

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::{ApiError, CloudDriver};
pub use clock::RealClock;
pub use process::DriverProcess;
pub use program::DriverProgram;
pub use settings::DriverSettings;

/// The boto3 driver program, run by the interpreter with `-c`.
const HELPER: &str = include_str!("helper.py");

pub struct ExternalDriver {
    process: DriverProcess,
    clock: RealClock,
    region: String,
    account: String,
    /// `boto3` or `program`, as the call log names who answered.
    kind: &'static str,
}

impl ExternalDriver {
    /// Starts the driver of `settings` (the boto3 driver with `python`, or `python3` on
    /// PATH, unless a program is named) and asks STS who the credentials belong to, which
    /// also proves the back end answers. An account recorded in `settings` must be the one
    /// named. Errors are one line saying what to install or fix.
    pub fn start(
        settings: &DriverSettings,
        python: Option<&Path>,
        default_region: &str,
    ) -> Result<ExternalDriver, String> {
        let (mut command, kind) = match &settings.program {
            Some(program) => (program.command(), "program"),
            None => (boto3_command(python), "boto3"),
        };
        let (set, removed) = settings.environment();
        for name in removed {
            command.env_remove(name);
        }
        command.envs(set);
        let what = match &settings.program {
            Some(program) => format!("`{}`", program.path.display()),
            None => format!("`{}`", python_or_default(python).display()),
        };
        let process =
            DriverProcess::start(command, &what).map_err(|why| match &settings.program {
                Some(program) => program.start_error(&why),
                None => boto3_start_error(&why, &what),
            })?;
        let region = settings
            .region
            .clone()
            .unwrap_or_else(|| default_region.to_string());
        let mut driver = ExternalDriver {
            process,
            clock: RealClock::new(settings.sleep_scale),
            region,
            account: String::new(),
            kind,
        };
        driver.account = driver.caller_account().map_err(|e| {
            let target = settings.endpoint_url.as_deref().unwrap_or("AWS");
            match &settings.program {
                Some(program) => format!(
                    "{} failed the first request, `sts` `GetCallerIdentity` (for `{target}`): {e}",
                    program.label()
                ),
                None => format!("the boto3 driver cannot reach `{target}`: {e}"),
            }
        })?;
        match &settings.account {
            Some(recorded) if *recorded != driver.account => Err(format!(
                "the credentials now belong to AWS account {}, but this execution was started on account {recorded}: switch back to that account's credentials",
                driver.account
            )),
            _ => Ok(driver),
        }
    }

    /// The account of the credentials (STS `GetCallerIdentity`).
    fn caller_account(&mut self) -> Result<String, ApiError> {
        let answer = self.call("sts", "GetCallerIdentity", &json!({}))?;
        match answer.get("Account").and_then(Value::as_str) {
            Some(account) if !account.is_empty() => Ok(account.to_string()),
            _ => Err(ApiError::new(
                "DriverFailed",
                "its result has no `Account` string",
            )),
        }
    }

    /// `boto3 1.44.8`, as the driver introduced itself.
    pub fn version(&self) -> &str {
        &self.process.name
    }
}

fn python_or_default(python: Option<&Path>) -> &Path {
    python.unwrap_or(Path::new("python3"))
}

fn boto3_command(python: Option<&Path>) -> Command {
    let mut command = Command::new(python_or_default(python));
    command.args(["-c", HELPER]);
    command
}

/// What to install or fix when the boto3 driver did not come up; `shown` names the
/// interpreter.
fn boto3_start_error(why: &str, shown: &str) -> String {
    if why.starts_with("cannot start") {
        format!(
            "the boto3 driver needs Python 3 with boto3 ({why}): install Python 3 and boto3 (`pip install boto3`), or name an interpreter with `--python` or `SSMRUN_PYTHON`"
        )
    } else if why.starts_with("boto3 is not installed") {
        let bare = shown.trim_matches('`');
        format!(
            "the boto3 driver needs boto3 in {shown}: run `{bare} -m pip install boto3`, or name an interpreter that has it with `--python` or `SSMRUN_PYTHON`"
        )
    } else {
        format!("the boto3 driver did not start with {shown}: {why}")
    }
}

impl CloudDriver for ExternalDriver {
    fn call(&mut self, service: &str, api: &str, params: &Value) -> Result<Value, ApiError> {
        self.process.call(service, api, params, &self.region)
    }

    fn now_millis(&self) -> i64 {
        self.clock.now_millis()
    }

    fn advance(&mut self, millis: i64) {
        self.clock.advance(millis);
    }

    fn region(&self) -> String {
        self.region.clone()
    }

    fn account_id(&self) -> String {
        self.account.clone()
    }

    fn name(&self) -> &'static str {
        self.kind
    }

    fn follows_real_clock(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests;
