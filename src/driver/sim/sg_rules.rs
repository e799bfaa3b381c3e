//! Reading security group rules from a request, in both of EC2's forms: the
//! `IpPermissions` list, and the older flat members (`IpProtocol`, `FromPort`, `ToPort`,
//! `CidrIp`, `SourceSecurityGroupName`).

use super::request::Request;
use super::security_group::{Peer, Rule};
use crate::driver::ApiError;

/// Resolves a group named in a rule (`GroupId`, or `GroupName` in the rule's VPC) to its id.
pub trait GroupLookup {
    fn group_id(&self, id: Option<&str>, name: Option<&str>) -> Result<String, ApiError>;
}

/// The rules a request names, with empty ids; `egress` says which direction they are for.
pub fn requested_rules(
    request: &Request,
    egress: bool,
    groups: &impl GroupLookup,
) -> Result<Vec<Rule>, ApiError> {
    let mut rules = Vec::new();
    for item in request.structs("IpPermissions")? {
        let (protocol, from, to) = protocol_and_ports(&item)?;
        let rule = |peer: Peer, description: Option<&str>| Rule {
            id: String::new(),
            egress,
            protocol: protocol.clone(),
            from,
            to,
            peer,
            description: description.map(str::to_string),
        };
        for range in item.structs("IpRanges")? {
            let cidr = range.required_str("CidrIp")?;
            check_cidr(cidr)?;
            rules.push(rule(
                Peer::Cidr(cidr.to_string()),
                range.str("Description")?,
            ));
        }
        for range in item.structs("Ipv6Ranges")? {
            let cidr = range.required_str("CidrIpv6")?;
            rules.push(rule(
                Peer::Cidr6(cidr.to_string()),
                range.str("Description")?,
            ));
        }
        for list in item.structs("PrefixListIds")? {
            let id = list.required_str("PrefixListId")?;
            rules.push(rule(
                Peer::PrefixList(id.to_string()),
                list.str("Description")?,
            ));
        }
        for pair in item.structs("UserIdGroupPairs")? {
            let id = groups.group_id(pair.str("GroupId")?, pair.str("GroupName")?)?;
            rules.push(rule(Peer::Group(id), pair.str("Description")?));
        }
    }
    let flat_peer = match (
        request.str("CidrIp")?,
        request.str("SourceSecurityGroupName")?,
    ) {
        (Some(cidr), _) => {
            check_cidr(cidr)?;
            Some(Peer::Cidr(cidr.to_string()))
        }
        (None, Some(name)) => Some(Peer::Group(groups.group_id(None, Some(name))?)),
        (None, None) => None,
    };
    if let Some(peer) = flat_peer {
        let (protocol, from, to) = protocol_and_ports(request)?;
        rules.push(Rule {
            id: String::new(),
            egress,
            protocol,
            from,
            to,
            peer,
            description: None,
        });
    }
    if rules.is_empty() {
        return Err(ApiError::new(
            "MissingParameter",
            "The request must contain the parameter ipPermissions",
        ));
    }
    Ok(rules)
}

/// The protocol in EC2's spelling, with ports where the protocol has them.
fn protocol_and_ports(item: &Request) -> Result<(String, Option<i64>, Option<i64>), ApiError> {
    let raw = item.str("IpProtocol")?.unwrap_or("-1");
    let protocol = match raw.to_ascii_lowercase().as_str() {
        "-1" | "all" => "-1".to_string(),
        "tcp" | "6" => "tcp".to_string(),
        "udp" | "17" => "udp".to_string(),
        "icmp" | "1" => "icmp".to_string(),
        "icmpv6" | "58" => "icmpv6".to_string(),
        number if number.parse::<u8>().is_ok() => number.to_string(),
        _ => {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Invalid value '{raw}' for IP protocol. Unknown protocol."),
            ));
        }
    };
    let (from, to) = (item.int("FromPort")?, item.int("ToPort")?);
    match protocol.as_str() {
        "tcp" | "udp" => {
            let (Some(from), Some(to)) = (from, to) else {
                return Err(port_range(
                    "Must specify both from and to ports with TCP/UDP.",
                ));
            };
            if !(0..=65535).contains(&from) || !(0..=65535).contains(&to) || from > to {
                return Err(port_range(&format!(
                    "Invalid port range {from}-{to}: ports are 0 to 65535, from no greater than to."
                )));
            }
            Ok((protocol, Some(from), Some(to)))
        }
        // For ICMP the "ports" are the type and code; -1 means any.
        "icmp" | "icmpv6" => Ok((protocol, Some(from.unwrap_or(-1)), Some(to.unwrap_or(-1)))),
        _ => Ok((protocol, None, None)),
    }
}

fn port_range(why: &str) -> ApiError {
    ApiError::new(
        "InvalidParameterValue",
        format!("Invalid value '{why}' for portRange."),
    )
}

/// An IPv4 CIDR block: four octets and a prefix length.
pub fn check_cidr(cidr: &str) -> Result<(), ApiError> {
    let valid = cidr.split_once('/').is_some_and(|(address, bits)| {
        let octets: Vec<&str> = address.split('.').collect();
        octets.len() == 4
            && octets.iter().all(|o| o.parse::<u8>().is_ok())
            && bits.parse::<u8>().is_ok_and(|b| b <= 32)
    });
    if valid {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidParameterValue",
            format!("CIDR block {cidr} is malformed"),
        ))
    }
}
