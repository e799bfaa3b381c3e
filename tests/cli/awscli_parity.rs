//! The `ssm` commands next to the real AWS CLI (v1). Each command runs twice, on two stores
//! that start empty and see the same commands: once as `aws ssm …`, whose requests a CLI
//! plugin (`awscli_bridge.py`) answers from ssmrun's store so nothing reaches AWS, and once
//! as `ssmrun ssm …`. Standard output and standard error must be the same bytes; exit codes
//! must be the same once v1's are read as v2's, which ssmrun follows (v1 exits 255 for a
//! service error, 254 in v2, and for a request botocore refuses, 252 in v2; and 2 for a usage
//! error, 252 in v2).
//!
//! Needs Python with the `awscli` package (the CI environment's, else `python3`): without it
//! the test prints why and passes, unless `SSMRUN_CI_FULL=1`.

use crate::harness::bin;
use std::path::Path;
use std::process::Command;

const BRIDGE: &str = include_str!("awscli_bridge.py");
const ID: &str = "00000000-0000-4000-8000-000000000001";

/// The AWS CLI v1 banner before its usage lines, which v2 and ssmrun do not print.
const V1_NOTE: &str = "Note: AWS CLI version 2, the latest major version of the AWS CLI, is now stable and recommended for general use. For more information, see the AWS CLI version 2 installation instructions at: https://docs.aws.amazon.com/cli/latest/userguide/install-cliv2.html\n\nusage: ";

/// Commands whose output is known to differ, each with the reason (docs/differences.md).
const KNOWN: &[(&str, &str)] = &[
    (
        "ssm get-automation-execution --automation-execution-id 00000000-0000-4000-8000-000000000001",
        "with `AWS_DEFAULT_OUTPUT=xml` v1 exits 255; ssmrun exits 253 (docs/exit-codes.md)",
    ),
    (
        "ssm get-automation-execution --automation-execution-id 00000000-0000-4000-8000-0000000003e9 --query AutomationExecution.[AutomationExecutionStatus, Variables] --output text",
        "the AWS CLI's text output fails on a list mixing scalars and objects (docs/differences.md)",
    ),
    (
        "ssm get-automation-execution --automation-execution-id 00000000-0000-4000-8000-0000000003e9 --query AutomationExecution.[AutomationExecutionStatus, Variables] --output table",
        "the AWS CLI's table output fails on rows of different lengths (docs/differences.md)",
    ),
];

