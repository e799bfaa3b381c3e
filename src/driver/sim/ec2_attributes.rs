//! DescribeInstanceAttribute and ModifyInstanceAttribute.

use serde_json::{Value, json};

use super::ec2_instances::check_instance_type;
use super::instance::InstanceState;
use super::request::Request;
use super::world::SimWorld;
use crate::driver::ApiError;

impl SimWorld {
    pub(crate) fn describe_instance_attribute(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let id = request.required_str("InstanceId")?;
        let attribute = request.required_str("Attribute")?;
        let instance = self.known_instance(id)?;
        let (key, value) = match attribute {
            "instanceType" => ("InstanceType", json!({"Value": instance.instance_type})),
            "disableApiTermination" => (
                "DisableApiTermination",
                json!({"Value": instance.disable_api_termination}),
            ),
            "rootDeviceName" => (
                "RootDeviceName",
                json!({"Value": instance.platform.root_device()}),
            ),
            "instanceInitiatedShutdownBehavior" => (
                "InstanceInitiatedShutdownBehavior",
                json!({"Value": "stop"}),
            ),
            "ebsOptimized" => ("EbsOptimized", json!({"Value": false})),
            "groupSet" => (
                "Groups",
                self.instance_json(instance)["SecurityGroups"].clone(),
            ),
            "blockDeviceMapping" => (
                "BlockDeviceMappings",
                self.instance_json(instance)["BlockDeviceMappings"].clone(),
            ),
            "sourceDestCheck" => ("SourceDestCheck", json!({"Value": true})),
            "enaSupport" => ("EnaSupport", json!({"Value": true})),
            other => {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!(
                        "Value ({other}) for parameter attribute is invalid. Unknown attribute."
                    ),
                ));
            }
        };
        Ok(json!({"InstanceId": id, key: value}))
    }

    /// Models the attributes a runbook can observe (instance type, termination protection,
    /// security groups); other attributes are accepted and have no effect.
    pub(crate) fn modify_instance_attribute(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let id = request.required_str("InstanceId")?;
        self.check_instance_ids(&[id.to_string()])?;
        let attribute = request.str("Attribute")?;
        let plain_value = request.str("Value")?;
        let new_type = match (request.object("InstanceType")?, attribute) {
            (Some(wrapper), _) => wrapper.get("Value").and_then(Value::as_str),
            (None, Some("instanceType")) => plain_value,
            _ => None,
        };
        let protect = match (request.object("DisableApiTermination")?, attribute) {
            (Some(wrapper), _) => wrapper.get("Value").and_then(Value::as_bool),
            (None, Some("disableApiTermination")) => {
                plain_value.map(|v| v.eq_ignore_ascii_case("true"))
            }
            _ => None,
        };
        if let Some(new_type) = new_type {
            check_instance_type(new_type)?;
        }
        let groups = request.str_list("Groups")?;
        if let Some(groups) = &groups {
            let vpc_id = self.known_instance(id)?.vpc_id.clone();
            self.check_instance_groups(groups, &vpc_id)?;
        }
        let instance = self.known_instance_mut(id)?;
        if let Some(groups) = groups {
            instance.security_groups = groups;
        }
        if let Some(new_type) = new_type {
            if instance.state != InstanceState::Stopped {
                return Err(ApiError::new(
                    "IncorrectInstanceState",
                    format!("The instance '{id}' is not in the 'stopped' state."),
                ));
            }
            instance.instance_type = new_type.to_string();
        }
        if let Some(protect) = protect {
            instance.disable_api_termination = protect;
        }
        Ok(json!({}))
    }
}
