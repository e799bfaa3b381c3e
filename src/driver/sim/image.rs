//! An AMI. New images (CreateImage, CopyImage) are `pending` until their snapshot would
//! have completed, then `available`; settled lazily like instances.

use serde_json::{Value, json};

use super::clock::{SECOND, iso};
use super::instance::Platform;
use super::tags::Tags;

/// pending → available for CreateImage and CopyImage. Real AMIs take minutes; one minute
/// keeps waits visible in a run without making simulated timelines long.
pub const IMAGE_PENDING_MS: i64 = 60 * SECOND;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageState {
    Pending,
    Available,
    Failed,
}

impl ImageState {
    pub const ALL: [ImageState; 3] = [
        ImageState::Pending,
        ImageState::Available,
        ImageState::Failed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ImageState::Pending => "pending",
            ImageState::Available => "available",
            ImageState::Failed => "failed",
        }
    }

    pub fn from_name(name: &str) -> Option<ImageState> {
        ImageState::ALL.into_iter().find(|s| s.name() == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub state: ImageState,
    /// When a pending image becomes available.
    pub available_at: i64,
    pub created: i64,
    pub owner_id: String,
    /// `amazon` for Amazon's public images; absent for the account's own.
    pub owner_alias: Option<String>,
    pub platform: Platform,
    pub architecture: String,
    pub snapshot_id: String,
    pub volume_size: i64,
    pub public: bool,
    pub tags: Tags,
    pub source_instance_id: Option<String>,
    /// `(image id, region)` of the image this one was copied from.
    pub source_image: Option<(String, String)>,
}

impl Image {
    pub fn settle(&mut self, now: i64) {
        if self.state == ImageState::Pending && now >= self.available_at {
            self.state = ImageState::Available;
        }
    }

    /// The `Images[]` item of DescribeImages.
    pub fn to_json(&self) -> Value {
        let mut o = serde_json::Map::new();
        o.insert("Architecture".into(), json!(self.architecture));
        o.insert("CreationDate".into(), json!(iso(self.created)));
        o.insert("ImageId".into(), json!(self.id));
        let location = self.owner_alias.as_deref().unwrap_or(&self.owner_id);
        o.insert(
            "ImageLocation".into(),
            json!(format!("{location}/{}", self.name)),
        );
        o.insert("ImageType".into(), json!("machine"));
        o.insert("Public".into(), json!(self.public));
        o.insert("OwnerId".into(), json!(self.owner_id));
        self.platform.decorate(&mut o);
        o.insert("PlatformDetails".into(), json!(self.platform.details()));
        o.insert(
            "UsageOperation".into(),
            json!(self.platform.usage_operation()),
        );
        o.insert("State".into(), json!(self.state.name()));
        o.insert(
            "BlockDeviceMappings".into(),
            json!([{
                "DeviceName": self.platform.root_device(),
                "Ebs": {
                    "DeleteOnTermination": true,
                    "SnapshotId": self.snapshot_id,
                    "VolumeSize": self.volume_size,
                    "VolumeType": "gp3",
                    "Encrypted": false,
                }
            }]),
        );
        if let Some(description) = &self.description {
            o.insert("Description".into(), json!(description));
        }
        o.insert("EnaSupport".into(), json!(true));
        o.insert("Hypervisor".into(), json!("xen"));
        if let Some(alias) = &self.owner_alias {
            o.insert("ImageOwnerAlias".into(), json!(alias));
        }
        o.insert("Name".into(), json!(self.name));
        o.insert("RootDeviceName".into(), json!(self.platform.root_device()));
        o.insert("RootDeviceType".into(), json!("ebs"));
        o.insert("SriovNetSupport".into(), json!("simple"));
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        o.insert("VirtualizationType".into(), json!("hvm"));
        if let Some(source) = &self.source_instance_id {
            o.insert("SourceInstanceId".into(), json!(source));
        }
        if let Some((id, region)) = &self.source_image {
            o.insert("SourceImageId".into(), json!(id));
            o.insert("SourceImageRegion".into(), json!(region));
        }
        Value::Object(o)
    }
}
