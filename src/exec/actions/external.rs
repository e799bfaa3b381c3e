//! Actions whose work happens outside EC2: Run Command on managed instances, Lambda, Step
//! Functions, webhooks. Run Command is simulated; the others answer only from mocks (the
//! driver reports `NotSimulated` otherwise, and the step fails saying so).

use super::{ActionCx, Outcome, pass_through, string};
use crate::driver::{Expectation, Wanted};
use serde_json::{Map, Value, json};

pub(super) fn run_command(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let mut req = Map::new();
    req.insert(
        "DocumentName".into(),
        json!(string(inputs, "DocumentName")?),
    );
    pass_through(
        inputs,
        &[
            ("InstanceIds", "InstanceIds"),
            ("Targets", "Targets"),
            ("Parameters", "Parameters"),
            ("Comment", "Comment"),
            ("DocumentHash", "DocumentHash"),
            ("DocumentHashType", "DocumentHashType"),
            ("NotificationConfig", "NotificationConfig"),
            ("OutputS3BucketName", "OutputS3BucketName"),
            ("OutputS3KeyPrefix", "OutputS3KeyPrefix"),
            ("ServiceRoleArn", "ServiceRoleArn"),
            ("TimeoutSeconds", "TimeoutSeconds"),
            ("CloudWatchOutputConfig", "CloudWatchOutputConfig"),
            ("DocumentVersion", "DocumentVersion"),
            ("MaxConcurrency", "MaxConcurrency"),
            ("MaxErrors", "MaxErrors"),
        ],
        &mut req,
    );
    // SendCommand takes each parameter as a list of strings; the action takes a single
    // value too (runbooks write `cpu: 0`) and passes it on as a one-item list.
    if let Some(Value::Object(parameters)) = req.get_mut("Parameters") {
        for value in parameters.values_mut() {
            let items: Vec<String> = match &*value {
                Value::Array(items) => items.iter().map(crate::template::stringify).collect(),
                other => vec![crate::template::stringify(other)],
            };
            *value = Value::from(items);
        }
    }
    let sent = cx.call("ssm", "SendCommand", Value::Object(req))?;
    let command_id = sent
        .pointer("/Command/CommandId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let invocations = cx.poll(&format!("command {command_id} to finish"), |cx| {
        let r = cx.call(
            "ssm",
            "ListCommandInvocations",
            json!({ "CommandId": command_id, "Details": true }),
        )?;
        let list = r
            .get("CommandInvocations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let pending = list.iter().any(|i| {
            matches!(
                i.get("Status").and_then(Value::as_str),
                Some("Pending" | "InProgress" | "Delayed")
            )
        });
        Ok((!pending).then_some(list))
    })?;
    let status_of = |i: &Value| {
        i.get("Status")
            .and_then(Value::as_str)
            .unwrap_or("Success")
            .to_string()
    };
    let failed = invocations.iter().find(|i| status_of(i) != "Success");
    let first = failed.or(invocations.first());
    let output = first
        .and_then(|i| i.pointer("/CommandPlugins/0/Output"))
        .and_then(Value::as_str)
        .unwrap_or_default();
    let code = first
        .and_then(|i| i.pointer("/CommandPlugins/0/ResponseCode"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let status = first.map_or("Success".to_string(), status_of);
    let mut out = Map::new();
    out.insert("CommandId".into(), json!(command_id));
    out.insert("Status".into(), json!(status));
    out.insert("ResponseCode".into(), json!(code));
    out.insert("Output".into(), json!(output));
    if status != "Success" {
        return Err(Outcome::verification(format!(
            "Step fails when it is verifying the command has completed. Command {command_id} returns unexpected invocation result: status {status}, response code {code}"
        )));
    }
    Ok(Outcome::Success {
        outputs: out.clone(),
        response: Some(Value::Object(out)),
        notes: Vec::new(),
    })
}

pub(super) fn invoke_lambda(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let mut req = Map::new();
    req.insert(
        "FunctionName".into(),
        json!(string(inputs, "FunctionName")?),
    );
    pass_through(
        inputs,
        &[
            ("Qualifier", "Qualifier"),
            ("InvocationType", "InvocationType"),
            ("LogType", "LogType"),
            ("ClientContext", "ClientContext"),
        ],
        &mut req,
    );
    // InputPayload wins over the legacy Payload (spec §5.15).
    let payload = match (inputs.get("InputPayload"), inputs.get("Payload")) {
        (Some(p), _) => Some(if p.is_string() {
            p.clone()
        } else {
            json!(p.to_string())
        }),
        (None, Some(p)) => Some(p.clone()),
        _ => None,
    };
    if let Some(p) = payload {
        req.insert("Payload".into(), p);
    }
    let r = cx.call("lambda", "Invoke", Value::Object(req))?;
    let payload_text = match r.get("Payload") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    let mut out = Map::new();
    out.insert(
        "StatusCode".into(),
        r.get("StatusCode").cloned().unwrap_or(json!(200)),
    );
    for k in ["FunctionError", "LogResult"] {
        if let Some(v) = r.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    out.insert("Payload".into(), json!(payload_text));
    if let Some(err) = r.get("FunctionError") {
        return Err(Outcome::failed(format!(
            "Lambda function returned an error ({err}): {payload_text}"
        )));
    }
    // User selectors read the function's parsed result.
    let response =
        serde_json::from_str::<Value>(&payload_text).unwrap_or(json!({ "Payload": payload_text }));
    Ok(Outcome::Success {
        outputs: out,
        response: Some(response),
        notes: Vec::new(),
    })
}

pub(super) fn execute_state_machine(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let mut req = Map::new();
    req.insert(
        "stateMachineArn".into(),
        json!(string(inputs, "stateMachineArn")?),
    );
    pass_through(inputs, &[("name", "name"), ("input", "input")], &mut req);
    let started = cx.call("stepfunctions", "StartExecution", Value::Object(req))?;
    let arn = started
        .get("executionArn")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // The action waits for the execution to end; an answer nobody simulates ends it the way
    // the author intends, as a wait on a synthesized answer sees its desired value.
    let ended = Expectation {
        selector: "$.status".into(),
        wanted: Wanted::Value("SUCCEEDED".into()),
    };
    let described = cx.poll(&format!("state machine execution {arn}"), |cx| {
        let d = cx.call_expecting(
            "stepfunctions",
            "DescribeExecution",
            json!({ "executionArn": arn }),
            std::slice::from_ref(&ended),
        )?;
        let running = d.get("status").and_then(Value::as_str) == Some("RUNNING");
        Ok((!running).then_some(d))
    })?;
    let mut out = Map::new();
    for k in [
        "executionArn",
        "input",
        "name",
        "output",
        "startDate",
        "stateMachineArn",
        "status",
        "stopDate",
    ] {
        if let Some(v) = described.get(k) {
            out.insert(k.into(), json!(crate::template::stringify(v)));
        }
    }
    let status = described
        .get("status")
        .and_then(Value::as_str)
        .unwrap_or("SUCCEEDED");
    if status != "SUCCEEDED" {
        return Err(Outcome::failed(format!(
            "state machine execution {arn} ended {status}"
        )));
    }
    Ok(Outcome::success(out))
}

pub(super) fn invoke_webhook(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let mut req = Map::new();
    req.insert(
        "IntegrationName".into(),
        json!(string(inputs, "IntegrationName")?),
    );
    pass_through(inputs, &[("Body", "Body")], &mut req);
    let r = cx.call("webhook", "Invoke", Value::Object(req))?;
    let mut out = Map::new();
    out.insert(
        "Response".into(),
        json!(
            r.get("Response")
                .map(crate::template::stringify)
                .unwrap_or_default()
        ),
    );
    out.insert(
        "ResponseCode".into(),
        r.get("ResponseCode").cloned().unwrap_or(json!(200)),
    );
    Ok(Outcome::success(out))
}
