//! `aws:branch` choices and `aws:loop` settings. Conditions are checked here with positions;
//! the executor's parser ([`Condition::from_json`]) then has the last word, so whatever the
//! validator passes, the runner can evaluate.

use crate::condition::{Condition, OPERATORS};
use crate::document::Step;
use crate::parse::{Node, NodeKind};
use crate::validate::context::{Cx, did_you_mean, has_reference, node_has_reference};

const FORMS: &[&str] = &["Variable", "And", "Or", "Not"];
/// The most iterations and items a loop may have (spec §5.17).
const MAX_ITERATIONS: i64 = 100;

pub(super) fn check(cx: &mut Cx) {
    let steps: Vec<&Step> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        match step.action.value.as_str() {
            "aws:branch" => branch(cx, step),
            "aws:loop" => looped(cx, step),
            _ => {}
        }
    }
}

fn branch(cx: &mut Cx, step: &Step) {
    let Some(choices) = step.inputs.get("Choices") else {
        return;
    };
    let Some(items) = choices.seq() else { return }; // a reference, or input-type reported it
    if items.is_empty() {
        cx.report(
            "invalid-choice",
            choices.span,
            "`Choices` needs at least one choice",
        );
    }
    for choice in items {
        if choice.map().is_none() {
            continue; // input-type: Choices is a list of maps
        }
        let before = cx.out.len();
        if choice.get("NextStep").is_none() {
            cx.report("invalid-choice", choice.span, "choice has no `NextStep`");
        }
        condition(cx, choice);
        if cx.out.len() == before {
            agree_with_runner(cx, choice);
        }
    }
}

fn looped(cx: &mut Cx, step: &Step) {
    let inputs = &step.inputs;
    if let Some(cond) = inputs.get("LoopCondition")
        && cond.map().is_some()
    {
        let before = cx.out.len();
        condition(cx, cond);
        if cx.out.len() == before {
            agree_with_runner(cx, cond);
        }
    }
    if let Some(max) = inputs.get("MaxIterations")
        && !node_has_reference(max)
    {
        let value = match &max.kind {
            NodeKind::Int(i) => Some(*i),
            NodeKind::Str { value, .. } => value.trim().parse::<i64>().ok(),
            _ => None, // input-type reports other shapes
        };
        if let Some(v) = value.filter(|v| !(1..=MAX_ITERATIONS).contains(v)) {
            cx.report(
                "invalid-loop",
                max.span,
                format!("`MaxIterations` is {v}, but must be 1 to 100"),
            );
        }
    }
    if let Some(items) = inputs.get("Iterators").and_then(Node::seq)
        && items.len() > MAX_ITERATIONS as usize
    {
        let span = inputs.get("Iterators").map_or(step.span, |n| n.span);
        let msg = format!(
            "`Iterators` has {} items; a loop takes at most 100",
            items.len()
        );
        cx.report("invalid-loop", span, msg);
    }
    if let Some(body) = inputs.get("Steps").and_then(Node::seq)
        && body.is_empty()
    {
        let span = inputs.get("Steps").map_or(step.span, |n| n.span);
        cx.report("invalid-loop", span, "the loop body `Steps` is empty");
    }
}

