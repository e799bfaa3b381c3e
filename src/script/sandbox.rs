//! The sandbox a script runs in, made with bubblewrap (`bwrap`): new user, PID, mount,
//! network, IPC and UTS namespaces; a fresh `/proc` that shows only the sandbox's own
//! processes; the system's `/usr` and the Python installation read-only; a size-limited
//! scratch folder as the only writable place; no capabilities; no network but loopback in
//! its own namespace (where nothing listens). ssmrun is reached only through the pipes the
//! runner inherits.
//!
//! Before the first script, a trial run checks that this kernel and host allow all of it;
//! if not, scripts refuse to run and say why.

use super::launch::Launch;
use super::runtime::{Interpreter, which};
use super::{SANDBOX_ATTACHMENTS, SANDBOX_SCRATCH, ScriptError};
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};

/// Size of the scratch folder, which lives in memory.
pub const SCRATCH_BYTES: u64 = 64 * 1024 * 1024;
/// The user and group a script runs as inside the sandbox (`nobody`).
const SANDBOX_ID: &str = "65534";

pub struct Sandbox {
    bwrap: PathBuf,
}

impl Sandbox {
    /// The sandbox, once a trial run of `interpreter` inside it has worked.
    pub fn for_interpreter(interpreter: &Interpreter) -> Result<Sandbox, ScriptError> {
        if !cfg!(target_os = "linux") {
            return Err(refused("the sandbox needs Linux namespaces"));
        }
        let Some(bwrap) = which("bwrap") else {
            return Err(refused(
                "the sandbox is made with bubblewrap, which is not installed: install `bubblewrap`",
            ));
        };
        let sandbox = Sandbox { bwrap };
        static TRIALS: OnceLock<Mutex<HashMap<PathBuf, Result<(), String>>>> = OnceLock::new();
        let trials = TRIALS.get_or_init(Default::default);
        let mut trials = trials.lock().unwrap_or_else(|e| e.into_inner());
        trials
            .entry(interpreter.executable.clone())
            .or_insert_with(|| sandbox.trial(interpreter))
            .clone()
            .map_err(|why| refused(&why))?;
        Ok(sandbox)
    }

    /// The command that runs `interpreter` in the sandbox, with `attachment` visible.
    pub fn launch(
        &self,
        interpreter: &Interpreter,
        attachment: Option<&Path>,
    ) -> Result<Launch, ScriptError> {
        let mut args = self.arguments(interpreter);
        if let Some(path) = attachment {
            let name = path.file_name().unwrap_or_default();
            let inside = Path::new(SANDBOX_ATTACHMENTS).join(name);
            push(
                &mut args,
                ["--ro-bind".as_ref(), path.as_os_str(), inside.as_os_str()],
            );
        }
        // Last: everything outside the scratch folder becomes read-only.
        push(&mut args, ["--remount-ro", "/", "--"]);
        Ok(Launch::wrapped(
            self.bwrap.clone(),
            args,
            &interpreter.executable,
        ))
    }

