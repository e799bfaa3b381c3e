//! EC2 actions: instance state, images, tags, launching instances.

use super::{BOOLEAN, Entry, MAP_LIST, PLAIN, STRING, STRING_LIST, STRING_MAP, no_notes};
use super::{opt, out, req};
use crate::actions::ActionKind;
use crate::actions::spec::{ActionNotes, ActionSpec, InputType};
use crate::document::DataType;

pub(in crate::actions) const CHANGE_INSTANCE_STATE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:changeInstanceState",
        kind: ActionKind::ChangeInstanceState,
        summary: "start, stop or terminate instances, or check that they are in a state",
        inputs: &[
            req("InstanceIds", STRING_LIST, "instances to change"),
            req(
                "DesiredState",
                STRING,
                "`running`, `stopped` or `terminated`",
            ),
            opt(
                "CheckStateOnly",
                BOOLEAN,
                "only wait for the state, change nothing; default false",
            ),
            opt("Force", BOOLEAN, "force a stop"),
            opt("AdditionalInfo", STRING, "reserved"),
        ],
        // Not in the action's documentation, but AWS step records show it (spec §5.4).
        outputs: &[out(
            "InstanceStates",
            DataType::StringList,
            "state of each instance afterwards",
        )],
        default_timeout_seconds: Some(3600),
        ..PLAIN
    },
    notes: ActionNotes {
        allowed_values: &[("DesiredState", &["running", "stopped", "terminated"])],
        notes: &["`running` also waits until instance and system status checks pass"],
        explain: "set instances {InstanceIds} to {DesiredState}[ (CheckStateOnly: {CheckStateOnly})][ (Force: {Force})]",
        ..no_notes("aws:changeInstanceState")
    },
};

pub(in crate::actions) const COPY_IMAGE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:copyImage",
        kind: ActionKind::CopyImage,
        summary: "copy an AMI from any Region into the current Region",
        inputs: &[
            req("SourceRegion", STRING, "Region the AMI is in"),
            req("SourceImageId", STRING, "AMI to copy"),
            req("ImageName", STRING, "name of the new AMI"),
            opt("ImageDescription", STRING, "description of the new AMI"),
            opt("Encrypted", BOOLEAN, "encrypt the new AMI's snapshots"),
            opt("KmsKeyId", STRING, "KMS key for encryption"),
            opt("ClientToken", STRING, "idempotency token"),
        ],
        outputs: &[
            out("ImageId", DataType::String, "id of the new AMI"),
            out(
                "ImageState",
                DataType::String,
                "`available`, `pending` or `failed`",
            ),
        ],
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        explain: "copy image {SourceImageId} from {SourceRegion} as a new image named {ImageName}",
        ..no_notes("aws:copyImage")
    },
};

pub(in crate::actions) const CREATE_IMAGE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:createImage",
        kind: ActionKind::CreateImage,
        summary: "create an AMI from an instance",
        inputs: &[
            // Documented as String, but AWS-managed runbooks (AWS-UpdateLinuxAmi) pass the
            // one-item `InstanceIds` list of `aws:runInstances` here and the service accepts it.
            req(
                "InstanceId",
                InputType::Any,
                "instance to image; a one-item list is accepted too",
            ),
            req("ImageName", STRING, "name of the new AMI"),
            opt("ImageDescription", STRING, "description of the new AMI"),
            opt("NoReboot", BOOLEAN, "do not reboot the instance first"),
            // Documented as a map, but EC2's CreateImage takes a list: accept either.
            opt(
                "BlockDeviceMappings",
                InputType::Any,
                "block devices of the new AMI",
            ),
        ],
        outputs: &[
            out("ImageId", DataType::String, "id of the new AMI"),
            out(
                "ImageState",
                DataType::String,
                "`available`, `pending` or `failed`",
            ),
        ],
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        explain: "create image {ImageName} from instance {InstanceId}[ (NoReboot: {NoReboot})] and wait until it is available",
        ..no_notes("aws:createImage")
    },
};

