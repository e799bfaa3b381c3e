//! The failure message of a script that did not return: what went wrong first (the
//! exception, or how the process ended), then where (the last frame of the script's own
//! code), then the exit status and the end of stderr.

use super::capture::Capture;
use super::runtime::Interpreter;
use serde::Deserialize;
use std::os::unix::process::ExitStatusExt;
use std::process::ExitStatus;

/// What the runner reports about an exception (docs/script-protocol.md).
#[derive(Debug, Deserialize)]
pub struct Raised {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub missing_module: Option<String>,
    #[serde(default)]
    pub frame: Option<Frame>,
}

#[derive(Debug, Deserialize)]
pub struct Frame {
    pub file: String,
    pub line: u64,
    pub function: String,
    #[serde(default)]
    pub text: String,
}

const STDERR_LINES: usize = 10;
const STDERR_BYTES: usize = 2048;

pub fn failure(
    raised: Option<&Raised>,
    status: Option<ExitStatus>,
    stderr: &Capture,
    interpreter: &Interpreter,
) -> String {
    let mut lines = vec![headline(raised, status, interpreter)];
    if let Some(frame) = raised.and_then(|r| r.frame.as_ref()) {
        let place = if frame.file == "script" {
            format!("line {} of the script", frame.line)
        } else {
            format!("`{}` line {}", frame.file, frame.line)
        };
        let text = frame.text.trim();
        let code = if text.is_empty() {
            String::new()
        } else {
            format!(": {text}")
        };
        lines.push(format!("  at {place}, in `{}`{code}", frame.function));
    }
    let (tail, count) = stderr.last_lines(STDERR_LINES, STDERR_BYTES);
    let ended = status.map(describe).unwrap_or_else(|| "not ended".into());
    if tail.is_empty() {
        lines.push(format!("  {ended}; nothing on stderr"));
    } else {
        let shown = if tail.len() < count {
            format!("last {} of {count} lines", tail.len())
        } else {
            format!("{count} lines")
        };
        lines.push(format!("  {ended}; stderr ({shown}):"));
        lines.extend(tail.iter().map(|l| format!("    {l}")));
    }
    lines.join("\n")
}

fn headline(raised: Option<&Raised>, status: Option<ExitStatus>, python: &Interpreter) -> String {
    let Some(raised) = raised else {
        return match status.and_then(|s| s.signal()) {
            Some(signal) => format!("the script was killed by signal {signal} before it returned"),
            None => "the script ended before it returned".into(),
        };
    };
    if let Some(module) = raised.missing_module.as_deref() {
        let top = module.split('.').next().unwrap_or(module);
        if matches!(top, "boto3" | "botocore") {
            let exe = python.executable.display();
            return format!(
                "the script imports `{top}`, which `{exe}` does not have: install it (`{exe} -m pip install boto3`), name a Python that has it with `--python`, or mock the step"
            );
        }
    }
    if raised.message.is_empty() {
        raised.kind.clone()
    } else {
        format!("{}: {}", raised.kind, raised.message)
    }
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        _ => "ended".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn python() -> Interpreter {
        Interpreter {
            executable: PathBuf::from("/opt/py/bin/python3"),
            version: (3, 11),
            prefixes: vec![],
            path: vec![],
        }
    }

    #[test]
    fn exception_first_then_frame_then_exit_status_and_stderr() {
        let raised: Raised = serde_json::from_value(serde_json::json!({
            "type": "KeyError", "message": "'InstanceId'",
            "frame": {"file": "script", "line": 3, "function": "handler",
                      "text": "    return events['InstanceId']"}
        }))
        .expect("report");
        let stderr = Capture::read_all("starting\nabout to look\n".as_bytes());
        let message = failure(
            Some(&raised),
            Some(ExitStatus::from_raw(1 << 8)),
            &stderr,
            &python(),
        );
        assert_eq!(
            message,
            "KeyError: 'InstanceId'\n  at line 3 of the script, in `handler`: return events['InstanceId']\n  exit status 1; stderr (2 lines):\n    starting\n    about to look"
        );
    }

    #[test]
    fn a_missing_boto3_says_what_to_install() {
        let raised = Raised {
            kind: "ModuleNotFoundError".into(),
            message: "No module named 'boto3'".into(),
            missing_module: Some("boto3".into()),
            frame: None,
        };
        let message = failure(
            Some(&raised),
            Some(ExitStatus::from_raw(1 << 8)),
            &Capture::default(),
            &python(),
        );
        assert!(
            message.starts_with("the script imports `boto3`, which `/opt/py/bin/python3` does not have: install it (`/opt/py/bin/python3 -m pip install boto3`)"),
            "{message}"
        );
    }

    #[test]
    fn a_crash_without_report_names_the_signal() {
        let message = failure(
            None,
            Some(ExitStatus::from_raw(libc::SIGSEGV)),
            &Capture::default(),
            &python(),
        );
        assert_eq!(
            message,
            "the script was killed by signal 11 before it returned\n  killed by signal 11; nothing on stderr"
        );
    }
}
