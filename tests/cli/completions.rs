//! `ssmrun completions` and `ssmrun man`. The bash script is loaded into a real bash and asked
//! to complete, as the shell would when Tab is pressed.

use crate::harness::Sandbox;
use std::process::Command;

/// What bash's completion function offers for the words typed so far.
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let words_list = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let program = format!(
        "{script}\nCOMP_WORDS=({words_list}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}\n_ssmrun ssmrun '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(String::from)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_commands_ssm_verbs_and_document_names() {
    let script = Sandbox::new()
        .cmd(["completions", "bash"])
        .status(0)
        .run()
        .stdout();
    assert!(bash_complete(&script, &["ssmrun", "val"]).contains(&"validate".to_string()));
    let verbs = bash_complete(&script, &["ssmrun", "ssm", "start-auto"]);
    assert!(
        verbs.contains(&"start-automation-execution".to_string()),
        "{verbs:?}"
    );
    let documents = bash_complete(&script, &["ssmrun", "run", "AWS-Rest"]);
    assert_eq!(documents, ["AWS-RestartEC2Instance"]);
    let names = bash_complete(
        &script,
        &[
            "ssmrun",
            "ssm",
            "start-automation-execution",
            "--document-name",
            "Example-Pa",
        ],
    );
    assert_eq!(names, ["Example-PauseAndResume"]);
}

#[test]
fn every_shell_gets_a_script_with_the_commands() {
    let sb = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        sb.cmd(["completions", shell])
            .status(0)
            .stdout_has("start-automation-execution")
            .stdout_has("validate")
            .run();
    }
    sb.cmd(["completions", "zsh"])
        .stdout_has("AWS-RestartEC2Instance")
        .run();
    sb.cmd(["completions", "tcsh"]).status(2).run();
}

#[test]
fn man_pages_cover_every_command() {
    let sb = Sandbox::new();
    sb.cmd(["man"])
        .status(0)
        .stdout_has(".TH ssmrun 1")
        .stdout_has("validate")
        .run();
    sb.cmd(["man", "--dir", "man"]).status(0).run();
    for page in [
        "ssmrun.1",
        "ssmrun-validate.1",
        "ssmrun-ssm-start-automation-execution.1",
    ] {
        let text = std::fs::read_to_string(sb.path().join("man").join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{page}");
    }
}
