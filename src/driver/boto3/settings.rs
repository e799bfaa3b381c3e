//! How a run reaches a real back end, as chosen on the command line and stored with the
//! execution, so that a later signal in another process drives the same back end.

use serde::{Deserialize, Serialize};

/// The `--driver boto3` settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DriverSettings {
    /// `--endpoint-url`: an emulator (moto server, LocalStack). None reaches AWS itself.
    pub endpoint_url: Option<String>,
    /// `--region`; None takes the world's region.
    pub region: Option<String>,
    /// `--user-credentials`: the user's own credentials even with an endpoint, instead of
    /// dummies.
    pub user_credentials: bool,
    /// `--sleep-scale`: the share of each wait really waited.
    pub sleep_scale: f64,
}

impl Default for DriverSettings {
    fn default() -> DriverSettings {
        DriverSettings {
            endpoint_url: None,
            region: None,
            user_credentials: false,
            sleep_scale: 1.0,
        }
    }
}

impl DriverSettings {
    /// Whether calls go to the user's AWS account rather than an endpoint they named.
    pub fn reaches_aws(&self) -> bool {
        self.endpoint_url.is_none()
    }

    /// The variables the driver program starts with: the endpoint, and dummy credentials
    /// for an emulator so that nothing of the user's account is sent to it.
    pub fn environment(&self) -> (Vec<(&'static str, String)>, Vec<&'static str>) {
        let mut set = Vec::new();
        let mut removed = vec!["SSMRUN_ENDPOINT_URL"];
        if let Some(url) = &self.endpoint_url {
            set.push(("SSMRUN_ENDPOINT_URL", url.clone()));
            removed.clear();
            if !self.user_credentials {
                for (name, value) in [
                    ("AWS_ACCESS_KEY_ID", "testing"),
                    ("AWS_SECRET_ACCESS_KEY", "testing"),
                    ("AWS_CONFIG_FILE", "/dev/null"),
                    ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
                    ("AWS_EC2_METADATA_DISABLED", "true"),
                ] {
                    set.push((name, value.to_string()));
                }
                removed.extend([
                    "AWS_SESSION_TOKEN",
                    "AWS_SECURITY_TOKEN",
                    "AWS_PROFILE",
                    "AWS_DEFAULT_PROFILE",
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "AWS_WEB_IDENTITY_TOKEN_FILE",
                    "AWS_ROLE_ARN",
                ]);
            }
        }
        (set, removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn settings_stored_before_a_field_existed_still_load() {
        let settings: DriverSettings =
            serde_json::from_str(r#"{"endpoint_url": "http://localhost:4566"}"#).unwrap();
        assert_eq!(settings.sleep_scale, 1.0);
        assert!(!settings.user_credentials);
    }
}
