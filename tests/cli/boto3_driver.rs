//! `--driver boto3`: runs whose every API call, the scripts' included, goes through real
//! boto3 to a moto server, and the guard before a real AWS account.

use crate::harness::Sandbox;
use crate::moto_support::Moto;
use crate::script_support::{runtime, script_flags};
use serde_json::Value;

/// `ssmrun run` with the moto flags and `extra`, as JSON; exit code and output.
fn run(sb: &Sandbox, moto: &Moto, document: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["run".to_string(), document.to_string()];
    args.extend(moto.flags());
    args.extend(["--output", "json"].map(String::from));
    args.extend(extra.iter().map(|a| a.to_string()));
    let r = sb.cmd(args).env("SSMRUN_PYTHON", &moto.python).run();
    (r.code(), r.json())
}

fn step<'a>(out: &'a Value, name: &str) -> &'a Value {
    out["AutomationExecution"]["StepExecutions"]
        .as_array()
        .and_then(|steps| steps.iter().find(|s| s["StepName"] == name))
        .unwrap_or_else(|| panic!("no step `{name}` in {out:#}"))
}

#[test]
fn bundled_stop_and_restart_change_an_instance_in_moto() {
    let Some(moto) = Moto::start() else { return };
    let id = moto.instance();
    let sb = Sandbox::new();
    let parameter = format!("InstanceId={id}");
    let (code, out) = run(&sb, &moto, "AWS-StopEC2Instance", &["-p", &parameter]);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(moto.instance_state(&id), "stopped");
    let calls = out["ApiCalls"].as_array().expect("calls");
    assert!(!calls.is_empty());
    assert!(
        calls.iter().all(|c| c["AnsweredBy"] == "boto3"),
        "{calls:#?}"
    );
    assert!(calls.iter().any(|c| c["Api"] == "StopInstances"));

    let (code, out) = run(&sb, &moto, "AWS-RestartEC2Instance", &["-p", &parameter]);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(moto.instance_state(&id), "running");
    let apis: Vec<&str> = out["ApiCalls"]
        .as_array()
        .expect("calls")
        .iter()
        .filter_map(|c| c["Api"].as_str())
        .collect();
    assert!(
        apis.contains(&"StopInstances") && apis.contains(&"StartInstances"),
        "{apis:?}"
    );
}

const CREATE_THEN_READ: &str = "schemaVersion: '0.3'
mainSteps:
  - name: create
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: CreateVpc
      CidrBlock: 10.42.0.0/16
    outputs:
      - Name: VpcId
        Selector: $.Vpc.VpcId
        Type: String
  - name: read
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: DescribeVpcs
      VpcIds: ['{{ create.VpcId }}']
    outputs:
      - Name: Cidr
        Selector: $.Vpcs[0].CidrBlock
        Type: String
";

#[test]
fn an_api_step_reads_what_another_step_created() {
    let Some(moto) = Moto::start() else { return };
    let sb = Sandbox::new().file("doc.yaml", CREATE_THEN_READ);
    let (code, out) = run(&sb, &moto, "doc.yaml", &[]);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(step(&out, "read")["Outputs"]["Cidr"][0], "10.42.0.0/16");
    let vpc = step(&out, "create")["Outputs"]["VpcId"][0].clone();
    let listed = moto.boto3("print(json.dumps([v['VpcId'] for v in ec2.describe_vpcs()['Vpcs']]))");
    assert!(listed.as_array().expect("vpcs").contains(&vpc), "{listed}");
}

#[test]
fn a_run_against_moto_is_traced_and_recorded_as_mocks_to_replay_offline() {
    let Some(moto) = Moto::start() else { return };
    let sb = Sandbox::new().file("doc.yaml", CREATE_THEN_READ);
    let mut args = vec!["run".to_string(), "doc.yaml".to_string()];
    args.extend(moto.flags());
    args.extend(["--trace", "--mocks-out", "recorded.json"].map(String::from));
    sb.cmd(args)
        .env("SSMRUN_PYTHON", &moto.python)
        .status(0)
        .stdout_has("    ec2.CreateVpc (boto3)")
        .stdout_has("    ec2.DescribeVpcs (boto3)")
        .stdout_lacks("simulated")
        .run();
    drop(moto);
    // The recorded answers replay on the simulated driver, with no server left.
    let r = sb
        .cmd([
            "run",
            "doc.yaml",
            "--mocks",
            "recorded.json",
            "--strict",
            "--output",
            "json",
        ])
        .status(0)
        .run();
    let out = r.json();
    assert_eq!(step(&out, "read")["Outputs"]["Cidr"][0], "10.42.0.0/16");
    let calls = out["ApiCalls"].as_array().expect("calls");
    assert!(
        calls.iter().all(|c| c["AnsweredBy"] == "mocked"),
        "{calls:#?}"
    );
}

