//! DescribeInstanceStatus: the status checks runbooks wait on after starting an instance.

use serde_json::{Value, json};

use super::filters;
use super::instance::{Instance, InstanceState};
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

const STATUS_FILTERS: &[&str] = &[
    "instance-state-name",
    "instance-state-code",
    "availability-zone",
    "instance-status.status",
    "instance-status.reachability",
    "system-status.status",
    "system-status.reachability",
];

impl SimWorld {
    pub(crate) fn describe_instance_status(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let ids = request.str_list("InstanceIds")?.unwrap_or_default();
        self.check_instance_ids(&ids)?;
        let include_all = request.flag("IncludeAllInstances")?;
        let filters = filters::parse(request, "DescribeInstanceStatus", STATUS_FILTERS)?;
        let now = self.now;
        let statuses: Vec<Value> = self
            .instances
            .iter()
            .filter(|i| ids.is_empty() || ids.contains(&i.id))
            .filter(|i| include_all || i.state == InstanceState::Running)
            .map(|i| status_json(i, now))
            .filter(|status| filters::matches(&filters, |name| status_values(status, name)))
            .collect();
        Ok(json!({"InstanceStatuses": statuses}))
    }
}

/// One `InstanceStatuses[]` item: checks report `initializing` until they have run for a
/// while after start or reboot, and `not-applicable` when the instance is not running.
fn status_json(instance: &Instance, now: i64) -> Value {
    let summary = if instance.state != InstanceState::Running {
        json!({"Status": "not-applicable"})
    } else if instance.checks_ok(now) {
        json!({"Details": [{"Name": "reachability", "Status": "passed"}], "Status": "ok"})
    } else {
        json!({"Details": [{"Name": "reachability", "Status": "initializing"}], "Status": "initializing"})
    };
    json!({
        "AvailabilityZone": instance.availability_zone,
        "InstanceId": instance.id,
        "InstanceState": instance.state.to_json(),
        "InstanceStatus": summary,
        "SystemStatus": summary,
    })
}

fn status_values(status: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "instance-state-name" => "/InstanceState/Name",
        "instance-state-code" => "/InstanceState/Code",
        "availability-zone" => "/AvailabilityZone",
        "instance-status.status" => "/InstanceStatus/Status",
        "instance-status.reachability" => "/InstanceStatus/Details/0/Status",
        "system-status.status" => "/SystemStatus/Status",
        "system-status.reachability" => "/SystemStatus/Details/0/Status",
        _ => return Vec::new(),
    };
    match status.pointer(pointer) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(other) if !other.is_null() => vec![other.to_string()],
        _ => Vec::new(),
    }
}
