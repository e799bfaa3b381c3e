//! The filters of DescribeAutomationExecutions and DescribeAutomationStepExecutions, as the
//! service reads them, for every front end (the `ssm` commands and the calls runbooks make):
//! keys and values in, store filters or a record test out, and the service's refusals.

use super::ServiceError;
use crate::exec::{SignalError, StepRecord};
use crate::store::ExecutionFilter;

/// A filter as the request gives it: its key and values.
pub type RawFilter = (String, Vec<String>);

fn refused(exception: &'static str, message: String) -> ServiceError {
    ServiceError::Refused(SignalError::new(exception, message))
}

fn invalid_key(key: &str) -> ServiceError {
    refused(
        "InvalidFilterKey",
        format!("The filter key {key} is not valid."),
    )
}

/// A time filter's value in epoch seconds.
fn time_filter(values: &[String], key: &str) -> Result<f64, ServiceError> {
    let v = values.first().map(String::as_str).unwrap_or_default();
    v.parse::<jiff::Timestamp>()
        .map(|t| t.as_millisecond() as f64 / 1000.0)
        .map_err(|_| {
            refused(
                "InvalidFilterValue",
                format!("The filter value {v} for {key} is not a valid timestamp."),
            )
        })
}

/// DescribeAutomationExecutions' filters as the store applies them.
pub fn execution_filters(raw: &[RawFilter]) -> Result<Vec<ExecutionFilter>, ServiceError> {
    let mut out = Vec::new();
    for (key, values) in raw {
        let values = values.clone();
        out.push(match key.as_str() {
            "ExecutionId" => ExecutionFilter::Ids(values),
            "DocumentNamePrefix" => ExecutionFilter::DocumentNamePrefixes(values),
            "ExecutionStatus" => ExecutionFilter::Statuses(values),
            "ParentExecutionId" => ExecutionFilter::Parents(values),
            "CurrentAction" => ExecutionFilter::CurrentActions(values),
            // Every local execution is of type Local.
            "AutomationType" if values.iter().any(|v| v == "Local") => continue,
            "AutomationType" => ExecutionFilter::Nothing,
            "StartTimeBefore" => ExecutionFilter::StartedBefore(time_filter(&values, key)?),
            "StartTimeAfter" => ExecutionFilter::StartedAfter(time_filter(&values, key)?),
            other => return Err(invalid_key(other)),
        });
    }
    Ok(out)
}

/// Whether `r` passes one DescribeAutomationStepExecutions filter.
fn step_matches(r: &StepRecord, key: &str, values: &[String]) -> Result<bool, ServiceError> {
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
        other => return Err(invalid_key(other)),
    })
}

/// The records that pass every filter, in the order asked for (`reverse`: newest first).
pub fn select_steps<'r>(
    records: &'r [StepRecord],
    filters: &[RawFilter],
    reverse: bool,
) -> Result<Vec<&'r StepRecord>, ServiceError> {
    let mut out = Vec::new();
    'records: for r in records {
        for (key, values) in filters {
            if !step_matches(r, key, values)? {
                continue 'records;
            }
        }
        out.push(r);
    }
    if reverse {
        out.reverse();
    }
    Ok(out)
}
