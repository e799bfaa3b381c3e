//! The forms that change executions: start, signal, stop. Each calls the execution service
//! as the `ssm` commands do, then redirects to the execution's page (POST, redirect, GET), so
//! that reloading a page never repeats an action.

use super::Console;
use super::error::Failure;
use super::html::segment;
use super::pages::{document, parameters};
use super::request::Request;
use super::response::Response;
use crate::exec::{Mode, NoObserver, Signal, StopType};
use crate::service::StartRequest;
use std::collections::BTreeMap;

/// Overrides of a step's inputs travel as `input.NAME` fields.
pub const INPUT_PREFIX: &str = "input.";

fn required<'r>(request: &'r Request, name: &str) -> Result<&'r str, Failure> {
    request
        .field(name)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| Failure::bad_request(format!("the form has no `{name}` field")))
}

fn to_execution(id: &str) -> Response {
    Response::see_other(format!("/executions/{}", segment(id)))
}

/// StartAutomationExecution from the document form.
pub fn start(console: &Console, request: &Request) -> Result<Response, Failure> {
    let name = required(request, "document")?;
    let version = request.field("version").filter(|v| !v.is_empty());
    let mode = match request.field("mode").unwrap_or("Auto") {
        "Auto" => Mode::Auto,
        "Interactive" => Mode::Interactive,
        other => {
            return Err(Failure::bad_request(format!(
                "`{other}` is not an execution mode (Auto or Interactive)"
            )));
        }
    };
    let stored = document::find(console, name, version)?;
    let checked = crate::service::check(&stored)?;
    let params = parameters::read(&checked.parameters, request);
    let settings = &console.settings;
    let start = StartRequest {
        document: stored,
        checked: Some(checked),
        parameters: params,
        mode,
        world: settings.world.clone(),
        mocks: settings.mocks.clone(),
        allow_scripts: settings.allow_scripts,
        scripts: settings.scripts.clone(),
        strict: false,
        // Executions started here run against the simulated cloud only.
        driver: None,
    };
    let id = console.with_service(|s| s.start(start, &mut NoObserver))?;
    Ok(to_execution(&id))
}

/// SendAutomationSignal: `type` is the signal; StartStep names its step in `step` and may
/// override inputs; Approve and Reject may carry a `comment`.
pub fn signal(console: &Console, id: &str, request: &Request) -> Result<Response, Failure> {
    let kind_name = required(request, "type")?;
    let kind = Signal::parse(kind_name)
        .ok_or_else(|| Failure::bad_request(format!("`{kind_name}` is not a signal type")))?;
    let mut payload: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if kind == Signal::StartStep {
        payload.insert(
            "StepName".into(),
            vec![required(request, "step")?.to_string()],
        );
        for (name, value) in request.fields_under(INPUT_PREFIX) {
            let values: Vec<String> = value
                .lines()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
                .collect();
            if !values.is_empty() && name != "StepName" {
                payload.insert(name.to_string(), values);
            }
        }
    }
    if let Some(c) = request.field("comment").filter(|c| !c.trim().is_empty()) {
        payload.insert("Comment".into(), vec![c.to_string()]);
    }
    console.with_service(|s| s.signal(id, kind, &payload, &mut NoObserver))?;
    Ok(to_execution(id))
}

/// StopAutomationExecution: `type` Complete or Cancel.
pub fn stop(console: &Console, id: &str, request: &Request) -> Result<Response, Failure> {
    let kind = match required(request, "type")? {
        "Complete" => StopType::Complete,
        "Cancel" => StopType::Cancel,
        other => {
            return Err(Failure::bad_request(format!(
                "`{other}` is not a stop type (Complete or Cancel)"
            )));
        }
    };
    console.with_service(|s| s.stop(id, kind))?;
    Ok(to_execution(id))
}
