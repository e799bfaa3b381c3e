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
            // The newest members go first; the service's default policy balances zones
            // first, which a one-zone default world never needs.
            let mut victims: Vec<String> = group
                .members
                .iter()
                .filter(|m| m.state.counts() && !m.protected)
                .map(|m| m.instance_id.clone())
                .collect();
            victims.reverse();
            victims.truncate((capacity - desired) as usize);
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

    /// Launches one instance like the group's others and adds it as a Pending member.
    fn launch_member(&mut self, index: usize, cause: &str) {
        let group = &self.auto_scaling_groups[index];
        let zone = group
            .zones
            .first()
            .cloned()
            .unwrap_or_else(|| format!("{}a", self.region));
        let subnet = group.vpc_zone_identifier.split(',').next().unwrap_or("");
        let mut tags = vec![json!({"Key": GROUP_TAG, "Value": group.name})];
        tags.extend(
            group
                .tags
                .iter()
                .map(|(k, v)| json!({"Key": k, "Value": v})),
        );
        let mut params = json!({
            "ImageId": group.image_id,
            "InstanceType": group.instance_type,
            "MinCount": 1,
            "MaxCount": 1,
            "Placement": {"AvailabilityZone": zone},
            "TagSpecifications": [{"ResourceType": "instance", "Tags": tags}],
        });
        if !subnet.trim().is_empty() {
            params["SubnetId"] = json!(subnet.trim());
        }
        if group.managed {
            params["IamInstanceProfile"] = json!({"Name": "AutoScalingInstanceProfile"});
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
    fn terminate_member(&mut self, index: usize, id: &str, cause: &str) {
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
