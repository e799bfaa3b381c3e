//! World-file `parameters`, `commands` and `stacks`.

use serde_json::{Map, Value, json};

use super::ec2::tags_map;
use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::iso;
use crate::driver::sim::cloudformation::{CREATE_MS, DELETE_MS, STACK_STATUSES, Stack, UPDATE_MS};
use crate::driver::sim::ssm_commands::{COMMAND_MS, Command, DEFAULT_TIMEOUT_SECONDS};
use crate::driver::sim::ssm_parameters::{Parameter, ParameterType};

const PARAMETER_FIELDS: &[&str] = &[
    "Name",
    "Type",
    "Value",
    "Version",
    "Description",
    "LastModifiedDate",
];

const COMMAND_FIELDS: &[&str] = &[
    "CommandId",
    "DocumentName",
    "Comment",
    "Parameters",
    "InstanceIds",
    "Targets",
    "RequestedDateTime",
    "CompletesAt",
    "TimeoutSeconds",
];

const STACK_FIELDS: &[&str] = &[
    "StackName",
    "StackId",
    "StackStatus",
    "StackStatusReason",
    "CreationTime",
    "LastUpdatedTime",
    "DeletionTime",
    "TransitionEndsAt",
    "TemplateBody",
    "TemplateURL",
    "Parameters",
    "Tags",
    "Capabilities",
    "DisableRollback",
    "EnableTerminationProtection",
];

pub fn read_parameter(world: &SimWorld, path: &str, value: &Value) -> Result<Parameter> {
    let f = Fields::new(path, value)?;
    f.only(PARAMETER_FIELDS)?;
    let kind = f.choice(
        "Type",
        ParameterType::String,
        ParameterType::from_name,
        &["String", "StringList", "SecureString"],
    )?;
    let value = f
        .scalar("Value")?
        .ok_or_else(|| format!("`{}`: missing required field", f.path("Value")))?;
    let version = f.int("Version")?.unwrap_or(1);
    if version < 1 {
        return Err(format!("`{}`: versions start at 1", f.path("Version")));
    }
    Ok(Parameter {
        name: f.required_str("Name")?.to_string(),
        kind,
        value,
        version,
        last_modified: f.time("LastModifiedDate")?.unwrap_or(world.now),
        description: f.opt_string("Description")?,
    })
}

pub fn write_parameter(world: &SimWorld, p: &Parameter) -> Value {
    let mut o = Map::new();
    o.insert("Name".into(), json!(p.name));
    o.insert("Type".into(), json!(p.kind.name()));
    o.insert("Value".into(), json!(p.value));
    if p.version != 1 {
        o.insert("Version".into(), json!(p.version));
    }
    if let Some(description) = &p.description {
        o.insert("Description".into(), json!(description));
    }
    if p.last_modified != world.now {
        o.insert("LastModifiedDate".into(), json!(iso(p.last_modified)));
    }
    Value::Object(o)
}

pub fn read_command(world: &SimWorld, path: &str, value: &Value) -> Result<Command> {
    let f = Fields::new(path, value)?;
    f.only(COMMAND_FIELDS)?;
    let parameters = match f.value("Parameters") {
        None => json!({}),
        Some(v @ Value::Object(_)) => v.clone(),
        Some(_) => return Err(format!("`{}`: expected a mapping", f.path("Parameters"))),
    };
    let targets = match f.value("Targets") {
        None => json!([]),
        Some(v @ Value::Array(_)) => v.clone(),
        Some(_) => return Err(format!("`{}`: expected a list", f.path("Targets"))),
    };
    let requested_at = f.time("RequestedDateTime")?.unwrap_or(world.now);
    Ok(Command {
        id: f.required_str("CommandId")?.to_string(),
        document_name: f.required_str("DocumentName")?.to_string(),
        comment: f.string_or("Comment", "")?,
        parameters,
        instance_ids: f.str_list("InstanceIds")?,
        targets,
        requested_at,
        completes_at: f.time("CompletesAt")?.unwrap_or(requested_at + COMMAND_MS),
        timeout_seconds: f.int("TimeoutSeconds")?.unwrap_or(DEFAULT_TIMEOUT_SECONDS),
    })
}

