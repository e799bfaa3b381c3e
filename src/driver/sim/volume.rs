//! An EBS volume created by CreateVolume, and the modifications ModifyVolume starts on any
//! volume. Root volumes live with their instance (`instance::Volume`); these stand alone and
//! may be attached to an instance and detached again.
//!
//! Every state is derived from instants stored on the volume (when it becomes available,
//! when an attachment settles), so a saved world resumes mid-transition and reading the
//! state needs no per-tick work.

use serde_json::{Value, json};

use super::clock::{SECOND, iso};
use super::tags::Tags;

/// creating → available.
pub const VOLUME_CREATING_MS: i64 = 10 * SECOND;
/// attaching → attached, and detaching → detached.
pub const ATTACHMENT_MS: i64 = 5 * SECOND;
/// A modification is `modifying` this long, then `optimizing`.
pub const MODIFYING_MS: i64 = 10 * SECOND;
/// … and `optimizing` this long, then `completed`.
pub const OPTIMIZING_MS: i64 = 60 * SECOND;
/// EC2 allows one modification per volume in six hours.
pub const MODIFICATION_INTERVAL_MS: i64 = 6 * 3600 * SECOND;

/// What a volume is: the members ModifyVolume can change.
#[derive(Clone, Debug, PartialEq)]
pub struct VolumeSpec {
    pub size: i64,
    pub volume_type: String,
    pub iops: Option<i64>,
    pub throughput: Option<i64>,
}

