//! Launch templates: CreateLaunchTemplate, CreateLaunchTemplateVersion,
//! DescribeLaunchTemplates, DescribeLaunchTemplateVersions and DeleteLaunchTemplate, and
//! the template a RunInstances request names.

use serde_json::{Map, Value, json};

use super::ec2_instances::{malformed, well_formed};
use super::filters;
use super::launch_template::{LaunchTemplate, TemplateVersion};
use super::request::Request;
use super::tags::Tags;
use super::world::SimWorld;
use crate::driver::ApiError;

const TEMPLATE_FILTERS: &[&str] = &[
    "launch-template-name",
    "create-time",
    "tag-key",
    "tag-value",
];
const VERSION_FILTERS: &[&str] = &[
    "is-default-version",
    "image-id",
    "instance-type",
    "create-time",
];

fn name_not_found(name: &str) -> ApiError {
    ApiError::new(
        "InvalidLaunchTemplateName.NotFoundException",
        format!(
            "At least one of the launch templates specified in the request does not exist: {name}"
        ),
    )
}

fn id_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidLaunchTemplateId.NotFound",
        format!("The specified launch template, with template ID {id}, does not exist."),
    )
}

fn version_not_found(template: &str, version: &str) -> ApiError {
    ApiError::new(
        "InvalidLaunchTemplateId.VersionNotFound",
        format!("Could not find launch template version {version} for launch template {template}"),
    )
}

impl SimWorld {
    /// The template a request names by `LaunchTemplateId` or `LaunchTemplateName`.
    fn named_template(&self, id: Option<&str>, name: Option<&str>) -> Result<usize, ApiError> {
        match (id, name) {
            (Some(id), _) => {
                if !well_formed(id, "lt") {
                    return Err(malformed(id, "lt", "InvalidLaunchTemplateId.Malformed"));
                }
                self.launch_templates
                    .iter()
                    .position(|t| t.id == id)
                    .ok_or_else(|| id_not_found(id))
            }
            (None, Some(name)) => self
                .launch_templates
                .iter()
                .position(|t| t.name == name)
                .ok_or_else(|| name_not_found(name)),
            (None, None) => Err(ApiError::new(
                "MissingParameter",
                "The request must contain the parameter LaunchTemplateName or LaunchTemplateId",
            )),
        }
    }

    fn template_of(&self, request: &Request) -> Result<usize, ApiError> {
        self.named_template(
            request.str("LaunchTemplateId")?,
            request.str("LaunchTemplateName")?,
        )
    }

    pub(crate) fn create_launch_template(&mut self, request: &Request) -> Result<Value, ApiError> {
        let name = request.required_str("LaunchTemplateName")?;
        let allowed = |c: char| c.is_ascii_alphanumeric() || "().-/_".contains(c);
        if !(3..=128).contains(&name.len()) || !name.chars().all(allowed) {
            return Err(ApiError::new(
                "InvalidLaunchTemplateName.MalformedException",
                format!(
                    "The launch template name '{name}' is malformed: use 3 to 128 letters, digits and ( ) . - / _"
                ),
            ));
        }
        if self.launch_templates.iter().any(|t| t.name == name) {
            return Err(ApiError::new(
                "InvalidLaunchTemplateName.AlreadyExistsException",
                format!("Launch template name already in use: {name}"),
            ));
        }
        let data = template_data(request)?;
        let template = LaunchTemplate {
            id: self.fresh_ec2_id("lt"),
            name: name.to_string(),
            created: self.now,
            default_version: 1,
            versions: vec![TemplateVersion {
                number: 1,
                description: request.str("VersionDescription")?.map(str::to_string),
                data,
                created: self.now,
            }],
            tags: Tags::from_specifications(request, "launch-template")?,
        };
        let answer = json!({"LaunchTemplate": template.to_json(&self.account)});
        self.launch_templates.push(template);
        Ok(answer)
    }

    /// A new version holds the request's data over the source version's, when one is named.
    pub(crate) fn create_launch_template_version(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let index = self.template_of(request)?;
        let template = &self.launch_templates[index];
        let mut data = match request.str("SourceVersion")? {
            Some(source) => match template.version(source) {
                Some(version) => version.data.clone(),
                None => return Err(version_not_found(&template.id, source)),
            },
            None => json!({}),
        };
        if let (Some(base), Value::Object(new)) = (data.as_object_mut(), template_data(request)?) {
            base.extend(new);
        }
        let version = TemplateVersion {
            number: template.latest_version() + 1,
            description: request.str("VersionDescription")?.map(str::to_string),
            data,
            created: self.now,
        };
        let template = &mut self.launch_templates[index];
        let answer = template.version_json(&version, &self.account);
        template.versions.push(version);
        Ok(json!({"LaunchTemplateVersion": answer}))
    }

