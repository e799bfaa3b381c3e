//! Errors of `ssmrun ssm …`, shaped like the AWS CLI's: the service's exception name and the
//! operation, `An error occurred (X) when calling the Y operation: message`, exit code 254.

use crate::service::ServiceError;
use crate::store::StoreError;
use std::fmt;

/// The exit code of a parameter error and of any other invalid command line.
pub const PARAMETER_ERROR: i32 = 252;

#[derive(Debug)]
pub struct SsmError {
    /// The service exception (`AutomationExecutionNotFoundException`), or None for a local
    /// failure (store unreadable), which is exit 255 like the CLI's own errors.
    pub exception: Option<&'static str>,
    pub message: String,
    /// A parameter the CLI itself refuses before sending anything (`Error parsing parameter
    /// ...`): no exception name, exit 252.
    pub parameter: bool,
}

impl SsmError {
    pub fn service(exception: &'static str, message: impl Into<String>) -> SsmError {
        SsmError {
            exception: Some(exception),
            message: message.into(),
            parameter: false,
        }
    }

    pub fn local(message: impl Into<String>) -> SsmError {
        SsmError {
            exception: None,
            message: message.into(),
            parameter: false,
        }
    }

    /// An option value the AWS CLI refuses while reading it, before any request: exit 252,
    /// AWS CLI v2's code for a parameter error (v1 answers 255; docs/exit-codes.md).
    pub fn parameter(message: impl Into<String>) -> SsmError {
        SsmError {
            exception: None,
            message: message.into(),
            parameter: true,
        }
    }

    /// Print as the AWS CLI does and give its exit code.
    pub fn report(&self, operation: &str) -> i32 {
        match self.exception {
            Some(e) => {
                eprintln!(
                    "\nAn error occurred ({e}) when calling the {operation} operation: {}",
                    self.message
                );
                254
            }
            None => {
                eprintln!("\n{}", self.message);
                if self.parameter { PARAMETER_ERROR } else { 255 }
            }
        }
    }
}

impl From<crate::params::ShorthandError> for SsmError {
    fn from(e: crate::params::ShorthandError) -> SsmError {
        SsmError::parameter(e.to_string())
    }
}

impl From<StoreError> for SsmError {
    fn from(e: StoreError) -> SsmError {
        SsmError::local(e.to_string())
    }
}

impl fmt::Display for SsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<ServiceError> for SsmError {
    /// The exception the service answers each failure with; failures of ssmrun itself (the
    /// store, a damaged execution, a claim held too long) are local errors, exit 255.
    fn from(e: ServiceError) -> SsmError {
        match e.exception() {
            Some((exception, message)) => SsmError::service(exception, message),
            None => SsmError::local(e.to_string()),
        }
    }
}
