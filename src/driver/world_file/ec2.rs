//! World-file `instances` and `images`.

use serde_json::{Map, Value, json};

use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::iso;
use crate::driver::sim::ec2_instances::{DEFAULT_SUBNET_ID, DEFAULT_VPC_ID, well_formed};
use crate::driver::sim::image::{IMAGE_PENDING_MS, Image, ImageState};
use crate::driver::sim::instance::{Instance, InstanceState, Platform, Volume};
use crate::driver::sim::tags::Tags;

const INSTANCE_FIELDS: &[&str] = &[
    "InstanceId",
    "State",
    "InstanceType",
    "ImageId",
    "Platform",
    "managed",
    "Tags",
    "LaunchTime",
    "StateChangedAt",
    "TransitionEndsAt",
    "StatusChecksOkAt",
    "StateTransitionReason",
    "ReservationId",
    "AvailabilityZone",
    "PrivateIpAddress",
    "SubnetId",
    "VpcId",
    "KeyName",
    "DisableApiTermination",
    "RootVolume",
    "SecurityGroupIds",
];

const VOLUME_FIELDS: &[&str] = &["VolumeId", "Size", "VolumeType", "CreateTime", "Tags"];

const IMAGE_FIELDS: &[&str] = &[
    "ImageId",
    "Name",
    "Description",
    "State",
    "AvailableAt",
    "Platform",
    "OwnerId",
    "ImageOwnerAlias",
    "Architecture",
    "Public",
    "CreationDate",
    "SnapshotId",
    "VolumeSize",
    "Tags",
    "SourceInstanceId",
    "SourceImageId",
    "SourceImageRegion",
];

const DEFAULT_INSTANCE_TYPE: &str = "t3.micro";
/// The image of instances in a world without images: the default world's Linux image.
const FALLBACK_IMAGE_ID: &str = "ami-0abcdef1234567890";
const PLATFORMS: &[&str] = &["linux", "windows"];

fn state_names() -> Vec<&'static str> {
    InstanceState::ALL.iter().map(|s| s.name()).collect()
}

fn transitional(state: InstanceState) -> bool {
    state.default_duration() > 0
}

/// An instance's platform when the file does not say: its image's, else Linux.
fn default_platform(world: &SimWorld, image_id: &str) -> Platform {
    world
        .image(image_id)
        .map_or(Platform::Linux, |i| i.platform)
}

/// An instance is in its subnet's zone; the region's first zone when the subnet is unknown.
fn default_zone(world: &SimWorld, subnet_id: &str) -> String {
    world
        .subnets
        .iter()
        .find(|s| s.id == subnet_id)
        .map_or_else(
            || format!("{}a", world.region),
            |s| s.availability_zone.clone(),
        )
}

/// The id a field gives, checked, or a fresh one when the field is absent.
pub fn id_or_fresh(world: &mut SimWorld, f: &Fields, key: &str, prefix: &str) -> Result<String> {
    match f.str(key)? {
        Some(id) => {
            checked_id(f, key, id, prefix)?;
            Ok(id.to_string())
        }
        None => Ok(world.fresh_ec2_id(prefix)),
    }
}

pub fn checked_id(fields: &Fields, key: &str, id: &str, prefix: &str) -> Result<()> {
    if well_formed(id, prefix) {
        Ok(())
    } else {
        Err(format!(
            "`{}`: `{id}` is not an id such as {prefix}-0123456789abcdef0",
            fields.path(key)
        ))
    }
}