    pub(crate) fn describe_launch_templates(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let ids = request.str_list("LaunchTemplateIds")?.unwrap_or_default();
        let names = request.str_list("LaunchTemplateNames")?.unwrap_or_default();
        for id in &ids {
            self.named_template(Some(id), None)?;
        }
        for name in &names {
            self.named_template(None, Some(name))?;
        }
        let filters = filters::parse(request, "DescribeLaunchTemplates", TEMPLATE_FILTERS)?;
        let items: Vec<Value> = self
            .launch_templates
            .iter()
            .filter(|t| ids.is_empty() || ids.contains(&t.id))
            .filter(|t| names.is_empty() || names.contains(&t.name))
            .map(|t| t.to_json(&self.account))
            .filter(|t| {
                filters::matches(&filters, |name| match name {
                    "launch-template-name" => filters::json_values(t, "/LaunchTemplateName"),
                    "create-time" => filters::json_values(t, "/CreateTime"),
                    _ => filters::tag_values(&filters::tags_of(t, "Tags"), name),
                })
            })
            .collect();
        Ok(json!({"LaunchTemplates": items}))
    }

    pub(crate) fn describe_launch_template_versions(
        &mut self,
        request: &Request,
    ) -> Result<Value, ApiError> {
        let index = self.template_of(request)?;
        let template = &self.launch_templates[index];
        let wanted = request.str_list("Versions")?.unwrap_or_default();
        let mut numbers = Vec::new();
        for spec in &wanted {
            match template.version(spec) {
                Some(v) => numbers.push(v.number),
                None => return Err(version_not_found(&template.id, spec)),
            }
        }
        let bound = |key: &str| -> Result<Option<i64>, ApiError> {
            Ok(request
                .str(key)?
                .and_then(|v| template.version(v))
                .map(|v| v.number))
        };
        let (min, max) = (bound("MinVersion")?, bound("MaxVersion")?);
        let filters = filters::parse(request, "DescribeLaunchTemplateVersions", VERSION_FILTERS)?;
        // EC2 lists the newest version first.
        let items: Vec<Value> = template
            .versions
            .iter()
            .rev()
            .filter(|v| numbers.is_empty() || numbers.contains(&v.number))
            .filter(|v| min.is_none_or(|m| v.number >= m) && max.is_none_or(|m| v.number <= m))
            .map(|v| template.version_json(v, &self.account))
            .filter(|v| {
                filters::matches(&filters, |name| match name {
                    "is-default-version" => filters::json_values(v, "/DefaultVersion"),
                    "image-id" => filters::json_values(v, "/LaunchTemplateData/ImageId"),
                    "instance-type" => filters::json_values(v, "/LaunchTemplateData/InstanceType"),
                    _ => filters::json_values(v, "/CreateTime"),
                })
            })
            .collect();
        Ok(json!({"LaunchTemplateVersions": items}))
    }

    pub(crate) fn delete_launch_template(&mut self, request: &Request) -> Result<Value, ApiError> {
        let index = self.template_of(request)?;
        let template = self.launch_templates.remove(index);
        Ok(json!({"LaunchTemplate": template.to_json(&self.account)}))
    }

    /// A RunInstances request with its `LaunchTemplate`'s data filled in: members the
    /// request gives win, as on EC2. A network interface in the template gives the subnet
    /// and groups.
    pub(crate) fn with_launch_template(
        &self,
        request: &Request,
    ) -> Result<Option<Value>, ApiError> {
        let Some(spec) = request.object("LaunchTemplate")? else {
            return Ok(None);
        };
        let id = spec.get("LaunchTemplateId").and_then(Value::as_str);
        let name = spec.get("LaunchTemplateName").and_then(Value::as_str);
        let template = &self.launch_templates[self.named_template(id, name)?];
        let wanted = spec
            .get("Version")
            .and_then(Value::as_str)
            .unwrap_or("$Default");
        let version = template
            .version(wanted)
            .ok_or_else(|| version_not_found(&template.id, wanted))?;
        let mut merged: Map<String, Value> = Map::new();
        if let Value::Object(data) = &version.data {
            for (key, value) in data {
                if key == "NetworkInterfaces" {
                    let first = &value[0];
                    if let Some(subnet) = first.get("SubnetId") {
                        merged.insert("SubnetId".into(), subnet.clone());
                    }
                    if let Some(groups) = first.get("Groups") {
                        merged.insert("SecurityGroupIds".into(), groups.clone());
                    }
                } else {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(own) = request.whole() {
            for (key, value) in own {
                if key != "LaunchTemplate" {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        Ok(Some(Value::Object(merged)))
    }
}

/// `LaunchTemplateData`, which must be a structure.
fn template_data(request: &Request) -> Result<Value, ApiError> {
    Ok(Value::Object(
        request
            .object("LaunchTemplateData")?
            .cloned()
            .unwrap_or_default(),
    ))
}
