//! Graphs of small documents: which edges exist, what is unreachable, how an execution is
//! drawn, and that names and conditions cannot break the Mermaid or DOT syntax.

use super::*;
use crate::exec::{Cursor, Mode, ParentStepDetails, Status, StepRecord};
use crate::source::SourceFile;

fn graph(steps: &str) -> Graph {
    let text = format!("schemaVersion: '0.3'\nmainSteps:\n{steps}");
    let checked = crate::validate::check(&SourceFile::new("test.yaml", &text));
    let document = checked.document.expect("the test document lowers");
    build(&crate::compile::compile(&document), None)
}

/// `from → to (kind, label)` for every edge, by step name.
fn edges(g: &Graph) -> Vec<String> {
    g.edges
        .iter()
        .map(|e| {
            let label = e
                .label
                .as_deref()
                .map(|l| format!(" {l}"))
                .unwrap_or_default();
            format!(
                "{} → {} {:?}{label}{}",
                g.endpoint_name(&e.from),
                g.endpoint_name(&e.to),
                e.kind,
                if e.taken { " taken" } else { "" }
            )
        })
        .collect()
}

const BRANCHY: &str = r#"  - name: check
    action: aws:branch
    inputs:
      Choices:
        - NextStep: stopIt
          Variable: "{{ Mode }}"
          StringEquals: "stop"
      Default: report
    onFailure: step:report
  - name: stopIt
    action: aws:sleep
    inputs: { Duration: PT1S }
    nextStep: report
    onCancel: step:report
  - name: orphan
    action: aws:sleep
    inputs: { Duration: PT1S }
  - name: report
    action: aws:sleep
    inputs: { Duration: PT1S }
    isEnd: true
"#;

#[test]
fn every_transition_is_an_edge() {
    let g = graph(BRANCHY);
    assert_eq!(
        edges(&g),
        [
            "start → check Start",
            r#"check → stopIt Choice {{ Mode }} StringEquals "stop""#,
            "check → report Default Default",
            "check → report OnFailure onFailure",
            "stopIt → report NextStep",
            "stopIt → report OnCancel onCancel",
            "orphan → report Implicit",
            "report → end IsEnd isEnd",
        ]
    );
    let unreachable: Vec<&str> = g
        .steps
        .iter()
        .filter(|s| s.unreachable)
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(unreachable, ["orphan"]);
}

#[test]
fn a_branch_without_default_falls_through_when_nothing_matches() {
    let g = graph(
        r#"  - name: check
    action: aws:branch
    inputs:
      Choices:
        - NextStep: last
          Variable: "{{ Mode }}"
          StringEquals: "x"
  - name: last
    action: aws:sleep
    inputs: { Duration: PT1S }
"#,
    );
    assert!(edges(&g).contains(&"check → last Implicit no choice matched".to_string()));
}

const LOOPY: &str = r#"  - name: each
    action: aws:loop
    inputs:
      Iterators: [a, b]
      Steps:
        - name: first
          action: aws:sleep
          inputs: { Duration: PT1S }
          onFailure: step:after
        - name: second
          action: aws:sleep
          inputs: { Duration: PT1S }
  - name: after
    action: aws:sleep
    inputs: { Duration: PT1S }
"#;

#[test]
fn loop_bodies_are_nested_and_repeat() {
    let g = graph(LOOPY);
    let names: Vec<(&str, Option<usize>, &str)> = g
        .steps
        .iter()
        .map(|s| (s.name.as_str(), s.parent, s.id.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("each", None, "s0"),
            ("first", Some(0), "s0_0"),
            ("second", Some(0), "s0_1"),
            ("after", None, "s1"),
        ]
    );
    assert_eq!(
        edges(&g),
        [
            "start → each Start",
            "each → after Implicit",
            "after → end Implicit",
            "each → first LoopBody each pass",
            "first → second Implicit",
            "first → after OnFailure onFailure",
            "second → each LoopRepeat next pass",
        ]
    );
    assert!(g.steps.iter().all(|s| !s.unreachable));
}

