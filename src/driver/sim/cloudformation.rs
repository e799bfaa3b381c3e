//! CloudFormation stacks: CreateStack, DescribeStacks, UpdateStack and DeleteStack. Stacks go
//! through their lifecycle over simulated time, but templates are stored, never deployed:
//! a stack has no resources and no outputs, and its `StackStatusReason` says so.

use serde_json::{Value, json};

use super::clock::{SECOND, iso};
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

/// CREATE_IN_PROGRESS → CREATE_COMPLETE.
pub const CREATE_MS: i64 = 30 * SECOND;
/// UPDATE_IN_PROGRESS → UPDATE_COMPLETE.
pub const UPDATE_MS: i64 = 30 * SECOND;
/// DELETE_IN_PROGRESS → DELETE_COMPLETE.
pub const DELETE_MS: i64 = 20 * SECOND;

pub const NOT_MODELLED_REASON: &str =
    "ssmrun does not simulate template resources: the stack has no resources or outputs";

/// Every status CloudFormation defines; world files may set any of them.
pub const STACK_STATUSES: &[&str] = &[
    "CREATE_IN_PROGRESS",
    "CREATE_FAILED",
    "CREATE_COMPLETE",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_FAILED",
    "ROLLBACK_COMPLETE",
    "DELETE_IN_PROGRESS",
    "DELETE_FAILED",
    "DELETE_COMPLETE",
    "UPDATE_IN_PROGRESS",
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_COMPLETE",
    "UPDATE_FAILED",
    "UPDATE_ROLLBACK_IN_PROGRESS",
    "UPDATE_ROLLBACK_FAILED",
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_COMPLETE",
    "REVIEW_IN_PROGRESS",
    "IMPORT_IN_PROGRESS",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_IN_PROGRESS",
    "IMPORT_ROLLBACK_FAILED",
    "IMPORT_ROLLBACK_COMPLETE",
];

/// Statuses from which UpdateStack is allowed.
const UPDATABLE: &[&str] = &[
    "CREATE_COMPLETE",
    "UPDATE_COMPLETE",
    "UPDATE_ROLLBACK_COMPLETE",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_COMPLETE",
];

#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    /// The stack ARN, which is what CloudFormation calls the stack id.
    pub id: String,
    pub name: String,
    pub status: String,
    pub reason: Option<String>,
    pub created: i64,
    pub updated: Option<i64>,
    pub deleted: Option<i64>,
    /// When an `*_IN_PROGRESS` status completes.
    pub transition_ends: i64,
    pub template_body: Option<String>,
    pub template_url: Option<String>,
    pub parameters: Vec<(String, String)>,
    pub tags: Tags,
    pub capabilities: Vec<String>,
    pub disable_rollback: bool,
    pub termination_protection: bool,
}

impl Stack {
    pub fn settle(&mut self, now: i64) {
        if now < self.transition_ends {
            return;
        }
        let next = match self.status.as_str() {
            "CREATE_IN_PROGRESS" => "CREATE_COMPLETE",
            "UPDATE_IN_PROGRESS" | "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS" => "UPDATE_COMPLETE",
            "DELETE_IN_PROGRESS" => "DELETE_COMPLETE",
            "ROLLBACK_IN_PROGRESS" => "ROLLBACK_COMPLETE",
            "UPDATE_ROLLBACK_IN_PROGRESS" | "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS" => {
                "UPDATE_ROLLBACK_COMPLETE"
            }
            "IMPORT_IN_PROGRESS" => "IMPORT_COMPLETE",
            "IMPORT_ROLLBACK_IN_PROGRESS" => "IMPORT_ROLLBACK_COMPLETE",
            _ => return,
        };
        if next == "DELETE_COMPLETE" {
            self.deleted = Some(self.transition_ends);
        }
        self.status = next.to_string();
        self.reason = Some(NOT_MODELLED_REASON.to_string());
    }

    fn live(&self) -> bool {
        self.status != "DELETE_COMPLETE"
    }

