//! `aws:executeScript` with `--allow-scripts`: output and input pipes, time limits, failure
//! messages, and the one-line refusals when something is missing.

use crate::harness::Sandbox;
use crate::script_support::{doc, failure, payload, run, run_script, runtime, script_flags};
use serde_json::json;

/// Issue 10 and 11: a handler printing more than a pipe holds deadlocked until its timeout.
#[test]
fn a_handler_printing_a_megabyte_finishes() {
    let script = "import sys\ndef handler(events, context):\n    for i in range(10000):\n        print('x' * 99)\n        sys.stderr.write('e' * 99 + '\\n')\n    return 'done'";
    let Some((code, step)) = run_script(script, "", 60) else {
        return;
    };
    assert_eq!(code, 0, "{step:#}");
    assert_eq!(payload(&step), json!("done"));
}

/// Issue 11: a 100 KB payload and a handler that reads it, written to the runner's stdin
/// while it runs.
#[test]
fn a_large_input_payload_reaches_the_handler() {
    let big = "a".repeat(100 * 1024);
    let extra = format!("      InputPayload:\n        big: {big}\n");
    let script = "def handler(events, context):\n    return len(events['big'])";
    let Some((code, step)) = run_script(script, &extra, 60) else {
        return;
    };
    assert_eq!(code, 0, "{step:#}");
    assert_eq!(payload(&step), json!(100 * 1024));
}

/// Issue 11: module-level code counts against the timeout, and the whole process group,
/// a child the script started included, is killed.
#[test]
fn timeout_counts_module_code_and_kills_what_the_script_started() {
    let token = format!("ssmrun-orphan-check-{}", std::process::id());
    let script = format!(
        "import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'while True: pass', '{token}'])\nwhile True:\n    pass\ndef handler(events, context):\n    return 'never'"
    );
    let Some((code, step)) = run_script(&script, "", 2) else {
        return;
    };
    assert_eq!(code, 1);
    assert_eq!(step["StepStatus"], "TimedOut", "{step:#}");
    assert!(
        failure(&step).starts_with("Step timed out after 2 seconds"),
        "{step:#}"
    );
    assert_eq!(live_processes_with(&token), Vec::<String>::new());
}

/// A sleeping script lets simulated time pass instead of real time, so sleeping past the
/// timeout ends the step at once.
#[test]
fn sleeping_past_the_timeout_times_out_on_the_simulated_clock() {
    let script = "import time\ntime.sleep(30)\ndef handler(events, context):\n    return 'never'";
    let Some((_, step)) = run_script(script, "", 20) else {
        return;
    };
    assert_eq!(step["StepStatus"], "TimedOut", "{step:#}");
    let took = step["ExecutionEndTime"].as_f64().unwrap_or(0.0)
        - step["ExecutionStartTime"].as_f64().unwrap_or(0.0);
    assert!(took >= 20.0, "the simulated clock moved {took} s");
}

#[test]
fn an_exception_names_itself_first_then_the_script_line_exit_status_and_stderr() {
    let script = "import sys\ndef lookup(events):\n    return events['missing']\ndef handler(events, context):\n    sys.stderr.write('looking up\\n')\n    return lookup(events)";
    let Some((_, step)) = run_script(script, "", 60) else {
        return;
    };
    let message = failure(&step);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines[0], "KeyError: 'missing'", "{message}");
    assert_eq!(
        lines[1],
        "  at line 3 of the script, in `lookup`: return events['missing']"
    );
    assert_eq!(lines[2], "  exit status 1; stderr (1 lines):");
    assert_eq!(lines[3], "    looking up");
}

#[test]
fn a_script_without_boto3_is_told_what_to_install() {
    // An interpreter without boto3, as far as the script can tell.
    let script = "import sys\nsys.modules['boto3'] = None\nimport boto3\ndef handler(events, context):\n    return 1";
    let Some((_, step)) = run_script(script, "", 60) else {
        return;
    };
    let message = failure(&step);
    assert!(
        message.starts_with("the script imports `boto3`, which `")
            && message.contains("-m pip install boto3`)"),
        "{message}"
    );
}

#[test]
fn a_runtime_no_local_interpreter_matches_says_what_to_install() {
    let sb = Sandbox::new().file(
        "doc.yaml",
        &doc("python3.99", "def handler(e, c):\n    return 1", ""),
    );
    // With no `python3.99`, the local `python3` runs it and the run says so.
    if runtime().is_some() && script_flags("python3.99", true).is_some() {
        let r = sb
            .cmd(["run", "doc.yaml", "--allow-scripts"])
            .env("SSMRUN_PYTHON", "")
            .run();
        assert_eq!(r.code(), 0, "{}", r.stderr());
        let text = format!("{}{}", r.stdout(), r.stderr());
        assert!(
            text.contains("note: runtime `python3.99` ran on Python 3."),
            "{text}"
        );
    }
    let (_, step) = run(
        &sb,
        &["--allow-scripts"],
        &[("SSMRUN_PYTHON", ""), ("PATH", "/nonexistent")],
    );
    assert_eq!(
        failure(&step),
        "runtime `python3.99` needs Python 3, and no `python3` is on PATH: install Python 3.99, name an interpreter with `--python`, or mock the step"
    );
}

