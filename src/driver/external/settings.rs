//! How a run reaches a real back end, as chosen on the command line and stored with the
//! execution, so that a later signal in another process drives the same back end.

use serde::{Deserialize, Serialize};

use super::program::DriverProgram;

/// The settings of `--driver boto3` or `--driver-program`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DriverSettings {
    /// `--driver-program`: a driver program of the user's; None runs the embedded boto3
    /// driver.
    pub program: Option<DriverProgram>,
    /// `--endpoint-url`: an emulator (moto server, LocalStack). None reaches AWS itself.
    pub endpoint_url: Option<String>,
    /// `--region`; None takes the world's region.
    pub region: Option<String>,
    /// `--user-credentials`: the user's own credentials even with an endpoint (or with a
    /// driver program), instead of dummies.
    pub user_credentials: bool,
    /// `--sleep-scale`: the share of each wait really waited.
    pub sleep_scale: f64,
    /// The account STS named when the execution started: a later command refuses to drive
    /// the execution with credentials of another account.
    pub account: Option<String>,
}

impl Default for DriverSettings {
    fn default() -> DriverSettings {
        DriverSettings {
            program: None,
            endpoint_url: None,
            region: None,
            user_credentials: false,
            sleep_scale: 1.0,
            account: None,
        }
    }
}

/// Credential variables a driver with dummy credentials does not receive.
const CREDENTIAL_VARIABLES: [&str; 8] = [
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
];

impl DriverSettings {
    /// Whether calls may reach the user's AWS account: the user's credentials go to the
    /// driver and no endpoint was named. The boto3 driver always has the user's
    /// credentials without an endpoint; a driver program only with `--user-credentials`.
    pub fn reaches_aws(&self) -> bool {
        self.endpoint_url.is_none() && (self.program.is_none() || self.user_credentials)
    }

    /// Whether the driver gets dummy credentials in place of the user's.
    fn dummy_credentials(&self) -> bool {
        !self.user_credentials && !self.reaches_aws()
    }

    /// The variables the driver program starts with: the endpoint, and dummy credentials
    /// unless the calls may reach the user's account, so that nothing of the account is
    /// sent to an emulator or to a program that was not given it.
    pub fn environment(&self) -> (Vec<(&'static str, String)>, Vec<&'static str>) {
        let mut set = Vec::new();
        let mut removed = Vec::new();
        match &self.endpoint_url {
            Some(url) => set.push(("SSMRUN_ENDPOINT_URL", url.clone())),
            None => removed.push("SSMRUN_ENDPOINT_URL"),
        }
        if self.dummy_credentials() {
            for (name, value) in [
                ("AWS_ACCESS_KEY_ID", "testing"),
                ("AWS_SECRET_ACCESS_KEY", "testing"),
                ("AWS_CONFIG_FILE", "/dev/null"),
                ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
                ("AWS_EC2_METADATA_DISABLED", "true"),
            ] {
                set.push((name, value.to_string()));
            }
            removed.extend(CREDENTIAL_VARIABLES);
        }
        (set, removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program() -> Option<DriverProgram> {
        Some(DriverProgram {
            path: "my-driver".into(),
            args: Vec::new(),
        })
    }

    #[test]
    fn an_endpoint_gets_dummy_credentials_unless_the_users_are_wanted() {
        let settings = DriverSettings {
            endpoint_url: Some("http://127.0.0.1:5000".into()),
            ..DriverSettings::default()
        };
        let (set, removed) = settings.environment();
        assert!(set.contains(&("AWS_ACCESS_KEY_ID", "testing".into())));
        assert!(set.contains(&("SSMRUN_ENDPOINT_URL", "http://127.0.0.1:5000".into())));
        assert!(removed.contains(&"AWS_PROFILE"));
        let own = DriverSettings {
            user_credentials: true,
            ..settings
        };
        let (set, removed) = own.environment();
        assert_eq!(
            set,
            vec![("SSMRUN_ENDPOINT_URL", "http://127.0.0.1:5000".into())]
        );
        assert!(removed.is_empty());
    }

    #[test]
    fn without_an_endpoint_the_account_is_reached_with_the_users_credentials() {
        let settings = DriverSettings::default();
        assert!(settings.reaches_aws());
        let (set, removed) = settings.environment();
        assert!(set.is_empty());
        assert_eq!(removed, vec!["SSMRUN_ENDPOINT_URL"]);
    }

    #[test]
    fn a_driver_program_gets_dummy_credentials_unless_given_the_users() {
        let settings = DriverSettings {
            program: program(),
            ..DriverSettings::default()
        };
        assert!(!settings.reaches_aws());
        let (set, removed) = settings.environment();
        assert!(set.contains(&("AWS_SECRET_ACCESS_KEY", "testing".into())));
        assert!(removed.contains(&"AWS_SESSION_TOKEN"));
        let own = DriverSettings {
            user_credentials: true,
            ..settings
        };
        // The user's credentials and no endpoint: the program may call the account.
        assert!(own.reaches_aws());
        let (set, removed) = own.environment();
        assert!(set.is_empty());
        assert_eq!(removed, vec!["SSMRUN_ENDPOINT_URL"]);
    }

    #[test]
    fn settings_stored_before_a_field_existed_still_load() {
        let settings: DriverSettings =
            serde_json::from_str(r#"{"endpoint_url": "http://localhost:4566"}"#).unwrap();
        assert_eq!(settings.sleep_scale, 1.0);
        assert!(!settings.user_credentials);
        assert!(settings.program.is_none() && settings.account.is_none());
    }
}
