//! Reading the Parameter Store value of a `{{ssm:name}}` default through the driver, and
//! the value that stands in for one the simulated account lacks (docs/semantics.md,
//! "Parameter Store defaults").

use crate::document::Parameter as RunbookParameter;
use crate::driver::CloudDriver;
use crate::driver::sim::ssm_parameters::{Parameter, ParameterType};
use serde_json::{Value, json};

/// The value of Parameter Store parameter `name` (at `version`, a number or label) for the
/// default of `param`. When the simulated world has no such parameter, a driver that makes
/// answers up gives one that fits `param` (see [`crate::params::stand_in`]); `None` when
/// the parameter is missing and nothing stands in for it.
pub fn ssm_parameter(
    driver: &mut dyn CloudDriver,
    param: &RunbookParameter,
    name: &str,
    version: Option<&str>,
) -> Option<Value> {
    let full = match version {
        Some(v) => format!("{name}:{v}"),
        None => name.to_string(),
    };
    let request = json!({ "Name": full });
    let response = match driver.call("ssm", "GetParameter", &request) {
        Ok(response) => response,
        Err(e) if e.code == "ParameterNotFound" => driver.stand_in(&request, &mut |world| {
            let value = crate::params::stand_in(param, name, &world.examples())?;
            Some(made_up(world, name, version, &value))
        })?,
        Err(_) => return None,
    };
    response.pointer("/Parameter/Value").cloned()
}

/// A GetParameter answer holding `value`, shaped as the world answers for a stored one.
fn made_up(
    world: &crate::driver::SimWorld,
    name: &str,
    version: Option<&str>,
    value: &str,
) -> Value {
    // A reference by ARN names the parameter after `:parameter`.
    let name = match name.split_once(":parameter") {
        Some((_, short)) if name.starts_with("arn:") => short,
        _ => name,
    };
    let parameter = Parameter {
        name: name.to_string(),
        kind: ParameterType::String,
        value: value.to_string(),
        version: version.and_then(|v| v.parse().ok()).unwrap_or(1),
        last_modified: world.now_millis(),
        description: None,
    };
    let selector = version.map(|v| format!(":{v}"));
    json!({ "Parameter": world.parameter_json(&parameter, selector.as_deref(), false) })
}
