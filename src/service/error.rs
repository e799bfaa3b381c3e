//! The service's errors: each case a caller may treat differently is its own variant. The
//! command line maps them to the AWS exception names and exit codes; nothing here knows them,
//! except the engine's own refusals, which carry the exception the service would return.

use std::fmt;

use crate::exec::SignalError;
use crate::store::StoreError;

#[derive(Debug)]
pub enum ServiceError {
    /// No execution has this id.
    ExecutionNotFound(String),
    /// Another live process kept the execution claimed for the whole wait.
    Busy {
        id: String,
        pid: u32,
        operation: String,
    },
    /// The engine refused the request, as the service would (wrong signal, wrong state).
    Refused(SignalError),
    /// The document has errors; the text lists the first few with their positions.
    InvalidDocument(String),
    /// The start-time parameters do not fit the document.
    InvalidParameters(String),
    /// The mocks given to a start cannot be read.
    InvalidMocks(String),
    /// A step's inputs cannot be resolved yet (a preview before the steps they name ran).
    InputsUnresolved(String),
    /// The stored execution cannot be decoded (hand-edited, or written by a broken build).
    UnreadableState {
        id: String,
        detail: String,
    },
    Store(StoreError),
    /// The execution's real back end cannot be started or reached; the text says what to
    /// install or fix.
    DriverUnavailable(String),
    /// The execution reaches a real AWS account and this request was not allowed to.
    RealAwsNotAllowed,
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> ServiceError {
        ServiceError::Store(e)
    }
}

impl ServiceError {
    /// A store error on execution `id`, with a missing row as [`ExecutionNotFound`].
    ///
    /// [`ExecutionNotFound`]: ServiceError::ExecutionNotFound
    pub(crate) fn on(id: &str, e: StoreError) -> ServiceError {
        match e {
            StoreError::NotFound(_) => ServiceError::ExecutionNotFound(id.to_string()),
            other => ServiceError::Store(other),
        }
    }
}

impl ServiceError {
    /// The exception the service answers this failure with, and its message; `None` for a
    /// failure of ssmrun itself (the store, a damaged execution, a claim held too long).
    pub fn exception(&self) -> Option<(&'static str, String)> {
        Some(match self {
            ServiceError::ExecutionNotFound(id) => (
                "AutomationExecutionNotFoundException",
                format!("Automation execution {id} is not found."),
            ),
            ServiceError::Refused(r) => (r.exception, r.message.clone()),
            ServiceError::InvalidDocument(m) => ("InvalidDocument", m.clone()),
            ServiceError::InvalidParameters(m) | ServiceError::InvalidMocks(m) => {
                ("InvalidAutomationExecutionParametersException", m.clone())
            }
            _ => return None,
        })
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServiceError::ExecutionNotFound(id) => write!(f, "execution `{id}` does not exist"),
            ServiceError::Busy { id, pid, operation } => write!(
                f,
                "execution `{id}` is still being advanced by process {pid} (`{operation}`); \
                 if that process is stuck, release it with `ssmrun store release {id}`"
            ),
            ServiceError::Refused(e) => f.write_str(&e.message),
            ServiceError::InvalidDocument(m)
            | ServiceError::InvalidParameters(m)
            | ServiceError::InvalidMocks(m)
            | ServiceError::InputsUnresolved(m) => f.write_str(m),
            ServiceError::UnreadableState { id, detail } => {
                write!(f, "execution `{id}` in the store cannot be read: {detail}")
            }
            ServiceError::Store(e) => write!(f, "{e}"),
            ServiceError::DriverUnavailable(m) => f.write_str(m),
            ServiceError::RealAwsNotAllowed => f.write_str(
                "this execution calls a real AWS account (`--driver boto3` without `--endpoint-url`, or a driver program with `--user-credentials`): pass `--real-aws` to let this command drive it",
            ),
        }
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServiceError::Store(e) => Some(e),
            _ => None,
        }
    }
}
