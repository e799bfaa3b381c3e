//! The console's errors: [`ConsoleError`] when it cannot serve at all, [`Failure`] for one
//! request that cannot be answered as asked (shown as an error page with a 4xx or 5xx status).

use crate::cli::ssm::SsmError;
use crate::service::ServiceError;
use crate::store::StoreError;
use std::fmt;

/// The console cannot start or keep serving (the port is taken, the socket failed).
#[derive(Debug)]
pub struct ConsoleError {
    pub message: String,
}

impl fmt::Display for ConsoleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConsoleError {}

/// Why one request failed: an HTTP status, a title (the service's exception name when there
/// is one) and a message.
#[derive(Debug)]
pub struct Failure {
    pub status: u16,
    pub title: String,
    pub message: String,
}

impl Failure {
    pub fn new(status: u16, title: &str, message: impl Into<String>) -> Failure {
        Failure {
            status,
            title: title.to_string(),
            message: message.into(),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Failure {
        Failure::new(400, "Bad request", message)
    }

    pub fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(404, "Not found", message)
    }
}

/// The service's answer as the API would give it: a missing execution or document is 404,
/// another live process holding the execution is 409, any other exception is the caller's
/// (400), and a local failure (the store) is 500.
impl From<SsmError> for Failure {
    fn from(e: SsmError) -> Failure {
        match e.exception {
            Some(name) if name.contains("NotFound") => Failure::new(404, name, e.message),
            Some(name) => Failure::new(400, name, e.message),
            None => Failure::new(500, "Local failure", e.message),
        }
    }
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Failure {
        let busy = matches!(e, ServiceError::Busy { .. });
        let mut failure = Failure::from(SsmError::from(e));
        if busy {
            failure.status = 409;
        }
        failure
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::from(SsmError::from(e))
    }
}
