//! Auto Scaling (`autoscaling` 2011-01-01): describing groups, their instances and
//! activities, and changing a group's size and processes. Standby lives in
//! `autoscaling_standby`, launching and terminating to match the desired capacity in
//! `autoscaling_capacity`.

use serde_json::{Value, json};

use super::autoscaling_group::{AutoScalingGroup, PROCESSES};
use super::clock::iso;
use super::filters;
use super::operations::Operation;
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

/// Auto Scaling's error for every client-side mistake, unknown groups included.
pub fn validation(message: impl Into<String>) -> ApiError {
    ApiError::new("ValidationError", message)
}

pub fn group_not_found(name: &str) -> ApiError {
    validation(format!(
        "AutoScalingGroup name not found - AutoScalingGroup '{name}' not found"
    ))
}

impl SimWorld {
    pub(super) fn dispatch_autoscaling(
        &mut self,
        op: &Operation,
        request: &Request,
    ) -> Result<Value, ApiError> {
        match op.api {
            "DescribeAutoScalingGroups" => self.describe_auto_scaling_groups(request),
            "DescribeAutoScalingInstances" => self.describe_auto_scaling_instances(request),
            "DescribeScalingActivities" => self.describe_scaling_activities(request),
            "EnterStandby" => self.enter_standby(request),
            "ExitStandby" => self.exit_standby(request),
            "SetDesiredCapacity" => self.set_desired_capacity(request),
            "UpdateAutoScalingGroup" => self.update_auto_scaling_group(request),
            "SuspendProcesses" => self.suspend_processes(request, true),
            "ResumeProcesses" => self.suspend_processes(request, false),
            _ => Err(ApiError::not_simulated(op.service, op.api)),
        }
    }

    pub(crate) fn group_index(&self, name: &str) -> Result<usize, ApiError> {
        self.auto_scaling_groups
            .iter()
            .position(|g| g.name == name)
            .ok_or_else(|| group_not_found(name))
    }

    /// The instance details a member item repeats from EC2.
    fn member_items(&self, group: &AutoScalingGroup) -> Vec<Value> {
        group
            .members
            .iter()
            .map(|m| {
                let details = self.instance(&m.instance_id).map_or(("", "", ""), |i| {
                    (
                        i.instance_type.as_str(),
                        i.availability_zone.as_str(),
                        i.image_id.as_str(),
                    )
                });
                let mut item = AutoScalingGroup::member_json(m, details);
                if let Some(template) = &group.launch_template {
                    item["LaunchTemplate"] = template.to_json();
                }
                item
            })
            .collect()
    }

    fn describe_auto_scaling_groups(&mut self, request: &Request) -> Result<Value, ApiError> {
        let names = request.str_list("AutoScalingGroupNames")?;
        let include_instances = request.bool("IncludeInstances")?.unwrap_or(true);
        let mut wanted = Vec::new();
        for item in request.structs("Filters")? {
            let name = item.required_str("Name")?;
            if !(name == "tag-key" || name == "tag-value" || name.starts_with("tag:")) {
                return Err(validation(format!(
                    "Filter name '{name}' is not valid: use tag-key, tag-value or tag:<key>"
                )));
            }
            let values = item.str_list("Values")?.unwrap_or_default();
            wanted.push(filters::Filter {
                name: name.to_string(),
                values,
            });
        }
        let groups: Vec<Value> = self
            .auto_scaling_groups
            .iter()
            .filter(|g| names.as_ref().is_none_or(|n| n.contains(&g.name)))
            .filter(|g| {
                // Auto Scaling compares filter values exactly: no wildcards.
                wanted.iter().all(|f| {
                    let actual = filters::tag_values(&g.tags, &f.name);
                    f.values.iter().any(|v| actual.contains(v))
                })
            })
            .map(|g| {
                let mut o = g.to_json(&self.account);
                if include_instances {
                    o["Instances"] = Value::Array(self.member_items(g));
                }
                o
            })
            .collect();
        page(request, groups, 50, 100, "AutoScalingGroups")
    }

    fn describe_auto_scaling_instances(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("InstanceIds")?;
        let mut items = Vec::new();
        for group in &self.auto_scaling_groups {
            for (m, mut item) in group.members.iter().zip(self.member_items(group)) {
                if ids.as_ref().is_none_or(|ids| ids.contains(&m.instance_id)) {
                    item["AutoScalingGroupName"] = json!(group.name);
                    items.push(item);
                }
            }
        }
        page(request, items, 50, 50, "AutoScalingInstances")
    }

    fn describe_scaling_activities(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.str("AutoScalingGroupName")?;
        let ids = request.str_list("ActivityIds")?;
        let now = self.now;
        // Newest first, as the service lists them.
        let mut items: Vec<(i64, Value)> = self
            .auto_scaling_groups
            .iter()
            .filter(|g| name.is_none_or(|n| n == g.name))
            .flat_map(|g| {
                g.activities
                    .iter()
                    .filter(|a| ids.as_ref().is_none_or(|ids| ids.contains(&a.id)))
                    .map(move |a| (a.start, a.to_json(g, now)))
            })
            .collect();
        items.sort_by_key(|(start, _)| std::cmp::Reverse(*start));
        let items = items.into_iter().map(|(_, v)| v).collect();
        page(request, items, 100, 100, "Activities")
    }

