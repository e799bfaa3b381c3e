//! A document's page: its description, its steps, and the form that starts it (execution
//! mode and input parameters), as the console's "Execute automation document" page.

use super::parameters;
use crate::cli::ssm::resolve_document;
use crate::console::Console;
use crate::console::error::Failure;
use crate::console::html::{escape, page, token_field};
use crate::console::response::Response;
use std::fmt::Write;

pub fn show(console: &Console, name: &str, version: Option<&str>) -> Result<Response, Failure> {
    let stored = find(console, name, version)?;
    let mut body = String::new();
    if let Some(d) = super::documents::description(&stored.label, &stored.text) {
        let _ = write!(body, "<pre class=\"description\">{}</pre>", escape(&d));
    }
    let _ = write!(body, "<p>Version {}</p>", escape(&stored.version));
    let document = match crate::service::check(&stored) {
        Ok(d) => d,
        Err(e) => {
            let _ = write!(
                body,
                "<p class=\"message\">This document cannot be started: {}</p>",
                escape(&e.to_string())
            );
            return Ok(Response::html(200, page(&stored.name, &body)));
        }
    };
    body.push_str("<h2>Steps</h2><ol class=\"steps-preview\">");
    for step in &document.main_steps {
        let _ = write!(
            body,
            "<li><b>{}</b> <code>{}</code></li>",
            escape(&step.name.value),
            escape(&step.action.value)
        );
    }
    body.push_str("</ol>");
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/executions\" class=\"start\">{}\
         <input type=\"hidden\" name=\"document\" value=\"{}\">\
         <input type=\"hidden\" name=\"version\" value=\"{}\">\
         <h2>Execution mode</h2>\
         <label><input type=\"radio\" name=\"mode\" value=\"Auto\" checked> Simple execution \
         <span class=\"help\">run every step to the end, or to a step that waits</span></label>\
         <label><input type=\"radio\" name=\"mode\" value=\"Interactive\" id=\"mode-manual\"> \
         Manual execution <span class=\"help\">run the steps one at a time</span></label>\
         <h2>Input parameters</h2>{}\
         <p><button type=\"submit\" id=\"execute\" class=\"primary\">Execute</button></p></form>",
        token_field(console.token()),
        escape(&stored.name),
        escape(&stored.version),
        if document.parameters.is_empty() {
            "<p>This document has no parameters.</p>".to_string()
        } else {
            parameters::fields(&document.parameters)
        }
    );
    Ok(Response::html(200, page(&stored.name, &body)))
}

/// A bundled or registered document. The `file://` form of StartAutomationExecution is not
/// offered: a page must not read files of the machine by name.
pub fn find(
    console: &Console,
    name: &str,
    version: Option<&str>,
) -> Result<crate::service::StoredDocument, Failure> {
    if name.starts_with("file://") {
        return Err(Failure::not_found(format!(
            "the console runs bundled and registered documents only, not `{name}`"
        )));
    }
    Ok(resolve_document(&console.store, name, version)?)
}