#[test]
fn a_script_sees_the_same_moto_state() {
    let Some(moto) = Moto::start() else { return };
    let Some(rt) = runtime() else { return };
    let Some(flags) = script_flags(&rt, false) else {
        return;
    };
    let doc = format!(
        "schemaVersion: '0.3'
mainSteps:
  - name: create
    action: aws:executeAwsApi
    inputs:
      Service: ec2
      Api: CreateVpc
      CidrBlock: 10.7.0.0/16
    outputs:
      - Name: VpcId
        Selector: $.Vpc.VpcId
        Type: String
  - name: look
    action: aws:executeScript
    inputs:
      Runtime: {rt}
      Handler: handler
      InputPayload:
        VpcId: '{{{{ create.VpcId }}}}'
      Script: |-
        import boto3
        def handler(events, context):
            ec2 = boto3.client('ec2')
            vpc = ec2.describe_vpcs(VpcIds=[events['VpcId']])['Vpcs'][0]
            ec2.create_tags(Resources=[vpc['VpcId']], Tags=[{{'Key': 'seen', 'Value': 'yes'}}])
            return vpc['CidrBlock']
"
    );
    let sb = Sandbox::new().file("doc.yaml", &doc);
    let (code, out) = run(&sb, &moto, "doc.yaml", &flags);
    assert_eq!(code, 0, "{out:#}");
    assert_eq!(step(&out, "look")["Outputs"]["Payload"][0], "10.7.0.0/16");
    let script_calls: Vec<&Value> = out["ApiCalls"]
        .as_array()
        .expect("calls")
        .iter()
        .filter(|c| c["StepName"] == "look")
        .collect();
    assert!(
        script_calls.iter().all(|c| c["AnsweredBy"] == "boto3") && script_calls.len() == 2,
        "{script_calls:#?}"
    );
    let tags = moto.boto3("print(json.dumps(ec2.describe_tags()['Tags']))");
    assert!(tags.to_string().contains("\"seen\""), "{tags}");
}

const PAUSE_THEN_CREATE: &str = "schemaVersion: '0.3'
mainSteps:
  - name: wait
    action: aws:pause
    inputs: {}
  - name: create
    action: aws:executeAwsApi
    inputs:
      Service: ssm
      Api: PutParameter
      Name: /demo/after-resume
      Value: resumed
      Type: String
";

#[test]
fn a_stored_execution_keeps_its_driver_for_later_signals() {
    let Some(moto) = Moto::start() else { return };
    let sb = Sandbox::new().file("doc.yaml", PAUSE_THEN_CREATE);
    let mut start = vec![
        "ssm",
        "start-automation-execution",
        "--document-name",
        "file://doc.yaml",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    start.extend(moto.flags());
    let r = sb
        .cmd(start)
        .env("SSMRUN_PYTHON", &moto.python)
        .status(0)
        .run();
    let id = r.json()["AutomationExecutionId"]
        .as_str()
        .expect("id")
        .to_string();
    // The signal names no driver: the stored execution's own is used.
    sb.cmd([
        "ssm",
        "send-automation-signal",
        "--automation-execution-id",
        &id,
        "--signal-type",
        "Resume",
    ])
    .env("SSMRUN_PYTHON", &moto.python)
    .status(0)
    .run();
    let got = sb
        .cmd([
            "ssm",
            "get-automation-execution",
            "--automation-execution-id",
            &id,
        ])
        .status(0)
        .run()
        .json();
    assert_eq!(
        got["AutomationExecution"]["AutomationExecutionStatus"], "Success",
        "{got:#}"
    );
    let value = moto.boto3(
        "print(json.dumps(ssm.get_parameter(Name='/demo/after-resume')['Parameter']['Value']))",
    );
    assert_eq!(value, "resumed");
}

#[test]
fn back_end_flags_need_the_boto3_driver() {
    let sb = Sandbox::new().file("doc.yaml", CREATE_THEN_READ);
    let endpoint = ["--driver", "boto3", "--endpoint-url", "http://127.0.0.1:9"];
    let mut args = vec!["run", "doc.yaml", "--save-test", "t.test.yaml"];
    args.extend(endpoint);
    sb.cmd(args).status(2).stderr_has("`--mocks-out`").run();
    let mut args = vec!["run", "doc.yaml", "--world-out", "w.json"];
    args.extend(endpoint);
    sb.cmd(args).status(2).stderr_has("does not use").run();
    sb.cmd(["run", "doc.yaml", "--endpoint-url", "http://127.0.0.1:9"])
        .status(2)
        .stderr_has("`--endpoint-url` applies to a real back end: add `--driver boto3`")
        .run();
}
