//! `ssmrun console` as a process, over plain HTTP: it prints its URL first, listens on
//! 127.0.0.1, and shares its store with the `ssm` commands in both directions.

use crate::console_support::{ConsoleProcess, http, token_of};
use crate::harness::Sandbox;

const FORM: (&str, &str) = ("Content-Type", "application/x-www-form-urlencoded");

#[test]
fn console_serves_pages_and_refuses_foreign_hosts() {
    let sb = Sandbox::new();
    let console = ConsoleProcess::start(&sb);
    let home = http("GET", &console.url, &[], "");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("AWS-RestartEC2Instance"));
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.header("Content-Security-Policy")
            .is_some_and(|c| c.contains("default-src 'self'"))
    );
    let css = http("GET", &console.at("assets/console.css"), &[], "");
    assert_eq!(css.status, 200);
    // A name rebound to 127.0.0.1 still says its own name in `Host`.
    let rebound = http("GET", &console.url, &[("Host", "attacker.example")], "");
    assert_eq!(rebound.status, 421);
    let no_form = http(
        "POST",
        &console.at("executions"),
        &[("Content-Type", "text/plain")],
        "x",
    );
    assert_eq!(no_form.status, 415);
    let no_token = http(
        "POST",
        &console.at("executions"),
        &[FORM],
        "document=AWS-StopEC2Instance",
    );
    assert_eq!(no_token.status, 403);
}

#[test]
fn console_and_ssm_commands_share_executions() {
    let sb = Sandbox::new();
    let console = ConsoleProcess::start(&sb);
    // Started from the terminal, stepped from the console.
    let started = sb
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "AWS-RestartEC2Instance",
            "--mode",
            "Interactive",
            "--parameters",
            "InstanceId=i-1234567890abcdef0",
        ])
        .status(0)
        .run();
    let id = started.json()["AutomationExecutionId"]
        .as_str()
        .expect("an id")
        .to_string();
    let list = http("GET", &console.at("executions"), &[], "");
    assert!(list.body.contains(&id), "{}", list.body);
    let page = http("GET", &console.at(&format!("executions/{id}")), &[], "");
    let token = token_of(&page.body);
    let signal = console.at(&format!("executions/{id}/signal"));
    for step in ["stopInstances", "startInstances"] {
        let body = format!("token={token}&type=StartStep&step={step}");
        let r = http("POST", &signal, &[FORM], &body);
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            r.header("Location"),
            Some(format!("/executions/{id}").as_str())
        );
    }
    // Completed from the terminal, seen in the console.
    sb.cmd([
        "ssm",
        "stop-automation-execution",
        "--automation-execution-id",
        &id,
        "--type",
        "Complete",
    ])
    .status(0)
    .run();
    let page = http("GET", &console.at(&format!("executions/{id}")), &[], "");
    assert!(page.body.contains("status-success"), "{}", page.body);
}
