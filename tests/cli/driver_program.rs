//! `--driver-program`: a driver of the user's, here POSIX shell, answering a run's calls over
//! the line protocol; kept with a stored execution for its signals; and the errors of a
//! program that is missing or does not speak the protocol.
#![cfg(unix)]

use crate::harness::Sandbox;
use std::os::unix::fs::PermissionsExt;

/// The example driver of docs/driver-protocol.md ("Writing your own driver").
fn documented_driver() -> String {
    const DOC: &str = include_str!("../../docs/driver-protocol.md");
    let section = DOC
        .split("## Writing your own driver")
        .nth(1)
        .expect("the section exists");
    let script = section
        .split("```sh\n")
        .nth(1)
        .and_then(|block| block.split("```").next())
        .expect("the section has a shell example");
    script.to_string()
}

/// Writes an executable `name` into the sandbox.
fn executable(sb: &Sandbox, name: &str, text: &str) {
    sb.write(name, text);
    let path = sb.path().join(name);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Reads the instance's state, then asserts it is running: both calls go to the driver.
const CHECK: &str = "schemaVersion: '0.3'
parameters:
  InstanceId:
    type: String
    default: i-0123456789abcdef0
mainSteps:
  - name: look
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: DescribeInstances
      InstanceIds: ['{{ InstanceId }}']
    outputs:
      - Name: State
        Selector: $.Reservations[0].Instances[0].State.Name
        Type: String
  - name: running
    action: aws:assertAwsResourceProperty
    inputs:
      Service: ec2
      Api: DescribeInstances
      InstanceIds: ['{{ InstanceId }}']
      PropertySelector: $.Reservations[0].Instances[0].State.Name
      DesiredValues: [running]
outputs:
  - look.State
";

#[test]
fn docs_example_driver_runs_a_runbook_to_success() {
    let sb = Sandbox::new().file("check.yaml", CHECK);
    executable(&sb, "tiny-driver.sh", &documented_driver());
    let r = sb
        .cmd([
            "run",
            "check.yaml",
            "--driver-program",
            "./tiny-driver.sh",
            "--output",
            "json",
        ])
        .status(0)
        .run();
    let out = r.json();
    let exec = &out["AutomationExecution"];
    assert_eq!(exec["AutomationExecutionStatus"], "Success", "{out:#}");
    assert_eq!(exec["Outputs"]["look.State"][0], "running", "{out:#}");
    let calls = out["ApiCalls"].as_array().expect("calls");
    assert!(calls.len() >= 2, "{calls:#?}");
    assert!(
        calls.iter().all(|c| c["AnsweredBy"] == "program"),
        "{calls:#?}"
    );
}

#[test]
fn an_operation_the_driver_lacks_fails_the_step_with_its_error() {
    let sb = Sandbox::new().file(
        "stop.yaml",
        "schemaVersion: '0.3'
mainSteps:
  - name: stop
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: StopInstances
      InstanceIds: [i-0123456789abcdef0]
",
    );
    executable(&sb, "tiny-driver.sh", &documented_driver());
    sb.cmd(["run", "stop.yaml", "--driver-program", "./tiny-driver.sh"])
        .status(1)
        .stdout_has("UnsupportedOperation")
        .run();
}

/// The documented driver, logging each start and each request to the file named by its
/// first argument, with the access key it was given.
fn logging_driver() -> String {
    documented_driver()
        .replacen(
            "echo '{\"protocol\"",
            "echo \"start $AWS_ACCESS_KEY_ID ${AWS_SESSION_TOKEN:-no-token}\" >> \"$1\"\necho '{\"protocol\"",
            1,
        )
        .replacen(
            "  id=${line#",
            "  echo \"$line\" >> \"$1\"\n  id=${line#",
            1,
        )
}

#[test]
fn a_stored_execution_is_signalled_through_the_same_program() {
    let sb = Sandbox::new().file(
        "held.yaml",
        &CHECK.replace(
            "mainSteps:\n",
            "mainSteps:\n  - name: hold\n    action: aws:pause\n    inputs: {}\n",
        ),
    );
    executable(&sb, "drivers/logging.sh", &logging_driver());
    let log = sb.path().join("driver.log").display().to_string();
    let r = sb
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "file://held.yaml",
            "--driver-program",
            "drivers/logging.sh",
            "--driver-arg",
            &log,
        ])
        .env("AWS_ACCESS_KEY_ID", "AKIAHOSTKEY")
        .env("AWS_SESSION_TOKEN", "host-token")
        .status(0)
        .run();
    let id = r.json()["AutomationExecutionId"]
        .as_str()
        .expect("id")
        .to_string();
    // From another directory: the program was stored by its absolute path.
    sb.write("elsewhere/.keep", "");
    sb.cmd([
        "ssm",
        "send-automation-signal",
        "--automation-execution-id",
        &id,
        "--signal-type",
        "Resume",
    ])
    .in_dir("elsewhere")
    .status(0)
    .run();
    sb.cmd([
        "ssm",
        "get-automation-execution",
        "--automation-execution-id",
        &id,
    ])
    .stdout_has("\"AutomationExecutionStatus\": \"Success\"")
    .run();
    let text = std::fs::read_to_string(sb.path().join("driver.log")).expect("the log");
    let starts: Vec<&str> = text.lines().filter(|l| l.starts_with("start")).collect();
    // One start per command, never the host's credentials.
    assert_eq!(starts, ["start testing no-token"; 2], "{text}");
    // One STS call per command; the resumed steps' calls went to the program.
    assert_eq!(text.matches("\"GetCallerIdentity\"").count(), 2, "{text}");
    assert_eq!(text.matches("\"DescribeInstances\"").count(), 2, "{text}");
}

