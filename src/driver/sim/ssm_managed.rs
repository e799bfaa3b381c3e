//! Managed nodes as Systems Manager sees them: instances marked `managed` whose agent
//! pings while the instance runs, and hybrid nodes (`mi-`). DescribeInstanceInformation
//! lists them; Run Command accepts only those that are online.

use serde_json::{Value, json};

use super::clock::iso;
use super::filters;
use super::instance::{Instance, InstanceState, Platform};
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

/// The agent version every simulated instance reports.
const AGENT_VERSION: &str = "3.3.1142.0";

const INFORMATION_KEYS: &[&str] = &[
    "InstanceIds",
    "AgentVersion",
    "PingStatus",
    "PlatformTypes",
    "ResourceType",
    "ActivationIds",
    "IamRole",
];

/// What Run Command and the filters of DescribeInstanceInformation read of a node, EC2
/// instance or hybrid node alike. `ping` is `None` for an instance that is not managed.
pub struct Node<'a> {
    pub id: &'a str,
    pub platform: Platform,
    pub tags: &'a Tags,
    pub ping: Option<&'static str>,
    /// `EC2Instance` or `ManagedInstance`.
    pub resource_type: &'static str,
    /// A hybrid node's activation and role; EC2 instances have neither.
    pub activation: Option<(&'a str, &'a str)>,
}

/// Online while running; a stopped or starting instance's agent is not reachable. Terminated
/// instances are deregistered and not listed at all.
pub fn ping_status(instance: &Instance) -> Option<&'static str> {
    match (instance.managed, instance.state) {
        (false, _) | (_, InstanceState::Terminated) => None,
        (true, InstanceState::Running) => Some("Online"),
        (true, _) => Some("ConnectionLost"),
    }
}

impl SimWorld {
    /// Every instance, then every hybrid node.
    pub(crate) fn nodes(&self) -> impl Iterator<Item = Node<'_>> {
        let instances = self.instances.iter().map(|i| Node {
            id: &i.id,
            platform: i.platform,
            tags: &i.tags,
            ping: ping_status(i),
            resource_type: "EC2Instance",
            activation: None,
        });
        let hybrid = self.hybrid_nodes.iter().map(|n| Node {
            id: &n.id,
            platform: n.platform,
            tags: &n.tags,
            ping: Some(n.ping_status()),
            resource_type: "ManagedInstance",
            activation: Some((&n.activation_id, &n.iam_role)),
        });
        instances.chain(hybrid)
    }

    pub(crate) fn node(&self, id: &str) -> Option<Node<'_>> {
        self.nodes().find(|n| n.id == id)
    }

    pub(crate) fn describe_instance_information(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let mut conditions: Vec<(String, Vec<String>)> = Vec::new();
        for item in request.structs("InstanceInformationFilterList")? {
            let key = item.required_str("key")?;
            conditions.push((key.to_string(), item.required_str_list("valueSet")?));
        }
        for item in request.structs("Filters")? {
            let key = item.required_str("Key")?;
            conditions.push((key.to_string(), item.required_str_list("Values")?));
        }
        if let Some((key, _)) = conditions.iter().find(|(key, _)| {
            !INFORMATION_KEYS.contains(&key.as_str())
                && !key.starts_with("tag:")
                && key != "tag-key"
        }) {
            return Err(ApiError::new(
                "InvalidFilterKey",
                format!("The filter key {key} is not valid."),
            ));
        }
        let wanted: Vec<&str> = self
            .nodes()
            .filter(|n| n.ping.is_some())
            .filter(|n| {
                conditions.iter().all(|(key, wanted)| {
                    let actual = information_values(n, key);
                    wanted.iter().any(|w| actual.contains(w))
                })
            })
            .map(|n| n.id)
            .collect();
        let list: Vec<Value> = wanted
            .iter()
            .filter_map(|id| match self.instance(id) {
                Some(i) => Some(self.information_json(i)),
                None => self
                    .hybrid_nodes
                    .iter()
                    .find(|n| n.id == *id)
                    .map(|n| n.information_json(self.now, AGENT_VERSION)),
            })
            .collect();
        Ok(json!({"InstanceInformationList": list}))
    }

    fn information_json(&self, instance: &Instance) -> Value {
        let ping = ping_status(instance).unwrap_or("ConnectionLost");
        let last_ping = if ping == "Online" {
            self.now
        } else {
            instance.state_since
        };
        let (name, version, computer) = match instance.platform {
            Platform::Linux => ("Amazon Linux", "2023", instance.private_dns(&self.region)),
            Platform::Windows => (
                "Microsoft Windows Server 2022 Datacenter",
                "10.0.20348",
                format!("EC2AMAZ-{}", windows_host_suffix(&instance.id)),
            ),
        };
        json!({
            "InstanceId": instance.id,
            "PingStatus": ping,
            "LastPingDateTime": iso(last_ping),
            "AgentVersion": AGENT_VERSION,
            "IsLatestVersion": false,
            "PlatformType": instance.platform.ssm_type(),
            "PlatformName": name,
            "PlatformVersion": version,
            "ResourceType": "EC2Instance",
            "IPAddress": instance.private_ip,
            "ComputerName": computer,
            "SourceId": instance.id,
            "SourceType": "AWS::EC2::Instance",
        })
    }
}

fn information_values(node: &Node, key: &str) -> Vec<String> {
    let one = |value: &str| vec![value.to_string()];
    match key {
        "InstanceIds" => one(node.id),
        "AgentVersion" => one(AGENT_VERSION),
        "PingStatus" => node.ping.map(one).unwrap_or_default(),
        "PlatformTypes" => one(node.platform.ssm_type()),
        "ResourceType" => one(node.resource_type),
        "ActivationIds" => node.activation.map(|a| one(a.0)).unwrap_or_default(),
        "IamRole" => node.activation.map(|a| one(a.1)).unwrap_or_default(),
        _ => filters::tag_values(node.tags, key),
    }
}

/// Windows hosts get a generated name such as `EC2AMAZ-7K2P4QH`; derive it from the id so
/// it is stable.
fn windows_host_suffix(id: &str) -> String {
    id.trim_start_matches("i-")
        .chars()
        .rev()
        .take(7)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}
