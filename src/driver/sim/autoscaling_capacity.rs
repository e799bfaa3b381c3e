//! How a group keeps its capacity: after every change, and whenever the world settles, it
//! launches or terminates world EC2 instances until the members in service (Pending or
//! InService) match `DesiredCapacity`, unless the Launch or Terminate process is
//! suspended. Members whose instance stopped or terminated outside the group become
//! Unhealthy and are replaced while HealthCheck and ReplaceUnhealthy run.

use serde_json::{Value, json};

use super::autoscaling_group::{Activity, GROUP_TAG, Lifecycle, Member};
use super::clock::iso;
use super::instance::{InstanceState, PENDING_MS, SHUTTING_DOWN_MS};
use super::request::Request;
use super::world::SimWorld;

impl SimWorld {
    /// The JSON string the service puts in an activity's `Details`.
    pub(super) fn activity_details(&self, instance_id: &str) -> String {
        let (subnet, zone) = self.instance(instance_id).map_or_else(
            || (String::new(), format!("{}a", self.region)),
            |i| (i.subnet_id.clone(), i.availability_zone.clone()),
        );
        json!({"Subnet ID": subnet, "Availability Zone": zone}).to_string()
    }

    /// Member transitions that completed, unhealthy members replaced, terminated ones gone.
    pub(crate) fn settle_groups(&mut self) {
        let now = self.now;
        for index in 0..self.auto_scaling_groups.len() {
            let mut unhealthy = Vec::new();
            let mut gone = Vec::new();
            for m in &self.auto_scaling_groups[index].members {
                let state = self.instance(&m.instance_id).map(|i| i.state);
                match (m.state, state) {
                    (Lifecycle::Terminating, Some(InstanceState::Terminated) | None) => {
                        gone.push(m.instance_id.clone());
                    }
                    (Lifecycle::Terminating, _) => {}
                    (_, None) => gone.push(m.instance_id.clone()),
                    (
                        Lifecycle::InService,
                        Some(
                            InstanceState::Stopping
                            | InstanceState::Stopped
                            | InstanceState::ShuttingDown
                            | InstanceState::Terminated,
                        ),
                    ) if m.healthy => unhealthy.push(m.instance_id.clone()),
                    _ => {}
                }
            }
            let group = &mut self.auto_scaling_groups[index];
            group.members.retain(|m| !gone.contains(&m.instance_id));
            group.settle_members(now);
            for m in &mut group.members {
                if unhealthy.contains(&m.instance_id) {
                    m.healthy = false;
                }
            }
            let replaces = !group.suspended("HealthCheck") && !group.suspended("ReplaceUnhealthy");
            // Only newly failed members: a termination that fails is not retried on every settle.
            if replaces && !unhealthy.is_empty() {
                let cause = format!(
                    "At {} an instance was taken out of service in response to an EC2 instance status check failure.",
                    iso(now)
                );
                for id in unhealthy {
                    self.terminate_member(index, &id, &cause);
                }
                self.reconcile(index, &cause);
            }
        }
    }

    /// Launches or terminates members until the capacity matches the desired capacity.
    /// `cause` starts each activity's `Cause`, as the service chains the reasons.
    pub(crate) fn reconcile(&mut self, index: usize, cause: &str) {
        let group = &self.auto_scaling_groups[index];
        let (capacity, desired) = (group.capacity(), group.desired);
        let now = iso(self.now);
        if capacity < desired && !group.suspended("Launch") {
            for n in capacity..desired {
                let cause = format!(
                    "{cause} At {now} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {n} to {}.",
                    n + 1
                );
                self.launch_member(index, &cause);
            }
        } else if capacity > desired && !group.suspended("Terminate") {
            let victims = self.scale_in_victims(index, (capacity - desired) as usize);
            for (n, id) in victims.iter().enumerate() {
                let from = capacity - n as i64;
                let cause = format!(
                    "{cause} At {now} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {from} to {}.  At {now} instance {id} was selected for termination.",
                    from - 1
                );
                self.terminate_member(index, id, &cause);
            }
        }
    }

    /// Members to terminate when scaling in: one at a time from the zone with the most
    /// members in service, the newest there first. The service's default termination
    /// policy also balances zones first; its later criteria (oldest launch template, next
    /// billing hour) have nothing to choose between in the simulation.
    fn scale_in_victims(&self, index: usize, count: usize) -> Vec<String> {
        let group = &self.auto_scaling_groups[index];
        let zone_of = |id: &str| self.instance(id).map(|i| i.availability_zone.clone());
        let mut candidates: Vec<(String, Option<String>)> = group
            .members
            .iter()
            .filter(|m| m.state.counts() && !m.protected)
            .map(|m| (m.instance_id.clone(), zone_of(&m.instance_id)))
            .collect();
        let mut in_service: Vec<Option<String>> = group
            .members
            .iter()
            .filter(|m| m.state.counts())
            .map(|m| zone_of(&m.instance_id))
            .collect();
        let mut victims = Vec::new();
        while victims.len() < count && !candidates.is_empty() {
            let load = |zone: &Option<String>| in_service.iter().filter(|z| *z == zone).count();
            // The newest wins ties, so search from the end.
            let Some(pick) = (0..candidates.len())
                .rev()
                .max_by_key(|&i| (load(&candidates[i].1), i))
            else {
                break;
            };
            let (id, zone) = candidates.remove(pick);
            if let Some(at) = in_service.iter().position(|z| *z == zone) {
                in_service.remove(at);
            }
            victims.push(id);
        }
        victims
    }

