//! Synthesized answers: a response made up from the operation's output shape for a call
//! that neither the simulated world nor a mock answers, so a dry-run walks on. Values are
//! deterministic: the request's own values where the response names the same member,
//! identifiers with their service's prefixes, the first allowed value of an enum, lists of
//! one element, the clock's time for timestamps.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::synth_values::{integer_for, is_page_token, reports_failure, string_for};
use crate::document::DataType;
use crate::models::{Operation, ServiceModel, Shape, ShapeKind};
use crate::selector::{PathStep, Selector};

/// How deep a synthesized response goes; recursive shapes (a policy holding policies)
/// would otherwise never end.
const MAX_DEPTH: usize = 12;

/// What the caller will look for in the answer: a wait or an assertion on a synthesized
/// answer sees its desired value, and a step's outputs find something, so the dry-run takes
/// the path the author intended.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub selector: String,
    pub wanted: Wanted,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Wanted {
    /// A wait or an assertion: this value at the selector, whatever the answer held there.
    Value(String),
    /// A step output: a value of this type, only where the selector finds nothing.
    Output(DataType),
}

pub struct Synthesizer<'m> {
    pub model: &'m ServiceModel,
    pub region: String,
    pub account: String,
    /// The simulated clock as ISO 8601, for timestamps.
    pub now: String,
    /// boto3's `ResponseMetadata`, which selectors may read like any member.
    pub metadata: Value,
}

impl Synthesizer<'_> {
    pub fn answer(&self, op: &Operation, request: &Value, expect: &[Expectation]) -> Value {
        let mut echo = HashMap::new();
        collect_echo(request, &mut echo);
        let mut out = match op.output.as_deref().and_then(|n| self.model.shape(n)) {
            Some(shape) => self.value(shape, "", &echo, 0),
            None => Value::Object(Map::new()),
        };
        if let Value::Object(map) = &mut out {
            map.insert("ResponseMetadata".into(), self.metadata.clone());
        }
        for e in expect {
            match &e.wanted {
                Wanted::Value(desired) => apply(&mut out, &e.selector, desired),
                Wanted::Output(ty) => self.fill(&mut out, &e.selector, *ty),
            }
        }
        out
    }

    /// Puts a plausible value of `ty` where an output's selector finds nothing: an operation
    /// whose model declares no such member (or no output at all) still gives the step its
    /// output, as the answer the author saw on AWS did.
    fn fill(&self, out: &mut Value, selector: &str, ty: DataType) {
        let Ok(parsed) = Selector::parse(selector) else {
            return;
        };
        if !parsed.select(out).is_empty() {
            return;
        }
        let Some(path) = parsed.path() else {
            return;
        };
        let member = path
            .iter()
            .rev()
            .find_map(|s| match s {
                PathStep::Name(n) => Some(n.as_str()),
                _ => None,
            })
            .unwrap_or_default();
        let text = |m: &str| string_for(m, self.model.name, &self.region, &self.account);
        let value = match ty {
            DataType::String => Value::String(text(member)),
            DataType::Integer => Value::from(integer_for(member).unwrap_or(1)),
            DataType::Boolean => Value::Bool(true),
            DataType::StringList => {
                let singular = member.strip_suffix('s').unwrap_or(member);
                Value::Array(vec![Value::String(text(singular))])
            }
            DataType::StringMap => Value::Object(Map::new()),
            DataType::MapList => Value::Array(vec![Value::Object(Map::new())]),
        };
        if let Some(at) = slot(out, &path)
            && at.is_null()
        {
            *at = value;
        }
    }

    fn value(
        &self,
        shape: &Shape,
        member: &str,
        echo: &HashMap<String, Value>,
        depth: usize,
    ) -> Value {
        if let Some(v) = echo.get(member)
            && fits(shape, v)
        {
            return v.clone();
        }
        match &shape.kind {
            ShapeKind::Structure { members, .. } => {
                let mut out = Map::new();
                if depth < MAX_DEPTH {
                    for (name, target) in members {
                        if is_page_token(name) || reports_failure(name) {
                            continue;
                        }
                        if let Some(s) = self.model.shape(target) {
                            out.insert(name.clone(), self.value(s, name, echo, depth + 1));
                        }
                    }
                }
                Value::Object(out)
            }
            ShapeKind::List(target) => {
                let item = self.model.shape(target).filter(|_| depth < MAX_DEPTH);
                // The element is named after the list (`InstanceIds` → `InstanceId`).
                let singular = member.strip_suffix('s').unwrap_or(member);
                Value::Array(
                    item.map(|s| self.value(s, singular, echo, depth + 1))
                        .into_iter()
                        .collect(),
                )
            }
            ShapeKind::Map { value, .. } => {
                let mut out = Map::new();
                if let Some(s) = self.model.shape(value).filter(|_| depth < MAX_DEPTH) {
                    out.insert("key".into(), self.value(s, "value", echo, depth + 1));
                }
                Value::Object(out)
            }
            ShapeKind::String => match shape.enum_values.first() {
                Some(first) => Value::String(first.clone()),
                None => Value::String(string_for(
                    member,
                    self.model.name,
                    &self.region,
                    &self.account,
                )),
            },
            ShapeKind::Integer | ShapeKind::Long => Value::from(
                integer_for(member).unwrap_or_else(|| shape.min.map_or(1, |m| m.max(1.0) as i64)),
            ),
            ShapeKind::Float | ShapeKind::Double => Value::from(1.0),
            ShapeKind::Boolean => Value::Bool(false),
            ShapeKind::Timestamp => Value::String(self.now.clone()),
            ShapeKind::Blob => Value::String(String::new()),
            ShapeKind::Document => Value::Object(Map::new()),
        }
    }
}

