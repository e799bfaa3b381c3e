//! The store's operational errors: each names the database file so the one message printed at
//! the top tells the user which file to look at, move aside or delete.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Why a store operation failed.
#[derive(Debug)]
pub enum StoreError {
    /// The file or its directory could not be created or read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not a SQLite database, or a row in it cannot be decoded.
    Corrupt { path: PathBuf, detail: String },
    /// A SQLite database that some other program owns; never modified.
    Foreign { path: PathBuf },
    /// Written by a newer ssmrun whose schema this build does not know.
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// Any other SQLite failure (disk full, read-only file, lock timeout).
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    /// The named execution, document or version does not exist; the text says which.
    NotFound(String),
    /// The write contradicts what is stored (duplicate id or name, identical content).
    Conflict(String),
}

impl StoreError {
    /// Classifies a SQLite failure: "not a database" and "malformed" mean the file itself is
    /// damaged, which calls for a different remedy (reset) than a transient failure.
    pub(crate) fn sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
        use rusqlite::Error as E;
        // A column holding the wrong type can only come from a damaged or hand-edited file.
        if matches!(
            source,
            E::FromSqlConversionFailure(..)
                | E::IntegralValueOutOfRange(..)
                | E::Utf8Error(..)
                | E::InvalidColumnType(..)
        ) {
            return StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("a stored value has an unexpected type ({source})"),
            };
        }
        match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: "the file is not a SQLite database".to_string(),
            },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: format!("the database image is malformed ({source})"),
            },
            _ => StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            },
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Io { path, source } => {
                write!(f, "cannot access the store `{}`: {source}", path.display())
            }
            StoreError::Corrupt { path, detail } => {
                write!(f, "the store `{}` is corrupt: {detail}", path.display())
            }
            StoreError::Foreign { path } => write!(
                f,
                "`{}` is a SQLite database that does not belong to ssmrun; it was left untouched",
                path.display()
            ),
            StoreError::NewerSchema {
                path,
                found,
                supported,
            } => write!(
                f,
                "the store `{}` has schema version {found}, but this ssmrun supports up to \
                 version {supported}; upgrade ssmrun or point it at another store",
                path.display()
            ),
            StoreError::Sqlite { path, source } => {
                write!(
                    f,
                    "database error in the store `{}`: {source}",
                    path.display()
                )
            }
            StoreError::NotFound(what) | StoreError::Conflict(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            StoreError::Sqlite { source, .. } => Some(source),
            _ => None,
        }
    }
}