/// One condition: `Variable` plus one operator, or one of `And` / `Or` / `Not`. `NextStep`
/// belongs to the choice around it and is skipped.
fn condition(cx: &mut Cx, node: &Node) {
    let Some(entries) = node.map() else {
        cx.report(
            "invalid-choice",
            node.span,
            format!("a condition must be a map, found {}", node.kind_name()),
        );
        return;
    };
    let keys: Vec<_> = entries
        .iter()
        .filter(|(k, _)| k.name != "NextStep")
        .collect();
    let mut forms = Vec::new();
    let mut operators = Vec::new();
    let mut unknown = false;
    for (key, value) in &keys {
        if FORMS.contains(&key.name.as_str()) {
            forms.push((key, value));
        } else if OPERATORS.contains(&key.name.as_str()) {
            operators.push((key, value));
        } else {
            unknown = true;
            let candidates = OPERATORS.iter().chain(FORMS).copied();
            let help = did_you_mean(&key.name, candidates);
            cx.report_help(
                "unknown-operator",
                key.span,
                format!("unknown operator `{}`", key.name),
                help,
            );
        }
    }
    match forms.as_slice() {
        [] => match operators.first() {
            Some((op, _)) => {
                let msg = format!("`{}` needs a `Variable` to compare", op.name);
                cx.report("invalid-choice", op.span, msg);
            }
            None if !unknown => cx.report(
                "invalid-choice",
                node.span,
                "no condition: expected `Variable` with an operator, or `And`, `Or` or `Not`",
            ),
            None => {}
        },
        [(key, value)] if key.name == "Variable" => match operators.as_slice() {
            [] if !unknown => {
                let msg = "`Variable` needs an operator such as `StringEquals`";
                cx.report("invalid-choice", key.span, msg);
            }
            [] => {}
            [(op, operand)] => {
                scalar(cx, "Variable", value);
                scalar(cx, &op.name, operand);
                operand_type(cx, &op.name, operand);
            }
            [_, (second, _), ..] => {
                let msg = format!(
                    "one operator per condition, found another: `{}`",
                    second.name
                );
                cx.report("invalid-choice", second.span, msg);
            }
        },
        [(key, value)] => {
            if let Some((op, _)) = operators.first() {
                let msg = format!("`{}` cannot stand next to `{}`", op.name, key.name);
                cx.report("invalid-choice", op.span, msg);
            }
            compound(cx, &key.name, key.span, value);
        }
        [_, (second, _), ..] => {
            let msg = format!("one condition per choice, found another: `{}`", second.name);
            cx.report("invalid-choice", second.span, msg);
        }
    }
}

fn compound(cx: &mut Cx, form: &str, span: crate::source::Span, value: &Node) {
    if form == "Not" {
        if value.seq().is_some() {
            cx.report(
                "invalid-choice",
                value.span,
                "`Not` takes a single condition, not a list",
            );
        } else {
            condition(cx, value);
        }
        return;
    }
    match value.seq() {
        None => {
            let msg = format!(
                "`{form}` takes a list of conditions, found {}",
                value.kind_name()
            );
            cx.report("invalid-choice", value.span, msg);
        }
        Some([]) => cx.report(
            "invalid-choice",
            span,
            format!("`{form}` needs at least one condition"),
        ),
        Some(items) => items.iter().for_each(|item| condition(cx, item)),
    }
}

fn scalar(cx: &mut Cx, key: &str, value: &Node) {
    if matches!(
        value.kind,
        NodeKind::Seq(_) | NodeKind::Map(_) | NodeKind::Null
    ) {
        let msg = format!("`{key}` takes a single value, found {}", value.kind_name());
        cx.report("invalid-choice", value.span, msg);
    }
}

/// Literal operands of numeric and boolean operators must be numbers and booleans.
fn operand_type(cx: &mut Cx, operator: &str, operand: &Node) {
    if operand.str().is_some_and(has_reference) {
        return;
    }
    let ok = if operator.starts_with("Numeric") {
        match &operand.kind {
            NodeKind::Int(_) | NodeKind::Float(_) => true,
            NodeKind::Str { value, .. } => value.trim().parse::<f64>().is_ok_and(f64::is_finite),
            _ => true, // scalar() reported lists and maps
        }
    } else if operator == "BooleanEquals" {
        match &operand.kind {
            NodeKind::Bool(_) => true,
            NodeKind::Str { value, .. } => {
                value.eq_ignore_ascii_case("true") || value.eq_ignore_ascii_case("false")
            }
            NodeKind::Int(_) | NodeKind::Float(_) => false,
            _ => true,
        }
    } else {
        true
    };
    if !ok {
        let wanted = if operator == "BooleanEquals" {
            "`true` or `false`"
        } else {
            "a number"
        };
        let msg = format!(
            "`{operator}` compares with {wanted}, found {}",
            shown(operand)
        );
        cx.report("invalid-choice", operand.span, msg);
    }
}

fn shown(node: &Node) -> String {
    match node.str() {
        Some(s) => format!("`{s}`"),
        None => node.kind_name().to_string(),
    }
}

