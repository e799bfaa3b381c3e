//! A hybrid managed node: a server outside EC2 (on premises, another cloud) registered with
//! Systems Manager through a hybrid activation. It has an `mi-` id, appears in
//! DescribeInstanceInformation with `ResourceType` `ManagedInstance`, and runs commands
//! like an EC2 managed instance, but EC2 knows nothing of it.

use serde_json::{Value, json};

use super::clock::iso;
use super::instance::Platform;
use super::tags::Tags;

#[derive(Clone, Debug, PartialEq)]
pub struct HybridNode {
    pub id: String,
    /// The name the activation gave the node.
    pub name: String,
    pub platform: Platform,
    pub platform_name: String,
    pub platform_version: String,
    pub ip: String,
    pub computer_name: String,
    /// Whether the agent pings (`Online`); otherwise `ConnectionLost`. Nothing in the
    /// simulation moves a hybrid node between the two.
    pub online: bool,
    pub registered: i64,
    pub activation_id: String,
    pub iam_role: String,
    pub tags: Tags,
}

impl HybridNode {
    pub fn ping_status(&self) -> &'static str {
        if self.online {
            "Online"
        } else {
            "ConnectionLost"
        }
    }

    /// The platform name and version a node reports when the world file gives none.
    pub fn default_platform_name(platform: Platform) -> (&'static str, &'static str) {
        match platform {
            Platform::Linux => ("Ubuntu", "22.04"),
            Platform::Windows => ("Microsoft Windows Server 2019 Standard", "10.0.17763"),
        }
    }

    /// The `InstanceInformation` item of DescribeInstanceInformation; `agent` is the agent
    /// version every simulated node reports.
    pub fn information_json(&self, now: i64, agent: &str) -> Value {
        json!({
            "InstanceId": self.id,
            "PingStatus": self.ping_status(),
            "LastPingDateTime": iso(if self.online { now } else { self.registered }),
            "AgentVersion": agent,
            "IsLatestVersion": false,
            "PlatformType": self.platform.ssm_type(),
            "PlatformName": self.platform_name,
            "PlatformVersion": self.platform_version,
            "ActivationId": self.activation_id,
            "IamRole": self.iam_role,
            "RegistrationDate": iso(self.registered),
            "ResourceType": "ManagedInstance",
            "Name": self.name,
            "IPAddress": self.ip,
            "ComputerName": self.computer_name,
            "SourceId": self.id,
            "SourceType": "AWS::SSM::ManagedInstance",
        })
    }
}
