//! Tagging (CreateTags, DeleteTags, DescribeTags) across instances, their root volumes and
//! images, plus DescribeVolumes, whose only volumes are those root volumes.

use serde_json::{Value, json};

use super::clock::iso;
use super::ec2_images::image_not_found;
use super::ec2_instances::{malformed, well_formed};
use super::filters;
use super::instance::{Instance, InstanceState};
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

const TAG_FILTERS: &[&str] = &["key", "value", "resource-id", "resource-type"];

const VOLUME_FILTERS: &[&str] = &[
    "volume-id",
    "status",
    "size",
    "volume-type",
    "availability-zone",
    "attachment.instance-id",
    "attachment.device",
    "attachment.status",
    "attachment.delete-on-termination",
    "tag-key",
    "tag-value",
];

impl SimWorld {
    pub(crate) fn create_tags(&mut self, request: &Request) -> Result<Value, ApiError> {
        let resources = request.required_str_list("Resources")?;
        let tags = Tags::from_request(request, "Tags")?;
        if let Some((key, _)) = tags.iter().find(|(k, _)| k.starts_with("aws:")) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Tag key '{key}' is invalid: keys starting with 'aws:' are reserved for internal use"
                ),
            ));
        }
        for id in &resources {
            self.resource_tags(id)?;
        }
        for id in &resources {
            let target = self.resource_tags(id)?;
            for (k, v) in tags.iter() {
                target.set(k, v);
            }
        }
        Ok(json!({}))
    }

    /// Without `Tags` every tag goes; a tag given with a `Value` goes only if it matches.
    pub(crate) fn delete_tags(&mut self, request: &Request) -> Result<Value, ApiError> {
        let resources = request.required_str_list("Resources")?;
        let mut removals = Vec::new();
        for item in request.structs("Tags")? {
            let key = item.required_str("Key")?.to_string();
            let value = item.str("Value")?.map(str::to_string);
            removals.push((key, value));
        }
        let delete_all = request.get("Tags").is_none();
        for id in &resources {
            self.resource_tags(id)?;
        }
        for id in &resources {
            let target = self.resource_tags(id)?;
            if delete_all {
                target.clear();
            }
            for (key, value) in &removals {
                target.remove(key, value.as_deref());
            }
        }
        Ok(json!({}))
    }

    pub(crate) fn describe_tags(&mut self, request: &Request) -> Result<Value, ApiError> {
        let filters = filters::parse(request, "DescribeTags", TAG_FILTERS)?;
        let mut rows: Vec<(&str, &str, &Tags)> = Vec::new();
        for instance in &self.instances {
            rows.push((&instance.id, "instance", &instance.tags));
        }
        for instance in self.instances.iter().filter(|i| has_volume(i)) {
            rows.push((
                &instance.root_volume.id,
                "volume",
                &instance.root_volume.tags,
            ));
        }
        for image in &self.images {
            rows.push((&image.id, "image", &image.tags));
        }
        let mut tags = Vec::new();
        for (resource_id, resource_type, resource_tags) in rows {
            for (key, value) in resource_tags.iter() {
                let passes = filters::matches(&filters, |name| match name {
                    "key" => vec![key.to_string()],
                    "value" => vec![value.to_string()],
                    "resource-id" => vec![resource_id.to_string()],
                    "resource-type" => vec![resource_type.to_string()],
                    _ => filters::tag_values(resource_tags, name),
                });
                if passes {
                    tags.push(json!({"Key": key, "ResourceId": resource_id, "ResourceType": resource_type, "Value": value}));
                }
            }
        }
        Ok(json!({"Tags": tags}))
    }

    pub(crate) fn describe_volumes(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("VolumeIds")?.unwrap_or_default();
        for id in &ids {
            if !well_formed(id, "vol") {
                return Err(malformed(id, "vol", "InvalidVolumeID.Malformed"));
            }
            if self.volume_owner(id).is_none() {
                return Err(volume_not_found(id));
            }
        }
        let filters = filters::parse(request, "DescribeVolumes", VOLUME_FILTERS)?;
        let volumes: Vec<Value> = self
            .instances
            .iter()
            .filter(|i| has_volume(i))
            .filter(|i| ids.is_empty() || ids.contains(&i.root_volume.id))
            .map(volume_json)
            .filter(|volume| filters::matches(&filters, |name| volume_values(volume, name)))
            .collect();
        Ok(json!({"Volumes": volumes}))
    }

    fn volume_owner(&self, volume_id: &str) -> Option<usize> {
        self.instances
            .iter()
            .position(|i| has_volume(i) && i.root_volume.id == volume_id)
    }

    /// The tag set of a resource, or the error EC2 gives for an id it cannot tag.
    fn resource_tags(&mut self, id: &str) -> Result<&mut Tags, ApiError> {
        let prefix = id.split('-').next().unwrap_or_default();
        match prefix {
            "i" => self.known_instance_mut(id).map(|i| &mut i.tags),
            "vol" => match self.volume_owner(id) {
                Some(index) => Ok(&mut self.instances[index].root_volume.tags),
                None => Err(volume_not_found(id)),
            },
            "ami" => {
                let image = self.images.iter_mut().find(|i| i.id == id);
                image
                    .map(|i| &mut i.tags)
                    .ok_or_else(|| image_not_found(&[id]))
            }
            _ if id.contains('-') && well_formed(id, prefix) => Err(ApiError::new(
                "NotSimulated",
                format!(
                    "tags on `{id}` are not simulated: only instances, volumes and images carry tags; add a mock for Service ec2 in a --mocks file"
                ),
            )),
            _ => Err(ApiError::new(
                "InvalidID",
                format!("The ID '{id}' is not valid"),
            )),
        }
    }
}

