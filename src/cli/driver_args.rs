//! The options that choose what answers a run's API calls, shared by `run` and
//! `ssm start-automation-execution`, and the confirmation before a real AWS account is
//! called (docs/driver-protocol.md).

use super::error::CliError;
use crate::driver::CloudDriver;
use crate::driver::external::{DriverProgram, DriverSettings, ExternalDriver};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DriverKind {
    /// The simulated account on a virtual clock
    #[default]
    Simulated,
    /// Real boto3 calls, to `--endpoint-url` (an emulator) or, with `--real-aws`, to AWS
    Boto3,
}

#[derive(clap::Args, Clone, Debug, Default)]
pub struct DriverArgs {
    /// What answers the API calls of the run and of its scripts (mocks still answer first)
    #[arg(long, value_enum, default_value = "simulated")]
    pub driver: DriverKind,
    /// Your own driver program instead of `--driver`: any executable, in any language, that
    /// speaks ssmrun's driver protocol on its stdin and stdout (docs/driver-protocol.md); a
    /// name on `PATH` or a path. It gets dummy AWS credentials unless `--user-credentials`
    #[arg(long, value_name = "PROGRAM", conflicts_with = "driver")]
    pub driver_program: Option<PathBuf>,
    /// An argument for `--driver-program` (repeat for several, in order)
    #[arg(long, value_name = "ARG", allow_hyphen_values = true)]
    pub driver_arg: Vec<String>,
    /// Send every call of a real back end to this endpoint (a moto server, LocalStack); the
    /// driver gets dummy credentials
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Give the driver your own AWS credentials: with `--endpoint-url` instead of dummy ones,
    /// and with `--driver-program` (which then may call your account: `--real-aws`)
    #[arg(long)]
    pub user_credentials: bool,
    /// With a real back end, wait this share of each wait and sleep (0.01 for emulators,
    /// whose resources change state at once); the whole wait still counts toward timeouts
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0)]
    pub sleep_scale: f64,
}

impl DriverArgs {
    /// Whether a real back end answers instead of the simulated world.
    pub fn is_external(&self) -> bool {
        self.driver != DriverKind::Simulated || self.driver_program.is_some()
    }

    /// The settings to store with the execution; None for the simulated world.
    pub fn settings(&self, region: Option<&str>) -> Result<Option<DriverSettings>, CliError> {
        if !(self.sleep_scale > 0.0 && self.sleep_scale <= 1.0) {
            return Err(CliError::usage(format!(
                "`--sleep-scale` must be greater than 0 and at most 1, not {}",
                self.sleep_scale
            )));
        }
        if self.driver_program.is_none() && !self.driver_arg.is_empty() {
            return Err(CliError::usage(
                "`--driver-arg` is an argument of `--driver-program`: name the program too",
            ));
        }
        if !self.is_external() {
            let only_external = [
                (self.endpoint_url.is_some(), "--endpoint-url"),
                (self.user_credentials, "--user-credentials"),
                (self.sleep_scale != 1.0, "--sleep-scale"),
            ];
            if let Some((_, flag)) = only_external.iter().find(|(given, _)| *given) {
                return Err(CliError::usage(format!(
                    "`{flag}` applies to a real back end: add `--driver boto3` or `--driver-program`"
                )));
            }
            return Ok(None);
        }
        if let Some(url) = &self.endpoint_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(CliError::usage(format!(
                "`--endpoint-url` must be an http:// or https:// URL, not `{url}`"
            )));
        }
        Ok(Some(DriverSettings {
            program: self
                .driver_program
                .as_deref()
                .map(|path| DriverProgram::new(path, self.driver_arg.clone())),
            endpoint_url: self.endpoint_url.clone(),
            region: region.map(str::to_string),
            user_credentials: self.user_credentials,
            sleep_scale: self.sleep_scale,
            account: None,
        }))
    }
}

/// Starts the real back end of `settings` for a new execution and records the account its
/// credentials belong to in `settings`. When that is the user's own AWS account: refused
/// without `--real-aws`, and with it, confirmed on the terminal after naming the account and
/// region, unless `yes`. The driver is the one the execution then runs on, so a command
/// starts one driver and asks STS once.
pub fn start_back_end(
    settings: &mut DriverSettings,
    real_aws: bool,
    yes: bool,
    python: Option<&Path>,
    default_region: &str,
) -> Result<Box<dyn CloudDriver>, CliError> {
    let reaches_aws = settings.reaches_aws();
    if reaches_aws && !real_aws {
        return Err(CliError::usage(if settings.program.is_some() {
            "`--driver-program` with `--user-credentials` and no `--endpoint-url` may call your real AWS account: pass `--real-aws` to allow it"
        } else {
            "`--driver boto3` without `--endpoint-url` calls your real AWS account: pass `--real-aws` to allow it, or `--endpoint-url` to use an emulator"
        }));
    }
    if reaches_aws && !yes && !super::setup::can_prompt() {
        return Err(CliError::usage(
            "refusing to call a real AWS account without a terminal to confirm on: pass `--yes` to confirm",
        ));
    }
    let driver =
        ExternalDriver::start(settings, python, default_region).map_err(CliError::internal)?;
    settings.account = Some(driver.account_id());
    if reaches_aws {
        confirm(&driver.account_id(), &driver.region(), yes)?;
    }
    Ok(Box::new(driver))
}

