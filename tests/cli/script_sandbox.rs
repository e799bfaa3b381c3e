//! The sandbox's walls (issue 11), and scripts that see the run's simulated world (issue 10).

use crate::harness::{Sandbox, bin};
use crate::script_support::{
    boto3_scripts, doc, failure, payload, run_json, runtime, script_flags, skip,
};
use serde_json::{Value, json};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

const SECRET: &str = "wall-test-secret-7f3a";

/// Each wall a script tries to climb; every answer is `refused: …` or the data it saw.
const CLIMB: &str = r#"import os, socket
def attempt(f):
    try:
        return 'got: ' + repr(f())
    except Exception as e:
        return 'refused: ' + type(e).__name__
def environs():
    seen = []
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                seen.append(open('/proc/%s/environ' % pid, 'rb').read().decode('utf-8', 'replace'))
            except OSError:
                pass
    return seen
def write(path):
    with open(path, 'w') as f:
        f.write('escaped')
def handler(events, context):
    return {
        'env': dict(os.environ),
        'parent_environ': attempt(lambda: open('/proc/%d/environ' % os.getppid(), 'rb').read()),
        'environs': environs(),
        'shadow': attempt(lambda: open('/etc/shadow').read()),
        'write_host': attempt(lambda: write(events['host_file'])),
        'write_root': attempt(lambda: write('/escaped')),
        'write_scratch': attempt(lambda: write('scratch-file')),
        'tcp': attempt(lambda: socket.create_connection(('127.0.0.1', events['port']), timeout=5)),
    }"#;

/// Issue 11: with `AWS_SECRET_ACCESS_KEY` in ssmrun's environment, a script read it from
/// `/proc/<parent pid>/environ`, read `/etc/shadow`, wrote anywhere and opened connections.
#[test]
fn the_sandbox_walls_hold() {
    let Some(rt) = runtime() else { return };
    if script_flags(&rt, true).is_none() {
        return;
    }
    let sb = Sandbox::new();
    let seen = climb(&sb, &rt, |cmd| {
        cmd.current_dir(sb.path());
    });
    check_walls(&seen, &sb.path().join("user/escaped.txt"));
}

/// The same walls when ssmrun runs as an ordinary user (CI runs as root).
#[test]
fn the_sandbox_walls_hold_for_an_ordinary_user() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: already an ordinary user, as `the_sandbox_walls_hold` ran");
        return;
    }
    let python = "/usr/bin/python3";
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", python])
        .args(["-c", "import sys; print(sys.version_info[1])"])
        .output();
    let minor = match probe {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        _ => {
            skip::<()>("`setpriv` cannot run `/usr/bin/python3` as user 65534");
            return;
        }
    };
    let rt = format!("python3.{minor}");
    // Everything the user needs lives in a folder it can read: the binary and the runbook.
    let sb = Sandbox::new();
    let dir = sb.path().join("user");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let exe = dir.join("ssmrun");
    std::fs::copy(bin(), &exe).expect("copy the binary");
    wait_until_executable(&exe);
    chmod(sb.path(), 0o755);
    chmod(&dir, 0o777);
    let seen = climb(&sb, &rt, |cmd| {
        let mut wrapped = Command::new("setpriv");
        wrapped
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&exe)
            .args(cmd.get_args())
            .current_dir(&dir);
        for (k, v) in cmd.get_envs() {
            if let Some(v) = v {
                wrapped.env(k, v);
            }
        }
        wrapped
            .env("SSMRUN_HOME", dir.join(".ssmrun"))
            .env("SSMRUN_PYTHON", python);
        *cmd = wrapped;
    });
    check_walls(&seen, &dir.join("escaped.txt"));
}

/// Waits until the fresh copy can be executed. A child forked by another test thread between
/// the copy's open and its close holds a writable descriptor until that child execs, and
/// executing the file meanwhile fails with `ETXTBSY` ("Text file busy").
fn wait_until_executable(exe: &std::path::Path) {
    for _ in 0..250 {
        match Command::new(exe).arg("--version").output() {
            Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            _ => return,
        }
    }
}

