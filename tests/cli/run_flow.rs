//! `ssmrun run`: one document per flow rule of the service (spec §4), asserting statuses,
//! outputs and record shapes.

use crate::harness::Sandbox;
use serde_json::{Value, json};

/// Run `doc` (written as `doc.yaml`) with extra args, JSON output; return (exit code, execution).
fn run(doc: &str, extra: &[&str]) -> (i32, Value) {
    let sb = Sandbox::new().file("doc.yaml", doc);
    run_in(&sb, extra)
}

fn run_in(sb: &Sandbox, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["run", "doc.yaml", "--output", "json"];
    args.extend_from_slice(extra);
    let r = sb.cmd(args).run();
    let v = r.json();
    (r.code(), v["AutomationExecution"].clone())
}

fn step<'a>(exec: &'a Value, name: &str) -> &'a Value {
    exec["StepExecutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["StepName"] == name)
        .unwrap_or_else(|| panic!("no record for {name}: {exec:#}"))
}

fn statuses(exec: &Value) -> Vec<(String, String)> {
    exec["StepExecutions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["StepName"].as_str().unwrap().to_string(),
                s["StepStatus"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

const HEADER: &str = "schemaVersion: '0.3'\n";

#[test]
fn branch_takes_first_matching_choice_and_skipped_steps_stay_pending() {
    let doc = format!(
        "{HEADER}parameters:\n  Size:\n    type: Integer\n    default: 7\nmainSteps:
  - name: choose\n    action: aws:branch\n    inputs:\n      Choices:
        - NextStep: small\n          Variable: '{{{{ Size }}}}'\n          NumericLesser: 5
        - And:\n            - Variable: '{{{{ Size }}}}'\n              NumericGreaterOrEquals: 5\n            - Not:\n                Variable: '{{{{ Size }}}}'\n                NumericEquals: 100\n          NextStep: big
      Default: small
  - name: small\n    action: aws:sleep\n    isEnd: true\n    inputs: {{Duration: PT1S}}
  - name: big\n    action: aws:sleep\n    inputs: {{Duration: PT2S}}\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 0);
    assert_eq!(exec["AutomationExecutionStatus"], "Success");
    assert_eq!(
        statuses(&exec),
        pairs(&[
            ("choose", "Success"),
            ("big", "Success"),
            ("small", "Pending")
        ])
    );
}

#[test]
fn on_failure_continue_is_not_critical_but_step_target_is() {
    let doc = |on_failure: &str, critical: &str| {
        format!(
            "{HEADER}mainSteps:
  - name: broken\n    action: aws:changeInstanceState\n    onFailure: {on_failure}\n{critical}    inputs:\n      InstanceIds: [i-00000000000000000]\n      DesiredState: stopped
  - name: after\n    action: aws:sleep\n    isEnd: true\n    inputs: {{Duration: PT1S}}
  - name: cleanup\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}\n"
        )
    };
    let (code, exec) = run(&doc("Continue", ""), &[]);
    assert_eq!(
        (code, exec["AutomationExecutionStatus"].as_str()),
        (0, Some("Success"))
    );
    assert_eq!(step(&exec, "broken")["StepStatus"], "Failed");
    assert_eq!(step(&exec, "broken")["IsCritical"], false);
    assert!(
        step(&exec, "broken")["FailureMessage"]
            .as_str()
            .unwrap()
            .contains("InvalidInstanceID.NotFound")
    );
    assert_eq!(step(&exec, "cleanup")["StepStatus"], "Pending");

    // step:X runs X, but a critical failure still fails the execution.
    let (code, exec) = run(&doc("step:cleanup", ""), &[]);
    assert_eq!(
        (code, exec["AutomationExecutionStatus"].as_str()),
        (1, Some("Failed"))
    );
    assert_eq!(step(&exec, "cleanup")["StepStatus"], "Success");
    assert_eq!(step(&exec, "after")["StepStatus"], "Pending");

    // ... unless the step says it is not critical.
    let (code, exec) = run(&doc("step:cleanup", "    isCritical: false\n"), &[]);
    assert_eq!(
        (code, exec["AutomationExecutionStatus"].as_str()),
        (0, Some("Success"))
    );
}

#[test]
fn abort_fails_execution_with_service_message_and_leaves_rest_pending() {
    let doc = format!(
        "{HEADER}mainSteps:
  - name: stopIt\n    action: aws:changeInstanceState\n    inputs:\n      InstanceIds: [i-00000000000000000]\n      DesiredState: stopped
  - name: never\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 1);
    assert_eq!(exec["AutomationExecutionStatus"], "Failed");
    let msg = exec["FailureMessage"].as_str().unwrap();
    assert!(
        msg.starts_with("Step stopIt failed maximum allowed times. "),
        "{msg}"
    );
    assert_eq!(step(&exec, "never")["StepStatus"], "Pending");
    assert_eq!(
        step(&exec, "stopIt")["FailureDetails"]["FailureStage"],
        "Invocation"
    );
}

#[test]
fn timeout_applies_per_attempt_with_max_attempts() {
    let doc = format!(
        "{HEADER}mainSteps:
  - name: waitStopped\n    action: aws:waitForAwsResourceProperty\n    timeoutSeconds: 30\n    maxAttempts: 3\n    inputs:\n      Service: ec2\n      Api: DescribeInstances\n      InstanceIds: [i-1234567890abcdef0]\n      PropertySelector: $.Reservations[0].Instances[0].State.Name\n      DesiredValues: [stopped]\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 1);
    assert_eq!(exec["AutomationExecutionStatus"], "TimedOut");
    let rec = step(&exec, "waitStopped");
    assert_eq!(rec["StepStatus"], "TimedOut");
    assert_eq!(rec["MaxAttempts"], 3);
    assert_eq!(rec["TimeoutSeconds"], 30);
    // Three attempts of 30 simulated seconds each.
    let took =
        rec["ExecutionEndTime"].as_f64().unwrap() - rec["ExecutionStartTime"].as_f64().unwrap();
    assert!((90.0..95.0).contains(&took), "took {took}");
}

#[test]
fn is_end_stops_after_the_step() {
    let doc = format!(
        "{HEADER}mainSteps:
  - name: first\n    action: aws:sleep\n    isEnd: true\n    inputs: {{Duration: PT1S}}
  - name: second\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}\n"
    );
    let (_, exec) = run(&doc, &[]);
    assert_eq!(
        statuses(&exec),
        pairs(&[("first", "Success"), ("second", "Pending")])
    );
}

#[test]
fn next_step_jumps() {
    let doc = format!(
        "{HEADER}mainSteps:
  - name: a\n    action: aws:sleep\n    nextStep: c\n    inputs: {{Duration: PT1S}}
  - name: b\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}
  - name: c\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}\n"
    );
    let (_, exec) = run(&doc, &[]);
    assert_eq!(
        statuses(&exec),
        pairs(&[("a", "Success"), ("c", "Success"), ("b", "Pending")])
    );
}

