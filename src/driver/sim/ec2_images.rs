//! AMI operations: CreateImage, DescribeImages, DeregisterImage and CopyImage.

use serde_json::{Value, json};

use super::ec2_instances::{malformed, well_formed};
use super::filters;
use super::image::{IMAGE_PENDING_MS, Image, ImageState};
use super::instance::{InstanceState, STATUS_CHECKS_MS};
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

const IMAGE_FILTERS: &[&str] = &[
    "image-id",
    "name",
    "state",
    "owner-id",
    "owner-alias",
    "platform",
    "architecture",
    "is-public",
    "image-type",
    "root-device-type",
    "virtualization-type",
    "description",
    "tag-key",
    "tag-value",
];

impl SimWorld {
    pub(crate) fn create_image(&mut self, request: &Request) -> Result<Value, ApiError> {
        let instance_id = request.required_str("InstanceId")?;
        let name = request.required_str("Name")?;
        let instance = self.known_instance(instance_id)?;
        self.check_image_name(name)?;
        if !matches!(
            instance.state,
            InstanceState::Running | InstanceState::Stopped
        ) {
            return Err(ApiError::new(
                "IncorrectInstanceState",
                format!(
                    "The instance '{instance_id}' is not in a state from which it can be imaged."
                ),
            ));
        }
        let (platform, size) = (instance.platform, instance.root_volume.size);
        let reboots = instance.state == InstanceState::Running && !request.flag("NoReboot")?;
        let image = Image {
            id: self.fresh_ec2_id("ami"),
            name: name.to_string(),
            description: request.str("Description")?.map(str::to_string),
            state: ImageState::Pending,
            available_at: self.now + IMAGE_PENDING_MS,
            created: self.now,
            owner_id: self.account.clone(),
            owner_alias: None,
            platform,
            architecture: "x86_64".to_string(),
            snapshot_id: self.fresh_ec2_id("snap"),
            volume_size: size,
            public: false,
            tags: Tags::from_specifications(request, "image")?,
            source_instance_id: Some(instance_id.to_string()),
            source_image: None,
        };
        if reboots {
            // Without NoReboot, EC2 reboots the instance for a consistent snapshot.
            let now = self.now;
            if let Some(instance) = self.instance_mut(instance_id) {
                instance.checks_ok_at = now + STATUS_CHECKS_MS;
            }
        }
        let id = image.id.clone();
        self.images.push(image);
        Ok(json!({"ImageId": id}))
    }

    pub(crate) fn copy_image(&mut self, request: &Request) -> Result<Value, ApiError> {
        let source_id = request.required_str("SourceImageId")?;
        let source_region = request.required_str("SourceRegion")?;
        let name = request.required_str("Name")?;
        self.check_image_ids(&[source_id.to_string()])?;
        self.check_image_name(name)?;
        let Some(source) = self.image(source_id).cloned() else {
            return Err(image_not_found(&[source_id]));
        };
        let mut tags = Tags::from_specifications(request, "image")?;
        if request.flag("CopyImageTags")? {
            for (k, v) in source.tags.iter() {
                tags.set(k, v);
            }
        }
        let image = Image {
            id: self.fresh_ec2_id("ami"),
            name: name.to_string(),
            description: request.str("Description")?.map(str::to_string),
            state: ImageState::Pending,
            available_at: self.now + IMAGE_PENDING_MS,
            created: self.now,
            owner_id: self.account.clone(),
            owner_alias: None,
            snapshot_id: self.fresh_ec2_id("snap"),
            public: false,
            tags,
            source_instance_id: None,
            source_image: Some((source_id.to_string(), source_region.to_string())),
            ..source
        };
        let id = image.id.clone();
        self.images.push(image);
        Ok(json!({"ImageId": id}))
    }

