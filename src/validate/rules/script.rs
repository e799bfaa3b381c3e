//! Script and variable actions whose inputs refer to other parts of the document:
//! `aws:executeScript` attachments name `files` entries, and `aws:updateVariable` names a
//! declared variable and gives it a value of its type.

use super::inputs::wrong_shape;
use crate::actions::InputType;
use crate::document::Step;
use crate::validate::context::{Cx, did_you_mean, has_reference, node_has_reference};

pub(super) fn check(cx: &mut Cx) {
    let steps: Vec<&Step> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        match step.action.value.as_str() {
            "aws:executeScript" => attachment(cx, step),
            "aws:updateVariable" => update_variable(cx, step),
            _ => {}
        }
    }
}

fn attachment(cx: &mut Cx, step: &Step) {
    let Some(node) = step.inputs.get("Attachment") else {
        return;
    };
    let Some(name) = node.str().filter(|s| !has_reference(s)) else {
        return;
    };
    let files = &cx.doc.files;
    if files.iter().any(|f| f.name.value == name) {
        return;
    }
    let help = did_you_mean(name, files.iter().map(|f| f.name.value.as_str())).or_else(|| {
        Some(format!("declare it under `files:` with its checksum: `files: {{{name}: {{checksums: {{sha256: …}}}}}}`"))
    });
    let msg = format!("attachment `{name}` is not declared under `files`");
    cx.report_help("unknown-attachment", node.span, msg, help);
}

fn update_variable(cx: &mut Cx, step: &Step) {
    let Some(node) = step.inputs.get("Name") else {
        return;
    }; // missing-input
    let Some(text) = node.str().filter(|s| !has_reference(s)) else {
        return;
    };
    let Some(name) = text.trim().strip_prefix("variable:") else {
        let msg = format!("`Name` must be `variable:<name>`, found `{text}`");
        let help = cx
            .doc
            .variable(text)
            .map(|_| format!("write `variable:{text}`"));
        cx.report_help("invalid-input-value", node.span, msg, help);
        return;
    };
    let Some(variable) = cx.doc.variable(name) else {
        let help = did_you_mean(name, cx.doc.variables.iter().map(|v| v.name.value.as_str()));
        cx.report_help(
            "undefined-variable",
            node.span,
            format!("`{name}` is not a declared variable"),
            help,
        );
        return;
    };
    let (Some(ty), Some(value)) = (variable.ty, step.inputs.get("Value")) else {
        return;
    };
    if node_has_reference(value) {
        return;
    }
    if let Some(found) = wrong_shape(InputType::Data(ty), value) {
        let msg = format!(
            "variable `{name}` is a {}, but `Value` is {found}",
            ty.name()
        );
        cx.report("input-type", value.span, msg);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::codes;

    #[test]
    fn attachments_name_files() {
        let text = "schemaVersion: '0.3'\nfiles:\n  s.zip:\n    checksums: {sha256: abc}\nmainSteps:\n  - name: a\n    action: aws:executeScript\n    inputs: {Runtime: python3.11, Handler: s.h, Attachment: t.zip}\n";
        assert_eq!(codes(text), [("unknown-attachment", 8)]);
        assert_eq!(codes(&text.replace("t.zip", "s.zip")), []);
    }

    #[test]
    fn update_variable_names_a_declared_variable() {
        let doc = |inputs: &str| {
            format!(
                "schemaVersion: '0.3'\nvariables:\n  v:\n    type: Integer\n    default: 1\nmainSteps:\n  - name: a\n    action: aws:updateVariable\n    inputs: {{{inputs}}}\n"
            )
        };
        assert_eq!(codes(&doc("Name: 'variable:v', Value: 2")), []);
        assert_eq!(
            codes(&doc("Name: 'variable:w', Value: 2")),
            [("undefined-variable", 9)]
        );
        assert_eq!(
            codes(&doc("Name: v, Value: 2")),
            [("invalid-input-value", 9)]
        );
        assert_eq!(
            codes(&doc("Name: 'variable:v', Value: [2]")),
            [("input-type", 9)]
        );
    }
}