#[test]
fn variables_update_and_feed_later_steps() {
    let doc = format!(
        "{HEADER}variables:\n  Counter:\n    type: Integer\n    default: 1\n  Names:\n    type: StringList\n    default: '[\"a\"]'\nmainSteps:
  - name: bump\n    action: aws:updateVariable\n    inputs:\n      Name: variable:Counter\n      Value: 5
  - name: check\n    action: aws:branch\n    inputs:\n      Choices:\n        - NextStep: good\n          Variable: '{{{{ variable:Counter }}}}'\n          NumericEquals: 5\n      Default: bad
  - name: bad\n    action: aws:sleep\n    isEnd: true\n    inputs: {{Duration: PT1S}}
  - name: good\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 0);
    assert_eq!(step(&exec, "good")["StepStatus"], "Success");
    assert_eq!(step(&exec, "bad")["StepStatus"], "Pending");
    assert_eq!(exec["Variables"]["Counter"], json!(["5"]));
    assert_eq!(exec["Variables"]["Names"], json!(["a"]));

    // A value of the wrong type (known only at run time) fails in input validation.
    let bad = doc.replace("Value: 5", "Value: '{{ Word }}'").replace(
        "mainSteps:",
        "parameters:\n  Word:\n    type: String\n    default: five\nmainSteps:",
    );
    let (code, exec) = run(&bad, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        step(&exec, "bump")["FailureDetails"]["FailureStage"],
        "InputValidation"
    );
}

