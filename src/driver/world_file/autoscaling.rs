//! World-file `autoScalingGroups`. Members are world `instances`: listed by id (or as a
//! mapping with their `LifecycleState`), or found by their `aws:autoscaling:groupName` tag.

use serde_json::{Map, Value, json};

use super::ec2::tags_map;
use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::autoscaling_group::{
    AutoScalingGroup, GROUP_TAG, Lifecycle, MAX_ACTIVITIES, Member, TemplateRef,
};
use crate::driver::sim::clock::iso;
use crate::driver::sim::ec2_instances::DEFAULT_SUBNET_ID;
use crate::driver::sim::ids;

const GROUP_FIELDS: &[&str] = &[
    "AutoScalingGroupName",
    "AutoScalingGroupARN",
    "MinSize",
    "MaxSize",
    "DesiredCapacity",
    "Instances",
    "AvailabilityZones",
    "VPCZoneIdentifier",
    "HealthCheckType",
    "ImageId",
    "InstanceType",
    "Managed",
    "LaunchTemplate",
    "SuspendedProcesses",
    "Tags",
    "CreatedTime",
    "Activities",
];

const TEMPLATE_FIELDS: &[&str] = &["LaunchTemplateId", "LaunchTemplateName", "Version"];

const MEMBER_FIELDS: &[&str] = &[
    "InstanceId",
    "LifecycleState",
    "HealthStatus",
    "ProtectedFromScaleIn",
    "TransitionEndsAt",
];

const ACTIVITY_FIELDS: &[&str] = &[
    "ActivityId",
    "Description",
    "Cause",
    "StartTime",
    "EndTime",
    "StatusMessage",
    "Details",
];

pub fn read_group(world: &mut SimWorld, path: &str, value: &Value) -> Result<AutoScalingGroup> {
    let f = Fields::new(path, value)?;
    f.only(GROUP_FIELDS)?;
    let name = f.required_str("AutoScalingGroupName")?.to_string();
    let mut members = Vec::new();
    for (item_path, item) in f.list("Instances")? {
        let member = read_member(world, &item_path, item)?;
        if let Some(other) = world
            .auto_scaling_groups
            .iter()
            .find(|g| g.member(&member.instance_id).is_some())
        {
            return Err(format!(
                "`{item_path}`: `{}` is already a member of group `{}`",
                member.instance_id, other.name
            ));
        }
        members.push(member);
    }
    // Instances that carry the group's tag join it in service.
    for instance in &world.instances {
        let listed = members.iter().any(|m| m.instance_id == instance.id);
        if !listed && instance.tags.get(GROUP_TAG) == Some(name.as_str()) {
            members.push(Member {
                instance_id: instance.id.clone(),
                state: Lifecycle::InService,
                until: world.now,
                healthy: true,
                protected: false,
            });
        }
    }
    let first = members
        .first()
        .and_then(|m| world.instance(&m.instance_id))
        .cloned();
    let in_service = members.iter().filter(|m| m.state.counts()).count() as i64;
    let desired = f.int("DesiredCapacity")?.unwrap_or(in_service);
    let min = f.int("MinSize")?.unwrap_or(desired.min(in_service).min(1));
    let max = f.int("MaxSize")?.unwrap_or(desired.max(in_service).max(1));
    if min < 0 || min > max || desired < min || desired > max {
        return Err(format!(
            "`{path}`: sizes must satisfy 0 <= MinSize <= DesiredCapacity <= MaxSize, found {min}, {desired}, {max}"
        ));
    }
    let (zones, vpc_zone_identifier) = read_placement(world, &f, &members)?;
    let image_id = match (f.opt_string("ImageId")?, &first) {
        (Some(id), _) => id,
        (None, Some(i)) => i.image_id.clone(),
        (None, None) => world
            .images
            .first()
            .map(|i| i.id.clone())
            .unwrap_or_default(),
    };
    let instance_type = match (f.opt_string("InstanceType")?, &first) {
        (Some(t), _) => t,
        (None, Some(i)) => i.instance_type.clone(),
        (None, None) => "t3.micro".to_string(),
    };
    let suspended = f.str_list("SuspendedProcesses")?;
    let known = crate::driver::sim::autoscaling_group::PROCESSES;
    if let Some(bad) = suspended.iter().find(|p| !known.contains(&p.as_str())) {
        return Err(format!(
            "`{}`: `{bad}` is not a scaling process (expected one of {})",
            f.path("SuspendedProcesses"),
            known.join(", ")
        ));
    }
    let arn = match f.opt_string("AutoScalingGroupARN")? {
        Some(arn) => arn,
        // From the name, not the id sequence: declaring a group must not shift the ids
        // every later launch receives.
        None => format!(
            "arn:aws:autoscaling:{}:{}:autoScalingGroup:{}:autoScalingGroupName/{name}",
            world.region,
            world.account,
            ids::uuid(ids::name_hash(&name))
        ),
    };
    let mut activities = Vec::new();
    for (item_path, item) in f.list("Activities")? {
        if activities.len() == MAX_ACTIVITIES {
            return Err(format!(
                "`{item_path}`: a group keeps at most {MAX_ACTIVITIES} activities"
            ));
        }
        activities.push(read_activity(world, &item_path, item)?);
    }
    for m in &members {
        if let Some(instance) = world.instance_mut(&m.instance_id) {
            instance.tags.set(GROUP_TAG, &name);
        }
    }
    Ok(AutoScalingGroup {
        arn,
        min,
        max,
        desired,
        zones,
        vpc_zone_identifier,
        launch_template: read_template_ref(world, &f)?,
        health_check_type: f.string_or("HealthCheckType", "EC2")?,
        created: f.time("CreatedTime")?.unwrap_or(world.now),
        image_id,
        instance_type,
        managed: f
            .bool("Managed")?
            .unwrap_or_else(|| first.is_some_and(|i| i.managed)),
        members,
        suspended,
        tags: f.tags("Tags")?,
        activities,
        name,
    })
}

