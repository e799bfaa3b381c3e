//! An IAM role: what runbooks look up by name or id (GetRole, ListRoles), tag, create and
//! delete. Policies attached to it are not kept: nothing in the simulation checks
//! permissions.

use serde_json::{Value, json};

use super::clock::iso;
use super::ids;
use super::tags::Tags;

/// The trust policy a role gets when a world file gives none: trusting nobody.
pub fn empty_policy() -> Value {
    json!({"Version": "2012-10-17", "Statement": []})
}

/// `AROA` and 17 upper-case characters, as IAM writes role ids.
pub fn role_id(counter: u64) -> String {
    let hex = ids::ec2_id("x", counter).to_ascii_uppercase();
    format!("AROA{}", &hex[2..])
}

#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub name: String,
    pub id: String,
    /// `/` or `/a/path/`, part of the ARN.
    pub path: String,
    pub description: Option<String>,
    /// The trust policy as a mapping; answers carry it as JSON text.
    pub trust_policy: Value,
    pub max_session: i64,
    pub created: i64,
    pub tags: Tags,
}

impl Role {
    pub fn arn(&self, account: &str) -> String {
        format!("arn:aws:iam::{account}:role{}{}", self.path, self.name)
    }

    /// The `Role` shape. ListRoles leaves out tags and last use (`full` false), as IAM does.
    pub fn to_json(&self, account: &str, full: bool) -> Value {
        let mut o = json!({
            "Path": self.path,
            "RoleName": self.name,
            "RoleId": self.id,
            "Arn": self.arn(account),
            "CreateDate": iso(self.created),
            // JSON text, as synthesized policy documents are: IAM sends it URL-encoded and
            // boto3 decodes it (unquoting JSON text changes nothing), while Automation's
            // outputs and scripts that `json.loads` it read the text.
            "AssumeRolePolicyDocument": self.trust_policy.to_string(),
            "MaxSessionDuration": self.max_session,
        });
        if let Some(description) = &self.description {
            o["Description"] = json!(description);
        }
        if full {
            if !self.tags.is_empty() {
                o["Tags"] = self.tags.to_json();
            }
            o["RoleLastUsed"] = json!({});
        }
        o
    }
}
