//! `--output text`: the CLI's tab-separated lines (awscli/text.py).
//!
//! A dict's scalar values go on one line in sorted key order, led by the upper-cased name of
//! the key that holds the dict; its lists and dicts follow on lines of their own. Items of a
//! list of dicts share one column set (every scalar key seen in any item), so columns line up
//! even when an item lacks a key.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::pyrepr;

pub(super) fn format(value: &Value) -> String {
    let mut out = String::new();
    format_any(value, None, None, &mut out);
    out
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

fn format_any(item: &Value, identifier: Option<&str>, keys: Option<&[String]>, out: &mut String) {
    match item {
        Value::Object(map) => format_dict(map, identifier, keys, out),
        Value::Array(items) => format_list(items, identifier, out),
        scalar => {
            out.push_str(&pyrepr::str_of(scalar));
            out.push('\n');
        }
    }
}

fn format_list(items: &[Value], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(Value::is_object) {
        let keys = all_scalar_keys(items);
        for item in items {
            format_any(item, identifier, Some(&keys), out);
        }
    } else if items.iter().any(Value::is_array) {
        let (scalars, nested): (Vec<&Value>, Vec<&Value>) =
            items.iter().partition(|v| is_scalar(v));
        if !scalars.is_empty() {
            format_scalar_list(&scalars, identifier, out);
        }
        for item in nested {
            format_any(item, identifier, None, out);
        }
    } else {
        let scalars: Vec<&Value> = items.iter().collect();
        format_scalar_list(&scalars, identifier, out);
    }
}

/// Under a name each value gets its own `NAME<TAB>value` line; a bare list (a `--query`
/// result) is one tab-joined line.
fn format_scalar_list(items: &[&Value], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(name) => {
            let name = name.to_uppercase();
            for item in items {
                out.push_str(&name);
                out.push('\t');
                out.push_str(&pyrepr::str_of(item));
                out.push('\n');
            }
        }
        None => {
            let cells: Vec<String> = items.iter().map(|v| pyrepr::str_of(v)).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
}

fn format_dict(
    map: &Map<String, Value>,
    identifier: Option<&str>,
    keys: Option<&[String]>,
    out: &mut String,
) {
    let mut cells: Vec<String> = Vec::new();
    let mut nested: Vec<(&String, &Value)> = Vec::new();
    match keys {
        None => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            for (key, value) in entries {
                if is_scalar(value) {
                    cells.push(pyrepr::str_of(value));
                } else {
                    nested.push((key, value));
                }
            }
        }
        Some(keys) => {
            // A key missing from this item still takes its column, as an empty cell.
            for key in keys {
                cells.push(map.get(key).map(pyrepr::str_of).unwrap_or_default());
            }
            let shared: BTreeSet<&String> = keys.iter().collect();
            let mut rest: Vec<(&String, &Value)> =
                map.iter().filter(|(k, _)| !shared.contains(k)).collect();
            rest.sort_by(|a, b| a.0.cmp(b.0));
            nested = rest;
        }
    }
    if !cells.is_empty() {
        if let Some(name) = identifier {
            cells.insert(0, name.to_uppercase());
        }
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    for (key, value) in nested {
        format_any(value, Some(key), None, out);
    }
}

fn all_scalar_keys(items: &[Value]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    for map in items.iter().filter_map(Value::as_object) {
        for (key, value) in map {
            if is_scalar(value) {
                seen.insert(key.clone());
            }
        }
    }
    seen.into_iter().collect()
}
