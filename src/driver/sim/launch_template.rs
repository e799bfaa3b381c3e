//! A launch template and its numbered versions. A version's data is kept as the request
//! gave it: `RequestLaunchTemplateData` and the `ResponseLaunchTemplateData` it is
//! described as share their member names for everything RunInstances reads.

use serde_json::{Value, json};

use super::clock::iso;
use super::tags::Tags;

#[derive(Clone, Debug, PartialEq)]
pub struct TemplateVersion {
    pub number: i64,
    pub description: Option<String>,
    pub data: Value,
    pub created: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaunchTemplate {
    pub id: String,
    pub name: String,
    pub created: i64,
    pub default_version: i64,
    pub versions: Vec<TemplateVersion>,
    pub tags: Tags,
}

impl LaunchTemplate {
    pub fn latest_version(&self) -> i64 {
        self.versions.iter().map(|v| v.number).max().unwrap_or(1)
    }

    /// A version by EC2's spelling: a number, `$Latest` or `$Default`.
    pub fn version(&self, spec: &str) -> Option<&TemplateVersion> {
        let number = match spec {
            "$Latest" => self.latest_version(),
            "$Default" => self.default_version,
            n => n.parse().ok()?,
        };
        self.versions.iter().find(|v| v.number == number)
    }

    fn created_by(account: &str) -> String {
        format!("arn:aws:iam::{account}:root")
    }

    /// The `LaunchTemplate` shape.
    pub fn to_json(&self, account: &str) -> Value {
        let mut o = serde_json::Map::new();
        o.insert("LaunchTemplateId".into(), json!(self.id));
        o.insert("LaunchTemplateName".into(), json!(self.name));
        o.insert("CreateTime".into(), json!(iso(self.created)));
        o.insert("CreatedBy".into(), json!(Self::created_by(account)));
        o.insert("DefaultVersionNumber".into(), json!(self.default_version));
        o.insert("LatestVersionNumber".into(), json!(self.latest_version()));
        if !self.tags.is_empty() {
            o.insert("Tags".into(), self.tags.to_json());
        }
        Value::Object(o)
    }

    /// The `LaunchTemplateVersion` shape.
    pub fn version_json(&self, version: &TemplateVersion, account: &str) -> Value {
        let mut o = serde_json::Map::new();
        o.insert("LaunchTemplateId".into(), json!(self.id));
        o.insert("LaunchTemplateName".into(), json!(self.name));
        o.insert("VersionNumber".into(), json!(version.number));
        if let Some(description) = &version.description {
            o.insert("VersionDescription".into(), json!(description));
        }
        o.insert("CreateTime".into(), json!(iso(version.created)));
        o.insert("CreatedBy".into(), json!(Self::created_by(account)));
        o.insert(
            "DefaultVersion".into(),
            json!(version.number == self.default_version),
        );
        o.insert("LaunchTemplateData".into(), version.data.clone());
        Value::Object(o)
    }
}
