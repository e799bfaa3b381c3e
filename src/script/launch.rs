//! Starting the runner: the command line, the two channel pipes it inherits, its own process
//! group (so a timeout kills everything it started) and death with ssmrun.

use super::runtime::Interpreter;
use std::ffi::OsString;
use std::fs::File;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The embedded runner; it takes the two channel descriptors as arguments.
const RUNNER: &str = include_str!("runner.py");

pub struct Launch {
    program: PathBuf,
    args: Vec<OsString>,
    env: Vec<(String, String)>,
    cwd: Option<PathBuf>,
}

/// A started runner and ssmrun's ends of its pipes.
pub struct Running {
    pub child: Child,
    /// Lines the runner sends (its descriptor `to_host`).
    pub requests: File,
    /// Lines ssmrun answers with.
    pub answers: File,
}

impl Launch {
    /// `program args… python -B -c RUNNER`: the sandbox wraps the interpreter.
    pub fn wrapped(program: PathBuf, mut args: Vec<OsString>, python: &Path) -> Launch {
        args.push(python.into());
        Launch {
            program,
            args,
            env: Vec::new(),
            cwd: None,
        }
    }

    /// The interpreter itself, in `scratch`, with the user's privileges.
    pub fn direct(interpreter: &Interpreter, scratch: &Path) -> Launch {
        Launch {
            program: interpreter.executable.clone(),
            args: Vec::new(),
            env: Vec::new(),
            cwd: Some(scratch.to_path_buf()),
        }
    }

    pub fn with_env(mut self, env: Vec<(String, String)>) -> Launch {
        self.env = env;
        self
    }

    pub fn spawn(self) -> std::io::Result<Running> {
        let (requests, to_host) = pipe()?;
        let (from_host, answers) = pipe()?;
        let (to_host_fd, from_host_fd) = (to_host.as_raw_fd(), from_host.as_raw_fd());
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args)
            .args(["-B", "-c", RUNNER])
            .arg(to_host_fd.to_string())
            .arg(from_host_fd.to_string())
            .env_clear()
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        if let Some(cwd) = &self.cwd {
            cmd.current_dir(cwd);
        }
        // SAFETY: the closure only makes async-signal-safe calls (fcntl, prctl).
        unsafe {
            cmd.pre_exec(move || {
                inherit(to_host_fd)?;
                inherit(from_host_fd)?;
                die_with_parent();
                Ok(())
            });
        }
        let child = cmd.spawn()?;
        // The child's ends now live in the child only.
        drop((to_host, from_host));
        Ok(Running {
            child,
            requests: File::from(requests),
            answers: File::from(answers),
        })
    }
}

impl Running {
    /// Kill the runner's whole process group (the sandbox, or the script and whatever it
    /// started), then reap the runner.
    pub fn kill(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: plain syscall; a negative pid names the group the runner leads.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A pipe whose ends are close-on-exec and numbered 10 or more, clear of the standard ones.
fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: pipe2 succeeded, so both descriptors are open and owned by nobody else.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok((high(read)?, high(write)?))
}

fn high(fd: OwnedFd) -> std::io::Result<OwnedFd> {
    // SAFETY: duplicating an open descriptor we own.
    let dup = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
    if dup < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fcntl returned a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(dup) })
}

/// Let the child keep `fd` across exec.
fn inherit(fd: RawFd) -> std::io::Result<()> {
    // SAFETY: fcntl on a descriptor open in this (forked) process.
    if unsafe { libc::fcntl(fd, libc::F_SETFD, 0) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

/// If ssmrun dies, the kernel kills the runner too: no script outlives the run.
fn die_with_parent() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with constant arguments.
    unsafe {
        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
    }
}
