//! World-file `hybridNodes`: servers outside EC2 registered with Systems Manager.

use serde_json::{Map, Value, json};

use super::ec2::{checked_id, tags_map};
use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::iso;
use crate::driver::sim::hybrid_node::HybridNode;
use crate::driver::sim::ids;
use crate::driver::sim::instance::Platform;

const NODE_FIELDS: &[&str] = &[
    "InstanceId",
    "Name",
    "PingStatus",
    "PlatformType",
    "PlatformName",
    "PlatformVersion",
    "IPAddress",
    "ComputerName",
    "RegistrationDate",
    "ActivationId",
    "IamRole",
    "Tags",
];

/// The service role AWS's hybrid setup instructions create for activations.
const DEFAULT_ROLE: &str = "SSMServiceRole";

pub fn read_node(world: &SimWorld, path: &str, value: &Value) -> Result<HybridNode> {
    let f = Fields::new(path, value)?;
    f.only(NODE_FIELDS)?;
    let id = f.required_str("InstanceId")?;
    checked_id(&f, "InstanceId", id, "mi")?;
    let platform = f.choice(
        "PlatformType",
        Platform::Linux,
        Platform::from_name,
        &["Linux", "Windows"],
    )?;
    let online = f.choice(
        "PingStatus",
        true,
        |s| match s {
            "Online" => Some(true),
            "ConnectionLost" => Some(false),
            _ => None,
        },
        &["Online", "ConnectionLost"],
    )?;
    let (platform_name, platform_version) = HybridNode::default_platform_name(platform);
    // Stable defaults derived from the id, so a node written by hand reads back the same.
    let digits = u64::from_str_radix(&id[id.len().saturating_sub(16)..], 16).unwrap_or(0);
    let computer_name = f.string_or("ComputerName", &format!("node-{}", &id[id.len() - 6..]))?;
    Ok(HybridNode {
        id: id.to_string(),
        name: f.string_or("Name", &computer_name)?,
        platform,
        platform_name: f.string_or("PlatformName", platform_name)?,
        platform_version: f.string_or("PlatformVersion", platform_version)?,
        ip: f.string_or("IPAddress", "192.168.1.10")?,
        computer_name,
        online,
        registered: f.time("RegistrationDate")?.unwrap_or(world.now),
        activation_id: f.string_or("ActivationId", &ids::uuid(digits))?,
        iam_role: f.string_or("IamRole", DEFAULT_ROLE)?,
        tags: f.tags("Tags")?,
    })
}

pub fn write_node(n: &HybridNode) -> Value {
    let mut o = Map::new();
    o.insert("InstanceId".into(), json!(n.id));
    o.insert("Name".into(), json!(n.name));
    o.insert("PingStatus".into(), json!(n.ping_status()));
    o.insert("PlatformType".into(), json!(n.platform.ssm_type()));
    o.insert("PlatformName".into(), json!(n.platform_name));
    o.insert("PlatformVersion".into(), json!(n.platform_version));
    o.insert("IPAddress".into(), json!(n.ip));
    o.insert("ComputerName".into(), json!(n.computer_name));
    o.insert("RegistrationDate".into(), json!(iso(n.registered)));
    o.insert("ActivationId".into(), json!(n.activation_id));
    o.insert("IamRole".into(), json!(n.iam_role));
    if !n.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&n.tags));
    }
    Value::Object(o)
}
