//! aws:createStack and aws:deleteStack: the simulated CloudFormation lifecycle. Template
//! resources are not modelled, and the step record says so.

use super::{ActionCx, Outcome, string};
use serde_json::{Map, Value, json};

const NOT_MODELLED: &str =
    "CloudFormation template resources are not modelled; only the stack lifecycle is simulated";

const CREATE_FIELDS: &[&str] = &[
    "StackName",
    "TemplateBody",
    "TemplateURL",
    "Parameters",
    "Capabilities",
    "ClientRequestToken",
    "DisableRollback",
    "NotificationARNs",
    "OnFailure",
    "ResourceTypes",
    "RoleARN",
    "StackPolicyBody",
    "StackPolicyURL",
    "Tags",
    "TimeoutInMinutes",
];

fn stack_status(
    cx: &mut ActionCx,
    name: &str,
) -> Result<Option<(String, String, String)>, Outcome> {
    match cx.driver.call(
        "cloudformation",
        "DescribeStacks",
        &json!({ "StackName": name }),
    ) {
        Ok(r) => {
            let s = r.pointer("/Stacks/0");
            let get = |k: &str| {
                s.and_then(|s| s.get(k))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            Ok(Some((
                get("StackId"),
                get("StackStatus"),
                get("StackStatusReason"),
            )))
        }
        Err(e) if e.code == "ValidationError" => Ok(None),
        Err(e) => Err(Outcome::failed(format!(
            "An error occurred ({}) when calling the DescribeStacks operation: {}",
            e.code, e.message
        ))),
    }
}

pub(super) fn create_stack(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let name = string(inputs, "StackName")?.to_string();
    let req: Map<String, Value> = inputs
        .iter()
        .filter(|(k, _)| CREATE_FIELDS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    cx.call("cloudformation", "CreateStack", Value::Object(req))?;
    let (id, status, reason) = cx.poll(&format!("stack {name} to be created"), |cx| {
        Ok(stack_status(cx, &name)?.filter(|(_, s, _)| !s.ends_with("_IN_PROGRESS")))
    })?;
    let mut out = Map::new();
    out.insert("StackId".into(), json!(id));
    out.insert("StackStatus".into(), json!(status));
    out.insert("StackStatusReason".into(), json!(reason));
    if status != "CREATE_COMPLETE" {
        return Err(Outcome::verification(format!(
            "stack {name} ended {status}: {reason}"
        )));
    }
    Ok(Outcome::Success {
        outputs: out,
        response: None,
        notes: vec![NOT_MODELLED.into()],
    })
}

pub(super) fn delete_stack(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let name = string(inputs, "StackName")?.to_string();
    let mut req = Map::new();
    for k in [
        "StackName",
        "ClientRequestToken",
        "RetainResources",
        "RoleARN",
    ] {
        if let Some(v) = inputs.get(k) {
            req.insert(k.into(), v.clone());
        }
    }
    cx.call("cloudformation", "DeleteStack", Value::Object(req))?;
    cx.poll(
        &format!("stack {name} to be deleted"),
        |cx| match stack_status(cx, &name)? {
            None => Ok(Some(())),
            Some((_, s, _)) if s == "DELETE_COMPLETE" => Ok(Some(())),
            Some((_, s, r)) if s == "DELETE_FAILED" => Err(Outcome::verification(format!(
                "stack {name} ended {s}: {r}"
            ))),
            Some(_) => Ok(None),
        },
    )?;
    Ok(Outcome::Success {
        outputs: Map::new(),
        response: None,
        notes: vec![NOT_MODELLED.into()],
    })
}
