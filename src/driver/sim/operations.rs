//! Which operations the simulated world answers, with their request members as botocore's
//! service models declare them (ec2 2016-11-15, ssm 2014-11-06, cloudformation 2010-05-15,
//! autoscaling 2011-01-01, iam 2010-05-08).
//! boto3 validates requests on the client before sending; checking the same member lists
//! here makes a misspelt key in a runbook fail the way it would on AWS instead of being
//! silently ignored.

use crate::driver::ApiError;

/// One simulated operation: its boto3 client name, PascalCase name and request members.
#[derive(Clone, Copy, Debug)]
pub struct Operation {
    pub service: &'static str,
    pub api: &'static str,
    pub required: &'static [&'static str],
    pub members: &'static [&'static str],
}

impl Operation {
    /// Finds the operation; both names compare case-insensitively because boto3 client names
    /// are case-insensitive and runbooks are not consistent about operation casing.
    pub fn find(service: &str, api: &str) -> Option<&'static Operation> {
        OPERATIONS
            .iter()
            .find(|op| op.service.eq_ignore_ascii_case(service) && op.api.eq_ignore_ascii_case(api))
    }

    /// Rejects what boto3 rejects before sending: a non-object request, unknown members and
    /// missing required ones. The message copies botocore's `ParamValidationError`.
    pub fn validate(&self, params: &serde_json::Value) -> Result<(), ApiError> {
        let empty = serde_json::Map::new();
        let map = match params {
            serde_json::Value::Object(map) => map,
            serde_json::Value::Null => &empty,
            other => {
                return Err(param_validation(vec![format!(
                    "Invalid type for parameter input, value: {other}, valid types: dict"
                )]));
            }
        };
        let mut problems = Vec::new();
        for key in self.required {
            if !map.contains_key(*key) {
                problems.push(format!("Missing required parameter in input: \"{key}\""));
            }
        }
        for key in map.keys() {
            if !self.members.contains(&key.as_str()) {
                problems.push(format!(
                    "Unknown parameter in input: \"{key}\", must be one of: {}",
                    self.members.join(", ")
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(param_validation(problems))
        }
    }
}

/// botocore's client-side validation error; the code is the exception class name because
/// that is what Automation reports for it.
pub fn param_validation(problems: Vec<String>) -> ApiError {
    ApiError::new(
        "ParamValidationError",
        format!("Parameter validation failed:\n{}", problems.join("\n")),
    )
}

/// Member lists as the botocore models named above declare them, in model order.
#[rustfmt::skip]
pub const OPERATIONS: &[Operation] = &[
    Operation { service: "ec2", api: "RunInstances", required: &["MaxCount", "MinCount"],
        members: &[
            "BlockDeviceMappings", "ImageId", "InstanceType", "Ipv6AddressCount", "Ipv6Addresses",
            "KernelId", "KeyName", "MaxCount", "MinCount", "Monitoring", "Placement", "RamdiskId",
            "SecurityGroupIds", "SecurityGroups", "SubnetId", "UserData", "ElasticGpuSpecification",
            "ElasticInferenceAccelerators", "TagSpecifications", "LaunchTemplate",
            "InstanceMarketOptions", "CreditSpecification", "CpuOptions",
            "CapacityReservationSpecification", "HibernationOptions", "LicenseSpecifications",
            "MetadataOptions", "EnclaveOptions", "PrivateDnsNameOptions", "MaintenanceOptions",
            "DisableApiStop", "EnablePrimaryIpv6", "NetworkPerformanceOptions", "Operator",
            "SecondaryInterfaces", "DryRun", "DisableApiTermination",
            "InstanceInitiatedShutdownBehavior", "PrivateIpAddress", "ClientToken", "AdditionalInfo",
            "NetworkInterfaces", "IamInstanceProfile", "EbsOptimized"
        ] },
    Operation { service: "ec2", api: "DescribeInstances", required: &[],
        members: &["InstanceIds", "IncludeManagedResources", "DryRun", "Filters", "NextToken", "MaxResults"] },
    Operation { service: "ec2", api: "DescribeInstanceStatus", required: &[],
        members: &[
            "InstanceIds", "MaxResults", "NextToken", "IncludeManagedResources", "DryRun", "Filters",
            "IncludeAllInstances"
        ] },
    Operation { service: "ec2", api: "StartInstances", required: &["InstanceIds"],
        members: &["InstanceIds", "AdditionalInfo", "DryRun"] },
    Operation { service: "ec2", api: "StopInstances", required: &["InstanceIds"],
        members: &["InstanceIds", "Hibernate", "SkipOsShutdown", "DryRun", "Force"] },
    Operation { service: "ec2", api: "RebootInstances", required: &["InstanceIds"],
        members: &["InstanceIds", "DryRun"] },
    Operation { service: "ec2", api: "TerminateInstances", required: &["InstanceIds"],
        members: &["InstanceIds", "Force", "SkipOsShutdown", "DryRun"] },
    Operation { service: "ec2", api: "ModifyInstanceAttribute", required: &["InstanceId"],
        members: &[
            "SourceDestCheck", "EnclaveOptions", "DisableApiStop", "DryRun", "InstanceId", "Attribute",
            "Value", "BlockDeviceMappings", "DisableApiTermination", "InstanceType", "Kernel",
            "Ramdisk", "UserData", "InstanceInitiatedShutdownBehavior", "Groups", "EbsOptimized",
            "SriovNetSupport", "EnaSupport"
        ] },
    Operation { service: "ec2", api: "DescribeInstanceAttribute", required: &["InstanceId", "Attribute"],
        members: &["DryRun", "InstanceId", "Attribute"] },
    Operation { service: "ec2", api: "CreateImage", required: &["InstanceId", "Name"],
        members: &[
            "TagSpecifications", "SnapshotLocation", "DryRun", "InstanceId", "Name", "Description",
            "NoReboot", "BlockDeviceMappings"
        ] },
    Operation { service: "ec2", api: "DescribeImages", required: &[],
        members: &[
            "ExecutableUsers", "ImageIds", "Owners", "IncludeDeprecated", "IncludeDisabled",
            "MaxResults", "NextToken", "DryRun", "Filters"
        ] },
    Operation { service: "ec2", api: "DeregisterImage", required: &["ImageId"],
        members: &["ImageId", "DeleteAssociatedSnapshots", "DryRun"] },
    Operation { service: "ec2", api: "CopyImage", required: &["Name", "SourceImageId", "SourceRegion"],
        members: &[
            "ClientToken", "Description", "Encrypted", "KmsKeyId", "Name", "SourceImageId",
            "SourceRegion", "DestinationOutpostArn", "CopyImageTags", "TagSpecifications",
            "SnapshotCopyCompletionDurationMinutes", "DestinationAvailabilityZone",
            "DestinationAvailabilityZoneId", "DryRun"
        ] },
    Operation { service: "ec2", api: "DeleteSnapshot", required: &["SnapshotId"],
        members: &["SnapshotId", "DryRun"] },
    Operation { service: "ec2", api: "CreateTags", required: &["Resources", "Tags"],
        members: &["DryRun", "Resources", "Tags"] },
    Operation { service: "ec2", api: "DeleteTags", required: &["Resources"],
        members: &["DryRun", "Resources", "Tags"] },
    Operation { service: "ec2", api: "DescribeTags", required: &[],
        members: &["DryRun", "Filters", "MaxResults", "NextToken"] },
    Operation { service: "ec2", api: "DescribeVolumes", required: &[],
        members: &["VolumeIds", "IncludeManagedResources", "DryRun", "Filters", "NextToken", "MaxResults"] },
    Operation { service: "ec2", api: "CreateVolume", required: &[],
        members: &[
            "AvailabilityZone", "AvailabilityZoneId", "Encrypted", "Iops", "KmsKeyId", "OutpostArn",
            "Size", "SnapshotId", "VolumeType", "TagSpecifications", "MultiAttachEnabled", "Throughput",
            "ClientToken", "VolumeInitializationRate", "Operator", "DryRun"
        ] },
    Operation { service: "ec2", api: "AttachVolume", required: &["Device", "InstanceId", "VolumeId"],
        members: &["Device", "InstanceId", "VolumeId", "EbsCardIndex", "DryRun"] },
    Operation { service: "ec2", api: "DetachVolume", required: &["VolumeId"],
        members: &["Device", "Force", "InstanceId", "VolumeId", "DryRun"] },
    Operation { service: "ec2", api: "ModifyVolume", required: &["VolumeId"],
        members: &[
            "DryRun", "VolumeId", "Size", "VolumeType", "Iops", "Throughput", "MultiAttachEnabled"
        ] },
    Operation { service: "ec2", api: "DescribeVolumesModifications", required: &[],
        members: &["DryRun", "VolumeIds", "Filters", "NextToken", "MaxResults"] },
    Operation { service: "ec2", api: "DeleteVolume", required: &["VolumeId"],
        members: &["VolumeId", "DryRun"] },
    Operation { service: "ec2", api: "CreateSnapshot", required: &["VolumeId"],
        members: &[
            "Description", "OutpostArn", "VolumeId", "TagSpecifications", "Location", "DryRun"
        ] },
    Operation { service: "ec2", api: "CreateSnapshots", required: &["InstanceSpecification"],
        members: &[
            "Description", "InstanceSpecification", "OutpostArn", "TagSpecifications", "DryRun",
            "CopyTagsFromSource", "Location"
        ] },
    Operation { service: "ec2", api: "DescribeSnapshots", required: &[],
        members: &[
            "MaxResults", "NextToken", "OwnerIds", "RestorableByUserIds", "SnapshotIds", "DryRun",
            "Filters"
        ] },
    Operation { service: "ec2", api: "CopySnapshot", required: &["SourceRegion", "SourceSnapshotId"],
        members: &[
            "Description", "DestinationOutpostArn", "DestinationRegion", "Encrypted", "KmsKeyId",
            "PresignedUrl", "SourceRegion", "SourceSnapshotId", "TagSpecifications",
            "CompletionDurationMinutes", "DestinationAvailabilityZone", "DryRun"
        ] },
    Operation { service: "ec2", api: "DescribeVpcs", required: &[],
        members: &["Filters", "VpcIds", "NextToken", "MaxResults", "DryRun"] },
    Operation { service: "ec2", api: "DescribeSubnets", required: &[],
        members: &["Filters", "SubnetIds", "NextToken", "MaxResults", "DryRun"] },
    Operation { service: "ec2", api: "DescribeSecurityGroups", required: &[],
        members: &["GroupIds", "GroupNames", "NextToken", "MaxResults", "DryRun", "Filters"] },
    Operation { service: "ec2", api: "CreateSecurityGroup", required: &["Description", "GroupName"],
        members: &["Description", "GroupName", "VpcId", "TagSpecifications", "DryRun"] },
    Operation { service: "ec2", api: "AuthorizeSecurityGroupIngress", required: &[],
        members: &[
            "CidrIp", "FromPort", "GroupId", "GroupName", "IpPermissions", "IpProtocol",
            "SourceSecurityGroupName", "SourceSecurityGroupOwnerId", "ToPort", "TagSpecifications",
            "DryRun"
        ] },
    Operation { service: "ec2", api: "AuthorizeSecurityGroupEgress", required: &["GroupId"],
        members: &[
            "TagSpecifications", "DryRun", "GroupId", "SourceSecurityGroupName",
            "SourceSecurityGroupOwnerId", "IpProtocol", "FromPort", "ToPort", "CidrIp", "IpPermissions"
        ] },
    Operation { service: "ec2", api: "RevokeSecurityGroupIngress", required: &[],
        members: &[
            "CidrIp", "FromPort", "GroupId", "GroupName", "IpPermissions", "IpProtocol",
            "SourceSecurityGroupName", "SourceSecurityGroupOwnerId", "ToPort", "SecurityGroupRuleIds",
            "DryRun"
        ] },
    Operation { service: "ec2", api: "RevokeSecurityGroupEgress", required: &["GroupId"],
        members: &[
            "SecurityGroupRuleIds", "DryRun", "GroupId", "SourceSecurityGroupName",
            "SourceSecurityGroupOwnerId", "IpProtocol", "FromPort", "ToPort", "CidrIp", "IpPermissions"
        ] },
    Operation { service: "ec2", api: "DeleteSecurityGroup", required: &[],
        members: &["GroupId", "GroupName", "DryRun"] },
    Operation { service: "ec2", api: "DescribeNetworkInterfaces", required: &[],
        members: &[
            "NextToken", "MaxResults", "IncludeManagedResources", "DryRun", "NetworkInterfaceIds",
            "Filters"
        ] },
    Operation { service: "ec2", api: "DescribeKeyPairs", required: &[],
        members: &["KeyNames", "KeyPairIds", "IncludePublicKey", "DryRun", "Filters"] },
    Operation { service: "ec2", api: "CreateKeyPair", required: &["KeyName"],
        members: &["KeyName", "KeyType", "TagSpecifications", "KeyFormat", "DryRun"] },
    Operation { service: "ec2", api: "ImportKeyPair", required: &["KeyName", "PublicKeyMaterial"],
        members: &["TagSpecifications", "DryRun", "KeyName", "PublicKeyMaterial"] },
    Operation { service: "ec2", api: "DeleteKeyPair", required: &[],
        members: &["KeyName", "KeyPairId", "DryRun"] },
    Operation { service: "ec2", api: "CreateLaunchTemplate", required: &["LaunchTemplateName", "LaunchTemplateData"],
        members: &[
            "DryRun", "ClientToken", "LaunchTemplateName", "VersionDescription", "LaunchTemplateData",
            "Operator", "TagSpecifications"
        ] },
    Operation { service: "ec2", api: "CreateLaunchTemplateVersion", required: &["LaunchTemplateData"],
        members: &[
            "DryRun", "ClientToken", "LaunchTemplateId", "LaunchTemplateName", "SourceVersion",
            "VersionDescription", "LaunchTemplateData", "ResolveAlias"
        ] },
    Operation { service: "ec2", api: "DescribeLaunchTemplates", required: &[],
        members: &[
            "DryRun", "LaunchTemplateIds", "LaunchTemplateNames", "Filters", "NextToken", "MaxResults",
            "IncludeManagedResources"
        ] },
    Operation { service: "ec2", api: "DescribeLaunchTemplateVersions", required: &[],
        members: &[
            "DryRun", "LaunchTemplateId", "LaunchTemplateName", "Versions", "MinVersion", "MaxVersion",
            "NextToken", "MaxResults", "Filters", "ResolveAlias", "IncludeManagedResources"
        ] },
    Operation { service: "ec2", api: "DeleteLaunchTemplate", required: &[],
        members: &["DryRun", "LaunchTemplateId", "LaunchTemplateName"] },
    Operation { service: "ssm", api: "GetParameter", required: &["Name"],
        members: &["Name", "WithDecryption"] },
    Operation { service: "ssm", api: "GetParameters", required: &["Names"],
        members: &["Names", "WithDecryption"] },
    Operation { service: "ssm", api: "PutParameter", required: &["Name", "Value"],
        members: &[
            "Name", "Description", "Value", "Type", "KeyId", "Overwrite", "AllowedPattern", "Tags",
            "Tier", "Policies", "DataType"
        ] },
    Operation { service: "ssm", api: "DeleteParameter", required: &["Name"],
        members: &["Name"] },
    Operation { service: "ssm", api: "DescribeInstanceInformation", required: &[],
        members: &["InstanceInformationFilterList", "Filters", "MaxResults", "NextToken"] },
    Operation { service: "ssm", api: "SendCommand", required: &["DocumentName"],
        members: &[
            "InstanceIds", "Targets", "DocumentName", "DocumentVersion", "DocumentHash",
            "DocumentHashType", "TimeoutSeconds", "Comment", "Parameters", "OutputS3Region",
            "OutputS3BucketName", "OutputS3KeyPrefix", "MaxConcurrency", "MaxErrors", "ServiceRoleArn",
            "NotificationConfig", "CloudWatchOutputConfig", "AlarmConfiguration"
        ] },
    Operation { service: "ssm", api: "GetCommandInvocation", required: &["CommandId", "InstanceId"],
        members: &["CommandId", "InstanceId", "PluginName"] },
    Operation { service: "ssm", api: "ListCommandInvocations", required: &[],
        members: &["CommandId", "InstanceId", "MaxResults", "NextToken", "Filters", "Details"] },
    Operation { service: "ssm", api: "ListCommands", required: &[],
        members: &["CommandId", "InstanceId", "MaxResults", "NextToken", "Filters"] },
    Operation { service: "cloudformation", api: "CreateStack", required: &["StackName"],
        members: &[
            "StackName", "TemplateBody", "TemplateURL", "Parameters", "DisableRollback",
            "RollbackConfiguration", "TimeoutInMinutes", "NotificationARNs", "Capabilities",
            "ResourceTypes", "RoleARN", "OnFailure", "StackPolicyBody", "StackPolicyURL", "Tags",
            "ClientRequestToken", "EnableTerminationProtection", "RetainExceptOnCreate",
            "DeploymentConfig", "DisableValidation"
        ] },
    Operation { service: "cloudformation", api: "DescribeStacks", required: &[],
        members: &["StackName", "NextToken"] },
    Operation { service: "cloudformation", api: "DeleteStack", required: &["StackName"],
        members: &[
            "StackName", "RetainResources", "RoleARN", "ClientRequestToken", "DeletionMode",
            "DeploymentConfig"
        ] },
    Operation { service: "cloudformation", api: "UpdateStack", required: &["StackName"],
        members: &[
            "StackName", "TemplateBody", "TemplateURL", "UsePreviousTemplate",
            "StackPolicyDuringUpdateBody", "StackPolicyDuringUpdateURL", "Parameters", "Capabilities",
            "ResourceTypes", "RoleARN", "RollbackConfiguration", "StackPolicyBody", "StackPolicyURL",
            "NotificationARNs", "Tags", "DisableRollback", "ClientRequestToken", "RetainExceptOnCreate",
            "DeploymentConfig", "DisableValidation"
        ] },
    Operation { service: "autoscaling", api: "DescribeAutoScalingGroups", required: &[],
        members: &["AutoScalingGroupNames", "IncludeInstances", "NextToken", "MaxRecords", "Filters"] },
    Operation { service: "autoscaling", api: "DescribeAutoScalingInstances", required: &[],
        members: &["InstanceIds", "MaxRecords", "NextToken"] },
    Operation { service: "autoscaling", api: "DescribeScalingActivities", required: &[],
        members: &[
            "ActivityIds", "AutoScalingGroupName", "IncludeDeletedGroups", "MaxRecords",
            "NextToken", "Filters"
        ] },
    Operation { service: "autoscaling", api: "EnterStandby", required: &["AutoScalingGroupName", "ShouldDecrementDesiredCapacity"],
        members: &["InstanceIds", "AutoScalingGroupName", "ShouldDecrementDesiredCapacity"] },
    Operation { service: "autoscaling", api: "ExitStandby", required: &["AutoScalingGroupName"],
        members: &["InstanceIds", "AutoScalingGroupName"] },
    Operation { service: "autoscaling", api: "SetDesiredCapacity", required: &["AutoScalingGroupName", "DesiredCapacity"],
        members: &["AutoScalingGroupName", "DesiredCapacity", "HonorCooldown"] },
    Operation { service: "autoscaling", api: "UpdateAutoScalingGroup", required: &["AutoScalingGroupName"],
        members: &[
            "AutoScalingGroupName", "LaunchConfigurationName", "LaunchTemplate",
            "MixedInstancesPolicy", "MinSize", "MaxSize", "DesiredCapacity", "DefaultCooldown",
            "AvailabilityZones", "AvailabilityZoneIds", "HealthCheckType",
            "HealthCheckGracePeriod", "PlacementGroup", "VPCZoneIdentifier", "TerminationPolicies",
            "NewInstancesProtectedFromScaleIn", "ServiceLinkedRoleARN", "MaxInstanceLifetime",
            "CapacityRebalance", "Context", "DesiredCapacityType", "DefaultInstanceWarmup",
            "InstanceMaintenancePolicy", "AvailabilityZoneDistribution",
            "AvailabilityZoneImpairmentPolicy", "SkipZonalShiftValidation",
            "CapacityReservationSpecification", "InstanceLifecyclePolicy", "DeletionProtection"
        ] },
    Operation { service: "autoscaling", api: "SuspendProcesses", required: &["AutoScalingGroupName"],
        members: &["AutoScalingGroupName", "ScalingProcesses"] },
    Operation { service: "autoscaling", api: "ResumeProcesses", required: &["AutoScalingGroupName"],
        members: &["AutoScalingGroupName", "ScalingProcesses"] },
    Operation { service: "iam", api: "ListRoles", required: &[],
        members: &["PathPrefix", "Marker", "MaxItems"] },
    Operation { service: "iam", api: "GetRole", required: &["RoleName"],
        members: &["RoleName"] },
    Operation { service: "iam", api: "CreateRole", required: &["RoleName", "AssumeRolePolicyDocument"],
        members: &[
            "Path", "RoleName", "AssumeRolePolicyDocument", "Description", "MaxSessionDuration",
            "PermissionsBoundary", "Tags"
        ] },
    Operation { service: "iam", api: "DeleteRole", required: &["RoleName"],
        members: &["RoleName"] },
    Operation { service: "iam", api: "TagRole", required: &["RoleName", "Tags"],
        members: &["RoleName", "Tags"] },
    Operation { service: "iam", api: "UntagRole", required: &["RoleName", "TagKeys"],
        members: &["RoleName", "TagKeys"] },
    Operation { service: "iam", api: "ListRoleTags", required: &["RoleName"],
        members: &["RoleName", "Marker", "MaxItems"] },
];
