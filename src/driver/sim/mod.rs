//! The simulated cloud: [`SimWorld`] answers a subset of EC2, Systems Manager,
//! CloudFormation, Auto Scaling and IAM roles from an in-memory account whose resources change state over simulated
//! time. docs/world-and-mocks.md describes what is simulated and for how long.

mod autoscaling;
mod autoscaling_capacity;
pub(crate) mod autoscaling_group;
mod autoscaling_standby;
mod autoscaling_zones;
pub(crate) mod clock;
pub(crate) mod cloudformation;
mod default_world;
mod ec2_attachments;
mod ec2_attributes;
mod ec2_dispatch;
mod ec2_filter_names;
mod ec2_filter_names_resources;
mod ec2_images;
pub(crate) mod ec2_instances;
pub(crate) mod ec2_key_pairs;
mod ec2_launch_templates;
mod ec2_lifecycle;
mod ec2_network_interfaces;
mod ec2_security_groups;
mod ec2_snapshots;
mod ec2_status;
mod ec2_tags;
mod ec2_volume_modifications;
pub(crate) mod ec2_volumes;
mod ec2_vpc;
pub(crate) mod filters;
pub(crate) mod hybrid_node;
mod iam;
pub(crate) mod iam_role;
pub(crate) mod ids;
pub(crate) mod image;
pub(crate) mod instance;
pub(crate) mod launch_template;
pub(crate) mod network;
pub(crate) mod operations;
pub(crate) mod request;
pub(crate) mod security_group;
mod sg_rules;
pub(crate) mod snapshot;
pub(crate) mod ssm_commands;
mod ssm_managed;
pub(crate) mod ssm_parameters;
mod ssm_public;
pub(crate) mod tags;
mod taken;
pub(crate) mod volume;
mod world;

#[cfg(test)]
mod tests;

pub use world::SimWorld;
