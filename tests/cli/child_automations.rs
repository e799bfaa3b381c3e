//! `aws:executeAutomation` of a child whose document is not available locally: synthesized,
//! recorded and listed; `--strict` fails instead. Bundled children run for real.

use crate::harness::Sandbox;

const PARENT: &str = "schemaVersion: '0.3'
mainSteps:
  - name: snapshot
    action: aws:executeAutomation
    inputs:
      DocumentName: AWS-CopySnapshot
      RuntimeParameters:
        SnapshotId: snap-0aaaabbbbccccdddd
  - name: own
    action: aws:executeAutomation
    inputs:
      DocumentName: TeamChild
";

#[test]
fn a_child_not_available_locally_is_synthesized_said_so_and_stored() {
    let sb = Sandbox::new().file("doc.yaml", PARENT);
    sb.cmd(["run", "doc.yaml"])
        .status(0)
        .stdout_has("note: child automation `AWS-CopySnapshot` not run: its document is not available locally, so execution 00000000-0000-4000-8000-000000000003 is synthesized (Success, no outputs); to run it, put a copy named `AWS-CopySnapshot.yaml` beside the runbook (AWS owns the name, so it cannot be registered), or pass --strict to fail here")
        .stdout_has("register it with `ssmrun ssm create-document --name TeamChild`")
        .stdout_has("Synthesized child automations (2): not run, their documents are not available locally\n  `AWS-CopySnapshot` in step `snapshot` (execution 00000000-0000-4000-8000-000000000003)\n  `TeamChild` in step `own`")
        .run();
    let got = sb
        .cmd([
            "ssm",
            "get-automation-execution",
            "--automation-execution-id",
            "00000000-0000-4000-8000-000000000003",
        ])
        .status(0)
        .run()
        .json();
    let child = &got["AutomationExecution"];
    assert_eq!(child["DocumentName"], "AWS-CopySnapshot");
    assert_eq!(child["AutomationExecutionStatus"], "Success");
    assert_eq!(
        child["ParentAutomationExecutionId"],
        "00000000-0000-4000-8000-000000000001"
    );
    assert_eq!(
        child["Parameters"]["SnapshotId"][0],
        "snap-0aaaabbbbccccdddd"
    );
    assert_eq!(child["StepExecutions"], serde_json::json!([]));
    sb.cmd([
        "ssm",
        "describe-automation-executions",
        "--filters",
        "Key=ParentExecutionId,Values=00000000-0000-4000-8000-000000000001",
        "--query",
        "length(AutomationExecutionMetadataList)",
    ])
    .status(0)
    .stdout_has("2")
    .run();
}

#[test]
fn run_json_marks_synthesized_children() {
    let sb = Sandbox::new().file("doc.yaml", PARENT);
    let out = sb
        .cmd(["run", "doc.yaml", "--output", "json"])
        .status(0)
        .run()
        .json();
    let children = out["ChildAutomationExecutions"]
        .as_array()
        .expect("children");
    assert_eq!(children.len(), 2);
    assert!(children.iter().all(|c| c["AnsweredBy"] == "synthesized"));
    let step = &out["AutomationExecution"]["StepExecutions"][0];
    assert_eq!(step["Outputs"]["Status"], serde_json::json!(["Success"]));
}

#[test]
fn strict_fails_a_child_not_available_locally() {
    Sandbox::new()
        .file("doc.yaml", PARENT)
        .cmd(["run", "doc.yaml", "--strict"])
        .status(1)
        .stdout_has("cannot start child automation `AWS-CopySnapshot`: document `AWS-CopySnapshot` not found")
        .stdout_lacks("Synthesized child automations")
        .run();
}

