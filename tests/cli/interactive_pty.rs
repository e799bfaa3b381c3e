//! `ssmrun run DOC -i` driven through a pseudo-terminal: the step menu, its defaults, keys
//! and fixed positions, choosing a step, showing the execution, approvals, and what
//! happens without a terminal. Inputs and previews are in `interactive_inputs.rs`.
#![cfg(unix)]

use crate::harness::{Sandbox, bin};
use crate::pty_screen::{ENTER, INSTANCE, MENU_END, Screen, TIMEOUT, record, restart};
use rexpect::reader::Options;
use rexpect::session::spawn_with_options;
use std::process::Command;

/// The step menu's items: the same positions whether or not a step follows.
mod menu {
    pub const EXECUTE: usize = 0;
    pub const CHOOSE: usize = 1;
    pub const SHOW: usize = 3;
    pub const COMPLETE: usize = 4;
}

const LABELS: [&str; 6] = [
    "[e] Execute",
    "[c] Choose a step",
    "[o] Override inputs, then execute",
    "[s] Show the execution",
    "[v] Complete and view results",
    "[x] Cancel",
];

/// The items of the menu now on screen, in order, once it is fully drawn.
fn menu_items(t: &mut Screen) -> Vec<usize> {
    let drawn = t.expect(MENU_END);
    let drawn = drawn + MENU_END;
    let start = drawn.rfind("What now?").expect("the menu's prompt");
    let menu = &drawn[start..];
    LABELS
        .iter()
        .map(|l| {
            menu.find(l)
                .unwrap_or_else(|| panic!("no {l:?} in\n{menu}"))
        })
        .collect()
}

#[test]
fn enter_executes_each_step_and_completes_after_the_last() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    let id = t.execution_id();
    t.expect("Next step: stopInstances (aws:changeInstanceState)");
    t.expect(MENU_END);
    t.keys(ENTER);
    t.expect("InstanceStates = stopped");
    t.expect("Next step: startInstances");
    t.expect(MENU_END);
    t.keys(ENTER);
    t.expect("InstanceStates = running");
    t.expect("No step follows");
    t.expect("Execute the next step (none follows)");
    t.expect(MENU_END);
    // The cursor now starts on "Complete and view results", not on a step to run again.
    t.keys(ENTER);
    t.ends("Success", 0);
    let records = sb.step_records(&id);
    assert_eq!(records.len(), 2, "each step ran once: {records:#?}");
}

#[test]
fn menu_items_keep_their_positions_and_keys() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    t.execution_id();
    t.expect("Next step: stopInstances");
    let first = menu_items(&mut t);
    assert!(first.is_sorted(), "items out of order: {first:?}");
    t.pick(menu::EXECUTE);
    t.expect("Next step: startInstances");
    t.expect(MENU_END);
    t.pick(menu::EXECUTE);
    t.expect("No step follows");
    let last = menu_items(&mut t);
    assert!(last.is_sorted(), "items out of order: {last:?}");
    // Show is at the same position at the end, and the execution is still going.
    t.pick(menu::SHOW);
    t.expect("StepName: startInstances");
    t.expect(MENU_END);
    t.pick(menu::COMPLETE);
    t.ends("Success", 0);
}

#[test]
fn item_keys_pick_at_once() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    let id = t.execution_id();
    t.expect(MENU_END);
    t.keys("e");
    t.expect("InstanceStates = stopped");
    t.expect("Next step: startInstances");
    t.expect(MENU_END);
    t.keys("s");
    t.expect("StepName: stopInstances");
    t.expect(MENU_END);
    t.keys("E");
    t.expect("InstanceStates = running");
    t.expect(MENU_END);
    t.keys("v");
    t.ends("Success", 0);
    assert_eq!(
        record(&sb.step_records(&id), "startInstances")["StepStatus"],
        "Success"
    );
}

