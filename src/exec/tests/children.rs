//! `aws:executeAutomation` of a document that is not available locally: a synthesized child,
//! unless strict; a document that is here but broken fails as before.

use super::{Children, ScriptedDriver, doc, document, run_with};
use crate::exec::{DocumentSource, LoadError, LoadedDocument, Options, Status};
use serde_json::{Value, json};

const CALL_MISSING: &str = "  - name: call
    action: aws:executeAutomation
    inputs:
      DocumentName: AWS-CreateSnapshot
      DocumentVersion: '3'
      RuntimeParameters:
        VolumeId: vol-1
        Tags: [a, b]
  - name: after
    action: aws:sleep
    inputs: {Duration: PT1S}
";

#[test]
fn a_child_not_available_locally_is_synthesized_and_recorded() {
    let r = run_with(
        &doc(CALL_MISSING),
        ScriptedDriver::default(),
        Default::default(),
        &Options::default(),
        &Children::default(),
    );
    assert_eq!(r.exec.status, Status::Success);
    let [child] = r.children.as_slice() else {
        panic!("one child: {:?}", r.children);
    };
    assert!(child.synthesized);
    assert_eq!(child.status, Status::Success);
    assert_eq!(child.document_name, "AWS-CreateSnapshot");
    assert_eq!(child.document_version, "3");
    assert_eq!(child.parent_id.as_deref(), Some(r.exec.id.as_str()));
    assert!(child.steps.is_empty() && child.document_outputs().is_empty());
    assert_eq!(child.parameters["VolumeId"], json!(["vol-1"]));
    assert_eq!(child.parameters["Tags"], json!(["a", "b"]));
    assert_eq!(r.exec.child_ids, std::slice::from_ref(&child.id));
    let record = r.record("call");
    assert_eq!(record.outputs["ExecutionId"], json!(child.id));
    assert_eq!(record.outputs["Status"], json!("Success"));
    assert_eq!(record.outputs["Output"], Value::Array(Vec::new()));
    let note = record.notes.join("\n");
    assert!(note.contains("`AWS-CreateSnapshot` not run"), "{note}");
    assert!(note.contains("AWS owns the name"), "{note}");
    assert_eq!(r.record("after").status, Status::Success);
}

#[test]
fn a_users_own_child_may_be_registered_and_targets_are_still_named() {
    let text = doc("  - name: call
    action: aws:executeAutomation
    inputs:
      DocumentName: MyChild
      TargetParameterName: InstanceId
      Targets: [{Key: tag:Env, Values: [prod]}]
");
    let r = run_with(
        &text,
        ScriptedDriver::default(),
        Default::default(),
        &Options::default(),
        &Children::default(),
    );
    let notes = r.record("call").notes.join("\n");
    assert!(
        notes.contains("ssmrun ssm create-document --name MyChild"),
        "{notes}"
    );
    assert!(
        notes.contains("Targets, TargetParameterName not simulated"),
        "{notes}"
    );
    assert_eq!(r.children[0].document_version, "1");
}

#[test]
fn strict_fails_the_step_instead() {
    let options = Options {
        strict: true,
        ..Options::default()
    };
    let r = run_with(
        &doc(CALL_MISSING),
        ScriptedDriver::default(),
        Default::default(),
        &options,
        &Children::default(),
    );
    assert_eq!(r.exec.status, Status::Failed);
    assert!(r.children.is_empty());
    let failure = r.record("call").failure_message.clone().unwrap_or_default();
    assert!(
        failure.contains("cannot start child automation `AWS-CreateSnapshot`"),
        "{failure}"
    );
}

/// A document that is found but cannot run.
struct Broken;

impl DocumentSource for Broken {
    fn load(&self, name: &str, _version: Option<&str>) -> Result<LoadedDocument, LoadError> {
        Err(LoadError::Unusable(format!("`{name}` is not a runbook")))
    }
}

#[test]
fn a_child_that_is_here_but_broken_is_never_synthesized() {
    let d = document(&doc(CALL_MISSING));
    let mut driver = ScriptedDriver::default();
    let mut ids = crate::exec::SequentialIds::default();
    let mut observer = crate::exec::NoObserver;
    let mut mocks = ();
    let options = Options::default();
    let mut engine = crate::exec::Engine::new(
        &d,
        &mut driver,
        &mut mocks,
        &mut ids,
        &mut observer,
        &Broken,
        &options,
    );
    let mut exec = engine.start(
        "test",
        "1",
        Default::default(),
        crate::exec::Mode::Auto,
        None,
    );
    engine.run(&mut exec);
    assert_eq!(exec.status, Status::Failed);
    assert!(engine.children.is_empty());
}

#[test]
fn output_holds_the_childs_output_values_in_declared_order() {
    let child = document(
        "schemaVersion: '0.3'
outputs: [snap.Id, snap.Size]
mainSteps:
  - name: snap
    action: aws:executeAwsApi
    inputs: {Service: ec2, Api: CreateSnapshot, VolumeId: vol-1}
    outputs:
      - {Name: Size, Selector: $.VolumeSize, Type: Integer}
      - {Name: Id, Selector: $.SnapshotId, Type: String}
",
    );
    let children = Children([("Snap".to_string(), child)].into_iter().collect());
    let driver = ScriptedDriver::new().answer(
        "ec2.CreateSnapshot",
        json!({"SnapshotId": "snap-0123456789abcdef0", "VolumeSize": 8}),
    );
    let text = doc("  - name: call
    action: aws:executeAutomation
    inputs: {DocumentName: Snap}
");
    let r = run_with(
        &text,
        driver,
        Default::default(),
        &Options::default(),
        &children,
    );
    assert_eq!(
        r.exec.status,
        Status::Success,
        "{:?} {:?}",
        r.record("call").failure_message,
        r.children.first().map(|c| &c.steps)
    );
    assert!(!r.children[0].synthesized);
    assert_eq!(
        r.record("call").outputs["Output"],
        json!(["snap-0123456789abcdef0", "8"])
    );
}
