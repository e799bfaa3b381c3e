//! The world file: the simulated account as a YAML/JSON document that users write by hand
//! (`--world`) and ssmrun writes back (`--world-out`, saved state between CLI calls). One
//! format serves both, so a saved world can be inspected, edited and reloaded.
//!
//! Reading is forgiving (almost every field has a default) and strict (unknown fields and
//! wrong types are errors naming the field's path). Writing leaves out fields whose value is
//! the default, so what ssmrun writes reads back to the same document.

mod autoscaling;
mod ec2;
mod ec2_keys;
mod ec2_network;
mod ec2_storage;
mod hybrid;
mod iam;
mod reader;
mod services;

use serde_json::{Map, Value, json};

use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::{self, DEFAULT_START_MILLIS};
use reader::Fields;

const DEFAULT_REGION: &str = "us-east-1";
const DEFAULT_ACCOUNT: &str = "123456789012";

const TOP_LEVEL: &[&str] = &[
    "region",
    "account",
    "time",
    "sequence",
    "instances",
    "images",
    "snapshots",
    "volumes",
    "volumeModifications",
    "vpcs",
    "subnets",
    "securityGroups",
    "keyPairs",
    "launchTemplates",
    "parameters",
    "hybridNodes",
    "roles",
    "commands",
    "stacks",
    "autoScalingGroups",
];

impl SimWorld {
    /// Builds a world from a parsed world file. Errors name the bad field's path, e.g.
    /// "`instances[0].State`: expected one of pending, running, …, found `runing`".
    pub fn from_world_json(v: &Value) -> Result<SimWorld, String> {
        let top = Fields::new("", v).map_err(|_| "the world file must be a mapping".to_string())?;
        top.only(TOP_LEVEL)?;
        let region = top.string_or("region", DEFAULT_REGION)?;
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(format!(
                "`region`: `{region}` is not a region name such as us-east-1"
            ));
        }
        let account = top
            .scalar("account")?
            .unwrap_or_else(|| DEFAULT_ACCOUNT.to_string());
        if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`account`: `{account}` is not a 12-digit account id"
            ));
        }
        let now = top.time("time")?.unwrap_or(DEFAULT_START_MILLIS);
        let mut world = SimWorld::empty(&region, &account, now);
        // Ids written later in the file must not be handed out for earlier entries.
        take_every_string(&mut world, v);
        world.sequence = match top.int("sequence")? {
            Some(n) if n >= 0 => n.unsigned_abs(),
            Some(_) => return Err("`sequence`: expected a non-negative integer".to_string()),
            None => 0,
        };
        // Images first: instances default their ImageId and Platform from them.
        for (path, item) in top.list("images")? {
            let image = ec2::read_image(&mut world, &path, item)?;
            world.images.push(image);
        }
        for (path, item) in top.list("snapshots")? {
            let snapshot = ec2_storage::read_snapshot(&world, &path, item)?;
            world.snapshots.push(snapshot);
        }
        // The network before instances: they default to its default subnet and group.
        ec2_network::read_network(&mut world, &top)?;
        for (path, item) in top.list("instances")? {
            let instance = ec2::read_instance(&mut world, &path, item)?;
            world.instances.push(instance);
        }
        for (path, item) in top.list("volumes")? {
            let volume = ec2_storage::read_volume(&mut world, &path, item)?;
            world.volumes.push(volume);
        }
        for (path, item) in top.list("keyPairs")? {
            let key = ec2_keys::read_key_pair(&mut world, &path, item)?;
            world.key_pairs.push(key);
        }
        for (path, item) in top.list("launchTemplates")? {
            let template = ec2_keys::read_template(&mut world, &path, item)?;
            world.launch_templates.push(template);
        }
        for (path, item) in top.list("volumeModifications")? {
            let modification = ec2_storage::read_modification(&world, &path, item)?;
            world.volume_modifications.push(modification);
        }
        for (path, item) in top.list("parameters")? {
            let parameter = services::read_parameter(&world, &path, item)?;
            world.parameters.push(parameter);
        }
        for (path, item) in top.list("hybridNodes")? {
            let node = hybrid::read_node(&world, &path, item)?;
            world.hybrid_nodes.push(node);
        }
        for (path, item) in top.list("roles")? {
            let role = iam::read_role(&world, &path, item)?;
            world.roles.push(role);
        }
        for (path, item) in top.list("commands")? {
            let command = services::read_command(&world, &path, item)?;
            world.commands.push(command);
        }
        for (path, item) in top.list("stacks")? {
            let stack = services::read_stack(&mut world, &path, item)?;
            world.stacks.push(stack);
        }
        for (path, item) in top.list("autoScalingGroups")? {
            let group = autoscaling::read_group(&mut world, &path, item)?;
            world.auto_scaling_groups.push(group);
        }
        check_unique(&world)?;
        world.settle();
        Ok(world)
    }

    /// The current state as a world file; `from_world_json` reads it back unchanged.
    pub fn to_world_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("region".into(), json!(self.region));
        o.insert("account".into(), json!(self.account));
        o.insert("time".into(), json!(clock::iso(self.now)));
        o.insert("sequence".into(), json!(self.sequence));
        let lists = [
            (
                "instances",
                self.instances
                    .iter()
                    .map(|i| ec2::write_instance(self, i))
                    .collect::<Vec<_>>(),
            ),
            (
                "images",
                self.images
                    .iter()
                    .map(|i| ec2::write_image(self, i))
                    .collect(),
            ),
            (
                "snapshots",
                self.snapshots
                    .iter()
                    .map(|s| ec2_storage::write_snapshot(self, s))
                    .collect(),
            ),
            (
                "volumes",
                self.volumes
                    .iter()
                    .map(|v| ec2_storage::write_volume(self, v))
                    .collect(),
            ),
            (
                "volumeModifications",
                self.volume_modifications
                    .iter()
                    .map(ec2_storage::write_modification)
                    .collect(),
            ),
            (
                "keyPairs",
                self.key_pairs
                    .iter()
                    .map(ec2_keys::write_key_pair)
                    .collect(),
            ),
            (
                "launchTemplates",
                self.launch_templates
                    .iter()
                    .map(ec2_keys::write_template)
                    .collect(),
            ),
            (
                "parameters",
                self.parameters
                    .iter()
                    .map(|p| services::write_parameter(self, p))
                    .collect(),
            ),
            (
                "hybridNodes",
                self.hybrid_nodes.iter().map(hybrid::write_node).collect(),
            ),
            ("roles", self.roles.iter().map(iam::write_role).collect()),
            (
                "commands",
                self.commands.iter().map(services::write_command).collect(),
            ),
            (
                "stacks",
                self.stacks.iter().map(services::write_stack).collect(),
            ),
            (
                "autoScalingGroups",
                self.auto_scaling_groups
                    .iter()
                    .map(|g| autoscaling::write_group(self, g))
                    .collect(),
            ),
        ];
        for (key, items) in lists {
            if !items.is_empty() {
                o.insert(key.into(), Value::Array(items));
            }
        }
        ec2_network::write_network(self, &mut o);
        Value::Object(o)
    }
}

