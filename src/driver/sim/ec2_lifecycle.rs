//! StartInstances, StopInstances, RebootInstances and TerminateInstances. Each checks every
//! instance before changing any, so a request EC2 would reject leaves the world untouched.

use serde_json::{Value, json};

use super::clock::gmt;
use super::instance::{FORCED_STOP_MS, InstanceState, STATUS_CHECKS_MS};
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

/// What a request does to one instance in its current state.
enum Change {
    /// Enter this state for this long.
    Begin(InstanceState, i64),
    /// Already where the request leads: reported with an unchanged state.
    Keep,
}

impl SimWorld {
    pub(crate) fn start_instances(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = self.target_instances(request)?;
        let changes = self.plan(&ids, "started", |state| match state {
            InstanceState::Stopped => Some(Change::Begin(
                InstanceState::Pending,
                InstanceState::Pending.default_duration(),
            )),
            InstanceState::Pending | InstanceState::Running => Some(Change::Keep),
            _ => None,
        })?;
        let items = self.apply(changes, |instance, now| {
            instance.launch_time = now;
            instance.transition_reason.clear();
        });
        Ok(json!({"StartingInstances": items}))
    }

    pub(crate) fn stop_instances(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = self.target_instances(request)?;
        let force = request.flag("Force")?;
        let now = self.now;
        let stop_ms = if force {
            FORCED_STOP_MS
        } else {
            InstanceState::Stopping.default_duration()
        };
        let changes = self.plan(&ids, "stopped", |state| match state {
            InstanceState::Running => Some(Change::Begin(InstanceState::Stopping, stop_ms)),
            InstanceState::Stopping | InstanceState::Stopped => Some(Change::Keep),
            _ => None,
        })?;
        let items = self.apply(changes, |instance, _| {
            instance.transition_reason = format!("User initiated ({})", gmt(now));
        });
        // Forcing an instance that is already stopping cuts the remaining shutdown short.
        if force {
            for id in &ids {
                if let Some(instance) = self.instance_mut(id)
                    && instance.state == InstanceState::Stopping
                {
                    instance.transition_ends = instance.transition_ends.min(now + FORCED_STOP_MS);
                }
            }
        }
        Ok(json!({"StoppingInstances": items}))
    }

    pub(crate) fn reboot_instances(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = self.target_instances(request)?;
        self.plan(&ids, "rebooted", |state| {
            (state == InstanceState::Running).then_some(Change::Keep)
        })?;
        let now = self.now;
        for id in &ids {
            if let Some(instance) = self.instance_mut(id) {
                // The checks re-run after the reboot, which is what runbooks wait on.
                instance.checks_ok_at = now + STATUS_CHECKS_MS;
            }
        }
        Ok(json!({}))
    }

    pub(crate) fn terminate_instances(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = self.target_instances(request)?;
        if let Some(protected) = ids
            .iter()
            .filter_map(|id| self.instance(id))
            .find(|i| i.disable_api_termination && i.state != InstanceState::Terminated)
        {
            return Err(ApiError::new(
                "OperationNotPermitted",
                format!(
                    "The instance '{}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.",
                    protected.id
                ),
            ));
        }
        let now = self.now;
        let changes = self.plan(&ids, "terminated", |state| match state {
            InstanceState::Terminated | InstanceState::ShuttingDown => Some(Change::Keep),
            _ => Some(Change::Begin(
                InstanceState::ShuttingDown,
                InstanceState::ShuttingDown.default_duration(),
            )),
        })?;
        let items = self.apply(changes, |instance, _| {
            instance.transition_reason = format!("User initiated ({})", gmt(now));
        });
        Ok(json!({"TerminatingInstances": items}))
    }

    /// The request's `InstanceIds`, checked to exist.
    fn target_instances(&self, request: &Request) -> Result<Vec<String>, ApiError> {
        let ids = request.required_str_list("InstanceIds")?;
        if ids.is_empty() {
            return Err(ApiError::new(
                "MissingParameter",
                "The request must contain the parameter InstanceId",
            ));
        }
        self.check_instance_ids(&ids)?;
        Ok(ids)
    }

    /// Decides the change for every instance, failing with EC2's `IncorrectInstanceState`
    /// when `rule` has no change for an instance's state. `verb` completes
    /// "not in a state from which it can be …".
    fn plan(
        &self,
        ids: &[String],
        verb: &str,
        rule: impl Fn(InstanceState) -> Option<Change>,
    ) -> Result<Vec<(String, Change)>, ApiError> {
        let mut changes = Vec::new();
        for id in ids {
            let Some(instance) = self.instance(id) else {
                continue;
            };
            match rule(instance.state) {
                Some(change) => changes.push((id.clone(), change)),
                None => {
                    return Err(ApiError::new(
                        "IncorrectInstanceState",
                        format!(
                            "The instance '{id}' is not in a state from which it can be {verb}."
                        ),
                    ));
                }
            }
        }
        Ok(changes)
    }

    /// Applies planned changes; `on_begin` runs for instances that change state. Returns the
    /// `{InstanceId, CurrentState, PreviousState}` items the response lists.
    fn apply(
        &mut self,
        changes: Vec<(String, Change)>,
        on_begin: impl Fn(&mut super::instance::Instance, i64),
    ) -> Vec<Value> {
        let now = self.now;
        let mut items = Vec::new();
        for (id, change) in changes {
            let Some(instance) = self.instance_mut(&id) else {
                continue;
            };
            let previous = instance.state;
            if let Change::Begin(state, duration) = change {
                instance.begin(state, now, duration);
                on_begin(instance, now);
            }
            items.push(json!({
                "CurrentState": instance.state.to_json(),
                "InstanceId": id,
                "PreviousState": previous.to_json(),
            }));
        }
        items
    }
}
