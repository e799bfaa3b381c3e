//! Execution records in the service's shapes (spec §6.6): StepExecution,
//! AutomationExecution and AutomationExecutionMetadata, as the AWS CLI prints them.

use crate::exec::{Execution, StepRecord};
use crate::selector::record_strings;
use serde_json::{Map, Value, json};

/// Epoch seconds with millisecond precision, as the CLI prints them (`1557167178.42`).
pub fn epoch_seconds(ms: i64) -> Value {
    let secs = ms as f64 / 1000.0;
    serde_json::Number::from_f64(secs).map_or(Value::Null, Value::Number)
}

fn insert_opt(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.into(), v);
    }
}

fn strings_map(m: &std::collections::BTreeMap<String, Vec<String>>) -> Value {
    Value::Object(m.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

/// One StepExecution. Inputs are JSON-encoded strings; Outputs lists of strings.
pub fn step_execution(r: &StepRecord) -> Value {
    let mut m = Map::new();
    m.insert("StepName".into(), json!(r.step_name));
    m.insert("Action".into(), json!(r.action));
    insert_opt(
        &mut m,
        "TimeoutSeconds",
        r.timeout_seconds.map(|t| json!(t)),
    );
    m.insert("OnFailure".into(), json!(r.on_failure));
    m.insert("MaxAttempts".into(), json!(r.max_attempts));
    insert_opt(&mut m, "ExecutionStartTime", r.start_ms.map(epoch_seconds));
    insert_opt(&mut m, "ExecutionEndTime", r.end_ms.map(epoch_seconds));
    m.insert("StepStatus".into(), json!(r.status.as_str()));
    insert_opt(
        &mut m,
        "ResponseCode",
        r.response_code.as_ref().map(|c| json!(c)),
    );
    let inputs: Map<String, Value> = r
        .inputs
        .iter()
        .map(|(k, v)| (k.clone(), json!(v.to_string())))
        .collect();
    m.insert("Inputs".into(), Value::Object(inputs));
    if !r.outputs.is_empty() {
        let outputs: Map<String, Value> = r
            .outputs
            .iter()
            .map(|(k, v)| (k.clone(), json!(record_strings(v))))
            .collect();
        m.insert("Outputs".into(), Value::Object(outputs));
    }
    insert_opt(&mut m, "Response", r.response.as_ref().map(|s| json!(s)));
    insert_opt(
        &mut m,
        "FailureMessage",
        r.failure_message.as_ref().map(|s| json!(s)),
    );
    if let Some(d) = &r.failure_details {
        m.insert(
            "FailureDetails".into(),
            json!({"FailureStage": d.stage, "FailureType": d.kind, "Details": strings_map(&d.details)}),
        );
    }
    m.insert("StepExecutionId".into(), json!(r.step_execution_id));
    m.insert(
        "OverriddenParameters".into(),
        strings_map(&r.overridden_parameters),
    );
    m.insert("IsEnd".into(), json!(r.is_end));
    insert_opt(&mut m, "NextStep", r.next_step.as_ref().map(|s| json!(s)));
    m.insert("IsCritical".into(), json!(r.is_critical));
    insert_opt(
        &mut m,
        "ValidNextSteps",
        r.valid_next_steps.as_ref().map(|v| json!(v)),
    );
    if let Some(p) = &r.parent {
        let mut pd = Map::new();
        pd.insert("StepExecutionId".into(), json!(p.step_execution_id));
        pd.insert("StepName".into(), json!(p.step_name));
        pd.insert("Action".into(), json!(p.action));
        pd.insert("Iteration".into(), json!(p.iteration));
        insert_opt(
            &mut pd,
            "IteratorValue",
            p.iterator_value.as_ref().map(|v| json!(v)),
        );
        m.insert("ParentStepDetails".into(), Value::Object(pd));
    }
    Value::Object(m)
}

fn parameters(exec: &Execution) -> Value {
    Value::Object(
        exec.parameters
            .iter()
            .map(|(k, v)| (k.clone(), json!(crate::params::to_api_strings(v))))
            .collect(),
    )
}

/// `{"AutomationExecution": {...}}` for get-automation-execution and `run --output json`.
pub fn automation_execution(exec: &Execution, pending: &[StepRecord]) -> Value {
    let mut m = Map::new();
    m.insert("AutomationExecutionId".into(), json!(exec.id));
    m.insert("DocumentName".into(), json!(exec.document_name));
    m.insert("DocumentVersion".into(), json!(exec.document_version));
    m.insert("ExecutionStartTime".into(), epoch_seconds(exec.start_ms));
    insert_opt(&mut m, "ExecutionEndTime", exec.end_ms.map(epoch_seconds));
    m.insert(
        "AutomationExecutionStatus".into(),
        json!(exec.status.as_str()),
    );
    let steps: Vec<Value> = exec
        .steps
        .iter()
        .chain(pending)
        .map(step_execution)
        .collect();
    m.insert("StepExecutions".into(), Value::Array(steps));
    m.insert("StepExecutionsTruncated".into(), json!(false));
    m.insert("Parameters".into(), parameters(exec));
    m.insert("Outputs".into(), strings_map(&exec.document_outputs()));
    insert_opt(
        &mut m,
        "FailureMessage",
        exec.failure_message.as_ref().map(|s| json!(s)),
    );
    m.insert("Mode".into(), json!(exec.mode.as_str()));
    insert_opt(
        &mut m,
        "ParentAutomationExecutionId",
        exec.parent_id.as_ref().map(|s| json!(s)),
    );
    m.insert("ExecutedBy".into(), json!(exec.executed_by));
    if let Some(cur) = exec.current_step() {
        m.insert("CurrentStepName".into(), json!(cur.step_name));
        m.insert("CurrentAction".into(), json!(cur.action));
    }
    m.insert("Targets".into(), json!([]));
    m.insert(
        "ResolvedTargets".into(),
        json!({"ParameterValues": [], "Truncated": false}),
    );
    // Last, as in the API model's member order.
    if !exec.variables.is_empty() {
        let vars: Map<String, Value> = exec
            .variables
            .iter()
            .map(|(k, v)| (k.clone(), json!(crate::params::to_api_strings(v))))
            .collect();
        m.insert("Variables".into(), Value::Object(vars));
    }
    json!({ "AutomationExecution": Value::Object(m) })
}

/// One AutomationExecutionMetadata entry for describe-automation-executions.
pub fn execution_metadata(exec: &Execution) -> Value {
    let mut m = Map::new();
    m.insert("AutomationExecutionId".into(), json!(exec.id));
    m.insert("DocumentName".into(), json!(exec.document_name));
    m.insert("DocumentVersion".into(), json!(exec.document_version));
    m.insert(
        "AutomationExecutionStatus".into(),
        json!(exec.status.as_str()),
    );
    m.insert("ExecutionStartTime".into(), epoch_seconds(exec.start_ms));
    insert_opt(&mut m, "ExecutionEndTime", exec.end_ms.map(epoch_seconds));
    m.insert("ExecutedBy".into(), json!(exec.executed_by));
    m.insert("LogFile".into(), json!(""));
    m.insert("Outputs".into(), strings_map(&exec.document_outputs()));
    m.insert("Mode".into(), json!(exec.mode.as_str()));
    insert_opt(
        &mut m,
        "ParentAutomationExecutionId",
        exec.parent_id.as_ref().map(|s| json!(s)),
    );
    if let Some(cur) = exec.current_step() {
        m.insert("CurrentStepName".into(), json!(cur.step_name));
        m.insert("CurrentAction".into(), json!(cur.action));
    }
    insert_opt(
        &mut m,
        "FailureMessage",
        exec.failure_message.as_ref().map(|s| json!(s)),
    );
    m.insert("Targets".into(), json!([]));
    m.insert(
        "ResolvedTargets".into(),
        json!({"ParameterValues": [], "Truncated": false}),
    );
    m.insert("AutomationType".into(), json!("Local"));
    Value::Object(m)
}
