use crate::validate::rules::testing::{codes, doc};

fn api(inputs: &str) -> String {
    doc(&format!(
        "  - name: a\n    action: aws:executeAwsApi\n    inputs:\n{inputs}"
    ))
}

#[test]
fn unknown_service_and_operation_with_suggestions() {
    let text = api("      Service: ec3\n      Api: DescribeInstances\n");
    assert_eq!(codes(&text), [("unknown-aws-service", 13)]);
    let text = api("      Service: ec2\n      Api: DescribeInstance\n");
    let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
    let d = &checked.diagnostics[0];
    assert_eq!((d.code, d.span.line), ("unknown-aws-operation", 14));
    assert_eq!(d.help.as_deref(), Some("did you mean `DescribeInstances`?"));
}

#[test]
fn the_three_spellings_boto3_accepts_are_one_operation() {
    for api_name in [
        "DescribeInstances",
        "describeInstances",
        "describe_instances",
    ] {
        let text = api(&format!("      Service: ec2\n      Api: {api_name}\n"));
        assert_eq!(codes(&text), [], "{api_name}");
    }
    let text = api("      Service: ec2\n      Api: describeinstances\n");
    assert_eq!(codes(&text), [("unknown-aws-operation", 14)]);
}

#[test]
fn unknown_and_missing_parameters() {
    let text = api("      Service: ec2\n      Api: StopInstances\n      InstanceId: i-1\n");
    assert_eq!(
        codes(&text),
        [("missing-api-parameter", 14), ("unknown-api-parameter", 15)]
    );
    let text = api(
        "      Service: ec2\n      Api: DescribeInstances\n      Filters:\n        - Nme: a\n          Values: [b]\n",
    );
    assert_eq!(codes(&text), [("unknown-api-parameter", 16)]);
}

#[test]
fn types_enums_and_typed_references() {
    let text = api(
        "      Service: ec2\n      Api: StopInstances\n      InstanceIds: '{{ P }}'\n      Force: 'yes'\n",
    );
    assert_eq!(
        codes(&text),
        [("api-parameter-type", 15), ("api-parameter-type", 16)]
    );
    // A list item that is a StringList reference splices in; an untyped value is skipped.
    let text = api(
        "      Service: ec2\n      Api: StopInstances\n      InstanceIds: ['{{ L }}']\n      Force: '{{ global:REGION }}x'\n",
    );
    assert_eq!(codes(&text), [("api-parameter-type", 16)]);
    let text = doc(concat!(
        "  - name: a\n    action: aws:executeScript\n",
        "    inputs: {Runtime: python3.11, Handler: h, Script: 'def h(e, c): return 1'}\n",
        "    outputs: [{Name: Out, Selector: $.Payload}]\n",
        "  - name: b\n    action: aws:executeAwsApi\n    inputs:\n",
        "      Service: ec2\n      Api: StopInstances\n      InstanceIds: ['{{ L }}']\n",
        "      Force: '{{ a.OutputPayload }}'\n",
    ));
    assert!(!codes(&text).iter().any(|(c, _)| c.starts_with("api-")));
    let text = api(
        "      Service: ec2\n      Api: DescribeInstanceAttribute\n      InstanceId: i-1\n      Attribute: instancetype\n",
    );
    assert_eq!(codes(&text), [("api-parameter-value", 16)]);
}

#[test]
fn selectors_follow_the_response_shape() {
    let text = doc(concat!(
        "  - name: a\n    action: aws:waitForAwsResourceProperty\n    inputs:\n",
        "      Service: ec2\n      Api: DescribeInstances\n",
        "      PropertySelector: $.Reservations[0].Instances[0].State.Nam\n",
        "      DesiredValues: [running]\n",
        "  - name: b\n    action: aws:assertAwsResourceProperty\n    inputs:\n",
        "      Service: ec2\n      Api: DescribeInstances\n",
        "      PropertySelector: $.Reservations[0].Instances[0].State.Name\n",
        "      DesiredValues: [Running]\n",
        "  - name: c\n    action: aws:executeAwsApi\n    inputs:\n",
        "      Service: ec2\n      Api: DescribeInstances\n",
        "    outputs:\n      - Name: o\n        Selector: $.Reservations.Instances\n        Type: MapList\n",
        "      - Name: m\n        Selector: $.ResponseMetadata.RequestId\n        Type: String\n",
    ));
    assert_eq!(
        codes(&text),
        [
            ("property-selector-not-in-response", 15),
            ("desired-value-not-in-enum", 23),
            ("output-selector-not-in-response", 31)
        ]
    );
}
