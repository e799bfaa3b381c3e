//! Ctrl-C, `kill` or a closed terminal while a script runs: ssmrun first stops the script and
//! removes its scratch folder, then ends as the signal asked. The handlers are installed only
//! for the script's lifetime, and the ones before are put back when the guard is dropped,
//! which must happen after the scratch folder is gone.

use std::sync::atomic::{AtomicI32, Ordering};

const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

/// The signal received while a script runs, 0 for none.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

extern "C" fn note(signal: libc::c_int) {
    RECEIVED.store(signal, Ordering::SeqCst);
}

pub struct Guard {
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

impl Guard {
    pub fn install() -> Guard {
        RECEIVED.store(0, Ordering::SeqCst);
        let mut previous = Vec::new();
        for signal in SIGNALS {
            // SAFETY: sigaction with a handler that only stores to an atomic, which is
            // async-signal-safe; the old action is kept to be restored.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = note as extern "C" fn(libc::c_int) as libc::sighandler_t;
                libc::sigemptyset(&mut action.sa_mask);
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(signal, &action, &mut old) != 0 {
                    continue;
                }
                if old.sa_sigaction == libc::SIG_IGN {
                    // Ignored before (`nohup`): stays ignored.
                    libc::sigaction(signal, &old, std::ptr::null_mut());
                } else {
                    previous.push((signal, old));
                }
            }
        }
        Guard { previous }
    }

    /// A signal that arrived, if any.
    pub fn received(&self) -> Option<libc::c_int> {
        match RECEIVED.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        for (signal, old) in &self.previous {
            // SAFETY: restoring an action sigaction handed back earlier.
            unsafe {
                libc::sigaction(*signal, old, std::ptr::null_mut());
            }
        }
        // Deliver it again under the old handlers, so ssmrun ends (or reacts) exactly as it
        // would have without a script running.
        if let Some(signal) = self.received() {
            // SAFETY: raising a signal in this process.
            unsafe {
                libc::raise(signal);
            }
        }
    }
}
