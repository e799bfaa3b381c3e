//! World-file `volumes`, `snapshots` and `volumeModifications`.

use serde_json::{Map, Value, json};

use super::ec2::{checked_id, tags_map};
use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::iso;
use crate::driver::sim::snapshot::{NO_VOLUME, Snapshot};
use crate::driver::sim::volume::{Attachment, EbsVolume, Modification, VolumeSpec};

const VOLUME_FIELDS: &[&str] = &[
    "VolumeId",
    "Size",
    "VolumeType",
    "Iops",
    "Throughput",
    "AvailabilityZone",
    "SnapshotId",
    "Encrypted",
    "MultiAttachEnabled",
    "CreateTime",
    "AvailableAt",
    "Attachment",
    "Tags",
];

const ATTACHMENT_FIELDS: &[&str] = &[
    "InstanceId",
    "Device",
    "AttachTime",
    "SettlesAt",
    "Detaching",
    "DeleteOnTermination",
];

const SNAPSHOT_FIELDS: &[&str] = &[
    "SnapshotId",
    "VolumeId",
    "VolumeSize",
    "Description",
    "OwnerId",
    "Encrypted",
    "StartTime",
    "CompletionTime",
    "Tags",
];

const MODIFICATION_FIELDS: &[&str] = &["VolumeId", "Original", "Target", "StartTime"];
const SPEC_FIELDS: &[&str] = &["Size", "VolumeType", "Iops", "Throughput"];

const DEFAULT_VOLUME_TYPE: &str = "gp2";
const DEFAULT_SIZE: i64 = 8;

fn read_spec(f: &Fields) -> Result<VolumeSpec> {
    let volume_type = f.string_or("VolumeType", DEFAULT_VOLUME_TYPE)?;
    let size = f.int("Size")?.unwrap_or(DEFAULT_SIZE);
    Ok(VolumeSpec::with_defaults(
        size,
        &volume_type,
        f.int("Iops")?,
        f.int("Throughput")?,
    ))
}

fn write_spec(o: &mut Map<String, Value>, spec: &VolumeSpec) {
    o.insert("Size".into(), json!(spec.size));
    o.insert("VolumeType".into(), json!(spec.volume_type));
    let defaults = VolumeSpec::with_defaults(spec.size, &spec.volume_type, None, None);
    if spec.iops != defaults.iops
        && let Some(iops) = spec.iops
    {
        o.insert("Iops".into(), json!(iops));
    }
    if spec.throughput != defaults.throughput
        && let Some(throughput) = spec.throughput
    {
        o.insert("Throughput".into(), json!(throughput));
    }
}

pub fn read_volume(world: &mut SimWorld, path: &str, value: &Value) -> Result<EbsVolume> {
    let f = Fields::new(path, value)?;
    f.only(VOLUME_FIELDS)?;
    let id = f.required_str("VolumeId")?;
    checked_id(&f, "VolumeId", id, "vol")?;
    let created = f.time("CreateTime")?.unwrap_or(world.now);
    let attachment = match f.value("Attachment") {
        Some(a) => Some(read_attachment(&f.path("Attachment"), a, created)?),
        None => None,
    };
    Ok(EbsVolume {
        id: id.to_string(),
        spec: read_spec(&f)?,
        availability_zone: f.string_or("AvailabilityZone", &format!("{}a", world.region))?,
        snapshot_id: f.opt_string("SnapshotId")?,
        encrypted: f.bool("Encrypted")?.unwrap_or(false),
        multi_attach: f.bool("MultiAttachEnabled")?.unwrap_or(false),
        created,
        available_at: f.time("AvailableAt")?.unwrap_or(created),
        attachment,
        tags: f.tags("Tags")?,
    })
}

fn read_attachment(path: &str, value: &Value, created: i64) -> Result<Attachment> {
    let f = Fields::new(path, value)?;
    f.only(ATTACHMENT_FIELDS)?;
    let instance_id = f.required_str("InstanceId")?;
    checked_id(&f, "InstanceId", instance_id, "i")?;
    let attached_at = f.time("AttachTime")?.unwrap_or(created);
    Ok(Attachment {
        instance_id: instance_id.to_string(),
        device: f.required_str("Device")?.to_string(),
        attached_at,
        settles_at: f.time("SettlesAt")?.unwrap_or(attached_at),
        detaching: f.bool("Detaching")?.unwrap_or(false),
        delete_on_termination: f.bool("DeleteOnTermination")?.unwrap_or(false),
    })
}

