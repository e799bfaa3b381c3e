//! Key pairs: CreateKeyPair, ImportKeyPair, DescribeKeyPairs and DeleteKeyPair. The world
//! keeps a key's name, type, public key and fingerprint; the private key CreateKeyPair
//! returns is placeholder text, since nothing in the world can log in with it.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::clock::iso;
use super::filters;
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

const KEY_FILTERS: &[&str] = &[
    "key-name",
    "key-pair-id",
    "fingerprint",
    "tag-key",
    "tag-value",
];

#[derive(Clone, Debug, PartialEq)]
pub struct KeyPair {
    pub id: String,
    pub name: String,
    /// `rsa` or `ed25519`.
    pub key_type: String,
    pub fingerprint: String,
    pub public_key: String,
    pub created: i64,
    pub tags: Tags,
}

impl KeyPair {
    /// The `KeyPairInfo` shape of DescribeKeyPairs.
    pub fn to_json(&self, include_public_key: bool) -> Value {
        let mut o = serde_json::Map::new();
        o.insert("KeyPairId".into(), json!(self.id));
        o.insert("KeyType".into(), json!(self.key_type));
        o.insert("Tags".into(), self.tags.to_json());
        if include_public_key {
            o.insert("PublicKey".into(), json!(self.public_key));
        }
        o.insert("CreateTime".into(), json!(iso(self.created)));
        o.insert("KeyName".into(), json!(self.name));
        o.insert("KeyFingerprint".into(), json!(self.fingerprint));
        Value::Object(o)
    }
}

/// A stable fingerprint derived from `text`, in EC2's colon-separated hex form.
pub fn fingerprint(text: &str, bytes: usize) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: Vec<String> = digest
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect();
    hex.join(":")
}

fn key_not_found(name: &str) -> ApiError {
    ApiError::new(
        "InvalidKeyPair.NotFound",
        format!("The key pair '{name}' does not exist"),
    )
}

