//! Actions and their inputs, read from the action catalogue: the action exists, required
//! inputs are present, no unknown inputs, literal values have the right shape, one-of and
//! exclusive groups hold, and closed value sets are respected.
//!
//! Values holding `{{ }}` references are only known at run time (the service checks input
//! types just before a step runs, spec §2.2), so only literal values are checked here.

use crate::actions::{self, ActionSpec, InputSpec, InputType};
use crate::document::{DataType, Step};
use crate::parse::{Node, NodeKind};
use crate::validate::context::{Cx, did_you_mean, node_has_reference};

pub(super) fn check(cx: &mut Cx) {
    let steps: Vec<&Step> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        if step.action.value.is_empty() {
            continue; // missing-action came from lowering
        }
        match actions::lookup(&step.action.value) {
            Some(spec) => check_inputs(cx, step, spec),
            None => unknown_action(cx, step),
        }
    }
}

/// Command-document plugins people reach for in Automation, with the AWS Command document
/// that wraps them where one exists.
const COMMAND_PLUGINS: &[(&str, Option<&str>)] = &[
    ("aws:runShellScript", Some("AWS-RunShellScript")),
    ("aws:runPowerShellScript", Some("AWS-RunPowerShellScript")),
    ("aws:configurePackage", Some("AWS-ConfigureAWSPackage")),
    ("aws:softwareInventory", Some("AWS-GatherSoftwareInventory")),
    ("aws:updateSsmAgent", Some("AWS-UpdateSSMAgent")),
    ("aws:applications", None),
    ("aws:cloudWatch", None),
    ("aws:configureDocker", None),
    ("aws:domainJoin", None),
    ("aws:downloadContent", None),
    ("aws:psModule", None),
    ("aws:refreshAssociation", None),
    ("aws:runDockerAction", None),
    ("aws:runDocument", None),
    ("aws:updateAgent", None),
];

fn unknown_action(cx: &mut Cx, step: &Step) {
    let name = step.action.value.as_str();
    let plugin = COMMAND_PLUGINS
        .iter()
        .find(|(p, _)| p.eq_ignore_ascii_case(name));
    let help = match plugin {
        Some((p, Some(doc))) => Some(format!(
            "`{p}` is a Command document plugin; run it with `aws:runCommand` and `DocumentName: {doc}`"
        )),
        Some((p, None)) => Some(format!(
            "`{p}` is a Command document plugin; run a Command document with `aws:runCommand`"
        )),
        None if name.eq_ignore_ascii_case("aws:putParameter") => {
            Some("use `aws:executeAwsApi` with `Service: ssm` and `Api: PutParameter`".to_string())
        }
        None => actions::lookup_loose(name)
            .map(|a| format!("did you mean `{}`?", a.name))
            .or_else(|| did_you_mean(name, actions::names())),
    };
    cx.report_help(
        "unknown-action",
        step.action.span,
        format!("unknown action `{name}`"),
        help,
    );
}

fn check_inputs(cx: &mut Cx, step: &Step, spec: &'static ActionSpec) {
    let entries = step.inputs.map().unwrap_or_default();
    for (key, value) in entries {
        match spec.input(&key.name) {
            Some(input) => check_value(cx, spec, input, value),
            None if spec.accepts_input_key(&key.name) => {}
            None => {
                let names = spec.inputs.iter().map(|i| i.name);
                cx.report_help(
                    "unknown-input",
                    key.span,
                    format!("`{}` takes no input `{}`", spec.name, key.name),
                    did_you_mean(&key.name, names).or_else(|| Some(known_inputs(spec))),
                );
            }
        }
    }
    for input in spec.required_inputs() {
        if step.inputs.get(input.name).is_none() {
            cx.report_help(
                "missing-input",
                step.action.span,
                format!(
                    "step `{}` needs input `{}` for `{}`",
                    step.name.value, input.name, spec.name
                ),
                Some(format!(
                    "`{}` ({}): {}",
                    input.name,
                    input.ty.name(),
                    input.summary
                )),
            );
        }
    }
    groups(cx, step, spec);
}

fn known_inputs(spec: &ActionSpec) -> String {
    let names: Vec<String> = spec
        .inputs
        .iter()
        .map(|i| format!("`{}`", i.name))
        .collect();
    if names.is_empty() {
        format!("`{}` takes no inputs", spec.name)
    } else {
        format!("inputs of `{}`: {}", spec.name, names.join(", "))
    }
}

/// One-of groups from the spec and mutually exclusive groups from the notes. For `aws:loop`
/// the Iterators/LoopCondition choice is reported as a loop problem, where people look.
fn groups(cx: &mut Cx, step: &Step, spec: &ActionSpec) {
    let present = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .filter(|n| step.inputs.get(n).is_some())
            .map(|n| format!("`{n}`"))
            .collect()
    };
    let code = if spec.name == "aws:loop" {
        "invalid-loop"
    } else {
        "input-one-of"
    };
    for group in spec.one_of {
        let given = present(group.inputs);
        let all: Vec<String> = group.inputs.iter().map(|n| format!("`{n}`")).collect();
        let problem = match given.len() {
            0 if group.exactly => Some(format!("needs exactly one of {}", all.join(", "))),
            0 => Some(format!("needs at least one of {}", all.join(", "))),
            1 => None,
            _ if group.exactly => Some(format!("takes only one of {}", given.join(" and "))),
            _ => None,
        };
        if let Some(problem) = problem {
            let msg = format!("step `{}` ({}) {problem}", step.name.value, spec.name);
            cx.report(code, step.action.span, msg);
        }
    }
    for group in spec.notes().exclusive {
        let given = present(group);
        if given.len() > 1 {
            let msg = format!(
                "step `{}` ({}) takes only one of {}",
                step.name.value,
                spec.name,
                given.join(" and ")
            );
            cx.report("input-one-of", step.action.span, msg);
        }
    }
}

