//! The constraints the service checks on a request before acting on it: enum values and
//! maximum lengths and values from the API model, which botocore leaves to the service.
//! The answer is the service's `ValidationException`, listing every constraint that fails.

use serde_json::Value;

use super::ServiceError;
use crate::exec::SignalError;
use crate::models::params::{self, Finding};

/// Refuses `request` for the SSM `operation` when a member breaks a constraint the service
/// checks; what botocore checks on the client is left to the caller, which checks it first.
pub fn validate_request(operation: &str, request: &Value) -> Result<(), ServiceError> {
    let Some(model) = crate::models::service("ssm") else {
        return Ok(());
    };
    let Some(op) = model.operation(operation) else {
        return Ok(());
    };
    let failed: Vec<Finding> = params::check(model, op.input.as_deref(), request)
        .into_iter()
        .filter(|f| !f.is_client_side())
        .collect();
    if failed.is_empty() {
        return Ok(());
    }
    Err(ServiceError::Refused(SignalError::new(
        "ValidationException",
        params::service_message(&failed),
    )))
}