    fn set_desired_capacity(&mut self, request: &Request) -> Result<Value, ApiError> {
        let index = self.group_index(request.required_str("AutoScalingGroupName")?)?;
        let desired = request
            .int("DesiredCapacity")?
            .ok_or_else(|| super::request::missing("DesiredCapacity"))?;
        let group = &self.auto_scaling_groups[index];
        if desired > group.max {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is above max value {} for the AutoScalingGroup.",
                group.max
            )));
        }
        if desired < group.min {
            return Err(validation(format!(
                "New SetDesiredCapacity value {desired} is below min value {} for the AutoScalingGroup.",
                group.min
            )));
        }
        let before = group.desired;
        self.auto_scaling_groups[index].desired = desired;
        let cause = format!(
            "At {} a user request explicitly set group desired capacity changing the desired capacity from {before} to {desired}.",
            iso(self.now)
        );
        self.reconcile(index, &cause);
        Ok(json!({}))
    }

    fn update_auto_scaling_group(&mut self, request: &Request) -> Result<Value, ApiError> {
        let index = self.group_index(request.required_str("AutoScalingGroupName")?)?;
        let group = &self.auto_scaling_groups[index];
        let min = request.int("MinSize")?.unwrap_or(group.min);
        let max = request.int("MaxSize")?.unwrap_or(group.max);
        if min < 0 || max < 0 {
            return Err(validation("MinSize and MaxSize must not be negative"));
        }
        if min > max {
            return Err(validation(format!(
                "Max bound, {max}, must be greater than or equal to min bound, {min}"
            )));
        }
        // Without an explicit desired capacity the service moves it inside the new bounds.
        let desired = match request.int("DesiredCapacity")? {
            Some(d) if d < min || d > max => {
                return Err(validation(format!(
                    "Desired capacity:{d} must be between the specified min size:{min} and max size:{max}"
                )));
            }
            Some(d) => d,
            None => group.desired.clamp(min, max),
        };
        let mut zones = request.str_list("AvailabilityZones")?;
        let subnets = request.str("VPCZoneIdentifier")?.map(str::to_string);
        if let Some(subnets) = &subnets {
            zones = Some(self.subnet_zones(subnets)?);
        }
        let template = match request.object("LaunchTemplate")? {
            Some(spec) => Some(self.group_template(spec)?),
            None => None,
        };
        let health = request.str("HealthCheckType")?.map(str::to_string);
        let before = group.desired;
        let group = &mut self.auto_scaling_groups[index];
        (group.min, group.max, group.desired) = (min, max, desired);
        if let Some(zones) = zones.filter(|z| !z.is_empty()) {
            group.zones = zones;
        }
        if let Some(subnets) = subnets {
            group.vpc_zone_identifier = subnets;
        }
        if template.is_some() {
            group.launch_template = template;
        }
        if let Some(health) = health {
            group.health_check_type = health;
        }
        let cause = format!(
            "At {} a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired} changing the desired capacity from {before} to {desired}.",
            iso(self.now)
        );
        self.leave_removed_zones(index, &cause);
        self.reconcile(index, &cause);
        Ok(json!({}))
    }

    /// SuspendProcesses (`suspend`) and ResumeProcesses; no `ScalingProcesses` means all.
    fn suspend_processes(&mut self, request: &Request, suspend: bool) -> Result<Value, ApiError> {
        let index = self.group_index(request.required_str("AutoScalingGroupName")?)?;
        let processes = match request.str_list("ScalingProcesses")? {
            Some(list) if !list.is_empty() => list,
            _ => PROCESSES.iter().map(|p| p.to_string()).collect(),
        };
        if let Some(bad) = processes.iter().find(|p| !PROCESSES.contains(&p.as_str())) {
            return Err(validation(format!(
                "Process '{bad}' is not a valid scaling process: expected one of {}",
                PROCESSES.join(", ")
            )));
        }
        let group = &mut self.auto_scaling_groups[index];
        for p in processes {
            let present = group.suspended(&p);
            if suspend && !present {
                group.suspended.push(p);
            } else if !suspend && present {
                group.suspended.retain(|s| *s != p);
            }
        }
        if !suspend {
            let cause = format!(
                "At {} processes were resumed by a user request.",
                iso(self.now)
            );
            self.reconcile(index, &cause);
        }
        Ok(json!({}))
    }
}

/// One page of a Describe* answer: `MaxRecords` items from the offset in `NextToken`.
fn page(
    request: &Request,
    items: Vec<Value>,
    default_size: i64,
    max_size: i64,
    key: &str,
) -> Result<Value, ApiError> {
    let size = request.int("MaxRecords")?.unwrap_or(default_size);
    if !(1..=max_size).contains(&size) {
        return Err(validation(format!(
            "1 validation error detected: Value '{size}' at 'maxRecords' failed to satisfy constraint: Member must have value less than or equal to {max_size}"
        )));
    }
    let start = match request.str("NextToken")? {
        None => 0,
        Some(token) => token
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= items.len())
            .ok_or_else(|| ApiError::new("InvalidNextToken", "The token is invalid."))?,
    };
    let end = items.len().min(start + size as usize);
    let mut o = json!({ key: items[start..end].to_vec() });
    if end < items.len() {
        o["NextToken"] = json!(end.to_string());
    }
    Ok(o)
}
