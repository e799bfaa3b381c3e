//! An EC2 instance and its lifecycle. Transitional states end at a stored instant and are
//! settled lazily against the clock, so advancing time needs no per-tick work and a world
//! saved mid-transition resumes exactly where it was.

use serde_json::{Value, json};

use super::clock::{SECOND, iso};
use super::tags::Tags;

/// pending → running.
pub const PENDING_MS: i64 = 15 * SECOND;
/// stopping → stopped.
pub const STOPPING_MS: i64 = 20 * SECOND;
/// stopping → stopped with `Force`: the OS shutdown is skipped.
pub const FORCED_STOP_MS: i64 = 5 * SECOND;
/// shutting-down → terminated.
pub const SHUTTING_DOWN_MS: i64 = 20 * SECOND;
/// Status checks stay `initializing` this long after an instance starts running or reboots.
pub const STATUS_CHECKS_MS: i64 = 30 * SECOND;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    pub const ALL: [InstanceState; 6] = [
        InstanceState::Pending,
        InstanceState::Running,
        InstanceState::ShuttingDown,
        InstanceState::Terminated,
        InstanceState::Stopping,
        InstanceState::Stopped,
    ];

    /// EC2's numeric state code (the low byte of the real 16-bit value).
    pub fn code(self) -> i64 {
        match self {
            InstanceState::Pending => 0,
            InstanceState::Running => 16,
            InstanceState::ShuttingDown => 32,
            InstanceState::Terminated => 48,
            InstanceState::Stopping => 64,
            InstanceState::Stopped => 80,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InstanceState::Pending => "pending",
            InstanceState::Running => "running",
            InstanceState::ShuttingDown => "shutting-down",
            InstanceState::Terminated => "terminated",
            InstanceState::Stopping => "stopping",
            InstanceState::Stopped => "stopped",
        }
    }

    pub fn from_name(name: &str) -> Option<InstanceState> {
        InstanceState::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The API's `{"Code": 16, "Name": "running"}`.
    pub fn to_json(self) -> Value {
        json!({"Code": self.code(), "Name": self.name()})
    }

    /// Where a transitional state settles; `None` for resting states.
    fn settles_to(self) -> Option<InstanceState> {
        match self {
            InstanceState::Pending => Some(InstanceState::Running),
            InstanceState::Stopping => Some(InstanceState::Stopped),
            InstanceState::ShuttingDown => Some(InstanceState::Terminated),
            _ => None,
        }
    }

    /// How long a transitional state lasts when entered without special options.
    pub fn default_duration(self) -> i64 {
        match self {
            InstanceState::Pending => PENDING_MS,
            InstanceState::Stopping => STOPPING_MS,
            InstanceState::ShuttingDown => SHUTTING_DOWN_MS,
            _ => 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Linux,
    Windows,
}

impl Platform {
    pub fn from_name(name: &str) -> Option<Platform> {
        match name.to_ascii_lowercase().as_str() {
            "linux" | "linux/unix" => Some(Platform::Linux),
            "windows" => Some(Platform::Windows),
            _ => None,
        }
    }

    /// The world file spelling, which is also EC2's `Platform` value for Windows.
    pub fn name(self) -> &'static str {
        match self {
            Platform::Linux => "linux",
            Platform::Windows => "windows",
        }
    }

    pub fn root_device(self) -> &'static str {
        match self {
            Platform::Linux => "/dev/xvda",
            Platform::Windows => "/dev/sda1",
        }
    }

    pub fn default_volume_size(self) -> i64 {
        match self {
            Platform::Linux => 8,
            Platform::Windows => 30,
        }
    }

    pub fn details(self) -> &'static str {
        match self {
            Platform::Linux => "Linux/UNIX",
            Platform::Windows => "Windows",
        }
    }

    pub fn usage_operation(self) -> &'static str {
        match self {
            Platform::Linux => "RunInstances",
            Platform::Windows => "RunInstances:0002",
        }
    }

    /// Systems Manager's `PlatformType`.
    pub fn ssm_type(self) -> &'static str {
        match self {
            Platform::Linux => "Linux",
            Platform::Windows => "Windows",
        }
    }

    /// Adds EC2's `Platform` key, which is present for Windows only.
    pub fn decorate(self, object: &mut serde_json::Map<String, Value>) {
        if self == Platform::Windows {
            object.insert("Platform".into(), json!("windows"));
        }
    }
}

