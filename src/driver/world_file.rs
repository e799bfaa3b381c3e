//! The world file: the simulated account as a YAML/JSON document that users write by hand
//! (`--world`) and ssmrun writes back (`--world-out`, saved state between CLI calls). One
//! format serves both, so a saved world can be inspected, edited and reloaded.
//!
//! Reading is forgiving (almost every field has a default) and strict (unknown fields and
//! wrong types are errors naming the field's path). Writing leaves out fields whose value is
//! the default, so what ssmrun writes reads back to the same document.

mod autoscaling;
mod ec2;
mod reader;
mod services;

use serde_json::{Map, Value, json};

use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::{self, DEFAULT_START_MILLIS};
use crate::driver::sim::ec2_instances::well_formed;
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
    "parameters",
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
        for (index, id) in top.str_list("snapshots")?.into_iter().enumerate() {
            if !well_formed(&id, "snap") {
                return Err(format!(
                    "`snapshots[{index}]`: `{id}` is not an id such as snap-0123456789abcdef0"
                ));
            }
            world.snapshots.push(id);
        }
        for (path, item) in top.list("instances")? {
            let instance = ec2::read_instance(&mut world, &path, item)?;
            world.instances.push(instance);
        }
        for (path, item) in top.list("parameters")? {
            let parameter = services::read_parameter(&world, &path, item)?;
            world.parameters.push(parameter);
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
                self.snapshots.iter().map(|s| json!(s)).collect(),
            ),
            (
                "parameters",
                self.parameters
                    .iter()
                    .map(|p| services::write_parameter(self, p))
                    .collect(),
            ),
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
            world.snapshots.iter().map(String::as_str).collect(),
        ),
        (
            "parameters",
            world.parameters.iter().map(|p| p.name.as_str()).collect(),
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
