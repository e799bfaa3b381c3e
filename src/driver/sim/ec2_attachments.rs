//! AttachVolume and DetachVolume, the block device mappings attached volumes add to their
//! instance, and what happens to them when the instance terminates.

use std::collections::HashMap;

use serde_json::{Value, json};

use super::clock::iso;
use super::ec2_volumes::VolumeRef;
use super::instance::{Instance, InstanceState};
use super::request::Request;
use super::volume::{ATTACHMENT_MS, Attachment};
use super::world::SimWorld;
use crate::driver::ApiError;

impl SimWorld {
    pub(crate) fn attach_volume(&mut self, request: &Request) -> Result<Value, ApiError> {
        let volume_id = request.required_str("VolumeId")?;
        let instance_id = request.required_str("InstanceId")?;
        let device = request.required_str("Device")?;
        let at = self.find_volume(volume_id)?;
        let instance = self.known_instance(instance_id)?;
        let index = match at {
            VolumeRef::Root(i) => {
                return Err(volume_in_use_attached(volume_id, &self.instances[i].id));
            }
            VolumeRef::Data(i) => i,
        };
        let volume = &self.volumes[index];
        if let Some(attachment) = &volume.attachment {
            return Err(volume_in_use_attached(volume_id, &attachment.instance_id));
        }
        if volume.state(self.now) != "available" {
            return Err(ApiError::new(
                "IncorrectState",
                format!("The volume '{volume_id}' is not in the 'available' state."),
            ));
        }
        if !matches!(
            instance.state,
            InstanceState::Running | InstanceState::Stopped
        ) {
            return Err(ApiError::new(
                "IncorrectInstanceState",
                format!("Instance '{instance_id}' is not 'running' or 'stopped'."),
            ));
        }
        if volume.availability_zone != instance.availability_zone {
            return Err(ApiError::new(
                "InvalidVolume.ZoneMismatch",
                format!(
                    "The volume '{volume_id}' is not in the same availability zone as instance '{instance_id}'"
                ),
            ));
        }
        check_device(device)?;
        if self.devices_of(instance).iter().any(|d| d == device) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Invalid value '{device}' for unixDevice. Attachment point {device} is already in use"
                ),
            ));
        }
        let attachment = Attachment {
            instance_id: instance_id.to_string(),
            device: device.to_string(),
            attached_at: self.now,
            settles_at: self.now + ATTACHMENT_MS,
            detaching: false,
            delete_on_termination: false,
        };
        let answer = attachment.to_json(volume_id, self.now);
        self.volumes[index].attachment = Some(attachment);
        Ok(answer)
    }

    pub(crate) fn detach_volume(&mut self, request: &Request) -> Result<Value, ApiError> {
        let volume_id = request.required_str("VolumeId")?;
        let index = match self.find_volume(volume_id)? {
            VolumeRef::Root(i) => {
                return Err(ApiError::new(
                    "NotSimulated",
                    format!(
                        "detaching the root volume `{volume_id}` of `{}` is not simulated: add a mock for Service ec2, Api DetachVolume in a --mocks file",
                        self.instances[i].id
                    ),
                ));
            }
            VolumeRef::Data(i) => i,
        };
        let now = self.now;
        let volume = &mut self.volumes[index];
        let state = volume.state(now);
        let Some(attachment) = &mut volume.attachment else {
            return Err(ApiError::new(
                "IncorrectState",
                format!("Volume '{volume_id}' is in the '{state}' state."),
            ));
        };
        if let Some(instance_id) = request.str("InstanceId")?
            && instance_id != attachment.instance_id
        {
            return Err(ApiError::new(
                "InvalidAttachment.NotFound",
                format!("The volume '{volume_id}' is not attached to instance '{instance_id}'"),
            ));
        }
        if !attachment.detaching {
            attachment.detaching = true;
            attachment.settles_at = now + ATTACHMENT_MS;
        }
        Ok(attachment.to_json(volume_id, now))
    }

    /// Ends finished detachments, and applies termination to attached volumes: a volume
    /// with `DeleteOnTermination` goes with its instance, any other is detached.
    pub(crate) fn settle_attachments(&mut self) {
        // Called before every request: nothing to do, and no scan, without attachments.
        if self.volumes.iter().all(|v| v.attachment.is_none()) {
            return;
        }
        let now = self.now;
        let terminated: std::collections::HashSet<&str> = self
            .instances
            .iter()
            .filter(|i| i.state == InstanceState::Terminated)
            .map(|i| i.id.as_str())
            .collect();
        let gone = |a: &Attachment| terminated.contains(a.instance_id.as_str());
        self.volumes.retain(|v| {
            !v.attachment
                .as_ref()
                .is_some_and(|a| gone(a) && a.delete_on_termination)
        });
        for volume in &mut self.volumes {
            let ends = volume
                .attachment
                .as_ref()
                .is_some_and(|a| (a.detaching && now >= a.settles_at) || gone(a));
            if ends {
                volume.attachment = None;
            }
        }
    }

    /// Device names in use on an instance: its root device and attached volumes.
    fn devices_of(&self, instance: &Instance) -> Vec<String> {
        let mut devices = vec![instance.platform.root_device().to_string()];
        devices.extend(
            self.volumes
                .iter()
                .filter_map(|v| v.attachment.as_ref())
                .filter(|a| a.instance_id == instance.id)
                .map(|a| a.device.clone()),
        );
        devices
    }

    /// The `BlockDeviceMappings` items an instance gains from attached volumes.
    pub(crate) fn attached_mappings(&self, instance_id: &str) -> Vec<Value> {
        let mut by_instance = self.mappings_by_instance(Some(instance_id));
        by_instance.remove(instance_id).unwrap_or_default()
    }

    /// Those items for every instance (or only `only`), in one pass over the volumes, so
    /// describing many instances stays linear.
    pub(crate) fn mappings_by_instance(&self, only: Option<&str>) -> HashMap<String, Vec<Value>> {
        let mut by_instance: HashMap<String, Vec<Value>> = HashMap::new();
        let attached = self
            .volumes
            .iter()
            .filter_map(|v| v.attachment.as_ref().map(|a| (v, a)));
        for (v, a) in attached.filter(|(_, a)| only.is_none_or(|id| id == a.instance_id)) {
            by_instance
                .entry(a.instance_id.clone())
                .or_default()
                .push(json!({
                    "DeviceName": a.device,
                    "Ebs": {
                        "AttachTime": iso(a.attached_at),
                        "DeleteOnTermination": a.delete_on_termination,
                        "Status": a.state(self.now),
                        "VolumeId": v.id,
                    }
                }));
        }
        by_instance
    }
}

fn volume_in_use_attached(volume_id: &str, instance_id: &str) -> ApiError {
    ApiError::new(
        "VolumeInUse",
        format!("{volume_id} is already attached to an instance ({instance_id})"),
    )
}

/// Device names are `/dev/sd[b-z]`, `/dev/xvd[b-z]` and the like on Linux, `xvd[b-z]` on
/// Windows; the world checks the shape only.
fn check_device(device: &str) -> Result<(), ApiError> {
    let name = device.strip_prefix("/dev/").unwrap_or(device);
    let shaped =
        !name.is_empty() && name.len() <= 16 && name.chars().all(|c| c.is_ascii_alphanumeric());
    if shaped {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidParameterValue",
            format!(
                "Value ({device}) for parameter device is invalid. {device} is not a valid EBS device name."
            ),
        ))
    }
}
