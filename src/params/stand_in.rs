//! A made-up value for a `{{ssm:…}}` default whose Parameter Store parameter the simulated
//! account lacks. In the user's account the parameter exists; a dry-run cannot know its
//! value, so it takes one that fits the runbook parameter it feeds, as it synthesizes the
//! answers of APIs nobody simulates (docs/semantics.md, "Parameter Store defaults").

use super::check::check_value;
use super::pattern_example::examples;
use crate::document::{DataType, Parameter};
use crate::parse::Node;
use crate::template::stringify;

/// What the world holds that a made-up value may name, so that later steps find it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorldExamples {
    pub region: String,
    pub account: String,
    /// A running instance, else any.
    pub instance_id: Option<String>,
    pub linux_image_id: Option<String>,
    pub windows_image_id: Option<String>,
}

/// The text Parameter Store would hold for `ssm_name`, feeding `param`: the first candidate
/// that passes every rule of the parameter (type, `allowedValues`, `allowedPattern`, limits).
/// Candidates, in order: the allowed values; a resource of the world the parameter's type or
/// names point to (an instance, an image, a role, a KMS key); examples built from the
/// pattern; a plain value of the type. None when none fits.
pub fn stand_in(param: &Parameter, ssm_name: &str, world: &WorldExamples) -> Option<String> {
    candidates(param, ssm_name, world)
        .into_iter()
        .find(|text| fits(param, text))
}

fn fits(param: &Parameter, text: &str) -> bool {
    let stored = serde_json::Value::String(text.to_string());
    super::resolve::from_stored(param, &stored).is_ok_and(|v| check_value(param, &v).is_ok())
}

fn candidates(param: &Parameter, ssm_name: &str, world: &WorldExamples) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(allowed) = param.allowed_values.as_ref().and_then(Node::seq) {
        out.extend(allowed.iter().map(|v| stringify(&v.to_json())));
    }
    out.extend(resources(param, ssm_name, world));
    if let Some(pattern) = &param.allowed_pattern {
        out.extend(examples(&pattern.value));
    }
    if let Some(pattern) = param.ty.as_ref().and_then(|t| t.pattern) {
        out.extend(examples(pattern));
    }
    let plain: &[&str] = match super::convert::base_type(param) {
        DataType::Integer => &["1", "0"],
        DataType::Boolean => &["false", "true"],
        DataType::StringMap => &["{}"],
        DataType::MapList => &["[]"],
        DataType::String | DataType::StringList => &["example"],
    };
    out.extend(plain.iter().map(|s| s.to_string()));
    out
}

/// Values that name something the world holds, chosen from the parameter's `AWS::` type and
/// from its name and the Parameter Store name (`SourceAmiId`, `/golden/ami`).
fn resources(param: &Parameter, ssm_name: &str, world: &WorldExamples) -> Vec<String> {
    let ty = param.ty.as_ref().map(|t| t.name.as_str()).unwrap_or("");
    let hint = format!("{} {ssm_name}", param.name.value).to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| hint.contains(w));
    let mut out = Vec::new();
    if ty.contains("AWS::EC2::Instance::Id")
        || (has(&["instance"]) && !has(&["type", "profile", "count"]))
    {
        out.extend(world.instance_id.clone());
    }
    if has(&["ami", "image"]) {
        let (first, second) = if has(&["windows"]) {
            (&world.windows_image_id, &world.linux_image_id)
        } else {
            (&world.linux_image_id, &world.windows_image_id)
        };
        out.extend(first.iter().chain(second).cloned());
    }
    let account = &world.account;
    if ty.contains("AWS::IAM::Role::Arn") || has(&["role"]) {
        out.push(format!("arn:aws:iam::{account}:role/ssmrun-example"));
    }
    if ty.contains("AWS::S3::Bucket::Name") || has(&["bucket"]) {
        out.push("ssmrun-example-bucket".to_string());
    }
    if has(&["kms", "cmk"]) {
        let region = &world.region;
        out.push(format!(
            "arn:aws:kms:{region}:{account}:key/00000000-0000-4000-8000-000000000000"
        ));
        out.push("alias/ssmrun-example".to_string());
    }
    if has(&["region"]) {
        out.push(world.region.clone());
    }
    if has(&["account"]) {
        out.push(account.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{WorldExamples, stand_in};
    use crate::document::Document;

    fn world() -> WorldExamples {
        WorldExamples {
            region: "us-east-1".into(),
            account: "123456789012".into(),
            instance_id: Some("i-1234567890abcdef0".into()),
            linux_image_id: Some("ami-0abcdef1234567890".into()),
            windows_image_id: Some("ami-0fedcba9876543210".into()),
        }
    }

    fn made_up(parameter: &str, ssm_name: &str) -> Option<String> {
        let text = format!(
            "schemaVersion: '0.3'\nparameters:\n  P:\n{parameter}mainSteps:\n  - name: s\n    action: aws:sleep\n    inputs:\n      Duration: PT1S\n"
        );
        let source = crate::source::SourceFile::new("t.yaml", text);
        let root = crate::parse::parse(&source).expect("test document parses");
        let doc: Document = crate::document::lower(root).0.expect("lowers");
        stand_in(&doc.parameters[0], ssm_name, &world())
    }

    /// Checks each `(parameter block, Parameter Store name, value made up)`.
    fn check(cases: &[(&str, &str, &str)]) {
        for (parameter, ssm_name, want) in cases {
            assert_eq!(
                made_up(parameter, ssm_name).as_deref(),
                Some(*want),
                "{parameter} {ssm_name}"
            );
        }
    }

    #[test]
    fn the_worlds_resources_where_the_names_point_to_them() {
        check(&[
            ("    type: String\n", "latestAmi", "ami-0abcdef1234567890"),
            (
                "    type: String\n",
                "/golden/windows-ami",
                "ami-0fedcba9876543210",
            ),
            (
                "    type: AWS::EC2::Instance::Id\n",
                "/x/target",
                "i-1234567890abcdef0",
            ),
            (
                "    type: StringList\n",
                "/x/instances",
                "i-1234567890abcdef0",
            ),
        ]);
    }

    #[test]
    fn allowed_values_and_patterns_are_kept() {
        let kms = "    type: String\n    allowedPattern: '^arn:(?:aws|aws-us-gov|aws-cn):kms:(?:[a-z]{2}(?:-gov)?-[a-z]+-\\d):\\d{12}:(?:(?:^(alias/)[a-zA-Z0-9:/_-]+$)|(?:key/(?i:[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})))$'\n";
        check(&[
            (
                "    type: String\n    allowedValues: [Large, Small]\n",
                "/x/size",
                "Large",
            ),
            (
                kms,
                "/Solutions/SO0111/CMK_REMEDIATION_ARN",
                "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000",
            ),
            (
                "    type: String\n    allowedPattern: '^\\d{4}$'\n",
                "/x/pin",
                "0000",
            ),
            (
                "    type: Integer\n    allowedValues: [5, 10]\n",
                "/x/n",
                "5",
            ),
            ("    type: Boolean\n", "/x/flag", "false"),
        ]);
    }

    #[test]
    fn nothing_fits_an_impossible_rule() {
        let impossible = "    type: String\n    allowedPattern: '^a$'\n    minChars: 2\n";
        assert_eq!(made_up(impossible, "/x/y"), None);
    }
}
