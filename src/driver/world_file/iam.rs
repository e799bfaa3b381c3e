//! World-file `roles`: IAM roles.

use serde_json::{Map, Value, json};

use super::ec2::tags_map;
use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::iso;
use crate::driver::sim::iam_role::{Role, empty_policy, role_id};
use crate::driver::sim::ids::name_hash;

const ROLE_FIELDS: &[&str] = &[
    "RoleName",
    "RoleId",
    "Path",
    "Description",
    "AssumeRolePolicyDocument",
    "MaxSessionDuration",
    "CreateDate",
    "Tags",
];

pub fn read_role(world: &SimWorld, path: &str, value: &Value) -> Result<Role> {
    let f = Fields::new(path, value)?;
    f.only(ROLE_FIELDS)?;
    let name = f.required_str("RoleName")?;
    let role_path = f.string_or("Path", "/")?;
    if !role_path.starts_with('/') || !role_path.ends_with('/') {
        return Err(format!(
            "`{}`: a role path begins and ends with `/`, found `{role_path}`",
            f.path("Path")
        ));
    }
    // The policy as a mapping, or as the JSON text the API takes.
    let trust_policy = match f.value("AssumeRolePolicyDocument") {
        None => empty_policy(),
        Some(Value::String(text)) => serde_json::from_str(text)
            .map_err(|e| format!("`{}`: not JSON: {e}", f.path("AssumeRolePolicyDocument")))?,
        Some(other @ Value::Object(_)) => other.clone(),
        Some(_) => {
            return Err(format!(
                "`{}`: expected a mapping or JSON text",
                f.path("AssumeRolePolicyDocument")
            ));
        }
    };
    Ok(Role {
        name: name.to_string(),
        id: f.string_or("RoleId", &role_id(name_hash(name)))?,
        path: role_path,
        description: f.opt_string("Description")?,
        trust_policy,
        max_session: f.int("MaxSessionDuration")?.unwrap_or(3600),
        created: f.time("CreateDate")?.unwrap_or(world.now),
        tags: f.tags("Tags")?,
    })
}

pub fn write_role(r: &Role) -> Value {
    let mut o = Map::new();
    o.insert("RoleName".into(), json!(r.name));
    o.insert("RoleId".into(), json!(r.id));
    if r.path != "/" {
        o.insert("Path".into(), json!(r.path));
    }
    if let Some(description) = &r.description {
        o.insert("Description".into(), json!(description));
    }
    if r.trust_policy != empty_policy() {
        o.insert("AssumeRolePolicyDocument".into(), r.trust_policy.clone());
    }
    if r.max_session != 3600 {
        o.insert("MaxSessionDuration".into(), json!(r.max_session));
    }
    o.insert("CreateDate".into(), json!(iso(r.created)));
    if !r.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&r.tags));
    }
    Value::Object(o)
}