    pub(crate) fn describe_images(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("ImageIds")?.unwrap_or_default();
        self.check_image_ids(&ids)?;
        let owners = request.str_list("Owners")?.unwrap_or_default();
        let filters = filters::parse(request, "DescribeImages", IMAGE_FILTERS)?;
        let images: Vec<Value> = self
            .images
            .iter()
            .filter(|image| ids.is_empty() || ids.contains(&image.id))
            .filter(|image| owners.is_empty() || owners.iter().any(|o| self.owned_by(image, o)))
            .filter(|image| filters::matches(&filters, |name| image_values(image, name)))
            .map(Image::to_json)
            .collect();
        Ok(json!({"Images": images}))
    }

    pub(crate) fn deregister_image(&mut self, request: &Request) -> Result<Value, ApiError> {
        let id = request.required_str("ImageId")?;
        self.check_image_ids(&[id.to_string()])?;
        let delete_snapshots = request.flag("DeleteAssociatedSnapshots")?;
        let Some(at) = self.images.iter().position(|image| image.id == id) else {
            return Err(image_not_found(&[id]));
        };
        let image = self.images.remove(at);
        if delete_snapshots {
            return Ok(json!({
                "Return": true,
                "DeleteSnapshotResults": [{"SnapshotId": image.snapshot_id, "ReturnCode": "success"}],
            }));
        }
        // As on EC2, the snapshot outlives the image until DeleteSnapshot removes it.
        self.keep_image_snapshot(&image);
        Ok(json!({"Return": true}))
    }

    /// `Owners` accepts account ids, `self` and aliases such as `amazon`.
    fn owned_by(&self, image: &Image, owner: &str) -> bool {
        match owner {
            "self" => image.owner_id == self.account,
            _ => image.owner_id == owner || image.owner_alias.as_deref() == Some(owner),
        }
    }

    fn check_image_ids(&self, ids: &[String]) -> Result<(), ApiError> {
        if let Some(bad) = ids.iter().find(|id| !well_formed(id, "ami")) {
            return Err(malformed(bad, "ami", "InvalidAMIID.Malformed"));
        }
        let missing: Vec<&str> = ids
            .iter()
            .filter(|id| self.image(id).is_none())
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(image_not_found(&missing))
        }
    }

    /// AMI names are unique per account and limited in length and alphabet.
    fn check_image_name(&self, name: &str) -> Result<(), ApiError> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || "()[] ./-'@_".contains(c);
        if !(3..=128).contains(&name.chars().count()) || !name.chars().all(allowed) {
            return Err(ApiError::new(
                "InvalidAMIName.Malformed",
                "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'",
            ));
        }
        if let Some(existing) = self
            .images
            .iter()
            .find(|i| i.name == name && i.owner_id == self.account)
        {
            return Err(ApiError::new(
                "InvalidAMIName.Duplicate",
                format!("AMI name {name} is already in use by AMI {}", existing.id),
            ));
        }
        Ok(())
    }
}

pub fn image_not_found(ids: &[&str]) -> ApiError {
    let message = match ids {
        [one] => format!("The image id '[{one}]' does not exist"),
        many => format!("The image ids '[{}]' do not exist", many.join(", ")),
    };
    ApiError::new("InvalidAMIID.NotFound", message)
}

fn image_values(image: &Image, name: &str) -> Vec<String> {
    let one = |value: &str| vec![value.to_string()];
    match name {
        "image-id" => one(&image.id),
        "name" => one(&image.name),
        "state" => one(image.state.name()),
        "owner-id" => one(&image.owner_id),
        "owner-alias" => image.owner_alias.iter().cloned().collect(),
        "platform" if image.platform.name() == "windows" => one("windows"),
        "architecture" => one(&image.architecture),
        "is-public" => vec![image.public.to_string()],
        "image-type" => one("machine"),
        "root-device-type" => one("ebs"),
        "virtualization-type" => one("hvm"),
        "description" => image.description.iter().cloned().collect(),
        _ => filters::tag_values(&image.tags, name),
    }
}