/// The group's zones and subnets. Subnets default to its members', else the default subnet;
/// zones to those of its subnets, as the service derives them from `VPCZoneIdentifier`.
fn read_placement(
    world: &SimWorld,
    f: &Fields,
    members: &[Member],
) -> Result<(Vec<String>, String)> {
    let mut subnets: Vec<String> = Vec::new();
    let mut member_zones: Vec<String> = Vec::new();
    for m in members {
        if let Some(i) = world.instance(&m.instance_id) {
            if !member_zones.contains(&i.availability_zone) {
                member_zones.push(i.availability_zone.clone());
            }
            if !subnets.contains(&i.subnet_id) {
                subnets.push(i.subnet_id.clone());
            }
        }
    }
    let default_subnets = if subnets.is_empty() {
        DEFAULT_SUBNET_ID.to_string()
    } else {
        subnets.join(",")
    };
    let identifier = f.string_or("VPCZoneIdentifier", &default_subnets)?;
    let mut subnet_zones: Vec<String> = Vec::new();
    // A subnet the world does not list (members may sit in one) gives no zone; the
    // members' zones stand in when none of the subnets is known.
    for id in identifier.split(',').map(str::trim) {
        if let Some(subnet) = world.subnets.iter().find(|s| s.id == id)
            && !subnet_zones.contains(&subnet.availability_zone)
        {
            subnet_zones.push(subnet.availability_zone.clone());
        }
    }
    let mut zones = match f.value("AvailabilityZones") {
        Some(_) => f.str_list("AvailabilityZones")?,
        None if subnet_zones.is_empty() => member_zones,
        None => subnet_zones,
    };
    if zones.is_empty() {
        zones.push(format!("{}a", world.region));
    }
    Ok((zones, identifier))
}

/// `LaunchTemplate`: a launch template of the world, by id or name, checked as
/// UpdateAutoScalingGroup checks it.
fn read_template_ref(world: &SimWorld, f: &Fields) -> Result<Option<TemplateRef>> {
    let Some(value) = f.value("LaunchTemplate") else {
        return Ok(None);
    };
    let path = f.path("LaunchTemplate");
    let t = Fields::new(&path, value)?;
    t.only(TEMPLATE_FIELDS)?;
    let Value::Object(spec) = value else {
        return Ok(None);
    };
    world
        .group_template(spec)
        .map(Some)
        .map_err(|e| format!("`{path}`: {}", e.message))
}

