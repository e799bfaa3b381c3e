//! The executions list, newest first, as DescribeAutomationExecutions gives it.

use super::execution::mode_name;
use crate::console::Console;
use crate::console::error::Failure;
use crate::console::html::{escape, page, segment, status, time};
use crate::console::response::Response;
use crate::store::ExecutionQuery;
use std::fmt::Write;

/// The page shows this many; older ones stay reachable through the `ssm` commands.
const SHOWN: usize = 200;

pub fn list(console: &Console) -> Result<Response, Failure> {
    let query = ExecutionQuery {
        limit: Some(SHOWN),
        ..ExecutionQuery::default()
    };
    let executions = console.with_service(|s| s.describe(&query))?;
    let mut body = String::new();
    if executions.is_empty() {
        body.push_str("<p>No executions yet. <a href=\"/\">Execute automation</a></p>");
    } else {
        body.push_str(
            "<table class=\"list\"><thead><tr><th>Execution ID</th><th>Document</th>\
             <th>Mode</th><th>Status</th><th>Start time</th><th>End time</th></tr></thead><tbody>",
        );
        for e in &executions {
            let _ = write!(
                body,
                "<tr><td><a href=\"/executions/{}\">{}</a></td><td>{}</td><td>{}</td>\
                 <td>{}</td><td>{}</td><td>{}</td></tr>",
                segment(&e.id),
                escape(&e.id),
                escape(&e.document_name),
                mode_name(e.mode),
                status(e.status.as_str()),
                time(Some(e.start_ms)),
                time(e.end_ms)
            );
        }
        body.push_str("</tbody></table>");
        if executions.len() == SHOWN {
            let _ = write!(body, "<p class=\"help\">The newest {SHOWN} are shown.</p>");
        }
    }
    Ok(Response::html(200, page("Executions", &body)))
}