/// Mark every string of the file as taken: an over-approximation of its ids and addresses
/// that costs one pass. An explicit stack, since the value may come from anywhere.
fn take_every_string(world: &mut SimWorld, v: &Value) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => world.taken.insert(s),
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
}

/// Ids identify resources in every request, so a world may not hold one twice.
fn check_unique(world: &SimWorld) -> Result<(), String> {
    let ids = [
        (
            "instances",
            world
                .instances
                .iter()
                .map(|i| i.id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "images",
            world.images.iter().map(|i| i.id.as_str()).collect(),
        ),
        (
            "snapshots",
            world.snapshots.iter().map(|s| s.id.as_str()).collect(),
        ),
        (
            "volumes",
            world.volumes.iter().map(|v| v.id.as_str()).collect(),
        ),
        ("vpcs", world.vpcs.iter().map(|v| v.id.as_str()).collect()),
        (
            "keyPairs",
            world.key_pairs.iter().map(|k| k.name.as_str()).collect(),
        ),
        (
            "launchTemplates",
            world
                .launch_templates
                .iter()
                .map(|t| t.name.as_str())
                .collect(),
        ),
        (
            "subnets",
            world.subnets.iter().map(|s| s.id.as_str()).collect(),
        ),
        (
            "securityGroups",
            world
                .security_groups
                .iter()
                .map(|g| g.id.as_str())
                .collect(),
        ),
        (
            "parameters",
            world.parameters.iter().map(|p| p.name.as_str()).collect(),
        ),
        (
            "hybridNodes",
            world.hybrid_nodes.iter().map(|n| n.id.as_str()).collect(),
        ),
        (
            "roles",
            world.roles.iter().map(|r| r.name.as_str()).collect(),
        ),
        (
            "commands",
            world.commands.iter().map(|c| c.id.as_str()).collect(),
        ),
        (
            "stacks",
            world.stacks.iter().map(|s| s.id.as_str()).collect(),
        ),
        (
            "autoScalingGroups",
            world
                .auto_scaling_groups
                .iter()
                .map(|g| g.name.as_str())
                .collect(),
        ),
    ];
    for (list, ids) in ids {
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        if let Some((i, id)) = ids.iter().enumerate().find(|(_, id)| !seen.insert(**id)) {
            return Err(format!("`{list}[{i}]`: `{id}` appears more than once"));
        }
    }
    Ok(())
}

impl TryFrom<Value> for SimWorld {
    type Error = String;

    fn try_from(value: Value) -> Result<SimWorld, String> {
        SimWorld::from_world_json(&value)
    }
}

impl From<SimWorld> for Value {
    fn from(world: SimWorld) -> Value {
        world.to_world_json()
    }
}

/// Written as its world file, from a borrow: `serde(into)` would clone the whole world (every
/// instance and the index of taken ids) before each write to the store.
impl serde::Serialize for SimWorld {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.to_world_json().serialize(serializer)
    }
}
