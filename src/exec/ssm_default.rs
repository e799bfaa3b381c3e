//! Reading the Parameter Store value of a `{{ssm:name}}` default through the driver, and
//! the value that stands in for one the simulated account lacks (docs/semantics.md,
//! "Parameter Store defaults").

use crate::document::Parameter;
use crate::driver::CloudDriver;
use serde_json::{Value, json};

/// The value of Parameter Store parameter `name` (at `version`, a number or label) for the
/// default of `param`. When the simulated world has no such parameter, a driver that makes
/// answers up gives one that fits `param` (see [`crate::params::stand_in`]); `None` when
/// the parameter is missing and nothing stands in for it.
pub fn ssm_parameter(
    driver: &mut dyn CloudDriver,
    param: &Parameter,
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
    let version_number = version.and_then(|v| v.parse::<i64>().ok()).unwrap_or(1);
    let separator = if name.starts_with('/') || name.starts_with("arn:") {
        ""
    } else {
        "/"
    };
    let arn = if name.starts_with("arn:") {
        name.to_string()
    } else {
        format!(
            "arn:aws:ssm:{}:{}:parameter{separator}{name}",
            world.region(),
            world.account_id()
        )
    };
    let mut parameter = json!({
        "Name": name,
        "Type": "String",
        "Value": value,
        "Version": version_number,
        "LastModifiedDate": crate::driver::sim::clock::iso(world.now_millis()),
        "ARN": arn,
        "DataType": "text",
    });
    if let Some(v) = version {
        parameter["Selector"] = json!(format!(":{v}"));
    }
    json!({ "Parameter": parameter })
}
