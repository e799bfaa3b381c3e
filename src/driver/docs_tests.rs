//! Runs the examples of docs/world-and-mocks.md, so the documented formats cannot drift
//! from what the loaders accept.

use serde_json::{Value, json};

use crate::driver::{ApiError, CloudDriver, MockingDriver, Mocks, SimWorld, StepMock};
use crate::parse as yaml;

const DOC: &str = include_str!("../../docs/world-and-mocks.md");

/// The YAML example whose first line is `# <name>`.
fn example(name: &str) -> Value {
    let marker = format!("```yaml\n# {name}\n");
    let start = DOC.find(&marker).map(|at| at + "```yaml\n".len());
    let text = start.and_then(|s| DOC[s..].find("```").map(|end| &DOC[s..s + end]));
    let Some(text) = text else {
        panic!("docs/world-and-mocks.md has no `{name}` example");
    };
    let source = yaml::decode(name, text.as_bytes().to_vec()).unwrap_or_else(|e| panic!("{e:?}"));
    yaml::parse(&source)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .to_json()
}

#[test]
fn world_example_loads_and_answers() {
    let mut world = SimWorld::from_world_json(&example("world.yaml")).unwrap();
    assert_eq!(world.region(), "eu-west-1");
    assert_eq!(world.account_id(), "111122223333");
    let v = world
        .call(
            "ec2",
            "DescribeInstances",
            &json!({"InstanceIds": ["i-0eeeeffff00001111"]}),
        )
        .unwrap();
    let instance = &v["Reservations"][0]["Instances"][0];
    assert_eq!(instance["Platform"], "windows");
    assert_eq!(
        instance["Tags"],
        json!([{"Key": "Name", "Value": "win-app"}])
    );
    assert_eq!(instance["State"]["Name"], "stopped");
    let p = world
        .call("ssm", "GetParameter", &json!({"Name": "/app/ami-id"}))
        .unwrap();
    assert_eq!(p["Parameter"]["Value"], "ami-0aaaabbbbccccdddd");
    let g = world
        .call("autoscaling", "DescribeAutoScalingGroups", &json!({}))
        .unwrap();
    let group = &g["AutoScalingGroups"][0];
    assert_eq!(group["AutoScalingGroupName"], "app-asg");
    assert_eq!(group["Instances"][0]["InstanceId"], "i-0aaaabbbbccccdddd");
    assert_eq!(group["SuspendedProcesses"][0]["ProcessName"], "AZRebalance");
    let written = world.to_world_json();
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
}

#[test]
fn mocks_example_loads_and_answers() {
    let mocks = Mocks::from_json(&example("mocks.yaml")).unwrap();
    let mut driver = MockingDriver::new(SimWorld::default_world(), mocks);
    let invoke = driver
        .call("lambda", "Invoke", &json!({"FunctionName": "f"}))
        .unwrap();
    assert_eq!(invoke["StatusCode"], 200);
    let images = driver
        .call("ec2", "DescribeImages", &json!({"Owners": ["self"]}))
        .unwrap();
    assert_eq!(images, json!({"Images": []}));
    let all = driver.call("ec2", "DescribeImages", &json!({})).unwrap();
    assert_eq!(
        all["Images"].as_array().map(Vec::len),
        Some(2),
        "unmatched calls reach the world"
    );
    let status = |d: &mut MockingDriver<SimWorld>| {
        d.call("ssm", "GetAutomationExecution", &json!({})).unwrap()["AutomationExecution"]
            ["AutomationExecutionStatus"]
            .clone()
    };
    assert_eq!(status(&mut driver), "InProgress");
    assert_eq!(status(&mut driver), "Success");
    assert_eq!(status(&mut driver), "Success");
    let stop = driver.call(
        "ec2",
        "StopInstances",
        &json!({"InstanceIds": ["i-1234567890abcdef0"]}),
    );
    assert_eq!(stop.unwrap_err().code, "UnauthorizedOperation");
    assert!(matches!(
        driver.mocks.step_mock("runScript"),
        Some(StepMock::Outputs(_))
    ));
    assert_eq!(
        driver.mocks.step_mock("approveChange"),
        Some(StepMock::Error(ApiError::new(
            "Rejected",
            "rejected in test"
        )))
    );
    assert!(driver.mocks.unused().is_empty());
}

#[test]
fn every_simulated_operation_is_documented() {
    for op in crate::driver::sim::operations::OPERATIONS {
        let row = DOC
            .lines()
            .find(|line| line.starts_with(&format!("| `{}` |", op.service)));
        let listed = row.is_some_and(|row| row.split([',', ' ']).any(|word| word == op.api));
        assert!(
            listed,
            "{}.{} is missing from the operations table",
            op.service, op.api
        );
    }
}

#[test]
fn ec2_world_example_loads_and_answers() {
    let mut world = SimWorld::from_world_json(&example("world-ec2.yaml")).unwrap();
    let v = world
        .call(
            "ec2",
            "DescribeVolumes",
            &json!({"VolumeIds": ["vol-0aaaabbbbccccdddd"]}),
        )
        .unwrap();
    assert_eq!(v["Volumes"][0]["State"], "in-use");
    let instance =
        world.call("ec2", "DescribeInstances", &json!({})).unwrap()["Reservations"][0]["Instances"]
            [0]
        .clone();
    assert_eq!(instance["SecurityGroups"][0]["GroupName"], "web");
    assert_eq!(instance["BlockDeviceMappings"][1]["DeviceName"], "/dev/sdf");
    let run = world
        .call(
            "ec2",
            "RunInstances",
            &json!({"MinCount": 1, "MaxCount": 1, "SubnetId": "subnet-0aaaabbbbccccdddd",
                    "LaunchTemplate": {"LaunchTemplateName": "web"}}),
        )
        .unwrap();
    assert_eq!(run["Instances"][0]["InstanceType"], "t3.small");
    let written = world.to_world_json();
    assert_eq!(
        SimWorld::from_world_json(&written).unwrap().to_world_json(),
        written
    );
}