impl SimWorld {
    fn check_new_key_name(&self, name: &str) -> Result<(), ApiError> {
        if name.is_empty() || name.len() > 255 || !name.is_ascii() {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Value ({name}) for parameter keyName is invalid. Key names are 1 to 255 ASCII characters."
                ),
            ));
        }
        if self.key_pairs.iter().any(|k| k.name == name) {
            return Err(ApiError::new(
                "InvalidKeyPair.Duplicate",
                format!("The keypair '{name}' already exists."),
            ));
        }
        Ok(())
    }

    pub(crate) fn create_key_pair(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("KeyName")?;
        self.check_new_key_name(name)?;
        let key_type = request.str("KeyType")?.unwrap_or("rsa");
        let id = self.fresh_ec2_id("key");
        let (header, footer) = match request.str("KeyFormat")?.unwrap_or("pem") {
            "ppk" => ("PuTTY-User-Key-File-2: ssh-rsa", ""),
            _ => (
                "-----BEGIN RSA PRIVATE KEY-----",
                "-----END RSA PRIVATE KEY-----",
            ),
        };
        let material = format!("{header}\nssmrun-simulated-key-{id}\n{footer}");
        let key = KeyPair {
            fingerprint: fingerprint(&material, 20),
            public_key: format!("ssh-{key_type} ssmrun-simulated-key-{id} {name}"),
            id,
            name: name.to_string(),
            key_type: key_type.to_string(),
            created: self.now,
            tags: Tags::from_specifications(request, "key-pair")?,
        };
        let mut answer = self.add_key(key);
        answer["KeyMaterial"] = json!(material);
        Ok(answer)
    }

    /// The public key may be OpenSSH text or, as boto3 sends a blob, its base64.
    pub(crate) fn import_key_pair(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("KeyName")?;
        self.check_new_key_name(name)?;
        let material = request.required_str("PublicKeyMaterial")?.trim();
        const FORMATS: &[(&str, &str, &str)] = &[
            ("ssh-rsa ", "c3NoLXJzYS", "rsa"),
            ("ssh-ed25519 ", "c3NoLWVkMjU1MTk", "ed25519"),
            ("ecdsa-sha2-", "ZWNkc2Etc2hhMi", "rsa"),
        ];
        let Some((_, _, key_type)) = FORMATS
            .iter()
            .find(|(text, base64, _)| material.starts_with(text) || material.starts_with(base64))
        else {
            return Err(ApiError::new(
                "InvalidKey.Format",
                "Key is not in valid OpenSSH public key format",
            ));
        };
        let key = KeyPair {
            id: self.fresh_ec2_id("key"),
            name: name.to_string(),
            key_type: (*key_type).to_string(),
            fingerprint: fingerprint(material, 16),
            public_key: material.to_string(),
            created: self.now,
            tags: Tags::from_specifications(request, "key-pair")?,
        };
        Ok(self.add_key(key))
    }

    /// Keeps a new key; the answer CreateKeyPair and ImportKeyPair share.
    fn add_key(&mut self, key: KeyPair) -> Value {
        let mut answer = json!({
            "KeyFingerprint": key.fingerprint,
            "KeyName": key.name,
            "KeyPairId": key.id,
        });
        if !key.tags.is_empty() {
            answer["Tags"] = key.tags.to_json();
        }
        self.key_pairs.push(key);
        answer
    }

    pub(crate) fn describe_key_pairs(&mut self, request: &Request) -> Result<Value, ApiError> {
        let names = request.str_list("KeyNames")?.unwrap_or_default();
        let ids = request.str_list("KeyPairIds")?.unwrap_or_default();
        if let Some(missing) = names
            .iter()
            .find(|n| !self.key_pairs.iter().any(|k| &k.name == *n))
        {
            return Err(key_not_found(missing));
        }
        if let Some(missing) = ids
            .iter()
            .find(|i| !self.key_pairs.iter().any(|k| &k.id == *i))
        {
            return Err(ApiError::new(
                "InvalidKeyPair.NotFound",
                format!("The key pair ID '{missing}' does not exist"),
            ));
        }
        let filters = filters::parse(request, "DescribeKeyPairs", KEY_FILTERS)?;
        let public = request.flag("IncludePublicKey")?;
        let keys: Vec<Value> = self
            .key_pairs
            .iter()
            .filter(|k| names.is_empty() || names.contains(&k.name))
            .filter(|k| ids.is_empty() || ids.contains(&k.id))
            .filter(|k| {
                filters::matches(&filters, |name| match name {
                    "key-name" => vec![k.name.clone()],
                    "key-pair-id" => vec![k.id.clone()],
                    "fingerprint" => vec![k.fingerprint.clone()],
                    _ => filters::tag_values(&k.tags, name),
                })
            })
            .map(|k| k.to_json(public))
            .collect();
        Ok(json!({"KeyPairs": keys}))
    }

    /// Deleting a name that does not exist succeeds, as on EC2; an unknown id does not.
    pub(crate) fn delete_key_pair(&mut self, request: &Request) -> Result<Value, ApiError> {
        let position = match (request.str("KeyPairId")?, request.str("KeyName")?) {
            (Some(id), _) => match self.key_pairs.iter().position(|k| k.id == id) {
                Some(at) => Some(at),
                None => {
                    return Err(ApiError::new(
                        "InvalidKeyPair.NotFound",
                        format!("The key pair ID '{id}' does not exist"),
                    ));
                }
            },
            (None, Some(name)) => self.key_pairs.iter().position(|k| k.name == name),
            (None, None) => {
                return Err(ApiError::new(
                    "MissingParameter",
                    "The request must contain the parameter KeyName or KeyPairId",
                ));
            }
        };
        let mut answer = json!({"Return": true});
        if let Some(at) = position {
            answer["KeyPairId"] = json!(self.key_pairs.remove(at).id);
        }
        Ok(answer)
    }
}
