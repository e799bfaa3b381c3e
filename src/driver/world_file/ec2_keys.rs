//! World-file `keyPairs` and `launchTemplates`.

use serde_json::{Map, Value, json};

use super::ec2::{id_or_fresh, tags_map};
use super::reader::{Fields, Result};
use crate::driver::sim::SimWorld;
use crate::driver::sim::clock::iso;
use crate::driver::sim::ec2_key_pairs::{KeyPair, fingerprint};
use crate::driver::sim::launch_template::{LaunchTemplate, TemplateVersion};

const KEY_FIELDS: &[&str] = &[
    "KeyName",
    "KeyPairId",
    "KeyType",
    "KeyFingerprint",
    "PublicKey",
    "CreateTime",
    "Tags",
];
const TEMPLATE_FIELDS: &[&str] = &[
    "LaunchTemplateName",
    "LaunchTemplateId",
    "CreateTime",
    "DefaultVersionNumber",
    "Versions",
    "Tags",
];
const VERSION_FIELDS: &[&str] = &[
    "VersionNumber",
    "VersionDescription",
    "LaunchTemplateData",
    "CreateTime",
];
const KEY_TYPES: &[&str] = &["rsa", "ed25519"];

pub fn read_key_pair(world: &mut SimWorld, path: &str, value: &Value) -> Result<KeyPair> {
    let f = Fields::new(path, value)?;
    f.only(KEY_FIELDS)?;
    let name = f.required_str("KeyName")?;
    let id = id_or_fresh(world, &f, "KeyPairId", "key")?;
    let key_type = f.choice(
        "KeyType",
        "rsa",
        |t| KEY_TYPES.iter().copied().find(|k| *k == t),
        KEY_TYPES,
    )?;
    let public_key = f.string_or(
        "PublicKey",
        &format!("ssh-{key_type} ssmrun-simulated-key-{id} {name}"),
    )?;
    Ok(KeyPair {
        fingerprint: f.string_or("KeyFingerprint", &fingerprint(&public_key, 16))?,
        public_key,
        id,
        name: name.to_string(),
        key_type: key_type.to_string(),
        created: f.time("CreateTime")?.unwrap_or(world.now),
        tags: f.tags("Tags")?,
    })
}

pub fn write_key_pair(k: &KeyPair) -> Value {
    let mut o = Map::new();
    o.insert("KeyName".into(), json!(k.name));
    o.insert("KeyPairId".into(), json!(k.id));
    if k.key_type != "rsa" {
        o.insert("KeyType".into(), json!(k.key_type));
    }
    o.insert("KeyFingerprint".into(), json!(k.fingerprint));
    o.insert("PublicKey".into(), json!(k.public_key));
    o.insert("CreateTime".into(), json!(iso(k.created)));
    if !k.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&k.tags));
    }
    Value::Object(o)
}

pub fn read_template(world: &mut SimWorld, path: &str, value: &Value) -> Result<LaunchTemplate> {
    let f = Fields::new(path, value)?;
    f.only(TEMPLATE_FIELDS)?;
    let name = f.required_str("LaunchTemplateName")?;
    let id = id_or_fresh(world, &f, "LaunchTemplateId", "lt")?;
    let created = f.time("CreateTime")?.unwrap_or(world.now);
    let mut versions: Vec<TemplateVersion> = Vec::new();
    for (path, item) in f.list("Versions")? {
        let v = Fields::new(&path, item)?;
        v.only(VERSION_FIELDS)?;
        let number = v.int("VersionNumber")?.unwrap_or(versions.len() as i64 + 1);
        if versions.iter().any(|known| known.number == number) {
            return Err(format!(
                "`{}`: version {number} appears more than once",
                v.path("VersionNumber")
            ));
        }
        let data = match v.value("LaunchTemplateData") {
            None => json!({}),
            Some(data @ Value::Object(_)) => data.clone(),
            Some(_) => {
                return Err(format!(
                    "`{}`: expected a mapping",
                    v.path("LaunchTemplateData")
                ));
            }
        };
        versions.push(TemplateVersion {
            number,
            description: v.opt_string("VersionDescription")?,
            data,
            created: v.time("CreateTime")?.unwrap_or(created),
        });
    }
    if versions.is_empty() {
        return Err(format!(
            "`{}`: a launch template has at least one version",
            f.path("Versions")
        ));
    }
    let default_version = f.int("DefaultVersionNumber")?.unwrap_or(1);
    if !versions.iter().any(|v| v.number == default_version) {
        return Err(format!(
            "`{}`: no version {default_version}",
            f.path("DefaultVersionNumber")
        ));
    }
    Ok(LaunchTemplate {
        id,
        name: name.to_string(),
        created,
        default_version,
        versions,
        tags: f.tags("Tags")?,
    })
}

pub fn write_template(t: &LaunchTemplate) -> Value {
    let versions: Vec<Value> = t
        .versions
        .iter()
        .map(|v| {
            let mut o = Map::new();
            o.insert("VersionNumber".into(), json!(v.number));
            if let Some(description) = &v.description {
                o.insert("VersionDescription".into(), json!(description));
            }
            o.insert("LaunchTemplateData".into(), v.data.clone());
            o.insert("CreateTime".into(), json!(iso(v.created)));
            Value::Object(o)
        })
        .collect();
    let mut o = Map::new();
    o.insert("LaunchTemplateName".into(), json!(t.name));
    o.insert("LaunchTemplateId".into(), json!(t.id));
    o.insert("CreateTime".into(), json!(iso(t.created)));
    if t.default_version != 1 {
        o.insert("DefaultVersionNumber".into(), json!(t.default_version));
    }
    o.insert("Versions".into(), Value::Array(versions));
    if !t.tags.is_empty() {
        o.insert("Tags".into(), tags_map(&t.tags));
    }
    Value::Object(o)
}
