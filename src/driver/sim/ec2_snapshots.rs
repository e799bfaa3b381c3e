//! EBS snapshots: CreateSnapshot, CreateSnapshots, CopySnapshot, DescribeSnapshots and
//! DeleteSnapshot. The account's images each own a snapshot too; those are listed, pending
//! while their image is, and cannot be deleted while the image is registered.

use serde_json::{Value, json};

use super::ec2_instances::{malformed, well_formed};
use super::ec2_volumes::{VolumeRef, has_root_volume};
use super::filters;
use super::image::{Image, ImageState};
use super::request::Request;
use super::snapshot::{SNAPSHOT_PENDING_MS, Snapshot};
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

const SNAPSHOT_FILTERS: &[&str] = &[
    "snapshot-id",
    "volume-id",
    "status",
    "progress",
    "owner-id",
    "owner-alias",
    "description",
    "volume-size",
    "encrypted",
    "start-time",
    "storage-tier",
    "tag-key",
    "tag-value",
];

pub fn snapshot_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidSnapshot.NotFound",
        format!("The snapshot '{id}' does not exist."),
    )
}

fn check_snapshot_id(id: &str) -> Result<(), ApiError> {
    if well_formed(id, "snap") {
        Ok(())
    } else {
        Err(malformed(id, "snap", "InvalidSnapshotID.Malformed"))
    }
}

impl SimWorld {
    pub(crate) fn create_snapshot(&mut self, request: &Request) -> Result<Value, ApiError> {
        let volume_id = request.required_str("VolumeId")?;
        let at = self.settled_volume(volume_id)?;
        let description = request.str("Description")?.unwrap_or("").to_string();
        let tags = Tags::from_specifications(request, "snapshot")?;
        let snapshot = self.new_snapshot(at, description, tags);
        let answer = snapshot.to_json(self.now);
        self.snapshots.push(snapshot);
        Ok(answer)
    }

    /// One snapshot of every volume attached to an instance, root first.
    pub(crate) fn create_snapshots(&mut self, request: &Request) -> Result<Value, ApiError> {
        let spec = request.object("InstanceSpecification")?;
        let spec_value = spec.map(|m| Value::Object(m.clone())).unwrap_or_default();
        let spec = Request::new(&spec_value);
        let instance_id = spec.required_str("InstanceId")?;
        let instance = self.known_instance(instance_id)?;
        let exclude_boot = spec.flag("ExcludeBootVolume")?;
        let excluded = spec.str_list("ExcludeDataVolumeIds")?.unwrap_or_default();
        let mut targets = Vec::new();
        if !exclude_boot && has_root_volume(instance) {
            targets.push(self.find_volume(&instance.root_volume.id)?);
        }
        for (i, volume) in self.volumes.iter().enumerate() {
            let attached = volume.attachment.as_ref();
            if attached.is_some_and(|a| a.instance_id == instance_id)
                && !excluded.contains(&volume.id)
            {
                targets.push(VolumeRef::Data(i));
            }
        }
        let description = request.str("Description")?.unwrap_or("").to_string();
        let tags = Tags::from_specifications(request, "snapshot")?;
        let copy_tags = request.str("CopyTagsFromSource")? == Some("volume");
        let made: Vec<Snapshot> = targets
            .into_iter()
            .map(|at| {
                let mut own = tags.clone();
                if copy_tags {
                    for (k, v) in self.volume_tags(at).iter() {
                        own.set(k, v);
                    }
                }
                self.new_snapshot(at, description.clone(), own)
            })
            .collect();
        let infos: Vec<Value> = made.iter().map(|s| s.info_json(self.now)).collect();
        self.snapshots.extend(made);
        Ok(json!({"Snapshots": infos}))
    }

    fn volume_tags(&self, at: VolumeRef) -> Tags {
        match at {
            VolumeRef::Data(i) => self.volumes[i].tags.clone(),
            VolumeRef::Root(i) => self.instances[i].root_volume.tags.clone(),
        }
    }

    fn new_snapshot(&mut self, at: VolumeRef, description: String, tags: Tags) -> Snapshot {
        let volume_id = match at {
            VolumeRef::Data(i) => self.volumes[i].id.clone(),
            VolumeRef::Root(i) => self.instances[i].root_volume.id.clone(),
        };
        Snapshot {
            id: self.fresh_ec2_id("snap"),
            volume_id: Some(volume_id),
            volume_size: self.volume_spec(at).size,
            description,
            owner_id: self.account.clone(),
            encrypted: matches!(at, VolumeRef::Data(i) if self.volumes[i].encrypted),
            started: self.now,
            completes_at: self.now + SNAPSHOT_PENDING_MS,
            tags,
        }
    }