#[test]
fn choose_shows_statuses_and_asks_before_another_step() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    let id = t.execution_id();
    t.expect("Next step: stopInstances");
    t.expect(MENU_END);
    t.pick(menu::CHOOSE);
    t.expect("Which step?");
    t.expect("stopInstances (aws:changeInstanceState) - not run");
    t.expect("startInstances (aws:changeInstanceState) - not run");
    t.pick(1);
    // Not the next step: its inputs, then a question, and going back runs nothing.
    t.expect("DesiredState = running");
    t.expect("Run `startInstances` now?");
    t.expect("[b] Back to the menu");
    t.keys("b");
    t.expect("Next step: stopInstances");
    t.expect(MENU_END);
    t.keys("e");
    t.expect("InstanceStates = stopped");
    t.expect(MENU_END);
    t.keys("c");
    t.expect("stopInstances (aws:changeInstanceState) - Success");
    t.expect("startInstances (aws:changeInstanceState) - not run");
    t.pick(0);
    t.expect("Run `stopInstances` now?");
    t.expect("Back to the menu");
    t.keys(ENTER);
    t.expect("InstanceStates = stopped");
    t.cancel();
    let records = sb.step_records(&id);
    let stops = records.iter().filter(|r| r["StepName"] == "stopInstances");
    assert_eq!(stops.count(), 2, "stopInstances ran twice: {records:#?}");
    assert!(
        records.iter().all(|r| r["StepName"] != "startInstances"),
        "startInstances never ran: {records:#?}"
    );
}

#[test]
fn choosing_the_next_step_runs_it_without_asking() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    t.execution_id();
    t.expect(MENU_END);
    t.keys("c");
    t.expect("startInstances (aws:changeInstanceState) - not run");
    t.pick(0);
    t.expect("InstanceStates = stopped");
    t.expect("Next step: startInstances");
    let screen = t.cancel();
    assert!(!screen.contains("Run `"), "no question: {screen}");
}

#[test]
fn show_prints_the_records_as_describe_step_executions_does() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    let id = t.execution_id();
    t.expect(MENU_END);
    t.pick(menu::SHOW);
    t.expect("No step has run yet.");
    t.expect(MENU_END);
    t.pick(menu::EXECUTE);
    t.expect("Next step: startInstances");
    t.expect(MENU_END);
    t.pick(menu::SHOW);
    let shown = t.expect("Next step: startInstances");
    let expected = sb
        .cmd([
            "ssm",
            "describe-automation-step-executions",
            "--automation-execution-id",
            &id,
            "--output",
            "yaml",
        ])
        .status(0)
        .run()
        .stdout();
    for line in expected.lines() {
        assert!(shown.contains(line), "{line:?} missing from\n{shown}");
    }
    for field in ["Inputs:", "Outputs:", "ValidNextSteps:", "- startInstances"] {
        assert!(shown.contains(field), "{field:?} missing from\n{shown}");
    }
    t.cancel();
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

/// `approve.yaml -i`, run up to its approval prompt; the execution id.
fn at_approval(t: &mut Screen) -> String {
    let id = t.execution_id();
    t.expect("Next step: ask (aws:approve)");
    t.expect(MENU_END);
    t.pick(menu::EXECUTE);
    t.expect("step `ask` asks for approval");
    t.expect("leave it waiting");
    id
}

#[test]
fn approve_prompt_approves_and_the_run_completes() {
    let sb = Sandbox::new().file("approve.yaml", APPROVE_DOC);
    let mut t = Screen::spawn(&sb, &["run", "approve.yaml", "-i"]);
    let id = at_approval(&mut t);
    t.keys("a");
    t.expect("Next step: act (aws:sleep)");
    t.expect(MENU_END);
    t.pick(menu::EXECUTE);
    t.expect("No step follows");
    t.expect(MENU_END);
    t.pick(menu::COMPLETE);
    t.ends("Success", 0);
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
    let id = at_approval(&mut t);
    t.pick(1);
    t.ends("Failed", 1);
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
    let id = at_approval(&mut t);
    t.keys("l");
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
    let args = [
        "run",
        "AWS-RestartEC2Instance",
        "-i",
        "--parameters",
        INSTANCE,
    ];
    sb.cmd(args).status(2).stderr_has("--yes").run();
    let mut yes = args.to_vec();
    yes.push("--yes");
    sb.cmd(yes).status(0).stdout_has(": Success").run();
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