/// Run CLIMB with a secret in ssmrun's environment and a listener on loopback.
fn climb(sb: &Sandbox, rt: &str, adapt: impl FnOnce(&mut Command)) -> Value {
    let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("address").port();
    let host_file = sb.path().join("user/escaped.txt");
    let extra = format!(
        "      InputPayload:\n        port: {port}\n        host_file: '{}'\n",
        host_file.display()
    );
    sb.write("doc.yaml", &doc(rt, CLIMB, &extra));
    sb.write("user/doc.yaml", &doc(rt, CLIMB, &extra));
    let mut cmd = Command::new(bin());
    cmd.args(["run", "doc.yaml", "--allow-scripts", "--output", "json"])
        .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
        .env("SSMRUN_DETERMINISTIC", "1")
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    adapt(&mut cmd);
    let out = cmd.output().expect("run ssmrun");
    let text = String::from_utf8_lossy(&out.stdout);
    let exec: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{e}: {text}\n{}", String::from_utf8_lossy(&out.stderr)));
    let step = &exec["AutomationExecution"]["StepExecutions"][0];
    assert_eq!(step["StepStatus"], "Success", "{step:#}");
    assert!(
        listener.accept().is_err(),
        "the script connected to a loopback port of the host"
    );
    payload(step)
}

fn check_walls(seen: &Value, host_file: &Path) {
    let all = seen.to_string();
    assert!(!all.contains(SECRET), "the secret leaked: {seen:#}");
    assert_eq!(
        seen["env"]["AWS_SECRET_ACCESS_KEY"],
        json!("ssmrun-local-only-not-a-credential")
    );
    assert_ne!(
        seen["environs"],
        json!([]),
        "no process environment was visible at all"
    );
    for wall in ["shadow", "write_host", "write_root", "tcp"] {
        let answer = seen[wall].as_str().unwrap_or_default();
        assert!(answer.starts_with("refused: "), "{wall}: {answer}");
    }
    assert_eq!(seen["write_scratch"], json!("got: None"));
    assert!(!host_file.exists(), "the script wrote to the host");
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Issue 10: a script's boto3 calls are answered from the run's simulated world.
#[test]
fn a_script_sees_the_run_world() {
    let Some((rt, flags)) = boto3_scripts() else {
        return;
    };
    let script = r#"import boto3, botocore
def handler(events, context):
    ec2 = boto3.client('ec2')
    found = ec2.describe_instances()['Reservations'][0]['Instances'][0]
    try:
        ec2.describe_instances(InstanceIds=['i-0000000000000dead'])
        missing = 'found'
    except botocore.exceptions.ClientError as e:
        missing = e.response['Error']['Code']
    ec2.stop_instances(InstanceIds=[found['InstanceId']])
    ec2.get_waiter('instance_stopped').wait(InstanceIds=[found['InstanceId']])
    return {'id': found['InstanceId'], 'state': found['State']['Name'],
            'launched': found['LaunchTime'].year, 'missing': missing,
            'region': ec2.meta.region_name}"#;
    let text = format!(
        "{}  - name: after\n    action: aws:assertAwsResourceProperty\n    inputs:\n      Service: ec2\n      Api: DescribeInstances\n      PropertySelector: $.Reservations[0].Instances[0].State.Name\n      DesiredValues: [stopped]\n",
        doc(&rt, script, "")
    );
    let sb = Sandbox::new().file("doc.yaml", &text);
    let (code, all) = run_json(&sb, &flags, &[]);
    let step = &all["AutomationExecution"]["StepExecutions"][0];
    assert_eq!(code, 0, "{step:#}");
    let seen = payload(step);
    assert_eq!(seen["state"], "running");
    assert!(
        seen["id"].as_str().is_some_and(|id| id.starts_with("i-")),
        "{seen}"
    );
    assert!(
        seen["launched"].is_u64(),
        "LaunchTime is a datetime: {seen}"
    );
    assert_eq!(seen["missing"], "InvalidInstanceID.NotFound");
    assert_eq!(seen["region"], "us-east-1");
    assert!(failure(step).is_empty());
    // Each call is in the run's call log under the step, with who answered it.
    let calls = all["ApiCalls"].as_array().cloned().unwrap_or_default();
    let script_call = |api: &str| {
        calls
            .iter()
            .find(|c| c["StepName"] == "s" && c["Api"] == api)
            .cloned()
            .unwrap_or_else(|| panic!("no {api} call of step `s` in {calls:#?}"))
    };
    assert_eq!(script_call("DescribeInstances")["AnsweredBy"], "simulated");
    assert_eq!(
        script_call("StopInstances")["Request"]["InstanceIds"],
        json!([seen["id"]])
    );
}
