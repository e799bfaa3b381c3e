//! Outputs: each step output's selector parses and its name is unique in the step, and each
//! document output names a real `Step.Output`.

use crate::actions;
use crate::document::Step;
use crate::selector::Selector;
use crate::validate::context::{Cx, did_you_mean, has_reference};
use std::collections::HashMap;

pub(super) fn check(cx: &mut Cx) {
    let steps: Vec<&Step> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        step_outputs(cx, step);
    }
    document_outputs(cx);
}

fn step_outputs(cx: &mut Cx, step: &Step) {
    let mut first: HashMap<&str, u32> = HashMap::new();
    for output in &step.outputs {
        let name = &output.name;
        if !name.value.is_empty() {
            if let Some(line) = first.get(name.value.as_str()) {
                cx.report_help(
                    "duplicate-output",
                    name.span,
                    format!(
                        "step `{}` declares output `{}` twice",
                        step.name.value, name.value
                    ),
                    Some(format!("first declared at line {line}")),
                );
            } else {
                first.insert(&name.value, name.span.line);
            }
        }
        let selector = &output.selector;
        if selector.value.is_empty() || has_reference(&selector.value) {
            continue; // missing-output-field came from lowering
        }
        if let Err(why) = Selector::parse(&selector.value) {
            cx.report_help(
                "invalid-selector",
                selector.span,
                why,
                Some(
                    "selectors are JSONPath such as `$.Reservations[0].Instances[0].InstanceId`"
                        .into(),
                ),
            );
        }
    }
}

fn document_outputs(cx: &mut Cx) {
    for item in &cx.doc.outputs {
        let text = item.value.trim();
        let Some((step_name, output)) = text.split_once('.') else {
            cx.report_help(
                "unknown-document-output",
                item.span,
                format!("document output `{text}` is not of the form `Step.Output`"),
                None,
            );
            continue;
        };
        let Some(id) = cx.steps.by_name(step_name) else {
            let help = did_you_mean(step_name, cx.steps.names());
            let msg = format!("document output `{text}` names no step `{step_name}`");
            cx.report_help("unknown-document-output", item.span, msg, help);
            continue;
        };
        let step = cx.steps.all[id].step;
        let Some(spec) = actions::lookup(&step.action.value) else {
            continue;
        };
        let declared = step.outputs.iter().map(|o| o.name.value.as_str());
        let names: Vec<&str> = spec
            .outputs
            .iter()
            .map(|o| o.name)
            .chain(declared)
            .collect();
        if !names.contains(&output) {
            let help = did_you_mean(output, names.iter().copied());
            let msg =
                format!("document output `{text}`: step `{step_name}` has no output `{output}`");
            cx.report_help("unknown-document-output", item.span, msg, help);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    const STEP: &str = "  - name: a\n    action: aws:executeAwsApi\n    inputs: {Service: '{{P}}', Api: A}\n    outputs:\n      - {Name: Id, Selector: $.Id, Type: String}\n";

    #[test]
    fn document_outputs_name_real_outputs() {
        let text = format!("outputs: [a.Id, a.Nope, b.Id, justtext]\n{}", doc(STEP));
        assert_eq!(
            codes(&text),
            [
                ("unknown-document-output", 1),
                ("unknown-document-output", 1),
                ("unknown-document-output", 1)
            ]
        );
        let text = format!("outputs: [a.Id]\n{}", doc(STEP));
        assert_eq!(codes(&text), []);
    }

    #[test]
    fn selectors_and_duplicates() {
        let text = doc(&format!(
            "{STEP}      - {{Name: Id, Selector: '$.[', Type: String}}\n"
        ));
        assert_eq!(
            codes(&text),
            [("duplicate-output", 15), ("invalid-selector", 15)]
        );
    }
}