pub fn read_instance(world: &mut SimWorld, path: &str, value: &Value) -> Result<Instance> {
    let f = Fields::new(path, value)?;
    f.only(INSTANCE_FIELDS)?;
    let id = f.required_str("InstanceId")?;
    checked_id(&f, "InstanceId", id, "i")?;
    let state = f.choice(
        "State",
        InstanceState::Running,
        InstanceState::from_name,
        &state_names(),
    )?;
    // An instance may outlive its AMI, so the default need not exist in the world.
    let image_id = match (f.str("ImageId")?, world.images.first()) {
        (Some(image_id), _) => image_id.to_string(),
        (None, Some(image)) => image.id.clone(),
        (None, None) => FALLBACK_IMAGE_ID.to_string(),
    };
    checked_id(&f, "ImageId", &image_id, "ami")?;
    let platform = f.choice(
        "Platform",
        default_platform(world, &image_id),
        Platform::from_name,
        PLATFORMS,
    )?;
    let now = world.now;
    let launch_time = f.time("LaunchTime")?.unwrap_or(now);
    let state_since = f.time("StateChangedAt")?.unwrap_or(now);
    let transition_ends = match f.time("TransitionEndsAt")? {
        Some(_) if !transitional(state) => {
            return Err(format!(
                "`{}`: only pending, stopping and shutting-down instances have a transition end",
                f.path("TransitionEndsAt")
            ));
        }
        Some(at) => at,
        None => state_since + state.default_duration(),
    };
    // A running instance in a world file has passed its checks unless the file says when.
    let checks_ok_at = f.time("StatusChecksOkAt")?.unwrap_or(now);
    let root_volume = match f.value("RootVolume") {
        Some(volume) => read_volume(world, &f.path("RootVolume"), volume, platform, launch_time)?,
        None => Volume {
            id: world.fresh_ec2_id("vol"),
            size: platform.default_volume_size(),
            volume_type: "gp3".to_string(),
            created: launch_time,
            tags: Tags::new(),
        },
    };
    let reservation_id = match f.str("ReservationId")? {
        Some(r) => r.to_string(),
        None => world.fresh_ec2_id("r"),
    };
    let private_ip = match f.str("PrivateIpAddress")? {
        Some(ip) => ip.to_string(),
        None => world.fresh_private_ip(),
    };
    let subnet_id = f.string_or("SubnetId", DEFAULT_SUBNET_ID)?;
    let subnet_vpc = world
        .subnets
        .iter()
        .find(|s| s.id == subnet_id)
        .map(|s| s.vpc_id.clone());
    let vpc_id = f.string_or("VpcId", subnet_vpc.as_deref().unwrap_or(DEFAULT_VPC_ID))?;
    let security_groups = match f.value("SecurityGroupIds") {
        Some(_) => f.str_list("SecurityGroupIds")?,
        None => world.default_group_of(&vpc_id),
    };
    Ok(Instance {
        id: id.to_string(),
        image_id,
        instance_type: f.string_or("InstanceType", DEFAULT_INSTANCE_TYPE)?,
        platform,
        managed: f.bool("managed")?.unwrap_or(false),
        state,
        state_since,
        transition_ends,
        checks_ok_at,
        transition_reason: f.string_or("StateTransitionReason", "")?,
        launch_time,
        reservation_id,
        availability_zone: f.string_or("AvailabilityZone", &default_zone(world, &subnet_id))?,
        private_ip,
        subnet_id,
        vpc_id,
        key_name: f.opt_string("KeyName")?,
        disable_api_termination: f.bool("DisableApiTermination")?.unwrap_or(false),
        tags: f.tags("Tags")?,
        root_volume,
        security_groups,
    })
}

fn read_volume(
    world: &mut SimWorld,
    path: &str,
    value: &Value,
    platform: Platform,
    launch_time: i64,
) -> Result<Volume> {
    let f = Fields::new(path, value)?;
    f.only(VOLUME_FIELDS)?;
    let id = id_or_fresh(world, &f, "VolumeId", "vol")?;
    Ok(Volume {
        id,
        size: f.int("Size")?.unwrap_or(platform.default_volume_size()),
        volume_type: f.string_or("VolumeType", "gp3")?,
        created: f.time("CreateTime")?.unwrap_or(launch_time),
        tags: f.tags("Tags")?,
    })
}

/// Fields equal to what `read_instance` would default to are left out.
pub fn write_instance(world: &SimWorld, i: &Instance) -> Value {
    let now = world.now;
    let mut o = Map::new();
    o.insert("InstanceId".into(), json!(i.id));
    o.insert("State".into(), json!(i.state.name()));
    o.insert("InstanceType".into(), json!(i.instance_type));
    o.insert("ImageId".into(), json!(i.image_id));
    if i.platform != default_platform(world, &i.image_id) {
        o.insert("Platform".into(), json!(i.platform.name()));
    }
    if i.managed {
        o.insert("managed".into(), json!(true));
    }
    if !i.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&i.tags));
    }
    if i.launch_time != now {
        o.insert("LaunchTime".into(), json!(iso(i.launch_time)));
    }
    if i.state_since != now {
        o.insert("StateChangedAt".into(), json!(iso(i.state_since)));
    }
    if transitional(i.state) {
        o.insert("TransitionEndsAt".into(), json!(iso(i.transition_ends)));
    }
    if i.state == InstanceState::Running && i.checks_ok_at > now {
        o.insert("StatusChecksOkAt".into(), json!(iso(i.checks_ok_at)));
    }
    if !i.transition_reason.is_empty() {
        o.insert("StateTransitionReason".into(), json!(i.transition_reason));
    }
    o.insert("ReservationId".into(), json!(i.reservation_id));
    if i.availability_zone != default_zone(world, &i.subnet_id) {
        o.insert("AvailabilityZone".into(), json!(i.availability_zone));
    }
    o.insert("PrivateIpAddress".into(), json!(i.private_ip));
    if i.subnet_id != DEFAULT_SUBNET_ID {
        o.insert("SubnetId".into(), json!(i.subnet_id));
    }
    let subnet_vpc = world
        .subnets
        .iter()
        .find(|s| s.id == i.subnet_id)
        .map(|s| s.vpc_id.as_str());
    if i.vpc_id != subnet_vpc.unwrap_or(DEFAULT_VPC_ID) {
        o.insert("VpcId".into(), json!(i.vpc_id));
    }
    if let Some(key) = &i.key_name {
        o.insert("KeyName".into(), json!(key));
    }
    if i.disable_api_termination {
        o.insert("DisableApiTermination".into(), json!(true));
    }
    let v = &i.root_volume;
    let mut volume = Map::new();
    volume.insert("VolumeId".into(), json!(v.id));
    if v.size != i.platform.default_volume_size() {
        volume.insert("Size".into(), json!(v.size));
    }
    if v.volume_type != "gp3" {
        volume.insert("VolumeType".into(), json!(v.volume_type));
    }
    if v.created != i.launch_time {
        volume.insert("CreateTime".into(), json!(iso(v.created)));
    }
    if !v.tags.is_empty() {
        volume.insert("Tags".into(), tags_map(&v.tags));
    }
    o.insert("RootVolume".into(), Value::Object(volume));
    if i.security_groups != world.default_group_of(&i.vpc_id) {
        o.insert("SecurityGroupIds".into(), json!(i.security_groups));
    }
    Value::Object(o)
}