/// Names the account and region, and asks on the terminal unless `yes`.
fn confirm(account: &str, region: &str, yes: bool) -> Result<(), CliError> {
    eprintln!(
        "this run calls AWS account {account} in region {region} with your credentials; its steps change real resources"
    );
    if yes {
        return Ok(());
    }
    eprint!("continue? [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let stdin = std::io::stdin();
    if !stdin.is_terminal() || stdin.lock().read_line(&mut line).is_err() {
        line.clear();
    }
    match line.trim() {
        "y" | "Y" | "yes" | "Yes" => Ok(()),
        _ => Err(CliError::usage(
            "not confirmed: no call was made to the account",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(driver: DriverKind) -> DriverArgs {
        DriverArgs {
            driver,
            sleep_scale: 1.0,
            ..DriverArgs::default()
        }
    }

    #[test]
    fn the_simulated_world_needs_no_settings_and_takes_no_back_end_flags() {
        assert!(
            args(DriverKind::Simulated)
                .settings(None)
                .unwrap()
                .is_none()
        );
        let mut with_endpoint = args(DriverKind::Simulated);
        with_endpoint.endpoint_url = Some("http://127.0.0.1:5000".into());
        let error = with_endpoint.settings(None).unwrap_err();
        assert!(
            error.message.contains("`--endpoint-url`"),
            "{}",
            error.message
        );
    }

    #[test]
    fn boto3_settings_carry_the_endpoint_and_region() {
        let mut boto3 = args(DriverKind::Boto3);
        boto3.endpoint_url = Some("http://127.0.0.1:5000".into());
        boto3.sleep_scale = 0.01;
        let settings = boto3.settings(Some("eu-west-1")).unwrap().unwrap();
        assert_eq!(
            settings.endpoint_url.as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(settings.region.as_deref(), Some("eu-west-1"));
        assert_eq!(settings.sleep_scale, 0.01);
    }

    #[test]
    fn bad_scales_and_urls_are_usage_errors() {
        let mut boto3 = args(DriverKind::Boto3);
        boto3.sleep_scale = 0.0;
        assert!(boto3.settings(None).is_err());
        boto3.sleep_scale = 1.0;
        boto3.endpoint_url = Some("127.0.0.1:5000".into());
        assert!(
            boto3
                .settings(None)
                .unwrap_err()
                .message
                .contains("http://")
        );
    }

    #[test]
    fn the_real_account_is_never_called_without_real_aws() {
        let mut settings = DriverSettings::default();
        let Err(error) = start_back_end(&mut settings, false, true, None, "us-east-1") else {
            panic!("no driver starts without `--real-aws`");
        };
        assert!(error.message.contains("`--real-aws`"), "{}", error.message);
        let mut program = args(DriverKind::Simulated);
        program.driver_program = Some("my-driver".into());
        program.user_credentials = true;
        let mut settings = program.settings(None).unwrap().unwrap();
        let Err(error) = start_back_end(&mut settings, false, true, None, "us-east-1") else {
            panic!("a program with your credentials needs `--real-aws`");
        };
        assert!(error.message.contains("may call your real AWS account"));
    }

    #[test]
    fn a_driver_program_takes_its_arguments_and_the_back_end_flags() {
        let mut program = args(DriverKind::Simulated);
        program.driver_program = Some("my-driver".into());
        program.driver_arg = vec!["--verbose".into()];
        program.endpoint_url = Some("http://127.0.0.1:4566".into());
        assert!(program.is_external());
        let settings = program.settings(Some("eu-west-1")).unwrap().unwrap();
        assert!(!settings.reaches_aws());
        let named = settings.program.expect("the program is stored");
        assert_eq!(named.args, ["--verbose"]);
        let mut stray = args(DriverKind::Boto3);
        stray.driver_arg = vec!["x".into()];
        let error = stray.settings(None).unwrap_err();
        assert!(
            error.message.contains("`--driver-program`"),
            "{}",
            error.message
        );
    }
}
