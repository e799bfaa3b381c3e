//! EBS volumes: CreateVolume, DescribeVolumes and DeleteVolume over every volume of the
//! world, which is each live instance's root volume plus the stand-alone volumes.
//! Attaching lives in `ec2_attachments`, ModifyVolume in `ec2_volume_modifications`.

use serde_json::{Value, json};

use super::clock::iso;
use super::ec2_instances::{malformed, well_formed};
use super::filters;
use super::instance::{Instance, InstanceState};
use super::request::Request;
use super::tags::Tags;
use super::volume::{EbsVolume, VOLUME_CREATING_MS, VolumeSpec, VolumeView};
use super::world::SimWorld;
use crate::driver::ApiError;

const VOLUME_FILTERS: &[&str] = &[
    "volume-id",
    "status",
    "size",
    "volume-type",
    "availability-zone",
    "snapshot-id",
    "encrypted",
    "multi-attach-enabled",
    "create-time",
    "attachment.instance-id",
    "attachment.device",
    "attachment.status",
    "attachment.attach-time",
    "attachment.delete-on-termination",
    "tag-key",
    "tag-value",
];

/// Where a volume id points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum VolumeRef {
    /// The root volume of `instances[i]`.
    Root(usize),
    /// `volumes[i]`.
    Data(usize),
}

pub fn volume_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidVolume.NotFound",
        format!("The volume '{id}' does not exist."),
    )
}

/// A root volume exists until its instance is terminated (DeleteOnTermination).
pub fn has_root_volume(instance: &Instance) -> bool {
    instance.state != InstanceState::Terminated
}

/// EC2's size limits per volume type, in GiB.
fn size_range(volume_type: &str) -> (i64, i64) {
    match volume_type {
        "io1" | "io2" => (4, 16384),
        "st1" | "sc1" => (125, 16384),
        "standard" => (1, 1024),
        _ => (1, 16384),
    }
}

pub fn check_volume_type(volume_type: &str) -> Result<(), ApiError> {
    const TYPES: &[&str] = &["standard", "io1", "io2", "gp2", "sc1", "st1", "gp3"];
    if TYPES.contains(&volume_type) {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidParameterValue",
            format!("Value ({volume_type}) for parameter volumeType is invalid."),
        ))
    }
}

pub fn check_size(size: i64, volume_type: &str) -> Result<(), ApiError> {
    let (min, max) = size_range(volume_type);
    if size < min {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Volume of {size}GiB is too small; minimum is {min}GiB."),
        ));
    }
    if size > max {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Volume of {size}GiB is too large; maximum is {max}GiB."),
        ));
    }
    Ok(())
}

impl SimWorld {
    /// Finds a volume by id, with EC2's errors for a malformed or unknown one.
    pub(crate) fn find_volume(&self, id: &str) -> Result<VolumeRef, ApiError> {
        if !well_formed(id, "vol") {
            return Err(malformed(id, "vol", "InvalidVolumeID.Malformed"));
        }
        if let Some(i) = self.volumes.iter().position(|v| v.id == id) {
            return Ok(VolumeRef::Data(i));
        }
        self.instances
            .iter()
            .position(|i| has_root_volume(i) && i.root_volume.id == id)
            .map(VolumeRef::Root)
            .ok_or_else(|| volume_not_found(id))
    }

    /// A volume that can be snapshotted or modified: anything but one still `creating`.
    pub(crate) fn settled_volume(&self, id: &str) -> Result<VolumeRef, ApiError> {
        let at = self.find_volume(id)?;
        if let VolumeRef::Data(i) = at
            && self.volumes[i].state(self.now) == "creating"
        {
            return Err(ApiError::new(
                "IncorrectState",
                format!("The volume '{id}' is not in the 'available' or 'in-use' state."),
            ));
        }
        Ok(at)
    }

    /// The volume's size, type and performance, whichever kind it is.
    pub(crate) fn volume_spec(&self, at: VolumeRef) -> VolumeSpec {
        match at {
            VolumeRef::Data(i) => self.volumes[i].spec.clone(),
            VolumeRef::Root(i) => {
                let root = &self.instances[i].root_volume;
                VolumeSpec::with_defaults(root.size, &root.volume_type, None, None)
            }
        }
    }

