//! EnterStandby and ExitStandby: members leave service for a while and come back, with the
//! group's desired capacity following them when the caller asks.

use serde_json::{Value, json};

use super::autoscaling::validation;
use super::autoscaling_group::{Activity, ENTERING_STANDBY_MS, EXIT_STANDBY_MS, Lifecycle, Member};
use super::clock::iso;
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

impl SimWorld {
    pub(super) fn enter_standby(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("AutoScalingGroupName")?;
        let decrement = request
            .bool("ShouldDecrementDesiredCapacity")?
            .ok_or_else(|| super::request::missing("ShouldDecrementDesiredCapacity"))?;
        let index = self.group_index(name)?;
        let ids = self.standby_targets(index, request, Lifecycle::InService)?;
        let group = &self.auto_scaling_groups[index];
        let count = ids.len() as i64;
        let before = group.desired;
        let after = if decrement { before - count } else { before };
        if after < group.min {
            return Err(validation(format!(
                "AutoScalingGroup {name} has min-size={}, max-size={}, and desired-size={before}. To place into standby {count} instances, please update the AutoScalingGroup sizes appropriately.",
                group.min, group.max
            )));
        }
        let now = self.now;
        let cause = if decrement {
            format!(
                "At {} instances were moved to standby in response to a user request, shrinking the capacity from {before} to {after}.",
                iso(now)
            )
        } else {
            format!(
                "At {} instances were moved to standby in response to a user request.",
                iso(now)
            )
        };
        let activities = self.move_members(index, &ids, Lifecycle::EnteringStandby, &cause);
        self.auto_scaling_groups[index].desired = after;
        // Without the decrement the group launches replacements to keep its capacity.
        self.reconcile(index, &cause);
        Ok(json!({"Activities": activities}))
    }

    pub(super) fn exit_standby(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("AutoScalingGroupName")?;
        let index = self.group_index(name)?;
        let ids = self.standby_targets(index, request, Lifecycle::Standby)?;
        let group = &self.auto_scaling_groups[index];
        let count = ids.len() as i64;
        let before = group.desired;
        let after = before + count;
        if after > group.max {
            return Err(validation(format!(
                "AutoScalingGroup {name} has min-size={}, max-size={}, and desired-size={before}. To move {count} instances out of standby, please update the AutoScalingGroup sizes appropriately.",
                group.min, group.max
            )));
        }
        let cause = format!(
            "At {} instances were moved out of standby in response to a user request, increasing the capacity from {before} to {after}.",
            iso(self.now)
        );
        let activities = self.move_members(index, &ids, Lifecycle::Pending, &cause);
        self.auto_scaling_groups[index].desired = after;
        Ok(json!({"Activities": activities}))
    }

    /// The request's instances, each a member of the group in state `from`.
    fn standby_targets(
        &self,
        index: usize,
        request: &Request,
        from: Lifecycle,
    ) -> Result<Vec<String>, ApiError> {
        let group = &self.auto_scaling_groups[index];
        let ids = request.str_list("InstanceIds")?.unwrap_or_default();
        if ids.is_empty() {
            return Err(validation(
                "The parameter InstanceIds must contain at least one instance",
            ));
        }
        for id in &ids {
            match group.member(id) {
                None => {
                    return Err(validation(format!(
                        "The instance {id} is not part of Auto Scaling group {}.",
                        group.name
                    )));
                }
                Some(m) if m.state != from => {
                    return Err(validation(format!(
                        "The instance {id} is not in {}.",
                        from.name()
                    )));
                }
                Some(_) => {}
            }
        }
        Ok(ids)
    }

    /// Starts the transition of each member to `to` and records one activity per instance.
    fn move_members(
        &mut self,
        index: usize,
        ids: &[String],
        to: Lifecycle,
        cause: &str,
    ) -> Vec<Value> {
        let now = self.now;
        let (verb, duration) = match to {
            Lifecycle::EnteringStandby => ("Moving EC2 instance to Standby", ENTERING_STANDBY_MS),
            _ => ("Moving EC2 instance out of Standby", EXIT_STANDBY_MS),
        };
        let mut activities = Vec::new();
        for id in ids {
            let activity = Activity {
                id: self.fresh_uuid(),
                description: format!("{verb}: {id}"),
                cause: cause.to_string(),
                start: now,
                end: now + duration,
                failed: None,
                details: self.activity_details(id),
            };
            let group = &mut self.auto_scaling_groups[index];
            if let Some(m) = group.members.iter_mut().find(|m| m.instance_id == *id) {
                *m = Member {
                    state: to,
                    until: now + duration,
                    ..m.clone()
                };
            }
            activities.push(activity.to_json(group, now));
            group.record(activity);
        }
        activities
    }
}