pub fn read_image(world: &mut SimWorld, path: &str, value: &Value) -> Result<Image> {
    let f = Fields::new(path, value)?;
    f.only(IMAGE_FIELDS)?;
    let id = f.required_str("ImageId")?;
    checked_id(&f, "ImageId", id, "ami")?;
    let names: Vec<&str> = ImageState::ALL.iter().map(|s| s.name()).collect();
    let state = f.choice(
        "State",
        ImageState::Available,
        ImageState::from_name,
        &names,
    )?;
    let platform = f.choice("Platform", Platform::Linux, Platform::from_name, PLATFORMS)?;
    let created = f.time("CreationDate")?.unwrap_or(world.now);
    let source_image = match (
        f.opt_string("SourceImageId")?,
        f.opt_string("SourceImageRegion")?,
    ) {
        (Some(image), region) => Some((image, region.unwrap_or_else(|| world.region.clone()))),
        (None, _) => None,
    };
    let snapshot_id = match f.str("SnapshotId")? {
        Some(s) => s.to_string(),
        None => world.fresh_ec2_id("snap"),
    };
    Ok(Image {
        id: id.to_string(),
        name: f.string_or("Name", id)?,
        description: f.opt_string("Description")?,
        state,
        available_at: f.time("AvailableAt")?.unwrap_or(created + IMAGE_PENDING_MS),
        created,
        owner_id: f
            .scalar("OwnerId")?
            .unwrap_or_else(|| world.account.clone()),
        owner_alias: f.opt_string("ImageOwnerAlias")?,
        platform,
        architecture: f.string_or("Architecture", "x86_64")?,
        snapshot_id,
        volume_size: f
            .int("VolumeSize")?
            .unwrap_or(platform.default_volume_size()),
        public: f.bool("Public")?.unwrap_or(false),
        tags: f.tags("Tags")?,
        source_instance_id: f.opt_string("SourceInstanceId")?,
        source_image,
    })
}

pub fn write_image(world: &SimWorld, i: &Image) -> Value {
    let mut o = Map::new();
    o.insert("ImageId".into(), json!(i.id));
    o.insert("Name".into(), json!(i.name));
    if let Some(description) = &i.description {
        o.insert("Description".into(), json!(description));
    }
    o.insert("State".into(), json!(i.state.name()));
    if i.state == ImageState::Pending {
        o.insert("AvailableAt".into(), json!(iso(i.available_at)));
    }
    if i.platform != Platform::Linux {
        o.insert("Platform".into(), json!(i.platform.name()));
    }
    if i.owner_id != world.account {
        o.insert("OwnerId".into(), json!(i.owner_id));
    }
    if let Some(alias) = &i.owner_alias {
        o.insert("ImageOwnerAlias".into(), json!(alias));
    }
    if i.architecture != "x86_64" {
        o.insert("Architecture".into(), json!(i.architecture));
    }
    if i.public {
        o.insert("Public".into(), json!(true));
    }
    if i.created != world.now {
        o.insert("CreationDate".into(), json!(iso(i.created)));
    }
    o.insert("SnapshotId".into(), json!(i.snapshot_id));
    if i.volume_size != i.platform.default_volume_size() {
        o.insert("VolumeSize".into(), json!(i.volume_size));
    }
    if !i.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&i.tags));
    }
    if let Some(source) = &i.source_instance_id {
        o.insert("SourceInstanceId".into(), json!(source));
    }
    if let Some((image, region)) = &i.source_image {
        o.insert("SourceImageId".into(), json!(image));
        o.insert("SourceImageRegion".into(), json!(region));
    }
    Value::Object(o)
}

/// Tags are written as a mapping, the shorter of the two accepted forms.
pub fn tags_map(tags: &Tags) -> Value {
    Value::Object(
        tags.iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect(),
    )
}
