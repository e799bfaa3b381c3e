//! The scratch folder of an unsandboxed script, in the system's temporary directory. It is
//! removed when the script ends, when ssmrun is interrupted (see `interrupt.rs`), and, for a
//! process that was killed outright, by the next script run on this machine.

use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

const PREFIX: &str = "ssmrun-script-";

pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    pub fn create() -> std::io::Result<Scratch> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let base = std::env::temp_dir();
        sweep(&base);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = base.join(format!("{PREFIX}{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::DirBuilder::new()
            .mode(0o700)
            .recursive(false)
            .create(&path)?;
        Ok(Scratch { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Remove the scratch folders of ssmrun processes that no longer exist.
fn sweep(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREFIX))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<i32>().ok())
        else {
            continue;
        };
        if pid > 0 && !alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    let found = unsafe { libc::kill(pid, 0) } == 0;
    found || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_on_drop_and_left_behind_folders_are_swept() {
        let scratch = Scratch::create().expect("scratch");
        let path = scratch.path().to_path_buf();
        assert!(path.is_dir());
        drop(scratch);
        assert!(!path.exists());
        // A folder of a process that is gone (pid numbers this high are never handed out).
        let stale = std::env::temp_dir().join(format!("{PREFIX}2147483646-0"));
        std::fs::create_dir_all(stale.join("inner")).expect("mkdir");
        let scratch = Scratch::create().expect("scratch");
        assert!(!stale.exists());
        drop(scratch);
    }
}
