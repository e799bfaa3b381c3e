//! The world used when no `--world` file is given: a small account with something to act on
//! for every simulated service, so example runbooks work out of the box.

use serde_json::{Value, json};

use super::world::SimWorld;

/// The default world as a world file; docs/world-and-mocks.md shows the same content.
pub fn default_world_json() -> Value {
    json!({
        "region": "us-east-1",
        "account": "123456789012",
        "time": "2026-01-01T00:00:00Z",
        "images": [
            {
                "ImageId": "ami-0abcdef1234567890",
                "Name": "ssmrun-example-linux",
                "Description": "Example Linux image",
            },
            {
                "ImageId": "ami-0fedcba9876543210",
                "Name": "Windows_Server-2022-English-Full-Base-2025.12.10",
                "Platform": "windows",
                "OwnerId": "801119661308",
                "ImageOwnerAlias": "amazon",
                "Public": true,
            },
        ],
        "instances": [
            {
                "InstanceId": "i-1234567890abcdef0",
                "State": "running",
                "InstanceType": "t3.micro",
                "ImageId": "ami-0abcdef1234567890",
                "KeyName": "ssmrun-example",
                "managed": true,
                "Tags": {"Name": "web-1", "Environment": "dev"},
            },
            {
                "InstanceId": "i-0abcdef1234567890",
                "State": "stopped",
                "InstanceType": "t3.small",
                "ImageId": "ami-0abcdef1234567890",
                "KeyName": "ssmrun-example",
                "managed": true,
                "Tags": {"Name": "web-2", "Environment": "dev"},
            },
            {
                "InstanceId": "i-0fedcba9876543210",
                "State": "running",
                "InstanceType": "m5.large",
                "ImageId": "ami-0fedcba9876543210",
                "KeyName": "ssmrun-example",
                "managed": true,
                "Tags": {"Name": "win-1"},
            },
            // The Auto Scaling group's members, one per zone of the group, launched from its
            // template: its instance profile registers them with Systems Manager.
            {
                "InstanceId": "i-0a1b2c3d4e5f67890",
                "State": "running",
                "InstanceType": "t3.micro",
                "ImageId": "ami-0abcdef1234567890",
                "KeyName": "ssmrun-example",
                "managed": true,
                "Tags": {"Name": "batch-1"},
            },
            {
                // Every generated value is spelt out, so adding this instance did not shift
                // the ids the simulation hands out later.
                "InstanceId": "i-0b2c3d4e5f6a78901",
                "State": "running",
                "InstanceType": "t3.micro",
                "ImageId": "ami-0abcdef1234567890",
                "KeyName": "ssmrun-example",
                "managed": true,
                "SubnetId": "subnet-0fedcba9876543210",
                "PrivateIpAddress": "172.31.16.10",
                "ReservationId": "r-0b2c3d4e5f6a78901",
                "RootVolume": {"VolumeId": "vol-0b2c3d4e5f6a78901"},
                "Tags": {"Name": "batch-2"},
            },
        ],
        "launchTemplates": [
            {
                "LaunchTemplateName": "ssmrun-example-lt",
                "LaunchTemplateId": "lt-0123456789abcdef0",
                "Versions": [{"LaunchTemplateData": {
                    "ImageId": "ami-0abcdef1234567890",
                    "InstanceType": "t3.micro",
                    "KeyName": "ssmrun-example",
                    "IamInstanceProfile": {"Name": "ssmrun-example-instance-profile"},
                }}],
            },
        ],
        "autoScalingGroups": [
            {
                "AutoScalingGroupName": "ssmrun-example-asg",
                "MinSize": 1,
                "MaxSize": 3,
                "LaunchTemplate": {"LaunchTemplateName": "ssmrun-example-lt"},
                "VPCZoneIdentifier": "subnet-0123456789abcdef0,subnet-0fedcba9876543210",
                "Instances": ["i-0a1b2c3d4e5f67890", "i-0b2c3d4e5f6a78901"],
            },
        ],
        // A server outside AWS registered through a hybrid activation, as accounts that
        // manage on-premises machines have.
        "hybridNodes": [
            {
                "InstanceId": "mi-0123456789abcdef0",
                "Name": "onprem-app-1",
                "PlatformType": "Linux",
                "PlatformName": "Ubuntu",
                "PlatformVersion": "22.04",
                "IPAddress": "192.168.10.21",
                "ComputerName": "onprem-app-1.corp.example.com",
                "ActivationId": "4f2d9a51-7c3e-4b8a-9e61-2d5f0c7a1b38",
                "IamRole": "SSMServiceRole",
            },
        ],
        // The roles such an account has: the one Automation assumes, the instances' role
        // (behind the launch template's instance profile), the hybrid activation's role and
        // Auto Scaling's service-linked role.
        "roles": [
            {
                "RoleName": "AutomationServiceRole",
                "RoleId": "AROA5EXAMPLE000000001",
                "Description": "Lets Systems Manager Automation act on the account",
                "AssumeRolePolicyDocument": trust("ssm.amazonaws.com"),
            },
            {
                "RoleName": "ssmrun-example-instance-role",
                "RoleId": "AROA5EXAMPLE000000002",
                "AssumeRolePolicyDocument": trust("ec2.amazonaws.com"),
            },
            {
                "RoleName": "SSMServiceRole",
                "RoleId": "AROA5EXAMPLE000000003",
                "AssumeRolePolicyDocument": trust("ssm.amazonaws.com"),
            },
            {
                "RoleName": "AWSServiceRoleForAutoScaling",
                "RoleId": "AROA5EXAMPLE000000004",
                "Path": "/aws-service-role/autoscaling.amazonaws.com/",
                "AssumeRolePolicyDocument": trust("autoscaling.amazonaws.com"),
            },
        ],
        "keyPairs": [
            {"KeyName": "ssmrun-example", "KeyPairId": "key-0123456789abcdef0"},
        ],
        "parameters": [
            {"Name": "/ssmrun/example/ami-id", "Type": "String", "Value": "ami-0abcdef1234567890"},
            {"Name": "/ssmrun/example/instance-type", "Type": "String", "Value": "t3.micro"},
            {"Name": "/ssmrun/example/subnets", "Type": "StringList", "Value": "subnet-0123456789abcdef0,subnet-0fedcba9876543210"},
            {"Name": "/ssmrun/example/db-password", "Type": "SecureString", "Value": "example-password"},
            // AWS's public parameters that runbooks use as defaults for "the latest AMI".
            {"Name": "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2", "Type": "String", "Value": "ami-0abcdef1234567890"},
            {"Name": "/aws/service/ami-amazon-linux-latest/amzn-ami-hvm-x86_64-gp2", "Type": "String", "Value": "ami-0abcdef1234567890"},
            {"Name": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", "Type": "String", "Value": "ami-0abcdef1234567890"},
            {"Name": "/aws/service/ami-windows-latest/Windows_Server-2016-English-Full-Base", "Type": "String", "Value": "ami-0fedcba9876543210"},
            {"Name": "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base", "Type": "String", "Value": "ami-0fedcba9876543210"},
        ],
    })
}

/// A trust policy letting one AWS service assume a role.
fn trust(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
    })
}

impl SimWorld {
    /// The built-in world: us-east-1, account 123456789012, 2026-01-01T00:00:00Z, with
    /// `i-1234567890abcdef0` (running, managed, Name=web-1), `i-0abcdef1234567890`
    /// (stopped, managed), a managed Windows instance, two managed instances in the Auto Scaling
    /// group `ssmrun-example-asg` (min 1, max 3, desired 2, two zones), two images and
    /// a few parameters under `/ssmrun/example/` and AWS's public `/aws/service/ami-*-latest/`
    /// parameters, the key pair `ssmrun-example`, the default network (a default VPC,
    /// one subnet per zone, the default security group), a launch template, a hybrid node
    /// and four IAM roles.
    pub fn default_world() -> SimWorld {
        // The literal above is fixed and covered by tests, so it cannot fail to load.
        SimWorld::from_world_json(&default_world_json())
            .unwrap_or_else(|e| panic!("the built-in default world is invalid: {e}"))
    }
}
