//! Run Command: SendCommand, GetCommandInvocation, ListCommandInvocations, ListCommands.
//! Nothing runs on the instances; every invocation succeeds with empty output after a short
//! simulated delay, which is enough for runbooks that send a command and wait for it.

use serde_json::{Value, json};

use super::clock::{SECOND, elapsed, iso};
use super::instance::Platform;
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

/// From SendCommand until every invocation reports `Success`.
pub const COMMAND_MS: i64 = 5 * SECOND;

pub const DEFAULT_TIMEOUT_SECONDS: i64 = 3600;

#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub id: String,
    pub document_name: String,
    pub comment: String,
    /// The request's `Parameters` map, kept verbatim for the responses that echo it.
    pub parameters: Value,
    pub instance_ids: Vec<String>,
    pub targets: Value,
    pub requested_at: i64,
    pub completes_at: i64,
    pub timeout_seconds: i64,
}

impl Command {
    /// A command that reached no instance has nothing to wait for.
    fn done(&self, now: i64) -> bool {
        self.instance_ids.is_empty() || now >= self.completes_at
    }

    /// Command status: `Pending` in the instant it was sent, as the SendCommand response shows.
    fn status(&self, now: i64) -> &'static str {
        match (self.done(now), now == self.requested_at) {
            (true, _) => "Success",
            (false, true) => "Pending",
            (false, false) => "InProgress",
        }
    }

    fn invocation_status(&self, now: i64) -> &'static str {
        if self.done(now) {
            "Success"
        } else {
            "InProgress"
        }
    }

    /// The plugin a document runs; documents the world does not know run one step named
    /// after the platform's script plugin.
    fn plugin(&self, platform: Platform) -> &'static str {
        match (self.document_name.as_str(), platform) {
            ("AWS-RunShellScript", _) => "aws:runShellScript",
            ("AWS-RunPowerShellScript", _) => "aws:runPowerShellScript",
            (_, Platform::Linux) => "aws:runShellScript",
            (_, Platform::Windows) => "aws:runPowerShellScript",
        }
    }
}

impl SimWorld {
    pub(crate) fn send_command(&mut self, request: &Request) -> Result<Value, ApiError> {
        let document_name = request.required_str("DocumentName")?.to_string();
        let parameters = request.object("Parameters")?.cloned().unwrap_or_default();
        let instance_ids = match (request.str_list("InstanceIds")?, request.get("Targets")) {
            (Some(ids), None) if !ids.is_empty() => self.command_instances(&ids)?,
            (None, Some(_)) => self.command_targets(request)?,
            (Some(ids), Some(_)) if ids.is_empty() => self.command_targets(request)?,
            // An empty list names no node to run on: `InvalidInstanceId`, the modelled error
            // for instances the command cannot reach (docs/differences.md).
            (Some(ids), None) if ids.is_empty() => {
                return Err(ApiError::new(
                    "InvalidInstanceId",
                    format!(
                        "Instances [[]] not in a valid state for account {}",
                        self.account
                    ),
                ));
            }
            _ => {
                return Err(ApiError::new(
                    "ValidationException",
                    "Specify either InstanceIds or Targets, but not both.",
                ));
            }
        };
        let id = self.fresh_uuid();
        let command = Command {
            id,
            document_name,
            comment: request.str("Comment")?.unwrap_or_default().to_string(),
            parameters: Value::Object(parameters),
            instance_ids,
            targets: request.get("Targets").cloned().unwrap_or_else(|| json!([])),
            requested_at: self.now,
            completes_at: self.now + COMMAND_MS,
            timeout_seconds: request
                .int("TimeoutSeconds")?
                .unwrap_or(DEFAULT_TIMEOUT_SECONDS),
        };
        let response = json!({"Command": self.command_json(&command)});
        self.commands.push(command);
        Ok(response)
    }

    /// Explicit targets must all be online managed instances, as Run Command requires.
    fn command_instances(&self, ids: &[String]) -> Result<Vec<String>, ApiError> {
        if let Some(dup) = ids
            .iter()
            .enumerate()
            .find(|(i, id)| ids[..*i].contains(id))
        {
            return Err(ApiError::new(
                "DuplicateInstanceId",
                format!("Instance ID {} is specified more than once.", dup.1),
            ));
        }
        let invalid: Vec<&str> = ids
            .iter()
            .filter(|id| self.node(id).and_then(|n| n.ping) != Some("Online"))
            .map(String::as_str)
            .collect();
        if !invalid.is_empty() {
            return Err(ApiError::new(
                "InvalidInstanceId",
                format!(
                    "Instances [[{}]] not in a valid state for account {}",
                    invalid.join(", "),
                    self.account
                ),
            ));
        }
        Ok(ids.to_vec())
    }

