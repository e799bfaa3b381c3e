//! The six data types of Automation (parameters, variables, action inputs and outputs),
//! and the `AWS::…` parameter types that narrow them with a pattern.

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataType {
    String,
    StringList,
    Integer,
    Boolean,
    StringMap,
    MapList,
}

impl DataType {
    pub const ALL: [DataType; 6] = [
        DataType::String,
        DataType::StringList,
        DataType::Integer,
        DataType::Boolean,
        DataType::StringMap,
        DataType::MapList,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DataType::String => "String",
            DataType::StringList => "StringList",
            DataType::Integer => "Integer",
            DataType::Boolean => "Boolean",
            DataType::StringMap => "StringMap",
            DataType::MapList => "MapList",
        }
    }

    pub fn parse(s: &str) -> Option<DataType> {
        DataType::ALL.into_iter().find(|t| t.name() == s)
    }

    /// Whether a JSON value has this type's shape (no conversion: the service never converts).
    pub fn accepts(self, v: &Value) -> bool {
        match self {
            DataType::String => v.is_string(),
            DataType::StringList => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            DataType::Integer => v.is_i64() || v.is_u64(),
            DataType::Boolean => v.is_boolean(),
            DataType::StringMap => v.is_object(),
            DataType::MapList => v.as_array().is_some_and(|a| a.iter().all(Value::is_object)),
        }
    }
}

impl DataType {
    /// Whether a value fits as the service accepts it in practice: real runbooks write
    /// integers and booleans as strings (`MaxIterations: '5'`, `NoReboot: 'true'`), scalars
    /// into string inputs unquoted, and maps as JSON text. The validator (for literals) and
    /// the engine (for resolved inputs) share this one rule.
    pub fn accepts_loosely(self, v: &Value) -> bool {
        let scalar = |v: &Value| !(v.is_array() || v.is_object() || v.is_null());
        self.accepts(v)
            || match (self, v) {
                (DataType::String, v) => scalar(v),
                (DataType::Integer, Value::String(s)) => s.trim().parse::<i64>().is_ok(),
                (DataType::Boolean, Value::String(s)) => {
                    s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")
                }
                (DataType::StringList, Value::Array(items)) => items.iter().all(scalar),
                (DataType::StringMap, Value::String(s)) => {
                    serde_json::from_str::<Value>(s).is_ok_and(|v| v.is_object())
                }
                _ => false,
            }
    }
}

/// A parameter's declared `type`: a base data type, optionally an `AWS::…` type with a pattern
/// every (item) value must match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamType {
    pub name: String,
    pub base: DataType,
    pub pattern: Option<&'static str>,
}

const AWS_TYPES: [(&str, &str); 3] = [
    (
        "AWS::EC2::Instance::Id",
        r"^m?i-([a-z0-9]{8}|[a-z0-9]{17})$",
    ),
    ("AWS::S3::Bucket::Name", r"^[0-9a-z][a-z0-9\-\.]{3,63}$"),
    (
        "AWS::IAM::Role::Arn",
        r"^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):iam::[0-9]{12}:role/.*$",
    ),
];

impl ParamType {
    pub fn parse(s: &str) -> Option<ParamType> {
        if let Some(base) = DataType::parse(s) {
            return Some(ParamType {
                name: s.to_string(),
                base,
                pattern: None,
            });
        }
        let (inner, base) = match s.strip_prefix("List<").and_then(|r| r.strip_suffix('>')) {
            Some(inner) => (inner, DataType::StringList),
            None => (s, DataType::String),
        };
        let (_, pattern) = AWS_TYPES.iter().find(|(n, _)| *n == inner)?;
        Some(ParamType {
            name: s.to_string(),
            base,
            pattern: Some(pattern),
        })
    }

    /// Every type name a document may use, for "did you mean".
    pub fn all_names() -> Vec<String> {
        let mut v: Vec<String> = DataType::ALL.iter().map(|t| t.name().to_string()).collect();
        for (n, _) in AWS_TYPES {
            v.push(n.to_string());
            v.push(format!("List<{n}>"));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_aws_types() {
        let t = ParamType::parse("List<AWS::EC2::Instance::Id>").unwrap();
        assert_eq!(t.base, DataType::StringList);
        assert!(t.pattern.is_some());
        assert!(ParamType::parse("AWS::EC2::Volume::Id").is_none());
        assert_eq!(ParamType::parse("Integer").unwrap().base, DataType::Integer);
    }
}
