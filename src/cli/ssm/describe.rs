//! describe-automation-executions and describe-automation-step-executions, with the
//! service's filters.

use super::SsmContext;
use super::error::SsmError;
use super::executions::{ListArgs, StepsArgs};
use super::paging;
use crate::exec::StepRecord;
use crate::render::records::{execution_metadata, step_execution};
use crate::store::{ExecutionFilter, ExecutionQuery};
use serde_json::Value;

fn filter_values(raw: &[String]) -> Result<Vec<(String, Vec<String>)>, SsmError> {
    let mut out = Vec::new();
    for f in raw {
        let parsed = crate::params::shorthand::parse_filters(f)?;
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

/// The request's filters as the store applies them.
fn execution_filters(raw: &[String]) -> Result<Vec<ExecutionFilter>, SsmError> {
    let mut out = Vec::new();
    for (key, values) in filter_values(raw)? {
        out.push(match key.as_str() {
            "ExecutionId" => ExecutionFilter::Ids(values),
            "DocumentNamePrefix" => ExecutionFilter::DocumentNamePrefixes(values),
            "ExecutionStatus" => ExecutionFilter::Statuses(values),
            "ParentExecutionId" => ExecutionFilter::Parents(values),
            "CurrentAction" => ExecutionFilter::CurrentActions(values),
            // Every local execution is of type Local.
            "AutomationType" if values.iter().any(|v| v == "Local") => continue,
            "AutomationType" => ExecutionFilter::Nothing,
            "StartTimeBefore" => ExecutionFilter::StartedBefore(time_filter(&values, &key)?),
            "StartTimeAfter" => ExecutionFilter::StartedAfter(time_filter(&values, &key)?),
            other => {
                return Err(SsmError::service(
                    "InvalidFilterKey",
                    format!("The filter key {other} is not valid."),
                ));
            }
        });
    }
    Ok(out)
}

pub fn list(a: &ListArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let filters = execution_filters(&a.filters)?;
    a.page.run(
        cx.no_paginate,
        "AutomationExecutionMetadataList",
        |offset, limit| {
            let query = ExecutionQuery {
                filters: filters.clone(),
                offset,
                // One more than the page, to know whether another page follows.
                limit: Some(limit.saturating_add(1)),
            };
            let mut executions = cx.with_service(|service| service.describe(&query))?;
            let more = executions.len() > limit;
            executions.truncate(limit);
            Ok((executions.iter().map(execution_metadata).collect(), more))
        },
    )
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
    let execution = cx.with_service(|service| service.execution(&a.automation_execution_id))?;
    let filters = filter_values(&a.filters)?;
    let mut records: Vec<&StepRecord> = Vec::new();
    'recs: for r in &execution.steps {
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
    let list: Vec<Value> = records.into_iter().map(step_execution).collect();
    a.page
        .run(cx.no_paginate, "StepExecutions", |offset, limit| {
            Ok(paging::slice(&list, offset, limit))
        })
}