    /// `Targets` select online managed instances by id or tag; offline ones are skipped.
    fn command_targets(&self, request: &Request) -> Result<Vec<String>, ApiError> {
        let mut selected: Vec<String> = Vec::new();
        for target in request.structs("Targets")? {
            let key = target.required_str("Key")?;
            let values = target.required_str_list("Values")?;
            let tag_key = key.strip_prefix("tag:");
            if key != "InstanceIds" && key != "tag-key" && tag_key.is_none() {
                return Err(ApiError::new(
                    "NotSimulated",
                    format!(
                        "ssm.SendCommand targets with Key {key} are not simulated: use InstanceIds or tag:<key>, or add a mock for Service ssm, Api SendCommand in a --mocks file"
                    ),
                ));
            }
            for node in self.nodes() {
                let hit = match tag_key {
                    Some(tag) => node
                        .tags
                        .get(tag)
                        .is_some_and(|v| values.iter().any(|w| w == v)),
                    None if key == "tag-key" => values.iter().any(|k| node.tags.get(k).is_some()),
                    None => values.iter().any(|v| v == node.id),
                };
                if hit && node.ping == Some("Online") && !selected.iter().any(|s| s == node.id) {
                    selected.push(node.id.to_string());
                }
            }
        }
        Ok(selected)
    }

    pub(crate) fn get_command_invocation(&mut self, request: &Request) -> Result<Value, ApiError> {
        let command_id = request.required_str("CommandId")?;
        let instance_id = request.required_str("InstanceId")?;
        check_command_id(command_id)?;
        let not_found = || {
            ApiError::new(
                "InvocationDoesNotExist",
                "The command ID and instance ID you specified did not match any invocations.",
            )
        };
        let command = self
            .commands
            .iter()
            .find(|c| c.id == command_id)
            .ok_or_else(not_found)?;
        if !command.instance_ids.iter().any(|i| i == instance_id) {
            return Err(not_found());
        }
        let platform = self
            .node(instance_id)
            .map_or(Platform::Linux, |n| n.platform);
        let plugin = command.plugin(platform);
        if let Some(asked) = request.str("PluginName")?
            && asked != plugin
        {
            return Err(ApiError::new(
                "InvalidPluginName",
                format!("The plugin name {asked} is not valid; this invocation ran {plugin}."),
            ));
        }
        let now = self.now;
        let done = command.done(now);
        let status = command.invocation_status(now);
        Ok(json!({
            "CommandId": command.id,
            "InstanceId": instance_id,
            "Comment": command.comment,
            "DocumentName": command.document_name,
            "DocumentVersion": "$DEFAULT",
            "PluginName": plugin,
            "ResponseCode": if done { 0 } else { -1 },
            "ExecutionStartDateTime": iso(command.requested_at),
            "ExecutionElapsedTime": elapsed(now.min(command.completes_at) - command.requested_at),
            "ExecutionEndDateTime": if done { iso(command.completes_at) } else { String::new() },
            "Status": status,
            "StatusDetails": status,
            "StandardOutputContent": "",
            "StandardOutputUrl": "",
            "StandardErrorContent": "",
            "StandardErrorUrl": "",
            "CloudWatchOutputConfig": {"CloudWatchLogGroupName": "", "CloudWatchOutputEnabled": false},
        }))
    }

