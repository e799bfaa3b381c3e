//! [`SimWorld`]: one simulated account in one region, with a clock. Everything is plain data
//! so the world can be saved between CLI calls and compared in tests; nothing reads the wall
//! clock or a random source, so the same calls always give the same answers.

use serde_json::Value;

use super::autoscaling_group::AutoScalingGroup;
use super::clock::MAX_MILLIS;
use super::cloudformation::Stack;
use super::ec2_key_pairs::KeyPair;
use super::hybrid_node::HybridNode;
use super::iam_role::Role;
use super::ids;
use super::image::Image;
use super::instance::Instance;
use super::launch_template::LaunchTemplate;
use super::network::{Subnet, Vpc};
use super::operations::Operation;
use super::request::Request;
use super::security_group::SecurityGroup;
use super::snapshot::Snapshot;
use super::ssm_commands::Command;
use super::ssm_parameters::Parameter;
use super::taken::TakenIds;
use super::volume::{EbsVolume, Modification};
use crate::driver::{ApiError, CloudDriver};

/// The simulated cloud. It serializes to the world file format (see `docs/world-and-mocks.md`),
/// so a saved world can be edited by hand and loaded again with `--world`.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(try_from = "serde_json::Value")]
pub struct SimWorld {
    pub(crate) region: String,
    pub(crate) account: String,
    pub(crate) now: i64,
    /// Counter behind every generated id; saved so ids stay unique across runs.
    pub(crate) sequence: u64,
    pub(crate) instances: Vec<Instance>,
    pub(crate) images: Vec<Image>,
    /// Snapshots the account made, and those that outlived their image.
    pub(crate) snapshots: Vec<Snapshot>,
    /// EBS volumes other than instances' root volumes.
    pub(crate) volumes: Vec<EbsVolume>,
    pub(crate) volume_modifications: Vec<Modification>,
    pub(crate) vpcs: Vec<Vpc>,
    pub(crate) subnets: Vec<Subnet>,
    pub(crate) security_groups: Vec<SecurityGroup>,
    pub(crate) key_pairs: Vec<KeyPair>,
    pub(crate) launch_templates: Vec<LaunchTemplate>,
    pub(crate) parameters: Vec<Parameter>,
    /// Servers outside EC2 registered with Systems Manager (`mi-` ids).
    pub(crate) hybrid_nodes: Vec<HybridNode>,
    pub(crate) commands: Vec<Command>,
    /// IAM roles; IAM is global, but one account is all the simulation has.
    pub(crate) roles: Vec<Role>,
    pub(crate) stacks: Vec<Stack>,
    pub(crate) auto_scaling_groups: Vec<AutoScalingGroup>,
    /// Ids and addresses in use or once used, for fresh ones in constant time.
    pub(crate) taken: TakenIds,
}

impl SimWorld {
    /// An empty account at `now`.
    pub fn empty(region: &str, account: &str, now: i64) -> SimWorld {
        SimWorld {
            region: region.to_string(),
            account: account.to_string(),
            now,
            sequence: 0,
            instances: Vec::new(),
            images: Vec::new(),
            snapshots: Vec::new(),
            volumes: Vec::new(),
            volume_modifications: Vec::new(),
            vpcs: Vec::new(),
            subnets: Vec::new(),
            security_groups: Vec::new(),
            key_pairs: Vec::new(),
            launch_templates: Vec::new(),
            parameters: Vec::new(),
            hybrid_nodes: Vec::new(),
            commands: Vec::new(),
            roles: Vec::new(),
            stacks: Vec::new(),
            auto_scaling_groups: Vec::new(),
            taken: TakenIds::default(),
        }
    }

    /// Applies every timed transition that has completed by now. Called before each
    /// request and after each advance, which is all the laziness needs.
    pub(crate) fn settle(&mut self) {
        let now = self.now;
        self.instances.iter_mut().for_each(|i| i.settle(now));
        self.images.iter_mut().for_each(|i| i.settle(now));
        self.stacks.iter_mut().for_each(|s| s.settle(now));
        self.settle_attachments();
        self.settle_groups();
    }

    pub(crate) fn instance(&self, id: &str) -> Option<&Instance> {
        self.instances.iter().find(|i| i.id == id)
    }

    pub(crate) fn instance_mut(&mut self, id: &str) -> Option<&mut Instance> {
        self.instances.iter_mut().find(|i| i.id == id)
    }

    pub(crate) fn image(&self, id: &str) -> Option<&Image> {
        self.images.iter().find(|i| i.id == id)
    }

    /// A new EC2-style id (`i-…`, `ami-…`, `vol-…`) not used by anything in the world,
    /// including ids a world file chose by hand.
    pub(crate) fn fresh_ec2_id(&mut self, prefix: &str) -> String {
        loop {
            self.sequence += 1;
            let id = ids::ec2_id(prefix, self.sequence);
            if !self.taken.contains(&id) {
                self.taken.insert(&id);
                return id;
            }
        }
    }

