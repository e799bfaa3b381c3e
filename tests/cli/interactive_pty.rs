//! `ssmrun run DOC -i` driven through a pseudo-terminal, the way a person at a terminal
//! uses it: menus are picked with arrow keys and Enter, inputs are edited in place.
//!
//! dialoguer switches the terminal to raw mode only while it reads a key, so every key
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

const TIMEOUT: Duration = Duration::from_secs(20);
const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";
const BACKSPACE: &str = "\x7f";
const INSTANCE: &str = "InstanceId=i-1234567890abcdef0";

/// The last item of the step menu: once it is on screen, the whole menu is drawn.
const MENU_END: &str = "Cancel";

/// A running `ssmrun` on a pseudo-terminal, with everything it printed so far.
struct Screen {
    session: PtySession,
    master: File,
    seen: String,
}

impl Screen {
    fn spawn(sb: &Sandbox, args: &[&str]) -> Screen {
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
    fn expect(&mut self, needle: &str) -> String {
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

    /// Wait for one of `needles`; returns the one that came first.
    fn expect_any(&mut self, needles: &[&str]) -> String {
        let pattern = needles
            .iter()
            .map(|n| regex::escape(n))
            .collect::<Vec<_>>()
            .join("|");
        match self.session.exp_regex(&pattern) {
            Ok((before, found)) => {
                self.seen.push_str(&before);
                self.seen.push_str(&found);
                found
            }
            Err(e) => panic!(
                "waiting for one of {needles:?}: {e}\n--- screen so far ---\n{}",
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
    fn keys(&mut self, keys: &str) {
        self.wait_for_key_read();
        self.session.send(keys).expect("write to pty");
        self.session.flush().expect("flush pty");
    }

    /// Pick item `index` (0-based) of the menu on screen: arrow down, then Enter.
    fn pick(&mut self, index: usize) {
        self.keys(&format!("{}{ENTER}", DOWN.repeat(index)));
    }

    /// Read to the end; the exit code.
    fn finish(mut self) -> (i32, String) {
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

    /// The execution id from the first line.
    fn execution_id(&mut self) -> String {
        self.expect("Execution ");
        let id = self.expect(" started in Interactive mode");
        id.trim().to_string()
    }
}

/// The menu item indexes while a next step exists (`Execute` comes first).
mod with_next {
    pub const EXECUTE: usize = 0;
    pub const CHOOSE: usize = 1;
    pub const OVERRIDE: usize = 2;
    pub const SHOW: usize = 3;
    pub const CANCEL: usize = 5;
}

/// The menu item indexes once no step follows (no `Execute` item).
mod at_end {
    pub const COMPLETE: usize = 3;
}

fn restart(sb: &Sandbox) -> Screen {
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

fn record<'a>(records: &'a [Value], step: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["StepName"] == step)
        .unwrap_or_else(|| panic!("no record for {step}: {records:#?}"))
}

#[test]
fn enter_executes_each_step_then_complete_ends_in_success() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    t.execution_id();
    t.expect("Next step: stopInstances (aws:changeInstanceState)");
    t.expect("DesiredState = \"stopped\"");
    t.expect(MENU_END);
    t.pick(with_next::EXECUTE);
    t.expect("stopInstances");
    t.expect("InstanceStates = stopped");
    t.expect("Next step: startInstances");
    t.expect("DesiredState = \"running\"");
    t.expect(MENU_END);
    t.keys(ENTER);
    t.expect("InstanceStates = running");
    t.expect("No step follows");
    let menu = t.expect(MENU_END);
    assert!(
        !menu.contains("Execute `"),
        "no Execute item once no step follows:\n{menu}"
    );
    t.pick(at_end::COMPLETE);
    t.expect(": Success");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
}

#[test]
fn choose_another_step_runs_it_out_of_order() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    let id = t.execution_id();
    t.expect("Next step: stopInstances");
    t.expect(MENU_END);
    t.pick(with_next::CHOOSE);
    t.expect("Which step?");
    // The list starts on the next step, stopInstances; startInstances is one below.
    t.expect("startInstances (aws:changeInstanceState)");
    t.pick(1);
    t.expect("InstanceStates = running");
    t.expect("No step follows");
    t.expect(MENU_END);
    t.pick(at_end::COMPLETE);
    t.expect(": Success");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    let records = sb.step_records(&id);
    assert_eq!(record(&records, "startInstances")["StepStatus"], "Success");
    assert!(
        records
            .iter()
            .all(|r| r["StepName"] != "stopInstances" || r["StepStatus"] != "Success"),
        "stopInstances was skipped: {records:#?}"
    );
}

#[test]
fn show_prints_the_records_and_cancel_ends_cancelled() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    let id = t.execution_id();
    t.expect("Next step: stopInstances");
    t.expect(MENU_END);
    t.pick(with_next::EXECUTE);
    t.expect("InstanceStates = stopped");
    t.expect("Next step: startInstances");
    t.expect(MENU_END);
    t.pick(with_next::SHOW);
    // The record again, printed by "Show the execution so far".
    t.expect("stopInstances");
    t.expect("InstanceStates = stopped");
    t.expect("Next step: startInstances");
    t.expect(MENU_END);
    t.pick(with_next::CANCEL);
    t.expect("Cancelled");
    let (code, screen) = t.finish();
    assert_eq!(code, 1, "{screen}");
    let records = sb.step_records(&id);
    assert_eq!(record(&records, "stopInstances")["StepStatus"], "Success");
    assert!(
        records
            .iter()
            .all(|r| r["StepName"] != "startInstances" || r["StepStatus"] != "Success"),
        "startInstances never ran: {records:#?}"
    );
}

/// Runs stopInstances through "Override inputs, then execute", typing `desired` over the
/// prefilled DesiredState and keeping InstanceIds; then cancels. The execution id.
fn override_stop_instances(sb: &Sandbox, desired: &str) -> String {
    let mut t = restart(sb);
    let id = t.execution_id();
    t.expect("Next step: stopInstances");
    t.expect(MENU_END);
    t.pick(with_next::OVERRIDE);
    let mut pending = vec!["DesiredState", "InstanceIds"];
    while !pending.is_empty() {
        let name = t.expect_any(&pending);
        pending.retain(|p| *p != name);
        if name == "DesiredState" {
            t.expect("stopped");
            t.keys(&format!("{}{desired}{ENTER}", BACKSPACE.repeat(12)));
        } else {
            t.expect("i-1234567890abcdef0");
            t.keys(ENTER);
        }
    }
    t.expect(&format!("InstanceStates = {desired}"));
    t.expect("Next step: startInstances");
    t.expect(MENU_END);
    t.pick(with_next::CANCEL);
    t.expect("Cancelled");
    let (code, screen) = t.finish();
    assert_eq!(code, 1, "{screen}");
    id
}

#[test]
fn override_with_a_changed_value_is_recorded() {
    let sb = Sandbox::new();
    let id = override_stop_instances(&sb, "running");
    let records = sb.step_records(&id);
    let stop = record(&records, "stopInstances");
    let overridden = stop["OverriddenParameters"]
        .as_object()
        .unwrap_or_else(|| panic!("OverriddenParameters: {stop:#}"));
    assert_eq!(
        overridden.get("DesiredState"),
        Some(&serde_json::json!(["running"])),
        "{stop:#}"
    );
    assert!(!overridden.contains_key("InstanceIds"), "{stop:#}");
    assert_eq!(
        stop["Outputs"]["InstanceStates"],
        serde_json::json!(["running"])
    );
}

#[test]
fn override_with_the_same_value_records_nothing() {
    let sb = Sandbox::new();
    let id = override_stop_instances(&sb, "stopped");
    let records = sb.step_records(&id);
    let stop = record(&records, "stopInstances");
    let overridden = &stop["OverriddenParameters"];
    assert!(
        overridden.as_object().is_none_or(|o| o.is_empty()),
        "{stop:#}"
    );
    assert_eq!(
        stop["Outputs"]["InstanceStates"],
        serde_json::json!(["stopped"])
    );
}

const APPROVE_DOC: &str = "schemaVersion: '0.3'
mainSteps:
  - name: ask
    action: aws:approve
    inputs:
      Approvers: [arn:aws:iam::123456789012:user/ssmrun]
  - name: act
    action: aws:sleep
    inputs: {Duration: PT1S}
";

#[test]
fn approve_prompt_approves_and_the_run_completes() {
    let sb = Sandbox::new().file("approve.yaml", APPROVE_DOC);
    let mut t = Screen::spawn(&sb, &["run", "approve.yaml", "-i"]);
    let id = t.execution_id();
    t.expect("Next step: ask (aws:approve)");
    t.expect(MENU_END);
    t.pick(with_next::EXECUTE);
    t.expect("step `ask` asks for approval");
    t.expect("leave it waiting");
    t.pick(0);
    t.expect("Next step: act (aws:sleep)");
    t.expect(MENU_END);
    t.pick(with_next::EXECUTE);
    t.expect("No step follows");
    t.expect(MENU_END);
    t.pick(at_end::COMPLETE);
    t.expect(": Success");
    let (code, screen) = t.finish();
    assert_eq!(code, 0, "{screen}");
    let records = sb.step_records(&id);
    assert_eq!(
        record(&records, "ask")["Outputs"]["ApprovalStatus"],
        serde_json::json!(["Approved"])
    );
    assert_eq!(record(&records, "act")["StepStatus"], "Success");
}

#[test]
fn approve_prompt_rejects_and_the_run_fails() {
    let sb = Sandbox::new().file("approve.yaml", APPROVE_DOC);
    let mut t = Screen::spawn(&sb, &["run", "approve.yaml", "-i"]);
    let id = t.execution_id();
    t.expect(MENU_END);
    t.pick(with_next::EXECUTE);
    t.expect("step `ask` asks for approval");
    t.expect("leave it waiting");
    t.pick(1);
    t.expect(": Failed");
    let (code, screen) = t.finish();
    assert_eq!(code, 1, "{screen}");
    let records = sb.step_records(&id);
    assert_eq!(
        record(&records, "ask")["Outputs"]["ApprovalStatus"],
        serde_json::json!(["Rejected"])
    );
    assert!(
        records
            .iter()
            .all(|r| r["StepName"] != "act" || r["StepStatus"] != "Success"),
        "act never ran: {records:#?}"
    );
}

#[test]
fn approve_prompt_can_leave_the_step_waiting() {
    let sb = Sandbox::new().file("approve.yaml", APPROVE_DOC);
    let mut t = Screen::spawn(&sb, &["run", "approve.yaml", "-i"]);
    let id = t.execution_id();
    t.expect(MENU_END);
    t.pick(with_next::EXECUTE);
    t.expect("step `ask` asks for approval");
    t.expect("leave it waiting");
    t.pick(2);
    t.expect("left Waiting");
    let (code, screen) = t.finish();
    assert_eq!(code, 4, "{screen}");
    let r = sb
        .cmd([
            "ssm",
            "get-automation-execution",
            "--automation-execution-id",
            &id,
        ])
        .status(0)
        .run();
    let exec = &r.json()["AutomationExecution"];
    assert_eq!(exec["AutomationExecutionStatus"], "Waiting", "{exec:#}");
}

#[test]
fn without_a_terminal_interactive_needs_yes() {
    let sb = Sandbox::new();
    sb.cmd([
        "run",
        "AWS-RestartEC2Instance",
        "-i",
        "--parameters",
        INSTANCE,
    ])
    .status(2)
    .stderr_has("--yes")
    .run();
    sb.cmd([
        "run",
        "AWS-RestartEC2Instance",
        "-i",
        "--yes",
        "--parameters",
        INSTANCE,
    ])
    .status(0)
    .stdout_has(": Success")
    .run();
}

#[test]
fn with_a_terminal_but_ci_set_interactive_needs_yes() {
    let sb = Sandbox::new();
    let mut cmd = Command::new(bin());
    cmd.args([
        "run",
        "AWS-RestartEC2Instance",
        "-i",
        "--parameters",
        INSTANCE,
    ])
    .current_dir(sb.path())
    .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
    .env("CI", "true");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT.as_millis() as u64))
        .strip_ansi_escape_codes(true);
    let mut session = spawn_with_options(cmd, options).expect("spawn ssmrun on a pty");
    let out = session.exp_eof().expect("ssmrun ends without asking");
    assert!(out.contains("--yes"), "{out}");
    let status = session.process().wait().expect("wait");
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 2)),
        "{status:?}\n{out}"
    );
}