#[test]
fn powershell_without_pwsh_says_what_to_install_or_mock() {
    let text = doc("PowerShell 7.0", "$x = 1", "");
    let sb = Sandbox::new().file("doc.yaml", &text);
    let (code, step) = run(&sb, &["--allow-scripts"], &[("PATH", "/nonexistent")]);
    assert_eq!(code, 1);
    assert_eq!(
        failure(&step),
        "runtime `PowerShell 7.0` needs PowerShell (`pwsh`), which is not on PATH, and ssmrun runs only Python handlers: mock the step"
    );
}

#[test]
fn an_attachment_is_read_from_the_folder_named_by_attachments() {
    let Some(rt) = runtime() else { return };
    let Some(flags) = script_flags(&rt, false) else {
        return;
    };
    let text = format!(
        "schemaVersion: '0.3'\nfiles:\n  helper.py:\n    checksums:\n      sha256: '0000000000000000000000000000000000000000000000000000000000000000'\nmainSteps:\n  - name: s\n    action: aws:executeScript\n    inputs:\n      Runtime: {rt}\n      Handler: helper.handler\n      Attachment: helper.py\n      InputPayload:\n        n: 4\n"
    );
    let sb = Sandbox::new().file("doc.yaml", &text).file(
        "files/helper.py",
        "def handler(events, context):\n    return events['n'] + 1\n",
    );
    let (_, step) = run(&sb, &flags, &[]);
    assert!(
        failure(&step).starts_with(
            "attachment `helper.py` is not available locally: pass `--attachments DIR`"
        ),
        "{step:#}"
    );
    let mut with_folder = flags.clone();
    with_folder.extend(["--attachments", "files"]);
    let (code, step) = run(&sb, &with_folder, &[]);
    assert_eq!(code, 0, "{step:#}");
    assert_eq!(payload(&step), json!(5));
}

/// Issue 11: a killed run left its temporary folder behind. An interrupted ssmrun stops the
/// script and removes the folder before it ends.
#[test]
fn an_interrupted_run_removes_the_scratch_folder() {
    let Some(rt) = runtime() else { return };
    let sb = Sandbox::new().file(
        "doc.yaml",
        &doc(
            &rt,
            "while True:\n    pass\ndef handler(e, c):\n    return 1",
            "",
        ),
    );
    let tmp = sb.path().join("tmp");
    std::fs::create_dir_all(&tmp).expect("mkdir");
    let mut child = std::process::Command::new(crate::harness::bin())
        .args([
            "run",
            "doc.yaml",
            "--allow-scripts",
            "--unsandboxed-scripts",
        ])
        .current_dir(sb.path())
        .env("SSMRUN_HOME", sb.path().join(".ssmrun"))
        .env("TMPDIR", &tmp)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let scratch = || std::fs::read_dir(&tmp).map_or(0, |d| d.count());
    // Wait (bounded) until the script's folder exists, then interrupt ssmrun.
    for _ in 0..600 {
        if scratch() > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(scratch(), 1, "the script never started");
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: signalling the child this test started.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
    let status = child.wait().expect("wait");
    // Stored as Cancelled, then 128 + SIGTERM (docs/exit-codes.md).
    assert_eq!(status.code(), Some(143));
    assert_eq!(scratch(), 0, "the scratch folder was left behind");
}

/// A runner that dies before reading its job: the write to its stdin fails quietly and the
/// step says how the process ended (SIGPIPE once ended ssmrun instead).
#[test]
fn a_runner_that_dies_at_once_fails_the_step_not_ssmrun() {
    let fake = "#!/bin/sh\ncase \"$2\" in\n  *version_info*) echo '{\"executable\": \"'\"$0\"'\", \"version\": [3, 11], \"prefixes\": [], \"path\": []}' ;;\n  *) echo 'no runner here' >&2; exit 3 ;;\nesac\n";
    let big = "a".repeat(200 * 1024);
    let extra = format!("      InputPayload:\n        big: {big}\n");
    let sb = Sandbox::new().file("fake-python", fake).file(
        "doc.yaml",
        &doc("python3.11", "def handler(e, c):\n    return 1", &extra),
    );
    chmod_x(&sb.path().join("fake-python"));
    let (code, step) = run(
        &sb,
        &[
            "--allow-scripts",
            "--unsandboxed-scripts",
            "--python",
            "./fake-python",
        ],
        &[],
    );
    assert_eq!(code, 1, "{step:#}");
    assert_eq!(
        failure(&step),
        "the script ended before it returned\n  exit status 3; stderr (1 lines):\n    no runner here"
    );
}

fn chmod_x(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Command lines of live (not zombie) processes that mention `token`, waiting a little for
/// killed ones to be reaped.
pub fn live_processes_with(token: &str) -> Vec<String> {
    let mut found = Vec::new();
    for _ in 0..50 {
        found = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let stat = std::fs::read_to_string(e.path().join("stat")).ok()?;
                let state = stat
                    .rsplit(')')
                    .next()?
                    .split_whitespace()
                    .next()?
                    .to_string();
                let cmd = std::fs::read(e.path().join("cmdline")).ok()?;
                let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
                (cmd.contains(token) && state != "Z" && state != "X").then_some(cmd)
            })
            .collect();
        if found.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    found
}