    /// A new UUID-shaped id for commands and stacks.
    pub(crate) fn fresh_uuid(&mut self) -> String {
        loop {
            self.sequence += 1;
            let id = ids::uuid(self.sequence);
            let taken = self.commands.iter().any(|c| c.id == id)
                || self.stacks.iter().any(|s| s.id.ends_with(&id));
            if !taken {
                return id;
            }
        }
    }

    /// A private address no instance holds; gives up on uniqueness only if the whole
    /// range is taken, which no realistic world reaches.
    pub(crate) fn fresh_private_ip(&mut self) -> String {
        let mut ip = String::new();
        for _ in 0..(250 * 250 * ids::IP_BLOCKS) {
            self.sequence += 1;
            ip = ids::private_ip(self.sequence);
            if !self.taken.contains(&ip) {
                break;
            }
        }
        self.taken.insert(&ip);
        ip
    }

    pub(super) fn dispatch(
        &mut self,
        op: &Operation,
        request: &Request,
    ) -> Result<Value, ApiError> {
        if let Some(answer) = self.dispatch_ec2_resources(op, request) {
            return answer;
        }
        match (op.service, op.api) {
            ("ec2", "RunInstances") => self.run_instances(request),
            ("ec2", "DescribeInstances") => self.describe_instances(request),
            ("ec2", "DescribeInstanceStatus") => self.describe_instance_status(request),
            ("ec2", "DescribeInstanceAttribute") => self.describe_instance_attribute(request),
            ("ec2", "ModifyInstanceAttribute") => self.modify_instance_attribute(request),
            ("ec2", "StartInstances") => self.start_instances(request),
            ("ec2", "StopInstances") => self.stop_instances(request),
            ("ec2", "RebootInstances") => self.reboot_instances(request),
            ("ec2", "TerminateInstances") => self.terminate_instances(request),
            ("ec2", "CreateImage") => self.create_image(request),
            ("ec2", "DescribeImages") => self.describe_images(request),
            ("ec2", "DeregisterImage") => self.deregister_image(request),
            ("ec2", "CopyImage") => self.copy_image(request),
            ("ec2", "CreateTags") => self.create_tags(request),
            ("ec2", "DeleteTags") => self.delete_tags(request),
            ("ec2", "DescribeTags") => self.describe_tags(request),
            ("ssm", "GetParameter") => self.get_parameter(request),
            ("ssm", "GetParameters") => self.get_parameters(request),
            ("ssm", "PutParameter") => self.put_parameter(request),
            ("ssm", "DeleteParameter") => self.delete_parameter(request),
            ("ssm", "DescribeInstanceInformation") => self.describe_instance_information(request),
            ("ssm", "SendCommand") => self.send_command(request),
            ("ssm", "GetCommandInvocation") => self.get_command_invocation(request),
            ("ssm", "ListCommandInvocations") => self.list_command_invocations(request),
            ("ssm", "ListCommands") => self.list_commands(request),
            ("cloudformation", "CreateStack") => self.create_stack(request),
            ("cloudformation", "DescribeStacks") => self.describe_stacks(request),
            ("cloudformation", "DeleteStack") => self.delete_stack(request),
            ("cloudformation", "UpdateStack") => self.update_stack(request),
            ("autoscaling", _) => self.dispatch_autoscaling(op, request),
            ("iam", _) => self.dispatch_iam(op, request),
            _ => Err(ApiError::not_simulated(op.service, op.api)),
        }
    }
}

impl CloudDriver for SimWorld {
    fn call(&mut self, service: &str, api: &str, params: &Value) -> Result<Value, ApiError> {
        let Some(op) = Operation::find(service, api) else {
            return Err(ApiError::not_simulated(service, api));
        };
        op.validate(params)?;
        let request = Request::new(params);
        // EC2 answers a dry run with an error even when the call would succeed.
        if op.service == "ec2" && request.flag("DryRun")? {
            return Err(ApiError::new(
                "DryRunOperation",
                "Request would have succeeded, but DryRun flag is set.",
            ));
        }
        self.settle();
        self.dispatch(op, &request)
    }

    fn now_millis(&self) -> i64 {
        self.now
    }

    /// Time never runs backwards: a negative step is ignored so a caller's arithmetic slip
    /// cannot undo transitions that already happened. The clock stops at the end of year 9999.
    fn advance(&mut self, millis: i64) {
        if millis > 0 {
            self.now = self
                .now
                .saturating_add(millis)
                .min(MAX_MILLIS.max(self.now));
        }
        self.settle();
    }

    fn region(&self) -> String {
        self.region.clone()
    }

    fn account_id(&self) -> String {
        self.account.clone()
    }
}

impl Default for SimWorld {
    fn default() -> SimWorld {
        SimWorld::default_world()
    }
}
