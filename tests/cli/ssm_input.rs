//! How `ssmrun ssm …` reads its options, as the AWS CLI does: `--query` as jmespath.py reads
//! it, lists of filters, parameter errors (exit 252) and `file://` values.

use crate::harness::Sandbox;

pub(crate) const PAUSE: &str = "schemaVersion: '0.3'
mainSteps:
  - name: hold
    action: aws:pause
    inputs: {}
  - name: after
    action: aws:sleep
    inputs:
      Duration: PT1S
";

fn started(sb: &Sandbox) -> String {
    crate::ssm_executions::start(sb, &["--document-name", "file://pause.yaml"])
}

#[test]
fn query_reads_a_bare_backtick_literal_as_a_string() {
    let sb = Sandbox::new().file("pause.yaml", PAUSE);
    let id = started(&sb);
    sb.cmd([
        "ssm",
        "describe-automation-step-executions",
        "--automation-execution-id",
        &id,
        "--query",
        "StepExecutions[?StepStatus==`Waiting`].StepName",
        "--output",
        "text",
    ])
    .status(0)
    .stdout_is("hold\n")
    .run();
}

#[test]
fn filters_take_several_values_and_the_last_occurrence_wins() {
    let sb = Sandbox::new().file("pause.yaml", PAUSE);
    let id = started(&sb);
    let count = |filters: &[&str]| {
        let mut args = vec!["ssm", "describe-automation-executions"];
        args.extend_from_slice(filters);
        args.extend(["--query", "length(AutomationExecutionMetadataList)"]);
        sb.cmd(args).status(0).run().stdout().trim().to_string()
    };
    let by_id = format!("Key=ExecutionId,Values={id}");
    assert_eq!(
        count(&["--filters", "Key=ExecutionStatus,Values=Waiting", &by_id]),
        "1"
    );
    assert_eq!(
        count(&["--filters", "Key=ExecutionStatus,Values=Success", &by_id]),
        "0"
    );
    // The second `--filters` replaces the first.
    assert_eq!(
        count(&[
            "--filters",
            "Key=ExecutionStatus,Values=Success",
            "--filters",
            &by_id
        ]),
        "1"
    );
}

#[test]
fn malformed_parameters_are_a_parameter_error_named_once() {
    let r = Sandbox::new()
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "AWS-RestartEC2Instance",
            "--parameters",
            "a",
        ])
        .status(252)
        .stderr_has("\nError parsing parameter '--parameters': Expected: '='")
        .run();
    assert_eq!(r.stderr().matches("Error parsing parameter").count(), 1);
    assert!(!r.stderr().contains("An error occurred"));
}

#[test]
fn unreadable_or_empty_content_files_are_parameter_errors() {
    let sb = Sandbox::new().file("empty.yaml", "");
    sb.cmd([
        "ssm",
        "create-document",
        "--name",
        "x",
        "--document-type",
        "Automation",
        "--content",
        "file://missing.yaml",
    ])
    .status(252)
    .stderr_has("Error parsing parameter '--content': Unable to load paramfile file://missing.yaml")
    .run();
    sb.cmd([
        "ssm",
        "create-document",
        "--name",
        "Mine",
        "--document-type",
        "Automation",
        "--content",
        "file://empty.yaml",
    ])
    .status(252)
    .stderr_has("Invalid length for parameter Content, value: 0, valid min length: 1")
    .run();
}

#[test]
fn update_document_without_a_version_updates_the_latest() {
    let one = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    let two = one.replace("PT1S", "PT2S");
    let three = one.replace("PT1S", "PT3S");
    let sb = Sandbox::new()
        .file("one.yaml", one)
        .file("two.yaml", &two)
        .file("three.yaml", &three);
    let doc = |verb: &str, file: &str| {
        let mut args = vec!["ssm", verb, "--name", "Mine", "--content", file];
        if verb == "create-document" {
            args.extend(["--document-type", "Automation"]);
        }
        sb.cmd(args).status(0).run();
    };
    doc("create-document", "file://one.yaml");
    doc("update-document", "file://two.yaml");
    // The default version is still 1; left out, the version updated is `$LATEST`.
    sb.cmd([
        "ssm",
        "update-document",
        "--name",
        "Mine",
        "--content",
        "file://three.yaml",
        "--query",
        "DocumentDescription.DocumentVersion",
    ])
    .status(0)
    .stdout_is("\"3\"\n")
    .run();
}

fn three_runs() -> Sandbox {
    let sb = Sandbox::new().file("pause.yaml", PAUSE);
    for _ in 0..3 {
        started(&sb);
    }
    sb
}