/// Request members by name, at any depth, with a list's first item under its singular name
/// (`InstanceIds: [i-1]` answers `InstanceId: i-1`).
fn collect_echo(v: &Value, echo: &mut HashMap<String, Value>) {
    let Value::Object(map) = v else { return };
    for (k, item) in map {
        match item {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                echo.entry(k.clone()).or_insert_with(|| item.clone());
            }
            Value::Array(list) => {
                if let (Some(singular), Some(first)) = (k.strip_suffix('s'), list.first())
                    && !first.is_object()
                {
                    echo.entry(singular.to_string())
                        .or_insert_with(|| first.clone());
                }
                if list.iter().all(|i| !i.is_object() && !i.is_array()) && !list.is_empty() {
                    echo.entry(k.clone()).or_insert_with(|| item.clone());
                }
                list.iter().for_each(|i| collect_echo(i, echo));
            }
            Value::Object(_) => collect_echo(item, echo),
            Value::Null => {}
        }
    }
}

/// Whether an echoed request value has the member's type.
fn fits(shape: &Shape, v: &Value) -> bool {
    match (&shape.kind, v) {
        (ShapeKind::String, Value::String(s)) => {
            shape.enum_values.is_empty() || shape.enum_values.contains(s)
        }
        (ShapeKind::Integer | ShapeKind::Long, Value::Number(n)) => n.is_i64(),
        (ShapeKind::Float | ShapeKind::Double, Value::Number(_)) => true,
        (ShapeKind::Boolean, Value::Bool(_)) => true,
        (ShapeKind::List(_), Value::Array(items)) => items.iter().all(|i| i.is_string()),
        _ => false,
    }
}

/// The place a definite path points to in `out`, making the maps and lists on the way
/// where the answer has nothing; `None` when the answer holds something else there.
fn slot<'v>(out: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    let mut at = out;
    for step in path {
        if at.is_null() {
            *at = match step {
                PathStep::Name(_) => Value::Object(Map::new()),
                PathStep::Element | PathStep::Any => Value::Array(Vec::new()),
            };
        }
        at = match (step, at) {
            (PathStep::Name(n), Value::Object(map)) => map.entry(n.clone()).or_insert(Value::Null),
            (PathStep::Element | PathStep::Any, Value::Array(items)) => {
                if items.is_empty() {
                    items.push(Value::Null);
                }
                items.first_mut()?
            }
            _ => return None,
        };
    }
    Some(at)
}

/// Puts the desired value where the selector points, typed like the value it replaces
/// (`True` for a boolean, a number for a number).
fn apply(out: &mut Value, selector: &str, desired: &str) {
    let Some(path) = Selector::parse(selector).ok().and_then(|s| s.path()) else {
        return;
    };
    let Some(at) = slot(out, &path) else {
        return;
    };
    *at = match at {
        Value::Bool(_) => Value::Bool(desired.eq_ignore_ascii_case("true")),
        Value::Number(_) => desired
            .parse::<i64>()
            .map(Value::from)
            .or_else(|_| desired.parse::<f64>().map(Value::from))
            .unwrap_or_else(|_| Value::String(desired.into())),
        _ => Value::String(desired.into()),
    };
}

#[cfg(test)]
#[path = "synth_tests.rs"]
mod tests;