/// The root EBS volume; it lives and dies with its instance (`DeleteOnTermination`).
#[derive(Clone, Debug, PartialEq)]
pub struct Volume {
    pub id: String,
    pub size: i64,
    pub volume_type: String,
    /// Creation and attach time: the instance's first launch.
    pub created: i64,
    pub tags: Tags,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub id: String,
    pub image_id: String,
    pub instance_type: String,
    pub platform: Platform,
    /// Whether SSM Agent is registered: the instance appears in DescribeInstanceInformation
    /// and accepts Run Command while running.
    pub managed: bool,
    pub state: InstanceState,
    /// When the current state began.
    pub state_since: i64,
    /// When a transitional state completes; unused in resting states.
    pub transition_ends: i64,
    /// When status checks turn `ok`; meaningful while running.
    pub checks_ok_at: i64,
    /// Why the instance last stopped or terminated, as EC2 words it.
    pub transition_reason: String,
    pub launch_time: i64,
    pub reservation_id: String,
    pub availability_zone: String,
    pub private_ip: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub key_name: Option<String>,
    pub disable_api_termination: bool,
    pub tags: Tags,
    pub root_volume: Volume,
    /// Security group ids; the world resolves their names when describing.
    pub security_groups: Vec<String>,
}

impl Instance {
    /// Applies every transition that has completed by `now`.
    pub fn settle(&mut self, now: i64) {
        while let Some(next) = self.state.settles_to() {
            if now < self.transition_ends {
                break;
            }
            self.state = next;
            self.state_since = self.transition_ends;
            if next == InstanceState::Running {
                self.checks_ok_at = self.state_since + STATUS_CHECKS_MS;
            }
        }
    }

    /// Enters `state` at `now`; transitional states complete after `duration`.
    pub fn begin(&mut self, state: InstanceState, now: i64, duration: i64) {
        self.state = state;
        self.state_since = now;
        self.transition_ends = now + duration;
    }

    /// Status checks pass once they have run for a while after start or reboot.
    pub fn checks_ok(&self, now: i64) -> bool {
        self.state == InstanceState::Running && now >= self.checks_ok_at
    }

    pub fn private_dns(&self, region: &str) -> String {
        let host = format!("ip-{}", self.private_ip.replace('.', "-"));
        if region == "us-east-1" {
            format!("{host}.ec2.internal")
        } else {
            format!("{host}.{region}.compute.internal")
        }
    }

