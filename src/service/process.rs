//! Who holds a claim, and whether that process still runs.
//!
//! A pid alone is not enough: after a claimant dies, the kernel may give its pid to another
//! process, and a claim checked by pid alone would then wait for a stranger. So a claim also
//! records the claimant's start time, which the pid's new owner cannot share.

use crate::store::Claim;

/// This process: its pid and start time.
pub fn current() -> (u32, Option<u64>) {
    let pid = std::process::id();
    (pid, start_time(pid))
}

/// Whether the process that made `claim` still runs.
pub fn is_live(claim: &Claim) -> bool {
    if claim.pid == std::process::id() {
        // Our own pid: a claim this process left behind, or one by a dead process whose pid
        // we now have. Either way nobody else is advancing the execution.
        return false;
    }
    if !exists(claim.pid) {
        return false;
    }
    match (claim.started, start_time(claim.pid)) {
        (Some(recorded), Some(now)) => recorded == now,
        // Unknown on one side: trust the pid, as a claim of schema version 1 must.
        _ => true,
    }
}

#[cfg(unix)]
fn exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // Signal 0 checks existence without touching the process.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn exists(_pid: u32) -> bool {
    true
}

/// Field 22 of `/proc/<pid>/stat`: the start time in clock ticks after boot. `None` off
/// Linux or when the file cannot be read.
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_start_time(&stat)
}

fn parse_start_time(stat: &str) -> Option<u64> {
    // The command name (field 2) is in parentheses and may itself hold spaces and `)`, so
    // count fields from the last `)`: field 3 is the first after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(22 - 3)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(pid: u32, started: Option<u64>) -> Claim {
        Claim {
            pid,
            started,
            token: "t".into(),
            operation: "op".into(),
            step: None,
        }
    }

    #[test]
    fn start_time_is_read_after_the_command_name() {
        let stat = "42 (a b) c) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000";
        assert_eq!(parse_start_time(stat), Some(98765));
        assert_eq!(parse_start_time("garbage"), None);
    }

    #[test]
    fn a_reused_pid_does_not_hold_the_claim() {
        let Some(parent) = start_time(std::os::unix::process::parent_id()) else {
            return; // no /proc here: nothing to compare
        };
        let pid = std::os::unix::process::parent_id();
        assert!(is_live(&claim(pid, Some(parent))));
        assert!(!is_live(&claim(pid, Some(parent + 1))));
        assert!(is_live(&claim(pid, None)));
    }

    #[test]
    fn a_finished_process_holds_nothing() {
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("spawn `true`");
        let pid = child.id();
        child.wait().expect("wait");
        assert!(!is_live(&claim(pid, None)));
        assert!(!is_live(&claim(std::process::id(), None)));
    }
}
