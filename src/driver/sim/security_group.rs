//! A VPC security group and its rules. Rules are kept one per peer (one CIDR, group or
//! prefix list), which is what a security group rule id names on EC2, and are grouped back
//! into `IpPermissions` by protocol and ports for DescribeSecurityGroups.

use serde_json::{Map, Value, json};

use super::tags::Tags;

/// The default VPC's default group, which every instance joins unless told otherwise.
pub const DEFAULT_GROUP_ID: &str = "sg-0123456789abcdef0";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Peer {
    Cidr(String),
    Cidr6(String),
    Group(String),
    PrefixList(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub id: String,
    pub egress: bool,
    /// `-1` (all), `tcp`, `udp`, `icmp`, `icmpv6` or a protocol number.
    pub protocol: String,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub peer: Peer,
    pub description: Option<String>,
}

impl Rule {
    /// Whether two rules allow the same traffic; descriptions do not count.
    pub fn same(&self, other: &Rule) -> bool {
        self.egress == other.egress
            && self.protocol == other.protocol
            && self.from == other.from
            && self.to == other.to
            && self.peer == other.peer
    }

    /// EC2's wording of a rule in `InvalidPermission.Duplicate` messages.
    pub fn describe(&self) -> String {
        let peer = match &self.peer {
            Peer::Cidr(c) | Peer::Cidr6(c) | Peer::Group(c) | Peer::PrefixList(c) => c,
        };
        let protocol = match self.protocol.as_str() {
            "-1" => "ALL".to_string(),
            other => other.to_ascii_uppercase(),
        };
        match (self.from, self.to) {
            (Some(from), Some(to)) => {
                format!("peer: {peer}, {protocol}, from port: {from}, to port: {to}, ALLOW")
            }
            _ => format!("peer: {peer}, {protocol}, ALLOW"),
        }
    }

    /// The `SecurityGroupRule` shape of the Authorize responses.
    pub fn to_json(&self, group_id: &str, account: &str, region: &str) -> Value {
        let mut o = Map::new();
        o.insert("SecurityGroupRuleId".into(), json!(self.id));
        o.insert("GroupId".into(), json!(group_id));
        o.insert("GroupOwnerId".into(), json!(account));
        o.insert("IsEgress".into(), json!(self.egress));
        o.insert("IpProtocol".into(), json!(self.protocol));
        o.insert("FromPort".into(), json!(self.from.unwrap_or(-1)));
        o.insert("ToPort".into(), json!(self.to.unwrap_or(-1)));
        match &self.peer {
            Peer::Cidr(c) => o.insert("CidrIpv4".into(), json!(c)),
            Peer::Cidr6(c) => o.insert("CidrIpv6".into(), json!(c)),
            Peer::PrefixList(p) => o.insert("PrefixListId".into(), json!(p)),
            Peer::Group(g) => o.insert(
                "ReferencedGroupInfo".into(),
                json!({"GroupId": g, "UserId": account}),
            ),
        };
        if let Some(description) = &self.description {
            o.insert("Description".into(), json!(description));
        }
        o.insert("Tags".into(), json!([]));
        o.insert(
            "SecurityGroupRuleArn".into(),
            json!(format!(
                "arn:aws:ec2:{region}:{account}:security-group-rule/{}",
                self.id
            )),
        );
        Value::Object(o)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub rules: Vec<Rule>,
    pub tags: Tags,
}

impl SecurityGroup {
    /// The `SecurityGroup` shape of DescribeSecurityGroups.
    pub fn to_json(&self, account: &str, region: &str) -> Value {
        let mut o = Map::new();
        o.insert("GroupId".into(), json!(self.id));
        o.insert(
            "IpPermissionsEgress".into(),
            permissions(&self.rules, true, account),
        );
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        o.insert("VpcId".into(), json!(self.vpc_id));
        o.insert(
            "SecurityGroupArn".into(),
            json!(format!(
                "arn:aws:ec2:{region}:{account}:security-group/{}",
                self.id
            )),
        );
        o.insert("OwnerId".into(), json!(account));
        o.insert("GroupName".into(), json!(self.name));
        o.insert("Description".into(), json!(self.description));
        o.insert(
            "IpPermissions".into(),
            permissions(&self.rules, false, account),
        );
        Value::Object(o)
    }
}

/// Rules of one direction as `IpPermission` items, one per protocol and port range, in
/// the order the ranges first appear.
pub fn permissions(rules: &[Rule], egress: bool, account: &str) -> Value {
    let mut items: Vec<(&Rule, Map<String, Value>)> = Vec::new();
    for rule in rules.iter().filter(|r| r.egress == egress) {
        let at = items.iter().position(|(first, _)| {
            first.protocol == rule.protocol && first.from == rule.from && first.to == rule.to
        });
        let at = at.unwrap_or_else(|| {
            items.push((rule, permission_head(rule)));
            items.len() - 1
        });
        let (key, entry) = peer_entry(rule, account);
        if let Some(Value::Array(list)) = items[at].1.get_mut(key) {
            list.push(entry);
        }
    }
    Value::Array(items.into_iter().map(|(_, m)| Value::Object(m)).collect())
}

fn permission_head(rule: &Rule) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert("IpProtocol".into(), json!(rule.protocol));
    if let Some(from) = rule.from {
        o.insert("FromPort".into(), json!(from));
    }
    if let Some(to) = rule.to {
        o.insert("ToPort".into(), json!(to));
    }
    for key in [
        "UserIdGroupPairs",
        "IpRanges",
        "Ipv6Ranges",
        "PrefixListIds",
    ] {
        o.insert(key.into(), json!([]));
    }
    o
}

fn peer_entry(rule: &Rule, account: &str) -> (&'static str, Value) {
    let (key, mut entry) = match &rule.peer {
        Peer::Cidr(c) => ("IpRanges", json!({"CidrIp": c})),
        Peer::Cidr6(c) => ("Ipv6Ranges", json!({"CidrIpv6": c})),
        Peer::PrefixList(p) => ("PrefixListIds", json!({"PrefixListId": p})),
        Peer::Group(g) => ("UserIdGroupPairs", json!({"UserId": account, "GroupId": g})),
    };
    if let Some(description) = &rule.description {
        entry["Description"] = json!(description);
    }
    (key, entry)
}

impl SecurityGroup {
    /// The default group EC2 creates with a VPC: members reach each other, and everything
    /// may go out. The rule ids are fixed so the default world reads back the same.
    pub fn default_for(vpc_id: &str, group_id: &str) -> SecurityGroup {
        let suffix = group_id.trim_start_matches("sg-");
        let rule = |egress: bool, peer: Peer, prefix: &str| Rule {
            id: format!("sgr-{prefix}{}", &suffix[prefix.len().min(suffix.len())..]),
            egress,
            protocol: "-1".to_string(),
            from: None,
            to: None,
            peer,
            description: None,
        };
        SecurityGroup {
            id: group_id.to_string(),
            name: "default".to_string(),
            description: "default VPC security group".to_string(),
            vpc_id: vpc_id.to_string(),
            rules: vec![
                rule(false, Peer::Group(group_id.to_string()), "1"),
                rule(true, Peer::Cidr("0.0.0.0/0".to_string()), "2"),
            ],
            tags: Tags::new(),
        }
    }
}
