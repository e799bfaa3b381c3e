//! Where a group places its instances: the subnets of `VPCZoneIdentifier`, the zones they
//! lie in, and the launch template new members come from, as UpdateAutoScalingGroup
//! changes them. Members left in a zone the group no longer uses are replaced.

use serde_json::{Map, Value};

use super::autoscaling::validation;
use super::autoscaling_group::TemplateRef;
use super::clock::iso;
use super::world::SimWorld;
use crate::driver::ApiError;

impl SimWorld {
    /// The zones of a comma-separated subnet list, each subnet checked as the service
    /// checks `VPCZoneIdentifier`.
    pub(super) fn subnet_zones(&self, identifier: &str) -> Result<Vec<String>, ApiError> {
        let mut zones: Vec<String> = Vec::new();
        for id in identifier.split(',').map(str::trim) {
            let subnet = self
                .subnets
                .iter()
                .find(|s| s.id == id)
                .ok_or_else(|| validation(format!("The subnet ID '{id}' does not exist")))?;
            if !zones.contains(&subnet.availability_zone) {
                zones.push(subnet.availability_zone.clone());
            }
        }
        Ok(zones)
    }

    /// A `LaunchTemplateSpecification` of a request, resolved against the world's templates.
    pub(crate) fn group_template(
        &self,
        spec: &Map<String, Value>,
    ) -> Result<TemplateRef, ApiError> {
        let id = spec.get("LaunchTemplateId").and_then(Value::as_str);
        let name = spec.get("LaunchTemplateName").and_then(Value::as_str);
        let template = self
            .launch_templates
            .iter()
            .find(|t| Some(t.id.as_str()) == id || (id.is_none() && Some(t.name.as_str()) == name))
            .ok_or_else(|| {
                let which = match (id, name) {
                    (Some(id), _) => format!("template ID {id}"),
                    (None, Some(name)) => format!("template name {name}"),
                    (None, None) => "no template ID or name".to_string(),
                };
                validation(format!(
                    "You must use a valid fully-formed launch template. The specified launch template, with {which}, does not exist."
                ))
            })?;
        let version = spec
            .get("Version")
            .and_then(Value::as_str)
            .unwrap_or("$Default");
        if template.version(version).is_none() {
            return Err(validation(format!(
                "You must use a valid fully-formed launch template. The specified launch template version {version} of template {} does not exist.",
                template.id
            )));
        }
        Ok(TemplateRef {
            id: template.id.clone(),
            name: template.name.clone(),
            version: version.to_string(),
        })
    }

    /// Terminates the members in service whose instance lies outside the group's zones;
    /// the reconciliation that follows launches their replacements in the zones that remain.
    pub(super) fn leave_removed_zones(&mut self, index: usize, cause: &str) {
        let group = &self.auto_scaling_groups[index];
        if group.suspended("Terminate") {
            return;
        }
        let outside: Vec<String> = group
            .members
            .iter()
            .filter(|m| m.state.counts())
            .filter(|m| {
                self.instance(&m.instance_id)
                    .is_some_and(|i| !group.zones.contains(&i.availability_zone))
            })
            .map(|m| m.instance_id.clone())
            .collect();
        let now = iso(self.now);
        for id in outside {
            let cause = format!(
                "{cause} At {now} instance {id} was taken out of service because its Availability Zone was removed from the group."
            );
            self.terminate_member(index, &id, &cause);
        }
    }
}
