use super::*;
use crate::models;
use serde_json::json;

fn synth() -> Synthesizer<'static> {
    Synthesizer {
        model: models::service("ec2").expect("ec2"),
        region: "us-east-1".into(),
        account: "123456789012".into(),
        now: "2026-01-01T00:00:00.000Z".into(),
        metadata: json!({"HTTPStatusCode": 200}),
    }
}

#[test]
fn answers_follow_the_output_shape_and_echo_the_request() {
    let s = synth();
    let op = s.model.operation("DescribeInstances").expect("op");
    let answer = s.answer(op, &json!({"InstanceIds": ["i-0aaaaaaaaaaaaaaaa"]}), &[]);
    let instance = &answer["Reservations"][0]["Instances"][0];
    assert_eq!(instance["InstanceId"], "i-0aaaaaaaaaaaaaaaa");
    assert_eq!(answer["Reservations"].as_array().map(Vec::len), Some(1));
    // The first allowed value of an enum, ids with their prefixes, no page token.
    assert_eq!(instance["State"]["Name"], "pending");
    assert_eq!(instance["ImageId"], "ami-0123456789abcdef0");
    assert_eq!(instance["SubnetId"], "subnet-0123456789abcdef0");
    assert!(answer.get("NextToken").is_none());
    // Deterministic: the same call gets the same answer.
    let again = s.answer(op, &json!({"InstanceIds": ["i-0aaaaaaaaaaaaaaaa"]}), &[]);
    assert_eq!(answer, again);
}

#[test]
fn a_wait_on_a_synthesized_answer_sees_its_desired_value() {
    let s = synth();
    let op = s.model.operation("DescribeInstances").expect("op");
    let expect = Expectation {
        selector: "$.Reservations[0].Instances[0].State.Name".into(),
        wanted: Wanted::Value("stopped".into()),
    };
    let answer = s.answer(op, &json!({}), &[expect]);
    assert_eq!(
        answer["Reservations"][0]["Instances"][0]["State"]["Name"],
        "stopped"
    );
    let expect = Expectation {
        selector: "$.Reservations[0].Instances[0].EbsOptimized".into(),
        wanted: Wanted::Value("True".into()),
    };
    let answer = s.answer(op, &json!({}), &[expect]);
    assert_eq!(
        answer["Reservations"][0]["Instances"][0]["EbsOptimized"],
        true
    );
}

#[test]
fn outputs_of_a_synthesized_answer_find_something() {
    let s = synth();
    // DetachInternetGateway declares no output: the selectors of the step still find a
    // value of their type, and members the answer has are left as they are.
    let op = s.model.operation("DetachInternetGateway").expect("op");
    let wanted = |selector: &str, ty| Expectation {
        selector: selector.into(),
        wanted: Wanted::Output(ty),
    };
    let answer = s.answer(
        op,
        &json!({}),
        &[
            wanted("$.DetachInternetGatewayResponse.return", DataType::Boolean),
            wanted("$.Items[0].VpcId", DataType::String),
            wanted("$.Names", DataType::StringList),
            wanted("$..Deep", DataType::String),
        ],
    );
    assert_eq!(answer["DetachInternetGatewayResponse"]["return"], true);
    assert_eq!(answer["Items"][0]["VpcId"], "vpc-0123456789abcdef0");
    assert!(answer["Names"][0].is_string(), "{answer}");
    assert!(
        answer.get("Deep").is_none(),
        "indefinite paths are left alone"
    );
    let op = s.model.operation("DescribeInstances").expect("op");
    let answer = s.answer(
        op,
        &json!({"InstanceIds": ["i-0aaaabbbbccccdddd"]}),
        &[wanted(
            "$.Reservations[0].Instances[0].InstanceId",
            DataType::String,
        )],
    );
    assert_eq!(
        answer["Reservations"][0]["Instances"][0]["InstanceId"],
        "i-0aaaabbbbccccdddd"
    );
}

#[test]
fn recursive_shapes_end() {
    let iam = Synthesizer {
        model: models::service("glue").expect("glue"),
        ..synth()
    };
    for op in iam.model.operations().take(400) {
        let _ = iam.answer(op, &json!({}), &[]);
    }
}

#[test]
fn policy_documents_are_json_that_callers_can_parse() {
    let kms = Synthesizer {
        model: models::service("kms").expect("kms"),
        ..synth()
    };
    let op = kms.model.operation("GetKeyPolicy").expect("op");
    let answer = kms.answer(op, &json!({"KeyId": "k", "PolicyName": "default"}), &[]);
    let policy = answer["Policy"].as_str().expect("a string policy");
    let parsed: serde_json::Value = serde_json::from_str(policy).expect("policy is JSON");
    assert_eq!(parsed["Version"], "2012-10-17");
}
