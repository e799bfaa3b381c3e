//! Transition targets and the `onFailure` / `onCancel` values. A target must be a step of
//! the same list, or for a loop body step, of a list enclosing it (which leaves the loop):
//! no transition leads into a loop body from outside.

use super::graph::{Kind, targets};
use crate::actions;
use crate::document::Spanned;
use crate::validate::context::{Cx, StepId, did_you_mean};

pub(super) fn check(cx: &mut Cx) {
    for id in 0..cx.steps.all.len() {
        well_formed(cx, id);
        resolve(cx, id);
    }
}

fn well_formed(cx: &mut Cx, id: StepId) {
    let step = cx.steps.all[id].step;
    if let Some(f) = &step.on_failure
        && !matches!(f.value.as_str(), "Abort" | "Continue")
        && !is_step_target(&f.value)
    {
        let help = fix_case(f, &["Abort", "Continue"])
            .or_else(|| Some("use `Abort`, `Continue` or `step:<name>`".into()));
        cx.report_help(
            "invalid-on-failure",
            f.span,
            format!("`onFailure` is `{}`", f.value),
            help,
        );
    }
    if let Some(c) = &step.on_cancel {
        if c.value != "Abort" && !is_step_target(&c.value) {
            let help = if c.value.eq_ignore_ascii_case("Continue") {
                Some("`onCancel` has no `Continue`: use `Abort` or `step:<name>`".into())
            } else {
                fix_case(c, &["Abort"]).or_else(|| Some("use `Abort` or `step:<name>`".into()))
            };
            cx.report_help(
                "invalid-on-cancel",
                c.span,
                format!("`onCancel` is `{}`", c.value),
                help,
            );
        }
        let forbidden = actions::lookup(&step.action.value).is_some_and(|a| a.on_cancel_forbidden);
        if forbidden {
            cx.report(
                "on-cancel-not-allowed",
                c.span,
                format!("`{}` steps may not set `onCancel`", step.action.value),
            );
        }
    }
}

/// `step:` followed by a name; whether the name exists is checked with the other targets.
fn is_step_target(value: &str) -> bool {
    value
        .strip_prefix("step:")
        .is_some_and(|name| !name.is_empty())
}

/// `abort` → "did you mean `Abort`?": the service compares these exactly.
fn fix_case(value: &Spanned<String>, options: &[&str]) -> Option<String> {
    let value = value.value.as_str();
    if let Some(name) = value.to_ascii_lowercase().strip_prefix("step:")
        && !value.starts_with("step:")
    {
        return Some(format!(
            "did you mean `step:{}`?",
            &value[value.len() - name.len()..]
        ));
    }
    did_you_mean(value, options.iter().copied())
}

fn resolve(cx: &mut Cx, id: StepId) {
    let step = cx.steps.all[id].step;
    for t in targets(step) {
        let Some(target) = cx.steps.resolve_target(id, t.name) else {
            let elsewhere = cx.steps.by_name(t.name).is_some();
            let help = if elsewhere {
                Some(format!(
                    "`{}` is inside a loop body; only that body's steps may jump to it",
                    t.name
                ))
            } else {
                did_you_mean(t.name, cx.steps.target_names(id))
            };
            let msg = format!(
                "`{}` names step `{}`, which does not exist",
                t.field, t.name
            );
            cx.report_help("unknown-step", t.span, msg, help);
            continue;
        };
        let target_action = &cx.steps.all[target].step.action.value;
        let forbidden =
            actions::lookup(target_action).is_some_and(|a| a.forbidden_as_cancel_target);
        if t.kind == Kind::Cancel && forbidden {
            cx.report(
                "forbidden-cancel-target",
                t.span,
                format!(
                    "`onCancel` may not run `{}` step `{}`",
                    target_action, t.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    #[test]
    fn targets_must_exist() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n    nextStep: bb\n    onFailure: step:c\n",
            "  - name: b\n    action: aws:pause\n    onCancel: step:zz\n",
        ));
        let found = codes(&text);
        assert!(found.contains(&("unknown-step", 12)), "{found:?}");
        assert!(found.contains(&("unknown-step", 13)), "{found:?}");
        assert!(found.contains(&("unknown-step", 16)), "{found:?}");
    }

    #[test]
    fn loop_bodies_can_be_left_but_not_entered() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n",
            "  - name: l\n    action: aws:loop\n    inputs:\n      Iterators: [x]\n      Steps:\n",
            "        - name: inner\n          action: aws:pause\n          nextStep: a\n",
            "  - name: b\n    action: aws:pause\n    nextStep: inner\n",
        ));
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
        let d = checked
            .diagnostics
            .iter()
            .find(|d| d.code == "unknown-step")
            .unwrap();
        assert_eq!(d.span.line, 22);
        assert!(
            d.help
                .as_deref()
                .unwrap_or_default()
                .contains("inside a loop body")
        );
        assert_eq!(
            checked
                .diagnostics
                .iter()
                .filter(|d| d.code == "unknown-step")
                .count(),
            1
        );
    }

    #[test]
    fn on_failure_and_on_cancel_values() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n    onFailure: abort\n    onCancel: Continue\n",
            "  - name: b\n    action: aws:pause\n    onFailure: Step:a\n",
        ));
        assert_eq!(
            codes(&text),
            [
                ("invalid-on-failure", 12),
                ("invalid-on-cancel", 13),
                ("invalid-on-failure", 16)
            ]
        );
    }

    #[test]
    fn cancel_rules() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n    onCancel: step:s\n",
            "  - name: u\n    action: aws:updateVariable\n    onCancel: Abort\n",
            "    inputs: {Name: 'variable:v', Value: x}\n",
            "  - name: s\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n",
        ));
        let text = text.replace(
            "mainSteps:",
            "variables:\n  v:\n    type: String\n    default: y\nmainSteps:",
        );
        let found = codes(&text);
        assert_eq!(
            found,
            [
                ("forbidden-cancel-target", 16),
                ("on-cancel-not-allowed", 19)
            ]
        );
    }
}
