//! Parameter Store: GetParameter, GetParameters, PutParameter and DeleteParameter. Only the
//! latest version of a parameter is kept; `name:N` selects it when N is that version.

use serde_json::{Value, json};

use super::clock::iso;
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

/// What a SecureString reads as without `WithDecryption`: real responses carry a KMS
/// ciphertext blob, which a runbook can only pass along, never read.
pub const SECURE_PLACEHOLDER: &str = "AQICAHh0ZXh0IGVuY3J5cHRlZCB3aXRoIGF3cy9zc20=";

const MAX_STANDARD_VALUE: usize = 4096;
const MAX_ADVANCED_VALUE: usize = 8192;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterType {
    String,
    StringList,
    SecureString,
}

impl ParameterType {
    pub fn name(self) -> &'static str {
        match self {
            ParameterType::String => "String",
            ParameterType::StringList => "StringList",
            ParameterType::SecureString => "SecureString",
        }
    }

    pub fn from_name(name: &str) -> Option<ParameterType> {
        [
            ParameterType::String,
            ParameterType::StringList,
            ParameterType::SecureString,
        ]
        .into_iter()
        .find(|t| t.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub kind: ParameterType,
    pub value: String,
    pub version: i64,
    pub last_modified: i64,
    pub description: Option<String>,
}

impl SimWorld {
    pub(crate) fn get_parameter(&mut self, request: &Request) -> Result<Value, ApiError> {
        let reference = request.required_str("Name")?;
        let decrypt = request.flag("WithDecryption")?;
        let (parameter, selector) = self.resolve_parameter(reference)?;
        Ok(json!({"Parameter": self.parameter_json(&parameter, selector, decrypt)}))
    }

    pub(crate) fn get_parameters(&mut self, request: &Request) -> Result<Value, ApiError> {
        let names = request.required_str_list("Names")?;
        if names.is_empty() || names.len() > 10 {
            return Err(ApiError::new(
                "ValidationException",
                "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10",
            ));
        }
        let decrypt = request.flag("WithDecryption")?;
        let mut found = Vec::new();
        let mut invalid = Vec::new();
        for name in &names {
            match self.resolve_parameter(name) {
                Ok((parameter, selector)) => {
                    found.push(self.parameter_json(&parameter, selector, decrypt))
                }
                Err(_) => invalid.push(json!(name)),
            }
        }
        Ok(json!({"Parameters": found, "InvalidParameters": invalid}))
    }

    pub(crate) fn put_parameter(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("Name")?;
        let value = request.required_str("Value")?;
        check_name(name)?;
        let tier = request.str("Tier")?.unwrap_or("Standard");
        check_value(value, tier)?;
        if let Some(pattern) = request.str("AllowedPattern")? {
            check_pattern(value, pattern)?;
        }
        let kind = match request.str("Type")? {
            Some(t) => Some(ParameterType::from_name(t).ok_or_else(|| {
                ApiError::new(
                    "ValidationException",
                    format!("1 validation error detected: Value '{t}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]"),
                )
            })?),
            None => None,
        };
        let overwrite = request.flag("Overwrite")?;
        let description = request.str("Description")?.map(str::to_string);
        let now = self.now;
        let version = match self.parameters.iter_mut().find(|p| p.name == name) {
            Some(_) if !overwrite => {
                return Err(ApiError::new(
                    "ParameterAlreadyExists",
                    "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
                ));
            }
            Some(existing) => {
                existing.version += 1;
                existing.value = value.to_string();
                existing.last_modified = now;
                existing.kind = kind.unwrap_or(existing.kind);
                if description.is_some() {
                    existing.description = description;
                }
                existing.version
            }
            None => {
                let kind = kind.ok_or_else(|| {
                    ApiError::new(
                        "ValidationException",
                        "A parameter type is required when you create a parameter.",
                    )
                })?;
                self.parameters.push(Parameter {
                    name: name.to_string(),
                    kind,
                    value: value.to_string(),
                    version: 1,
                    last_modified: now,
                    description,
                });
                1
            }
        };
        Ok(json!({"Version": version, "Tier": tier}))
    }

    pub(crate) fn delete_parameter(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("Name")?;
        let before = self.parameters.len();
        self.parameters.retain(|p| p.name != name);
        if self.parameters.len() == before {
            return Err(parameter_not_found(name));
        }
        Ok(json!({}))
    }

    /// Finds a parameter by name, ARN, or `name:version`, among the account's and then AWS's
    /// public ones (`ssm_public.rs`); the selector is returned for the response's `Selector`
    /// member.
    fn resolve_parameter<'a>(
        &self,
        reference: &'a str,
    ) -> Result<(Parameter, Option<&'a str>), ApiError> {
        let arn_prefix = format!("arn:aws:ssm:{}:{}:parameter", self.region, self.account);
        let bare = reference.strip_prefix(&arn_prefix).unwrap_or(reference);
        let (name, selector) = match bare.rfind(':') {
            Some(at) => (&bare[..at], Some(&bare[at..])),
            None => (bare, None),
        };
        // An ARN drops the leading `/` of hierarchical names only when it is `parameter/name`.
        let parameter = self
            .parameters
            .iter()
            .find(|p| p.name == name || (bare != reference && format!("/{}", p.name) == name))
            .cloned()
            .or_else(|| self.public_parameter(name))
            .ok_or_else(|| parameter_not_found(reference))?;
        if let Some(selector) = selector {
            let wanted = selector.trim_start_matches(':');
            if wanted != parameter.version.to_string() {
                return Err(ApiError::new(
                    "ParameterVersionNotFound",
                    format!(
                        "Systems Manager could not find version {wanted} of {name}. Verify the version and try again."
                    ),
                ));
            }
        }
        Ok((parameter, selector))
    }

    fn parameter_arn(&self, name: &str) -> String {
        let separator = if name.starts_with('/') { "" } else { "/" };
        // AWS's public parameters belong to no account, and their ARNs name none.
        let account = if name.starts_with("/aws/service/") {
            ""
        } else {
            &self.account
        };
        format!(
            "arn:aws:ssm:{}:{account}:parameter{separator}{name}",
            self.region
        )
    }

    /// A parameter as GetParameter shows it.
    pub(crate) fn parameter_json(
        &self,
        p: &Parameter,
        selector: Option<&str>,
        decrypt: bool,
    ) -> Value {
        let value = if p.kind == ParameterType::SecureString && !decrypt {
            SECURE_PLACEHOLDER
        } else {
            &p.value
        };
        let mut o = json!({
            "Name": p.name,
            "Type": p.kind.name(),
            "Value": value,
            "Version": p.version,
            "LastModifiedDate": iso(p.last_modified),
            "ARN": self.parameter_arn(&p.name),
            "DataType": "text",
        });
        if let Some(selector) = selector {
            o["Selector"] = json!(selector);
        }
        o
    }
}