fn check_value(cx: &mut Cx, spec: &ActionSpec, input: &InputSpec, value: &Node) {
    if node_has_reference(value) {
        return;
    }
    if let Some(found) = wrong_shape(input.ty, value) {
        let help = match (input.ty, &value.kind) {
            (InputType::Data(DataType::StringList), NodeKind::Str { value: v, .. }) => {
                Some(format!("write a list: `[\"{v}\"]`"))
            }
            _ => None,
        };
        cx.report_help(
            "input-type",
            value.span,
            format!(
                "input `{}` of `{}` must be {}, found {found}",
                input.name,
                spec.name,
                article(input.ty)
            ),
            help,
        );
        return;
    }
    if let (Some(allowed), Some(text)) = (spec.allowed_values(input.name), value.str())
        && !allowed.contains(&text)
    {
        let list: Vec<String> = allowed.iter().map(|v| format!("`{v}`")).collect();
        cx.report_help(
            "invalid-input-value",
            value.span,
            format!(
                "input `{}` of `{}` is `{text}`, not one of {}",
                input.name,
                spec.name,
                list.join(", ")
            ),
            did_you_mean(text, allowed.iter().copied()),
        );
    }
}

fn article(ty: InputType) -> String {
    match ty {
        InputType::Data(DataType::Integer) => "an Integer".to_string(),
        InputType::Steps => "a list of steps".to_string(),
        other => format!("a {}", other.name()),
    }
}

/// What is wrong with a literal value's shape, as "a list" / "a string", or None when it
/// fits (leniently, as `DataType::accepts_loosely` says).
pub(super) fn wrong_shape(ty: InputType, value: &Node) -> Option<&'static str> {
    let fits = match ty {
        // Lowering reads the loop body and reports its shape.
        InputType::Any | InputType::Steps => true,
        InputType::Data(t) => t.accepts_loosely(&value.to_json()),
    };
    (!fits).then_some(kind_phrase(value))
}

/// A node's kind as a message names it ("a list", "nothing (null)").
pub(super) fn kind_phrase(value: &Node) -> &'static str {
    match &value.kind {
        NodeKind::Null => "nothing (null)",
        NodeKind::Bool(_) => "a boolean",
        NodeKind::Int(_) => "an integer",
        NodeKind::Float(_) => "a number",
        NodeKind::Str { .. } => "a string",
        NodeKind::Seq(_) => "a list",
        NodeKind::Map(_) => "a map",
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    #[test]
    fn unknown_actions_get_suggestions() {
        let text = doc(
            "  - name: a\n    action: aws:runCommnd\n    inputs: {DocumentName: d, InstanceIds: [i]}\n",
        );
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
        let d = &checked.diagnostics[0];
        assert_eq!((d.code, d.span.line), ("unknown-action", 11));
        assert_eq!(d.help.as_deref(), Some("did you mean `aws:runCommand`?"));
    }

    #[test]
    fn command_plugins_point_at_run_command() {
        let text =
            doc("  - name: a\n    action: aws:runShellScript\n    inputs: {runCommand: [ls]}\n");
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
        let help = checked.diagnostics[0].help.clone().unwrap_or_default();
        assert!(help.contains("AWS-RunShellScript"), "{help}");
    }

    #[test]
    fn missing_and_unknown_inputs() {
        let text = doc("  - name: a\n    action: aws:approve\n    inputs:\n      Approver: [x]\n");
        assert_eq!(codes(&text), [("missing-input", 11), ("unknown-input", 13)]);
    }

    #[test]
    fn api_actions_take_any_request_field() {
        let text = doc(
            "  - name: a\n    action: aws:executeAwsApi\n    inputs: {Service: ec2, Api: DescribeInstances, InstanceIds: [i-1]}\n",
        );
        assert_eq!(codes(&text), []);
    }

    #[test]
    fn literal_types_are_checked_and_references_are_not() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:changeInstanceState\n",
            "    inputs: {InstanceIds: i-1, DesiredState: stopped, Force: 'yes'}\n",
            "  - name: b\n    action: aws:changeInstanceState\n",
            "    inputs: {InstanceIds: '{{ P }}', DesiredState: stopped, Force: 'true'}\n",
        ));
        assert_eq!(codes(&text), [("input-type", 12), ("input-type", 12)]);
    }

    #[test]
    fn one_of_groups() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:runCommand\n    inputs: {DocumentName: d}\n",
            "  - name: b\n    action: aws:sleep\n    inputs: {}\n",
            "  - name: c\n    action: aws:createStack\n    inputs: {StackName: s, TemplateBody: x, TemplateURL: y}\n",
        ));
        let found = codes(&text);
        assert_eq!(
            found,
            [
                ("input-one-of", 11),
                ("input-one-of", 14),
                ("input-one-of", 17)
            ]
        );
    }

    #[test]
    fn closed_value_sets() {
        let text = doc(
            "  - name: a\n    action: aws:changeInstanceState\n    inputs: {InstanceIds: [i], DesiredState: Stopped}\n",
        );
        assert_eq!(codes(&text), [("invalid-input-value", 12)]);
    }
}
