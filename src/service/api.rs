//! The Automation operations of `ssm` called from inside a run (`aws:executeAwsApi`, the
//! property actions, a script's boto3 client), answered from this service's executions: the
//! same reads, filters, records and errors as the `ssm` commands, with the executions the
//! engine holds in memory (the one running, its children) in place of their stored rows.
//! Responses carry timestamps as ISO 8601 strings, as every answer of the driver does
//! (docs/driver-protocol.md).

use serde_json::{Map, Value, json};

use super::filters::{RawFilter, execution_filters, select_steps};
use super::state::row_metadata;
use super::{Service, ServiceError};
use crate::driver::{ApiError, SimWorld};
use crate::exec::{AutomationApi, Execution, Live};
use crate::render::records::{automation_execution, execution_metadata, step_execution};
use crate::store::{DocumentStore, ExecutionQuery, ExecutionStore};

/// The most items one response holds, and the page when the request names none: the
/// model's maximum `MaxResults` of ssm's paginated Automation and document operations
/// (docs/semantics.md).
pub const SERVICE_PAGE: usize = 50;

impl<S: ExecutionStore + DocumentStore> AutomationApi for Service<'_, S> {
    fn answer(
        &self,
        api: &str,
        request: &Value,
        live: &Live<'_>,
        world: &SimWorld,
    ) -> Option<Result<Value, ApiError>> {
        let result = match api {
            "StartAutomationExecution" => self.api_start(request, world),
            "GetAutomationExecution" => self.api_get(request, live),
            "DescribeAutomationExecutions" => self.api_describe(request, live),
            "DescribeAutomationStepExecutions" => self.api_steps(request, live),
            "StopAutomationExecution" | "SendAutomationSignal" => {
                self.api_advance(api, request, live)?
            }
            _ => return None,
        };
        Some(result.map(|v| iso_timestamps(api, v)).map_err(api_error))
    }
}

/// The service's answer to a failure; a failure of ssmrun itself is the service's
/// `InternalServerError`.
fn api_error(e: ServiceError) -> ApiError {
    match e.exception() {
        Some((code, message)) => ApiError::new(code, message),
        None => ApiError::new("InternalServerError", e.to_string()),
    }
}

pub(super) fn id(request: &Value) -> &str {
    // The driver chain has checked the request: the id is there and a string.
    request
        .get("AutomationExecutionId")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// `Filters` as `[{"Key": …, "Values": […]}]`.
fn filters(request: &Value) -> Vec<RawFilter> {
    let Some(Value::Array(items)) = request.get("Filters") else {
        return Vec::new();
    };
    items
        .iter()
        .map(|f| {
            let key = f.get("Key").and_then(Value::as_str).unwrap_or_default();
            let values = f.get("Values").and_then(Value::as_array);
            let values = values.into_iter().flatten().filter_map(Value::as_str);
            (key.to_string(), values.map(String::from).collect())
        })
        .collect()
}

/// The page a request asks for: where it starts (`NextToken`, the offset) and its length.
fn page(request: &Value) -> Result<(usize, usize), ServiceError> {
    let offset = match request.get("NextToken").and_then(Value::as_str) {
        None => 0,
        Some(token) => token.parse().map_err(|_| {
            ServiceError::Refused(crate::exec::SignalError::new(
                "InvalidNextToken",
                "The specified token is not valid.",
            ))
        })?,
    };
    let limit = request.get("MaxResults").and_then(Value::as_u64);
    let limit = limit.map_or(SERVICE_PAGE, |n| (n as usize).clamp(1, SERVICE_PAGE));
    Ok((offset, limit))
}

/// `items` from `offset`, at most `limit`, under `key`, with a `NextToken` when more follow.
fn paged(key: &str, mut items: Vec<Value>, offset: usize, limit: usize) -> Value {
    let more = items.len() > offset + limit;
    items.truncate(offset + limit);
    let mut out = Map::new();
    out.insert(
        key.into(),
        Value::Array(items.split_off(offset.min(items.len()))),
    );
    if more {
        out.insert("NextToken".into(), json!((offset + limit).to_string()));
    }
    Value::Object(out)
}

impl<S: ExecutionStore + DocumentStore> Service<'_, S> {
    fn api_get(&self, request: &Value, live: &Live<'_>) -> Result<Value, ServiceError> {
        let id = id(request);
        if let Some((execution, pending)) = live.find(id) {
            return Ok(automation_execution(execution, &pending));
        }
        let view = self.get(id)?;
        Ok(automation_execution(&view.execution, &view.pending))
    }

    /// The store's page, with the executions the engine holds as they are now: their
    /// stored rows are left out, and they are filtered and placed in order as rows would be.
    fn api_describe(&self, request: &Value, live: &Live<'_>) -> Result<Value, ServiceError> {
        let filters = execution_filters(&filters(request))?;
        let (offset, limit) = page(request)?;
        let held: Vec<&Execution> = live.all().collect();
        let query = ExecutionQuery {
            filters: filters.clone(),
            offset: 0,
            // Enough rows for the page and one more, after the stale rows are left out.
            limit: Some(offset + limit + 1 + held.len()),
        };
        let stored = self.describe(&query)?;
        let mut all: Vec<&Execution> = stored
            .iter()
            .filter(|e| held.iter().all(|h| h.id != e.id))
            .collect();
        all.extend(held.into_iter().filter(|e| {
            let row = row_metadata(e, String::new());
            filters.iter().all(|f| f.matches(&row))
        }));
        // Newest first, then by id, as the store orders.
        all.sort_by(|a, b| b.start_ms.cmp(&a.start_ms).then_with(|| a.id.cmp(&b.id)));
        let items = all.into_iter().map(execution_metadata).collect();
        Ok(paged(
            "AutomationExecutionMetadataList",
            items,
            offset,
            limit,
        ))
    }

    fn api_steps(&self, request: &Value, live: &Live<'_>) -> Result<Value, ServiceError> {
        let id = id(request);
        let stored;
        let execution = match live.find(id) {
            Some((execution, _)) => execution,
            None => {
                stored = self.execution(id)?;
                &stored
            }
        };
        let reverse = request.get("ReverseOrder").and_then(Value::as_bool) == Some(true);
        let records = select_steps(&execution.steps, &filters(request), reverse)?;
        let (offset, limit) = page(request)?;
        let items = records.into_iter().map(step_execution).collect();
        Ok(paged("StepExecutions", items, offset, limit))
    }
}

/// The response with every member the model types as a timestamp (the records give epoch
/// seconds, as the CLI prints them) as an ISO 8601 string.
fn iso_timestamps(api: &str, mut response: Value) -> Value {
    let iso = |secs: f64| {
        Some(crate::driver::sim::clock::iso(
            (secs * 1000.0).round() as i64
        ))
    };
    crate::render::awscli::timestamps::rewrite(&mut response, "ssm", api, &iso);
    response
}
