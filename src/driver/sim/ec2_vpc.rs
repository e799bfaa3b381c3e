//! DescribeVpcs and DescribeSubnets, and the lookups other families use: the default VPC,
//! the region's zones, a VPC or subnet by id.

use serde_json::{Value, json};

use super::ec2_instances::{malformed, well_formed};
use super::filters;
use super::instance::InstanceState;
use super::network::{Subnet, Vpc, ZONE_LETTERS};
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

const VPC_FILTERS: &[&str] = &[
    "vpc-id",
    "cidr",
    "cidr-block-association.cidr-block",
    "dhcp-options-id",
    "is-default",
    "owner-id",
    "state",
    "tag-key",
    "tag-value",
];

const SUBNET_FILTERS: &[&str] = &[
    "subnet-id",
    "vpc-id",
    "availability-zone",
    "availability-zone-id",
    "available-ip-address-count",
    "cidr-block",
    "default-for-az",
    "map-public-ip-on-launch",
    "owner-id",
    "state",
    "subnet-arn",
    "tag-key",
    "tag-value",
];

pub fn vpc_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidVpcID.NotFound",
        format!("The vpc ID '{id}' does not exist"),
    )
}

pub fn subnet_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidSubnetID.NotFound",
        format!("The subnet ID '{id}' does not exist"),
    )
}

impl SimWorld {
    pub(crate) fn default_vpc_id(&self) -> Option<&str> {
        self.vpcs
            .iter()
            .find(|v| v.is_default)
            .map(|v| v.id.as_str())
    }

    /// The region's zones: those of the simulated region and any a subnet is in.
    pub(crate) fn zones(&self) -> Vec<String> {
        let mut zones: Vec<String> = ZONE_LETTERS
            .iter()
            .map(|letter| format!("{}{letter}", self.region))
            .collect();
        for subnet in &self.subnets {
            if !zones.contains(&subnet.availability_zone) {
                zones.push(subnet.availability_zone.clone());
            }
        }
        zones
    }

    pub(crate) fn known_vpc(&self, id: &str) -> Result<&Vpc, ApiError> {
        if !well_formed(id, "vpc") {
            return Err(malformed(id, "vpc", "InvalidVpcID.Malformed"));
        }
        self.vpcs
            .iter()
            .find(|v| v.id == id)
            .ok_or_else(|| vpc_not_found(id))
    }

    pub(crate) fn known_subnet(&self, id: &str) -> Result<&Subnet, ApiError> {
        if !well_formed(id, "subnet") {
            return Err(malformed(id, "subnet", "InvalidSubnetID.Malformed"));
        }
        self.subnets
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| subnet_not_found(id))
    }

    pub(crate) fn describe_vpcs(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("VpcIds")?.unwrap_or_default();
        for id in &ids {
            self.known_vpc(id)?;
        }
        let filters = filters::parse(request, "DescribeVpcs", VPC_FILTERS)?;
        let vpcs: Vec<Value> = self
            .vpcs
            .iter()
            .filter(|v| ids.is_empty() || ids.contains(&v.id))
            .map(|v| v.to_json(&self.account))
            .filter(|v| filters::matches(&filters, |name| vpc_values(v, name)))
            .collect();
        Ok(json!({"Vpcs": vpcs}))
    }

    pub(crate) fn describe_subnets(&mut self, request: &Request) -> Result<Value, ApiError> {
        let ids = request.str_list("SubnetIds")?.unwrap_or_default();
        for id in &ids {
            self.known_subnet(id)?;
        }
        let filters = filters::parse(request, "DescribeSubnets", SUBNET_FILTERS)?;
        let subnets: Vec<Value> = self
            .subnets
            .iter()
            .filter(|s| ids.is_empty() || ids.contains(&s.id))
            .map(|s| s.to_json(&self.region, &self.account, self.addresses_in_use(&s.id)))
            .filter(|s| filters::matches(&filters, |name| subnet_values(s, name)))
            .collect();
        Ok(json!({"Subnets": subnets}))
    }

    /// Each live instance holds one address of its subnet.
    fn addresses_in_use(&self, subnet_id: &str) -> usize {
        self.instances
            .iter()
            .filter(|i| i.state != InstanceState::Terminated && i.subnet_id == subnet_id)
            .count()
    }
}

fn vpc_values(vpc: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "vpc-id" => "/VpcId",
        "cidr" | "cidr-block-association.cidr-block" => "/CidrBlock",
        "dhcp-options-id" => "/DhcpOptionsId",
        "is-default" => "/IsDefault",
        "owner-id" => "/OwnerId",
        "state" => "/State",
        _ => return filters::tag_values(&filters::tags_of(vpc, "Tags"), name),
    };
    filters::json_values(vpc, pointer)
}

fn subnet_values(subnet: &Value, name: &str) -> Vec<String> {
    let pointer = match name {
        "subnet-id" => "/SubnetId",
        "vpc-id" => "/VpcId",
        "availability-zone" => "/AvailabilityZone",
        "availability-zone-id" => "/AvailabilityZoneId",
        "available-ip-address-count" => "/AvailableIpAddressCount",
        "cidr-block" => "/CidrBlock",
        "default-for-az" => "/DefaultForAz",
        "map-public-ip-on-launch" => "/MapPublicIpOnLaunch",
        "owner-id" => "/OwnerId",
        "state" => "/State",
        "subnet-arn" => "/SubnetArn",
        _ => return filters::tag_values(&filters::tags_of(subnet, "Tags"), name),
    };
    filters::json_values(subnet, pointer)
}
