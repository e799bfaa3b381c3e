//! One document version as the read commands show it, whether it comes from the local
//! registry or is bundled in the binary, and the API shapes built from it
//! (`DocumentDescription`, `DocumentIdentifier`, `DocumentVersionInfo`).
//!
//! Keys follow the member order of the SSM API model, which is the order the service sends
//! and so the order `aws ssm` prints.

use crate::bundled::Bundled;
use crate::parse::{Node, NodeKind};
use crate::source::SourceFile;
use crate::store::{DocumentView, sha256_hex};
use serde_json::{Map, Value, json};

/// The account that owns registered documents. Fixed, like the simulated world's account, so
/// that output copied into tests and docs stays stable.
pub const ACCOUNT_ID: &str = "123456789012";

/// Bundled copies carry no creation time of their own; a fixed date keeps every listing of
/// them identical from one run (and one machine) to the next. 2020-01-01T00:00:00Z.
const BUNDLED_CREATED_DATE: f64 = 1_577_836_800.0;

/// Automation runbooks run against the service, not on an instance, so every platform fits.
const PLATFORM_TYPES: [&str; 3] = ["Windows", "Linux", "MacOS"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Registered in the local store by the user.
    Account,
    /// Bundled in the binary, standing in for AWS-managed documents.
    Amazon,
}

impl Owner {
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Account => ACCOUNT_ID,
            Owner::Amazon => "Amazon",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Record {
    pub name: String,
    pub version: u32,
    pub content: String,
    /// `JSON` or `YAML`.
    pub format: String,
    pub created_date: f64,
    pub hash: String,
    pub status: String,
    pub owner: Owner,
    pub default_version: u32,
    pub latest_version: u32,
}

impl Record {
    pub fn from_view((row, default_version, latest_version): DocumentView) -> Record {
        Record {
            name: row.name,
            version: row.version,
            content: row.content,
            format: row.format,
            // The service reports times to the millisecond.
            created_date: (row.created_date * 1000.0).round() / 1000.0,
            hash: row.hash,
            status: row.status,
            owner: Owner::Account,
            default_version,
            latest_version,
        }
    }

    /// A bundled document is a single version, 1, which is both default and latest.
    pub fn bundled(b: &Bundled) -> Record {
        let json = b.file_name.ends_with(".json");
        Record {
            name: b.name.to_string(),
            version: 1,
            content: b.text.to_string(),
            format: if json { "JSON" } else { "YAML" }.to_string(),
            created_date: BUNDLED_CREATED_DATE,
            hash: sha256_hex(b.text.as_bytes()),
            status: "Active".to_string(),
            owner: Owner::Amazon,
            default_version: 1,
            latest_version: 1,
        }
    }

    /// What diagnostics and execution records name this version by.
    pub fn source_label(&self) -> String {
        let ext = if self.format == "JSON" {
            "json"
        } else {
            "yaml"
        };
        match self.owner {
            Owner::Amazon => format!("<bundled>/{}.{ext}", self.name),
            Owner::Account => format!("<registry>/{}@{}.{ext}", self.name, self.version),
        }
    }

    /// The API's `DocumentDescription` (CreateDocument, UpdateDocument, DescribeDocument).
    pub fn description(&self) -> Value {
        let summary = Summary::of(self);
        let mut out = Map::new();
        out.insert("Hash".into(), json!(self.hash));
        out.insert("HashType".into(), json!("Sha256"));
        out.insert("Name".into(), json!(self.name));
        out.insert("Owner".into(), json!(self.owner.as_str()));
        out.insert("CreatedDate".into(), json!(self.created_date));
        out.insert("Status".into(), json!(self.status));
        out.insert("DocumentVersion".into(), json!(self.version.to_string()));
        if let Some(description) = summary.description {
            out.insert("Description".into(), json!(description));
        }
        if !summary.parameters.is_empty() {
            out.insert("Parameters".into(), Value::Array(summary.parameters));
        }
        out.insert("PlatformTypes".into(), json!(PLATFORM_TYPES));
        out.insert("DocumentType".into(), json!("Automation"));
        out.insert("SchemaVersion".into(), json!(summary.schema_version));
        out.insert(
            "LatestVersion".into(),
            json!(self.latest_version.to_string()),
        );
        out.insert(
            "DefaultVersion".into(),
            json!(self.default_version.to_string()),
        );
        out.insert("DocumentFormat".into(), json!(self.format));
        out.insert("Tags".into(), json!([]));
        Value::Object(out)
    }

