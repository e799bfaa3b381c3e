//! [`Boto3Driver`]: a real back end. Every call goes to a driver program that calls the API
//! with boto3 (`helper.py`, embedded and run with `python -c`), over the line protocol of
//! docs/driver-protocol.md, to an emulator named by `--endpoint-url` or, only when the user
//! allowed it, to their AWS account. Time is the wall clock ([`RealClock`]).

mod clock;
mod process;
mod protocol;
mod settings;

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::{ApiError, CloudDriver};
pub use clock::RealClock;
pub use process::DriverProcess;
pub use settings::DriverSettings;

/// The driver program, run by the interpreter with `-c`.
const HELPER: &str = include_str!("helper.py");

pub struct Boto3Driver {
    process: DriverProcess,
    clock: RealClock,
    region: String,
    account: String,
}

impl Boto3Driver {
    /// Starts the driver with `python` (or `python3` on PATH) and asks who the credentials
    /// belong to, which also proves the endpoint answers. Errors are one line saying what
    /// to install or fix.
    pub fn start(
        settings: &DriverSettings,
        python: Option<&Path>,
        default_region: &str,
    ) -> Result<Boto3Driver, String> {
        let program = python.unwrap_or(Path::new("python3"));
        let shown = program.display();
        let mut command = Command::new(program);
        command.args(["-c", HELPER]);
        let (set, removed) = settings.environment();
        for name in removed {
            command.env_remove(name);
        }
        command.envs(set);
        let process = DriverProcess::start(command, &format!("`{shown}`")).map_err(|why| {
            if why.starts_with("cannot start") {
                format!(
                    "the boto3 driver needs Python 3 with boto3 ({why}): install Python 3 and boto3 (`pip install boto3`), or name an interpreter with `--python` or `SSMRUN_PYTHON`"
                )
            } else if why.starts_with("boto3 is not installed") {
                format!(
                    "the boto3 driver needs boto3 in `{shown}`: run `{shown} -m pip install boto3`, or name an interpreter that has it with `--python` or `SSMRUN_PYTHON`"
                )
            } else {
                format!("the boto3 driver did not start with `{shown}`: {why}")
            }
        })?;
        let region = settings
            .region
            .clone()
            .unwrap_or_else(|| default_region.to_string());
        let mut driver = Boto3Driver {
            process,
            clock: RealClock::new(settings.sleep_scale),
            region,
            account: String::new(),
        };
        driver.account = driver.caller_account().map_err(|e| {
            let target = settings.endpoint_url.as_deref().unwrap_or("AWS");
            format!("the boto3 driver cannot reach `{target}`: {e}")
        })?;
        Ok(driver)
    }

    /// The account of the credentials (STS `GetCallerIdentity`).
    fn caller_account(&mut self) -> Result<String, ApiError> {
        let answer = self.call("sts", "GetCallerIdentity", &json!({}))?;
        Ok(answer
            .get("Account")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string())
    }

    /// `boto3 1.44.8`, as the driver introduced itself.
    pub fn version(&self) -> &str {
        &self.process.name
    }
}

impl CloudDriver for Boto3Driver {
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
        "boto3"
    }

    fn follows_real_clock(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests;
