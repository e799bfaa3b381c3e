//! The pre-commit hook as pre-commit itself runs it: `pre-commit try-repo` on a repository
//! that also holds a GitHub workflow and `package.json`. The hook definition is the real
//! `.pre-commit-hooks.yaml`, with only the install step swapped: `language: rust` would build
//! the crate from scratch, so the test points `entry` at the binary under test instead.

use crate::harness::bin;
use std::path::Path;
use std::process::Command;

const BAD: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    nextStep: b\n    inputs: {Duration: PT1S}\n";
const GOOD: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";

/// `pre-commit` from the CI virtual environment, else from `PATH`.
fn pre_commit_command() -> Option<Command> {
    if let Some(python) = std::env::var_os("SSMRUN_CI_PYTHON") {
        let mut c = Command::new(python);
        c.args(["-m", "pre_commit"]);
        return Some(c);
    }
    let found = Command::new("pre-commit").arg("--version").output();
    found
        .is_ok_and(|o| o.status.success())
        .then(|| Command::new("pre-commit"))
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=test", "-c", "user.email=test@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// The real hook definition, installed as a system command that runs the binary under test.
fn hook_repository(dir: &Path) {
    let real = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .expect(".pre-commit-hooks.yaml");
    assert!(real.contains("entry: ssmrun "), "{real}");
    let binary = bin().display().to_string();
    let manifest = real
        .replace("language: rust", "language: system")
        .replace("entry: ssmrun ", &format!("entry: {binary} "));
    write(dir, ".pre-commit-hooks.yaml", &manifest);
    git(dir, &["init", "-q"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "hooks"]);
}

#[test]
fn pre_commit_hook_fails_only_on_the_runbook() {
    let Some(mut pre_commit) = pre_commit_command() else {
        assert!(
            std::env::var_os("SSMRUN_CI_FULL").is_none(),
            "SSMRUN_CI_FULL is set but pre-commit is not installed"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let (hooks, project) = (tmp.path().join("hooks"), tmp.path().join("project"));
    hook_repository(&hooks);
    write(
        &project,
        ".github/workflows/ci.yml",
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n",
    );
    write(
        &project,
        "package.json",
        "{\"name\": \"site\", \"version\": \"1.0.0\"}\n",
    );
    write(&project, "runbooks/good.yaml", GOOD);
    write(&project, "runbooks/bad.yaml", BAD);
    git(&project, &["init", "-q"]);
    git(&project, &["add", "."]);
    let run = |pre_commit: &mut Command| {
        let out = pre_commit
            .args(["try-repo", &hooks.display().to_string(), "ssmrun-validate"])
            .args(["--all-files", "--color", "never"])
            .current_dir(&project)
            .env("PRE_COMMIT_HOME", tmp.path().join("cache"))
            .env("NO_COLOR", "1")
            .output()
            .expect("pre-commit");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = run(&mut pre_commit);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("runbooks/bad.yaml:5:15: error[unknown-step]"),
        "{text}"
    );
    for other in ["package.json", "ci.yml", "good.yaml"] {
        assert!(
            !text.contains(&format!("{other}:")),
            "{other} was reported:\n{text}"
        );
    }
    // With the runbook fixed, the workflow and package.json do not fail the hook.
    write(&project, "runbooks/bad.yaml", GOOD);
    git(&project, &["add", "."]);
    let mut again = pre_commit_command().expect("pre-commit");
    let (code, text) = run(&mut again);
    assert_eq!(code, Some(0), "{text}");
}