/// A python that can import `awscli`: the CI environment's, else `python3`.
fn python() -> Option<String> {
    let candidates = std::env::var("SSMRUN_CI_PYTHON")
        .into_iter()
        .chain(["python3".to_string()]);
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import awscli"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[derive(Debug, PartialEq)]
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

/// The two sides, their stores and the differences found so far.
struct Pair {
    dir: tempfile::TempDir,
    python: String,
    differences: Vec<String>,
    compared: usize,
}

impl Pair {
    fn new(python: String) -> Pair {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("awscli_bridge.py"), BRIDGE).expect("write bridge");
        let profile =
            "region = us-east-1\naws_access_key_id = testing\naws_secret_access_key = testing\n";
        let config = format!(
            "[default]\n{profile}\n[profile iso]\n{profile}cli_timestamp_format = iso8601\n\n[plugins]\nssmrun_bridge = awscli_bridge\n"
        );
        std::fs::write(dir.path().join("config"), config).expect("write config");
        Pair {
            dir,
            python,
            differences: Vec::new(),
            compared: 0,
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The environment both sides share, with no AWS setting of the machine's.
    fn command(&self, program: &Path, store: &str, env: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(program);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                cmd.env_remove(key);
            }
        }
        cmd.current_dir(self.path())
            .env("AWS_CONFIG_FILE", self.path().join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.path().join("credentials"),
            )
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_MAX_ATTEMPTS", "1")
            .env("SSMRUN_HOME", self.path().join(store))
            .env("SSMRUN_DETERMINISTIC", "1")
            .env("SSMRUN_BRIDGE_BIN", bin())
            .env("PYTHONPATH", self.path())
            .env("PYTHONIOENCODING", "utf-8")
            .env("TZ", "UTC")
            .env("NO_COLOR", "1")
            .env_remove("CI");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    fn run(mut cmd: Command) -> Outcome {
        let out = cmd.output().expect("spawn");
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn aws(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let mut cmd = self.command(Path::new(&self.python), "aws-store", env);
        cmd.args(["-m", "awscli", "ssm"]).args(args);
        let mut out = Pair::run(cmd);
        out.stderr = out.stderr.replace(V1_NOTE, "");
        out.code = v2_code(&out);
        out
    }

    fn own(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let mut cmd = self.command(&bin(), "own-store", env);
        cmd.arg("ssm").args(args);
        Pair::run(cmd)
    }

    /// Runs `args` on both sides, records any difference, and gives the AWS CLI's outcome.
    fn same_with(&mut self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let aws = self.aws(args, env);
        let own = self.own(args, env);
        self.compared += 1;
        if aws == own {
            return aws;
        }
        let shown = format!("ssm {}", args.join(" "));
        if let Some((_, why)) = KNOWN.iter().find(|(cmd, _)| *cmd == shown) {
            eprintln!("known difference: {shown}: {why}");
            return aws;
        }
        self.differences.push(format!(
            "`{shown}`\n  aws    ({}): {:?} {:?}\n  ssmrun ({}): {:?} {:?}",
            aws.code, aws.stdout, aws.stderr, own.code, own.stdout, own.stderr
        ));
        aws
    }

    fn same(&mut self, args: &[&str]) -> Outcome {
        self.same_with(args, &[])
    }

    /// A read-only command in every output format the tutorials use.
    fn every_output(&mut self, args: &[&str]) {
        for output in ["json", "text", "table"] {
            let mut all = args.to_vec();
            all.extend(["--output", output]);
            self.same(&all);
        }
    }

    fn finish(self) {
        assert!(
            self.differences.is_empty(),
            "{} of {} commands differ from the AWS CLI:\n{}",
            self.differences.len(),
            self.compared,
            self.differences.join("\n")
        );
    }
}

/// The exit code AWS CLI v2 gives for what v1 reported.
fn v2_code(out: &Outcome) -> i32 {
    match out.code {
        2 => 252,
        255 if out.stderr.starts_with("\nAn error occurred (") => 254,
        255 if out.stderr.starts_with("\nParameter validation failed:") => 252,
        code => code,
    }
}

fn pair() -> Option<Pair> {
    match python() {
        Some(python) => Some(Pair::new(python)),
        None => {
            let reason = "no python with the `awscli` package (pip install awscli)";
            assert!(
                std::env::var("SSMRUN_CI_FULL").as_deref() != Ok("1"),
                "SSMRUN_CI_FULL=1 but {reason}"
            );
            eprintln!("skipped: {reason}");
            None
        }
    }
}

/// The procedure of the AWS user guide page (../shared/seed), step by step, with every read
/// in json, text and table, some queries, and ISO-8601 timestamps.
#[test]
fn seed_procedure_prints_what_the_aws_cli_prints() {
    let Some(mut p) = pair() else { return };
    p.same(&[
        "start-automation-execution",
        "--document-name",
        "AWS-RestartEC2Instance",
        "--mode",
        "Interactive",
        "--parameters",
        "InstanceId=i-1234567890abcdef0",
    ]);
    let id = ["--automation-execution-id", ID];
    p.every_output(&[&["get-automation-execution"], &id[..]].concat());
    p.same(
        &[
            &["send-automation-signal"],
            &id[..],
            &[
                "--signal-type",
                "StartStep",
                "--payload",
                "StepName=\"stopInstances\"",
            ],
        ]
        .concat(),
    );
    let steps = [&["describe-automation-step-executions"], &id[..]].concat();
    p.every_output(&steps);
    p.every_output(
        &[
            &steps[..],
            &["--query", "StepExecutions[].[StepName,StepStatus]"],
        ]
        .concat(),
    );
    p.same(&[&steps[..], &["--query", "StepExecutions[0].Outputs"]].concat());
    p.same(
        &[
            &steps[..],
            &[
                "--reverse-order",
                "--filters",
                "Key=StepName,Values=stopInstances",
            ],
        ]
        .concat(),
    );
    p.same(
        &[
            &["send-automation-signal"],
            &id[..],
            &[
                "--signal-type",
                "StartStep",
                "--payload",
                "StepName=startInstances",
            ],
        ]
        .concat(),
    );
    p.same(
        &[
            &["stop-automation-execution"],
            &id[..],
            &["--type", "Complete"],
        ]
        .concat(),
    );
    p.every_output(&[&["get-automation-execution"], &id[..]].concat());
    p.every_output(&["describe-automation-executions"]);
    p.same(&[
        "describe-automation-executions",
        "--query",
        "AutomationExecutionMetadataList[].[AutomationExecutionStatus,ExecutionStartTime]",
        "--output",
        "text",
    ]);
    // ISO-8601 from the profile's `cli_timestamp_format`, in two zones.
    for tz in ["UTC", "Asia/Kolkata"] {
        for output in ["json", "text", "table"] {
            let args = [&steps[..], &["--profile", "iso", "--output", output]].concat();
            p.same_with(&args, &[("TZ", tz)]);
        }
    }
    p.finish();
}

/// Requests refused before anything is read: by botocore on the client, by the service's
/// own checks, and by the store.
#[test]
fn refused_requests_fail_as_the_aws_cli_fails() {
    let Some(mut p) = pair() else { return };
    p.same(&[
        "get-automation-execution",
        "--automation-execution-id",
        "abc",
    ]);
    p.same(&["get-automation-execution", "--automation-execution-id", ID]);
    p.same(&[
        "describe-automation-step-executions",
        "--automation-execution-id",
        "abc",
        "--max-results",
        "0",
    ]);
    p.same(&[
        "start-automation-execution",
        "--document-name",
        "AWS-RestartEC2Instance",
        "--parameters",
        r#"{"InstanceId": "i-1234567890abcdef0"}"#,
    ]);
    p.same(&[
        "start-automation-execution",
        "--document-name",
        "AWS-RestartEC2Instance",
        "--parameters",
        r#"{"InstanceId": [5]}"#,
    ]);
    p.same(&[
        "stop-automation-execution",
        "--automation-execution-id",
        ID,
        "--type",
        "Halt",
    ]);
    p.same(&[
        "send-automation-signal",
        "--automation-execution-id",
        ID,
        "--signal-type",
        "Go",
    ]);
    p.finish();
}

/// The input-side rows landed alongside: `--query` backtick literals, several filters after
/// one `--filters`, the pagination options and their tokens, `AWS_DEFAULT_OUTPUT`, the
/// document flags and the `Variables` of a record.
#[test]
fn input_options_read_as_the_aws_cli_reads_them() {
    let Some(mut p) = pair() else { return };
    let start = |document: &str| {
        vec![
            "start-automation-execution".to_string(),
            "--document-name".to_string(),
            document.to_string(),
            "--mode".to_string(),
            "Interactive".to_string(),
        ]
    };
    for document in ["AWS-RestartEC2Instance", "Example-PauseAndResume"] {
        let args = start(document);
        p.same(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let id = ["--automation-execution-id", ID];
    p.same(
        &[
            &["send-automation-signal"],
            &id[..],
            &[
                "--signal-type",
                "StartStep",
                "--payload",
                "StepName=stopInstances",
            ],
        ]
        .concat(),
    );
    let steps = [&["describe-automation-step-executions"], &id[..]].concat();
    for query in [
        "StepExecutions[?StepStatus==`Success`].StepName",
        "StepExecutions[?StepName==`stopInstances`].Outputs",
        "StepExecutions[?Outputs.InstanceStates[0]==`stopped`] | length(@)",
    ] {
        p.same(&[&steps[..], &["--query", query, "--output", "text"]].concat());
    }
    p.same(
        &[
            &steps[..],
            &[
                "--filters",
                "Key=StepName,Values=stopInstances,startInstances",
                "Key=StepExecutionStatus,Values=Success",
            ],
        ]
        .concat(),
    );
    p.same(
        &[
            &steps[..],
            &[
                "--filters",
                "Key=StepName,Values=nothing",
                "--filters",
                "Key=StepName,Values=stopInstances",
            ],
        ]
        .concat(),
    );
    let list = ["describe-automation-executions"];
    for paging in [
        &["--max-items", "1"][..],
        &["--page-size", "1"],
        &["--no-paginate"],
        &["--max-results", "1"],
        &["--page-size", "0"],
        &["--page-size", "51"],
    ] {
        p.every_output(&[&list[..], paging].concat());
    }
    // The token the CLI prints leads to the next page.
    let first = p.aws(
        &[
            &list[..],
            &[
                "--max-items",
                "1",
                "--query",
                "NextToken",
                "--output",
                "text",
            ],
        ]
        .concat(),
        &[],
    );
    let token = first.stdout.trim().to_string();
    p.same(&[&list[..], &["--max-items", "1", "--starting-token", &token]].concat());
    p.same_with(
        &["get-automation-execution", "--automation-execution-id", ID],
        &[("AWS_DEFAULT_OUTPUT", "text")],
    );
    p.same_with(
        &["get-automation-execution", "--automation-execution-id", ID],
        &[("AWS_DEFAULT_OUTPUT", "xml")],
    );
    p.same(&[
        "create-document",
        "--name",
        "Parity-Doc",
        "--document-type",
        "Automation",
        "--document-format",
        "YAML",
        "--content",
        "schemaVersion: '0.3'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n",
        "--display-name",
        "Parity",
        "--query",
        "DocumentDescription.[Name, DocumentVersion, Status, DocumentFormat]",
    ]);
    p.same(&[
        "list-document-versions",
        "--name",
        "Parity-Doc",
        "--query",
        "DocumentVersions[].[Name, DocumentVersion, IsDefaultVersion]",
        "--output",
        "table",
    ]);
    p.same(&[
        "get-document",
        "--name",
        "Parity-Doc",
        "--version-name",
        "v9",
    ]);
    p.same(&[
        "delete-document",
        "--name",
        "Parity-Doc",
        "--document-version",
        "1",
    ]);
    p.same(&["describe-document", "--name", "Parity-Doc"]);
    let variables = start("Example-VariablesAndUpdateVariable");
    let mut auto = variables.clone();
    auto.truncate(3);
    let started = p.same(&auto.iter().map(String::as_str).collect::<Vec<_>>());
    let started: serde_json::Value = serde_json::from_str(&started.stdout).unwrap_or_default();
    let id = started["AutomationExecutionId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for query in [
        "AutomationExecution.Variables",
        "AutomationExecution.Outputs",
        "AutomationExecution.[AutomationExecutionStatus, Variables]",
    ] {
        p.every_output(&[
            "get-automation-execution",
            "--automation-execution-id",
            &id,
            "--query",
            query,
        ]);
    }
    p.finish();
}