    /// The zone and subnet for the next launch: the group's zone with the fewest members in
    /// service (the first such in the group's order), and its subnet in `VPCZoneIdentifier`.
    fn next_placement(&self, index: usize) -> (String, Option<String>) {
        let group = &self.auto_scaling_groups[index];
        let load = |zone: &str| {
            group
                .members
                .iter()
                .filter(|m| m.state.counts())
                .filter(|m| {
                    self.instance(&m.instance_id)
                        .is_some_and(|i| i.availability_zone == zone)
                })
                .count()
        };
        let zone = group
            .zones
            .iter()
            .min_by_key(|z| load(z))
            .cloned()
            .unwrap_or_else(|| format!("{}a", self.region));
        let subnets: Vec<&str> = group
            .vpc_zone_identifier
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let in_zone = subnets.iter().find(|id| {
            self.subnets
                .iter()
                .any(|s| s.id == **id && s.availability_zone == zone)
        });
        (zone, in_zone.or(subnets.first()).map(|s| s.to_string()))
    }

    /// Launches one instance like the group's others and adds it as a Pending member: from
    /// its launch template when it has one (the template's instance profile then decides
    /// whether the instance registers with Systems Manager, as RunInstances does), else
    /// from its image and type.
    fn launch_member(&mut self, index: usize, cause: &str) {
        let (zone, subnet) = self.next_placement(index);
        let group = &self.auto_scaling_groups[index];
        let mut tags = vec![json!({"Key": GROUP_TAG, "Value": group.name})];
        tags.extend(
            group
                .tags
                .iter()
                .map(|(k, v)| json!({"Key": k, "Value": v})),
        );
        let mut params = json!({
            "MinCount": 1,
            "MaxCount": 1,
            "Placement": {"AvailabilityZone": zone},
            "TagSpecifications": [{"ResourceType": "instance", "Tags": tags}],
        });
        if let Some(subnet) = subnet {
            params["SubnetId"] = json!(subnet);
        }
        match &group.launch_template {
            Some(template) => {
                params["LaunchTemplate"] =
                    json!({"LaunchTemplateId": template.id, "Version": template.version});
            }
            None => {
                params["ImageId"] = json!(group.image_id);
                params["InstanceType"] = json!(group.instance_type);
                if group.managed {
                    params["IamInstanceProfile"] = json!({"Name": "AutoScalingInstanceProfile"});
                }
            }
        }
        let now = self.now;
        let launched = self.run_instances(&Request::new(&params));
        let id = launched
            .as_ref()
            .ok()
            .and_then(|v| v["Instances"][0]["InstanceId"].as_str().map(str::to_string));
        let activity = Activity {
            id: self.fresh_uuid(),
            description: format!(
                "Launching a new EC2 instance: {}",
                id.as_deref().unwrap_or("")
            ),
            cause: cause.trim().to_string(),
            start: now,
            end: now + PENDING_MS,
            failed: launched.as_ref().err().map(|e| e.to_string()),
            details: id
                .as_deref()
                .map_or_else(String::new, |id| self.activity_details(id)),
        };
        let group = &mut self.auto_scaling_groups[index];
        if let Some(id) = id {
            group.members.push(Member {
                instance_id: id,
                state: Lifecycle::Pending,
                until: now + PENDING_MS,
                healthy: true,
                protected: false,
            });
        }
        group.record(activity);
    }

    /// Terminates a member's instance; the member stays Terminating until it is gone.
    pub(super) fn terminate_member(&mut self, index: usize, id: &str, cause: &str) {
        let now = self.now;
        let running = self.instance(id).is_some_and(|i| {
            !matches!(
                i.state,
                InstanceState::ShuttingDown | InstanceState::Terminated
            )
        });
        let result: Result<Value, _> = if running {
            self.terminate_instances(&Request::new(&json!({"InstanceIds": [id]})))
        } else {
            Ok(json!({}))
        };
        let activity = Activity {
            id: self.fresh_uuid(),
            description: format!("Terminating EC2 instance: {id}"),
            cause: cause.trim().to_string(),
            start: now,
            end: now + SHUTTING_DOWN_MS,
            failed: result.as_ref().err().map(|e| e.to_string()),
            details: self.activity_details(id),
        };
        let group = &mut self.auto_scaling_groups[index];
        if result.is_ok()
            && let Some(m) = group.members.iter_mut().find(|m| m.instance_id == id)
        {
            m.state = Lifecycle::Terminating;
        }
        group.record(activity);
    }
}
