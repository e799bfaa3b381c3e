//! The request an `ssm` command makes, checked as botocore and the service check it, and
//! the AWS config file's `cli_timestamp_format`.

use crate::harness::Sandbox;

const ID: &str = "00000000-0000-4000-8000-000000000001";

fn start(sb: &Sandbox) {
    sb.cmd([
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
}

#[test]
fn botocore_refuses_short_ids_and_small_numbers_before_sending() {
    let sb = Sandbox::new();
    let r = sb
        .cmd([
            "ssm",
            "describe-automation-step-executions",
            "--automation-execution-id",
            "abc",
            "--max-results",
            "0",
        ])
        .status(252)
        .run();
    assert_eq!(
        r.stderr(),
        "\nParameter validation failed:\nInvalid length for parameter AutomationExecutionId, value: 3, valid min length: 36\nInvalid value for parameter MaxResults, value: 0, valid min value: 1\n"
    );
    // Nothing was sent: the store was never created.
    assert!(!sb.path().join(".ssmrun").exists());
}

#[test]
fn json_arguments_keep_their_types_and_shorthand_takes_the_models() {
    let sb = Sandbox::new();
    sb.cmd([
        "ssm",
        "start-automation-execution",
        "--document-name",
        "AWS-RestartEC2Instance",
        "--parameters",
        r#"{"InstanceId": "i-1234567890abcdef0"}"#,
    ])
    .status(252)
    .stderr_has("Invalid type for parameter Parameters.InstanceId, value: i-1234567890abcdef0, type: <class 'str'>, valid types: <class 'list'>, <class 'tuple'>")
    .run();
    // In shorthand the model makes the one value a list, so the same request passes.
    start(&sb);
}

#[test]
fn the_service_checks_enums_and_maximums_issue_cli_parity_on_the_input_side() {
    let sb = Sandbox::new();
    sb.cmd(["ssm", "describe-automation-executions", "--max-results", "51"])
        .status(254)
        .stderr_has("An error occurred (ValidationException) when calling the DescribeAutomationExecutions operation: 1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50")
        .run();
    let long = format!("{ID}0");
    sb.cmd([
        "ssm",
        "stop-automation-execution",
        "--automation-execution-id",
        &long,
        "--type",
        "Halt",
    ])
    .status(254)
    .stderr_has(&format!("2 validation errors detected: Value '{long}' at 'automationExecutionId' failed to satisfy constraint: Member must have length less than or equal to 36; Value 'Halt' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [Complete, Cancel]"))
    .run();
}

#[test]
fn cli_timestamp_format_comes_from_the_profile_in_the_config_file() {
    let sb = Sandbox::new().file(
        "config",
        "[default]\ncli_timestamp_format = iso8601\n\n[profile wire]\ncli_timestamp_format = none\n\n[profile bad]\ncli_timestamp_format = local\n",
    );
    let config = sb.path().join("config");
    let config = config.to_str().expect("utf-8 path");
    start(&sb);
    let get = |profile: Option<&str>| {
        let mut args = vec![
            "ssm",
            "get-automation-execution",
            "--automation-execution-id",
            ID,
            "--query",
            "AutomationExecution.[ExecutionStartTime, StepExecutions[0].StepName]",
            "--output",
            "text",
        ];
        if let Some(p) = profile {
            args.extend(["--profile", p]);
        }
        sb.cmd(args).env("AWS_CONFIG_FILE", config).env("TZ", "UTC")
    };
    get(None)
        .status(0)
        .stdout_is("2026-01-01T00:00:00+00:00\tstopInstances\n")
        .run();
    get(Some("wire"))
        .status(0)
        .stdout_is("1767225600.0\tstopInstances\n")
        .run();
    get(Some("wire"))
        .env("AWS_PROFILE", "default")
        .status(0)
        .stdout_is("1767225600.0\tstopInstances\n")
        .run();
    get(None)
        .env("AWS_PROFILE", "wire")
        .status(0)
        .stdout_is("1767225600.0\tstopInstances\n")
        .run();
    let r = get(Some("bad")).status(255).run();
    assert_eq!(
        r.stderr(),
        "\nUnknown cli_timestamp_format value: local, valid values are \"none\", \"wire\" or \"iso8601\"\n"
    );
}
