//! Issue 8: documents the service accepts get no error (the six classes of false errors
//! found on real runbooks), and what a run does with them.

use crate::harness::Sandbox;

/// Each class in a small runbook of our own; `validate` must pass and print no `error[`.
const CLASSES: &[(&str, &str)] = &[
    (
        "quoted-at-column-zero.yaml",
        "schemaVersion: '0.3'\nmainSteps:\n  - name: approve\n    action: aws:approve\n    inputs:\n      Approvers: ['arn:aws:iam::123456789012:role/Approver']\n      Message: 'Please approve\nthe change'\n",
    ),
    (
        "null-description.yaml",
        "schemaVersion: '0.3'\ndescription:\nmainSteps:\n  - name: wait\n    description:\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n",
    ),
    (
        "pseudo-parameter.yaml",
        "schemaVersion: '0.3'\nparameters:\n  Target:\n    type: String\n    default: '{{TARGET_ID}}'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n",
    ),
    (
        "required-by-pattern.yaml",
        "schemaVersion: '0.3'\nparameters:\n  VolumeId:\n    type: String\n    description: (Required) the volume\n    default: ''\n    allowedPattern: '^vol-[0-9a-f]{8,17}$'\nmainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n",
    ),
    (
        "quoted-selector.yaml",
        "schemaVersion: '0.3'\nmainSteps:\n  - name: get\n    action: aws:executeAwsApi\n    inputs: {Service: ec2, Api: DescribeImages}\n    outputs:\n      - Name: Id\n        Selector: $.AutomationExecution.Outputs.'makeImage.ImageId'[0]\n        Type: String\n",
    ),
    (
        "pause-message.yaml",
        "schemaVersion: '0.3'\nmainSteps:\n  - name: hold\n    action: aws:pause\n    inputs:\n      Message: resume when the change window opens\n",
    ),
];

#[test]
fn issue_8_the_six_classes_validate_without_errors() {
    let mut sb = Sandbox::new();
    for (name, text) in CLASSES {
        sb = sb.file(name, text);
    }
    for (name, _) in CLASSES {
        sb.cmd(["validate", name])
            .status(0)
            .stdout_lacks("error[")
            .stdout_has("0 errors")
            .run();
    }
    // Where the rule wants a warning, there is one, at the same place and code.
    sb.cmd(["validate", "pseudo-parameter.yaml"])
        .stdout_has("pseudo-parameter.yaml:5:15: warning[undefined-parameter]")
        .run();
    sb.cmd(["validate", "required-by-pattern.yaml"])
        .stdout_has("required-by-pattern.yaml:6:14: warning[invalid-default]")
        .run();
    sb.cmd(["validate", "pause-message.yaml"])
        .stdout_has("0 errors, 0 warnings")
        .run();
}

#[test]
fn issue_8_a_default_failing_its_pattern_never_blocks_a_valid_value() {
    let (name, text) = CLASSES[3];
    let sb = Sandbox::new().file(name, text);
    sb.cmd(["run", name, "-p", "VolumeId=vol-0123456789abcdef0"])
        .status(0)
        .stdout_has("Success")
        .run();
    // Without a value the default is used, and it fails its pattern, as on the service.
    sb.cmd(["run", name])
        .status(2)
        .stderr_has("does not match its allowedPattern")
        .run();
}

#[test]
fn issue_8_defaults_are_templates_filled_in_at_start() {
    let doc = concat!(
        "schemaVersion: '0.3'\nparameters:\n",
        "  Source:\n    type: String\n    default: ami-1\n",
        "  Target:\n    type: String\n    default: '{{TARGET_ID}}'\n",
        "  Name:\n    type: String\n    default: 'from_{{ Source }}_on_{{ global:DATE_TIME }}'\n",
        "  Run:\n    type: String\n    default: '{{ automation:EXECUTION_ID }}'\n",
        "mainSteps:\n  - name: wait\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n",
    );
    let sb = Sandbox::new().file("doc.yaml", doc);
    let r = sb
        .cmd(["run", "doc.yaml", "-p", "Source=ami-2", "--output", "json"])
        .status(0)
        .run();
    let exec = &r.json()["AutomationExecution"];
    let params = &exec["Parameters"];
    assert_eq!(
        params["Name"][0], "from_ami-2_on_2026-01-01_00.00.00",
        "{params}"
    );
    assert_eq!(params["Target"][0], "{{TARGET_ID}}");
    assert_eq!(params["Run"][0], exec["AutomationExecutionId"]);
}
