//! [`ServiceModel`]: one service's operations and shapes.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::Deserialize;

use super::shape::{RawShape, Shape};
use super::xform::xform_name;

#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The model's name, PascalCase (`DescribeInstances`).
    pub name: String,
    /// boto3's method name (`describe_instances`).
    pub method: String,
    pub input: Option<String>,
    pub output: Option<String>,
}

#[derive(Debug)]
pub struct ServiceModel {
    /// boto3 client name (`ec2`).
    pub name: &'static str,
    pub api_version: String,
    pub protocol: String,
    pub service_id: String,
    operations: IndexMap<String, Operation>,
    shapes: HashMap<String, Shape>,
}

#[derive(Deserialize)]
struct RawModel {
    #[serde(default)]
    v: Option<String>,
    #[serde(default)]
    p: Option<String>,
    #[serde(default)]
    id: Option<String>,
    o: IndexMap<String, (Option<String>, Option<String>, String)>,
    s: HashMap<String, RawShape>,
}

impl ServiceModel {
    pub fn from_json(name: &'static str, text: &[u8]) -> Result<ServiceModel, serde_json::Error> {
        let raw: RawModel = serde_json::from_slice(text)?;
        let operations = raw
            .o
            .into_iter()
            .map(|(op, (input, output, method))| {
                let operation = Operation {
                    name: op.clone(),
                    method,
                    input,
                    output,
                };
                (op, operation)
            })
            .collect();
        Ok(ServiceModel {
            name,
            api_version: raw.v.unwrap_or_default(),
            protocol: raw.p.unwrap_or_default(),
            service_id: raw.id.unwrap_or_default(),
            operations,
            shapes: raw
                .s
                .into_iter()
                .map(|(k, v)| (k, v.into_shape()))
                .collect(),
        })
    }

    /// The operation an `Api` value names, in any spelling boto3 maps to its method.
    pub fn operation(&self, api: &str) -> Option<&Operation> {
        if let Some(op) = self.operations.get(api) {
            return Some(op);
        }
        let method = xform_name(api);
        self.operations.values().find(|op| op.method == method)
    }

    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.values()
    }

    pub fn shape(&self, name: &str) -> Option<&Shape> {
        self.shapes.get(name)
    }
}
