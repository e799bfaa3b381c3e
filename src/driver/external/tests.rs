//! The driver process over small driver programs written in shell, so that the protocol
//! handling is tested without Python or boto3.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Command;

use serde_json::json;

use super::*;

fn shell(script: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", script]);
    command
}

/// An executable shell script `name` in `dir`.
fn executable(dir: &Path, name: &str, script: &str) -> PathBuf {
    let path = dir.join(name);
    let mut file = std::fs::File::create(&path).unwrap();
    writeln!(file, "#!/bin/sh\n{script}").unwrap();
    drop(file);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// A program standing in for the interpreter: it ignores `-c HELPER` and runs `script`.
fn fake_python(dir: &Path, script: &str) -> PathBuf {
    executable(dir, "python3", script)
}

const GREETING: &str = r#"echo '{"protocol": 1, "driver": "echo", "version": "0"}'"#;

#[test]
fn calls_are_answered_in_order_by_the_driver_program() {
    // Answers each request with its own line as the result, numbered as asked.
    let script = format!(
        r#"{GREETING}; n=0; while read -r line; do n=$((n+1)); echo "{{\"id\": $n, \"result\": {{\"Seen\": $n}}}}"; done"#
    );
    let mut driver = DriverProcess::start(shell(&script), "`sh`").unwrap();
    assert_eq!(driver.name, "echo 0");
    for n in 1..=3 {
        let answer = driver.call("ec2", "DescribeInstances", &json!({}), "us-east-1");
        assert_eq!(answer, Ok(json!({"Seen": n})));
    }
}

#[test]
fn a_driver_that_ends_fails_the_call_with_its_last_words() {
    let script = format!("{GREETING}; read -r line; echo 'boom: it broke' >&2; exit 1");
    let mut driver = DriverProcess::start(shell(&script), "`sh`").unwrap();
    let error = driver
        .call("ec2", "DescribeInstances", &json!({}), "us-east-1")
        .unwrap_err();
    assert_eq!(error.code, "DriverFailed");
    assert!(
        error.message.contains("boom: it broke"),
        "{}",
        error.message
    );
    // Later calls fail the same way without waiting on a dead process.
    let again = driver.call("ec2", "DescribeInstances", &json!({}), "us-east-1");
    assert_eq!(again.unwrap_err().code, "DriverFailed");
}

#[test]
fn a_driver_that_hangs_costs_a_bounded_wait() {
    let short = process::Limits {
        start: std::time::Duration::from_secs(1),
        call: std::time::Duration::from_secs(1),
    };
    // Reads its requests and never answers (a shell builtin loop: no child outlives it).
    let silent = "while read -r line; do :; done";
    let Err(why) = DriverProcess::start_within(shell(silent), "`sh`", short) else {
        panic!("a driver that never greets does not start");
    };
    assert!(why.contains("did not answer within 1 s"), "{why}");
    let script = format!("{GREETING}; {silent}");
    let mut driver = DriverProcess::start_within(shell(&script), "`sh`", short).unwrap();
    let error = driver
        .call("ec2", "DescribeInstances", &json!({}), "us-east-1")
        .unwrap_err();
    assert_eq!(error.code, "DriverFailed");
    assert!(
        error.message.contains("did not answer within 1 s"),
        "{}",
        error.message
    );
}

#[test]
fn a_program_that_is_not_a_driver_is_named() {
    let Err(why) = DriverProcess::start(shell("echo hello"), "`sh`") else {
        panic!("`echo hello` is no driver");
    };
    assert!(why.contains("`sh` is not a driver"), "{why}");
}

#[test]
fn missing_boto3_says_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let python = fake_python(
        dir.path(),
        r#"echo '{"protocol": 1, "fatal": "boto3 is not installed (No module named boto3)"}'"#,
    );
    let Err(why) = ExternalDriver::start(&DriverSettings::default(), Some(&python), "us-east-1")
    else {
        panic!("a driver without boto3 cannot start");
    };
    assert!(why.contains("needs boto3 in"), "{why}");
    assert!(why.contains("-m pip install boto3"), "{why}");
}

#[test]
fn missing_python_says_what_to_install() {
    let missing = Path::new("/nonexistent/python3");
    let Err(why) = ExternalDriver::start(&DriverSettings::default(), Some(missing), "us-east-1")
    else {
        panic!("a missing interpreter cannot start");
    };
    assert!(why.contains("install Python 3 and boto3"), "{why}");
}