pub(in crate::actions) const CREATE_TAGS: Entry = Entry {
    spec: ActionSpec {
        name: "aws:createTags",
        kind: ActionKind::CreateTags,
        summary: "add tags to EC2 resources, managed instances, maintenance windows or parameters",
        inputs: &[
            req(
                "ResourceIds",
                STRING_LIST,
                "resources to tag; one only unless the type is `EC2`",
            ),
            req("Tags", MAP_LIST, "`Key`/`Value` pairs"),
            opt(
                "ResourceType",
                STRING,
                "`EC2` (default), `ManagedInstance`, `MaintenanceWindow` or `Parameter`",
            ),
        ],
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        allowed_values: &[(
            "ResourceType",
            &["EC2", "ManagedInstance", "MaintenanceWindow", "Parameter"],
        )],
        explain: "tag resources {ResourceIds} with {Tags}",
        ..no_notes("aws:createTags")
    },
};

pub(in crate::actions) const DELETE_IMAGE: Entry = Entry {
    spec: ActionSpec {
        name: "aws:deleteImage",
        kind: ActionKind::DeleteImage,
        summary: "deregister an AMI and delete its snapshots",
        inputs: &[req("ImageId", STRING, "AMI to delete")],
        ..PLAIN
    },
    notes: ActionNotes {
        explain: "deregister image {ImageId} and delete its snapshots",
        ..no_notes("aws:deleteImage")
    },
};

pub(in crate::actions) const RUN_INSTANCES: Entry = Entry {
    spec: ActionSpec {
        name: "aws:runInstances",
        kind: ActionKind::RunInstances,
        summary: "launch EC2 instances and wait until they run",
        inputs: &[
            req("ImageId", STRING, "AMI to launch"),
            opt(
                "InstanceType",
                STRING,
                "instance type; `m1.small` when unset",
            ),
            // Documented as String, yet the documentation's own example and real runbooks
            // write plain integers.
            opt(
                "MinInstanceCount",
                InputType::Any,
                "fewest instances to launch",
            ),
            opt(
                "MaxInstanceCount",
                InputType::Any,
                "most instances to launch",
            ),
            opt("AdditionalInfo", STRING, "reserved"),
            opt(
                "BlockDeviceMappings",
                MAP_LIST,
                "block devices of the instances",
            ),
            opt("ClientToken", STRING, "idempotency token"),
            opt(
                "DisableApiTermination",
                BOOLEAN,
                "protect the instances from API termination",
            ),
            opt("EbsOptimized", BOOLEAN, "launch EBS-optimized instances"),
            opt("IamInstanceProfileArn", STRING, "instance profile ARN"),
            opt("IamInstanceProfileName", STRING, "instance profile name"),
            opt(
                "InstanceInitiatedShutdownBehavior",
                STRING,
                "`stop` or `terminate` on an OS shutdown",
            ),
            opt("KernelId", STRING, "kernel id"),
            opt("KeyName", STRING, "key pair name"),
            opt(
                "MetadataOptions",
                STRING_MAP,
                "instance metadata service options",
            ),
            opt("Monitoring", BOOLEAN, "enable detailed monitoring"),
            opt(
                "NetworkInterfaces",
                MAP_LIST,
                "network interfaces to attach",
            ),
            opt("Placement", STRING_MAP, "placement of the instances"),
            opt("PrivateIpAddress", STRING, "primary private IPv4 address"),
            opt("RamdiskId", STRING, "RAM disk id"),
            opt("SecurityGroupIds", STRING_LIST, "security group ids"),
            opt("SecurityGroups", STRING_LIST, "security group names"),
            opt("SubnetId", STRING, "subnet to launch in"),
            opt("TagSpecifications", MAP_LIST, "tags to apply at launch"),
            opt("UserData", STRING, "user data, base64-encoded"),
        ],
        outputs: &[
            out(
                "InstanceIds",
                DataType::StringList,
                "ids of the launched instances",
            ),
            out(
                "InstanceStates",
                DataType::StringList,
                "state of each launched instance",
            ),
        ],
        forbidden_as_cancel_target: true,
        ..PLAIN
    },
    notes: ActionNotes {
        explain: "launch[ {MaxInstanceCount}] instances from image {ImageId}[ of type {InstanceType}] and wait until they run",
        ..no_notes("aws:runInstances")
    },
};
