//! EC2 actions: changeInstanceState, runInstances, createImage, copyImage, deleteImage,
//! createTags. Each calls the EC2 API and waits on the virtual clock like the service.

use super::{ActionCx, Outcome, flag, pass_through, string, string_list};
use serde_json::{Map, Value, json};

fn instance_states(cx: &mut ActionCx, ids: &[String]) -> Result<Vec<(String, String)>, Outcome> {
    let r = cx.call("ec2", "DescribeInstances", json!({ "InstanceIds": ids }))?;
    let mut out = Vec::new();
    for res in r
        .get("Reservations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        for i in res
            .get("Instances")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = i
                .get("InstanceId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let state = i
                .pointer("/State/Name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            out.push((id.to_string(), state.to_string()));
        }
    }
    Ok(out)
}

fn status_checks_ok(cx: &mut ActionCx, ids: &[String]) -> Result<bool, Outcome> {
    let r = cx.call(
        "ec2",
        "DescribeInstanceStatus",
        json!({ "InstanceIds": ids, "IncludeAllInstances": true }),
    )?;
    let statuses = r
        .get("InstanceStatuses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    Ok(statuses.len() >= ids.len()
        && statuses.iter().all(|s| {
            s.pointer("/InstanceStatus/Status").and_then(Value::as_str) == Some("ok")
                && s.pointer("/SystemStatus/Status").and_then(Value::as_str) == Some("ok")
        }))
}

/// Wait until every instance is in `desired` (and, for running, passes status checks).
fn wait_for_state(
    cx: &mut ActionCx,
    ids: &[String],
    desired: &str,
) -> Result<Vec<String>, Outcome> {
    let what = format!("instances to be {desired}");
    cx.poll(&what, |cx| {
        let states = instance_states(cx, ids)?;
        for (id, state) in &states {
            if state == "terminated" && desired != "terminated" {
                return Err(Outcome::verification(format!(
                    "instance {id} is terminated and cannot become {desired}"
                )));
            }
        }
        let all = states.len() >= ids.len() && states.iter().all(|(_, s)| s == desired);
        if !all || (desired == "running" && !status_checks_ok(cx, ids)?) {
            return Ok(None);
        }
        Ok(Some(states.into_iter().map(|(_, s)| s).collect()))
    })
}

pub(super) fn change_instance_state(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let ids = string_list(inputs, "InstanceIds")?;
    let desired = string(inputs, "DesiredState")?;
    let api = match desired {
        "running" => "StartInstances",
        "stopped" => "StopInstances",
        "terminated" => "TerminateInstances",
        other => {
            return Err(Outcome::invalid_input(format!(
                "`DesiredState` must be running, stopped or terminated, got `{other}`"
            )));
        }
    };
    if !flag(inputs, "CheckStateOnly") {
        let mut req = json!({ "InstanceIds": ids });
        if api == "StopInstances" && flag(inputs, "Force") {
            req["Force"] = json!(true);
        }
        cx.call("ec2", api, req)?;
    }
    let states = wait_for_state(cx, &ids, desired)?;
    let mut out = Map::new();
    out.insert("InstanceStates".into(), json!(states));
    Ok(Outcome::success(out))
}

pub(super) fn run_instances(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let mut req = Map::new();
    req.insert("ImageId".into(), json!(string(inputs, "ImageId")?));
    let count = |name: &str| -> Result<i64, Outcome> {
        match inputs.get(name) {
            None => Ok(1),
            Some(v) => v
                .as_i64()
                .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                .ok_or_else(|| Outcome::invalid_input(format!("`{name}` must be an integer"))),
        }
    };
    req.insert("MinCount".into(), json!(count("MinInstanceCount")?));
    req.insert("MaxCount".into(), json!(count("MaxInstanceCount")?));
    req.insert(
        "InstanceType".into(),
        inputs
            .get("InstanceType")
            .cloned()
            .unwrap_or(json!("m1.small")),
    );
    pass_through(
        inputs,
        &[
            ("AdditionalInfo", "AdditionalInfo"),
            ("BlockDeviceMappings", "BlockDeviceMappings"),
            ("ClientToken", "ClientToken"),
            ("DisableApiTermination", "DisableApiTermination"),
            ("EbsOptimized", "EbsOptimized"),
            (
                "InstanceInitiatedShutdownBehavior",
                "InstanceInitiatedShutdownBehavior",
            ),
            ("KernelId", "KernelId"),
            ("KeyName", "KeyName"),
            ("MetadataOptions", "MetadataOptions"),
            ("NetworkInterfaces", "NetworkInterfaces"),
            ("Placement", "Placement"),
            ("PrivateIpAddress", "PrivateIpAddress"),
            ("RamdiskId", "RamdiskId"),
            ("SecurityGroupIds", "SecurityGroupIds"),
            ("SecurityGroups", "SecurityGroups"),
            ("SubnetId", "SubnetId"),
            ("TagSpecifications", "TagSpecifications"),
            ("UserData", "UserData"),
        ],
        &mut req,
    );
    if let Some(m) = inputs.get("Monitoring") {
        req.insert("Monitoring".into(), json!({ "Enabled": m }));
    }
    let mut profile = Map::new();
    pass_through(
        inputs,
        &[
            ("IamInstanceProfileArn", "Arn"),
            ("IamInstanceProfileName", "Name"),
        ],
        &mut profile,
    );
    if !profile.is_empty() {
        req.insert("IamInstanceProfile".into(), Value::Object(profile));
    }
    let r = cx.call("ec2", "RunInstances", Value::Object(req))?;
    let ids: Vec<String> = r
        .get("Instances")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|i| {
            i.get("InstanceId")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .collect();
    let states = wait_for_state(cx, &ids, "running")?;
    let mut out = Map::new();
    out.insert("InstanceIds".into(), json!(ids));
    out.insert("InstanceStates".into(), json!(states));
    Ok(Outcome::success(out))
}

fn wait_for_image(cx: &mut ActionCx, image_id: &str) -> Result<String, Outcome> {
    cx.poll(&format!("image {image_id} to be available"), |cx| {
        let r = cx.call("ec2", "DescribeImages", json!({ "ImageIds": [image_id] }))?;
        let state = r
            .pointer("/Images/0/State")
            .and_then(Value::as_str)
            .unwrap_or("pending")
            .to_string();
        match state.as_str() {
            "available" => Ok(Some(state)),
            "failed" | "error" | "invalid" | "deregistered" => Err(Outcome::verification(format!(
                "image {image_id} ended in state {state}"
            ))),
            _ => Ok(None),
        }
    })
}

fn image_outcome(cx: &mut ActionCx, r: &Value) -> Result<Outcome, Outcome> {
    let image_id = r
        .get("ImageId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let state = wait_for_image(cx, &image_id)?;
    let mut out = Map::new();
    out.insert("ImageId".into(), json!(image_id));
    out.insert("ImageState".into(), json!(state));
    Ok(Outcome::success(out))
}

pub(super) fn create_image(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let mut req = Map::new();
    req.insert("InstanceId".into(), json!(string(inputs, "InstanceId")?));
    req.insert("Name".into(), json!(string(inputs, "ImageName")?));
    pass_through(
        inputs,
        &[
            ("ImageDescription", "Description"),
            ("NoReboot", "NoReboot"),
            ("BlockDeviceMappings", "BlockDeviceMappings"),
        ],
        &mut req,
    );
    let r = cx.call("ec2", "CreateImage", Value::Object(req))?;
    image_outcome(cx, &r)
}

pub(super) fn copy_image(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let mut req = Map::new();
    req.insert(
        "SourceRegion".into(),
        json!(string(inputs, "SourceRegion")?),
    );
    req.insert(
        "SourceImageId".into(),
        json!(string(inputs, "SourceImageId")?),
    );
    req.insert("Name".into(), json!(string(inputs, "ImageName")?));
    pass_through(
        inputs,
        &[
            ("ImageDescription", "Description"),
            ("Encrypted", "Encrypted"),
            ("KmsKeyId", "KmsKeyId"),
            ("ClientToken", "ClientToken"),
        ],
        &mut req,
    );
    let r = cx.call("ec2", "CopyImage", Value::Object(req))?;
    image_outcome(cx, &r)
}

pub(super) fn delete_image(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let image_id = string(inputs, "ImageId")?;
    let described = cx.call("ec2", "DescribeImages", json!({ "ImageIds": [image_id] }))?;
    let snapshots: Vec<String> = described
        .pointer("/Images/0/BlockDeviceMappings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|b| {
            b.pointer("/Ebs/SnapshotId")
                .and_then(Value::as_str)
                .map(String::from)
        })
        .collect();
    cx.call("ec2", "DeregisterImage", json!({ "ImageId": image_id }))?;
    let mut notes = Vec::new();
    for snap in snapshots {
        if let Err(Outcome::Failed { message, .. }) =
            cx.call("ec2", "DeleteSnapshot", json!({ "SnapshotId": snap }))
        {
            notes.push(format!("snapshot {snap} not deleted: {message}"));
        }
    }
    Ok(Outcome::Success {
        outputs: Map::new(),
        response: None,
        notes,
    })
}

pub(super) fn create_tags(
    cx: &mut ActionCx,
    inputs: &Map<String, Value>,
) -> Result<Outcome, Outcome> {
    let ids = string_list(inputs, "ResourceIds")?;
    let tags = inputs.get("Tags").cloned().unwrap_or(json!([]));
    let kind = inputs
        .get("ResourceType")
        .and_then(Value::as_str)
        .unwrap_or("EC2");
    if kind == "EC2" {
        cx.call(
            "ec2",
            "CreateTags",
            json!({ "Resources": ids, "Tags": tags }),
        )?;
    } else {
        for id in ids {
            cx.call(
                "ssm",
                "AddTagsToResource",
                json!({ "ResourceType": kind, "ResourceId": id, "Tags": tags }),
            )?;
        }
    }
    Ok(Outcome::empty())
}
