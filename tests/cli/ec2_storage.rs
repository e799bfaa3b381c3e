//! Volumes and snapshots are stateful in the simulated world: a runbook creates a volume,
//! waits for it, attaches it to the default instance and snapshots it, and every answer
//! comes from the world, not from synthesized responses.

use crate::harness::Sandbox;

const DOC: &str = "schemaVersion: '0.3'
mainSteps:
  - name: create
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: CreateVolume
      AvailabilityZone: us-east-1a
      Size: 10
      VolumeType: gp3
    outputs:
      - Name: VolumeId
        Selector: $.VolumeId
        Type: String
  - name: available
    action: aws:waitForAwsResourceProperty
    inputs:
      Service: ec2
      Api: DescribeVolumes
      VolumeIds: ['{{ create.VolumeId }}']
      PropertySelector: $.Volumes[0].State
      DesiredValues: [available]
  - name: attach
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: AttachVolume
      VolumeId: '{{ create.VolumeId }}'
      InstanceId: i-1234567890abcdef0
      Device: /dev/sdf
  - name: attached
    action: aws:waitForAwsResourceProperty
    inputs:
      Service: ec2
      Api: DescribeInstances
      InstanceIds: [i-1234567890abcdef0]
      PropertySelector: $.Reservations[0].Instances[0].BlockDeviceMappings[1].Ebs.Status
      DesiredValues: [attached]
  - name: snapshot
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: CreateSnapshot
      VolumeId: '{{ create.VolumeId }}'
      Description: nightly
    outputs:
      - Name: SnapshotId
        Selector: $.SnapshotId
        Type: String
  - name: completed
    action: aws:waitForAwsResourceProperty
    inputs:
      Service: ec2
      Api: DescribeSnapshots
      SnapshotIds: ['{{ snapshot.SnapshotId }}']
      PropertySelector: $.Snapshots[0].State
      DesiredValues: [completed]
  - name: check
    action: aws:assertAwsResourceProperty
    inputs:
      Service: ec2
      Api: DescribeSnapshots
      SnapshotIds: ['{{ snapshot.SnapshotId }}']
      PropertySelector: $.Snapshots[0].Progress
      DesiredValues: ['100%']
outputs: [create.VolumeId, snapshot.SnapshotId]
";

#[test]
fn a_volume_is_created_attached_and_snapshotted_statefully() {
    let sb = Sandbox::new().file("doc.yaml", DOC);
    let r = sb
        .cmd([
            "run",
            "doc.yaml",
            "--strict",
            "--output",
            "json",
            "--world-out",
            "world.json",
        ])
        .status(0)
        .run();
    let v = r.json();
    assert_eq!(
        v["AutomationExecution"]["AutomationExecutionStatus"],
        "Success"
    );
    let calls = v["ApiCalls"].as_array().cloned().unwrap_or_default();
    assert!(!calls.is_empty());
    assert!(
        calls.iter().all(|c| c["AnsweredBy"] == "simulated"),
        "{calls:?}"
    );
    let world: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sb.path().join("world.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(
        world["volumes"][0]["Attachment"]["InstanceId"],
        "i-1234567890abcdef0"
    );
    assert_eq!(world["snapshots"][0]["Description"], "nightly");
    // The saved world carries on: the volume cannot be deleted while attached.
    let delete = "schemaVersion: '0.3'
mainSteps:
  - name: delete
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: DeleteVolume
      VolumeId: VOLUME
";
    let volume = world["volumes"][0]["VolumeId"].as_str().unwrap_or_default();
    sb.write("delete.yaml", &delete.replace("VOLUME", volume));
    sb.cmd(["run", "delete.yaml", "--world", "world.json"])
        .status(1)
        .stdout_has("VolumeInUse")
        .run();
}