    pub(crate) fn copy_snapshot(&mut self, request: &Request) -> Result<Value, ApiError> {
        let source_id = request.required_str("SourceSnapshotId")?;
        let source_region = request.required_str("SourceRegion")?;
        let (_, size) = self.completed_snapshot(source_id)?;
        let encrypted = request.flag("Encrypted")?
            || self
                .snapshots
                .iter()
                .any(|s| s.id == source_id && s.encrypted);
        let description = request.str("Description")?.map_or_else(
            || format!("[Copied {source_id} from {source_region}]"),
            str::to_string,
        );
        let tags = Tags::from_specifications(request, "snapshot")?;
        let copy = Snapshot {
            id: self.fresh_ec2_id("snap"),
            volume_id: None,
            volume_size: size,
            description,
            owner_id: self.account.clone(),
            encrypted,
            started: self.now,
            completes_at: self.now + SNAPSHOT_PENDING_MS,
            tags,
        };
        let mut answer = json!({"SnapshotId": copy.id});
        if !copy.tags.is_empty() {
            answer["Tags"] = copy.tags.to_json();
        }
        self.snapshots.push(copy);
        Ok(answer)
    }

    /// A snapshot that can be read from (a volume created, a copy made): its id and size.
    pub(crate) fn completed_snapshot(&self, id: &str) -> Result<(String, i64), ApiError> {
        check_snapshot_id(id)?;
        let views = self.snapshot_views();
        let Some(snapshot) = views.iter().find(|s| s.id == id) else {
            return Err(snapshot_not_found(id));
        };
        if snapshot.state(self.now) != "completed" {
            return Err(ApiError::new(
                "IncorrectState",
                format!(
                    "Snapshot is in invalid state - {}",
                    snapshot.state(self.now)
                ),
            ));
        }
        Ok((snapshot.id.clone(), snapshot.volume_size))
    }

    /// Every snapshot: the stand-alone ones and those of the account's images.
    fn snapshot_views(&self) -> Vec<Snapshot> {
        let images = self
            .images
            .iter()
            .filter(|i| i.owner_id == self.account)
            .map(image_snapshot);
        self.snapshots.iter().cloned().chain(images).collect()
    }

    pub(crate) fn describe_snapshots(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("SnapshotIds")?.unwrap_or_default();
        let owners = request.str_list("OwnerIds")?.unwrap_or_default();
        let views = self.snapshot_views();
        for id in &ids {
            check_snapshot_id(id)?;
            if !views.iter().any(|s| &s.id == id) {
                return Err(snapshot_not_found(id));
            }
        }
        let filters = filters::parse(request, "DescribeSnapshots", SNAPSHOT_FILTERS)?;
        let owned = |s: &Snapshot| {
            owners.is_empty()
                || owners
                    .iter()
                    .any(|o| o == &s.owner_id || (o == "self" && s.owner_id == self.account))
        };
        let items: Vec<Value> = views
            .iter()
            .filter(|s| ids.is_empty() || ids.contains(&s.id))
            .filter(|s| owned(s))
            .map(|s| s.to_json(self.now))
            .filter(|s| filters::matches(&filters, |name| snapshot_values(s, name)))
            .collect();
        Ok(json!({"Snapshots": items}))
    }

    /// An image's own snapshot is in use while the image is registered.
    pub(crate) fn delete_snapshot(&mut self, request: &Request) -> Result<Value, ApiError> {
        let id = request.required_str("SnapshotId")?;
        check_snapshot_id(id)?;
        if let Some(image) = self.images.iter().find(|i| i.snapshot_id == id) {
            return Err(ApiError::new(
                "InvalidSnapshot.InUse",
                format!("The snapshot {id} is currently in use by {}", image.id),
            ));
        }
        let before = self.snapshots.len();
        self.snapshots.retain(|s| s.id != id);
        if self.snapshots.len() == before {
            return Err(snapshot_not_found(id));
        }
        Ok(json!({}))
    }

    /// The snapshot an image leaves behind when it is deregistered without its snapshots.
    pub(crate) fn keep_image_snapshot(&mut self, image: &Image) {
        let mut snapshot = image_snapshot(image);
        snapshot.completes_at = snapshot.completes_at.min(self.now);
        self.snapshots.push(snapshot);
    }
}

/// An image's snapshot as DescribeSnapshots shows it.
fn image_snapshot(image: &Image) -> Snapshot {
    let completes_at = match image.state {
        ImageState::Pending => image.available_at,
        _ => image.created,
    };
    let description = match &image.source_instance_id {
        Some(instance) => format!("Created by CreateImage({instance}) for {}", image.id),
        None => format!("Created for {}", image.id),
    };
    Snapshot {
        id: image.snapshot_id.clone(),
        volume_id: None,
        volume_size: image.volume_size,
        description,
        owner_id: image.owner_id.clone(),
        encrypted: false,
        started: image.created,
        completes_at,
        tags: Tags::new(),
    }
}

fn snapshot_values(item: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "snapshot-id" => "/SnapshotId",
        "volume-id" => "/VolumeId",
        "status" => "/State",
        "progress" => "/Progress",
        "owner-id" => "/OwnerId",
        "owner-alias" => "/OwnerAlias",
        "description" => "/Description",
        "volume-size" => "/VolumeSize",
        "encrypted" => "/Encrypted",
        "start-time" => "/StartTime",
        "storage-tier" => "/StorageTier",
        _ => return filters::tag_values(&filters::tags_of(item, "Tags"), name),
    };
    filters::json_values(item, pointer)
}