fn parameter_not_found(name: &str) -> ApiError {
    ApiError::new("ParameterNotFound", format!("Parameter {name} not found."))
}

/// Parameter Store's naming rules, with its wording.
fn check_name(name: &str) -> Result<(), ApiError> {
    let invalid = |message: &str| Err(ApiError::new("ValidationException", message));
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_.-/".contains(c);
    if name.is_empty() || name.len() > 2048 || !name.chars().all(allowed) {
        return invalid(
            "Parameter name must be 1-2048 characters of a-z, A-Z, 0-9, and the symbols _ . - /",
        );
    }
    if name.contains('/') && !name.starts_with('/') {
        return invalid("Parameter name must be a fully qualified name.");
    }
    // Flat names may not start with the reserved prefixes; in a hierarchy only the reserved
    // top levels `/aws/` and `/ssm/` are refused, so names like `/ssmrun/x` stay usable.
    let lower = name.to_ascii_lowercase();
    let reserved = match lower.strip_prefix('/') {
        Some(path) => matches!(path.split('/').next(), Some("aws" | "ssm")),
        None => lower.starts_with("aws") || lower.starts_with("ssm"),
    };
    if reserved {
        return invalid(
            "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).",
        );
    }
    if name.matches('/').count() > 15 {
        return Err(ApiError::new(
            "HierarchyLevelLimitExceededException",
            "A hierarchy can have a maximum of 15 levels.",
        ));
    }
    Ok(())
}

fn check_value(value: &str, tier: &str) -> Result<(), ApiError> {
    let limit = if tier == "Advanced" {
        MAX_ADVANCED_VALUE
    } else {
        MAX_STANDARD_VALUE
    };
    if value.is_empty() || value.len() > limit {
        return Err(ApiError::new(
            "ValidationException",
            format!(
                "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length between 1 and {limit}"
            ),
        ));
    }
    Ok(())
}

fn check_pattern(value: &str, pattern: &str) -> Result<(), ApiError> {
    let regex = regex::Regex::new(pattern).map_err(|_| {
        ApiError::new(
            "InvalidAllowedPatternException",
            format!("The allowed pattern {pattern} is not a valid regular expression."),
        )
    })?;
    if regex.is_match(value) {
        Ok(())
    } else {
        Err(ApiError::new(
            "ParameterPatternMismatchException",
            format!(
                "Parameter value, {value}, failed to satisfy constraint specified in AllowedPattern {pattern}"
            ),
        ))
    }
}