fn listing(sb: &Sandbox, extra: &[&str]) -> crate::harness::Result {
    let mut args = vec!["ssm", "describe-automation-executions"];
    args.extend_from_slice(extra);
    sb.cmd(args).status(0).run()
}

#[test]
fn max_items_prints_botocores_next_token_and_starting_token_resumes() {
    let sb = three_runs();
    let first = listing(&sb, &["--max-items", "2"]).json();
    assert_eq!(
        first["AutomationExecutionMetadataList"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    // botocore's token for "two items into the first page".
    let token = "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==";
    assert_eq!(first["NextToken"], token);
    let rest = listing(&sb, &["--starting-token", token]).json();
    assert_eq!(
        rest["AutomationExecutionMetadataList"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert!(rest.get("NextToken").is_none());
    // Text output ends with the token on a line of its own.
    let text = listing(
        &sb,
        &[
            "--max-items",
            "1",
            "--page-size",
            "1",
            "--output",
            "text",
            "--query",
            "AutomationExecutionMetadataList[].DocumentName",
        ],
    )
    .stdout();
    assert_eq!(text, "pause\nNone\n");
    let text = listing(
        &sb,
        &["--max-items", "1", "--page-size", "1", "--output", "text"],
    )
    .stdout();
    assert!(
        text.ends_with("NEXTTOKEN\teyJOZXh0VG9rZW4iOiAiMSJ9\n"),
        "{text}"
    );
}

#[test]
fn api_paging_options_send_one_request_and_refuse_cli_paging_options() {
    let sb = three_runs();
    let first = listing(&sb, &["--max-results", "2"]).json();
    assert_eq!(first["NextToken"], "2");
    let rest = listing(&sb, &["--next-token", "2"]).json();
    assert_eq!(
        rest["AutomationExecutionMetadataList"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    sb.cmd([
        "ssm",
        "describe-automation-executions",
        "--no-paginate",
        "--max-items",
        "1",
    ])
    .status(252)
    .stderr_has("Cannot specify --no-paginate along with pagination arguments: --max-items")
    .run();
    sb.cmd([
        "ssm",
        "describe-automation-executions",
        "--next-token",
        "zz",
    ])
    .status(254)
    .stderr_has("(InvalidNextToken)")
    .run();
}

#[test]
fn every_paginated_command_takes_the_paging_options() {
    let sb = Sandbox::new().file("pause.yaml", PAUSE);
    let id = started(&sb);
    for (command, key) in [
        (
            vec!["describe-automation-executions"],
            "AutomationExecutionMetadataList",
        ),
        (
            vec![
                "describe-automation-step-executions",
                "--automation-execution-id",
                &id,
            ],
            "StepExecutions",
        ),
        (vec!["list-documents"], "DocumentIdentifiers"),
        (
            vec!["list-document-versions", "--name", "AWS-RestartEC2Instance"],
            "DocumentVersions",
        ),
    ] {
        let mut args = vec!["ssm"];
        args.extend(command);
        args.extend(["--max-items", "1", "--page-size", "1"]);
        let r = sb.cmd(&args).status(0).run().json();
        assert_eq!(r[key].as_array().map(Vec::len), Some(1), "{args:?}");
        args.truncate(args.len() - 4);
        args.extend(["--max-results", "1", "--no-paginate"]);
        let r = sb.cmd(&args).status(0).run().json();
        assert_eq!(r[key].as_array().map(Vec::len), Some(1), "{args:?}");
    }
}

#[test]
fn aws_default_output_sets_the_format_and_the_flag_wins() {
    let sb = Sandbox::new();
    let args = [
        "ssm",
        "describe-document",
        "--name",
        "AWS-RestartEC2Instance",
        "--query",
        "Document.[Name, DocumentVersion]",
    ];
    sb.cmd(args)
        .env("AWS_DEFAULT_OUTPUT", "text")
        .status(0)
        .stdout_is("AWS-RestartEC2Instance\t1\n")
        .run();
    let mut json = args.to_vec();
    json.extend(["--output", "json"]);
    sb.cmd(json)
        .env("AWS_DEFAULT_OUTPUT", "text")
        .status(0)
        .stdout_has("[\n    \"AWS-RestartEC2Instance\",")
        .run();
    sb.cmd(args)
        .env("AWS_DEFAULT_OUTPUT", "xml")
        .status(253)
        .stderr_has("Unknown output type: xml")
        .run();
}

#[test]
fn help_after_a_command_prints_its_help() {
    Sandbox::new()
        .cmd(["ssm", "describe-automation-executions", "help"])
        .status(0)
        .stdout_has("Usage: ssmrun ssm describe-automation-executions")
        .stdout_has("--starting-token")
        .run();
}

#[test]
fn aws_cli_options_ssmrun_lacks_are_named_as_unsupported() {
    let sb = Sandbox::new();
    sb.cmd([
        "ssm",
        "start-automation-execution",
        "--document-name",
        "AWS-RestartEC2Instance",
        "--targets",
        "Key=tag:Env,Values=prod",
    ])
    .status(252)
    .stderr_has("`--targets` is an option of `aws ssm start-automation-execution` that is not supported by ssmrun")
    .run();
    sb.cmd([
        "ssm",
        "describe-automation-executions",
        "--cli-input-json",
        "{}",
    ])
    .status(252)
    .stderr_has("not supported by ssmrun")
    .run();
    // An option the AWS CLI does not have either is clap's usual error.
    let r = sb
        .cmd(["ssm", "describe-automation-executions", "--bogus"])
        .status(252)
        .stderr_has("unexpected argument '--bogus'")
        .run();
    assert!(!r.stderr().contains("not supported by ssmrun"));
}

#[test]
fn document_commands_take_every_aws_cli_option() {
    let runbook = "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    let sb = Sandbox::new().file("one.yaml", runbook);
    sb.cmd([
        "ssm",
        "create-document",
        "--name",
        "Mine",
        "--document-type",
        "Automation",
        "--content",
        "file://one.yaml",
        "--display-name",
        "My runbook",
        "--target-type",
        "/",
        "--requires",
        "Name=Other,Version=1",
        "--attachments",
        "Key=SourceUrl,Values=https://example.com/a.zip",
    ])
    .status(0)
    .run();
    sb.cmd([
        "ssm",
        "get-document",
        "--name",
        "Mine",
        "--version-name",
        "v1",
    ])
    .status(254)
    .stderr_has("(InvalidDocumentVersion)")
    .run();
    sb.cmd([
        "ssm",
        "describe-document",
        "--name",
        "Mine",
        "--version-name",
        "v1",
    ])
    .status(254)
    .run();
    sb.cmd([
        "ssm",
        "delete-document",
        "--name",
        "Mine",
        "--document-version",
        "2",
    ])
    .status(254)
    .stderr_has("Document Mine does not have version 2.")
    .run();
    sb.cmd([
        "ssm",
        "delete-document",
        "--name",
        "Mine",
        "--document-version",
        "1",
        "--force",
    ])
    .status(0)
    .run();
    sb.cmd(["ssm", "describe-document", "--name", "Mine"])
        .status(254)
        .stderr_has("(InvalidDocument)")
        .run();
}

#[test]
fn a_path_given_as_document_name_suggests_file_and_run() {
    Sandbox::new()
        .file("dev.yaml", PAUSE)
        .cmd([
            "ssm",
            "start-automation-execution",
            "--document-name",
            "dev.yaml",
        ])
        .status(254)
        .stderr_has("(AutomationDefinitionNotFoundException)")
        .stderr_has("Automation definition dev.yaml is not found.")
        .stderr_has("pass `--document-name file://dev.yaml`, or use `ssmrun run dev.yaml`")
        .run();
}

#[test]
fn run_and_documents_know_registered_documents() {
    let sb = Sandbox::new().file(
        "pause.yaml",
        &format!("description: Hold, then sleep\n{PAUSE}"),
    );
    sb.cmd([
        "ssm",
        "create-document",
        "--name",
        "Team-Hold",
        "--document-type",
        "Automation",
        "--content",
        "file://pause.yaml",
    ])
    .status(0)
    .run();
    let list = sb.cmd(["documents"]).status(0).run().stdout();
    let line = list
        .lines()
        .find(|l| l.starts_with("Team-Hold "))
        .unwrap_or_else(|| panic!("{list}"));
    assert!(
        line.ends_with("Hold, then sleep [registered, version 1]"),
        "{line}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("AWS-RestartEC2Instance "))
    );
    sb.cmd(["run", "Team-Hold", "--resume", "--output", "json"])
        .status(0)
        .stdout_has("\"DocumentName\": \"Team-Hold\"")
        .stdout_has("\"AutomationExecutionStatus\": \"Success\"")
        .run();
    sb.cmd(["run", "Nobody-Has-This"])
        .status(2)
        .stderr_has("neither a file nor a bundled or registered document")
        .run();
}
