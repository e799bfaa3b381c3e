//! World-file `vpcs`, `subnets` and `securityGroups`. A world that leaves one of them out
//! has the default network for it (the default VPC, its subnets, its default group), as
//! every account does; a saved world leaves out those equal to that default.

use serde_json::{Map, Value, json};

use super::ec2::{checked_id, id_or_fresh, tags_map};
use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::network::{DEFAULT_VPC_ID, Subnet, Vpc};
use crate::driver::sim::security_group::{DEFAULT_GROUP_ID, Peer, Rule, SecurityGroup};

const VPC_FIELDS: &[&str] = &["VpcId", "CidrBlock", "IsDefault", "Tags"];
const SUBNET_FIELDS: &[&str] = &[
    "SubnetId",
    "VpcId",
    "CidrBlock",
    "AvailabilityZone",
    "DefaultForAz",
    "MapPublicIpOnLaunch",
    "Tags",
];
const GROUP_FIELDS: &[&str] = &[
    "GroupId",
    "GroupName",
    "Description",
    "VpcId",
    "Rules",
    "Tags",
];
const RULE_FIELDS: &[&str] = &[
    "RuleId",
    "Egress",
    "IpProtocol",
    "FromPort",
    "ToPort",
    "CidrIp",
    "CidrIpv6",
    "GroupId",
    "PrefixListId",
    "Description",
];

pub fn default_vpcs(world: &SimWorld) -> Vec<Vpc> {
    vec![Vpc::default_for(&world.region)]
}

pub fn default_subnets(world: &SimWorld) -> Vec<Subnet> {
    Subnet::defaults_for(&world.region)
}

pub fn default_groups() -> Vec<SecurityGroup> {
    vec![SecurityGroup::default_for(DEFAULT_VPC_ID, DEFAULT_GROUP_ID)]
}

pub fn read_vpc(path: &str, value: &Value) -> Result<Vpc> {
    let f = Fields::new(path, value)?;
    f.only(VPC_FIELDS)?;
    let id = f.required_str("VpcId")?;
    checked_id(&f, "VpcId", id, "vpc")?;
    Ok(Vpc {
        id: id.to_string(),
        cidr: f.string_or("CidrBlock", "10.0.0.0/16")?,
        is_default: f.bool("IsDefault")?.unwrap_or(false),
        tags: f.tags("Tags")?,
    })
}

pub fn write_vpc(v: &Vpc) -> Value {
    let mut o = Map::new();
    o.insert("VpcId".into(), json!(v.id));
    o.insert("CidrBlock".into(), json!(v.cidr));
    if v.is_default {
        o.insert("IsDefault".into(), json!(true));
    }
    if !v.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&v.tags));
    }
    Value::Object(o)
}

pub fn read_subnet(world: &SimWorld, path: &str, value: &Value) -> Result<Subnet> {
    let f = Fields::new(path, value)?;
    f.only(SUBNET_FIELDS)?;
    let id = f.required_str("SubnetId")?;
    checked_id(&f, "SubnetId", id, "subnet")?;
    let vpc_id = f.required_str("VpcId")?;
    if !world.vpcs.iter().any(|v| v.id == vpc_id) {
        return Err(format!(
            "`{}`: `{vpc_id}` is not one of the world's vpcs",
            f.path("VpcId")
        ));
    }
    Ok(Subnet {
        id: id.to_string(),
        vpc_id: vpc_id.to_string(),
        cidr: f.string_or("CidrBlock", "10.0.0.0/24")?,
        availability_zone: f.string_or("AvailabilityZone", &format!("{}a", world.region))?,
        default_for_az: f.bool("DefaultForAz")?.unwrap_or(false),
        map_public_ip: f.bool("MapPublicIpOnLaunch")?.unwrap_or(false),
        tags: f.tags("Tags")?,
    })
}

pub fn write_subnet(s: &Subnet) -> Value {
    let mut o = Map::new();
    o.insert("SubnetId".into(), json!(s.id));
    o.insert("VpcId".into(), json!(s.vpc_id));
    o.insert("CidrBlock".into(), json!(s.cidr));
    o.insert("AvailabilityZone".into(), json!(s.availability_zone));
    if s.default_for_az {
        o.insert("DefaultForAz".into(), json!(true));
    }
    if s.map_public_ip {
        o.insert("MapPublicIpOnLaunch".into(), json!(true));
    }
    if !s.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&s.tags));
    }
    Value::Object(o)
}

pub fn read_group(world: &mut SimWorld, path: &str, value: &Value) -> Result<SecurityGroup> {
    let f = Fields::new(path, value)?;
    f.only(GROUP_FIELDS)?;
    let id = f.required_str("GroupId")?;
    checked_id(&f, "GroupId", id, "sg")?;
    let vpc_id = f.string_or("VpcId", DEFAULT_VPC_ID)?;
    if !world.vpcs.iter().any(|v| v.id == vpc_id) {
        return Err(format!(
            "`{}`: `{vpc_id}` is not one of the world's vpcs",
            f.path("VpcId")
        ));
    }
    let name = f.required_str("GroupName")?;
    let rules = match f.value("Rules") {
        // A group written without rules allows all outbound traffic, as a new group does.
        None => vec![world.allow_all_egress()],
        Some(_) => f
            .list("Rules")?
            .into_iter()
            .map(|(path, item)| read_rule(world, &path, item))
            .collect::<Result<Vec<Rule>>>()?,
    };
    Ok(SecurityGroup {
        id: id.to_string(),
        name: name.to_string(),
        description: f.string_or("Description", name)?,
        vpc_id,
        rules,
        tags: f.tags("Tags")?,
    })
}

