//! `--query` against jmespath.py, the library the AWS CLI evaluates it with: every
//! expression below is run by both over one response, and the results must agree (or both
//! must refuse the expression). jmespath.py comes with boto3 (and the AWS CLI); without it
//! the test is skipped with the reason, unless `SSMRUN_CI_FULL=1` says it must be present.

use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

// Left out, as docs/differences.md says: `keys(@)`, `values(@)` and `@.*` on an object with
// several keys list them in sorted order here, in response order in jmespath.py.
const EXPRESSIONS: &[&str] = &[
    "StepExecutions[?StepStatus==`Failed`].StepName",
    "StepExecutions[?StepStatus==`\"Failed\"`].StepName",
    "StepExecutions[?StepStatus=='Success'] | length(@)",
    "StepExecutions[?Action==`aws:sleep`].StepName",
    "StepExecutions[?StepStatus==` Failed`].StepName",
    "StepExecutions[?StepStatus==`Failed `].StepName",
    "StepExecutions[?Attempt==`1`].StepName",
    "StepExecutions[?Attempt>`1`].StepName",
    "StepExecutions[?Outputs.Ids==`[\"i-1\"]`].StepName",
    "StepExecutions[?contains(StepName, `stop`)].StepName",
    "StepExecutions[?contains(StepName, 'stop')].StepName",
    "StepExecutions[].[StepName, StepStatus]",
    "StepExecutions[].{Name: StepName, Status: StepStatus}",
    "StepExecutions[0].Outputs",
    "StepExecutions[-1].StepName",
    "StepExecutions[::-1].StepName",
    "StepExecutions[1:].StepName",
    "StepExecutions[*].Inputs.*",
    "StepExecutions[].Outputs.Ids[]",
    "sort_by(StepExecutions, &StepName)[].StepName",
    "max_by(StepExecutions, &Attempt).StepName",
    "join(', ', StepExecutions[].StepName)",
    "StepExecutions[?!contains(StepName, 'x')] | [0].StepName",
    "StepExecutions[?StepStatus==`Failed` || Attempt==`2`].StepName",
    "StepExecutions[?StepStatus!=`Success` && Attempt==`2`].StepName",
    "length(StepExecutions)",
    "StepExecutions[?FailureMessage].FailureMessage",
    "StepExecutions[].FailureMessage",
    "sort(keys(StepExecutions[0]))",
    "`foo`",
    "`\"foo\"`",
    "`[1, 2]`",
    "'raw `text`'",
    "\"StepExecutions\"[0].StepName",
    "StepExecutions[?StepName==`a\\`b`]",
    "StepExecutions[?StepStatus==`a\"b`]",
    "StepExecutions[",
    "nope(StepExecutions)",
    "`{bad`",
];

fn response() -> Value {
    json!({"StepExecutions": [
        {"StepName": "stopInstances", "Action": "aws:changeInstanceState", "StepStatus": "Success",
         "Attempt": 1, "Inputs": {"DesiredState": "\"stopped\""}, "Outputs": {"Ids": ["i-1"]}},
        {"StepName": "wait", "Action": "aws:sleep", "StepStatus": "Failed", "Attempt": 2,
         "FailureMessage": "Step timed out", "Inputs": {"Duration": "PT1S"}},
        {"StepName": "a`b", "Action": "aws:pause", "StepStatus": "Pending", "Attempt": 1,
         "Outputs": {"Ids": ["i-2", "i-3"]}}
    ]})
}

const PROGRAM: &str = r#"
import json, sys, warnings
warnings.simplefilter("ignore")
import jmespath
request = json.load(sys.stdin)
out = []
for expression in request["expressions"]:
    try:
        out.append({"ok": jmespath.search(expression, request["data"])})
    except Exception as e:
        out.append({"error": type(e).__name__})
json.dump(out, sys.stdout)
"#;

/// Results from jmespath.py, or the reason it cannot be run here.
fn python_results(data: &Value) -> Result<Vec<Value>, String> {
    let python = std::env::var("SSMRUN_CI_PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = Command::new(&python)
        .args(["-c", "import jmespath"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        return Err(format!("`{python}` cannot import jmespath"));
    }
    let mut child = Command::new(&python)
        .args(["-c", PROGRAM])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let request = json!({"data": data, "expressions": EXPRESSIONS});
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(request.to_string().as_bytes())
        .map_err(|e| e.to_string())?;
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    assert!(output.status.success(), "jmespath.py run failed");
    serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())
}

#[test]
fn queries_agree_with_jmespath_py() {
    let data = response();
    let expected = match python_results(&data) {
        Ok(results) => results,
        Err(reason) if std::env::var("SSMRUN_CI_FULL").is_ok_and(|v| v == "1") => {
            panic!("SSMRUN_CI_FULL=1 but jmespath.py is missing: {reason}")
        }
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    let mut differences = Vec::new();
    for (expression, theirs) in EXPRESSIONS.iter().zip(&expected) {
        let ours = super::apply_query(&data, expression);
        let agree = match (&ours, theirs.get("ok")) {
            (Ok(value), Some(python)) => value == python,
            (Err(_), None) => true,
            _ => false,
        };
        if !agree {
            differences.push(format!(
                "{expression}: ssmrun {ours:?}, jmespath.py {theirs}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