/// A root volume exists until its instance is terminated (DeleteOnTermination).
fn has_volume(instance: &Instance) -> bool {
    instance.state != InstanceState::Terminated
}

fn volume_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidVolume.NotFound",
        format!("The volume '{id}' does not exist."),
    )
}

fn volume_json(instance: &Instance) -> Value {
    let volume = &instance.root_volume;
    let mut o = json!({
        "Attachments": [{
            "AttachTime": iso(volume.created),
            "Device": instance.platform.root_device(),
            "InstanceId": instance.id,
            "State": "attached",
            "VolumeId": volume.id,
            "DeleteOnTermination": true,
        }],
        "AvailabilityZone": instance.availability_zone,
        "CreateTime": iso(volume.created),
        "Encrypted": false,
        "Size": volume.size,
        "SnapshotId": "",
        "State": "in-use",
        "VolumeId": volume.id,
        "Iops": 3000,
        "VolumeType": volume.volume_type,
        "MultiAttachEnabled": false,
        "Throughput": 125,
    });
    if !volume.tags.is_empty() {
        o["Tags"] = volume.tags.to_json();
    }
    o
}

fn volume_values(volume: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "volume-id" => "/VolumeId",
        "status" => "/State",
        "size" => "/Size",
        "volume-type" => "/VolumeType",
        "availability-zone" => "/AvailabilityZone",
        "attachment.instance-id" => "/Attachments/0/InstanceId",
        "attachment.device" => "/Attachments/0/Device",
        "attachment.status" => "/Attachments/0/State",
        "attachment.delete-on-termination" => "/Attachments/0/DeleteOnTermination",
        _ => {
            let tags: Tags = volume["Tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| {
                    Some((
                        t["Key"].as_str()?.to_string(),
                        t["Value"].as_str()?.to_string(),
                    ))
                })
                .collect();
            return filters::tag_values(&tags, name);
        }
    };
    match volume.pointer(pointer) {
        Some(Value::String(s)) => vec![s.clone()],
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    }
}