    /// The `Instances[]` item of DescribeInstances / RunInstances.
    pub fn to_json(&self, region: &str, account: &str) -> Value {
        let terminated = self.state == InstanceState::Terminated;
        let mut o = serde_json::Map::new();
        o.insert("AmiLaunchIndex".into(), json!(0));
        o.insert("ImageId".into(), json!(self.image_id));
        o.insert("InstanceId".into(), json!(self.id));
        o.insert("InstanceType".into(), json!(self.instance_type));
        if let Some(key) = &self.key_name {
            o.insert("KeyName".into(), json!(key));
        }
        o.insert("LaunchTime".into(), json!(iso(self.launch_time)));
        o.insert("Monitoring".into(), json!({"State": "disabled"}));
        o.insert(
            "Placement".into(),
            json!({"AvailabilityZone": self.availability_zone, "GroupName": "", "Tenancy": "default"}),
        );
        self.platform.decorate(&mut o);
        // Terminated instances lose their network identity, as on EC2.
        let dns = if terminated {
            String::new()
        } else {
            self.private_dns(region)
        };
        o.insert("PrivateDnsName".into(), json!(dns));
        if !terminated {
            o.insert("PrivateIpAddress".into(), json!(self.private_ip));
        }
        o.insert("ProductCodes".into(), json!([]));
        o.insert("PublicDnsName".into(), json!(""));
        o.insert("State".into(), self.state.to_json());
        o.insert(
            "StateTransitionReason".into(),
            json!(self.transition_reason),
        );
        if !terminated {
            o.insert("SubnetId".into(), json!(self.subnet_id));
            o.insert("VpcId".into(), json!(self.vpc_id));
            o.insert(
                "NetworkInterfaces".into(),
                json!([self.network_interface(&dns, account)]),
            );
        }
        o.insert("Architecture".into(), json!("x86_64"));
        o.insert("BlockDeviceMappings".into(), self.block_devices());
        o.insert("ClientToken".into(), json!(""));
        o.insert("EbsOptimized".into(), json!(false));
        o.insert("EnaSupport".into(), json!(true));
        o.insert("Hypervisor".into(), json!("xen"));
        o.insert("RootDeviceName".into(), json!(self.platform.root_device()));
        o.insert("RootDeviceType".into(), json!("ebs"));
        o.insert(
            "SecurityGroups".into(),
            json!([{"GroupId": "sg-0123456789abcdef0", "GroupName": "default"}]),
        );
        o.insert("SourceDestCheck".into(), json!(true));
        if matches!(
            self.state,
            InstanceState::Stopped | InstanceState::Terminated
        ) {
            o.insert(
                "StateReason".into(),
                json!({"Code": "Client.UserInitiatedShutdown", "Message": "Client.UserInitiatedShutdown: User initiated shutdown"}),
            );
        }
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        o.insert("VirtualizationType".into(), json!("hvm"));
        o.insert("PlatformDetails".into(), json!(self.platform.details()));
        o.insert(
            "UsageOperation".into(),
            json!(self.platform.usage_operation()),
        );
        Value::Object(o)
    }

    /// The primary network interface, in botocore's `InstanceNetworkInterface` shape, with
    /// the fields runbooks select (`SubnetId`, `PrivateIpAddress`, `Groups`, ids). Its ids are
    /// derived from the instance id so that a world reads back the same.
    fn network_interface(&self, dns: &str, account: &str) -> Value {
        let suffix = self.id.trim_start_matches("i-");
        let mac: Vec<String> = suffix
            .as_bytes()
            .chunks(2)
            .take(5)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        json!({
            "Attachment": {
                "AttachTime": iso(self.launch_time),
                "AttachmentId": format!("eni-attach-{suffix}"),
                "DeleteOnTermination": true,
                "DeviceIndex": 0,
                "Status": "attached",
                "NetworkCardIndex": 0
            },
            "Description": "",
            "Groups": [{"GroupId": "sg-0123456789abcdef0", "GroupName": "default"}],
            "Ipv6Addresses": [],
            "MacAddress": format!("02:{}", mac.join(":")),
            "NetworkInterfaceId": format!("eni-{suffix}"),
            "OwnerId": account,
            "PrivateDnsName": dns,
            "PrivateIpAddress": self.private_ip,
            "PrivateIpAddresses": [
                {"Primary": true, "PrivateDnsName": dns, "PrivateIpAddress": self.private_ip}
            ],
            "SourceDestCheck": true,
            "Status": "in-use",
            "SubnetId": self.subnet_id,
            "VpcId": self.vpc_id,
            "InterfaceType": "interface"
        })
    }

    fn block_devices(&self) -> Value {
        if self.state == InstanceState::Terminated {
            return json!([]);
        }
        json!([{
            "DeviceName": self.platform.root_device(),
            "Ebs": {
                "AttachTime": iso(self.root_volume.created),
                "DeleteOnTermination": true,
                "Status": "attached",
                "VolumeId": self.root_volume.id,
            }
        }])
    }
}
