//! `ssmrun run DOC -i` through a pseudo-terminal: what a step's preview shows, and
//! "Override inputs, then execute", whose values are checked before the step runs.
#![cfg(unix)]

use crate::harness::Sandbox;
use crate::pty_screen::{BACKSPACE, ENTER, MENU_END, Screen, record, restart};

/// Enough backspaces to clear any prefilled value of these tests.
fn clear() -> String {
    BACKSPACE.repeat(30)
}

/// At the input prompt `name` prefilled with `initial`, types `typed` in its place (or
/// keeps it when `typed` is `None`).
fn answer(t: &mut Screen, name: &str, initial: &str, typed: Option<&str>) {
    t.expect(name);
    t.expect(initial);
    match typed {
        Some(v) => t.keys(&format!("{}{v}{ENTER}", clear())),
        None => t.keys(ENTER),
    }
}

/// Runs stopInstances through "Override inputs, then execute", typing `desired` over the
/// prefilled DesiredState and keeping InstanceIds; then cancels. The execution id.
fn override_stop_instances(sb: &Sandbox, desired: &str) -> String {
    let mut t = restart(sb);
    let id = t.execution_id();
    t.expect("Next step: stopInstances");
    t.expect(MENU_END);
    t.keys("o");
    answer(&mut t, "InstanceIds", "i-1234567890abcdef0", None);
    answer(&mut t, "DesiredState", "stopped", Some(desired));
    t.expect(&format!("InstanceStates = {desired}"));
    t.expect("Next step: startInstances");
    t.cancel();
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

#[test]
fn a_bad_override_is_asked_again_not_run() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    let id = t.execution_id();
    t.expect(MENU_END);
    t.keys("o");
    answer(
        &mut t,
        "InstanceIds",
        "i-1234567890abcdef0",
        Some(r#"["i-1234567890abcdef0""#),
    );
    t.expect("input `InstanceIds` is not valid JSON");
    t.expect("enter it again");
    answer(&mut t, "InstanceIds", "i-1234567890abcdef0", None);
    answer(&mut t, "DesiredState", "stopped", Some("sleeping"));
    t.expect("input `DesiredState` must be one of");
    t.expect("not `sleeping`; enter it again");
    answer(&mut t, "DesiredState", "stopped", Some("running"));
    t.expect("InstanceStates = running");
    t.cancel();
    let records = sb.step_records(&id);
    let stops: Vec<_> = records
        .iter()
        .filter(|r| r["StepName"] == "stopInstances")
        .collect();
    assert_eq!(stops.len(), 1, "only the good values ran: {records:#?}");
    assert_eq!(
        stops[0]["OverriddenParameters"],
        serde_json::json!({"DesiredState": ["running"]})
    );
}

#[test]
fn previews_show_values_as_the_step_lines_do() {
    let sb = Sandbox::new();
    let mut t = restart(&sb);
    t.execution_id();
    t.expect("Next step: stopInstances");
    let preview = t.expect(MENU_END);
    // A one-item list and a string read as the outputs below them do, never as JSON.
    assert!(
        preview.contains("InstanceIds = i-1234567890abcdef0"),
        "{preview}"
    );
    assert!(preview.contains("DesiredState = stopped"), "{preview}");
    assert!(!preview.contains('"'), "{preview}");
    t.keys("e");
    t.expect("InstanceStates = stopped");
    t.cancel();
}

#[test]
fn a_loop_preview_lists_its_body_as_steps() {
    let sb = Sandbox::new();
    let mut t = Screen::spawn(&sb, &["run", "Example-LoopOverInstances", "-i"]);
    t.execution_id();
    t.expect("Next step: tagEachInstance (aws:loop)");
    let preview = t.expect(MENU_END);
    for line in [
        r#"Iterators = ["i-1234567890abcdef0","i-0abcdef1234567890"]"#,
        "Steps (run on each pass):",
        "1. describeOne (aws:executeAwsApi)",
        "Api = DescribeInstances",
        "InstanceIds = {{ tagEachInstance.CurrentIteratorValue }}",
        "2. tagOne (aws:executeAwsApi)",
        r#"Tags = [{"Key":"LastSeenState","Value":"{{ describeOne.State }}"}]"#,
    ] {
        assert!(preview.contains(line), "{line:?} missing from\n{preview}");
    }
    assert!(!preview.contains("Steps = "), "{preview}");
    t.keys("x");
    t.ends("Cancelled", 1);
}