    fn begin(&mut self, status: &str, now: i64, duration: i64) {
        self.status = status.to_string();
        self.reason = Some("User Initiated".to_string());
        self.transition_ends = now + duration;
    }

    fn to_json(&self) -> Value {
        let mut o = json!({
            "StackId": self.id,
            "StackName": self.name,
            "CreationTime": iso(self.created),
            "RollbackConfiguration": {},
            "StackStatus": self.status,
            "DisableRollback": self.disable_rollback,
            "NotificationARNs": [],
            "Tags": self.tags.to_json(),
            "EnableTerminationProtection": self.termination_protection,
            "DriftInformation": {"StackDriftStatus": "NOT_CHECKED"},
        });
        if !self.parameters.is_empty() {
            o["Parameters"] = self
                .parameters
                .iter()
                .map(|(k, v)| json!({"ParameterKey": k, "ParameterValue": v}))
                .collect();
        }
        if let Some(updated) = self.updated {
            o["LastUpdatedTime"] = json!(iso(updated));
        }
        if let Some(deleted) = self.deleted {
            o["DeletionTime"] = json!(iso(deleted));
        }
        if let Some(reason) = &self.reason {
            o["StackStatusReason"] = json!(reason);
        }
        if !self.capabilities.is_empty() {
            o["Capabilities"] = json!(self.capabilities);
        }
        o
    }
}

impl SimWorld {
    pub(crate) fn create_stack(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("StackName")?;
        check_stack_name(name)?;
        let (body, url) = template(request)?;
        if body.is_none() && url.is_none() {
            return Err(validation(
                "Either Template URL or Template Body must be specified.",
            ));
        }
        if request.get("DisableRollback").is_some() && request.get("OnFailure").is_some() {
            return Err(validation(
                "Either DisableRollback or OnFailure can be specified, not both.",
            ));
        }
        if self.stacks.iter().any(|s| s.name == name && s.live()) {
            return Err(ApiError::new(
                "AlreadyExistsException",
                format!("Stack [{name}] already exists"),
            ));
        }
        let uuid = self.fresh_uuid();
        let id = format!(
            "arn:aws:cloudformation:{}:{}:stack/{name}/{uuid}",
            self.region, self.account
        );
        let mut stack = Stack {
            id: id.clone(),
            name: name.to_string(),
            status: String::new(),
            reason: None,
            created: self.now,
            updated: None,
            deleted: None,
            transition_ends: self.now,
            template_body: body,
            template_url: url,
            parameters: stack_parameters(request, &[])?,
            tags: Tags::from_request(request, "Tags")?,
            capabilities: request.str_list("Capabilities")?.unwrap_or_default(),
            disable_rollback: request.flag("DisableRollback")?,
            termination_protection: request.flag("EnableTerminationProtection")?,
        };
        stack.begin("CREATE_IN_PROGRESS", self.now, CREATE_MS);
        self.stacks.push(stack);
        Ok(json!({"StackId": id}))
    }

    pub(crate) fn describe_stacks(&mut self, request: &Request) -> Result<Value, ApiError> {
        let stacks: Vec<Value> = match request.str("StackName")? {
            Some(name) => {
                let stack = self
                    .find_stack(name)
                    .ok_or_else(|| validation(&format!("Stack with id {name} does not exist")))?;
                vec![stack.to_json()]
            }
            None => self
                .stacks
                .iter()
                .filter(|s| s.live())
                .map(Stack::to_json)
                .collect(),
        };
        Ok(json!({"Stacks": stacks}))
    }

