//! Request checks as botocore's `ParamValidator` makes them on the client before sending:
//! required and unknown members, Python types, minimum lengths and values, tagged unions.
//! boto3 converts nothing, so `"5"` for an integer member fails there and fails here.
//!
//! Enum membership and maximums (length and value) are not client checks: botocore's
//! `validate.py` never looks at `enum` or `max`, and the service answers them with a
//! `ValidationException` ([`service_message`] words it as the service does).

use serde_json::Value;

use super::service_model::ServiceModel;
use super::shape::{Shape, ShapeKind};

/// A value the validator stands in for a `{{ }}` reference whose type it cannot know;
/// every check passes on it.
pub const UNKNOWN: &str = "\u{0}unknown";

#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
    /// The key of a map entry, checked against the map's key shape.
    MapKey(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    Missing { member: String },
    Unknown { member: String, valid: Vec<String> },
    Type { expected: &'static str },
    MinLength { length: usize, min: f64 },
    MinValue { min: f64 },
    MaxLength { length: usize, max: f64 },
    MaxValue { max: f64 },
    Union { set: Vec<String> },
    Enum { allowed: Vec<String> },
}

/// One problem at a place in the request: `path` leads to the structure for `Missing`,
/// `Unknown` and `Union`, and to the value otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub path: Vec<Seg>,
    pub value: Value,
    pub problem: Problem,
}

impl Finding {
    /// The path as botocore prints it: `Filters[0].Name`, or `input` for the request.
    pub fn name(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::MapKey(k) => out.push_str(&format!(" (key: {k})")),
            }
        }
        if out.is_empty() { "input".into() } else { out }
    }

    /// True for what botocore itself rejects (everything but enums and maximums).
    pub fn is_client_side(&self) -> bool {
        !matches!(
            self.problem,
            Problem::Enum { .. } | Problem::MaxLength { .. } | Problem::MaxValue { .. }
        )
    }

    /// The path as the service's own validation names it: members in lower camel case,
    /// list items counted from 1 (`filters.1.member.values`).
    pub fn service_name(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    let mut chars = k.chars();
                    let first = chars.next().map(|c| c.to_ascii_lowercase());
                    parts.push(first.into_iter().chain(chars).collect());
                }
                Seg::Index(i) => parts.push(format!("{}.member", i + 1)),
                Seg::MapKey(k) => parts.push(format!("{k}.key")),
            }
        }
        parts.join(".")
    }

    /// A constraint the service checks, in its wording: `Value '51' at 'maxResults' failed
    /// to satisfy constraint: Member must have value less than or equal to 50`.
    fn service_constraint(&self, constraint: &str) -> String {
        format!(
            "Value '{}' at '{}' failed to satisfy constraint: Member must {constraint}",
            java_repr(&self.value),
            self.service_name()
        )
    }

    /// botocore's wording for the problem.
    pub fn message(&self) -> String {
        let name = self.name();
        let value = python_repr(&self.value);
        match &self.problem {
            Problem::Missing { member } => {
                format!("Missing required parameter in {name}: \"{member}\"")
            }
            Problem::Unknown { member, valid } => format!(
                "Unknown parameter in {name}: \"{member}\", must be one of: {}",
                valid.join(", ")
            ),
            Problem::Type { expected } => format!(
                "Invalid type for parameter {name}, value: {value}, type: {}, valid types: {expected}",
                python_type(&self.value)
            ),
            Problem::MinLength { length, min } => format!(
                "Invalid length for parameter {name}, value: {length}, valid min length: {min}"
            ),
            Problem::MinValue { min } => {
                format!(
                    "Invalid value for parameter {name}, value: {value}, valid min value: {min}"
                )
            }
            Problem::Union { set } => format!(
                "Invalid number of parameters set for tagged union structure {name}. Can only set one of the following keys: {}.",
                set.join(", ")
            ),
            Problem::Enum { allowed } => self
                .service_constraint(&format!("satisfy enum value set: [{}]", allowed.join(", "))),
            Problem::MaxLength { max, .. } => {
                self.service_constraint(&format!("have length less than or equal to {max}"))
            }
            Problem::MaxValue { max } => {
                self.service_constraint(&format!("have value less than or equal to {max}"))
            }
        }
    }
}

/// botocore's `ParamValidationError` text for the client-side findings, one line each.
pub fn client_message(findings: &[Finding]) -> String {
    let lines: Vec<String> = findings.iter().map(Finding::message).collect();
    format!("Parameter validation failed:\n{}", lines.join("\n"))
}

/// The service's `ValidationException` message for the findings it checks itself:
/// `2 validation errors detected: Value … ; Value …`.
pub fn service_message(findings: &[Finding]) -> String {
    let plural = if findings.len() == 1 { "" } else { "s" };
    let lines: Vec<String> = findings.iter().map(Finding::message).collect();
    format!(
        "{} validation error{plural} detected: {}",
        findings.len(),
        lines.join("; ")
    )
}

/// Every problem of `request` against the operation's input shape (an operation without
/// input takes only an empty request).
pub fn check(model: &ServiceModel, input: Option<&str>, request: &Value) -> Vec<Finding> {
    let mut walker = Walker {
        model,
        path: Vec::new(),
        out: Vec::new(),
    };
    match input.and_then(|name| model.shape(name)) {
        Some(shape) => walker.value(shape, request),
        None => {
            let empty = Shape {
                kind: ShapeKind::Structure {
                    members: Default::default(),
                    required: Vec::new(),
                    union: false,
                },
                enum_values: Vec::new(),
                min: None,
                max: None,
            };
            walker.value(&empty, request);
        }
    }
    walker.out
}

