//! Step outputs a selector does not find, the references that read them, and selectors
//! that find an empty list
//! (docs/semantics.md, "A selector that finds nothing", "Outputs a step did not set").

use super::{ScriptedDriver, doc, expect, run};
use crate::exec::Status::{Failed, Success};
use serde_json::json;

/// `look` reads `$.Vpcs[0].Platform`, which the answer lacks, then `use` passes it on.
fn look_then_use(on_failure: &str) -> String {
    doc(&"  - name: look\n    action: aws:executeAwsApi\n    onFailure: ON_FAILURE\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n    outputs:\n      - Name: Platform\n        Selector: $.Vpcs[0].Platform\n        Type: String\n      - Name: VpcId\n        Selector: $.Vpcs[0].VpcId\n        Type: String\n  - name: use\n    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n      Api: DescribeTags\n      Note: 'platform={{look.Platform}}'\n      VpcIds: ['{{ look.VpcId }}', '{{look.Platform}}']\n"
        .replace("ON_FAILURE", on_failure))
}

#[test]
fn a_selector_that_finds_nothing_leaves_the_output_unset() {
    let driver = ScriptedDriver::new()
        .answer("ec2.DescribeVpcs", json!({"Vpcs": [{"VpcId": "vpc-1"}]}))
        .answer("ec2.DescribeTags", json!({"Tags": []}));
    let r = run(&look_then_use("Abort"), driver);
    assert_eq!(r.steps(), expect(&[("look", Success), ("use", Success)]));
    let look = r.record("look");
    assert_eq!(look.outputs.get("VpcId"), Some(&json!("vpc-1")));
    assert!(!look.outputs.contains_key("Platform"));
    assert_eq!(
        look.notes,
        ["output `Platform`: selector `$.Vpcs[0].Platform` found nothing; the output is not set"]
    );
    // The reader gets the reference as written, and says so once.
    let (_, request) = &r.driver.calls[1];
    assert_eq!(request["Note"], "platform={{look.Platform}}");
    assert_eq!(request["VpcIds"], json!(["vpc-1", "{{look.Platform}}"]));
    assert_eq!(
        r.record("use").notes,
        ["`{{look.Platform}}` is left as written: step `look` did not set output `Platform`"]
    );
}

#[test]
fn a_value_of_another_type_still_fails_the_step() {
    let text = doc(
        "  - name: look\n    action: aws:executeAwsApi\n    inputs:\n      Service: ec2\n      Api: DescribeVpcs\n    outputs:\n      - Name: Vpcs\n        Selector: $.Vpcs\n        Type: StringMap\n",
    );
    let driver = ScriptedDriver::new().answer("ec2.DescribeVpcs", json!({"Vpcs": []}));
    let r = run(&text, driver);
    assert_eq!(r.steps(), expect(&[("look", Failed)]));
    assert_eq!(
        r.record("look").failure_message.as_deref(),
        Some("output `Vpcs`: expected StringMap, found a list of 0 items")
    );
}

#[test]
fn an_output_of_a_step_that_failed_is_still_not_available() {
    let driver = ScriptedDriver::new().fail("ec2.DescribeVpcs", "Boom", "no");
    let r = run(&look_then_use("Continue"), driver);
    assert_eq!(r.steps(), expect(&[("look", Failed), ("use", Failed)]));
    let message = r.record("use").failure_message.clone().unwrap_or_default();
    assert!(
        message.contains("output `Platform` of step `look` is not available"),
        "{message}"
    );
    assert_eq!(r.driver.operations(), ["ec2.DescribeVpcs"]);
}

/// An assertion that a list is empty, as AWSSupport-RestoreEC2InstanceFromSnapshot writes it.
#[test]
fn an_empty_list_asserts_equal_to_its_text() {
    let text = doc(
        "  - name: free\n    action: aws:assertAwsResourceProperty\n    inputs:\n      Service: ec2\n      Api: DescribeTags\n      PropertySelector: $.Tags\n      DesiredValues: ['[]']\n",
    );
    let r = run(
        &text,
        ScriptedDriver::new().answer("ec2.DescribeTags", json!({"Tags": []})),
    );
    assert_eq!(r.steps(), expect(&[("free", Success)]));
    let tagged = json!({"Tags": [{"Key": "SSMExecutionStatusOn", "Value": "x"}]});
    let r = run(
        &text,
        ScriptedDriver::new().answer("ec2.DescribeTags", tagged),
    );
    assert_eq!(r.steps(), expect(&[("free", Failed)]));
}