#[test]
fn an_unreachable_endpoint_is_reported_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let python = fake_python(
        dir.path(),
        &format!(
            r#"{GREETING}; read -r line; echo '{{"id": 1, "error": {{"code": "EndpointConnectionError", "message": "Could not connect"}}}}'"#
        ),
    );
    let settings = DriverSettings {
        endpoint_url: Some("http://127.0.0.1:9".into()),
        ..DriverSettings::default()
    };
    let Err(why) = ExternalDriver::start(&settings, Some(&python), "us-east-1") else {
        panic!("nothing answers on the endpoint");
    };
    assert!(why.contains("cannot reach `http://127.0.0.1:9`"), "{why}");
    assert!(why.contains("Could not connect"), "{why}");
}

#[test]
fn the_account_comes_from_the_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let python = fake_python(
        dir.path(),
        &format!(
            r#"{GREETING}; read -r line; echo '{{"id": 1, "result": {{"Account": "123456789012"}}}}'"#
        ),
    );
    let settings = DriverSettings {
        region: Some("eu-west-1".into()),
        ..DriverSettings::default()
    };
    let driver = ExternalDriver::start(&settings, Some(&python), "us-east-1").unwrap();
    assert_eq!(driver.account_id(), "123456789012");
    assert_eq!(driver.region(), "eu-west-1");
    assert_eq!(driver.name(), "boto3");
}

/// The settings of a driver program of the user's, in shell.
fn program(dir: &Path, body: &str) -> DriverSettings {
    let path = executable(dir, "driver.sh", body);
    DriverSettings {
        program: Some(DriverProgram::new(&path, Vec::new())),
        ..DriverSettings::default()
    }
}

const ANSWERS_ACCOUNT: &str =
    r#"read -r line; echo '{"id": 1, "result": {"Account": "111122223333"}}'; cat >/dev/null"#;

#[test]
fn a_driver_program_answers_in_place_of_boto3() {
    let dir = tempfile::tempdir().unwrap();
    let settings = program(dir.path(), &format!("{GREETING}; {ANSWERS_ACCOUNT}"));
    // No interpreter is needed: the program runs itself.
    let missing = Path::new("/nonexistent/python3");
    let driver = ExternalDriver::start(&settings, Some(missing), "us-east-1").unwrap();
    assert_eq!(driver.account_id(), "111122223333");
    assert_eq!(driver.name(), "program");
    assert_eq!(driver.version(), "echo 0");
}

#[test]
fn a_recorded_account_must_still_be_the_credentials_account() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = program(dir.path(), &format!("{GREETING}; {ANSWERS_ACCOUNT}"));
    settings.account = Some("111122223333".into());
    assert!(ExternalDriver::start(&settings, None, "us-east-1").is_ok());
    settings.account = Some("444455556666".into());
    let Err(why) = ExternalDriver::start(&settings, None, "us-east-1") else {
        panic!("another account's credentials drive nothing");
    };
    assert!(
        why.contains("belong to AWS account 111122223333") && why.contains("444455556666"),
        "{why}"
    );
}

#[test]
fn a_broken_driver_program_is_named_with_what_broke() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "echo 'cannot work' >&2; exit 3",
            "did not start: the driver ended: cannot work",
        ),
        ("echo hello", "did not start: `"),
        // A greeting far past its bound, on one line.
        (
            "head -c 100000 /dev/zero | tr '\\0' x; echo",
            "its first line is longer than 64 KiB",
        ),
        (
            &format!("{GREETING}; read -r line; echo 'not json'"),
            "failed the first request, `sts` `GetCallerIdentity`",
        ),
        (
            &format!(r#"{GREETING}; read -r line; echo '{{"id": 1, "result": {{}}}}'"#),
            "has no `Account` string",
        ),
    ];
    for (body, expected) in cases {
        let settings = program(dir.path(), body);
        let Err(why) = ExternalDriver::start(&settings, None, "us-east-1") else {
            panic!("`{body}` is no working driver");
        };
        assert!(why.starts_with("the driver program `"), "{why}");
        assert!(why.contains(expected), "{body}: {why}");
    }
    let settings = DriverSettings {
        program: Some(DriverProgram::new(
            Path::new("/nonexistent/driver"),
            Vec::new(),
        )),
        ..DriverSettings::default()
    };
    let Err(why) = ExternalDriver::start(&settings, None, "us-east-1") else {
        panic!("a missing program cannot start");
    };
    assert!(
        why.starts_with("the driver program `/nonexistent/driver` cannot be run"),
        "{why}"
    );
}
