//! The README's examples, run as written (with the example execution id replaced by the
//! real one), so the walkthrough a newcomer follows cannot rot.

use crate::harness::Sandbox;
use std::path::Path;

/// Every command of the README's ```sh blocks, continuation lines joined, comments dropped.
fn readme_commands() -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let mut out = Vec::new();
    let mut in_sh = false;
    let mut current = String::new();
    for line in text.lines() {
        if line.starts_with("```") {
            in_sh = line == "```sh";
            continue;
        }
        if !in_sh {
            continue;
        }
        let code = line.split(" #").next().unwrap_or_default().trim_end();
        if code.trim_start().starts_with('#') || code.trim().is_empty() {
            continue;
        }
        match code.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(code);
                out.push(std::mem::take(&mut current).trim().to_string());
            }
        }
    }
    out
}

/// Split a command line into words, honouring double and single quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if !cur.is_empty() || any {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() || any {
        out.push(cur);
    }
    out
}

#[test]
fn readme_manual_execution_walkthrough_works() {
    let commands: Vec<String> = readme_commands()
        .into_iter()
        .filter(|c| c.starts_with("ssmrun ssm "))
        .collect();
    assert!(
        commands.len() >= 6,
        "README walkthrough not found: {commands:?}"
    );
    let sb = Sandbox::new();
    let mut id = String::new();
    for c in &commands {
        let line = c.replace("ba9cd881-…", &id);
        let args = words(&line);
        let r = sb.cmd(&args[1..]).status(0).run();
        if args.get(2).map(String::as_str) == Some("start-automation-execution") {
            id = r.json()["AutomationExecutionId"]
                .as_str()
                .expect("id")
                .to_string();
        }
        if line.contains("AutomationExecution.AutomationExecutionStatus") {
            assert_eq!(r.stdout().trim(), "\"Success\"");
        }
    }
}

#[test]
fn readme_run_examples_work() {
    let sb = Sandbox::new()
        .file("my-runbook.yaml", "schemaVersion: '0.3'\nparameters:\n  InstanceId:\n    type: String\n  Size:\n    type: Integer\n    default: 1\nmainSteps:\n  - name: stop\n    action: aws:changeInstanceState\n    inputs:\n      InstanceIds: ['{{ InstanceId }}']\n      DesiredState: stopped\n")
        .file("params.json", "{\"InstanceId\": [\"i-1234567890abcdef0\"]}");
    let runs: Vec<String> = readme_commands()
        .into_iter()
        .filter(|c| {
            c.starts_with("ssmrun run ")
                || c.starts_with("ssmrun documents")
                || c.starts_with("cargo run --release -- run ")
        })
        .collect();
    assert!(runs.len() >= 4, "{runs:?}");
    for c in runs {
        let line = c.replace("cargo run --release -- ", "ssmrun ");
        let args = words(&line);
        let r = sb.cmd(&args[1..]).run();
        assert!(
            r.code() == 0,
            "README example failed: {c}\nstdout:\n{}\nstderr:\n{}",
            r.stdout(),
            r.stderr()
        );
    }
}
