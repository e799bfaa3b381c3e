//! Scenario tests for the simulated world, driven through the public `CloudDriver` calls.

mod autoscaling;
mod autoscaling_zones;
mod cloudformation;
mod ec2_images;
mod ec2_instances;
mod ec2_lifecycle;
mod ec2_network;
mod ec2_snapshots;
mod ec2_templates;
mod ec2_volumes;
mod iam;
mod ssm;
mod world_file;

use serde_json::Value;

use super::SimWorld;
use crate::driver::{ApiError, CloudDriver};

pub fn world() -> SimWorld {
    SimWorld::default_world()
}

/// Calls and expects success, with the error in the panic message otherwise.
pub fn ok(world: &mut SimWorld, service: &str, api: &str, params: Value) -> Value {
    match world.call(service, api, &params) {
        Ok(v) => v,
        Err(e) => panic!("{service}.{api} failed: {e}"),
    }
}

pub fn err(world: &mut SimWorld, service: &str, api: &str, params: Value) -> ApiError {
    match world.call(service, api, &params) {
        Ok(v) => panic!("{service}.{api} should fail, answered {v}"),
        Err(e) => e,
    }
}

pub fn state(world: &mut SimWorld, id: &str) -> String {
    let v = ok(
        world,
        "ec2",
        "DescribeInstances",
        serde_json::json!({"InstanceIds": [id]}),
    );
    v["Reservations"][0]["Instances"][0]["State"]["Name"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub const WEB1: &str = "i-1234567890abcdef0";
pub const WEB2: &str = "i-0abcdef1234567890";
pub const WIN1: &str = "i-0fedcba9876543210";
pub const BATCH: &str = "i-0a1b2c3d4e5f67890";
pub const BATCH2: &str = "i-0b2c3d4e5f6a78901";
pub const HYBRID: &str = "mi-0123456789abcdef0";
pub const AMI: &str = "ami-0abcdef1234567890";
