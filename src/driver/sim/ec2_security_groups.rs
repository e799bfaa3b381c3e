//! Security groups: DescribeSecurityGroups, CreateSecurityGroup, DeleteSecurityGroup, and
//! authorizing and revoking their rules.

use serde_json::{Value, json};

use super::ec2_instances::{malformed, well_formed};
use super::filters;
use super::instance::InstanceState;
use super::request::Request;
use super::security_group::{Peer, Rule, SecurityGroup};
use super::sg_rules::{GroupLookup, requested_rules};
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

const GROUP_FILTERS: &[&str] = &[
    "group-id",
    "group-name",
    "description",
    "vpc-id",
    "owner-id",
    "ip-permission.protocol",
    "ip-permission.from-port",
    "ip-permission.to-port",
    "ip-permission.cidr",
    "ip-permission.group-id",
    "egress.ip-permission.protocol",
    "egress.ip-permission.cidr",
    "tag-key",
    "tag-value",
];

pub fn group_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidGroup.NotFound",
        format!("The security group '{id}' does not exist"),
    )
}

/// Finds groups named in one VPC, as rules and `GroupName` members do.
struct InVpc<'a> {
    world: &'a SimWorld,
    vpc_id: &'a str,
}

impl GroupLookup for InVpc<'_> {
    fn group_id(&self, id: Option<&str>, name: Option<&str>) -> Result<String, ApiError> {
        let groups = &self.world.security_groups;
        let found = match (id, name) {
            (Some(id), _) => groups
                .iter()
                .find(|g| g.id == id)
                .ok_or_else(|| group_not_found(id)),
            (None, Some(name)) => groups
                .iter()
                .find(|g| g.name == name && g.vpc_id == self.vpc_id)
                .ok_or_else(|| {
                    ApiError::new(
                        "InvalidGroup.NotFound",
                        format!(
                            "The security group '{name}' does not exist in VPC '{}'",
                            self.vpc_id
                        ),
                    )
                }),
            (None, None) => Err(ApiError::new(
                "MissingParameter",
                "The request must contain the parameter groupName or groupId",
            )),
        };
        found.map(|g| g.id.clone())
    }
}

impl SimWorld {
    /// The index of the group a request's `GroupId` or `GroupName` names; a bare name is
    /// looked up in the default VPC, as EC2 does.
    fn target_group(&self, request: &Request) -> Result<usize, ApiError> {
        let id = request.str("GroupId")?;
        if let Some(id) = id
            && !well_formed(id, "sg")
        {
            return Err(malformed(id, "sg", "InvalidGroupId.Malformed"));
        }
        let lookup = InVpc {
            world: self,
            vpc_id: self.default_vpc_id().unwrap_or_default(),
        };
        let id = lookup.group_id(id, request.str("GroupName")?)?;
        self.security_groups
            .iter()
            .position(|g| g.id == id)
            .ok_or_else(|| group_not_found(&id))
    }

    pub(crate) fn describe_security_groups(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let ids = request.str_list("GroupIds")?.unwrap_or_default();
        let names = request.str_list("GroupNames")?.unwrap_or_default();
        for id in &ids {
            if !well_formed(id, "sg") {
                return Err(malformed(id, "sg", "InvalidGroupId.Malformed"));
            }
            if !self.security_groups.iter().any(|g| &g.id == id) {
                return Err(group_not_found(id));
            }
        }
        let default_vpc = self.default_vpc_id().unwrap_or_default();
        for name in &names {
            if !self
                .security_groups
                .iter()
                .any(|g| &g.name == name && g.vpc_id == default_vpc)
            {
                return Err(ApiError::new(
                    "InvalidGroup.NotFound",
                    format!(
                        "The security group '{name}' does not exist in default VPC '{default_vpc}'"
                    ),
                ));
            }
        }
        let filters = filters::parse(request, "DescribeSecurityGroups", GROUP_FILTERS)?;
        let groups: Vec<Value> = self
            .security_groups
            .iter()
            .filter(|g| ids.is_empty() || ids.contains(&g.id))
            .filter(|g| names.is_empty() || (names.contains(&g.name) && g.vpc_id == default_vpc))
            .map(|g| g.to_json(&self.account, &self.region))
            .filter(|g| filters::matches(&filters, |name| group_values(g, name)))
            .collect();
        Ok(json!({"SecurityGroups": groups}))
    }