    pub(crate) fn update_stack(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("StackName")?;
        let Some(index) = self.stack_index(name) else {
            return Err(validation(&format!("Stack [{name}] does not exist")));
        };
        let (body, url) = template(request)?;
        let use_previous = request.flag("UsePreviousTemplate")?;
        let now = self.now;
        let stack = &mut self.stacks[index];
        if !UPDATABLE.contains(&stack.status.as_str()) {
            return Err(validation(&format!(
                "Stack:{} is in {} state and can not be updated.",
                stack.id, stack.status
            )));
        }
        let (body, url) = match (body, url, use_previous) {
            (None, None, true) => (stack.template_body.clone(), stack.template_url.clone()),
            (None, None, false) => {
                return Err(validation(
                    "Either Template URL or Template Body must be specified.",
                ));
            }
            (body, url, _) => (body, url),
        };
        // Without `Parameters` the previous values stay: the world cannot read template defaults.
        let parameters = match request.get("Parameters") {
            Some(_) => stack_parameters(request, &stack.parameters)?,
            None => stack.parameters.clone(),
        };
        let tags = match request.get("Tags") {
            Some(_) => Tags::from_request(request, "Tags")?,
            None => stack.tags.clone(),
        };
        if body == stack.template_body
            && url == stack.template_url
            && parameters == stack.parameters
            && tags == stack.tags
        {
            return Err(validation("No updates are to be performed."));
        }
        stack.template_body = body;
        stack.template_url = url;
        stack.parameters = parameters;
        stack.tags = tags;
        stack.updated = Some(now);
        stack.begin("UPDATE_IN_PROGRESS", now, UPDATE_MS);
        Ok(json!({"StackId": stack.id}))
    }

    /// Deleting a stack that does not exist succeeds, as it does on CloudFormation.
    pub(crate) fn delete_stack(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("StackName")?;
        let now = self.now;
        let Some(index) = self.stack_index(name) else {
            return Ok(json!({}));
        };
        let stack = &mut self.stacks[index];
        if stack.termination_protection {
            return Err(validation(&format!(
                "Stack [{}] cannot be deleted while TerminationProtection is enabled",
                stack.name
            )));
        }
        if stack.live() && stack.status != "DELETE_IN_PROGRESS" {
            stack.begin("DELETE_IN_PROGRESS", now, DELETE_MS);
        }
        Ok(json!({}))
    }

    /// By ARN any stack, deleted ones included; by name only a live one, as CloudFormation
    /// resolves names.
    fn stack_index(&self, name_or_id: &str) -> Option<usize> {
        if name_or_id.starts_with("arn:") {
            self.stacks.iter().position(|s| s.id == name_or_id)
        } else {
            self.stacks
                .iter()
                .position(|s| s.name == name_or_id && s.live())
        }
    }

    fn find_stack(&self, name_or_id: &str) -> Option<&Stack> {
        self.stack_index(name_or_id).map(|i| &self.stacks[i])
    }
}

fn validation(message: &str) -> ApiError {
    ApiError::new("ValidationError", message)
}

fn check_stack_name(name: &str) -> Result<(), ApiError> {
    let shaped = name.len() <= 128
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if shaped {
        Ok(())
    } else {
        Err(validation(&format!(
            "1 validation error detected: Value '{name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*"
        )))
    }
}

/// `TemplateBody` and `TemplateURL`, of which at most one may be given.
fn template(request: &Request) -> Result<(Option<String>, Option<String>), ApiError> {
    let body = request.str("TemplateBody")?.map(str::to_string);
    let url = request.str("TemplateURL")?.map(str::to_string);
    if body.is_some() && url.is_some() {
        return Err(validation(
            "Specify exactly one of TemplateBody or TemplateUrl.",
        ));
    }
    Ok((body, url))
}

/// `Parameters` as key/value pairs; `UsePreviousValue` takes the value from `previous`.
fn stack_parameters(
    request: &Request,
    previous: &[(String, String)],
) -> Result<Vec<(String, String)>, ApiError> {
    let mut pairs = Vec::new();
    for item in request.structs("Parameters")? {
        let key = item.required_str("ParameterKey")?;
        let value = if item.flag("UsePreviousValue")? {
            let old = previous.iter().find(|(k, _)| k == key);
            let Some((_, old)) = old else {
                return Err(validation(&format!(
                    "Invalid input for parameter key {key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template"
                )));
            };
            old.clone()
        } else {
            item.str("ParameterValue")?.unwrap_or_default().to_string()
        };
        pairs.push((key.to_string(), value));
    }
    Ok(pairs)
}
