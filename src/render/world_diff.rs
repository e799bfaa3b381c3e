//! `run --world-diff`: what a run did to the simulated world, from the world as the run
//! started and as it ended (both in the world-file form): resources created, changed field
//! by field, and deleted.
//!
//! A resource is an item of one of the world's lists (`instances`, `images`, …), known by
//! its identifier field (`InstanceId`, `ImageId`, … or `Name`). The clock and the id
//! counter always move, so the top-level scalars are not listed.

use serde_json::{Map, Value};
use std::fmt::Write;

/// The fields that name a resource, tried in order; then the first field ending in `Id`.
const ID_FIELDS: &[&str] = &[
    "InstanceId",
    "ImageId",
    "VolumeId",
    "SnapshotId",
    "StackId",
    "StackName",
    "KeyName",
    "Name",
];

#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Created {
        list: String,
        id: String,
        resource: Value,
    },
    Changed {
        list: String,
        id: String,
        fields: Vec<FieldChange>,
    },
    Deleted {
        list: String,
        id: String,
    },
}

/// One field of a changed resource: its path (`State`, `Tags`, `Placement.Zone`) and its
/// values before and after (`None`: absent).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub path: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The changes from `before` to `after`, list by list in the world's order.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let empty = Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut out = Vec::new();
    let lists = a.keys().chain(b.keys().filter(|k| !a.contains_key(*k)));
    for list in lists {
        let (old, new) = (items(b.get(list)), items(a.get(list)));
        if old.is_none() && new.is_none() {
            continue;
        }
        let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
        for (id, resource) in &new {
            match old.iter().find(|(k, _)| k == id) {
                None => out.push(Change::Created {
                    list: list.clone(),
                    id: id.clone(),
                    resource: (*resource).clone(),
                }),
                Some((_, was)) => {
                    let mut fields = Vec::new();
                    fields_of("", was, resource, &mut fields);
                    if !fields.is_empty() {
                        out.push(Change::Changed {
                            list: list.clone(),
                            id: id.clone(),
                            fields,
                        });
                    }
                }
            }
        }
        for (id, _) in old.iter().filter(|(k, _)| !new.iter().any(|(n, _)| n == k)) {
            out.push(Change::Deleted {
                list: list.clone(),
                id: id.clone(),
            });
        }
    }
    out
}

/// The resources of a world list with their identifiers; `None` when it is not a list of
/// objects.
fn items(v: Option<&Value>) -> Option<Vec<(String, &Value)>> {
    let list = v?.as_array()?;
    if !list.iter().all(Value::is_object) {
        return None;
    }
    Some(
        list.iter()
            .enumerate()
            .map(|(i, item)| {
                (
                    identifier(item).unwrap_or_else(|| format!("#{}", i + 1)),
                    item,
                )
            })
            .collect(),
    )
}

fn identifier(item: &Value) -> Option<String> {
    let map = item.as_object()?;
    let key = ID_FIELDS
        .iter()
        .find(|k| map.contains_key(**k))
        .map(|k| k.to_string())
        .or_else(|| map.keys().find(|k| k.ends_with("Id")).cloned())?;
    map.get(&key).map(crate::template::stringify)
}

/// Field-by-field differences; maps are followed, anything else is compared whole.
fn fields_of(prefix: &str, before: &Value, after: &Value, out: &mut Vec<FieldChange>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            for key in a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))) {
                let path = match prefix {
                    "" => key.clone(),
                    p => format!("{p}.{key}"),
                };
                match (b.get(key), a.get(key)) {
                    (Some(x), Some(y)) => fields_of(&path, x, y, out),
                    (x, y) => out.push(FieldChange {
                        path,
                        before: x.cloned(),
                        after: y.cloned(),
                    }),
                }
            }
        }
        (b, a) if b != a => out.push(FieldChange {
            path: prefix.to_string(),
            before: Some(b.clone()),
            after: Some(a.clone()),
        }),
        _ => {}
    }
}

/// The changes as text, one resource per line and one changed field per line below it.
pub fn render(changes: &[Change]) -> String {
    let mut out = String::from("World changes:\n");
    if changes.is_empty() {
        out.push_str("  none\n");
    }
    let value = |v: &Option<Value>| match v {
        Some(v) => crate::render::explain::short(v),
        None => "(absent)".into(),
    };
    for change in changes {
        match change {
            Change::Created { list, id, resource } => {
                let _ = writeln!(out, "  + {list} {id}");
                for (k, v) in resource.as_object().into_iter().flatten() {
                    let _ = writeln!(out, "      {k}: {}", crate::render::explain::short(v));
                }
            }
            Change::Changed { list, id, fields } => {
                let _ = writeln!(out, "  ~ {list} {id}");
                for f in fields {
                    let _ = writeln!(
                        out,
                        "      {}: {} → {}",
                        f.path,
                        value(&f.before),
                        value(&f.after)
                    );
                }
            }
            Change::Deleted { list, id } => {
                let _ = writeln!(out, "  - {list} {id}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn created_changed_and_deleted_resources_are_told_apart() {
        let before = json!({
            "time": "2026-01-01T00:00:00Z",
            "instances": [
                {"InstanceId": "i-1", "State": "running", "Tags": [], "Placement": {"Zone": "a"}},
                {"InstanceId": "i-2", "State": "running"}
            ],
            "parameters": [{"Name": "/a", "Value": "1"}]
        });
        let after = json!({
            "time": "2026-01-01T00:01:00Z",
            "instances": [
                {"InstanceId": "i-1", "State": "stopped", "Tags": [], "Placement": {"Zone": "b"}},
                {"InstanceId": "i-3", "State": "pending"}
            ],
            "parameters": [{"Name": "/a", "Value": "1", "Version": 2}]
        });
        let text = render(&diff(&before, &after));
        assert_eq!(
            text,
            "World changes:\n  ~ instances i-1\n      State: running → stopped\n      Placement.Zone: a → b\n  + instances i-3\n      InstanceId: i-3\n      State: pending\n  - instances i-2\n  ~ parameters /a\n      Version: (absent) → 2\n"
        );
    }

    #[test]
    fn an_unchanged_world_says_so() {
        let w = json!({"instances": [{"InstanceId": "i-1"}]});
        assert_eq!(render(&diff(&w, &w)), "World changes:\n  none\n");
    }
}