struct Walker<'m> {
    model: &'m ServiceModel,
    path: Vec<Seg>,
    out: Vec<Finding>,
}

impl Walker<'_> {
    fn report(&mut self, value: &Value, problem: Problem) {
        self.out.push(Finding {
            path: self.path.clone(),
            value: value.clone(),
            problem,
        });
    }

    fn at(&mut self, seg: Seg, shape_name: &str, value: &Value) {
        let Some(shape) = self.model.shape(shape_name) else {
            return;
        };
        self.path.push(seg);
        self.value(shape, value);
        self.path.pop();
    }

    fn value(&mut self, shape: &Shape, value: &Value) {
        if value.as_str() == Some(UNKNOWN) {
            return;
        }
        match (&shape.kind, value) {
            (
                ShapeKind::Structure {
                    members,
                    required,
                    union,
                },
                Value::Object(map),
            ) => {
                for member in required {
                    if !map.contains_key(member) {
                        let problem = Problem::Missing {
                            member: member.clone(),
                        };
                        self.report(value, problem);
                    }
                }
                let valid: Vec<String> = members.keys().cloned().collect();
                for (key, item) in map {
                    match members.get(key) {
                        Some(target) => self.at(Seg::Key(key.clone()), target, item),
                        None => {
                            let problem = Problem::Unknown {
                                member: key.clone(),
                                valid: valid.clone(),
                            };
                            self.report(value, problem);
                        }
                    }
                }
                if *union && map.len() > 1 {
                    self.report(value, Problem::Union { set: valid });
                }
            }
            (ShapeKind::List(member), Value::Array(items)) => {
                self.min_length(shape, value, items.len());
                for (i, item) in items.iter().enumerate() {
                    self.at(Seg::Index(i), member, item);
                }
            }
            (
                ShapeKind::Map {
                    key: key_shape,
                    value: target,
                },
                Value::Object(map),
            ) => {
                for (key, item) in map {
                    let key_value = Value::String(key.clone());
                    self.at(Seg::MapKey(key.clone()), key_shape, &key_value);
                    self.at(Seg::Key(key.clone()), target, item);
                }
            }
            // Text holding `{{` stands for a value known only at run time.
            (ShapeKind::String, Value::String(s)) if !s.contains("{{") => {
                self.min_length(shape, value, s.chars().count());
                if !shape.enum_values.is_empty() && !shape.enum_values.contains(s) {
                    let allowed = shape.enum_values.clone();
                    self.report(value, Problem::Enum { allowed });
                }
            }
            (ShapeKind::Integer | ShapeKind::Long, Value::Number(n))
                if n.is_i64() || n.is_u64() =>
            {
                self.min_value(shape, value, n.as_f64().unwrap_or_default());
            }
            (ShapeKind::Float | ShapeKind::Double, Value::Number(n)) => {
                self.min_value(shape, value, n.as_f64().unwrap_or_default());
            }
            (ShapeKind::String, Value::String(_))
            | (ShapeKind::Boolean, Value::Bool(_))
            | (ShapeKind::Document, _)
            | (ShapeKind::Timestamp, Value::String(_) | Value::Number(_))
            | (ShapeKind::Blob, Value::String(_)) => {}
            (kind, _) => {
                let expected = python_types(kind);
                self.report(value, Problem::Type { expected });
            }
        }
    }

    fn min_length(&mut self, shape: &Shape, value: &Value, length: usize) {
        if let Some(min) = shape.min
            && (length as f64) < min
        {
            self.report(value, Problem::MinLength { length, min });
        }
        if let Some(max) = shape.max
            && (length as f64) > max
        {
            self.report(value, Problem::MaxLength { length, max });
        }
    }

    fn min_value(&mut self, shape: &Shape, value: &Value, n: f64) {
        if let Some(min) = shape.min
            && n < min
        {
            self.report(value, Problem::MinValue { min });
        }
        if let Some(max) = shape.max
            && n > max
        {
            self.report(value, Problem::MaxValue { max });
        }
    }
}

/// The Python types botocore lists as valid for a shape.
fn python_types(kind: &ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } => "<class 'dict'>",
        ShapeKind::List(_) => "<class 'list'>, <class 'tuple'>",
        ShapeKind::String => "<class 'str'>",
        ShapeKind::Integer | ShapeKind::Long => "<class 'int'>",
        ShapeKind::Float | ShapeKind::Double => {
            "<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"
        }
        ShapeKind::Boolean => "<class 'bool'>",
        ShapeKind::Timestamp => "<class 'datetime.datetime'>, timestamp-string",
        ShapeKind::Blob => "<class 'bytes'>, <class 'bytearray'>, file-like object",
        ShapeKind::Document => "any",
    }
}

fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

/// How the service (written in Java) shows a value in its messages: `[a, b]`, `{k=v}`.
fn java_repr(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(java_repr).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{k}={}", java_repr(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// How Python's `str()` shows a decoded JSON value, as botocore puts it in messages.
pub fn python_repr(v: &Value) -> String {
    fn inner(v: &Value) -> String {
        match v {
            Value::String(s) => format!("'{s}'"),
            other => python_repr(other),
        }
    }
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(inner).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("'{k}': {}", inner(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}
