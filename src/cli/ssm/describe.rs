//! describe-automation-executions and describe-automation-step-executions, with the
//! service's filters.

use super::SsmContext;
use super::error::SsmError;
use super::executions::{ListArgs, StepsArgs};
use super::state::{self, Persisted};
use crate::exec::StepRecord;
use crate::render::records::{execution_metadata, step_execution};
use crate::store::ExecutionStore;
use serde_json::{Value, json};

fn filter_values(raw: &[String]) -> Result<Vec<(String, Vec<String>)>, SsmError> {
    let mut out = Vec::new();
    for f in raw {
        let parsed = crate::params::shorthand::parse_filters(f).map_err(|e| {
            SsmError::service(
                "ValidationException",
                format!("Error parsing parameter '--filters': {e}"),
            )
        })?;
        out.extend(parsed);
    }
    Ok(out)
}

fn time_filter(values: &[String], key: &str) -> Result<f64, SsmError> {
    let v = values.first().map(String::as_str).unwrap_or_default();
    v.parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond() as f64 / 1000.0)
        .map_err(|_| {
            SsmError::service(
                "InvalidFilterValue",
                format!("The filter value {v} for {key} is not a valid timestamp."),
            )
        })
}

pub fn list(a: &ListArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let filters = filter_values(&a.filters)?;
    let mut out = Vec::new();
    'rows: for row in cx.store.list()? {
        let Ok(p) = Persisted::from_row(&row) else {
            continue;
        };
        let e = &p.execution;
        for (key, values) in &filters {
            let ok = match key.as_str() {
                "ExecutionId" => values.contains(&e.id),
                "DocumentNamePrefix" => values
                    .iter()
                    .any(|v| e.document_name.starts_with(v.as_str())),
                "ExecutionStatus" => values.iter().any(|v| v == e.status.as_str()),
                "ParentExecutionId" => e.parent_id.as_ref().is_some_and(|p| values.contains(p)),
                "CurrentAction" => e.current_step().is_some_and(|r| values.contains(&r.action)),
                "AutomationType" => values.iter().any(|v| v == "Local"),
                "StartTimeBefore" => (e.start_ms as f64 / 1000.0) < time_filter(values, key)?,
                "StartTimeAfter" => (e.start_ms as f64 / 1000.0) > time_filter(values, key)?,
                other => {
                    return Err(SsmError::service(
                        "InvalidFilterKey",
                        format!("The filter key {other} is not valid."),
                    ));
                }
            };
            if !ok {
                continue 'rows;
            }
        }
        out.push(execution_metadata(e));
    }
    if let Some(n) = a.max_results {
        out.truncate(n);
    }
    Ok(json!({ "AutomationExecutionMetadataList": out }))
}

fn step_matches(r: &StepRecord, key: &str, values: &[String]) -> Result<bool, SsmError> {
    let parent = r.parent.as_ref();
    Ok(match key {
        "StepName" => values.contains(&r.step_name),
        "StepExecutionStatus" => values
            .iter()
            .any(|v| v.eq_ignore_ascii_case(r.status.as_str())),
        "StepExecutionId" => values.contains(&r.step_execution_id),
        "Action" => values.contains(&r.action),
        "StartTimeBefore" => {
            let limit = time_filter(values, key)?;
            r.start_ms.is_some_and(|s| (s as f64 / 1000.0) < limit)
        }
        "StartTimeAfter" => {
            let limit = time_filter(values, key)?;
            r.start_ms.is_some_and(|s| (s as f64 / 1000.0) > limit)
        }
        "ParentStepExecutionId" => parent.is_some_and(|p| values.contains(&p.step_execution_id)),
        "ParentStepIteration" => parent.is_some_and(|p| values.contains(&p.iteration.to_string())),
        "ParentStepIteratorValue" => parent.is_some_and(|p| {
            p.iterator_value
                .as_ref()
                .is_some_and(|v| values.contains(v))
        }),
        other => {
            return Err(SsmError::service(
                "InvalidFilterKey",
                format!("The filter key {other} is not valid."),
            ));
        }
    })
}

pub fn steps(a: &StepsArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let p = state::load(&cx.store, &a.automation_execution_id)?;
    let filters = filter_values(&a.filters)?;
    let mut records: Vec<&StepRecord> = Vec::new();
    'recs: for r in &p.execution.steps {
        for (key, values) in &filters {
            if !step_matches(r, key, values)? {
                continue 'recs;
            }
        }
        records.push(r);
    }
    if a.reverse_order && !a.no_reverse_order {
        records.reverse();
    }
    if let Some(n) = a.max_results {
        records.truncate(n);
    }
    let list: Vec<Value> = records.into_iter().map(step_execution).collect();
    Ok(json!({ "StepExecutions": list }))
}
