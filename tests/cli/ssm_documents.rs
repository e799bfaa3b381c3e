//! `ssmrun ssm` document commands: the registry lifecycle as an AWS tutorial runs it, the
//! service's exceptions for bad requests, and bundled documents shown as AWS-managed ones.
//!
//! Commands are written as one line, as typed after `ssmrun ssm`; arguments never contain
//! spaces, except where a test passes a slice.

use crate::harness::{Result, Sandbox, Test};
use serde_json::Value;

const RUNBOOK: &str = "\
schemaVersion: '0.3'
description: Wait a little
parameters:
  Seconds:
    type: String
    description: How long to wait
    default: PT1S
mainSteps:
  - name: wait
    action: aws:sleep
    inputs:
      Duration: '{{ Seconds }}'
";

/// The same runbook with one more step, for a second version.
fn runbook_v2() -> String {
    format!("{RUNBOOK}  - name: again\n    action: aws:sleep\n    inputs:\n      Duration: PT2S\n")
}

const CREATE: &str = "create-document --document-type Automation --content file://runbook.yaml";

fn ssm<'a>(sb: &'a Sandbox, line: &str) -> Test<'a> {
    sb.cmd(std::iter::once("ssm").chain(line.split_whitespace()))
}

/// The JSON response of a command expected to succeed.
fn ok(sb: &Sandbox, line: &str) -> Value {
    ssm(sb, line).status(0).run().json()
}

/// Run a command expected to fail as the service would, with `exception` from `operation`.
fn fails(sb: &Sandbox, line: &str, exception: &str, operation: &str) -> Result {
    let expected =
        format!("An error occurred ({exception}) when calling the {operation} operation");
    ssm(sb, line).status(254).stderr_has(&expected).run()
}

fn names(list: &Value) -> Vec<String> {
    list["DocumentIdentifiers"]
        .as_array()
        .expect("DocumentIdentifiers")
        .iter()
        .map(|d| d["Name"].as_str().expect("Name").to_string())
        .collect()
}

#[test]
fn document_lifecycle_as_the_tutorials_run_it() {
    let sb = Sandbox::new()
        .file("runbook.yaml", RUNBOOK)
        .file("v2.yaml", &runbook_v2());

    let created = ok(
        &sb,
        &format!("{CREATE} --name Wait-Runbook --document-format YAML"),
    );
    let created = &created["DocumentDescription"];
    assert_eq!(created["Name"], "Wait-Runbook");
    assert_eq!(created["Owner"], "123456789012");
    assert_eq!(created["Status"], "Active");
    assert_eq!(created["HashType"], "Sha256");
    assert_eq!(created["DocumentVersion"], "1");
    assert_eq!(created["DocumentFormat"], "YAML");
    assert_eq!(created["Description"], "Wait a little");
    assert_eq!(created["Parameters"][0]["Name"], "Seconds");
    assert_eq!(created["Parameters"][0]["DefaultValue"], "PT1S");
    assert!(created["CreatedDate"].is_f64());

    let described = ok(&sb, "describe-document --name Wait-Runbook");
    assert_eq!(described["Document"]["Hash"], created["Hash"]);

    let yaml = ok(&sb, "get-document --name Wait-Runbook");
    assert_eq!(yaml["Content"], RUNBOOK);
    assert_eq!(yaml["DocumentFormat"], "YAML");
    let json = ok(
        &sb,
        "get-document --name Wait-Runbook --document-format JSON",
    );
    assert_eq!(json["DocumentFormat"], "JSON");
    let content: Value =
        serde_json::from_str(json["Content"].as_str().expect("Content")).expect("JSON content");
    assert_eq!(
        content["mainSteps"][0]["inputs"]["Duration"],
        "{{ Seconds }}"
    );

    let updated = ok(
        &sb,
        "update-document --name Wait-Runbook --content file://v2.yaml \
         --document-version $LATEST --document-format YAML",
    );
    let updated = &updated["DocumentDescription"];
    assert_eq!(updated["DocumentVersion"], "2");
    assert_eq!(updated["LatestVersion"], "2");
    assert_eq!(updated["DefaultVersion"], "1");

    let versions = ok(&sb, "list-document-versions --name Wait-Runbook");
    let listed: Vec<(&str, bool)> = versions["DocumentVersions"]
        .as_array()
        .expect("DocumentVersions")
        .iter()
        .map(|v| {
            (
                v["DocumentVersion"].as_str().unwrap_or("?"),
                v["IsDefaultVersion"] == true,
            )
        })
        .collect();
    assert_eq!(listed, [("1", true), ("2", false)]);

    let set = ok(
        &sb,
        "update-document-default-version --name Wait-Runbook --document-version 2",
    );
    assert_eq!(set["Description"]["DefaultVersion"], "2");
    ssm(
        &sb,
        "describe-document --name Wait-Runbook --query Document.DefaultVersion --output text",
    )
    .status(0)
    .stdout_has("2")
    .run();
    let v1 = ok(&sb, "get-document --name Wait-Runbook --document-version 1");
    assert_eq!(v1["Content"], RUNBOOK);

    let mine = ssm(&sb, "list-documents --filters Key=Owner,Values=Self")
        .status(0)
        .stdout_lacks("\"Amazon\"")
        .run();
    assert_eq!(names(&mine.json()), ["Wait-Runbook"]);
    let amazon = names(&ok(&sb, "list-documents --filters Key=Owner,Values=Amazon"));
    assert!(
        amazon.iter().any(|n| n == "AWS-RestartEC2Instance"),
        "{amazon:?}"
    );
    assert!(!amazon.iter().any(|n| n == "Wait-Runbook"), "{amazon:?}");
    let all = names(&ok(&sb, "list-documents"));
    assert_eq!(all.len(), amazon.len() + 1, "{all:?}");

    ssm(&sb, "delete-document --name Wait-Runbook")
        .status(0)
        .run();
    let gone = fails(
        &sb,
        "describe-document --name Wait-Runbook",
        "InvalidDocument",
        "DescribeDocument",
    );
    let stderr = gone.stderr();
    assert!(
        stderr.contains("Document with name Wait-Runbook does not exist."),
        "{stderr}"
    );
    assert!(names(&ok(&sb, "list-documents --filters Key=Owner,Values=Self")).is_empty());
}

