//! An EBS snapshot kept by the world: made by CreateSnapshot, CreateSnapshots or
//! CopySnapshot, or left behind when DeregisterImage keeps an image's snapshot. Its state is
//! derived from when it started and when it completes, like a volume's.

use serde_json::{Value, json};

use super::clock::{SECOND, iso};
use super::tags::Tags;

/// pending → completed. Real snapshots take minutes to hours; one minute keeps waits
/// visible without long simulated timelines, as for images.
pub const SNAPSHOT_PENDING_MS: i64 = 60 * SECOND;

/// The volume id EC2 reports for snapshots not taken from a volume of the account
/// (copies, and snapshots registered with an image).
pub const NO_VOLUME: &str = "vol-ffffffff";

#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub id: String,
    /// The source volume; `None` for copies, reported as `vol-ffffffff`.
    pub volume_id: Option<String>,
    pub volume_size: i64,
    pub description: String,
    pub owner_id: String,
    pub encrypted: bool,
    pub started: i64,
    pub completes_at: i64,
    pub tags: Tags,
}

impl Snapshot {
    pub fn state(&self, now: i64) -> &'static str {
        if now < self.completes_at {
            "pending"
        } else {
            "completed"
        }
    }

    /// `Progress` as EC2 writes it (`"42%"`), linear over the pending time.
    pub fn progress(&self, now: i64) -> String {
        let total = (self.completes_at - self.started).max(1);
        let done = (now - self.started).clamp(0, total);
        format!("{}%", done * 100 / total)
    }

    pub fn volume(&self) -> &str {
        self.volume_id.as_deref().unwrap_or(NO_VOLUME)
    }

    /// The `Snapshot` shape of DescribeSnapshots and CreateSnapshot.
    pub fn to_json(&self, now: i64) -> Value {
        let mut o = serde_json::Map::new();
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        o.insert("StorageTier".into(), json!("standard"));
        o.insert("SnapshotId".into(), json!(self.id));
        o.insert("VolumeId".into(), json!(self.volume()));
        o.insert("State".into(), json!(self.state(now)));
        o.insert("StartTime".into(), json!(iso(self.started)));
        o.insert("Progress".into(), json!(self.progress(now)));
        o.insert("OwnerId".into(), json!(self.owner_id));
        o.insert("Description".into(), json!(self.description));
        o.insert("VolumeSize".into(), json!(self.volume_size));
        o.insert("Encrypted".into(), json!(self.encrypted));
        if self.state(now) == "completed" {
            o.insert("CompletionTime".into(), json!(iso(self.completes_at)));
        }
        Value::Object(o)
    }

    /// The `SnapshotInfo` shape of CreateSnapshots.
    pub fn info_json(&self, now: i64) -> Value {
        let mut o = serde_json::Map::new();
        o.insert("Description".into(), json!(self.description));
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        o.insert("Encrypted".into(), json!(self.encrypted));
        o.insert("VolumeId".into(), json!(self.volume()));
        o.insert("State".into(), json!(self.state(now)));
        o.insert("VolumeSize".into(), json!(self.volume_size));
        o.insert("StartTime".into(), json!(iso(self.started)));
        o.insert("Progress".into(), json!(self.progress(now)));
        o.insert("OwnerId".into(), json!(self.owner_id));
        o.insert("SnapshotId".into(), json!(self.id));
        Value::Object(o)
    }
}
