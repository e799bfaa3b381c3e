//! Reading user files within a size cap. Documents, world and mocks files, `file://`
//! parameters and stdin may be anything: a device such as `/dev/zero`, a pipe that never
//! ends, a FIFO. Reading at most `cap + 1` bytes tells "too large" from "exactly the cap"
//! without ever holding more than the cap in memory. The caps are listed in docs/limits.md.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

const MIB: u64 = 1024 * 1024;

/// What a file is read as; each kind has its own cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A runbook (also a child runbook and `--content file://`).
    Document,
    /// A `--world` file.
    World,
    /// A `--mocks` file.
    Mocks,
    /// A `--parameters file://` (or another shorthand option's) file.
    Parameters,
}

impl InputKind {
    pub fn cap(self) -> u64 {
        match self {
            InputKind::Document => 8 * MIB,
            // A world with 100,000 instances takes about 7.5 MiB.
            InputKind::World => 16 * MIB,
            InputKind::Mocks => 8 * MIB,
            InputKind::Parameters => MIB,
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            InputKind::Document => "documents",
            InputKind::World => "world files",
            InputKind::Mocks => "mocks files",
            InputKind::Parameters => "parameter files",
        }
    }
}

/// Why a capped read failed; the message names the path and, past the cap, the cap.
#[derive(Debug)]
pub enum ReadError {
    TooLarge {
        path: PathBuf,
        kind: InputKind,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::TooLarge { path, kind } => write!(
                f,
                "{} is larger than {} MiB, the limit for {} (see docs/limits.md)",
                shown(path),
                kind.cap() / MIB,
                kind.noun()
            ),
            ReadError::Io { path, error } => write!(f, "cannot read {}: {error}", shown(path)),
        }
    }
}

fn shown(path: &Path) -> String {
    if is_stdin(path) {
        "standard input".to_string()
    } else {
        format!("`{}`", path.display())
    }
}

/// `-` stands for standard input, as in most command-line tools.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Read `path` (or stdin for `-`) up to the cap of `kind`.
pub fn read_capped(path: &Path, kind: InputKind) -> Result<Vec<u8>, ReadError> {
    let io = |error| ReadError::Io {
        path: path.to_path_buf(),
        error,
    };
    if is_stdin(path) {
        return read_within(std::io::stdin().lock(), path, kind);
    }
    let file = std::fs::File::open(path).map_err(io)?;
    if file.metadata().map_err(io)?.is_dir() {
        return Err(io(std::io::Error::other("it is a directory")));
    }
    read_within(file, path, kind)
}

/// The capped read itself, for any reader.
pub fn read_within(reader: impl Read, path: &Path, kind: InputKind) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader
        .take(kind.cap() + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ReadError::Io {
            path: path.to_path_buf(),
            error,
        })?;
    if bytes.len() as u64 > kind.cap() {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            kind,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_longer_than_the_cap_is_refused_after_cap_plus_one_bytes() {
        let endless = std::io::repeat(b'a');
        let e = read_within(endless, Path::new("/dev/zero"), InputKind::Parameters).unwrap_err();
        assert!(matches!(e, ReadError::TooLarge { .. }));
        assert_eq!(
            e.to_string(),
            "`/dev/zero` is larger than 1 MiB, the limit for parameter files (see docs/limits.md)"
        );
    }

    #[test]
    fn exactly_the_cap_is_accepted() {
        let cap = InputKind::Parameters.cap();
        let bytes = std::io::repeat(b'a').take(cap);
        let read = read_within(bytes, Path::new("p"), InputKind::Parameters).unwrap();
        assert_eq!(read.len() as u64, cap);
    }

    #[test]
    fn a_directory_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_capped(dir.path(), InputKind::Document).unwrap_err();
        assert!(e.to_string().contains("it is a directory"), "{e}");
    }
}