#[test]
fn invalid_content_is_refused_with_its_diagnostic() {
    let sb = Sandbox::new().file("runbook.yaml", &RUNBOOK.replace("aws:sleep", "aws:snooze"));
    let r = fails(
        &sb,
        &format!("{CREATE} --name Broken"),
        "InvalidDocumentContent",
        "CreateDocument",
    );
    assert!(
        r.stderr().contains("10:13 unknown-action"),
        "{}",
        r.stderr()
    );
    fails(
        &sb,
        "describe-document --name Broken",
        "InvalidDocument",
        "DescribeDocument",
    );
}

#[test]
fn schema_version_size_and_type_have_their_own_errors() {
    let sb = Sandbox::new()
        .file("old.yaml", &RUNBOOK.replace("'0.3'", "'2.2'"))
        .file("big.yaml", &format!("{RUNBOOK}# {}\n", "x".repeat(70_000)))
        .file("runbook.yaml", RUNBOOK);
    let create = "create-document --name Doc-1 --document-type Automation --content";
    let old = format!("{create} file://old.yaml");
    fails(&sb, &old, "InvalidDocumentSchemaVersion", "CreateDocument");
    let big = format!("{create} file://big.yaml");
    fails(&sb, &big, "MaxDocumentSizeExceeded", "CreateDocument");
    let command =
        "create-document --name Doc-1 --document-type Command --content file://runbook.yaml";
    let r = fails(&sb, command, "InvalidDocumentContent", "CreateDocument");
    assert!(
        r.stderr()
            .contains("Only Automation documents are supported"),
        "{}",
        r.stderr()
    );
}

#[test]
fn names_must_be_new_valid_and_not_reserved() {
    let sb = Sandbox::new().file("runbook.yaml", RUNBOOK);
    ok(&sb, &format!("{CREATE} --name Mine"));
    fails(
        &sb,
        &format!("{CREATE} --name Mine"),
        "DocumentAlreadyExists",
        "CreateDocument",
    );
    for reserved in ["AWS-Mine", "amazon-mine", "AmznThing"] {
        let line = format!("{CREATE} --name {reserved}");
        let r = fails(&sb, &line, "ValidationException", "CreateDocument");
        assert!(r.stderr().contains("reserved prefix"), "{}", r.stderr());
    }
    let spaced = [
        "ssm",
        "create-document",
        "--name",
        "no spaces",
        "--content",
        RUNBOOK,
    ];
    let r = sb.cmd(spaced).status(254).run();
    assert!(
        r.stderr().contains("regular expression pattern"),
        "{}",
        r.stderr()
    );
    // Bundled names that are not reserved are taken all the same.
    let line = format!("{CREATE} --name Example-FailureHandling");
    fails(&sb, &line, "DocumentAlreadyExists", "CreateDocument");
}

#[test]
fn inline_content_is_accepted_in_either_format() {
    let sb = Sandbox::new();
    let json = r#"{"schemaVersion": "0.3", "mainSteps": [{"name": "a", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}]}"#;
    let args = [
        "ssm",
        "create-document",
        "--name",
        "Inline",
        "--document-type",
        "Automation",
    ];
    let r = sb
        .cmd(args.iter().copied().chain(["--content", json]))
        .status(0)
        .run();
    assert_eq!(r.json()["DocumentDescription"]["DocumentFormat"], "JSON");
    let yaml = ok(&sb, "get-document --name Inline --document-format YAML");
    assert!(
        yaml["Content"]
            .as_str()
            .is_some_and(|c| c.starts_with("schemaVersion: '0.3'\n")),
        "{yaml}"
    );
}