    /// The API's `DocumentIdentifier` (ListDocuments): the default version's summary.
    pub fn identifier(&self) -> Value {
        let summary = Summary::of(self);
        json!({
            "Name": self.name,
            "CreatedDate": self.created_date,
            "Owner": self.owner.as_str(),
            "PlatformTypes": PLATFORM_TYPES,
            "DocumentVersion": self.version.to_string(),
            "DocumentType": "Automation",
            "SchemaVersion": summary.schema_version,
            "DocumentFormat": self.format,
            "Tags": [],
        })
    }

    /// The API's `DocumentVersionInfo` (ListDocumentVersions).
    pub fn version_info(&self) -> Value {
        json!({
            "Name": self.name,
            "DocumentVersion": self.version.to_string(),
            "CreatedDate": self.created_date,
            "IsDefaultVersion": self.version == self.default_version,
            "DocumentFormat": self.format,
            "Status": self.status,
        })
    }
}

/// What the service reads out of the content for the descriptive shapes.
struct Summary {
    description: Option<String>,
    schema_version: String,
    parameters: Vec<Value>,
}

impl Summary {
    /// Stored content passed validation when it was registered, and bundled content is
    /// checked by the bundled-document tests, so a parse failure here means a store written
    /// by another program; the descriptive fields are then left out rather than failing the
    /// whole request.
    fn of(record: &Record) -> Summary {
        let source = SourceFile::new(record.source_label(), record.content.as_str());
        let root = crate::parse::parse(&source).ok();
        let get = |key: &str| root.as_ref().and_then(|r| r.get(key));
        Summary {
            description: get("description").and_then(Node::str).map(str::to_string),
            schema_version: get("schemaVersion").map_or_else(String::new, scalar_text),
            parameters: get("parameters")
                .and_then(Node::map)
                .map(|entries| entries.iter().map(|(k, p)| parameter(&k.name, p)).collect())
                .unwrap_or_default(),
        }
    }
}

/// The API's `DocumentParameter`: name, type, description and default, all strings.
fn parameter(name: &str, def: &Node) -> Value {
    let mut out = Map::new();
    out.insert("Name".into(), json!(name));
    if let Some(ty) = def.get("type").and_then(Node::str) {
        out.insert("Type".into(), json!(ty));
    }
    if let Some(description) = def.get("description").and_then(Node::str) {
        out.insert("Description".into(), json!(description));
    }
    if let Some(default) = def.get("default") {
        out.insert("DefaultValue".into(), json!(scalar_text(default)));
    }
    Value::Object(out)
}

/// A value as the API's string members carry it: strings as they are, `0.3` as `"0.3"`,
/// lists and maps as compact JSON.
fn scalar_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str { value, .. } => value.clone(),
        _ => node.to_json().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_documents_are_amazon_owned_single_versions() {
        let b = crate::bundled::find("AWS-RestartEC2Instance").expect("bundled");
        let d = Record::bundled(b).description();
        assert_eq!(d["Owner"], "Amazon");
        assert_eq!(d["DocumentVersion"], "1");
        assert_eq!(d["DefaultVersion"], "1");
        assert_eq!(d["SchemaVersion"], "0.3");
        assert_eq!(d["DocumentFormat"], "YAML");
        let names: Vec<&str> = d["Parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .filter_map(|p| p["Name"].as_str())
            .collect();
        assert!(names.contains(&"InstanceId"), "{names:?}");
    }

    #[test]
    fn defaults_are_strings() {
        let root = crate::parse::parse(&SourceFile::new(
            "t.yaml",
            "a: 0.3\nb: [x]\nc: text\nd: true\n",
        ))
        .expect("parses");
        let text = |k: &str| scalar_text(root.get(k).expect("key"));
        assert_eq!(text("a"), "0.3");
        assert_eq!(text("b"), r#"["x"]"#);
        assert_eq!(text("c"), "text");
        assert_eq!(text("d"), "true");
    }
}
