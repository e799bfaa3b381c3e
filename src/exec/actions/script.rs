//! aws:executeScript. Never runs by default: outputs come from a step mock, or the step fails
//! saying how to proceed. With `--allow-scripts`, Python handlers run in a local python3 with
//! a scrubbed environment (no AWS credentials, and an endpoint on a closed loopback port so
//! boto3 can never reach a real account), under the action's 600 s limit.

use super::{ActionCx, Outcome, string};
use serde_json::{Map, Value, json};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOT_RUN: &str = "script not executed: add a mock or pass --allow-scripts";
const MAX_RUN_SECONDS: u64 = 600;
const MAX_PAYLOAD_BYTES: usize = 100 * 1024;
const MAX_LIST_ITEMS: usize = 100;
/// Port 9 (discard) on loopback: nothing listens, so any AWS call fails fast and locally.
const CLOSED_ENDPOINT: &str = "http://127.0.0.1:9";
const MARKER: &str = "__SSMRUN_RESULT__";

const RUNNER: &str = r#"
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("script", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
events = json.load(sys.stdin)
result = getattr(module, sys.argv[2])(events, None)
sys.stdout.write("\n__SSMRUN_RESULT__" + json.dumps(result, default=str) + "\n")
"#;

pub(super) fn execute_script(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    if !cx.options.allow_scripts {
        return Err(Outcome::failed(NOT_RUN));
    }
    let runtime = string(inputs, "Runtime")?;
    if !runtime.starts_with("python") {
        return Err(Outcome::failed(format!(
            "runtime `{runtime}` cannot run locally (only Python handlers do); add a step mock"
        )));
    }
    let Some(script) = inputs.get("Script").and_then(Value::as_str) else {
        return Err(Outcome::failed(
            "script attachments are not available locally; inline the `Script` or add a step mock",
        ));
    };
    let handler = string(inputs, "Handler")?;
    // `file.function` names a function in an attachment; inline scripts use the function name.
    let function = handler.rsplit('.').next().unwrap_or(handler);
    let payload = inputs.get("InputPayload").cloned().unwrap_or(json!({}));
    let payload = match payload {
        Value::String(s) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
        other => other,
    };
    let remaining = cx
        .deadline_ms
        .map(|d| ((d - cx.driver.now_millis()).max(0) / 1000) as u64);
    let limit = remaining.unwrap_or(MAX_RUN_SECONDS).min(MAX_RUN_SECONDS);
    let started = Instant::now();
    let result = run_python(
        &cx.options.python,
        script,
        function,
        &payload,
        Duration::from_secs(limit),
    );
    cx.driver.advance(started.elapsed().as_millis() as i64);
    let value = limit_payload(result?)?;
    let mut out = Map::new();
    out.insert("Payload".into(), value.clone());
    Ok(Outcome::Success {
        outputs: out,
        response: Some(json!({ "Payload": value })),
        notes: vec![],
    })
}

/// The service returns at most 100 KB of payload, and cuts a returned list to 100 items.
fn limit_payload(value: Value) -> Result<Value, Outcome> {
    let value = match value {
        Value::Array(mut items) if items.len() > MAX_LIST_ITEMS => {
            items.truncate(MAX_LIST_ITEMS);
            Value::Array(items)
        }
        other => other,
    };
    let size = value.to_string().len();
    if size > MAX_PAYLOAD_BYTES {
        return Err(Outcome::failed(format!(
            "script returned {size} bytes of payload; at most {MAX_PAYLOAD_BYTES} bytes are allowed"
        )));
    }
    Ok(value)
}

fn run_python(
    python: &str,
    script: &str,
    function: &str,
    payload: &Value,
    limit: Duration,
) -> Result<Value, Outcome> {
    let dir = std::env::temp_dir().join(format!(
        "ssmrun-script-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    let io_fail =
        |e: std::io::Error| Outcome::failed(format!("cannot run the script locally: {e}"));
    std::fs::create_dir_all(&dir).map_err(io_fail)?;
    let result = (|| {
        std::fs::write(dir.join("script.py"), script).map_err(io_fail)?;
        std::fs::write(dir.join("runner.py"), RUNNER).map_err(io_fail)?;
        let mut cmd = Command::new(python);
        cmd.arg(dir.join("runner.py"))
            .arg(dir.join("script.py"))
            .arg(function);
        cmd.env_clear().current_dir(&dir);
        for keep in ["PATH", "LANG", "LC_ALL", "SYSTEMROOT"] {
            if let Ok(v) = std::env::var(keep) {
                cmd.env(keep, v);
            }
        }
        cmd.env("HOME", &dir)
            .env("AWS_ENDPOINT_URL", CLOSED_ENDPOINT)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(io_fail)?;
        if let Some(mut stdin) = child.stdin.take() {
            let _ = stdin.write_all(payload.to_string().as_bytes());
        }
        let start = Instant::now();
        loop {
            match child.try_wait().map_err(io_fail)? {
                Some(_) => break,
                None if start.elapsed() > limit => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(Outcome::TimedOut {
                        message: format!("script ran longer than {} seconds", limit.as_secs()),
                    });
                }
                None => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        let status = child.wait().map_err(io_fail)?;
        let mut stdout = String::new();
        let mut stderr = String::new();
        if let Some(mut o) = child.stdout.take() {
            let _ = o.read_to_string(&mut stdout);
        }
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut stderr);
        }
        if !status.success() {
            let tail: Vec<&str> = stderr.lines().rev().take(8).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(Outcome::failed(format!(
                "script raised an error: {}",
                tail.join("\n")
            )));
        }
        let json_text = stdout
            .rsplit_once(MARKER)
            .map(|(_, r)| r.trim())
            .unwrap_or("null");
        serde_json::from_str(json_text)
            .map_err(|e| Outcome::failed(format!("script returned a value that is not JSON: {e}")))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