    pub(crate) fn create_security_group(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("GroupName")?;
        let description = request.required_str("Description")?;
        if name.starts_with("sg-") || name.is_empty() || name.len() > 255 {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Value ({name}) for parameter GroupName is invalid. Group names may not be in the format sg-* and are 1 to 255 characters long."
                ),
            ));
        }
        let vpc_id = match request.str("VpcId")? {
            Some(id) => self.known_vpc(id)?.id.clone(),
            None => self.default_vpc_id().map(str::to_string).ok_or_else(|| {
                ApiError::new("VPCIdNotSpecified", "No default VPC for this user")
            })?,
        };
        if self
            .security_groups
            .iter()
            .any(|g| g.name == name && g.vpc_id == vpc_id)
        {
            return Err(ApiError::new(
                "InvalidGroup.Duplicate",
                format!("The security group '{name}' already exists for VPC '{vpc_id}'"),
            ));
        }
        let group = SecurityGroup {
            id: self.fresh_ec2_id("sg"),
            name: name.to_string(),
            description: description.to_string(),
            rules: vec![self.allow_all_egress()],
            vpc_id,
            tags: Tags::from_specifications(request, "security-group")?,
        };
        let mut answer = json!({
            "GroupId": group.id,
            "SecurityGroupArn": format!("arn:aws:ec2:{}:{}:security-group/{}", self.region, self.account, group.id),
        });
        if !group.tags.is_empty() {
            answer["Tags"] = group.tags.to_json();
        }
        self.security_groups.push(group);
        Ok(answer)
    }

    /// The egress rule every new group starts with.
    pub(crate) fn allow_all_egress(&mut self) -> Rule {
        Rule {
            id: self.fresh_ec2_id("sgr"),
            egress: true,
            protocol: "-1".to_string(),
            from: None,
            to: None,
            peer: Peer::Cidr("0.0.0.0/0".to_string()),
            description: None,
        }
    }

    pub(crate) fn delete_security_group(&mut self, request: &Request) -> Result<Value, ApiError> {
        let index = self.target_group(request)?;
        let group = &self.security_groups[index];
        if group.name == "default" {
            return Err(ApiError::new(
                "CannotDelete",
                format!(
                    "the specified group: \"{}\" name: \"default\" cannot be deleted by a user",
                    group.id
                ),
            ));
        }
        let used_by_instance = self
            .instances
            .iter()
            .any(|i| i.state != InstanceState::Terminated && i.security_groups.contains(&group.id));
        let referenced = self.security_groups.iter().any(|g| {
            g.id != group.id
                && g.rules
                    .iter()
                    .any(|r| r.peer == Peer::Group(group.id.clone()))
        });
        if used_by_instance || referenced {
            return Err(ApiError::new(
                "DependencyViolation",
                format!("resource {} has a dependent object", group.id),
            ));
        }
        let removed = self.security_groups.remove(index);
        Ok(json!({"Return": true, "GroupId": removed.id}))
    }

    pub(crate) fn authorize_ingress(&mut self, request: &Request) -> Result<Value, ApiError> {
        self.authorize(request, false)
    }

    pub(crate) fn authorize_egress(&mut self, request: &Request) -> Result<Value, ApiError> {
        self.authorize(request, true)
    }

    fn authorize(&mut self, request: &Request, egress: bool) -> Result<Value, ApiError> {
        let index = self.target_group(request)?;
        let group = &self.security_groups[index];
        let lookup = InVpc {
            world: self,
            vpc_id: &group.vpc_id,
        };
        let mut rules = requested_rules(request, egress, &lookup)?;
        for (i, rule) in rules.iter().enumerate() {
            let twice = rules[..i].iter().any(|r| r.same(rule));
            if twice || group.rules.iter().any(|r| r.same(rule)) {
                return Err(ApiError::new(
                    "InvalidPermission.Duplicate",
                    format!("the specified rule \"{}\" already exists", rule.describe()),
                ));
            }
        }
        for rule in &mut rules {
            rule.id = self.fresh_ec2_id("sgr");
        }
        let group = &mut self.security_groups[index];
        group.rules.extend(rules.iter().cloned());
        let (group_id, account, region) = (group.id.clone(), &self.account, &self.region);
        let items: Vec<Value> = rules
            .iter()
            .map(|r| r.to_json(&group_id, account, region))
            .collect();
        Ok(json!({"Return": true, "SecurityGroupRules": items}))
    }

    pub(crate) fn revoke_ingress(&mut self, request: &Request) -> Result<Value, ApiError> {
        self.revoke(request, false)
    }

    pub(crate) fn revoke_egress(&mut self, request: &Request) -> Result<Value, ApiError> {
        self.revoke(request, true)
    }

    /// Rules that do not exist are an error in a non-default VPC; in the default VPC they
    /// come back as `UnknownIpPermissions`, as EC2 documents.
    fn revoke(&mut self, request: &Request, egress: bool) -> Result<Value, ApiError> {
        let index = self.target_group(request)?;
        let group = &self.security_groups[index];
        let by_id = request
            .str_list("SecurityGroupRuleIds")?
            .unwrap_or_default();
        let mut wanted: Vec<Rule> = Vec::new();
        for id in &by_id {
            match group
                .rules
                .iter()
                .find(|r| &r.id == id && r.egress == egress)
            {
                Some(rule) => wanted.push(rule.clone()),
                None => {
                    return Err(ApiError::new(
                        "InvalidSecurityGroupRuleId.NotFound",
                        format!("The security group rule ID '{id}' does not exist"),
                    ));
                }
            }
        }
        if by_id.is_empty() || request.get("IpPermissions").is_some() {
            let lookup = InVpc {
                world: self,
                vpc_id: &group.vpc_id,
            };
            wanted.extend(requested_rules(request, egress, &lookup)?);
        }
        let (known, unknown): (Vec<Rule>, Vec<Rule>) = wanted
            .into_iter()
            .partition(|w| group.rules.iter().any(|r| r.same(w)));
        let in_default_vpc = Some(group.vpc_id.as_str()) == self.default_vpc_id();
        if !unknown.is_empty() && !in_default_vpc {
            return Err(ApiError::new(
                "InvalidPermission.NotFound",
                format!(
                    "The specified rule \"{}\" does not exist in this security group.",
                    unknown[0].describe()
                ),
            ));
        }
        let group = &mut self.security_groups[index];
        let revoked: Vec<Rule> = group
            .rules
            .iter()
            .filter(|r| known.iter().any(|k| k.same(r)))
            .cloned()
            .collect();
        group.rules.retain(|r| !known.iter().any(|k| k.same(r)));
        let group_id = group.id.clone();
        let items: Vec<Value> = revoked
            .iter()
            .map(|r| {
                let mut v = r.to_json(&group_id, &self.account, &self.region);
                if let Some(o) = v.as_object_mut() {
                    for key in ["GroupOwnerId", "Tags", "SecurityGroupRuleArn"] {
                        o.remove(key);
                    }
                    if let Some(info) = o.remove("ReferencedGroupInfo") {
                        o.insert("ReferencedGroupId".into(), info["GroupId"].clone());
                    }
                }
                v
            })
            .collect();
        let mut answer = json!({"Return": true, "RevokedSecurityGroupRules": items});
        if !unknown.is_empty() {
            answer["UnknownIpPermissions"] =
                super::security_group::permissions(&unknown, egress, &self.account);
        }
        Ok(answer)
    }
}