    pub(crate) fn create_volume(&mut self, request: &Request) -> Result<Value, ApiError> {
        let zone = self.requested_zone(request)?;
        let snapshot = match request.str("SnapshotId")? {
            Some(id) => Some(self.completed_snapshot(id)?),
            None => None,
        };
        let volume_type = request.str("VolumeType")?.unwrap_or("gp2");
        check_volume_type(volume_type)?;
        let size = match (request.int("Size")?, &snapshot) {
            (Some(size), Some((id, from))) if size < *from => {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!(
                        "The size of the volume ({size}GiB) is smaller than the size of snapshot '{id}' ({from}GiB)."
                    ),
                ));
            }
            (Some(size), _) => size,
            (None, Some((_, from))) => *from,
            (None, None) => {
                return Err(ApiError::new(
                    "MissingParameter",
                    "The request must contain the parameter size or snapshotId",
                ));
            }
        };
        check_size(size, volume_type)?;
        let iops = request.int("Iops")?;
        if matches!(volume_type, "io1" | "io2") && iops.is_none() {
            return Err(ApiError::new(
                "MissingParameter",
                format!("The parameter iops must be specified for {volume_type} volumes."),
            ));
        }
        let volume = EbsVolume {
            id: self.fresh_ec2_id("vol"),
            spec: VolumeSpec::with_defaults(size, volume_type, iops, request.int("Throughput")?),
            availability_zone: zone,
            snapshot_id: snapshot.map(|(id, _)| id),
            encrypted: request.flag("Encrypted")?,
            multi_attach: request.flag("MultiAttachEnabled")?,
            created: self.now,
            available_at: self.now + VOLUME_CREATING_MS,
            attachment: None,
            tags: Tags::from_specifications(request, "volume")?,
        };
        let answer = self.data_volume_view(&volume).to_json();
        self.volumes.push(volume);
        Ok(answer)
    }

    /// `AvailabilityZone` (or `AvailabilityZoneId`, which the world reads as a name),
    /// which must be one of the region's zones.
    fn requested_zone(&self, request: &Request) -> Result<String, ApiError> {
        let zone = match (
            request.str("AvailabilityZone")?,
            request.str("AvailabilityZoneId")?,
        ) {
            (Some(zone), _) | (None, Some(zone)) => zone,
            (None, None) => {
                return Err(ApiError::new(
                    "MissingParameter",
                    "The request must contain the parameter availabilityZone",
                ));
            }
        };
        if self.zones().iter().any(|z| z == zone) {
            Ok(zone.to_string())
        } else {
            Err(ApiError::new(
                "InvalidParameterValue",
                format!("Invalid availability zone: [{zone}]"),
            ))
        }
    }

    pub(crate) fn describe_volumes(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("VolumeIds")?.unwrap_or_default();
        for id in &ids {
            self.find_volume(id)?;
        }
        let filters = filters::parse(request, "DescribeVolumes", VOLUME_FILTERS)?;
        let roots = self
            .instances
            .iter()
            .filter(|i| has_root_volume(i))
            .map(|i| self.root_volume_view(i).to_json());
        let data = self
            .volumes
            .iter()
            .map(|v| self.data_volume_view(v).to_json());
        let volumes: Vec<Value> = roots
            .chain(data)
            .filter(|v| ids.is_empty() || ids.iter().any(|id| v["VolumeId"] == id.as_str()))
            .filter(|v| filters::matches(&filters, |name| volume_values(v, name)))
            .collect();
        Ok(json!({"Volumes": volumes}))
    }

    pub(crate) fn delete_volume(&mut self, request: &Request) -> Result<Value, ApiError> {
        let id = request.required_str("VolumeId")?;
        let index = match self.find_volume(id)? {
            VolumeRef::Root(i) => {
                return Err(volume_in_use(id, &self.instances[i].id));
            }
            VolumeRef::Data(i) => i,
        };
        if let Some(attachment) = &self.volumes[index].attachment {
            return Err(volume_in_use(id, &attachment.instance_id));
        }
        self.volumes.remove(index);
        Ok(json!({}))
    }

    pub(crate) fn root_volume_view<'a>(&self, instance: &'a Instance) -> VolumeView<'a> {
        let root = &instance.root_volume;
        VolumeView {
            id: &root.id,
            spec: VolumeSpec::with_defaults(root.size, &root.volume_type, None, None),
            zone: &instance.availability_zone,
            snapshot_id: "",
            encrypted: false,
            multi_attach: false,
            created: root.created,
            state: "in-use",
            attachments: vec![json!({
                "AttachTime": iso(root.created),
                "Device": instance.platform.root_device(),
                "InstanceId": instance.id,
                "State": "attached",
                "VolumeId": root.id,
                "DeleteOnTermination": true,
            })],
            tags: &root.tags,
        }
    }

    pub(crate) fn data_volume_view<'a>(&self, volume: &'a EbsVolume) -> VolumeView<'a> {
        VolumeView {
            id: &volume.id,
            spec: volume.spec.clone(),
            zone: &volume.availability_zone,
            snapshot_id: volume.snapshot_id.as_deref().unwrap_or(""),
            encrypted: volume.encrypted,
            multi_attach: volume.multi_attach,
            created: volume.created,
            state: volume.state(self.now),
            attachments: volume
                .attachment
                .iter()
                .map(|a| a.to_json(&volume.id, self.now))
                .collect(),
            tags: &volume.tags,
        }
    }
}

pub fn volume_in_use(id: &str, instance_id: &str) -> ApiError {
    ApiError::new(
        "VolumeInUse",
        format!("Volume {id} is currently attached to {instance_id}"),
    )
}

fn volume_values(volume: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "volume-id" => "/VolumeId",
        "status" => "/State",
        "size" => "/Size",
        "volume-type" => "/VolumeType",
        "availability-zone" => "/AvailabilityZone",
        "snapshot-id" => "/SnapshotId",
        "encrypted" => "/Encrypted",
        "multi-attach-enabled" => "/MultiAttachEnabled",
        "create-time" => "/CreateTime",
        "attachment.instance-id" => "/Attachments/0/InstanceId",
        "attachment.device" => "/Attachments/0/Device",
        "attachment.status" => "/Attachments/0/State",
        "attachment.attach-time" => "/Attachments/0/AttachTime",
        "attachment.delete-on-termination" => "/Attachments/0/DeleteOnTermination",
        _ => return filters::tag_values(&filters::tags_of(volume, "Tags"), name),
    };
    filters::json_values(volume, pointer)
}
