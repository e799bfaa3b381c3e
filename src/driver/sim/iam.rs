//! IAM roles (`iam` 2010-05-08): ListRoles, GetRole, CreateRole, DeleteRole, TagRole,
//! UntagRole and ListRoleTags. IAM is global, so the region plays no part.

use serde_json::{Value, json};

use super::iam_role::{Role, role_id};
use super::operations::Operation;
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

fn no_such_role(name: &str) -> ApiError {
    ApiError::new(
        "NoSuchEntity",
        format!("The role with name {name} cannot be found."),
    )
}

impl SimWorld {
    pub(super) fn dispatch_iam(
        &mut self,
        op: &Operation,
        request: &Request,
    ) -> Result<Value, ApiError> {
        match op.api {
            "ListRoles" => {
                let prefix = request.str("PathPrefix")?.unwrap_or("/");
                let roles: Vec<Value> = self
                    .roles
                    .iter()
                    .filter(|r| r.path.starts_with(prefix))
                    .map(|r| r.to_json(&self.account, false))
                    .collect();
                Ok(json!({"Roles": roles, "IsTruncated": false}))
            }
            "GetRole" => {
                let role = self.role(request.required_str("RoleName")?)?;
                Ok(json!({"Role": role.to_json(&self.account, true)}))
            }
            "CreateRole" => self.create_role(request),
            "DeleteRole" => {
                let name = request.required_str("RoleName")?;
                self.role(name)?;
                self.roles.retain(|r| r.name != name);
                Ok(json!({}))
            }
            "TagRole" => {
                let tags = Tags::from_request(request, "Tags")?;
                let role = self.role_mut(request.required_str("RoleName")?)?;
                for (k, v) in tags.iter() {
                    role.tags.set(k, v);
                }
                Ok(json!({}))
            }
            "UntagRole" => {
                let keys = request.required_str_list("TagKeys")?;
                let role = self.role_mut(request.required_str("RoleName")?)?;
                for key in keys {
                    role.tags.remove(&key, None);
                }
                Ok(json!({}))
            }
            "ListRoleTags" => {
                let role = self.role(request.required_str("RoleName")?)?;
                Ok(json!({"Tags": role.tags.to_json(), "IsTruncated": false}))
            }
            _ => Err(ApiError::not_simulated(op.service, op.api)),
        }
    }

    /// IAM compares role names without regard to case.
    fn role(&self, name: &str) -> Result<&Role, ApiError> {
        self.roles
            .iter()
            .find(|r| r.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| no_such_role(name))
    }

    fn role_mut(&mut self, name: &str) -> Result<&mut Role, ApiError> {
        self.roles
            .iter_mut()
            .find(|r| r.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| no_such_role(name))
    }

    fn create_role(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("RoleName")?;
        if self.role(name).is_ok() {
            return Err(ApiError::new(
                "EntityAlreadyExists",
                format!("Role with name {name} already exists."),
            ));
        }
        let document = request.required_str("AssumeRolePolicyDocument")?;
        let trust_policy: Value = serde_json::from_str(document).map_err(|_| {
            ApiError::new(
                "MalformedPolicyDocument",
                "This policy contains invalid Json",
            )
        })?;
        let path = request.str("Path")?.unwrap_or("/");
        if !path.starts_with('/') || !path.ends_with('/') {
            return Err(ApiError::new(
                "ValidationError",
                format!(
                    "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters. ({path})"
                ),
            ));
        }
        self.sequence += 1;
        let role = Role {
            name: name.to_string(),
            id: role_id(self.sequence),
            path: path.to_string(),
            description: request.str("Description")?.map(str::to_string),
            trust_policy,
            max_session: request.int("MaxSessionDuration")?.unwrap_or(3600),
            created: self.now,
            tags: Tags::from_request(request, "Tags")?,
        };
        let answer = json!({"Role": role.to_json(&self.account, false)});
        self.roles.push(role);
        Ok(answer)
    }
}
