//! Every limit of docs/limits.md, tried through the command line (issue 11): inputs that
//! never end, are too large, or are hostile in shape get a clear error, never a hang.

use crate::harness::Sandbox;

const DOC: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n";

#[test]
fn issue_11_validate_dev_zero_stops_at_the_document_cap() {
    Sandbox::new()
        .cmd(["validate", "/dev/zero"])
        .status(1)
        .stdout_has("input-too-large")
        .stdout_has("`/dev/zero` is larger than 8 MiB, the limit for documents")
        .run();
}

#[test]
fn issue_11_an_endless_pipe_on_stdin_stops_at_the_document_cap() {
    for path in ["-", "/dev/stdin"] {
        Sandbox::new()
            .cmd(["validate", path])
            .endless_stdin("a: b\n")
            .status(1)
            .stdout_has("larger than 8 MiB, the limit for documents")
            .run();
    }
}

#[test]
fn issue_11_a_document_on_stdin_within_the_cap_is_checked_and_run() {
    let sb = Sandbox::new();
    sb.cmd(["validate", "-"]).stdin(DOC).status(0).run();
    sb.cmd(["run", "-"])
        .stdin(DOC)
        .status(0)
        .stdout_has("Success")
        .run();
}

#[test]
fn issue_11_world_and_mocks_from_dev_zero_stop_at_their_caps() {
    let sb = Sandbox::new().file("doc.yaml", DOC);
    sb.cmd(["run", "doc.yaml", "--world", "/dev/zero"])
        .status(2)
        .stderr_has("`/dev/zero` is larger than 16 MiB, the limit for world files")
        .run();
    sb.cmd(["run", "doc.yaml", "--mocks", "/dev/zero"])
        .status(2)
        .stderr_has("`/dev/zero` is larger than 8 MiB, the limit for mocks files")
        .run();
}

#[test]
fn issue_11_a_parameters_file_from_dev_zero_stops_at_its_cap() {
    let doc = "schemaVersion: '0.3'\nparameters:\n  A: {type: String}\nmainSteps:\n  - name: s\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    Sandbox::new()
        .file("doc.yaml", doc)
        .cmd(["run", "doc.yaml", "--parameters", "file:///dev/zero"])
        .status(2)
        .stderr_has("larger than 1 MiB, the limit for parameter files")
        .run();
}

#[test]
fn issue_11_a_fifo_fed_forever_stops_at_the_document_cap() {
    let sb = Sandbox::new();
    let fifo = sb.path().join("doc.fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: `mkfifo` is not available");
        return;
    }
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .expect("open fifo");
        let chunk = "a: b\n".repeat(10_000);
        let mut written = 0usize;
        while written < 1 << 30 && f.write_all(chunk.as_bytes()).is_ok() {
            written += chunk.len();
        }
    });
    sb.cmd(["validate", fifo.to_str().unwrap()])
        .status(1)
        .stdout_has("the limit for documents")
        .run();
    writer.join().unwrap();
}

#[test]
fn issue_11_one_bad_file_never_hides_the_others() {
    let sb = Sandbox::new()
        .file("a.yaml", "schemaVersion: '0.3'\nmainSteps: []\nbogus: 1\n")
        .file("c.yaml", "schemaVersion: '0.4'\nmainSteps: []\n");
    std::fs::write(sb.path().join("bin.yaml"), b"a: \xff\n").unwrap();
    // A link to nowhere cannot be read (even by root, as in CI).
    std::os::unix::fs::symlink("nowhere.yaml", sb.path().join("gone.yaml")).unwrap();
    // Diagnostics of every file; an unreadable one is an error too, and the worst code wins.
    sb.cmd(["validate", "a.yaml", "bin.yaml", "gone.yaml", "c.yaml"])
        .status(2)
        .stdout_has("a.yaml:")
        .stdout_has("bin.yaml:1:4: error[invalid-utf8]")
        .stdout_has("c.yaml:")
        .stderr_has("cannot read `gone.yaml`")
        .run();
    // Without it, the non-UTF-8 file is a document error like the others.
    sb.cmd(["validate", "a.yaml", "bin.yaml", "c.yaml"])
        .status(1)
        .stdout_has("a.yaml:")
        .stdout_has("invalid-utf8")
        .stdout_has("c.yaml:")
        .run();
}

