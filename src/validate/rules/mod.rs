//! The validator's rules, one file per family. Each family reads the whole document through
//! [`Cx`] and reports what it finds; no family depends on another's results, so their order
//! only decides the order of diagnostics before they are sorted by position.

mod aws_api;
mod aws_selectors;
mod branch;
mod child;
mod document;
mod flow;
pub(super) mod graph;
mod inputs;
mod names;
mod outputs;
mod parameters;
mod references;
mod script;
mod targets;
mod timing;

use super::context::Cx;

/// Every rule family, in the order the document reads: top level, steps, then cross-step
/// analysis.
const FAMILIES: &[fn(&mut Cx)] = &[
    document::check,
    parameters::check,
    names::check,
    inputs::check,
];

/// The family that reads the AWS service models, run between the others.
const MODEL_FAMILY: fn(&mut Cx) = aws_api::check;

const LATER_FAMILIES: &[fn(&mut Cx)] = &[
    timing::check,
    targets::check,
    branch::check,
    references::check,
    script::check,
    child::check,
    outputs::check,
    flow::check,
];

pub(super) fn run(cx: &mut Cx) {
    run_with(cx, true);
}

/// Every family, or every family but the one reading the service models.
pub(super) fn run_with(cx: &mut Cx, model_rules: bool) {
    FAMILIES.iter().for_each(|family| family(cx));
    if model_rules {
        MODEL_FAMILY(cx);
    }
    LATER_FAMILIES.iter().for_each(|family| family(cx));
}

/// Shared by the unit tests beneath each rule: validate a YAML text and list the codes
/// found with their lines.
#[cfg(test)]
pub(super) mod testing {
    use crate::source::SourceFile;

    /// `(code, line)` of every diagnostic `check` reports for `text`.
    pub fn codes(text: &str) -> Vec<(&'static str, u32)> {
        let checked = crate::validate::check(&SourceFile::new("test.yaml", text));
        checked
            .diagnostics
            .iter()
            .map(|d| (d.code, d.span.line))
            .collect()
    }

    /// A runbook with the given steps (YAML list items indented by two spaces) and a
    /// parameter `P` (String) and `L` (StringList).
    pub fn doc(steps: &str) -> String {
        format!(
            "schemaVersion: '0.3'\nparameters:\n  P:\n    type: String\n    default: x\n  L:\n    type: StringList\n    default: [a]\nmainSteps:\n{steps}"
        )
    }
}