    pub(crate) fn list_command_invocations(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let details = request.flag("Details")?;
        let now = self.now;
        let mut invocations = Vec::new();
        for command in self.matching_commands(request)? {
            for instance_id in &command.instance_ids {
                if request
                    .str("InstanceId")?
                    .is_some_and(|wanted| wanted != instance_id)
                {
                    continue;
                }
                let node = self.node(instance_id);
                let name = node
                    .as_ref()
                    .and_then(|n| n.tags.get("Name"))
                    .unwrap_or_default();
                let platform = node.map_or(Platform::Linux, |n| n.platform);
                let status = command.invocation_status(now);
                let plugins = if details {
                    json!([{
                        "Name": command.plugin(platform),
                        "Status": status,
                        "StatusDetails": status,
                        "ResponseCode": if command.done(now) { 0 } else { -1 },
                        "ResponseStartDateTime": iso(command.requested_at),
                        "ResponseFinishDateTime": if command.done(now) { iso(command.completes_at) } else { String::new() },
                        "Output": "",
                        "StandardOutputUrl": "",
                        "StandardErrorUrl": "",
                        "OutputS3Region": self.region,
                        "OutputS3BucketName": "",
                        "OutputS3KeyPrefix": "",
                    }])
                } else {
                    json!([])
                };
                invocations.push(json!({
                    "CommandId": command.id,
                    "InstanceId": instance_id,
                    "InstanceName": name,
                    "Comment": command.comment,
                    "DocumentName": command.document_name,
                    "DocumentVersion": "$DEFAULT",
                    "RequestedDateTime": iso(command.requested_at),
                    "Status": status,
                    "StatusDetails": status,
                    "TraceOutput": "",
                    "StandardOutputUrl": "",
                    "StandardErrorUrl": "",
                    "CommandPlugins": plugins,
                    "ServiceRole": "",
                    "NotificationConfig": {"NotificationArn": "", "NotificationEvents": [], "NotificationType": ""},
                    "CloudWatchOutputConfig": {"CloudWatchLogGroupName": "", "CloudWatchOutputEnabled": false},
                }));
            }
        }
        Ok(json!({"CommandInvocations": invocations}))
    }

    pub(crate) fn list_commands(&mut self, request: &Request) -> Result<Value, ApiError> {
        let instance = request.str("InstanceId")?;
        let commands: Vec<Value> = self
            .matching_commands(request)?
            .into_iter()
            .filter(|c| instance.is_none_or(|wanted| c.instance_ids.iter().any(|i| i == wanted)))
            .map(|c| self.command_json(c))
            .collect();
        Ok(json!({"Commands": commands}))
    }

    /// Commands selected by `CommandId` and the `Status` / `DocumentName` filters.
    fn matching_commands(&self, request: &Request) -> Result<Vec<&Command>, ApiError> {
        let id = request.str("CommandId")?;
        if let Some(id) = id {
            check_command_id(id)?;
        }
        let mut conditions = Vec::new();
        for filter in request.structs("Filters")? {
            let key = filter.required_str("key")?;
            let value = filter.required_str("value")?;
            if key != "Status" && key != "DocumentName" {
                return Err(ApiError::new(
                    "InvalidFilterKey",
                    format!(
                        "the filter key {key} is not simulated: only Status and DocumentName are"
                    ),
                ));
            }
            conditions.push((key, value));
        }
        let now = self.now;
        Ok(self
            .commands
            .iter()
            .filter(|c| id.is_none_or(|id| c.id == id))
            .filter(|c| {
                conditions.iter().all(|(key, value)| match *key {
                    "Status" => c.status(now) == *value,
                    _ => c.document_name == *value,
                })
            })
            .collect())
    }

    fn command_json(&self, c: &Command) -> Value {
        let now = self.now;
        let status = c.status(now);
        let completed = if c.done(now) { c.instance_ids.len() } else { 0 };
        json!({
            "CommandId": c.id,
            "DocumentName": c.document_name,
            "DocumentVersion": "$DEFAULT",
            "Comment": c.comment,
            "ExpiresAfter": iso(c.requested_at.saturating_add(c.timeout_seconds.saturating_mul(SECOND))),
            "Parameters": c.parameters,
            "InstanceIds": c.instance_ids,
            "Targets": c.targets,
            "RequestedDateTime": iso(c.requested_at),
            "Status": status,
            "StatusDetails": status,
            "OutputS3Region": self.region,
            "OutputS3BucketName": "",
            "OutputS3KeyPrefix": "",
            "MaxConcurrency": "50",
            "MaxErrors": "0",
            "TargetCount": c.instance_ids.len(),
            "CompletedCount": completed,
            "ErrorCount": 0,
            "DeliveryTimedOutCount": 0,
            "ServiceRole": "",
            "NotificationConfig": {"NotificationArn": "", "NotificationEvents": [], "NotificationType": ""},
            "CloudWatchOutputConfig": {"CloudWatchLogGroupName": "", "CloudWatchOutputEnabled": false},
            "TimeoutSeconds": c.timeout_seconds,
        })
    }
}

/// Command ids are UUIDs; anything else is rejected before lookup, as SSM does.
fn check_command_id(id: &str) -> Result<(), ApiError> {
    let shaped = id.len() == 36
        && id.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        });
    if shaped {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidCommandId",
            format!("The command ID {id} is not valid."),
        ))
    }
}