fn group_values(group: &Value, name: &str) -> Vec<String> {
    // Values of one field across every permission of a direction.
    let all = |direction: &str, list: Option<&str>, key: &str| -> Vec<String> {
        let permissions = group[direction].as_array().into_iter().flatten();
        match list {
            None => permissions
                .flat_map(|p| filters::json_values(p, key))
                .collect(),
            Some(list) => permissions
                .flat_map(|p| p[list].as_array().into_iter().flatten())
                .flat_map(|entry| filters::json_values(entry, key))
                .collect(),
        }
    };
    let (ingress, egress) = ("IpPermissions", "IpPermissionsEgress");
    match name {
        "group-id" => filters::json_values(group, "/GroupId"),
        "group-name" => filters::json_values(group, "/GroupName"),
        "description" => filters::json_values(group, "/Description"),
        "vpc-id" => filters::json_values(group, "/VpcId"),
        "owner-id" => filters::json_values(group, "/OwnerId"),
        "ip-permission.protocol" => all(ingress, None, "/IpProtocol"),
        "ip-permission.from-port" => all(ingress, None, "/FromPort"),
        "ip-permission.to-port" => all(ingress, None, "/ToPort"),
        "ip-permission.cidr" => all(ingress, Some("IpRanges"), "/CidrIp"),
        "ip-permission.group-id" => all(ingress, Some("UserIdGroupPairs"), "/GroupId"),
        "egress.ip-permission.protocol" => all(egress, None, "/IpProtocol"),
        "egress.ip-permission.cidr" => all(egress, Some("IpRanges"), "/CidrIp"),
        _ => filters::tag_values(&filters::tags_of(group, "Tags"), name),
    }
}
