//! An Auto Scaling group: its size bounds, its members (world EC2 instances tagged
//! `aws:autoscaling:groupName`) with their lifecycle states, suspended processes and the
//! activities it ran. Member transitions end at stored instants, settled lazily like
//! instance states.

use serde_json::{Value, json};

use super::clock::{SECOND, iso};
use super::tags::Tags;

/// The tag Auto Scaling puts on every instance it launches or attaches.
pub const GROUP_TAG: &str = "aws:autoscaling:groupName";
/// InService → EnteringStandby → Standby.
pub const ENTERING_STANDBY_MS: i64 = 5 * SECOND;
/// Standby → Pending → InService on ExitStandby.
pub const EXIT_STANDBY_MS: i64 = 10 * SECOND;
/// Activities kept per group, oldest dropped first, so a long loop cannot grow the world
/// without bound.
pub const MAX_ACTIVITIES: usize = 1_000;

/// The scaling processes SuspendProcesses and ResumeProcesses accept.
pub const PROCESSES: &[&str] = &[
    "Launch",
    "Terminate",
    "AddToLoadBalancer",
    "AlarmNotification",
    "AZRebalance",
    "HealthCheck",
    "InstanceRefresh",
    "ReplaceUnhealthy",
    "ScheduledActions",
];

/// The `LifecycleState` values the simulation moves members through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Pending,
    InService,
    EnteringStandby,
    Standby,
    Terminating,
}

impl Lifecycle {
    pub const ALL: [Lifecycle; 5] = [
        Lifecycle::Pending,
        Lifecycle::InService,
        Lifecycle::EnteringStandby,
        Lifecycle::Standby,
        Lifecycle::Terminating,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Lifecycle::Pending => "Pending",
            Lifecycle::InService => "InService",
            Lifecycle::EnteringStandby => "EnteringStandby",
            Lifecycle::Standby => "Standby",
            Lifecycle::Terminating => "Terminating",
        }
    }

    pub fn from_name(name: &str) -> Option<Lifecycle> {
        Lifecycle::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Members that count towards the group's capacity: Standby ones do not.
    pub fn counts(self) -> bool {
        matches!(self, Lifecycle::Pending | Lifecycle::InService)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub instance_id: String,
    pub state: Lifecycle,
    /// When a transitional state (Pending, EnteringStandby) ends.
    pub until: i64,
    pub healthy: bool,
    pub protected: bool,
}

/// One scaling activity; its status follows from the clock (`end`) unless it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    pub id: String,
    pub description: String,
    pub cause: String,
    pub start: i64,
    pub end: i64,
    pub failed: Option<String>,
    pub details: String,
}

impl Activity {
    pub fn to_json(&self, group: &AutoScalingGroup, now: i64) -> Value {
        let mut o = json!({
            "ActivityId": self.id,
            "AutoScalingGroupName": group.name,
            "Description": self.description,
            "Cause": self.cause,
            "StartTime": iso(self.start),
        });
        let done = self.failed.is_some() || now >= self.end;
        if done {
            o["EndTime"] = json!(iso(self.end.min(now.max(self.start))));
        }
        o["StatusCode"] = json!(match (&self.failed, done) {
            (Some(_), _) => "Failed",
            (None, true) => "Successful",
            (None, false) => "InProgress",
        });
        if let Some(message) = &self.failed {
            o["StatusMessage"] = json!(message);
        }
        o["Progress"] = json!(if done { 100 } else { 50 });
        o["Details"] = json!(self.details);
        o["AutoScalingGroupARN"] = json!(group.arn);
        o
    }
}

/// A group's launch template: its id and name (the API returns both) and the version
/// launches use (`$Default`, `$Latest` or a number).
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateRef {
    pub id: String,
    pub name: String,
    pub version: String,
}

