//! The options that choose what answers a run's API calls, shared by `run` and
//! `ssm start-automation-execution`, and the confirmation before a real AWS account is
//! called (docs/driver-protocol.md).

use super::error::CliError;
use crate::driver::CloudDriver;
use crate::driver::boto3::{Boto3Driver, DriverSettings};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

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
    /// Send every call of `--driver boto3` to this endpoint (a moto server, LocalStack)
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// With `--endpoint-url`, send your own AWS credentials instead of dummy ones
    #[arg(long)]
    pub user_credentials: bool,
    /// With `--driver boto3`, wait this share of each wait and sleep (0.01 for emulators,
    /// whose resources change state at once); the whole wait still counts toward timeouts
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0)]
    pub sleep_scale: f64,
}

impl DriverArgs {
    /// The settings to store with the execution; None for the simulated world.
    pub fn settings(&self, region: Option<&str>) -> Result<Option<DriverSettings>, CliError> {
        if !(self.sleep_scale > 0.0 && self.sleep_scale <= 1.0) {
            return Err(CliError::usage(format!(
                "`--sleep-scale` must be greater than 0 and at most 1, not {}",
                self.sleep_scale
            )));
        }
        if self.driver == DriverKind::Simulated {
            let only_boto3 = [
                (self.endpoint_url.is_some(), "--endpoint-url"),
                (self.user_credentials, "--user-credentials"),
                (self.sleep_scale != 1.0, "--sleep-scale"),
            ];
            if let Some((_, flag)) = only_boto3.iter().find(|(given, _)| *given) {
                return Err(CliError::usage(format!(
                    "`{flag}` applies to a real back end: add `--driver boto3`"
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
            endpoint_url: self.endpoint_url.clone(),
            region: region.map(str::to_string),
            user_credentials: self.user_credentials,
            sleep_scale: self.sleep_scale,
        }))
    }
}

/// Before a run that calls the user's own AWS account: refused without `--real-aws`, and
/// with it, confirmed on the terminal after naming the account and region, unless `yes`.
pub fn confirm_real_aws(
    settings: &DriverSettings,
    real_aws: bool,
    yes: bool,
    python: Option<&Path>,
    default_region: &str,
) -> Result<(), CliError> {
    if !settings.reaches_aws() {
        return Ok(());
    }
    if !real_aws {
        return Err(CliError::usage(
            "`--driver boto3` without `--endpoint-url` calls your real AWS account: pass `--real-aws` to allow it, or `--endpoint-url` to use an emulator",
        ));
    }
    if !yes && !super::setup::can_prompt() {
        return Err(CliError::usage(
            "refusing to call a real AWS account without a terminal to confirm on: pass `--yes` to confirm",
        ));
    }
    let driver =
        Boto3Driver::start(settings, python, default_region).map_err(CliError::internal)?;
    let (account, region) = (driver.account_id(), driver.region());
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
        let settings = DriverSettings::default();
        let error = confirm_real_aws(&settings, false, true, None, "us-east-1").unwrap_err();
        assert!(error.message.contains("`--real-aws`"), "{}", error.message);
    }
}