#[test]
fn issue_11_ten_thousand_diagnostics_on_one_line_print_a_bounded_report() {
    let line = "{{ a }}".repeat(10_000);
    let doc = format!(
        "schemaVersion: '0.3'\nmainSteps:\n  - name: s\n    action: aws:sleep\n    inputs:\n      Duration: \"{line}\"\n"
    );
    let sb = Sandbox::new().file("many.yaml", &doc);
    let r = sb
        .cmd(["validate", "many.yaml"])
        .status(1)
        .stdout_has("many.yaml: 9800 more diagnostics not shown (at most 200 per file)")
        .stdout_has("10000 errors, 0 warnings in 1 file")
        .run();
    // 200 diagnostics of a few lines each, the 70 KB line cut around each caret.
    assert!(r.stdout().len() < 200 * 600, "{} bytes", r.stdout().len());
    assert!(r.stdout().lines().all(|l| l.chars().count() < 200));
    let json = sb
        .cmd(["validate", "--format", "json", "many.yaml"])
        .status(1)
        .run();
    assert_eq!(json.json()["summary"]["omitted"], 9800);
}

#[test]
fn issue_11_a_query_nested_8000_deep_is_refused_not_a_stack_overflow() {
    let sb = Sandbox::new();
    for query in [
        "[".repeat(8000),
        "a.".repeat(5000) + "a",
        "!".repeat(5000) + "a",
    ] {
        sb.cmd(["ssm", "describe-automation-executions", "--query", &query])
            .status(255)
            .stderr_has("at most 256 are allowed")
            .run();
    }
}

const SELFISH: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: again\n    action: aws:executeAutomation\n    inputs:\n      DocumentName: Selfish\n";

#[test]
fn issue_11_a_runbook_calling_itself_is_a_diagnostic_and_a_failed_run_not_a_crash() {
    let sb = Sandbox::new().file("Selfish.yaml", SELFISH);
    sb.cmd(["validate", "Selfish.yaml"])
        .status(0)
        .stdout_has("warning[recursive-automation]")
        .run();
    sb.cmd(["run", "Selfish.yaml"])
        .status(1)
        .stdout_has("automations nest at most 20 levels deep (the nesting budget)")
        .run();
    sb.cmd([
        "ssm",
        "create-document",
        "--name",
        "Selfish",
        "--document-type",
        "Automation",
        "--document-format",
        "YAML",
        "--content",
        "file://Selfish.yaml",
    ])
    .status(0)
    .run();
    sb.cmd([
        "ssm",
        "start-automation-execution",
        "--document-name",
        "Selfish",
    ])
    .status(0)
    .run();
}

#[test]
fn issue_11_a_child_document_name_is_never_a_host_path() {
    for name in ["../../etc/hostname", "/etc/hostname"] {
        let doc = SELFISH.replace("DocumentName: Selfish", &format!("DocumentName: {name}"));
        let sb = Sandbox::new().file("doc.yaml", &doc);
        sb.cmd(["validate", "doc.yaml"])
            .status(1)
            .stdout_has("error[invalid-document-name]")
            .run();
    }
}

#[test]
fn issue_11_approvals_beyond_the_approvers_fail_the_step_at_once() {
    let doc = "schemaVersion: '0.3'\nmainSteps:\n  - name: ok\n    action: aws:approve\n    inputs:\n      Approvers: [arn:aws:iam::123456789012:user/a]\n      MinRequiredApprovals: 2147483648\n";
    Sandbox::new()
        .file("approve.yaml", doc)
        .cmd(["run", "approve.yaml", "--approve"])
        .status(1)
        .stdout_has("`MinRequiredApprovals` must be from 1 to the number of approvers (1)")
        .run();
}

#[test]
fn issue_11_a_wait_of_a_year_ends_at_the_poll_budget() {
    let doc = "schemaVersion: '0.3'\nmainSteps:\n  - name: w\n    action: aws:waitForAwsResourceProperty\n    timeoutSeconds: 31536000\n    inputs:\n      Service: ec2\n      Api: DescribeInstances\n      PropertySelector: $.Reservations[0].Instances[0].State.Name\n      DesiredValues: [bogus]\n";
    let world = "instances:\n  - InstanceId: i-0aaaabbbbccccdddd\n";
    Sandbox::new()
        .file("wait.yaml", doc)
        .file("world.yaml", world)
        .cmd(["run", "wait.yaml", "--world", "world.yaml"])
        .status(1)
        .stdout_has("after 10000 polls, the poll budget of one run")
        .run();
}