fn record(name: &str, status: Status, parent: Option<(&str, u32)>) -> StepRecord {
    let mut r = StepRecord::new(name, "aws:sleep", format!("id-{name}"));
    r.status = status;
    r.attempts = 1;
    r.parent = parent.map(|(step, iteration)| ParentStepDetails {
        step_execution_id: format!("id-{step}"),
        step_name: step.to_string(),
        action: "aws:loop".into(),
        iteration,
        iterator_value: None,
    });
    r
}

fn execution(status: Status, steps: Vec<StepRecord>) -> Execution {
    Execution {
        id: "exec-1".into(),
        document_name: "test".into(),
        document_version: "1".into(),
        mode: Mode::Auto,
        status,
        parameters: Default::default(),
        variables: Default::default(),
        steps,
        step_outputs: Default::default(),
        start_ms: 0,
        end_ms: None,
        failure_message: None,
        cursor: Cursor::End,
        critical_failure: false,
        parent_id: None,
        executed_by: String::new(),
        child_ids: Vec::new(),
        approvals: Vec::new(),
        declared_outputs: Vec::new(),
        synthesized: false,
    }
}

#[test]
fn an_execution_marks_its_path_and_statuses() {
    let text = format!("schemaVersion: '0.3'\nmainSteps:\n{LOOPY}");
    let document = crate::validate::check(&SourceFile::new("t.yaml", &text))
        .document
        .expect("lowers");
    let exec = execution(
        Status::Success,
        vec![
            record("each", Status::Success, None),
            record("first", Status::Success, Some(("each", 1))),
            record("second", Status::Success, Some(("each", 1))),
            record("first", Status::Failed, Some(("each", 2))),
            record("after", Status::Success, None),
        ],
    );
    let g = build(&crate::compile::compile(&document), Some(&exec));
    let taken: Vec<String> = edges(&g)
        .into_iter()
        .filter(|e| e.ends_with("taken"))
        .collect();
    assert_eq!(
        taken,
        [
            "start → each Start taken",
            "each → after Implicit taken",
            "after → end Implicit taken",
            "each → first LoopBody each pass taken",
            "first → second Implicit taken",
            "second → each LoopRepeat next pass taken",
        ]
    );
    let first = &g.steps[1];
    assert_eq!(run_summary(&g, first).as_deref(), Some("Failed, 2 runs"));
    assert!(render(&g, Format::Text).contains("first (aws:sleep) [Failed, 2 runs]"));
}

#[test]
fn labels_cannot_break_mermaid_or_dot() {
    let g = graph(
        r#"  - name: check
    action: aws:branch
    inputs:
      Choices:
        - NextStep: done
          Variable: "{{ Mode }}"
          StringEquals: "a\"b|c]d;e#f<g>\\h end"
  - name: done
    action: aws:sleep
    inputs: { Duration: PT1S }
"#,
    );
    let mermaid = render(&g, Format::Mermaid);
    let label = mermaid
        .lines()
        .find(|l| l.contains("s0 -->|"))
        .expect("the choice edge");
    let inside = label
        .split_once("|\"")
        .and_then(|(_, rest)| rest.rsplit_once("\"|"))
        .map(|(inside, _)| inside)
        .expect("a quoted label");
    assert!(!inside.contains(['"', '|', '<', '>', '\\']), "{inside}");
    assert!(inside.contains("#34;"), "{inside}");
    let dot = render(&g, Format::Dot);
    assert!(
        dot.contains(r#"StringEquals \"a\\\"b|c]d;e#f<g>\\\\h end\""#),
        "{dot}"
    );
}

#[test]
fn mermaid_escape_keeps_only_safe_characters() {
    assert_eq!(mermaid::escape("a b_c"), "a b_c");
    assert_eq!(mermaid::escape("x\"y"), "x#34;y");
    assert_eq!(mermaid::escape("#1;"), "#35;1#59;");
    assert_eq!(dot::quote("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
}