#[test]
fn updates_need_new_content_and_the_latest_version() {
    let sb = Sandbox::new()
        .file("runbook.yaml", RUNBOOK)
        .file("v2.yaml", &runbook_v2());
    ok(&sb, &format!("{CREATE} --name Mine"));
    let same = "update-document --name Mine --content file://runbook.yaml";
    fails(&sb, same, "DuplicateDocumentContent", "UpdateDocument");
    ok(
        &sb,
        "update-document --name Mine --content file://v2.yaml --document-version 1",
    );
    let stale = "update-document --name Mine --content file://runbook.yaml --document-version 1";
    fails(&sb, stale, "InvalidDocumentVersion", "UpdateDocument");
    let missing = "update-document --name Nobody --content file://v2.yaml";
    fails(&sb, missing, "InvalidDocument", "UpdateDocument");
    let unknown = "describe-document --name Mine --document-version 7";
    fails(&sb, unknown, "InvalidDocumentVersion", "DescribeDocument");
    let malformed = "get-document --name Mine --document-version latest";
    fails(&sb, malformed, "ValidationException", "GetDocument");
    let set = "update-document-default-version --name Mine --document-version 3";
    fails(
        &sb,
        set,
        "InvalidDocumentVersion",
        "UpdateDocumentDefaultVersion",
    );
}

#[test]
fn bundled_documents_are_amazon_owned_and_read_only() {
    let sb = Sandbox::new().file("runbook.yaml", RUNBOOK);
    let described = ok(&sb, "describe-document --name AWS-RestartEC2Instance");
    let d = &described["Document"];
    assert_eq!(d["Owner"], "Amazon");
    assert_eq!(d["DocumentVersion"], "1");
    assert_eq!(d["SchemaVersion"], "0.3");
    let json = ok(
        &sb,
        "get-document --name AWS-RestartEC2Instance --document-format JSON",
    );
    assert!(
        json["Content"].as_str().is_some_and(|c| c.starts_with('{')),
        "{json}"
    );
    let listed = ok(&sb, "list-documents --filters Key=Name,Values=AWS-Restart");
    assert_eq!(listed["DocumentIdentifiers"][0]["Owner"], "Amazon");
    assert_eq!(names(&listed), ["AWS-RestartEC2Instance"]);
    let delete = "delete-document --name AWS-RestartEC2Instance";
    fails(&sb, delete, "InvalidDocumentOperation", "DeleteDocument");
    let update = "update-document --name AWS-RestartEC2Instance --content file://runbook.yaml";
    fails(&sb, update, "InvalidDocumentOperation", "UpdateDocument");
}

#[test]
fn listings_filter_and_paginate_like_the_cli() {
    let sb = Sandbox::new().file("runbook.yaml", RUNBOOK);
    ok(&sb, &format!("{CREATE} --name Mine-A"));
    ok(&sb, &format!("{CREATE} --name Mine-B"));
    let first = ok(
        &sb,
        "list-documents --filters Key=Owner,Values=Self --max-items 1",
    );
    assert_eq!(names(&first), ["Mine-A"]);
    let token = first["NextToken"].as_str().expect("NextToken");
    let line = format!("list-documents --filters Key=Owner,Values=Self --starting-token {token}");
    let rest = ok(&sb, &line);
    assert_eq!(names(&rest), ["Mine-B"]);
    assert!(rest.get("NextToken").is_none());
    // Two filters after one --filters, as the CLI takes them; they must all match.
    let both = ok(
        &sb,
        "list-documents --filters Key=Owner,Values=Self Key=SearchKeyword,Values=-b",
    );
    assert_eq!(names(&both), ["Mine-B"]);
    let legacy = ok(
        &sb,
        "list-documents --document-filter-list key=Owner,value=Self",
    );
    assert_eq!(names(&legacy), ["Mine-A", "Mine-B"]);
    let bogus = "list-documents --filters Key=Colour,Values=Red";
    fails(&sb, bogus, "InvalidFilterKey", "ListDocuments");
}

#[test]
fn registered_documents_start_by_name_and_version() {
    let sb = Sandbox::new().file("runbook.yaml", RUNBOOK);
    ok(&sb, &format!("{CREATE} --name Mine"));
    let started = ok(&sb, "start-automation-execution --document-name Mine");
    assert!(started["AutomationExecutionId"].is_string(), "{started}");
    let line = "start-automation-execution --document-name Mine --document-version 4";
    let exception = "AutomationDefinitionVersionNotFoundException";
    fails(&sb, line, exception, "StartAutomationExecution");
    let line = "start-automation-execution --document-name Nobody";
    let exception = "AutomationDefinitionNotFoundException";
    fails(&sb, line, exception, "StartAutomationExecution");
}

#[test]
fn unknown_flags_are_syntax_errors() {
    let sb = Sandbox::new();
    ssm(&sb, "describe-document --name X --colour red")
        .status(252)
        .run();
}
