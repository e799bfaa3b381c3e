//! Resource tags, kept in insertion order so responses list them as they were written.

use serde_json::{Value, json};

use super::request::Request;
use crate::driver::ApiError;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tags(Vec<(String, String)>);

impl Tags {
    pub fn new() -> Tags {
        Tags(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a tag; an existing key keeps its position, as EC2 overwrites in place.
    pub fn set(&mut self, key: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_string(),
            None => self.0.push((key.to_string(), value.to_string())),
        }
    }

    /// DeleteTags semantics: with a value, only a tag holding exactly that value goes.
    pub fn remove(&mut self, key: &str, value: Option<&str>) {
        self.0
            .retain(|(k, v)| k != key || value.is_some_and(|value| value != v));
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The API's `[{"Key", "Value"}]` list.
    pub fn to_json(&self) -> Value {
        Value::Array(
            self.0
                .iter()
                .map(|(k, v)| json!({"Key": k, "Value": v}))
                .collect(),
        )
    }

    /// Reads a request's `Tags` list of `{Key, Value}`. A missing `Value` is the empty string,
    /// as EC2 stores it.
    pub fn from_request(request: &Request, key: &str) -> Result<Tags, ApiError> {
        let mut tags = Tags::new();
        for item in request.structs(key)? {
            let key = item.required_str("Key")?;
            let value = item.str("Value")?.unwrap_or("");
            tags.set(key, value);
        }
        Ok(tags)
    }

    /// Tags for `resource_type` from RunInstances/CreateImage `TagSpecifications`.
    pub fn from_specifications(request: &Request, resource_type: &str) -> Result<Tags, ApiError> {
        let mut tags = Tags::new();
        for spec in request.structs("TagSpecifications")? {
            if spec.str("ResourceType")? == Some(resource_type) {
                for (k, v) in Tags::from_request(&spec, "Tags")?.iter() {
                    tags.set(k, v);
                }
            }
        }
        Ok(tags)
    }
}

impl FromIterator<(String, String)> for Tags {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Tags {
        let mut tags = Tags::new();
        for (k, v) in iter {
            tags.set(&k, &v);
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_with_value_only_removes_matching_tag() {
        let mut tags: Tags = [("Name".to_string(), "web".to_string())]
            .into_iter()
            .collect();
        tags.remove("Name", Some("other"));
        assert_eq!(tags.get("Name"), Some("web"));
        tags.remove("Name", Some("web"));
        assert!(tags.is_empty());
    }
}
