//! EC2 instance operations that launch, describe and modify instances. State changes
//! (start, stop, reboot, terminate) live in `ec2_lifecycle`.

use serde_json::{Value, json};

use super::filters;
use super::image::ImageState;
use super::instance::{Instance, InstanceState, Platform, Volume};
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

/// Where instances launch when the request names no subnet.
pub const DEFAULT_VPC_ID: &str = super::network::DEFAULT_VPC_ID;
pub const DEFAULT_SUBNET_ID: &str = super::network::DEFAULT_SUBNET_IDS[0];

/// RunInstances' per-call ceiling, standing in for the account's vCPU limit.
const MAX_LAUNCH: i64 = 100;

const INSTANCE_FILTERS: &[&str] = &[
    "instance-state-name",
    "instance-state-code",
    "instance-id",
    "instance-type",
    "image-id",
    "tag-key",
    "tag-value",
    "availability-zone",
    "private-ip-address",
    "private-dns-name",
    "vpc-id",
    "subnet-id",
    "platform",
    "key-name",
    "reservation-id",
    "instance.group-id",
    "instance.group-name",
    "block-device-mapping.volume-id",
    "block-device-mapping.device-name",
    "network-interface.network-interface-id",
    "network-interface.subnet-id",
    "network-interface.vpc-id",
    "network-interface.group-id",
];

