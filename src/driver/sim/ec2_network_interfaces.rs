//! What ties instances to the rest of the EC2 world: an instance's response with its
//! security groups and attached volumes, DescribeNetworkInterfaces (each live instance's
//! primary interface, the same one DescribeInstances shows), and the groups an instance
//! is launched into or moved to.

use serde_json::{Map, Value, json};

use super::ec2_security_groups::group_not_found;
use super::filters;
use super::instance::{Instance, InstanceState};
use super::network::zone_id;
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

const INTERFACE_FILTERS: &[&str] = &[
    "network-interface-id",
    "attachment.instance-id",
    "attachment.attachment-id",
    "attachment.status",
    "attachment.device-index",
    "availability-zone",
    "subnet-id",
    "vpc-id",
    "private-ip-address",
    "private-dns-name",
    "mac-address",
    "group-id",
    "status",
    "owner-id",
    "interface-type",
    "description",
    "tag-key",
    "tag-value",
];

impl SimWorld {
    /// `{GroupId, GroupName}` for each of an instance's groups.
    fn group_identifiers(&self, instance: &Instance) -> Value {
        let items: Vec<Value> = instance
            .security_groups
            .iter()
            .map(|id| {
                let name = self
                    .security_groups
                    .iter()
                    .find(|g| &g.id == id)
                    .map_or("", |g| g.name.as_str());
                json!({"GroupId": id, "GroupName": name})
            })
            .collect();
        Value::Array(items)
    }

    /// The `Instances[]` item, with what lives outside the instance filled in.
    pub(crate) fn instance_json(&self, instance: &Instance) -> Value {
        self.instance_json_with(instance, self.attached_mappings(&instance.id))
    }

    /// The same, given the block device mappings of the instance's attached volumes.
    pub(crate) fn instance_json_with(&self, instance: &Instance, attached: Vec<Value>) -> Value {
        let mut v = instance.to_json(&self.region, &self.account);
        let groups = self.group_identifiers(instance);
        if let Some(o) = v.as_object_mut() {
            o.insert("SecurityGroups".into(), groups.clone());
            if let Some(Value::Object(eni)) =
                o.get_mut("NetworkInterfaces").and_then(|l| l.get_mut(0))
            {
                eni.insert("Groups".into(), groups);
            }
            if let Some(Value::Array(mappings)) = o.get_mut("BlockDeviceMappings")
                && !mappings.is_empty()
            {
                mappings.extend(attached);
            }
        }
        v
    }

    pub(crate) fn describe_network_interfaces(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let ids = request.str_list("NetworkInterfaceIds")?.unwrap_or_default();
        let filters = filters::parse(request, "DescribeNetworkInterfaces", INTERFACE_FILTERS)?;
        let all: Vec<Value> = self
            .instances
            .iter()
            .filter(|i| i.state != InstanceState::Terminated)
            .map(|i| self.interface_json(i))
            .collect();
        if let Some(missing) = ids
            .iter()
            .find(|id| !all.iter().any(|e| e["NetworkInterfaceId"] == id.as_str()))
        {
            return Err(ApiError::new(
                "InvalidNetworkInterfaceID.NotFound",
                format!("The networkInterface ID '{missing}' does not exist"),
            ));
        }
        let items: Vec<Value> = all
            .into_iter()
            .filter(|e| {
                ids.is_empty() || ids.iter().any(|id| e["NetworkInterfaceId"] == id.as_str())
            })
            .filter(|e| filters::matches(&filters, |name| interface_values(e, name)))
            .collect();
        Ok(json!({"NetworkInterfaces": items}))
    }

    /// The `NetworkInterface` shape, built from the instance's own interface item so the
    /// two calls always agree.
    fn interface_json(&self, instance: &Instance) -> Value {
        // The interface does not depend on volumes.
        let described = self.instance_json_with(instance, Vec::new());
        let eni = &described["NetworkInterfaces"][0];
        let mut attachment = eni["Attachment"].as_object().cloned().unwrap_or_default();
        attachment.insert("InstanceId".into(), json!(instance.id));
        attachment.insert("InstanceOwnerId".into(), json!(self.account));
        let mut o = Map::new();
        o.insert("Attachment".into(), Value::Object(attachment));
        o.insert("AvailabilityZone".into(), json!(instance.availability_zone));
        o.insert(
            "AvailabilityZoneId".into(),
            json!(zone_id(&self.region, &instance.availability_zone)),
        );
        for key in [
            "Description",
            "Groups",
            "InterfaceType",
            "Ipv6Addresses",
            "MacAddress",
            "NetworkInterfaceId",
            "OwnerId",
            "PrivateDnsName",
            "PrivateIpAddress",
            "PrivateIpAddresses",
        ] {
            o.insert(key.into(), eni[key].clone());
        }
        o.insert("RequesterManaged".into(), json!(false));
        for key in ["SourceDestCheck", "Status", "SubnetId"] {
            o.insert(key.into(), eni[key].clone());
        }
        o.insert("TagSet".into(), json!([]));
        o.insert("VpcId".into(), eni["VpcId"].clone());
        Value::Object(o)
    }

