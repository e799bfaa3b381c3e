use serde_json::json;

use super::*;
use crate::driver::sim::cloudformation::NOT_MODELLED_REASON;

fn status(w: &mut SimWorld, name: &str) -> String {
    let v = ok(
        w,
        "cloudformation",
        "DescribeStacks",
        json!({"StackName": name}),
    );
    v["Stacks"][0]["StackStatus"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn stack_create_update_delete() {
    let mut w = world();
    let template = r#"{"Resources": {}}"#;
    let created = ok(
        &mut w,
        "CloudFormation",
        "CreateStack",
        json!({"StackName": "demo", "TemplateBody": template, "Parameters": [{"ParameterKey": "Env", "ParameterValue": "dev"}]}),
    );
    let id = created["StackId"].as_str().unwrap().to_string();
    assert!(
        id.starts_with("arn:aws:cloudformation:us-east-1:123456789012:stack/demo/"),
        "{id}"
    );
    assert_eq!(status(&mut w, "demo"), "CREATE_IN_PROGRESS");
    let e = err(
        &mut w,
        "cloudformation",
        "CreateStack",
        json!({"StackName": "demo", "TemplateBody": template}),
    );
    assert_eq!(
        e,
        ApiError::new("AlreadyExistsException", "Stack [demo] already exists")
    );
    let e = err(
        &mut w,
        "cloudformation",
        "UpdateStack",
        json!({"StackName": "demo", "UsePreviousTemplate": true}),
    );
    assert_eq!(
        e.message,
        format!("Stack:{id} is in CREATE_IN_PROGRESS state and can not be updated.")
    );
    w.advance(30_000);
    let v = ok(
        &mut w,
        "cloudformation",
        "DescribeStacks",
        json!({"StackName": "demo"}),
    );
    assert_eq!(v["Stacks"][0]["StackStatus"], "CREATE_COMPLETE");
    assert_eq!(v["Stacks"][0]["StackStatusReason"], NOT_MODELLED_REASON);
    assert_eq!(
        v["Stacks"][0]["Parameters"],
        json!([{"ParameterKey": "Env", "ParameterValue": "dev"}])
    );
    let e = err(
        &mut w,
        "cloudformation",
        "UpdateStack",
        json!({"StackName": "demo", "UsePreviousTemplate": true}),
    );
    assert_eq!(e.message, "No updates are to be performed.");
    ok(
        &mut w,
        "cloudformation",
        "UpdateStack",
        json!({"StackName": "demo", "UsePreviousTemplate": true, "Parameters": [{"ParameterKey": "Env", "ParameterValue": "prod"}]}),
    );
    assert_eq!(status(&mut w, "demo"), "UPDATE_IN_PROGRESS");
    w.advance(30_000);
    assert_eq!(status(&mut w, "demo"), "UPDATE_COMPLETE");
    assert_eq!(
        ok(
            &mut w,
            "cloudformation",
            "DeleteStack",
            json!({"StackName": "demo"})
        ),
        json!({})
    );
    assert_eq!(status(&mut w, "demo"), "DELETE_IN_PROGRESS");
    w.advance(20_000);
    let e = err(
        &mut w,
        "cloudformation",
        "DescribeStacks",
        json!({"StackName": "demo"}),
    );
    assert_eq!(
        e,
        ApiError::new("ValidationError", "Stack with id demo does not exist")
    );
    assert_eq!(status(&mut w, &id), "DELETE_COMPLETE");
    ok(
        &mut w,
        "cloudformation",
        "DeleteStack",
        json!({"StackName": "demo"}),
    );
}

#[test]
fn stack_validation_errors() {
    let mut w = world();
    let e = err(
        &mut w,
        "cloudformation",
        "CreateStack",
        json!({"StackName": "1bad"}),
    );
    assert_eq!(e.code, "ValidationError");
    let e = err(
        &mut w,
        "cloudformation",
        "CreateStack",
        json!({"StackName": "good"}),
    );
    assert_eq!(
        e.message,
        "Either Template URL or Template Body must be specified."
    );
    let e = err(
        &mut w,
        "cloudformation",
        "UpdateStack",
        json!({"StackName": "missing", "TemplateBody": "{}"}),
    );
    assert_eq!(e.message, "Stack [missing] does not exist");
}