#[test]
fn loop_records_body_steps_with_parent_details() {
    let doc = format!(
        "{HEADER}parameters:\n  Ids:\n    type: StringList\n    default: [i-1234567890abcdef0, i-0abcdef1234567890]\nmainSteps:
  - name: each\n    action: aws:loop\n    inputs:\n      Iterators: '{{{{ Ids }}}}'\n      Steps:
        - name: tag\n          action: aws:createTags\n          inputs:\n            ResourceIds: ['{{{{ each.CurrentIteratorValue }}}}']\n            Tags:\n              - Key: Seen\n                Value: 'iteration {{{{ each.CurrentIteration }}}}'
  - name: countdown\n    action: aws:loop\n    inputs:\n      MaxIterations: 3\n      LoopCondition:\n        Variable: '{{{{ countdown.CurrentIteration }}}}'\n        NumericLesser: 10\n      Steps:\n        - name: tick\n          action: aws:sleep\n          inputs: {{Duration: PT1M}}\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 0, "{exec:#}");
    let recs = exec["StepExecutions"].as_array().unwrap();
    let tags: Vec<&Value> = recs.iter().filter(|r| r["StepName"] == "tag").collect();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1]["ParentStepDetails"]["Iteration"], 2);
    assert_eq!(
        tags[1]["ParentStepDetails"]["IteratorValue"],
        "i-0abcdef1234567890"
    );
    assert_eq!(tags[1]["ParentStepDetails"]["StepName"], "each");
    assert_eq!(
        tags[1]["Inputs"]["ResourceIds"],
        "[\"i-0abcdef1234567890\"]"
    );
    assert_eq!(
        step(&exec, "each")["Outputs"]["CurrentIteration"],
        json!(["2"])
    );
    // MaxIterations caps the do-while loop.
    assert_eq!(recs.iter().filter(|r| r["StepName"] == "tick").count(), 3);
}

#[test]
fn user_outputs_select_and_convert_types() {
    let doc = format!(
        "{HEADER}mainSteps:
  - name: describe\n    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n      Api: DescribeInstances\n      InstanceIds: [i-1234567890abcdef0]\n    outputs:
      - Name: State\n        Selector: $.Reservations[0].Instances[0].State.Name\n        Type: String
      - Name: Code\n        Selector: $.Reservations[0].Instances[0].State.Code\n        Type: Integer
      - Name: Ids\n        Selector: $.Reservations..Instances..InstanceId\n        Type: StringList
      - Name: StateMap\n        Selector: $.Reservations[0].Instances[0].State\n        Type: StringMap
outputs:\n  - describe.State\n  - describe.Code\n  - describe.Ids\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 0);
    let out = &step(&exec, "describe")["Outputs"];
    assert_eq!(out["State"], json!(["running"]));
    assert_eq!(out["Code"], json!(["16"]));
    assert_eq!(out["Ids"], json!(["i-1234567890abcdef0"]));
    assert_eq!(
        out["StateMap"],
        json!(["{\"Code\":16,\"Name\":\"running\"}"])
    );
    assert_eq!(exec["Outputs"]["describe.State"], json!(["running"]));

    // A selector that finds nothing leaves the output unset, and the step succeeds.
    let unset = doc.replace("State.Name", "State.Nope");
    let (code, exec) = run(&unset, &[]);
    assert_eq!(code, 0);
    assert!(step(&exec, "describe")["Outputs"].get("State").is_none());
    assert_eq!(
        exec["Outputs"]["describe.State"],
        json!(["No output available yet because the step is not successfully executed"])
    );

    // A value of another type than the output's fails the step and names the output.
    let bad = doc.replace(
        "Instances[0].State\n        Type: StringMap",
        "Instances\n        Type: StringMap",
    );
    let (code, exec) = run(&bad, &[]);
    assert_eq!(code, 1);
    let msg = step(&exec, "describe")["FailureMessage"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("output `StateMap`: expected StringMap"),
        "{msg}"
    );
}