impl VolumeSpec {
    /// A spec with EC2's performance defaults for the type: gp3 has a 3,000 IOPS and
    /// 125 MiB/s baseline, gp2 three IOPS per GiB between 100 and 16,000, and the HDD and
    /// magnetic types report neither.
    pub fn with_defaults(size: i64, volume_type: &str, iops: Option<i64>, tp: Option<i64>) -> Self {
        let (iops, throughput) = match volume_type {
            "gp3" => (Some(iops.unwrap_or(3000)), Some(tp.unwrap_or(125))),
            "gp2" => (Some((size * 3).clamp(100, 16000)), None),
            "io1" | "io2" => (iops, None),
            _ => (None, None),
        };
        VolumeSpec {
            size,
            volume_type: volume_type.to_string(),
            iops,
            throughput,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attachment {
    pub instance_id: String,
    pub device: String,
    pub attached_at: i64,
    /// When attaching (or detaching) completes.
    pub settles_at: i64,
    pub detaching: bool,
    pub delete_on_termination: bool,
}

impl Attachment {
    pub fn state(&self, now: i64) -> &'static str {
        match (self.detaching, now < self.settles_at) {
            (true, _) => "detaching",
            (false, true) => "attaching",
            (false, false) => "attached",
        }
    }

    /// The `VolumeAttachment` shape of DescribeVolumes, AttachVolume and DetachVolume.
    pub fn to_json(&self, volume_id: &str, now: i64) -> Value {
        json!({
            "AttachTime": iso(self.attached_at),
            "Device": self.device,
            "InstanceId": self.instance_id,
            "State": self.state(now),
            "VolumeId": volume_id,
            "DeleteOnTermination": self.delete_on_termination,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct EbsVolume {
    pub id: String,
    pub spec: VolumeSpec,
    pub availability_zone: String,
    pub snapshot_id: Option<String>,
    pub encrypted: bool,
    pub multi_attach: bool,
    pub created: i64,
    /// When `creating` ends.
    pub available_at: i64,
    pub attachment: Option<Attachment>,
    pub tags: Tags,
}

impl EbsVolume {
    /// `creating` until its time has come, `in-use` while attached (also while attaching
    /// and detaching, as on EC2), else `available`.
    pub fn state(&self, now: i64) -> &'static str {
        if now < self.available_at {
            "creating"
        } else if self.attachment.is_some() {
            "in-use"
        } else {
            "available"
        }
    }
}

/// The `Volume` shape boto3 returns, shared by root and stand-alone volumes.
pub struct VolumeView<'a> {
    pub id: &'a str,
    pub spec: VolumeSpec,
    pub zone: &'a str,
    pub snapshot_id: &'a str,
    pub encrypted: bool,
    pub multi_attach: bool,
    pub created: i64,
    pub state: &'a str,
    pub attachments: Vec<Value>,
    pub tags: &'a Tags,
}

impl VolumeView<'_> {
    pub fn to_json(&self) -> Value {
        let mut o = serde_json::Map::new();
        o.insert("Attachments".into(), json!(self.attachments));
        o.insert("AvailabilityZone".into(), json!(self.zone));
        o.insert("CreateTime".into(), json!(iso(self.created)));
        o.insert("Encrypted".into(), json!(self.encrypted));
        o.insert("Size".into(), json!(self.spec.size));
        o.insert("SnapshotId".into(), json!(self.snapshot_id));
        o.insert("State".into(), json!(self.state));
        o.insert("VolumeId".into(), json!(self.id));
        if let Some(iops) = self.spec.iops {
            o.insert("Iops".into(), json!(iops));
        }
        o.insert("VolumeType".into(), json!(self.spec.volume_type));
        o.insert("MultiAttachEnabled".into(), json!(self.multi_attach));
        if let Some(throughput) = self.spec.throughput {
            o.insert("Throughput".into(), json!(throughput));
        }
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        Value::Object(o)
    }
}

/// A ModifyVolume request and its progress, for root and stand-alone volumes alike.
#[derive(Clone, Debug, PartialEq)]
pub struct Modification {
    pub volume_id: String,
    pub original: VolumeSpec,
    pub target: VolumeSpec,
    pub started: i64,
}

impl Modification {
    fn optimizing_at(&self) -> i64 {
        self.started + MODIFYING_MS
    }

    fn completed_at(&self) -> i64 {
        self.optimizing_at() + OPTIMIZING_MS
    }

    pub fn state(&self, now: i64) -> &'static str {
        if now < self.optimizing_at() {
            "modifying"
        } else if now < self.completed_at() {
            "optimizing"
        } else {
            "completed"
        }
    }

    /// Percent done, linear over the whole modification.
    pub fn progress(&self, now: i64) -> i64 {
        let total = MODIFYING_MS + OPTIMIZING_MS;
        ((now - self.started).clamp(0, total) * 100) / total
    }

    /// The `VolumeModification` shape.
    pub fn to_json(&self, now: i64) -> Value {
        let mut o = serde_json::Map::new();
        o.insert("VolumeId".into(), json!(self.volume_id));
        o.insert("ModificationState".into(), json!(self.state(now)));
        o.insert("TargetSize".into(), json!(self.target.size));
        if let Some(iops) = self.target.iops {
            o.insert("TargetIops".into(), json!(iops));
        }
        o.insert("TargetVolumeType".into(), json!(self.target.volume_type));
        if let Some(throughput) = self.target.throughput {
            o.insert("TargetThroughput".into(), json!(throughput));
        }
        o.insert("TargetMultiAttachEnabled".into(), json!(false));
        o.insert("OriginalSize".into(), json!(self.original.size));
        if let Some(iops) = self.original.iops {
            o.insert("OriginalIops".into(), json!(iops));
        }
        o.insert(
            "OriginalVolumeType".into(),
            json!(self.original.volume_type),
        );
        if let Some(throughput) = self.original.throughput {
            o.insert("OriginalThroughput".into(), json!(throughput));
        }
        o.insert("OriginalMultiAttachEnabled".into(), json!(false));
        o.insert("Progress".into(), json!(self.progress(now)));
        o.insert("StartTime".into(), json!(iso(self.started)));
        if self.state(now) == "completed" {
            o.insert("EndTime".into(), json!(iso(self.completed_at())));
        }
        Value::Object(o)
    }
}
