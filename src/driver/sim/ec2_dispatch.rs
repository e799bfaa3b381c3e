//! Dispatch for the EC2 resource families beyond instances and images: volumes, snapshots,
//! networking, key pairs and launch templates. A table rather than match arms, so a test
//! can check that every entry is a declared operation and documented.

use serde_json::Value;

use super::operations::Operation;
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

type Handler = fn(&mut SimWorld, &Request) -> Result<Value, ApiError>;

/// EC2 operations and the `SimWorld` method answering each.
pub const EC2_RESOURCES: &[(&str, Handler)] = &[
    ("CreateVolume", SimWorld::create_volume),
    ("DescribeVolumes", SimWorld::describe_volumes),
    ("AttachVolume", SimWorld::attach_volume),
    ("DetachVolume", SimWorld::detach_volume),
    ("ModifyVolume", SimWorld::modify_volume),
    (
        "DescribeVolumesModifications",
        SimWorld::describe_volumes_modifications,
    ),
    ("DeleteVolume", SimWorld::delete_volume),
    ("CreateSnapshot", SimWorld::create_snapshot),
    ("CreateSnapshots", SimWorld::create_snapshots),
    ("CopySnapshot", SimWorld::copy_snapshot),
    ("DescribeSnapshots", SimWorld::describe_snapshots),
    ("DeleteSnapshot", SimWorld::delete_snapshot),
    ("DescribeVpcs", SimWorld::describe_vpcs),
    ("DescribeSubnets", SimWorld::describe_subnets),
    ("DescribeSecurityGroups", SimWorld::describe_security_groups),
    ("CreateSecurityGroup", SimWorld::create_security_group),
    ("DeleteSecurityGroup", SimWorld::delete_security_group),
    ("AuthorizeSecurityGroupIngress", SimWorld::authorize_ingress),
    ("AuthorizeSecurityGroupEgress", SimWorld::authorize_egress),
    ("RevokeSecurityGroupIngress", SimWorld::revoke_ingress),
    ("RevokeSecurityGroupEgress", SimWorld::revoke_egress),
    (
        "DescribeNetworkInterfaces",
        SimWorld::describe_network_interfaces,
    ),
    ("DescribeKeyPairs", SimWorld::describe_key_pairs),
    ("CreateKeyPair", SimWorld::create_key_pair),
    ("ImportKeyPair", SimWorld::import_key_pair),
    ("DeleteKeyPair", SimWorld::delete_key_pair),
    ("CreateLaunchTemplate", SimWorld::create_launch_template),
    (
        "CreateLaunchTemplateVersion",
        SimWorld::create_launch_template_version,
    ),
    (
        "DescribeLaunchTemplates",
        SimWorld::describe_launch_templates,
    ),
    (
        "DescribeLaunchTemplateVersions",
        SimWorld::describe_launch_template_versions,
    ),
    ("DeleteLaunchTemplate", SimWorld::delete_launch_template),
];

impl SimWorld {
    /// The answer when `op` belongs to one of these families, else `None`.
    pub(super) fn dispatch_ec2_resources(
        &mut self,
        op: &Operation,
        request: &Request,
    ) -> Option<Result<Value, ApiError>> {
        if op.service != "ec2" {
            return None;
        }
        let (_, handler) = EC2_RESOURCES.iter().find(|(api, _)| *api == op.api)?;
        Some(handler(self, request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_entry_is_a_declared_operation() {
        for (api, _) in EC2_RESOURCES {
            assert!(
                Operation::find("ec2", api).is_some_and(|op| op.api == *api),
                "ec2.{api} is dispatched but not declared in `OPERATIONS`"
            );
        }
    }
}