impl TemplateRef {
    pub fn to_json(&self) -> Value {
        json!({
            "LaunchTemplateId": self.id,
            "LaunchTemplateName": self.name,
            "Version": self.version,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AutoScalingGroup {
    pub name: String,
    pub arn: String,
    pub min: i64,
    pub max: i64,
    pub desired: i64,
    pub zones: Vec<String>,
    /// Comma-separated subnet ids, as the API writes `VPCZoneIdentifier`.
    pub vpc_zone_identifier: String,
    pub health_check_type: String,
    pub created: i64,
    /// The launch template new instances come from, as the API's
    /// `LaunchTemplateSpecification` names it; without one, `image_id`, `instance_type` and
    /// `managed` say what is launched.
    pub launch_template: Option<TemplateRef>,
    /// What new instances are launched from when there is no launch template.
    pub image_id: String,
    pub instance_type: String,
    /// Whether launched instances register with Systems Manager (an instance profile).
    pub managed: bool,
    pub members: Vec<Member>,
    /// Suspended process names, in suspension order.
    pub suspended: Vec<String>,
    pub tags: Tags,
    pub activities: Vec<Activity>,
}

impl AutoScalingGroup {
    pub fn member(&self, instance_id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.instance_id == instance_id)
    }

    pub fn suspended(&self, process: &str) -> bool {
        self.suspended.iter().any(|p| p == process)
    }

    /// Members that count towards capacity.
    pub fn capacity(&self) -> i64 {
        self.members.iter().filter(|m| m.state.counts()).count() as i64
    }

    pub fn record(&mut self, activity: Activity) {
        if self.activities.len() >= MAX_ACTIVITIES {
            self.activities.remove(0);
        }
        self.activities.push(activity);
    }

    /// Ends the timed member transitions that are complete by `now`.
    pub fn settle_members(&mut self, now: i64) {
        for m in &mut self.members {
            if now < m.until {
                continue;
            }
            m.state = match m.state {
                Lifecycle::Pending => Lifecycle::InService,
                Lifecycle::EnteringStandby => Lifecycle::Standby,
                other => other,
            };
        }
    }

    /// The `Instances[]` item of DescribeAutoScalingGroups; `details` is the instance's
    /// (type, zone, image) from the world.
    pub fn member_json(m: &Member, details: (&str, &str, &str)) -> Value {
        let (instance_type, zone, image) = details;
        json!({
            "InstanceId": m.instance_id,
            "InstanceType": instance_type,
            "AvailabilityZone": zone,
            "LifecycleState": m.state.name(),
            "HealthStatus": if m.healthy { "Healthy" } else { "Unhealthy" },
            "ImageId": image,
            "ProtectedFromScaleIn": m.protected,
        })
    }

    /// The `AutoScalingGroup` shape without `Instances`, which the caller adds.
    pub fn to_json(&self, account: &str) -> Value {
        let tags: Vec<Value> = self
            .tags
            .iter()
            .map(|(k, v)| {
                json!({
                    "ResourceId": self.name,
                    "ResourceType": "auto-scaling-group",
                    "Key": k,
                    "Value": v,
                    "PropagateAtLaunch": true,
                })
            })
            .collect();
        let suspended: Vec<Value> = self
            .suspended
            .iter()
            .map(|p| json!({"ProcessName": p, "SuspensionReason": "User suspended"}))
            .collect();
        let mut o = json!({
            "AutoScalingGroupName": self.name,
            "AutoScalingGroupARN": self.arn,
            "MinSize": self.min,
            "MaxSize": self.max,
            "DesiredCapacity": self.desired,
            "DefaultCooldown": 300,
            "AvailabilityZones": self.zones,
            "LoadBalancerNames": [],
            "TargetGroupARNs": [],
            "HealthCheckType": self.health_check_type,
            "HealthCheckGracePeriod": 300,
            "CreatedTime": iso(self.created),
            "SuspendedProcesses": suspended,
            "VPCZoneIdentifier": self.vpc_zone_identifier,
            "EnabledMetrics": [],
            "Tags": tags,
            "TerminationPolicies": ["Default"],
            "NewInstancesProtectedFromScaleIn": false,
            "ServiceLinkedRoleARN": format!(
                "arn:aws:iam::{account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
            ),
            "CapacityRebalance": false,
            "TrafficSources": [],
        });
        if let Some(template) = &self.launch_template {
            o["LaunchTemplate"] = template.to_json();
        }
        o
    }
}