fn read_rule(world: &mut SimWorld, path: &str, value: &Value) -> Result<Rule> {
    let f = Fields::new(path, value)?;
    f.only(RULE_FIELDS)?;
    let peers = [
        ("CidrIp", f.opt_string("CidrIp")?.map(Peer::Cidr)),
        ("CidrIpv6", f.opt_string("CidrIpv6")?.map(Peer::Cidr6)),
        ("GroupId", f.opt_string("GroupId")?.map(Peer::Group)),
        (
            "PrefixListId",
            f.opt_string("PrefixListId")?.map(Peer::PrefixList),
        ),
    ];
    let mut given = peers.into_iter().filter_map(|(_, p)| p);
    let (Some(peer), None) = (given.next(), given.next()) else {
        return Err(format!(
            "`{path}`: a rule has exactly one of CidrIp, CidrIpv6, GroupId and PrefixListId"
        ));
    };
    let id = id_or_fresh(world, &f, "RuleId", "sgr")?;
    Ok(Rule {
        id,
        egress: f.bool("Egress")?.unwrap_or(false),
        protocol: f.scalar("IpProtocol")?.unwrap_or_else(|| "-1".to_string()),
        from: f.int("FromPort")?,
        to: f.int("ToPort")?,
        peer,
        description: f.opt_string("Description")?,
    })
}

pub fn write_group(g: &SecurityGroup) -> Value {
    let rules: Vec<Value> = g.rules.iter().map(write_rule).collect();
    let mut o = Map::new();
    o.insert("GroupId".into(), json!(g.id));
    o.insert("GroupName".into(), json!(g.name));
    o.insert("Description".into(), json!(g.description));
    o.insert("VpcId".into(), json!(g.vpc_id));
    o.insert("Rules".into(), Value::Array(rules));
    if !g.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&g.tags));
    }
    Value::Object(o)
}

fn write_rule(r: &Rule) -> Value {
    let mut o = Map::new();
    o.insert("RuleId".into(), json!(r.id));
    if r.egress {
        o.insert("Egress".into(), json!(true));
    }
    o.insert("IpProtocol".into(), json!(r.protocol));
    if let Some(from) = r.from {
        o.insert("FromPort".into(), json!(from));
    }
    if let Some(to) = r.to {
        o.insert("ToPort".into(), json!(to));
    }
    let (key, peer) = match &r.peer {
        Peer::Cidr(c) => ("CidrIp", c),
        Peer::Cidr6(c) => ("CidrIpv6", c),
        Peer::Group(g) => ("GroupId", g),
        Peer::PrefixList(p) => ("PrefixListId", p),
    };
    o.insert(key.into(), json!(peer));
    if let Some(description) = &r.description {
        o.insert("Description".into(), json!(description));
    }
    Value::Object(o)
}

/// Reads the three lists, each defaulting to the default network's when absent.
pub fn read_network(world: &mut SimWorld, top: &Fields) -> Result<()> {
    world.vpcs = match top.value("vpcs") {
        None => default_vpcs(world),
        Some(_) => top
            .list("vpcs")?
            .into_iter()
            .map(|(path, item)| read_vpc(&path, item))
            .collect::<Result<_>>()?,
    };
    let subnets = match top.value("subnets") {
        None => default_subnets(world)
            .into_iter()
            .filter(|s| world.vpcs.iter().any(|v| v.id == s.vpc_id))
            .collect(),
        Some(_) => top
            .list("subnets")?
            .into_iter()
            .map(|(path, item)| read_subnet(world, &path, item))
            .collect::<Result<_>>()?,
    };
    world.subnets = subnets;
    world.security_groups = match top.value("securityGroups") {
        None => default_groups()
            .into_iter()
            .filter(|g| world.vpcs.iter().any(|v| v.id == g.vpc_id))
            .collect(),
        Some(_) => {
            let mut groups = Vec::new();
            for (path, item) in top.list("securityGroups")? {
                groups.push(read_group(world, &path, item)?);
            }
            groups
        }
    };
    // Ids of the default network never appear in the file, yet are taken.
    let ids: Vec<String> = (world.vpcs.iter().map(|v| v.id.clone()))
        .chain(world.subnets.iter().map(|s| s.id.clone()))
        .chain(world.security_groups.iter().flat_map(|g| {
            std::iter::once(g.id.clone()).chain(g.rules.iter().map(|r| r.id.clone()))
        }))
        .collect();
    for id in ids {
        world.taken.insert(&id);
    }
    Ok(())
}

/// Writes the lists that differ from the default network.
pub fn write_network(world: &SimWorld, o: &mut Map<String, Value>) {
    if world.vpcs != default_vpcs(world) {
        o.insert("vpcs".into(), world.vpcs.iter().map(write_vpc).collect());
    }
    if world.subnets != default_subnets(world) {
        o.insert(
            "subnets".into(),
            world.subnets.iter().map(write_subnet).collect(),
        );
    }
    if world.security_groups != default_groups() {
        o.insert(
            "securityGroups".into(),
            world.security_groups.iter().map(write_group).collect(),
        );
    }
}
