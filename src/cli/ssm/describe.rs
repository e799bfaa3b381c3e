//! describe-automation-executions and describe-automation-step-executions, with the
//! service's filters.

use super::SsmContext;
use super::error::SsmError;
use super::executions::{ListArgs, StepsArgs};
use super::paging;
use crate::render::records::{execution_metadata, step_execution};
use crate::service::{RawFilter, execution_filters, select_steps};
use crate::store::ExecutionQuery;
use serde_json::Value;

fn filter_values(raw: &[String]) -> Result<Vec<RawFilter>, SsmError> {
    let mut out = Vec::new();
    for f in raw {
        let parsed = crate::params::shorthand::parse_filters(f)?;
        out.extend(parsed);
    }
    Ok(out)
}

pub fn list(a: &ListArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let filters = execution_filters(&filter_values(&a.filters)?)?;
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

pub fn steps(a: &StepsArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let execution = cx.with_service(|service| service.execution(&a.automation_execution_id))?;
    let filters = filter_values(&a.filters)?;
    let reverse = a.reverse_order && !a.no_reverse_order;
    let records = select_steps(&execution.steps, &filters, reverse)?;
    let list: Vec<Value> = records.into_iter().map(step_execution).collect();
    a.page
        .run(cx.no_paginate, "StepExecutions", |offset, limit| {
            Ok(paging::slice(&list, offset, limit))
        })
}
