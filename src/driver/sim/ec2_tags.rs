//! Tagging (CreateTags, DeleteTags, DescribeTags) across instances, volumes, snapshots
//! and images.

use serde_json::{Value, json};

use super::ec2_images::image_not_found;
use super::ec2_instances::well_formed;
use super::ec2_snapshots::snapshot_not_found;
use super::ec2_volumes::{VolumeRef, has_root_volume};
use super::filters;
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

const TAG_FILTERS: &[&str] = &["key", "value", "resource-id", "resource-type"];

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
        for instance in self.instances.iter().filter(|i| has_root_volume(i)) {
            rows.push((
                &instance.root_volume.id,
                "volume",
                &instance.root_volume.tags,
            ));
        }
        for volume in &self.volumes {
            rows.push((&volume.id, "volume", &volume.tags));
        }
        for snapshot in &self.snapshots {
            rows.push((&snapshot.id, "snapshot", &snapshot.tags));
        }
        for vpc in &self.vpcs {
            rows.push((&vpc.id, "vpc", &vpc.tags));
        }
        for subnet in &self.subnets {
            rows.push((&subnet.id, "subnet", &subnet.tags));
        }
        for group in &self.security_groups {
            rows.push((&group.id, "security-group", &group.tags));
        }
        for key in &self.key_pairs {
            rows.push((&key.id, "key-pair", &key.tags));
        }
        for template in &self.launch_templates {
            rows.push((&template.id, "launch-template", &template.tags));
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

    /// The tag set of a resource, or the error EC2 gives for an id it cannot tag.
    fn resource_tags(&mut self, id: &str) -> Result<&mut Tags, ApiError> {
        let prefix = id.split('-').next().unwrap_or_default();
        match prefix {
            "i" => self.known_instance_mut(id).map(|i| &mut i.tags),
            "vol" => match self.find_volume(id)? {
                VolumeRef::Root(i) => Ok(&mut self.instances[i].root_volume.tags),
                VolumeRef::Data(i) => Ok(&mut self.volumes[i].tags),
            },
            "snap" => {
                let snapshot = self.snapshots.iter_mut().find(|s| s.id == id);
                snapshot
                    .map(|s| &mut s.tags)
                    .ok_or_else(|| snapshot_not_found(id))
            }
            "vpc" | "subnet" | "sg" | "key" | "lt" => self.network_tags(id, prefix),
            "ami" => {
                let image = self.images.iter_mut().find(|i| i.id == id);
                image
                    .map(|i| &mut i.tags)
                    .ok_or_else(|| image_not_found(&[id]))
            }
            _ if id.contains('-') && well_formed(id, prefix) => Err(ApiError::new(
                "NotSimulated",
                format!(
                    "tags on `{id}` are not simulated: only instances, volumes, snapshots, images, VPCs, subnets, security groups, key pairs and launch templates carry tags; add a mock for Service ec2 in a --mocks file"
                ),
            )),
            _ => Err(ApiError::new(
                "InvalidID",
                format!("The ID '{id}' is not valid"),
            )),
        }
    }
}

impl SimWorld {
    /// Tags of the networking, key pair and launch template resources.
    fn network_tags(&mut self, id: &str, prefix: &str) -> Result<&mut Tags, ApiError> {
        let tags = match prefix {
            "vpc" => self
                .vpcs
                .iter_mut()
                .find(|v| v.id == id)
                .map(|v| &mut v.tags),
            "subnet" => self
                .subnets
                .iter_mut()
                .find(|s| s.id == id)
                .map(|s| &mut s.tags),
            "sg" => self
                .security_groups
                .iter_mut()
                .find(|g| g.id == id)
                .map(|g| &mut g.tags),
            "key" => self
                .key_pairs
                .iter_mut()
                .find(|k| k.id == id)
                .map(|k| &mut k.tags),
            _ => self
                .launch_templates
                .iter_mut()
                .find(|t| t.id == id)
                .map(|t| &mut t.tags),
        };
        let code = match prefix {
            "vpc" => "InvalidVpcID.NotFound",
            "subnet" => "InvalidSubnetID.NotFound",
            "sg" => "InvalidGroup.NotFound",
            "key" => "InvalidKeyPair.NotFound",
            _ => "InvalidLaunchTemplateId.NotFound",
        };
        tags.ok_or_else(|| ApiError::new(code, format!("The ID '{id}' does not exist")))
    }
}
