//! Operational errors of the command line: printed once, mapped to a documented exit code
//! (docs/exit-codes.md).

use std::fmt;

/// Exit codes shared by the commands.
pub mod exit {
    pub const SUCCESS: i32 = 0;
    /// validate: a document has errors. run: the execution ended Failed, TimedOut or Cancelled.
    pub const FAILED: i32 = 1;
    /// Bad usage, unreadable or invalid document, bad parameters, bad world/mocks file.
    pub const USAGE: i32 = 2;
    /// A bug or an environment failure (store, I/O while writing results).
    pub const INTERNAL: i32 = 3;
    /// run: the execution is still Waiting for a signal nobody gave.
    pub const WAITING: i32 = 4;
}

#[derive(Debug)]
pub struct CliError {
    pub code: i32,
    pub message: String,
    /// Already printed (e.g. diagnostics); only the exit code remains to give.
    pub printed: bool,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError {
            code: exit::USAGE,
            message: message.into(),
            printed: false,
        }
    }

    pub fn internal(message: impl Into<String>) -> CliError {
        CliError {
            code: exit::INTERNAL,
            message: message.into(),
            printed: false,
        }
    }

    pub fn silent(code: i32) -> CliError {
        CliError {
            code,
            message: String::new(),
            printed: true,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
