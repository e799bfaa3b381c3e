//! Which local program runs a script's `Runtime`, and what that interpreter looks like: its
//! version, where its files are (the sandbox mounts them read-only) and whether boto3 is
//! installed. Each problem is one line that says what to install or mock.

use super::ScriptError;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// A `Runtime` value, as the service names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Runtime {
    /// `python3.N`
    Python { minor: u32 },
    /// `PowerShell 7.0`, `PowerShell Core 6.0`, …
    PowerShell,
}

impl Runtime {
    pub fn parse(text: &str) -> Result<Runtime, ScriptError> {
        let text = text.trim();
        if let Some(minor) = text
            .strip_prefix("python3.")
            .and_then(|m| m.parse::<u32>().ok())
        {
            return Ok(Runtime::Python { minor });
        }
        if text.starts_with("PowerShell") {
            return Ok(Runtime::PowerShell);
        }
        Err(ScriptError::Unavailable(format!(
            "runtime `{text}` is not one ssmrun can run (`python3.N` or `PowerShell …`): mock the step"
        )))
    }
}

/// What the probe learned about a Python interpreter.
#[derive(Clone, Debug, Deserialize)]
pub struct Interpreter {
    /// The real program (a pyenv shim or a venv link resolved by Python itself).
    pub executable: PathBuf,
    pub version: (u32, u32),
    /// `sys.prefix` and friends: the installation the sandbox mounts.
    pub prefixes: Vec<PathBuf>,
    /// `sys.path` as the interpreter starts outside the sandbox (user site, PYTHONPATH).
    pub path: Vec<PathBuf>,
}

const PROBE: &str = "import json, sys
print(json.dumps({'executable': sys.executable, 'version': list(sys.version_info[:2]),
  'prefixes': sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}),
  'path': [p for p in sys.path if p]}))";
const PROBE_LIMIT: Duration = Duration::from_secs(20);

/// The interpreter for `python3.{minor}`, and a note when it is another version the user
/// chose with `--python`.
pub fn python(
    chosen: Option<&Path>,
    minor: u32,
) -> Result<(Interpreter, Option<String>), ScriptError> {
    let wanted = format!("python3.{minor}");
    if let Some(path) = chosen {
        let found = probe(path)?;
        let note = (found.version != (3, minor)).then(|| {
            format!(
                "runtime `{wanted}` ran on Python {}.{} (`--python`)",
                found.version.0, found.version.1
            )
        });
        return Ok((found, note));
    }
    // A `python3.N` on PATH that cannot run (a pyenv shim for a version not installed) is
    // passed over, as is one of another version; the local `python3` then runs the script
    // whatever its minor version, with a note, since Python 3 handlers rarely depend on it.
    let mut failure = None;
    let mut other = None;
    for name in [wanted.as_str(), "python3"] {
        let Some(path) = which(name) else { continue };
        match probe(&path) {
            Ok(found) if found.version == (3, minor) => return Ok((found, None)),
            Ok(found) if found.version.0 == 3 => {
                other.get_or_insert(found);
            }
            Ok(_) => {}
            Err(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    if let Some(found) = other {
        let note = format!(
            "runtime `{wanted}` ran on Python {}.{}: no working `{wanted}` is on PATH",
            found.version.0, found.version.1
        );
        return Ok((found, Some(note)));
    }
    Err(failure.unwrap_or_else(|| {
        ScriptError::Unavailable(format!(
            "runtime `{wanted}` needs Python 3, and no `python3` is on PATH: install Python 3.{minor}, name an interpreter with `--python`, or mock the step"
        ))
    }))
}

/// `pwsh` on PATH, for PowerShell runtimes.
pub fn pwsh() -> Option<PathBuf> {
    which("pwsh")
}

/// A program name looked up on PATH, as a shell would.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Ask the interpreter about itself, once per path and process.
fn probe(path: &Path) -> Result<Interpreter, ScriptError> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Result<Interpreter, String>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(path.to_path_buf())
        .or_insert_with(|| probe_uncached(path))
        .clone()
        .map_err(ScriptError::Unavailable)
}

fn probe_uncached(path: &Path) -> Result<Interpreter, String> {
    let shown = path.display();
    // Only what the sandboxed run has too: PYTHONPATH and the like must not widen the
    // folders the sandbox shows.
    let mut command = Command::new(path);
    command.args(["-c", PROBE]).env_clear();
    for keep in ["PATH", "HOME", "PYENV_ROOT", "PYENV_VERSION"] {
        if let Some(value) = std::env::var_os(keep) {
            command.env(keep, value);
        }
    }
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the Python interpreter `{shown}`: {e}"))?;
    let started = Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if started.elapsed() > PROBE_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the Python interpreter `{shown}` did not answer within {} s",
                PROBE_LIMIT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child
        .wait_with_output()
        .map_err(|e| format!("cannot run the Python interpreter `{shown}`: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(text.trim()).map_err(|_| {
        let why = String::from_utf8_lossy(&output.stderr);
        let why = why.lines().last().unwrap_or("no answer");
        format!("`{shown}` is not a working Python 3 interpreter ({why}): install Python 3 or name one with `--python`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtimes_are_read_as_the_service_names_them() {
        assert_eq!(
            Runtime::parse("python3.11").ok(),
            Some(Runtime::Python { minor: 11 })
        );
        assert_eq!(
            Runtime::parse("PowerShell 7.0").ok(),
            Some(Runtime::PowerShell)
        );
        assert_eq!(
            Runtime::parse("PowerShell Core 6.0").ok(),
            Some(Runtime::PowerShell)
        );
        let Err(ScriptError::Unavailable(message)) = Runtime::parse("nodejs18.x") else {
            panic!("nodejs is no runtime of the action");
        };
        assert!(message.contains("`nodejs18.x`"), "{message}");
    }

    #[test]
    fn a_missing_interpreter_says_what_to_install() {
        let Err(ScriptError::Unavailable(message)) =
            probe_uncached(Path::new("/nonexistent/python3")).map_err(ScriptError::Unavailable)
        else {
            panic!("a missing interpreter cannot be probed");
        };
        assert!(
            message.contains("cannot run the Python interpreter"),
            "{message}"
        );
    }
}