#[test]
fn a_bundled_child_runs_for_real_and_passes_its_outputs_on() {
    let parent = "schemaVersion: '0.3'
mainSteps:
  - name: snapshot
    action: aws:executeAutomation
    inputs:
      DocumentName: AWS-CreateSnapshot
      RuntimeParameters:
        VolumeId: vol-0aaaabbbbccccdddd
  - name: check
    action: aws:assertAwsResourceProperty
    inputs:
      Service: ec2
      Api: DescribeSnapshots
      SnapshotIds: '{{ snapshot.Output }}'
      PropertySelector: $.Snapshots[0].State
      DesiredValues: [completed]
";
    let world = "volumes:\n  - {VolumeId: vol-0aaaabbbbccccdddd}\n";
    Sandbox::new()
        .file("doc.yaml", parent)
        .file("world.yaml", world)
        .cmd(["run", "doc.yaml", "--world", "world.yaml"])
        .status(0)
        .stdout_lacks("Synthesized child automations")
        .stdout_has("check ")
        .run();
}

/// The bundled children real runbooks call, run by name on the default world, chained by
/// `--world-out`, as documents/README.md shows them.
#[test]
fn the_bundled_aws_children_succeed_on_the_default_world() {
    let find_root = "schemaVersion: '0.3'
mainSteps:
  - name: root
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: DescribeVolumes
      Filters: [{Name: attachment.instance-id, Values: [i-1234567890abcdef0]}]
    outputs:
      - {Name: VolumeId, Selector: '$.Volumes[0].VolumeId', Type: String}
";
    let sb = Sandbox::new().file("root.yaml", find_root);
    let out = sb
        .cmd(["run", "root.yaml", "--output", "json"])
        .status(0)
        .run()
        .json();
    let volume = out["AutomationExecution"]["StepExecutions"][0]["Outputs"]["VolumeId"][0]
        .as_str()
        .expect("the default world's instance has a root volume")
        .to_string();
    let created = sb
        .cmd([
            "run",
            "AWS-CreateSnapshot",
            "--parameters",
            &format!("VolumeId={volume}"),
            "--world-out",
            "w.json",
            "--output",
            "json",
        ])
        .status(0)
        .run()
        .json();
    let snapshot = created["AutomationExecution"]["Outputs"]["createSnapshot.Payload"][0]
        .as_str()
        .expect("the snapshot id")
        .to_string();
    let runs: [&[&str]; 4] = [
        &[
            "AWS-DeleteSnapshot",
            "--world",
            "w.json",
            "--parameters",
            &format!("SnapshotId={snapshot}"),
        ],
        &[
            "AWS-ResizeInstance",
            "--parameters",
            "InstanceId=i-1234567890abcdef0,InstanceType=t3.large",
        ],
        &[
            "AWS-ASGEnterStandby",
            "--parameters",
            "InstanceId=i-0a1b2c3d4e5f67890",
            "--world-out",
            "w.json",
        ],
        &[
            "AWS-ASGExitStandby",
            "--world",
            "w.json",
            "--parameters",
            "InstanceId=i-0a1b2c3d4e5f67890",
        ],
    ];
    for args in runs {
        let mut cmd = vec!["run"];
        cmd.extend_from_slice(args);
        sb.cmd(cmd).status(0).stdout_has(": Success").run();
    }
}

#[test]
fn a_stored_child_shows_its_own_pending_steps_not_its_parents() {
    let child = "schemaVersion: '0.3'
mainSteps:
  - name: nap
    action: aws:sleep
    inputs: {Duration: PT1S}
    isEnd: true
  - name: never
    action: aws:sleep
    inputs: {Duration: PT1S}
";
    let parent = "schemaVersion: '0.3'
mainSteps:
  - name: call
    action: aws:executeAutomation
    inputs: {DocumentName: Kid}
  - name: after
    action: aws:sleep
    inputs: {Duration: PT1S}
";
    let sb = Sandbox::new()
        .file("doc.yaml", parent)
        .file("Kid.yaml", child);
    sb.cmd(["run", "doc.yaml"]).status(0).run();
    sb.cmd([
        "ssm",
        "get-automation-execution",
        "--automation-execution-id",
        "00000000-0000-4000-8000-000000000003",
        "--query",
        "AutomationExecution.StepExecutions[].[StepName,StepStatus]",
        "--output",
        "text",
    ])
    .status(0)
    .stdout_is("nap\tSuccess\nnever\tPending\n")
    .run();
}
