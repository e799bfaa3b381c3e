//! Ctrl-C, `kill` or a closed terminal while a command runs executions (docs/semantics.md,
//! "Interrupted runs"). The first signal is only noted: the engine stops at the next step
//! boundary, records the execution as Cancelled and the command commits it and exits with
//! 128 + the signal's number. A second signal ends the process at once; the store stays
//! consistent because every write is one transaction, and the claim left behind is
//! recovered by the next process as any dead process's claim.

use std::sync::Once;
use std::sync::atomic::{AtomicI32, Ordering};

const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// The first signal received since the handlers were installed, 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);
static INSTALL: Once = Once::new();

extern "C" fn note(signal: libc::c_int) {
    if RECEIVED.swap(signal, Ordering::SeqCst) != 0 {
        // SAFETY: `_exit` is async-signal-safe; nothing is flushed, which is the point of a
        // second signal.
        unsafe { libc::_exit(128 + signal) }
    }
}

/// Installs the handlers (once per process) and returns the flag the engine watches.
/// A signal ignored before (`nohup`) stays ignored.
pub fn install() -> &'static AtomicI32 {
    INSTALL.call_once(|| {
        for signal in SIGNALS {
            // SAFETY: the handler only swaps an atomic or calls `_exit`, both
            // async-signal-safe.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                    || old.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = note as extern "C" fn(libc::c_int) as libc::sighandler_t;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    });
    &RECEIVED
}

/// The signal `flag` holds, if one arrived.
pub fn received(flag: &AtomicI32) -> Option<i32> {
    match flag.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// The signal received by this process since [`install`], if any.
pub fn pending() -> Option<i32> {
    received(&RECEIVED)
}

/// The exit code of a command ended by `signal`: 128 + its number, as a shell reports it.
pub fn exit_code(signal: i32) -> i32 {
    128 + signal
}

/// `SIGINT`, `SIGTERM`, `SIGHUP`, or `signal N`.
pub fn name(signal: i32) -> String {
    match signal {
        libc::SIGINT => "SIGINT".into(),
        libc::SIGTERM => "SIGTERM".into(),
        libc::SIGHUP => "SIGHUP".into(),
        other => format!("signal {other}"),
    }
}
