//! A builder for CLI tests: write files into a temp dir, run the real binary there, check
//! status, stdout and stderr. A new case is a few lines.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A temp directory with its own store; commands run inside it.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(self, name: &str, text: &str) -> Sandbox {
        self.write(name, text);
        self
    }

    pub fn write(&self, name: &str, text: &str) {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, text).expect("write file");
    }

    /// The step records of a stored execution (`ssm describe-automation-step-executions`).
    pub fn step_records(&self, id: &str) -> Vec<serde_json::Value> {
        let r = self
            .cmd([
                "ssm",
                "describe-automation-step-executions",
                "--automation-execution-id",
                id,
            ])
            .status(0)
            .run();
        r.json()["StepExecutions"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Starts the binary in the background with this sandbox's store, for a test that
    /// signals or kills it; its output is discarded.
    pub fn spawn<I: IntoIterator<Item = S>, S: AsRef<str>>(&self, args: I) -> std::process::Child {
        Command::new(bin())
            .args(args.into_iter().map(|a| a.as_ref().to_string()))
            .current_dir(self.dir.path())
            .env("SSMRUN_HOME", self.dir.path().join(".ssmrun"))
            .env("SSMRUN_DETERMINISTIC", "1")
            .env("NO_COLOR", "1")
            .env_remove("CI")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn ssmrun")
    }

    pub fn cmd<I: IntoIterator<Item = S>, S: AsRef<str>>(&self, args: I) -> Test<'_> {
        Test {
            dir: self.dir.path(),
            cwd: PathBuf::new(),
            args: args.into_iter().map(|a| a.as_ref().to_string()).collect(),
            envs: Vec::new(),
            stdin: None,
            endless_stdin: None,
            status: None,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
            stdout_lacks: Vec::new(),
            stdout_is: None,
        }
    }
}

pub struct Test<'a> {
    dir: &'a Path,
    /// Where the command runs, relative to the sandbox (the sandbox itself when empty).
    cwd: PathBuf,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    stdin: Option<String>,
    /// A line written to stdin over and over until ssmrun stops reading.
    endless_stdin: Option<String>,
    status: Option<i32>,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
    stdout_lacks: Vec<String>,
    stdout_is: Option<String>,
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ssmrun"))
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/docs")
}

impl Test<'_> {
    /// Run in a subdirectory of the sandbox (the store stays at the sandbox's root).
    pub fn in_dir(mut self, dir: &str) -> Self {
        self.cwd = PathBuf::from(dir);
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.envs.push((k.into(), v.into()));
        self
    }

    pub fn stdin(mut self, text: &str) -> Self {
        self.stdin = Some(text.into());
        self
    }

    /// Feed `line` forever (as `yes LINE | ssmrun …`), up to 4 GiB, until ssmrun closes stdin.
    pub fn endless_stdin(mut self, line: &str) -> Self {
        self.endless_stdin = Some(line.into());
        self
    }

    pub fn status(mut self, code: i32) -> Self {
        self.status = Some(code);
        self
    }

    pub fn stdout_has(mut self, s: &str) -> Self {
        self.stdout_has.push(s.into());
        self
    }

    /// The whole of stdout, exactly (the first differing line is shown on failure).
    pub fn stdout_is(mut self, s: &str) -> Self {
        self.stdout_is = Some(s.into());
        self
    }

    pub fn stdout_lacks(mut self, s: &str) -> Self {
        self.stdout_lacks.push(s.into());
        self
    }

    pub fn stderr_has(mut self, s: &str) -> Self {
        self.stderr_has.push(s.into());
        self
    }

    /// Run with a private store and deterministic ids; check every expectation.
    pub fn run(self) -> Result {
        let mut cmd = Command::new(bin());
        cmd.args(&self.args)
            .current_dir(self.dir.join(&self.cwd))
            .env("SSMRUN_HOME", self.dir.join(".ssmrun"))
            .env("SSMRUN_DETERMINISTIC", "1")
            .env("NO_COLOR", "1")
            .env_remove("CI")
            // The `ssm` commands read the AWS config file: never the developer's own.
            .env("AWS_CONFIG_FILE", self.dir.join(".aws-config"))
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_DEFAULT_OUTPUT")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn ssmrun");
        let feeder = {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            if let Some(text) = &self.stdin {
                stdin.write_all(text.as_bytes()).expect("write stdin");
            }
            self.endless_stdin.clone().map(|line| {
                std::thread::spawn(move || {
                    let chunk = line.repeat(64 * 1024 / line.len().max(1) + 1);
                    let mut written = 0usize;
                    // Ends when ssmrun closes its end (a broken pipe) or at the safety cap.
                    while written < 4 << 30 && stdin.write_all(chunk.as_bytes()).is_ok() {
                        written += chunk.len();
                    }
                    written
                })
            })
        };
        let output = child.wait_with_output().expect("wait");
        if let Some(feeder) = feeder {
            feeder.join().expect("stdin feeder");
        }
        let result = Result {
            output,
            args: self.args.clone(),
        };
        let (out, err) = (result.stdout(), result.stderr());
        if let Some(code) = self.status {
            assert_eq!(
                result.code(),
                code,
                "exit status of {:?}\nstdout:\n{out}\nstderr:\n{err}",
                self.args
            );
        }
        for s in &self.stdout_has {
            assert!(
                out.contains(s.as_str()),
                "stdout of {:?} lacks {s:?}\nstdout:\n{out}\nstderr:\n{err}",
                self.args
            );
        }
        if let Some(expected) = &self.stdout_is {
            assert!(
                out == *expected,
                "stdout of {:?} differs from the expected text{}\nstdout:\n{out}\nexpected:\n{expected}",
                self.args,
                first_difference(&out, expected)
            );
        }
        for s in &self.stdout_lacks {
            assert!(
                !out.contains(s.as_str()),
                "stdout of {:?} has {s:?}\nstdout:\n{out}",
                self.args
            );
        }
        for s in &self.stderr_has {
            assert!(
                err.contains(s.as_str()),
                "stderr of {:?} lacks {s:?}\nstdout:\n{out}\nstderr:\n{err}",
                self.args
            );
        }
        result
    }
}

pub struct Result {
    pub output: Output,
    pub args: Vec<String>,
}

impl Result {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).unwrap_or_else(|e| {
            panic!(
                "stdout of {:?} is not JSON ({e}):\n{}\nstderr:\n{}",
                self.args,
                self.stdout(),
                self.stderr()
            )
        })
    }
}

/// Where two texts first differ, by line, for a readable assertion message.
fn first_difference(actual: &str, expected: &str) -> String {
    let mut a = actual.lines();
    let mut e = expected.lines();
    for n in 1.. {
        match (a.next(), e.next()) {
            (None, None) => break,
            (x, y) if x == y => continue,
            (x, y) => return format!(" at line {n}: got {x:?}, expected {y:?}"),
        }
    }
    " (in line endings)".to_string()
}
