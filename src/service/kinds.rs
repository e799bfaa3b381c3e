//! The enum members of the execution requests (`Mode`, `SignalType`, `Type`), read as the
//! service reads them, with its refusals: one reading for the `ssm` commands and the calls
//! runbooks make.

use super::ServiceError;
use crate::exec::{Mode, Signal, SignalError, StopType};

/// The service's `ValidationException` for a value outside a member's enum.
pub fn outside_enum(member: &str, value: &str, allowed: &[&str]) -> ServiceError {
    ServiceError::Refused(SignalError::new(
        "ValidationException",
        format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            allowed.join(", ")
        ),
    ))
}

pub fn mode(value: &str) -> Result<Mode, ServiceError> {
    match value {
        "Auto" => Ok(Mode::Auto),
        "Interactive" => Ok(Mode::Interactive),
        other => Err(outside_enum("mode", other, &["Auto", "Interactive"])),
    }
}

pub fn signal_type(value: &str) -> Result<Signal, ServiceError> {
    if value == "Revoke" {
        return Err(ServiceError::Refused(SignalError::new(
            "InvalidAutomationSignalException",
            "The Revoke signal applies to access requests, which are not simulated.",
        )));
    }
    Signal::parse(value).ok_or_else(|| {
        let allowed = [
            "Approve",
            "Reject",
            "StartStep",
            "StopStep",
            "Resume",
            "Revoke",
        ];
        outside_enum("signalType", value, &allowed)
    })
}

pub fn stop_type(value: &str) -> Result<StopType, ServiceError> {
    match value {
        "Complete" => Ok(StopType::Complete),
        "Cancel" => Ok(StopType::Cancel),
        other => Err(outside_enum("type", other, &["Complete", "Cancel"])),
    }
}