#[test]
fn two_hour_sleep_costs_only_simulated_time() {
    let doc = format!(
        "{HEADER}mainSteps:\n  - name: nap\n    action: aws:sleep\n    inputs: {{Duration: PT2H}}\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 0);
    let took =
        exec["ExecutionEndTime"].as_f64().unwrap() - exec["ExecutionStartTime"].as_f64().unwrap();
    assert_eq!(took, 7200.0);
}

#[test]
fn approve_waits_without_an_answer_and_follows_the_answer() {
    let doc = format!(
        "{HEADER}mainSteps:\n  - name: ask\n    action: aws:approve\n    inputs:\n      Approvers: [arn:aws:iam::123456789012:user/alice]
  - name: act\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 4);
    assert_eq!(exec["AutomationExecutionStatus"], "Waiting");
    assert_eq!(exec["CurrentStepName"], "ask");
    let (code, exec) = run(&doc, &["--approve"]);
    assert_eq!(code, 0);
    assert_eq!(
        step(&exec, "ask")["Outputs"]["ApprovalStatus"],
        json!(["Approved"])
    );
    let (code, exec) = run(&doc, &["--reject"]);
    assert_eq!(code, 1);
    assert_eq!(exec["AutomationExecutionStatus"], "Failed");
    assert_eq!(step(&exec, "act")["StepStatus"], "Pending");
}

#[test]
fn pause_waits_for_resume() {
    let doc =
        format!("{HEADER}mainSteps:\n  - name: hold\n    action: aws:pause\n    inputs: {{}}\n");
    assert_eq!(run(&doc, &[]).0, 4);
    let (code, exec) = run(&doc, &["--resume"]);
    assert_eq!(
        (code, exec["AutomationExecutionStatus"].as_str()),
        (0, Some("Success"))
    );
}

#[test]
fn scripts_never_run_by_default_but_mocks_and_allow_scripts_work() {
    let doc = format!(
        "{HEADER}mainSteps:\n  - name: compute\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: handler\n      InputPayload:\n        n: 20\n      Script: |-\n        def handler(events, context):\n            return {{'double': events['n'] * 2}}\n    outputs:\n      - Name: Double\n        Selector: $.Payload.double\n        Type: Integer\n"
    );
    let (code, exec) = run(&doc, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        step(&exec, "compute")["FailureMessage"],
        "script not executed: add a mock or pass --allow-scripts"
    );
    let sb = Sandbox::new().file("doc.yaml", &doc).file(
        "mocks.yaml",
        "- Step: compute\n  Outputs:\n    Payload: {double: 7}\n",
    );
    let (code, exec) = run_in(&sb, &["--mocks", "mocks.yaml"]);
    assert_eq!(code, 0, "{exec:#}");
    assert_eq!(step(&exec, "compute")["Outputs"]["Double"], json!(["7"]));
    if std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok()
    {
        let (code, exec) = run(&doc, &["--allow-scripts"]);
        assert_eq!(code, 0, "{exec:#}");
        assert_eq!(step(&exec, "compute")["Outputs"]["Double"], json!(["40"]));
    }
}

#[test]
fn unsimulated_api_fails_loudly_and_api_mocks_answer() {
    let doc = format!(
        "{HEADER}mainSteps:\n  - name: invoke\n    action: aws:invokeLambdaFunction\n    inputs:\n      FunctionName: my-fn\n      InputPayload: {{a: 1}}\n    outputs:\n      - Name: Retry\n        Selector: $.Retry\n        Type: Boolean\n"
    );
    // `--strict` keeps calls nobody answers unanswered instead of synthesizing them.
    let (code, exec) = run(&doc, &["--strict"]);
    assert_eq!(code, 1);
    let msg = step(&exec, "invoke")["FailureMessage"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("NotSimulated") && msg.contains("--mocks"),
        "{msg}"
    );
    let sb = Sandbox::new().file("doc.yaml", &doc).file(
        "mocks.yaml",
        "- Service: lambda\n  Api: Invoke\n  Response:\n    StatusCode: 200\n    Payload: '{\"Retry\": true}'\n- Service: ec2\n  Api: DescribeVpcs\n  Response: {}\n",
    );
    let r = sb
        .cmd([
            "run",
            "doc.yaml",
            "--mocks",
            "mocks.yaml",
            "--output",
            "json",
        ])
        .status(0)
        .run();
    assert!(
        r.stderr().contains("mock never used") && r.stderr().contains("DescribeVpcs"),
        "{}",
        r.stderr()
    );
    assert_eq!(
        step(&r.json()["AutomationExecution"], "invoke")["Outputs"]["Retry"],
        json!(["true"])
    );
}

#[test]
fn parameters_are_checked_before_anything_runs() {
    let sb = Sandbox::new();
    sb.cmd(["run", "AWS-RestartEC2Instance"])
        .status(2)
        .stderr_has("`InstanceId`")
        .run();
    sb.cmd(["run", "AWS-RestartEC2Instance", "--parameters", "Nope=1"])
        .status(2)
        .stderr_has("Nope")
        .run();
    sb.cmd([
        "run",
        "AWS-RestartEC2Instance",
        "--parameters",
        r#"{"InstanceId":["i-1234567890abcdef0"]}"#,
    ])
    .status(0)
    .run();
    sb.write("p.json", r#"{"InstanceId":["i-1234567890abcdef0"]}"#);
    sb.cmd([
        "run",
        "AWS-RestartEC2Instance",
        "--parameters",
        "file://p.json",
    ])
    .status(0)
    .run();
}

#[test]
fn invalid_documents_do_not_run() {
    Sandbox::new()
        .file("doc.yaml", "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:sleeep\n    inputs: {}\n")
        .cmd(["run", "doc.yaml"])
        .status(2)
        .stderr_has("doc.yaml:4:13")
        .stderr_has("unknown-action")
        .run();
}

#[test]
fn world_file_in_and_out() {
    let sb = Sandbox::new().file(
        "world.yaml",
        "region: eu-west-1\ninstances:\n  - InstanceId: i-0123456789abcdef0\n    State: running\n",
    );
    sb.cmd([
        "run",
        "AWS-StopEC2Instance",
        "--parameters",
        "InstanceId=i-0123456789abcdef0",
        "--world",
        "world.yaml",
        "--world-out",
        "after.json",
    ])
    .status(0)
    .run();
    let after: Value =
        serde_json::from_str(&std::fs::read_to_string(sb.path().join("after.json")).unwrap())
            .unwrap();
    assert_eq!(after["region"], "eu-west-1");
    assert!(after.to_string().contains("stopped"), "{after}");
}

#[test]
fn execute_automation_runs_a_child_document() {
    let child = format!(
        "{HEADER}parameters:\n  Wait:\n    type: String\nmainSteps:\n  - name: nap\n    action: aws:sleep\n    inputs:\n      Duration: '{{{{ Wait }}}}'\n"
    );
    let parent = format!(
        "{HEADER}mainSteps:\n  - name: callChild\n    action: aws:executeAutomation\n    inputs:\n      DocumentName: Child\n      RuntimeParameters:\n        Wait: PT5M\n"
    );
    let sb = Sandbox::new()
        .file("doc.yaml", &parent)
        .file("Child.yaml", &child);
    let (code, exec) = run_in(&sb, &[]);
    assert_eq!(code, 0, "{exec:#}");
    assert_eq!(
        step(&exec, "callChild")["Outputs"]["Status"],
        json!(["Success"])
    );
    let took =
        exec["ExecutionEndTime"].as_f64().unwrap() - exec["ExecutionStartTime"].as_f64().unwrap();
    assert_eq!(took, 300.0);
}

#[test]
fn approvals_are_counted_per_step() {
    let doc = format!(
        "{HEADER}mainSteps:
  - name: first
    action: aws:approve
    inputs:
      Approvers: [arn:aws:iam::123456789012:user/ssmrun]
  - name: second
    action: aws:approve
    inputs:
      Approvers: [arn:aws:iam::123456789012:user/ssmrun, arn:aws:iam::123456789012:user/bob]
      MinRequiredApprovals: 2
"
    );
    let (code, exec) = run(&doc, &["--approve"]);
    assert_eq!(code, 0, "{exec:#}");
    assert_eq!(
        step(&exec, "first")["Outputs"]["ApproverDecisions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        step(&exec, "second")["Outputs"]["ApproverDecisions"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