pub fn write_volume(world: &SimWorld, v: &EbsVolume) -> Value {
    let mut o = Map::new();
    o.insert("VolumeId".into(), json!(v.id));
    write_spec(&mut o, &v.spec);
    o.insert("AvailabilityZone".into(), json!(v.availability_zone));
    if let Some(snapshot) = &v.snapshot_id {
        o.insert("SnapshotId".into(), json!(snapshot));
    }
    if v.encrypted {
        o.insert("Encrypted".into(), json!(true));
    }
    if v.multi_attach {
        o.insert("MultiAttachEnabled".into(), json!(true));
    }
    o.insert("CreateTime".into(), json!(iso(v.created)));
    if v.available_at != v.created {
        o.insert("AvailableAt".into(), json!(iso(v.available_at)));
    }
    if let Some(a) = &v.attachment {
        let mut m = Map::new();
        m.insert("InstanceId".into(), json!(a.instance_id));
        m.insert("Device".into(), json!(a.device));
        m.insert("AttachTime".into(), json!(iso(a.attached_at)));
        if a.settles_at > world.now {
            m.insert("SettlesAt".into(), json!(iso(a.settles_at)));
        }
        if a.detaching {
            m.insert("Detaching".into(), json!(true));
        }
        if a.delete_on_termination {
            m.insert("DeleteOnTermination".into(), json!(true));
        }
        o.insert("Attachment".into(), Value::Object(m));
    }
    if !v.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&v.tags));
    }
    Value::Object(o)
}

/// A snapshot is a mapping, or just its id (as older saved worlds list the snapshots
/// deregistered images left behind): a completed snapshot of no known volume.
pub fn read_snapshot(world: &SimWorld, path: &str, value: &Value) -> Result<Snapshot> {
    if let Value::String(id) = value {
        let holder = json!({ "SnapshotId": id });
        return read_snapshot(world, path, &holder).map_err(|e| e.replace(".SnapshotId", ""));
    }
    let f = Fields::new(path, value)?;
    f.only(SNAPSHOT_FIELDS)?;
    let id = f.required_str("SnapshotId")?;
    checked_id(&f, "SnapshotId", id, "snap")?;
    let volume_id = f.opt_string("VolumeId")?.filter(|v| v != NO_VOLUME);
    if let Some(volume) = &volume_id {
        checked_id(&f, "VolumeId", volume, "vol")?;
    }
    let started = f.time("StartTime")?.unwrap_or(world.now);
    Ok(Snapshot {
        id: id.to_string(),
        volume_id,
        volume_size: f.int("VolumeSize")?.unwrap_or(DEFAULT_SIZE),
        description: f.string_or("Description", "")?,
        owner_id: f
            .scalar("OwnerId")?
            .unwrap_or_else(|| world.account.clone()),
        encrypted: f.bool("Encrypted")?.unwrap_or(false),
        started,
        completes_at: f.time("CompletionTime")?.unwrap_or(started),
        tags: f.tags("Tags")?,
    })
}

pub fn write_snapshot(world: &SimWorld, s: &Snapshot) -> Value {
    let mut o = Map::new();
    o.insert("SnapshotId".into(), json!(s.id));
    if let Some(volume) = &s.volume_id {
        o.insert("VolumeId".into(), json!(volume));
    }
    if s.volume_size != DEFAULT_SIZE {
        o.insert("VolumeSize".into(), json!(s.volume_size));
    }
    if !s.description.is_empty() {
        o.insert("Description".into(), json!(s.description));
    }
    if s.owner_id != world.account {
        o.insert("OwnerId".into(), json!(s.owner_id));
    }
    if s.encrypted {
        o.insert("Encrypted".into(), json!(true));
    }
    o.insert("StartTime".into(), json!(iso(s.started)));
    if s.completes_at != s.started {
        o.insert("CompletionTime".into(), json!(iso(s.completes_at)));
    }
    if !s.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&s.tags));
    }
    Value::Object(o)
}

pub fn read_modification(world: &SimWorld, path: &str, value: &Value) -> Result<Modification> {
    let f = Fields::new(path, value)?;
    f.only(MODIFICATION_FIELDS)?;
    let volume_id = f.required_str("VolumeId")?;
    checked_id(&f, "VolumeId", volume_id, "vol")?;
    let spec = |key: &str| -> Result<VolumeSpec> {
        let Some(v) = f.value(key) else {
            return Err(format!("`{}`: missing required field", f.path(key)));
        };
        let s = Fields::new(&f.path(key), v)?;
        s.only(SPEC_FIELDS)?;
        read_spec(&s)
    };
    Ok(Modification {
        volume_id: volume_id.to_string(),
        original: spec("Original")?,
        target: spec("Target")?,
        started: f.time("StartTime")?.unwrap_or(world.now),
    })
}

pub fn write_modification(m: &Modification) -> Value {
    let spec = |s: &VolumeSpec| {
        let mut o = Map::new();
        write_spec(&mut o, s);
        Value::Object(o)
    };
    json!({
        "VolumeId": m.volume_id,
        "Original": spec(&m.original),
        "Target": spec(&m.target),
        "StartTime": iso(m.started),
    })
}
