//! The AWS CLI's shared config file, read for the settings the `ssm` commands honour
//! (`cli_timestamp_format`). The file is found as botocore finds it (`AWS_CONFIG_FILE`, else
//! `~/.aws/config`); the profile is `--profile`, else `AWS_PROFILE`, else `default`. Profiles
//! are `[default]` and `[profile NAME]` sections; other sections hold no profile settings.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// One profile's settings, keys lowercased as Python's `configparser` stores them.
#[derive(Debug, Default)]
pub struct AwsConfig {
    settings: BTreeMap<String, String>,
}

impl AwsConfig {
    /// The settings of `profile` (or of the environment's profile) in the config file; none
    /// when the file or the profile is absent.
    pub fn load(profile: Option<&str>) -> AwsConfig {
        let profile = profile
            .map(str::to_string)
            .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
            .unwrap_or_else(|| "default".to_string());
        let text = config_path()
            .and_then(|path| {
                crate::input::read_capped(&path, crate::input::InputKind::Parameters).ok()
            })
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default();
        AwsConfig::parse(&text, &profile)
    }

    /// The settings of `profile` in config-file `text`. A later section for the same
    /// profile replaces an earlier one, as botocore's profile map does.
    pub fn parse(text: &str, profile: &str) -> AwsConfig {
        let mut settings = BTreeMap::new();
        let mut in_profile = false;
        let mut last_key: Option<String> = None;
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
                continue;
            }
            if let Some(section) = trimmed
                .strip_prefix('[')
                .and_then(|rest| rest.strip_suffix(']'))
            {
                in_profile = section_profile(section) == Some(profile);
                if in_profile {
                    settings.clear();
                }
                last_key = None;
                continue;
            }
            // An indented line continues the previous value (a nested block).
            if line.starts_with([' ', '\t']) && last_key.is_some() {
                continue;
            }
            let Some(at) = trimmed.find(['=', ':']) else {
                continue;
            };
            let key = trimmed[..at].trim().to_lowercase();
            if in_profile {
                settings.insert(key.clone(), trimmed[at + 1..].trim().to_string());
            }
            last_key = Some(key);
        }
        AwsConfig { settings }
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings.get(key).map(String::as_str)
    }
}

/// The profile a section header names: `default`, or `NAME` of `profile NAME`.
fn section_profile(section: &str) -> Option<&str> {
    let section = section.trim();
    if section == "default" {
        return Some(section);
    }
    let rest = section.strip_prefix("profile")?;
    // `[profileX]` is not a profile section; `[profile   X]` is.
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim())
}

fn config_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("AWS_CONFIG_FILE").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return Some(match (path.strip_prefix("~"), std::env::var_os("HOME")) {
            (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
            _ => path,
        });
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".aws").join("config"))
}

#[cfg(test)]
mod tests {
    use super::AwsConfig;

    const TEXT: &str = "\
[default]
cli_timestamp_format = iso8601
region=us-east-1

[profile work]
# a comment
CLI_Timestamp_Format: none
s3 =
  max_concurrent_requests = 5

[work]
cli_timestamp_format = wire
";

    #[test]
    fn the_default_section_and_profile_sections_are_profiles() {
        let default = AwsConfig::parse(TEXT, "default");
        assert_eq!(default.get("cli_timestamp_format"), Some("iso8601"));
        assert_eq!(default.get("region"), Some("us-east-1"));
        let work = AwsConfig::parse(TEXT, "work");
        // `[work]` is not a profile section, and keys are case-insensitive.
        assert_eq!(work.get("cli_timestamp_format"), Some("none"));
        assert_eq!(work.get("max_concurrent_requests"), None);
        assert_eq!(AwsConfig::parse(TEXT, "other").get("region"), None);
    }

    #[test]
    fn a_later_section_for_the_same_profile_replaces_the_earlier() {
        let text = "[default]\na = 1\nb = 2\n[profile default]\na = 3\n";
        let config = AwsConfig::parse(text, "default");
        assert_eq!(config.get("a"), Some("3"));
        assert_eq!(config.get("b"), None);
    }
}