/// The runner parses conditions with [`Condition::from_json`]; a shape it refuses is a
/// document error even if the checks above missed it.
fn agree_with_runner(cx: &mut Cx, node: &Node) {
    if let Err(why) = Condition::from_json(&node.to_json()) {
        cx.report("invalid-choice", node.span, why);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    fn branch(choice: &str) -> Vec<(&'static str, u32)> {
        codes(&doc(&format!(
            "  - name: b\n    action: aws:branch\n    inputs:\n      Choices:\n        - {choice}\n      Default: e\n  - name: e\n    action: aws:pause\n"
        )))
    }

    #[test]
    fn accepts_every_form() {
        assert_eq!(
            branch("{NextStep: e, Variable: '{{ P }}', StringEquals: x}"),
            []
        );
        assert_eq!(
            branch("{NextStep: e, Variable: '{{ P }}', NumericGreater: '3'}"),
            []
        );
        assert_eq!(
            branch("{NextStep: e, Not: {Variable: '{{ P }}', BooleanEquals: true}}"),
            []
        );
        assert_eq!(
            branch(
                "{NextStep: e, And: [{Variable: '{{ P }}', Contains: a}, {Or: [{Variable: '{{ P }}', EndsWith: b}]}]}"
            ),
            []
        );
    }

    #[test]
    fn unknown_operators_are_suggested() {
        let text = doc(
            "  - name: b\n    action: aws:branch\n    inputs:\n      Choices:\n        - NextStep: b\n          Variable: '{{ P }}'\n          StringEqual: x\n",
        );
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == "unknown-operator")
            .unwrap();
        assert_eq!(d.span.line, 16);
        assert_eq!(d.help.as_deref(), Some("did you mean `StringEquals`?"));
    }

    #[test]
    fn malformed_choices() {
        assert_eq!(
            branch("{Variable: '{{ P }}', StringEquals: x}"),
            [("invalid-choice", 14)]
        );
        assert_eq!(
            branch("{NextStep: e, Variable: '{{ P }}'}"),
            [("invalid-choice", 14)]
        );
        assert_eq!(
            branch("{NextStep: e, Variable: '{{ P }}', StringEquals: x, Contains: y}"),
            [("invalid-choice", 14)]
        );
        assert_eq!(
            branch("{NextStep: e, Not: [{Variable: '{{ P }}', Contains: a}]}"),
            [("invalid-choice", 14)]
        );
        assert_eq!(
            branch("{NextStep: e, And: {Variable: '{{ P }}', Contains: a}}"),
            [("invalid-choice", 14)]
        );
        assert_eq!(
            branch("{NextStep: e, Variable: '{{ P }}', NumericEquals: many}"),
            [("invalid-choice", 14)]
        );
        assert_eq!(
            branch("{NextStep: e, StringEquals: x}"),
            [("invalid-choice", 14)]
        );
    }

    fn looped(inputs: &str) -> Vec<(&'static str, u32)> {
        codes(&doc(&format!(
            "  - name: l\n    action: aws:loop\n    inputs:\n{inputs}      Steps:\n        - name: s\n          action: aws:pause\n"
        )))
    }

    #[test]
    fn loops() {
        assert_eq!(
            looped("      Iterators: [a, b]\n      MaxIterations: 5\n"),
            []
        );
        assert_eq!(
            looped("      LoopCondition: {Variable: '{{ P }}', StringEquals: x}\n"),
            []
        );
        assert_eq!(
            looped("      Iterators: [a]\n      MaxIterations: 0\n"),
            [("invalid-loop", 14)]
        );
        assert_eq!(looped("      MaxIterations: 5\n"), [("invalid-loop", 11)]);
        assert_eq!(
            looped(
                "      Iterators: [a]\n      LoopCondition: {Variable: '{{ P }}', StringEquals: x}\n"
            ),
            [("invalid-loop", 11)]
        );
        assert_eq!(
            looped("      LoopCondition: {Variable: '{{ P }}', StringEqual: x}\n"),
            [("unknown-operator", 13)]
        );
    }
}