pub fn well_formed(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|hex| {
            (hex.len() == 8 || hex.len() == 17)
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

/// EC2 names one missing id in the singular and several in one plural message.
pub fn instance_not_found(ids: &[&str]) -> ApiError {
    let message = match ids {
        [one] => format!("The instance ID '{one}' does not exist"),
        many => format!("The instance IDs '{}' do not exist", many.join(", ")),
    };
    ApiError::new("InvalidInstanceID.NotFound", message)
}

pub fn malformed(id: &str, prefix: &str, code: &str) -> ApiError {
    ApiError::new(
        code,
        format!("Invalid id: \"{id}\" (expecting \"{prefix}-...\")"),
    )
}

impl SimWorld {
    /// Checks ids the way EC2 does: a malformed id wins over missing ones, and all missing
    /// ids are named in one message.
    pub(crate) fn check_instance_ids(&self, ids: &[String]) -> Result<(), ApiError> {
        if let Some(bad) = ids.iter().find(|id| !well_formed(id, "i")) {
            return Err(malformed(bad, "i", "InvalidInstanceID.Malformed"));
        }
        let missing: Vec<&str> = ids
            .iter()
            .filter(|id| self.instance(id).is_none())
            .map(String::as_str)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(instance_not_found(&missing))
        }
    }

    /// One instance by id, with EC2's errors for a malformed or unknown id.
    pub(crate) fn known_instance(&self, id: &str) -> Result<&Instance, ApiError> {
        self.check_instance_ids(&[id.to_string()])?;
        self.instance(id).ok_or_else(|| instance_not_found(&[id]))
    }

    pub(crate) fn known_instance_mut(&mut self, id: &str) -> Result<&mut Instance, ApiError> {
        self.check_instance_ids(&[id.to_string()])?;
        self.instance_mut(id)
            .ok_or_else(|| instance_not_found(&[id]))
    }

    pub(crate) fn run_instances(&mut self, request: &Request) -> Result<Value, ApiError> {
        if let Some(merged) = self.with_launch_template(request)? {
            return self.run_instances(&Request::new(&merged));
        }
        let image_id = request.str("ImageId")?.ok_or_else(|| {
            ApiError::new(
                "MissingParameter",
                "The request must contain the parameter ImageId",
            )
        })?;
        let platform = self.launchable_image(image_id)?;
        let (min, max) = (request.int("MinCount")?, request.int("MaxCount")?);
        let count = launch_count(min.unwrap_or(1), max.unwrap_or(1))?;
        let instance_type = request.str("InstanceType")?.unwrap_or("m1.small");
        check_instance_type(instance_type)?;
        let zone = match request.object("Placement")? {
            Some(placement) => placement.get("AvailabilityZone").and_then(Value::as_str),
            None => None,
        };
        let network = self.launch_network(request, zone)?;
        let tags = Tags::from_specifications(request, "instance")?;
        let volume_tags = Tags::from_specifications(request, "volume")?;
        let reservation_id = self.fresh_ec2_id("r");
        let mut launched = Vec::new();
        for _ in 0..count {
            let id = self.fresh_ec2_id("i");
            let volume_id = self.fresh_ec2_id("vol");
            let private_ip = match (count, request.str("PrivateIpAddress")?) {
                (1, Some(ip)) => {
                    self.taken.insert(ip);
                    ip.to_string()
                }
                _ => self.fresh_private_ip(),
            };
            let mut instance = Instance {
                id,
                image_id: image_id.to_string(),
                instance_type: instance_type.to_string(),
                platform,
                // SSM Agent can register only with an instance profile granting it access.
                managed: request.get("IamInstanceProfile").is_some(),
                state: InstanceState::Pending,
                state_since: self.now,
                transition_ends: self.now,
                checks_ok_at: self.now,
                transition_reason: String::new(),
                launch_time: self.now,
                reservation_id: reservation_id.clone(),
                availability_zone: network.zone.clone(),
                private_ip,
                subnet_id: network.subnet_id.clone(),
                vpc_id: network.vpc_id.clone(),
                key_name: request.str("KeyName")?.map(str::to_string),
                disable_api_termination: request.flag("DisableApiTermination")?,
                tags: tags.clone(),
                root_volume: Volume {
                    id: volume_id,
                    size: platform.default_volume_size(),
                    volume_type: "gp3".to_string(),
                    created: self.now,
                    tags: volume_tags.clone(),
                },
                security_groups: network.groups.clone(),
            };
            instance.begin(
                InstanceState::Pending,
                self.now,
                InstanceState::Pending.default_duration(),
            );
            launched.push(instance);
        }
        // New instances have no volumes attached yet.
        let instances: Vec<Value> = launched
            .iter()
            .map(|i| self.instance_json_with(i, Vec::new()))
            .collect();
        self.instances.extend(launched);
        Ok(json!({
            "Groups": [],
            "Instances": instances,
            "OwnerId": self.account,
            "ReservationId": reservation_id,
        }))
    }

    /// The platform of an image that can be launched, or the error RunInstances gives.
    fn launchable_image(&self, image_id: &str) -> Result<Platform, ApiError> {
        if !well_formed(image_id, "ami") {
            return Err(malformed(image_id, "ami", "InvalidAMIID.Malformed"));
        }
        match self.image(image_id) {
            None => Err(ApiError::new(
                "InvalidAMIID.NotFound",
                format!("The image id '[{image_id}]' does not exist"),
            )),
            Some(image) if image.state != ImageState::Available => Err(ApiError::new(
                "InvalidAMIID.Unavailable",
                format!("The image id '[{image_id}]' is not available"),
            )),
            Some(image) => Ok(image.platform),
        }
    }

    pub(crate) fn describe_instances(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("InstanceIds")?.unwrap_or_default();
        self.check_instance_ids(&ids)?;
        let filters = filters::parse(request, "DescribeInstances", INSTANCE_FILTERS)?;
        let mut reservations: Vec<(String, Vec<Value>)> = Vec::new();
        let mut mappings = self.mappings_by_instance(None);
        for instance in &self.instances {
            if !ids.is_empty() && !ids.contains(&instance.id) {
                continue;
            }
            if !filters::matches(&filters, |name| self.instance_values(instance, name)) {
                continue;
            }
            let attached = mappings.remove(&instance.id).unwrap_or_default();
            let item = self.instance_json_with(instance, attached);
            match reservations
                .iter_mut()
                .find(|(r, _)| *r == instance.reservation_id)
            {
                Some((_, items)) => items.push(item),
                None => reservations.push((instance.reservation_id.clone(), vec![item])),
            }
        }
        let reservations: Vec<Value> = reservations
            .into_iter()
            .map(|(id, instances)| {
                json!({"Groups": [], "Instances": instances, "OwnerId": self.account, "ReservationId": id})
            })
            .collect();
        Ok(json!({"Reservations": reservations}))
    }

    fn instance_values(&self, instance: &Instance, name: &str) -> Vec<String> {
        let one = |value: &str| vec![value.to_string()];
        match name {
            "instance-state-name" => one(instance.state.name()),
            "instance-state-code" => vec![instance.state.code().to_string()],
            "instance-id" => one(&instance.id),
            "instance-type" => one(&instance.instance_type),
            "image-id" => one(&instance.image_id),
            "availability-zone" => one(&instance.availability_zone),
            "private-ip-address" => one(&instance.private_ip),
            "private-dns-name" => one(&instance.private_dns(&self.region)),
            "vpc-id" => one(&instance.vpc_id),
            "subnet-id" => one(&instance.subnet_id),
            "platform" if instance.platform == Platform::Windows => one("windows"),
            "key-name" => instance.key_name.iter().cloned().collect(),
            "reservation-id" => one(&instance.reservation_id),
            "network-interface.subnet-id" => one(&instance.subnet_id),
            "network-interface.vpc-id" => one(&instance.vpc_id),
            "instance.group-id" | "network-interface.group-id" => instance.security_groups.clone(),
            "instance.group-name" => self
                .security_groups
                .iter()
                .filter(|g| instance.security_groups.contains(&g.id))
                .map(|g| g.name.clone())
                .collect(),
            "block-device-mapping.volume-id"
            | "block-device-mapping.device-name"
            | "network-interface.network-interface-id" => {
                let pointer = match name {
                    "block-device-mapping.volume-id" => "/Ebs/VolumeId",
                    "block-device-mapping.device-name" => "/DeviceName",
                    _ => "/NetworkInterfaceId",
                };
                let list = if name.starts_with("network") {
                    "NetworkInterfaces"
                } else {
                    "BlockDeviceMappings"
                };
                let described = self.instance_json(instance);
                described[list]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .flat_map(|item| filters::json_values(item, pointer))
                    .collect()
            }
            _ => filters::tag_values(&instance.tags, name),
        }
    }
}

fn launch_count(min: i64, max: i64) -> Result<i64, ApiError> {
    if min < 1 || max < 1 {
        return Err(ApiError::new(
            "InvalidParameterValue",
            "MinCount and MaxCount must be greater than zero",
        ));
    }
    if max < min {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("MaxCount ({max}) must not be less than MinCount ({min})"),
        ));
    }
    if min > MAX_LAUNCH {
        return Err(ApiError::new(
            "InstanceLimitExceeded",
            format!(
                "You have requested more instances ({min}) than your current instance limit of {MAX_LAUNCH} allows for the specified instance type."
            ),
        ));
    }
    Ok(max.min(MAX_LAUNCH))
}

/// Instance types look like `t3.micro`; the world keeps no catalogue, so only the shape
/// is checked.
pub(super) fn check_instance_type(instance_type: &str) -> Result<(), ApiError> {
    let shaped = instance_type.split_once('.').is_some_and(|(family, size)| {
        family.starts_with(|c: char| c.is_ascii_lowercase())
            && family
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !size.is_empty()
            && size
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    });
    if shaped {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidParameterValue",
            format!("Invalid value '{instance_type}' for InstanceType."),
        ))
    }
}
