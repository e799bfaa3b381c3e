//! A pseudo-terminal for driving `ssmrun run -i` the way a person at a terminal does:
//! menus are picked with arrow keys, item keys and Enter, inputs are edited in place.
//!
//! The program switches the terminal to raw mode only while it reads a key, so every key
//! sequence is sent once the prompt is on screen and the terminal is in raw mode; escape
//! sequences are stripped from the screen text and matched as plain substrings.
#![cfg(unix)]

use crate::harness::{Sandbox, bin};
use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};
use serde_json::Value;
use std::fs::File;
use std::os::unix::io::AsRawFd;
use std::process::Command;
use std::time::{Duration, Instant};

pub const TIMEOUT: Duration = Duration::from_secs(20);
pub const DOWN: &str = "\x1b[B";
/// Moves the cursor to the first item of a menu.
pub const HOME: &str = "\x1b[H";
pub const ENTER: &str = "\r";
pub const BACKSPACE: &str = "\x7f";
pub const INSTANCE: &str = "InstanceId=i-1234567890abcdef0";

/// The last item of the step menu: once it is on screen, the whole menu is drawn.
pub const MENU_END: &str = "Cancel";

/// A running `ssmrun` on a pseudo-terminal, with everything it printed so far.
pub struct Screen {
    session: PtySession,
    master: File,
    seen: String,
}

impl Screen {
    pub fn spawn(sb: &Sandbox, args: &[&str]) -> Screen {
        let mut cmd = Command::new(bin());
        cmd.args(args)
            .current_dir(sb.path())
            .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
            .env("SSMRUN_DETERMINISTIC", "1")
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env_remove("CI");
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT.as_millis() as u64))
            .strip_ansi_escape_codes(true);
        let session = spawn_with_options(cmd, options).expect("spawn ssmrun on a pty");
        let master = session.process().get_file_handle().expect("pty handle");
        let size = libc::winsize {
            ws_row: 50,
            ws_col: 200,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads one winsize from the pointer, which outlives the call.
        unsafe { libc::ioctl(master.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        Screen {
            session,
            master,
            seen: String::new(),
        }
    }

    /// Wait for `needle`; returns what came before it.
    pub fn expect(&mut self, needle: &str) -> String {
        match self.session.exp_string(needle) {
            Ok(before) => {
                self.seen.push_str(&before);
                self.seen.push_str(needle);
                before
            }
            Err(e) => panic!(
                "waiting for {needle:?}: {e}\n--- screen so far ---\n{}",
                self.seen
            ),
        }
    }

    /// Block until the program reads a key (the terminal is in raw mode). Where the
    /// terminal's mode cannot be read from the master side, wait a moment instead.
    fn wait_for_key_read(&self) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr fills the termios on success; it is read only then.
            let rc = unsafe { libc::tcgetattr(self.master.as_raw_fd(), t.as_mut_ptr()) };
            if rc != 0 {
                std::thread::sleep(Duration::from_millis(300));
                return;
            }
            // SAFETY: tcgetattr returned 0, so `t` is initialised.
            let t = unsafe { t.assume_init() };
            if t.c_lflag & libc::ICANON == 0 {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the prompt never read a key\n--- screen so far ---\n{}",
                self.seen
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Type `keys` at the prompt that is on screen now.
    pub fn keys(&mut self, keys: &str) {
        self.wait_for_key_read();
        self.session.send(keys).expect("write to pty");
        self.session.flush().expect("flush pty");
    }

    /// Pick item `index` (0-based) of the menu on screen: to the first item, arrow down,
    /// then Enter.
    pub fn pick(&mut self, index: usize) {
        self.keys(&format!("{HOME}{}{ENTER}", DOWN.repeat(index)));
    }

    /// Read to the end; the exit code.
    pub fn finish(mut self) -> (i32, String) {
        match self.session.exp_eof() {
            Ok(rest) => self.seen.push_str(&rest),
            Err(e) => panic!(
                "waiting for the end: {e}\n--- screen so far ---\n{}",
                self.seen
            ),
        }
        let status = self.session.process().wait().expect("wait for ssmrun");
        let code = match status {
            rexpect::process::WaitStatus::Exited(_, code) => code,
            other => panic!("ssmrun ended with {other:?}\n{}", self.seen),
        };
        (code, self.seen)
    }

    /// Waits for the summary line's `: {status}`, then for the end; checks the exit code.
    /// Everything that was on screen.
    pub fn ends(mut self, status: &str, code: i32) -> String {
        self.expect(&format!(": {status}"));
        let (got, screen) = self.finish();
        assert_eq!(got, code, "{screen}");
        screen
    }

    /// At the step menu: cancels, and checks that the execution ends `Cancelled`.
    pub fn cancel(mut self) -> String {
        self.expect(MENU_END);
        self.keys("x");
        self.ends("Cancelled", 1)
    }

    /// The execution id from the first line.
    pub fn execution_id(&mut self) -> String {
        self.expect("Execution ");
        let id = self.expect(" started in Interactive mode");
        id.trim().to_string()
    }
}

/// `AWS-RestartEC2Instance -i` on one instance of the world.
pub fn restart(sb: &Sandbox) -> Screen {
    Screen::spawn(
        sb,
        &[
            "run",
            "AWS-RestartEC2Instance",
            "-i",
            "--parameters",
            INSTANCE,
        ],
    )
}

/// The record of `step`.
pub fn record<'a>(records: &'a [Value], step: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["StepName"] == step)
        .unwrap_or_else(|| panic!("no record for {step}: {records:#?}"))
}
