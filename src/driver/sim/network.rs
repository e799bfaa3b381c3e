//! VPCs and subnets, and the default network every account starts with: a default VPC
//! (172.31.0.0/16) with one default subnet per availability zone, as EC2 creates them.

use serde_json::{Value, json};

use super::tags::Tags;

pub const DEFAULT_VPC_ID: &str = "vpc-0123456789abcdef0";
/// The default subnets, one per zone letter in `ZONE_LETTERS`; the first is where
/// instances launch when nothing says otherwise.
pub const DEFAULT_SUBNET_IDS: [&str; 3] = [
    "subnet-0123456789abcdef0",
    "subnet-0fedcba9876543210",
    "subnet-0a1b2c3d4e5f67890",
];
/// The simulated region's availability zones, as suffixes of the region name.
pub const ZONE_LETTERS: [&str; 3] = ["a", "b", "c"];
const DEFAULT_SUBNET_CIDRS: [&str; 3] = ["172.31.0.0/20", "172.31.16.0/20", "172.31.32.0/20"];
const DEFAULT_VPC_CIDR: &str = "172.31.0.0/16";
/// The DHCP option set every default VPC uses.
const DHCP_OPTIONS_ID: &str = "dopt-0123456789abcdef0";

#[derive(Clone, Debug, PartialEq)]
pub struct Vpc {
    pub id: String,
    pub cidr: String,
    pub is_default: bool,
    pub tags: Tags,
}

impl Vpc {
    pub fn default_for(_region: &str) -> Vpc {
        Vpc {
            id: DEFAULT_VPC_ID.to_string(),
            cidr: DEFAULT_VPC_CIDR.to_string(),
            is_default: true,
            tags: Tags::new(),
        }
    }

    /// The `Vpc` shape of DescribeVpcs.
    pub fn to_json(&self, account: &str) -> Value {
        let suffix = self.id.trim_start_matches("vpc-");
        let mut o = serde_json::Map::new();
        o.insert("OwnerId".into(), json!(account));
        o.insert("InstanceTenancy".into(), json!("default"));
        o.insert(
            "CidrBlockAssociationSet".into(),
            json!([{
                "AssociationId": format!("vpc-cidr-assoc-{suffix}"),
                "CidrBlock": self.cidr,
                "CidrBlockState": {"State": "associated"},
            }]),
        );
        o.insert("IsDefault".into(), json!(self.is_default));
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        o.insert("VpcId".into(), json!(self.id));
        o.insert("State".into(), json!("available"));
        o.insert("CidrBlock".into(), json!(self.cidr));
        o.insert("DhcpOptionsId".into(), json!(DHCP_OPTIONS_ID));
        Value::Object(o)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub cidr: String,
    pub availability_zone: String,
    pub default_for_az: bool,
    pub map_public_ip: bool,
    pub tags: Tags,
}

impl Subnet {
    pub fn defaults_for(region: &str) -> Vec<Subnet> {
        (0..ZONE_LETTERS.len())
            .map(|i| Subnet {
                id: DEFAULT_SUBNET_IDS[i].to_string(),
                vpc_id: DEFAULT_VPC_ID.to_string(),
                cidr: DEFAULT_SUBNET_CIDRS[i].to_string(),
                availability_zone: format!("{region}{}", ZONE_LETTERS[i]),
                default_for_az: true,
                map_public_ip: true,
                tags: Tags::new(),
            })
            .collect()
    }

    /// Addresses in the block less the five EC2 reserves and those in use.
    pub fn available_addresses(&self, in_use: usize) -> i64 {
        let bits = self
            .cidr
            .rsplit_once('/')
            .and_then(|(_, b)| b.parse::<u32>().ok())
            .filter(|b| (16..=28).contains(b))
            .unwrap_or(20);
        let total = 1_i64 << (32 - bits);
        (total - 5 - i64::try_from(in_use).unwrap_or(i64::MAX)).max(0)
    }

    /// The `Subnet` shape of DescribeSubnets.
    pub fn to_json(&self, region: &str, account: &str, in_use: usize) -> Value {
        let mut o = serde_json::Map::new();
        o.insert(
            "AvailabilityZoneId".into(),
            json!(zone_id(region, &self.availability_zone)),
        );
        o.insert("MapCustomerOwnedIpOnLaunch".into(), json!(false));
        o.insert("OwnerId".into(), json!(account));
        o.insert("AssignIpv6AddressOnCreation".into(), json!(false));
        o.insert("Ipv6CidrBlockAssociationSet".into(), json!([]));
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        o.insert(
            "SubnetArn".into(),
            json!(format!("arn:aws:ec2:{region}:{account}:subnet/{}", self.id)),
        );
        o.insert("EnableDns64".into(), json!(false));
        o.insert("Ipv6Native".into(), json!(false));
        o.insert(
            "PrivateDnsNameOptionsOnLaunch".into(),
            json!({"HostnameType": "ip-name", "EnableResourceNameDnsARecord": false, "EnableResourceNameDnsAAAARecord": false}),
        );
        o.insert("SubnetId".into(), json!(self.id));
        o.insert("State".into(), json!("available"));
        o.insert("VpcId".into(), json!(self.vpc_id));
        o.insert("CidrBlock".into(), json!(self.cidr));
        o.insert(
            "AvailableIpAddressCount".into(),
            json!(self.available_addresses(in_use)),
        );
        o.insert("AvailabilityZone".into(), json!(self.availability_zone));
        o.insert("DefaultForAz".into(), json!(self.default_for_az));
        o.insert("MapPublicIpOnLaunch".into(), json!(self.map_public_ip));
        Value::Object(o)
    }
}

/// A zone's id (`use1-az1`): the region's initials and the zone's position. Real ids are
/// shuffled per account; a stable mapping is enough to be consistent.
pub fn zone_id(region: &str, zone: &str) -> String {
    let initials: String = region
        .split('-')
        .enumerate()
        .map(|(i, part)| {
            if part.chars().all(|c| c.is_ascii_digit()) {
                part.to_string()
            } else {
                // `us-east-1` is `use1`: the first part whole, then initials.
                part.chars().take(if i == 0 { 2 } else { 1 }).collect()
            }
        })
        .collect();
    let letter = zone.strip_prefix(region).unwrap_or("a");
    let index = letter
        .bytes()
        .next()
        .map_or(1, |b| i64::from(b) - i64::from(b'a') + 1);
    format!("{initials}-az{index}")
}