/// `run` exits 3, `ssm start-automation-execution` 255, with `expected` on stderr.
fn refused(sb: &Sandbox, program: &str, expected: &str) {
    sb.cmd(["run", "check.yaml", "--driver-program", program])
        .status(3)
        .stderr_has(expected)
        .run();
    sb.cmd([
        "ssm",
        "start-automation-execution",
        "--document-name",
        "file://check.yaml",
        "--driver-program",
        program,
    ])
    .status(255)
    .stderr_has(expected)
    .run();
}

#[test]
fn a_broken_driver_program_stops_the_command_with_what_broke() {
    let sb = Sandbox::new().file("check.yaml", CHECK);
    executable(
        &sb,
        "dies.sh",
        "#!/bin/sh\necho 'no licence found' >&2\nexit 1\n",
    );
    refused(
        &sb,
        "./dies.sh",
        "did not start: the driver ended: no licence found",
    );
    executable(&sb, "chatty.sh", "#!/bin/sh\necho 'Hello from my driver'\n");
    refused(
        &sb,
        "./chatty.sh",
        "is not a driver: its first line is not the protocol's greeting: `Hello from my driver`",
    );
    executable(
        &sb,
        "long.sh",
        "#!/bin/sh\nhead -c 200000 /dev/zero | tr '\\0' x\necho\n",
    );
    refused(&sb, "./long.sh", "its first line is longer than 64 KiB");
    executable(
        &sb,
        "newer.sh",
        "#!/bin/sh\necho '{\"protocol\": 2, \"driver\": \"newer\"}'\ncat >/dev/null\n",
    );
    refused(
        &sb,
        "./newer.sh",
        "it speaks protocol 2, this ssmrun speaks protocol 1",
    );
    refused(&sb, "./missing.sh", "cannot be run (cannot start");
}

#[test]
fn a_driver_that_breaks_mid_run_fails_the_step() {
    let sb = Sandbox::new().file("check.yaml", CHECK);
    // Answers STS, then garbage.
    let script = documented_driver().replacen(
        "*'\"operation\":\"DescribeInstances\"'*)\n      echo",
        "*'\"operation\":\"DescribeInstances\"'*)\n      echo 'Segmentation fault'; continue\n      echo",
        1,
    );
    assert!(script.contains("Segmentation fault"));
    executable(&sb, "broken.sh", &script);
    sb.cmd(["run", "check.yaml", "--driver-program", "./broken.sh"])
        .status(1)
        .stdout_has("DriverFailed")
        .stdout_has("an answer is not JSON: `Segmentation fault`")
        .run();
}

#[test]
fn driver_program_flags_are_checked() {
    let sb = Sandbox::new().file("check.yaml", CHECK);
    sb.cmd([
        "run",
        "check.yaml",
        "--driver",
        "boto3",
        "--driver-program",
        "./x.sh",
    ])
    .status(2)
    .stderr_has("cannot be used with")
    .run();
    sb.cmd(["run", "check.yaml", "--driver-arg", "x"])
        .status(2)
        .stderr_has("`--driver-arg` is an argument of `--driver-program`")
        .run();
    // A program given your credentials and no endpoint may call your account.
    sb.cmd([
        "run",
        "check.yaml",
        "--driver-program",
        "./x.sh",
        "--user-credentials",
    ])
    .status(2)
    .stderr_has("pass `--real-aws`")
    .run();
}