fn read_member(world: &SimWorld, path: &str, value: &Value) -> Result<Member> {
    let (id, state, healthy, protected, until) = match value {
        Value::String(id) => (id.clone(), Lifecycle::InService, true, false, world.now),
        other => {
            let f = Fields::new(path, other)?;
            f.only(MEMBER_FIELDS)?;
            let names: Vec<&str> = Lifecycle::ALL.iter().map(|s| s.name()).collect();
            let state = f.choice(
                "LifecycleState",
                Lifecycle::InService,
                Lifecycle::from_name,
                &names,
            )?;
            let healthy = f.choice(
                "HealthStatus",
                true,
                |s| match s {
                    "Healthy" => Some(true),
                    "Unhealthy" => Some(false),
                    _ => None,
                },
                &["Healthy", "Unhealthy"],
            )?;
            (
                f.required_str("InstanceId")?.to_string(),
                state,
                healthy,
                f.bool("ProtectedFromScaleIn")?.unwrap_or(false),
                f.time("TransitionEndsAt")?.unwrap_or(world.now),
            )
        }
    };
    if world.instance(&id).is_none() {
        return Err(format!("`{path}`: instance `{id}` is not in `instances`"));
    }
    Ok(Member {
        instance_id: id,
        state,
        until,
        healthy,
        protected,
    })
}

fn read_activity(
    world: &SimWorld,
    path: &str,
    value: &Value,
) -> Result<crate::driver::sim::autoscaling_group::Activity> {
    let f = Fields::new(path, value)?;
    f.only(ACTIVITY_FIELDS)?;
    let start = f.time("StartTime")?.unwrap_or(world.now);
    Ok(crate::driver::sim::autoscaling_group::Activity {
        id: f.required_str("ActivityId")?.to_string(),
        description: f.string_or("Description", "")?,
        cause: f.string_or("Cause", "")?,
        start,
        end: f.time("EndTime")?.unwrap_or(start),
        failed: f.opt_string("StatusMessage")?,
        details: f.string_or("Details", "{}")?,
    })
}

pub fn write_group(world: &SimWorld, g: &AutoScalingGroup) -> Value {
    let mut o = Map::new();
    o.insert("AutoScalingGroupName".into(), json!(g.name));
    o.insert("AutoScalingGroupARN".into(), json!(g.arn));
    o.insert("MinSize".into(), json!(g.min));
    o.insert("MaxSize".into(), json!(g.max));
    o.insert("DesiredCapacity".into(), json!(g.desired));
    let members: Vec<Value> = g.members.iter().map(|m| write_member(world, m)).collect();
    o.insert("Instances".into(), Value::Array(members));
    o.insert("AvailabilityZones".into(), json!(g.zones));
    o.insert("VPCZoneIdentifier".into(), json!(g.vpc_zone_identifier));
    o.insert("HealthCheckType".into(), json!(g.health_check_type));
    o.insert("ImageId".into(), json!(g.image_id));
    o.insert("InstanceType".into(), json!(g.instance_type));
    o.insert("Managed".into(), json!(g.managed));
    if let Some(template) = &g.launch_template {
        let mut t = json!({"LaunchTemplateName": template.name});
        if template.version != "$Default" {
            t["Version"] = json!(template.version);
        }
        o.insert("LaunchTemplate".into(), t);
    }
    if !g.suspended.is_empty() {
        o.insert("SuspendedProcesses".into(), json!(g.suspended));
    }
    if !g.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&g.tags));
    }
    o.insert("CreatedTime".into(), json!(iso(g.created)));
    if !g.activities.is_empty() {
        let activities = g
            .activities
            .iter()
            .map(|a| {
                let mut o = json!({
                    "ActivityId": a.id,
                    "Description": a.description,
                    "Cause": a.cause,
                    "StartTime": iso(a.start),
                    "EndTime": iso(a.end),
                    "Details": a.details,
                });
                if let Some(message) = &a.failed {
                    o["StatusMessage"] = json!(message);
                }
                o
            })
            .collect();
        o.insert("Activities".into(), Value::Array(activities));
    }
    Value::Object(o)
}

fn write_member(world: &SimWorld, m: &Member) -> Value {
    let plain = m.state == Lifecycle::InService && m.healthy && !m.protected;
    if plain {
        return json!(m.instance_id);
    }
    let mut o = json!({
        "InstanceId": m.instance_id,
        "LifecycleState": m.state.name(),
        "HealthStatus": if m.healthy { "Healthy" } else { "Unhealthy" },
        "ProtectedFromScaleIn": m.protected,
    });
    if m.until > world.now {
        o["TransitionEndsAt"] = json!(iso(m.until));
    }
    o
}