pub fn write_command(c: &Command) -> Value {
    let mut o = Map::new();
    o.insert("CommandId".into(), json!(c.id));
    o.insert("DocumentName".into(), json!(c.document_name));
    if !c.comment.is_empty() {
        o.insert("Comment".into(), json!(c.comment));
    }
    if c.parameters.as_object().is_some_and(|p| !p.is_empty()) {
        o.insert("Parameters".into(), c.parameters.clone());
    }
    o.insert("InstanceIds".into(), json!(c.instance_ids));
    if c.targets.as_array().is_some_and(|t| !t.is_empty()) {
        o.insert("Targets".into(), c.targets.clone());
    }
    o.insert("RequestedDateTime".into(), json!(iso(c.requested_at)));
    o.insert("CompletesAt".into(), json!(iso(c.completes_at)));
    if c.timeout_seconds != DEFAULT_TIMEOUT_SECONDS {
        o.insert("TimeoutSeconds".into(), json!(c.timeout_seconds));
    }
    Value::Object(o)
}

fn in_progress(status: &str) -> bool {
    status.ends_with("_IN_PROGRESS")
}

pub fn read_stack(world: &mut SimWorld, path: &str, value: &Value) -> Result<Stack> {
    let f = Fields::new(path, value)?;
    f.only(STACK_FIELDS)?;
    let name = f.required_str("StackName")?.to_string();
    let status = f.string_or("StackStatus", "CREATE_COMPLETE")?;
    if !STACK_STATUSES.contains(&status.as_str()) {
        return Err(format!(
            "`{}`: `{status}` is not a CloudFormation stack status such as CREATE_COMPLETE",
            f.path("StackStatus")
        ));
    }
    let id = match f.str("StackId")? {
        Some(id) => id.to_string(),
        None => {
            let uuid = world.fresh_uuid();
            format!(
                "arn:aws:cloudformation:{}:{}:stack/{name}/{uuid}",
                world.region, world.account
            )
        }
    };
    let duration = match status.split('_').next() {
        Some("CREATE") => CREATE_MS,
        Some("DELETE") => DELETE_MS,
        _ => UPDATE_MS,
    };
    let mut parameters = Vec::new();
    if let Some(value) = f.value("Parameters") {
        let map = Fields::new(&f.path("Parameters"), value)?;
        for key in map.keys() {
            parameters.push((key.to_string(), map.scalar(key)?.unwrap_or_default()));
        }
    }
    Ok(Stack {
        id,
        name,
        reason: f.opt_string("StackStatusReason")?,
        created: f.time("CreationTime")?.unwrap_or(world.now),
        updated: f.time("LastUpdatedTime")?,
        deleted: f.time("DeletionTime")?,
        transition_ends: f.time("TransitionEndsAt")?.unwrap_or(world.now + duration),
        template_body: f.opt_string("TemplateBody")?,
        template_url: f.opt_string("TemplateURL")?,
        parameters,
        tags: f.tags("Tags")?,
        capabilities: f.str_list("Capabilities")?,
        disable_rollback: f.bool("DisableRollback")?.unwrap_or(false),
        termination_protection: f.bool("EnableTerminationProtection")?.unwrap_or(false),
        status,
    })
}

pub fn write_stack(s: &Stack) -> Value {
    let mut o = Map::new();
    o.insert("StackName".into(), json!(s.name));
    o.insert("StackId".into(), json!(s.id));
    o.insert("StackStatus".into(), json!(s.status));
    if let Some(reason) = &s.reason {
        o.insert("StackStatusReason".into(), json!(reason));
    }
    o.insert("CreationTime".into(), json!(iso(s.created)));
    if let Some(updated) = s.updated {
        o.insert("LastUpdatedTime".into(), json!(iso(updated)));
    }
    if let Some(deleted) = s.deleted {
        o.insert("DeletionTime".into(), json!(iso(deleted)));
    }
    if in_progress(&s.status) {
        o.insert("TransitionEndsAt".into(), json!(iso(s.transition_ends)));
    }
    if let Some(body) = &s.template_body {
        o.insert("TemplateBody".into(), json!(body));
    }
    if let Some(url) = &s.template_url {
        o.insert("TemplateURL".into(), json!(url));
    }
    if !s.parameters.is_empty() {
        let map: Map<String, Value> = s
            .parameters
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        o.insert("Parameters".into(), Value::Object(map));
    }
    if !s.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&s.tags));
    }
    if !s.capabilities.is_empty() {
        o.insert("Capabilities".into(), json!(s.capabilities));
    }
    if s.disable_rollback {
        o.insert("DisableRollback".into(), json!(true));
    }
    if s.termination_protection {
        o.insert("EnableTerminationProtection".into(), json!(true));
    }
    Value::Object(o)
}