    /// Checks security group ids for an instance in `vpc_id`: each must exist, in that VPC.
    pub(crate) fn check_instance_groups(
        &self,
        ids: &[String],
        vpc_id: &str,
    ) -> Result<(), ApiError> {
        for id in ids {
            match self.security_groups.iter().find(|g| &g.id == id) {
                None => return Err(group_not_found(id)),
                Some(group) if group.vpc_id != vpc_id => {
                    return Err(ApiError::new(
                        "InvalidParameter",
                        format!("Security group {id} and subnet belong to different networks."),
                    ));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// The default group of a VPC, which instances join when no group is named.
    pub(crate) fn default_group_of(&self, vpc_id: &str) -> Vec<String> {
        self.security_groups
            .iter()
            .find(|g| g.vpc_id == vpc_id && g.name == "default")
            .map(|g| g.id.clone())
            .into_iter()
            .collect()
    }
}

fn interface_values(eni: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "network-interface-id" => "/NetworkInterfaceId",
        "attachment.instance-id" => "/Attachment/InstanceId",
        "attachment.attachment-id" => "/Attachment/AttachmentId",
        "attachment.status" => "/Attachment/Status",
        "attachment.device-index" => "/Attachment/DeviceIndex",
        "availability-zone" => "/AvailabilityZone",
        "subnet-id" => "/SubnetId",
        "vpc-id" => "/VpcId",
        "private-ip-address" => "/PrivateIpAddress",
        "private-dns-name" => "/PrivateDnsName",
        "mac-address" => "/MacAddress",
        "status" => "/Status",
        "owner-id" => "/OwnerId",
        "interface-type" => "/InterfaceType",
        "description" => "/Description",
        "group-id" => {
            return eni["Groups"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|g| filters::json_values(g, "/GroupId"))
                .collect();
        }
        _ => return filters::tag_values(&filters::tags_of(eni, "TagSet"), name),
    };
    filters::json_values(eni, pointer)
}

/// Where RunInstances puts new instances.
pub(crate) struct LaunchNetwork {
    pub zone: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub groups: Vec<String>,
}

impl SimWorld {
    /// The subnet, zone and groups of a launch: the named subnet, else the default subnet
    /// of the requested zone (the region's first zone when none is named); the named groups
    /// (`SecurityGroupIds`, or `SecurityGroups` by name), else the VPC's default group.
    pub(crate) fn launch_network(
        &self,
        request: &Request,
        zone: Option<&str>,
    ) -> Result<LaunchNetwork, ApiError> {
        if let Some(zone) = zone
            && !self.zones().iter().any(|z| z == zone)
        {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Invalid availability zone: [{zone}]"),
            ));
        }
        // An empty `SubnetId` is no subnet: AWS's own runbooks pass their `""` default.
        let subnet = request.str("SubnetId")?.filter(|s| !s.is_empty());
        let (zone, subnet_id, vpc_id) = match subnet {
            Some(id) => {
                let subnet = self.known_subnet(id)?;
                let zone = subnet.availability_zone.clone();
                (zone, subnet.id.clone(), subnet.vpc_id.clone())
            }
            None => {
                let zone = zone.map_or_else(|| format!("{}a", self.region), str::to_string);
                let default = self
                    .subnets
                    .iter()
                    .find(|s| s.default_for_az && s.availability_zone == zone);
                match default {
                    Some(s) => (zone, s.id.clone(), s.vpc_id.clone()),
                    None => (
                        zone,
                        super::ec2_instances::DEFAULT_SUBNET_ID.to_string(),
                        super::ec2_instances::DEFAULT_VPC_ID.to_string(),
                    ),
                }
            }
        };
        let ids = request.str_list("SecurityGroupIds")?.unwrap_or_default();
        let names = request.str_list("SecurityGroups")?.unwrap_or_default();
        let mut groups = ids.clone();
        self.check_instance_groups(&ids, &vpc_id)?;
        for name in &names {
            let group = self
                .security_groups
                .iter()
                .find(|g| &g.name == name && g.vpc_id == vpc_id);
            match group {
                Some(g) => groups.push(g.id.clone()),
                None => {
                    return Err(ApiError::new(
                        "InvalidGroup.NotFound",
                        format!("The security group '{name}' does not exist in VPC '{vpc_id}'"),
                    ));
                }
            }
        }
        if groups.is_empty() {
            groups = self.default_group_of(&vpc_id);
        }
        Ok(LaunchNetwork {
            zone,
            subnet_id,
            vpc_id,
            groups,
        })
    }
}
