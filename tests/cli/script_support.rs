//! What the script tests share: the interpreter ssmrun will use, whether the sandbox works
//! here, and a one-step runbook around a handler.
//!
//! A test that needs something this machine lacks (Python, a working `bwrap`, boto3) prints
//! why and passes, unless `SSMRUN_CI_FULL=1` says the machine must have it.

use crate::harness::Sandbox;
use serde_json::Value;
use std::process::Command;

/// The interpreter ssmrun picks when `--python` is not given and `SSMRUN_PYTHON` may be.
pub fn python() -> String {
    std::env::var("SSMRUN_PYTHON")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "python3".into())
}

fn full() -> bool {
    std::env::var("SSMRUN_CI_FULL").is_ok_and(|v| v == "1")
}

/// Skip with a printed reason, or fail when the CI machine must have what is missing.
pub fn skip<T>(reason: &str) -> Option<T> {
    assert!(!full(), "SSMRUN_CI_FULL=1 but {reason}");
    eprintln!("skipped: {reason}");
    None
}

/// The runtime and flags that run a script calling boto3 here (no sandbox needed), or
/// `None` when this machine lacks them (printed).
pub fn boto3_scripts() -> Option<(String, Vec<&'static str>)> {
    let rt = runtime()?;
    if !has_boto3() {
        return skip("boto3 is not installed for the test interpreter (set SSMRUN_PYTHON)");
    }
    let flags = script_flags(&rt, false)?;
    Some((rt, flags))
}

/// `python3.N` for the local interpreter, if there is one.
pub fn runtime() -> Option<String> {
    let out = Command::new(python())
        .args(["-c", "import sys; print(sys.version_info[1])"])
        .output();
    match out {
        Ok(o) if o.status.success() => Some(format!(
            "python3.{}",
            String::from_utf8_lossy(&o.stdout).trim()
        )),
        _ => skip(&format!("`{}` cannot be run", python())),
    }
}

pub fn has_boto3() -> bool {
    Command::new(python())
        .args(["-c", "import boto3"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A runbook with one `aws:executeScript` step `s`; `extra` is indented input lines.
pub fn doc(runtime: &str, script: &str, extra: &str) -> String {
    let script: String = script.lines().map(|l| format!("        {l}\n")).collect();
    format!(
        "schemaVersion: '0.3'\nmainSteps:\n  - name: s\n    action: aws:executeScript\n    timeoutSeconds: 60\n    inputs:\n      Runtime: {runtime}\n      Handler: handler\n{extra}      Script: |-\n{script}"
    )
}

/// Run `doc.yaml` with `args`; the exit code and the step's record.
pub fn run(sb: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let (code, all) = run_json(sb, args, env);
    (
        code,
        all["AutomationExecution"]["StepExecutions"][0].clone(),
    )
}

/// Run `doc.yaml` with `args`; the exit code and the whole JSON output.
pub fn run_json(sb: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let mut all = vec!["run", "doc.yaml", "--output", "json"];
    all.extend_from_slice(args);
    let mut cmd = sb.cmd(all);
    for (k, v) in env {
        cmd = cmd.env(k, v);
    }
    let r = cmd.run();
    (r.code(), r.json())
}

pub fn failure(step: &Value) -> String {
    step["FailureMessage"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The handler's return value (a string is recorded as itself, anything else as JSON).
pub fn payload(step: &Value) -> Value {
    let text = step["Outputs"]["Payload"][0].as_str().unwrap_or("null");
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into()))
}

/// Run a one-step runbook around `script` with `timeoutSeconds: timeout`, in the sandbox
/// when this machine has one; `None` (printed) when there is no Python.
pub fn run_script(script: &str, extra: &str, timeout: u32) -> Option<(i32, Value)> {
    let rt = runtime()?;
    let flags = script_flags(&rt, false)?;
    let text = doc(&rt, script, extra)
        .replace("timeoutSeconds: 60", &format!("timeoutSeconds: {timeout}"));
    let sb = Sandbox::new().file("doc.yaml", &text);
    Some(run(&sb, &flags, &[]))
}

/// The flags that run a script here: in the sandbox when this machine can make one,
/// otherwise (printed) without it; `None` when the sandbox is required and missing.
pub fn script_flags(runtime: &str, need_sandbox: bool) -> Option<Vec<&'static str>> {
    let sb = Sandbox::new().file(
        "doc.yaml",
        &doc(runtime, "def handler(e, c):\n    return 1", ""),
    );
    let (_, step) = run(&sb, &["--allow-scripts"], &[]);
    let message = failure(&step);
    if !message.starts_with("scripts run only in a sandbox") {
        assert_eq!(step["StepStatus"], "Success", "{step:#}");
        return Some(vec!["--allow-scripts"]);
    }
    if need_sandbox {
        return skip(&message);
    }
    assert!(!full(), "SSMRUN_CI_FULL=1 but {message}");
    eprintln!("without the sandbox: {message}");
    Some(vec!["--allow-scripts", "--unsandboxed-scripts"])
}
