//! The guard before `--driver boto3` calls a real AWS account, over a stand-in driver
//! program that answers every call as STS `GetCallerIdentity` would: no account is called.
#![cfg(unix)]

use crate::harness::{Sandbox, bin};
use rexpect::reader::Options;
use rexpect::session::spawn_with_options;
use std::os::unix::fs::PermissionsExt;
use std::process::Command;

/// A runbook that makes no call, so the stand-in's answers are only the account's.
const SLEEP: &str = "schemaVersion: '0.3'
mainSteps:
  - name: nap
    action: aws:sleep
    inputs:
      Duration: PT2S
";

/// Writes `python3` into the sandbox: it speaks the driver protocol, logs each request to
/// `requests.log` in the sandbox, and answers every request with account 210987654321, or
/// `STAND_IN_ACCOUNT` when set.
fn stand_in(sb: &Sandbox) -> String {
    let script = r#"#!/bin/sh
echo '{"protocol": 1, "driver": "stand-in", "version": "0"}'
account=${STAND_IN_ACCOUNT:-210987654321}
n=0
while read -r line; do
  n=$((n+1))
  echo "$line" >> requests.log
  echo "{\"id\": $n, \"result\": {\"Account\": \"$account\", \"Arn\": \"arn:aws:iam::$account:user/me\"}}"
done
"#;
    sb.write("bin/python3", script);
    let path = sb.path().join("bin/python3");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path.display().to_string()
}

/// [`SLEEP`] after a pause.
fn paused() -> String {
    SLEEP.replace(
        "mainSteps:\n",
        "mainSteps:\n  - name: hold\n    action: aws:pause\n    inputs: {}\n",
    )
}

#[test]
fn a_real_account_is_refused_without_real_aws() {
    let sb = Sandbox::new().file("doc.yaml", SLEEP);
    sb.cmd(["run", "doc.yaml", "--driver", "boto3"])
        .status(2)
        .stderr_has("calls your real AWS account: pass `--real-aws`")
        .run();
    // With the flag but no terminal to confirm on, and no `--yes`: still refused, before
    // any driver starts.
    sb.cmd(["run", "doc.yaml", "--driver", "boto3", "--real-aws"])
        .status(2)
        .stderr_has("without a terminal to confirm on")
        .run();
    let start = [
        "ssm",
        "start-automation-execution",
        "--document-name",
        "file://doc.yaml",
        "--driver",
        "boto3",
    ];
    sb.cmd(start)
        .status(255)
        .stderr_has("pass `--real-aws`")
        .run();
}

#[test]
fn yes_names_the_account_and_region_and_goes_on() {
    let sb = Sandbox::new().file("doc.yaml", SLEEP);
    let python = stand_in(&sb);
    let args = [
        "run",
        "doc.yaml",
        "--driver",
        "boto3",
        "--real-aws",
        "--yes",
        "--region",
        "eu-west-3",
        "--python",
        &python,
        "--sleep-scale",
        "0.01",
    ];
    sb.cmd(args)
        .status(0)
        .stderr_has("this run calls AWS account 210987654321 in region eu-west-3")
        // The whole sleep counts, though a hundredth of it was waited.
        .stdout_has("Success in 2s\n")
        .run();
}

#[test]
fn a_stored_real_account_execution_needs_real_aws_again() {
    let sb = Sandbox::new().file("doc.yaml", &paused());
    let python = stand_in(&sb);
    let r = sb
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "file://doc.yaml",
            "--driver",
            "boto3",
            "--real-aws",
            "--yes",
            "--python",
            &python,
        ])
        .status(0)
        .run();
    let id = r.json()["AutomationExecutionId"]
        .as_str()
        .expect("id")
        .to_string();
    let signal = [
        "ssm",
        "send-automation-signal",
        "--automation-execution-id",
        &id,
        "--signal-type",
        "Resume",
    ];
    sb.cmd(signal)
        .status(255)
        .stderr_has("pass `--real-aws`")
        .run();
    let mut allowed = signal.to_vec();
    allowed.push("--real-aws");
    // Credentials of another account drive nothing.
    sb.cmd(allowed.clone())
        .env("STAND_IN_ACCOUNT", "444455556666")
        .status(255)
        .stderr_has(
            "the credentials now belong to AWS account 444455556666, but this execution was started on account 210987654321",
        )
        .run();
    sb.cmd(allowed).status(0).run();
}

#[test]
fn a_run_asks_sts_once_however_often_it_advances() {
    let sb = Sandbox::new().file("doc.yaml", &paused());
    let python = stand_in(&sb);
    sb.cmd([
        "run",
        "doc.yaml",
        "--driver",
        "boto3",
        "--real-aws",
        "--yes",
        "--resume",
        "--python",
        &python,
        "--sleep-scale",
        "0.01",
    ])
    .status(0)
    .stdout_has("Success")
    .run();
    // The confirmation, the start and the resume share one driver and one STS call.
    let log = std::fs::read_to_string(sb.path().join("requests.log")).expect("requests");
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(log.contains("\"GetCallerIdentity\""), "{log}");
}

#[test]
fn the_terminal_confirmation_can_say_no() {
    let sb = Sandbox::new().file("doc.yaml", SLEEP);
    let python = stand_in(&sb);
    let mut cmd = Command::new(bin());
    cmd.args([
        "run",
        "doc.yaml",
        "--driver",
        "boto3",
        "--real-aws",
        "--python",
        &python,
    ])
    .current_dir(sb.path())
    .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
    .env("NO_COLOR", "1")
    .env_remove("CI");
    let options = Options::new().timeout_ms(Some(20_000));
    let mut session = spawn_with_options(cmd, options).expect("spawn ssmrun on a pty");
    session
        .exp_string("this run calls AWS account 210987654321 in region us-east-1")
        .expect("the account is named");
    session.exp_string("continue? [y/N]").expect("the question");
    session.send_line("n").expect("answer");
    session
        .exp_string("not confirmed: no call was made to the account")
        .expect("refused");
    let status = session.process().wait().expect("exit");
    assert!(
        matches!(status, rexpect::process::WaitStatus::Exited(_, 2)),
        "{status:?}"
    );
}
