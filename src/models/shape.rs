//! One shape of a service model: what botocore validates a request member against, and
//! what a response member holds.

use indexmap::IndexMap;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq)]
pub enum ShapeKind {
    Structure {
        /// Member name → shape name, in model order (botocore lists them in this order).
        members: IndexMap<String, String>,
        required: Vec<String>,
        /// Exactly one member may be set.
        union: bool,
    },
    List(String),
    Map {
        key: String,
        value: String,
    },
    String,
    Integer,
    Long,
    Float,
    Double,
    Boolean,
    Timestamp,
    Blob,
    /// Any JSON value (botocore's document type).
    Document,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub kind: ShapeKind,
    /// Allowed values of a string shape; empty when any string is allowed.
    pub enum_values: Vec<String>,
    /// Minimum length (strings, lists, maps) or value (numbers); botocore checks it.
    pub min: Option<f64>,
    /// Maximum length or value; only the service checks it, botocore does not.
    pub max: Option<f64>,
}

/// The compact form `scripts/gen-models.py` writes.
#[derive(Deserialize)]
pub(super) struct RawShape {
    t: String,
    #[serde(default)]
    m: Option<RawMembers>,
    #[serde(default)]
    r: Vec<String>,
    #[serde(default)]
    u: Option<u8>,
    #[serde(default)]
    k: Option<String>,
    #[serde(default)]
    v: Option<String>,
    #[serde(default)]
    e: Vec<String>,
    #[serde(default)]
    n: Option<f64>,
    #[serde(default)]
    x: Option<f64>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawMembers {
    One(String),
    Many(IndexMap<String, String>),
}

impl RawShape {
    pub(super) fn into_shape(self) -> Shape {
        let kind = match (self.t.as_str(), self.m) {
            ("structure", Some(RawMembers::Many(members))) => ShapeKind::Structure {
                members,
                required: self.r,
                union: self.u.is_some(),
            },
            ("structure", _) => ShapeKind::Structure {
                members: IndexMap::new(),
                required: self.r,
                union: self.u.is_some(),
            },
            ("list", Some(RawMembers::One(member))) => ShapeKind::List(member),
            ("map", _) => ShapeKind::Map {
                key: self.k.unwrap_or_default(),
                value: self.v.unwrap_or_default(),
            },
            ("integer", _) => ShapeKind::Integer,
            ("long", _) => ShapeKind::Long,
            ("float", _) => ShapeKind::Float,
            ("double", _) => ShapeKind::Double,
            ("boolean", _) => ShapeKind::Boolean,
            ("timestamp", _) => ShapeKind::Timestamp,
            ("blob", _) => ShapeKind::Blob,
            ("document", _) => ShapeKind::Document,
            _ => ShapeKind::String,
        };
        Shape {
            kind,
            enum_values: self.e,
            min: self.n,
            max: self.x,
        }
    }
}

impl Shape {
    /// The type's name as botocore's documentation writes it (`string`, `list`, `structure`).
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ShapeKind::Structure { .. } => "structure",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::String => "string",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::Boolean => "boolean",
            ShapeKind::Timestamp => "timestamp",
            ShapeKind::Blob => "blob",
            ShapeKind::Document => "document",
        }
    }
}
