//! Typed access to a request's members. Types are checked the way botocore checks them on
//! the client (a string where a list is expected is a `ParamValidationError`), so runbooks
//! that would fail on AWS fail here too.

use serde_json::{Map, Value};

use super::operations::param_validation;
use crate::driver::ApiError;

/// A request already checked against its operation's member list.
pub struct Request<'a> {
    map: Option<&'a Map<String, Value>>,
    /// Where this structure sits in the request (`Filters[0]`), empty at the top level.
    path: String,
}

impl<'a> Request<'a> {
    pub fn new(params: &'a Value) -> Request<'a> {
        Request {
            map: params.as_object(),
            path: String::new(),
        }
    }

    /// The member's name as botocore prints it in errors: `Filters[0].Name`.
    fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Every member, for requests that are rebuilt from another (a launch template's data
    /// under RunInstances' own members).
    pub fn whole(&self) -> Option<&'a Map<String, Value>> {
        self.map
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map
            .and_then(|map| map.get(key))
            .filter(|v| !v.is_null())
    }

    pub fn str(&self, key: &str) -> Result<Option<&'a str>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(invalid_type(&self.name(key), other, "str")),
        }
    }

    /// A required string; the member list already guaranteed presence for most callers,
    /// but a JSON `null` still counts as missing.
    pub fn required_str(&self, key: &str) -> Result<&'a str, ApiError> {
        self.str(key)?.ok_or_else(|| missing(&self.name(key)))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(invalid_type(&self.name(key), other, "bool")),
        }
    }

    pub fn flag(&self, key: &str) -> Result<bool, ApiError> {
        Ok(self.bool(key)?.unwrap_or(false))
    }

    pub fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
            Some(other) => Err(invalid_type(&self.name(key), other, "int")),
        }
    }

    pub fn str_list(&self, key: &str) -> Result<Option<Vec<String>>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(value) => string_list(&self.name(key), value).map(Some),
        }
    }

    pub fn required_str_list(&self, key: &str) -> Result<Vec<String>, ApiError> {
        self.str_list(key)?.ok_or_else(|| missing(&self.name(key)))
    }

    pub fn object(&self, key: &str) -> Result<Option<&'a Map<String, Value>>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(map)),
            Some(other) => Err(invalid_type(&self.name(key), other, "dict")),
        }
    }

    pub fn list(&self, key: &str) -> Result<Option<&'a Vec<Value>>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => Ok(Some(items)),
            Some(other) => Err(invalid_type(&self.name(key), other, "list")),
        }
    }

    /// A list of structures (`Filters`, `Tags`, `Targets`): each item is handed over as a
    /// nested request so members are read with the same checks, and errors name the path.
    pub fn structs(&self, key: &str) -> Result<Vec<Request<'a>>, ApiError> {
        let Some(items) = self.list(key)? else {
            return Ok(Vec::new());
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let path = format!("{}[{i}]", self.name(key));
                match item {
                    Value::Object(map) => Ok(Request {
                        map: Some(map),
                        path,
                    }),
                    other => Err(invalid_type(&path, other, "dict")),
                }
            })
            .collect()
    }
}

pub fn string_list(key: &str, value: &Value) -> Result<Vec<String>, ApiError> {
    let Value::Array(items) = value else {
        return Err(invalid_type(key, value, "list"));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::String(s) => Ok(s.clone()),
            other => Err(invalid_type(&format!("{key}[{i}]"), other, "str")),
        })
        .collect()
}

pub fn invalid_type(key: &str, value: &Value, expected: &str) -> ApiError {
    param_validation(vec![format!(
        "Invalid type for parameter {key}, value: {value}, valid types: {expected}"
    )])
}

pub fn missing(key: &str) -> ApiError {
    param_validation(vec![format!(
        "Missing required parameter in input: \"{key}\""
    )])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_types_are_param_validation_errors() {
        let params = json!({"InstanceIds": "i-1", "Force": "true", "Filters": [{"Name": 1}]});
        let request = Request::new(&params);
        let error = request.str_list("InstanceIds").unwrap_err();
        assert_eq!(error.code, "ParamValidationError");
        assert!(error.message.contains("parameter InstanceIds"), "{error}");
        assert!(request.bool("Force").is_err());
        let filters = request.structs("Filters").unwrap();
        let error = filters[0].str("Name").unwrap_err();
        assert!(error.message.contains("Filters[0].Name"), "{error}");
    }
}