    /// Namespaces and mounts, without the final read-only remount.
    fn arguments(&self, interpreter: &Interpreter) -> Vec<OsString> {
        let mut args = Vec::new();
        push(
            &mut args,
            [
                "--unshare-all",
                "--unshare-user",
                "--uid",
                SANDBOX_ID,
                "--gid",
                SANDBOX_ID,
                "--hostname",
                "sandbox",
                "--die-with-parent",
                "--new-session",
                "--cap-drop",
                "ALL",
                "--ro-bind",
                "/usr",
                "/usr",
            ],
        );
        for top in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"] {
            system_dir(&mut args, Path::new(top));
        }
        for file in ["/etc/ld.so.cache", "/etc/localtime"] {
            if Path::new(file).exists() {
                push(&mut args, ["--ro-bind", file, file]);
            }
        }
        push(&mut args, ["--proc", "/proc", "--dev", "/dev", "--size"]);
        args.push(SCRATCH_BYTES.to_string().into());
        push(&mut args, ["--tmpfs", SANDBOX_SCRATCH]);
        // The runtime is bound after the scratch folder is mounted, so an interpreter that
        // lives under it (a virtual environment in /tmp) stays visible on top of it.
        for path in runtime_paths(interpreter) {
            push(
                &mut args,
                ["--ro-bind".as_ref(), path.as_os_str(), path.as_os_str()],
            );
        }
        push(&mut args, ["--chdir", SANDBOX_SCRATCH]);
        args
    }

    /// Start the interpreter in the sandbox once, doing nothing.
    fn trial(&self, interpreter: &Interpreter) -> Result<(), String> {
        let mut args = self.arguments(interpreter);
        push(&mut args, ["--remount-ro", "/", "--"]);
        let output = Command::new(&self.bwrap)
            .args(&args)
            .arg(&interpreter.executable)
            .args(["-c", "pass"])
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("`bwrap` cannot be started: {e}"))?;
        if output.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr.lines().last().unwrap_or("no reason given").trim();
        Err(format!(
            "`bwrap` cannot make the sandbox here ({why}); unprivileged user namespaces may be disabled (`sysctl kernel.unprivileged_userns_clone`, `user.max_user_namespaces`)"
        ))
    }
}

fn refused(why: &str) -> ScriptError {
    ScriptError::Unavailable(format!(
        "scripts run only in a sandbox, and {why}; or pass `--unsandboxed-scripts` to run them with your own privileges"
    ))
}

fn push<S: AsRef<std::ffi::OsStr>>(args: &mut Vec<OsString>, items: impl IntoIterator<Item = S>) {
    args.extend(items.into_iter().map(|s| s.as_ref().to_os_string()));
}

/// `/lib` and friends: a link into `/usr` on merged systems, a directory on older ones.
fn system_dir(args: &mut Vec<OsString>, path: &Path) {
    if let Ok(target) = std::fs::read_link(path) {
        push(
            args,
            ["--symlink".as_ref(), target.as_os_str(), path.as_os_str()],
        );
    } else if path.is_dir() {
        push(
            args,
            ["--ro-bind".as_ref(), path.as_os_str(), path.as_os_str()],
        );
    }
}

/// The interpreter's installation and library folders outside `/usr`, each under both its
/// given and its real name (a venv links to its base Python), parents before children, and
/// a folder inside one already listed left out.
fn runtime_paths(interpreter: &Interpreter) -> Vec<PathBuf> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    let named = interpreter
        .prefixes
        .iter()
        .chain(&interpreter.path)
        .cloned()
        .chain(interpreter.executable.parent().map(Path::to_path_buf));
    for path in named {
        if let Ok(real) = path.canonicalize() {
            candidates.push(path);
            candidates.push(real);
        }
    }
    candidates.retain(|p| p.is_absolute() && !p.starts_with("/usr") && p != Path::new("/"));
    candidates.sort_by_key(|p| p.components().count());
    let mut kept: Vec<PathBuf> = Vec::new();
    for path in candidates {
        if !kept.iter().any(|k| path.starts_with(k)) {
            kept.push(path);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths_skip_usr_and_nested_folders() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = dir.path().join("python");
        std::fs::create_dir_all(base.join("lib/site-packages")).expect("mkdir");
        std::fs::create_dir_all(base.join("bin")).expect("mkdir");
        let interpreter = Interpreter {
            executable: base.join("bin/python3"),
            version: (3, 11),
            prefixes: vec![base.clone(), PathBuf::from("/usr")],
            path: vec![
                base.join("lib/site-packages"),
                PathBuf::from("/usr/lib/python3"),
            ],
        };
        let real = base.canonicalize().expect("real path");
        let paths = runtime_paths(&interpreter);
        assert!(paths.contains(&base) || paths.contains(&real), "{paths:?}");
        assert!(paths.iter().all(|p| !p.starts_with("/usr")), "{paths:?}");
        assert!(
            !paths.iter().any(|p| p.ends_with("site-packages")),
            "{paths:?}"
        );
    }
}
