//! Reading world-file mappings with errors that name the offending field's path
//! (`instances[2].State`), because world files are written by hand.

use serde_json::{Map, Value};

use crate::driver::sim::clock;
use crate::driver::sim::tags::Tags;

pub type Result<T> = std::result::Result<T, String>;

/// One mapping of the world file and where it sits.
pub struct Fields<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    pub fn new(path: &str, value: &'a Value) -> Result<Fields<'a>> {
        match value {
            Value::Object(map) => Ok(Fields {
                path: path.to_string(),
                map,
            }),
            other => Err(format!(
                "`{path}`: expected a mapping, found {}",
                kind(other)
            )),
        }
    }

    pub fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Unknown keys are errors: a misspelt optional field would otherwise vanish silently.
    pub fn only(&self, known: &[&str]) -> Result<()> {
        match self.map.keys().find(|k| !known.contains(&k.as_str())) {
            Some(key) => Err(format!(
                "`{}`: unknown field (expected one of {})",
                self.path(key),
                known.join(", ")
            )),
            None => Ok(()),
        }
    }

    pub fn keys(&self) -> Vec<&'a str> {
        self.map.keys().map(String::as_str).collect()
    }

    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn str(&self, key: &str) -> Result<Option<&'a str>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.expected(key, "a string", other)),
        }
    }

    pub fn string_or(&self, key: &str, default: &str) -> Result<String> {
        Ok(self.str(key)?.unwrap_or(default).to_string())
    }

    pub fn opt_string(&self, key: &str) -> Result<Option<String>> {
        Ok(self.str(key)?.map(str::to_string))
    }

    pub fn required_str(&self, key: &str) -> Result<&'a str> {
        self.str(key)?
            .ok_or_else(|| format!("`{}`: missing required field", self.path(key)))
    }

    /// A string that YAML may have read as a number or boolean (`Value: 42`, `account: 1234…`).
    pub fn scalar(&self, key: &str) -> Result<Option<String>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
            Some(other) => Err(self.expected(key, "a string", other)),
        }
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.expected(key, "true or false", other)),
        }
    }

    pub fn int(&self, key: &str) -> Result<Option<i64>> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
            Some(other) => Err(self.expected(key, "an integer", other)),
        }
    }

    /// An RFC 3339 instant, as milliseconds.
    pub fn time(&self, key: &str) -> Result<Option<i64>> {
        match self.str(key)? {
            None => Ok(None),
            Some(text) => clock::parse(text)
                .map(Some)
                .map_err(|e| format!("`{}`: {e}", self.path(key))),
        }
    }

    /// A sequence; each item comes with its path.
    pub fn list(&self, key: &str) -> Result<Vec<(String, &'a Value)>> {
        match self.value(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{}[{i}]", self.path(key)), item))
                .collect()),
            Some(other) => Err(self.expected(key, "a list", other)),
        }
    }

    pub fn str_list(&self, key: &str) -> Result<Vec<String>> {
        self.list(key)?
            .into_iter()
            .map(|(path, item)| match item {
                Value::String(s) => Ok(s.clone()),
                other => Err(format!(
                    "`{path}`: expected a string, found {}",
                    kind(other)
                )),
            })
            .collect()
    }

    /// Tags as a mapping (`{Name: web-1}`) or as the API's `[{Key, Value}]` list.
    pub fn tags(&self, key: &str) -> Result<Tags> {
        match self.value(key) {
            None => Ok(Tags::new()),
            Some(Value::Object(map)) => map
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k.clone(), s.clone())),
                    Value::Number(_) | Value::Bool(_) => Ok((k.clone(), v.to_string())),
                    other => Err(format!(
                        "`{}.{k}`: expected a string, found {}",
                        self.path(key),
                        kind(other)
                    )),
                })
                .collect(),
            Some(Value::Array(_)) => self
                .list(key)?
                .into_iter()
                .map(|(path, item)| {
                    let tag = Fields::new(&path, item)?;
                    tag.only(&["Key", "Value"])?;
                    let value = tag.scalar("Value")?.unwrap_or_default();
                    Ok((tag.required_str("Key")?.to_string(), value))
                })
                .collect(),
            Some(other) => Err(self.expected(key, "a mapping or a list of Key/Value", other)),
        }
    }

    /// A value from a fixed set, named in the error.
    pub fn choice<T: Copy>(
        &self,
        key: &str,
        default: T,
        parse: impl Fn(&str) -> Option<T>,
        allowed: &[&str],
    ) -> Result<T> {
        match self.str(key)? {
            None => Ok(default),
            Some(text) => parse(text).ok_or_else(|| {
                format!(
                    "`{}`: expected one of {}, found `{text}`",
                    self.path(key),
                    allowed.join(", ")
                )
            }),
        }
    }

    fn expected(&self, key: &str, what: &str, found: &Value) -> String {
        format!(
            "`{}`: expected {what}, found {}",
            self.path(key),
            kind(found)
        )
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
