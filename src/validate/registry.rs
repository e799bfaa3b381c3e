//! Every diagnostic code the pipeline can produce, with its severity and a one-line summary.
//! One table drives the validator's severities, docs/diagnostics.md (a test keeps them in
//! step) and SARIF rule metadata, so a code is described in exactly one place.

use crate::diagnostic::Severity;

/// A diagnostic code and what it means. Codes are stable: CI configurations refer to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// For an error code: the cases where the same finding is only a warning, because
    /// there the service accepts the document and the step may still run.
    pub warning_when: Option<&'static str>,
}

const fn error(code: &'static str, summary: &'static str) -> Rule {
    Rule {
        code,
        severity: Severity::Error,
        summary,
        warning_when: None,
    }
}

const fn warning(code: &'static str, summary: &'static str) -> Rule {
    Rule {
        code,
        severity: Severity::Warning,
        summary,
        warning_when: None,
    }
}

/// An error that is a warning in the cases `when` names (the rule decides which case).
const fn graded(code: &'static str, summary: &'static str, when: &'static str) -> Rule {
    Rule {
        code,
        severity: Severity::Error,
        summary,
        warning_when: Some(when),
    }
}

/// All codes in pipeline order: reading the text, lowering it, then the validator's rules.
pub fn rules() -> &'static [Rule] {
    RULES
}

/// The registered rule for `code`, if any.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

static RULES: &[Rule] = &[
    // Reading the text (crate::parse).
    error("invalid-utf8", "the file is not valid UTF-8"),
    error("input-too-large", "the file is larger than the size budget"),
    error("syntax-error", "the text is not valid YAML or JSON"),
    error(
        "multiple-documents",
        "a YAML file holds more than one document",
    ),
    error("empty-document", "the file holds no document"),
    warning(
        "duplicate-key",
        "a mapping has the same key twice (the last value is used)",
    ),
    warning(
        "cloudformation-function",
        "the runbook holds CloudFormation functions (`!Sub`, `Fn::Join`, …), filled in as far as they can be known",
    ),
    error(
        "nesting-too-deep",
        "the document nests deeper than the budget",
    ),
    error(
        "too-many-nodes",
        "the document expands to too many nodes (aliases included)",
    ),
    // Lowering into the document model (crate::document).
    error("not-a-mapping", "the document's top level is not a mapping"),
    warning("unknown-key", "a key that the schema does not have"),
    error("invalid-type", "a field holds the wrong kind of value"),
    error("missing-schema-version", "`schemaVersion` is missing"),
    error("missing-main-steps", "`mainSteps` is missing"),
    error("missing-parameter-type", "a parameter has no `type`"),
    error(
        "unknown-parameter-type",
        "a parameter `type` is not a known type",
    ),
    error("missing-variable-type", "a variable has no `type`"),
    error(
        "unknown-variable-type",
        "a variable `type` is not a known data type",
    ),
    error("missing-step-name", "a step has no `name`"),
    error("missing-action", "a step has no `action`"),
    error(
        "missing-output-field",
        "a step output lacks `Name` or `Selector`",
    ),
    warning(
        "missing-output-type",
        "a step output has no `Type`; String is assumed",
    ),
    error(
        "unknown-output-type",
        "a step output `Type` is not a known data type",
    ),
    // The document as a whole.
    error("schema-version", "`schemaVersion` is not `0.3`"),
    // Steps.
    error(
        "invalid-step-name",
        "a step name does not match `^[a-zA-Z0-9_]+$`",
    ),
    error(
        "duplicate-step-name",
        "two steps, loop bodies included, have the same name",
    ),
    error("unknown-action", "`action` is not an Automation action"),
    error("missing-input", "a required input of the action is missing"),
    warning("unknown-input", "an input the action does not take"),
    error("input-type", "a literal input value has the wrong type"),
    // API actions against the service models (rules/aws_api.rs, rules/aws_selectors.rs).
    error(
        "unknown-aws-service",
        "the `Service` of an API action is not a boto3 service",
    ),
    error(
        "unknown-aws-operation",
        "the `Api` of an API action is not an operation of its service",
    ),
    error(
        "unknown-api-parameter",
        "a request member the operation does not take",
    ),
    error(
        "missing-api-parameter",
        "a request member the operation requires is missing",
    ),
    warning(
        "api-parameter-type",
        "a request value of another type than the member's",
    ),
    warning(
        "api-parameter-value",
        "a request value outside the member's enum or minimum",
    ),
    error(
        "property-selector-not-in-response",
        "a `PropertySelector` that never matches the operation's response",
    ),
    warning(
        "output-selector-not-in-response",
        "an output `Selector` that never matches the operation's response",
    ),
    warning(
        "desired-value-not-in-enum",
        "a desired value the selected member never takes",
    ),
    error(
        "input-one-of",
        "inputs of a one-of or mutually exclusive group are missing or combined",
    ),
    error(
        "invalid-input-value",
        "a literal input value is outside the action's documented set",
    ),
    warning("invalid-max-attempts", "`maxAttempts` is below 1"),
    warning(
        "timeout-too-large",
        "`timeoutSeconds` is above the action's maximum run time",
    ),
    error(
        "unknown-attachment",
        "an `aws:executeScript` `Attachment` names no `files` entry",
    ),
    error(
        "invalid-document-name",
        "an `aws:executeAutomation` `DocumentName` is neither a document name nor a document ARN",
    ),
    warning(
        "recursive-automation",
        "an `aws:executeAutomation` step starts the runbook it belongs to",
    ),
    error(
        "invalid-duration",
        "an `aws:sleep` `Duration` is not a valid ISO 8601 duration",
    ),
    error(
        "invalid-timestamp",
        "an `aws:sleep` `Timestamp` is not an RFC 3339 instant",
    ),
    // Control flow targets.
    error(
        "unknown-step",
        "a transition names no step of its list (or, from a loop body, of an enclosing list)",
    ),
    error(
        "invalid-on-failure",
        "`onFailure` is not `Abort`, `Continue` or `step:<name>`",
    ),
    error(
        "invalid-on-cancel",
        "`onCancel` is not `Abort` or `step:<name>`",
    ),
    warning(
        "forbidden-cancel-target",
        "`onCancel` jumps to a step whose action may not run on cancel",
    ),
    warning(
        "on-cancel-not-allowed",
        "`onCancel` is set on an `aws:loop` or `aws:updateVariable` step",
    ),
    // Branches and loops.
    error(
        "unknown-operator",
        "a condition uses an operator that does not exist",
    ),
    error(
        "invalid-choice",
        "a branch choice or condition is malformed",
    ),
    error(
        "invalid-loop",
        "an `aws:loop` has a bad iterator, condition or `MaxIterations`",
    ),
    // References.
    graded(
        "undefined-parameter",
        "`{{ Name }}` names no declared parameter",
        "in a parameter or variable default, where the text passes through",
    ),
    error(
        "unknown-step-reference",
        "`{{ Step.Output }}` names no step",
    ),
    error(
        "unknown-output",
        "`{{ Step.Output }}` names an output the step does not produce",
    ),
    error(
        "undefined-variable",
        "`{{ variable:Name }}` names no declared variable",
    ),
    error(
        "unknown-automation-variable",
        "`{{ automation:NAME }}` is not `EXECUTION_ID`",
    ),
    error(
        "unknown-global",
        "`{{ global:NAME }}` is not a known global",
    ),
    error(
        "ssm-reference-in-step",
        "`{{ssm:…}}` outside a parameter default",
    ),
    error(
        "ssm-secure-not-supported",
        "`{{ssm-secure:…}}` is not an Automation feature",
    ),
    warning(
        "malformed-reference",
        "`{{ … }}` that looks like a reference but is not one",
    ),
    // Flow analysis.
    warning(
        "output-maybe-unset",
        "a step output is used where its step may not have run",
    ),
    warning(
        "unreachable-step",
        "no path from the first step reaches this step",
    ),
    error(
        "unconditional-cycle",
        "steps form a cycle with no branch or failure exit",
    ),
    // Parameters and variables.
    graded(
        "invalid-default",
        "a default does not fit its type or constraints",
        "a parameter default of the right type fails `allowedPattern`, `allowedValues` or a bound, or a variable default has the wrong type",
    ),
    error(
        "invalid-pattern",
        "`allowedPattern` is not a valid regular expression in any flavour",
    ),
    warning(
        "unsupported-pattern",
        "`allowedPattern` uses Java-only syntax the runner cannot check",
    ),
    warning("invalid-allowed-values", "`allowedValues` is not a list"),
    graded(
        "invalid-bounds",
        "a minimum is above its maximum, or a bound is negative",
        "only a minimum is negative, which every value meets",
    ),
    // Outputs.
    warning(
        "unknown-document-output",
        "a document output is not an existing `Step.Output`",
    ),
    error(
        "invalid-selector",
        "a step output `Selector` is not a supported JSONPath",
    ),
    warning(
        "duplicate-output",
        "a step declares two outputs with the same name",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in rules() {
            assert!(seen.insert(r.code), "duplicate code {}", r.code);
            assert!(
                r.code.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "{} is not kebab-case",
                r.code
            );
            assert!(
                !r.summary.ends_with('.'),
                "{}: summary ends with a period",
                r.code
            );
        }
    }

    /// docs/diagnostics.md is the published list; a code missing there is undocumented.
    #[test]
    fn docs_mention_every_code() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let missing: Vec<_> = rules()
            .iter()
            .filter(|r| !text.contains(&format!("`{}`", r.code)))
            .map(|r| r.code)
            .collect();
        assert!(missing.is_empty(), "docs/diagnostics.md lacks {missing:?}");
    }

    /// Each row of docs/diagnostics.md gives the registry's severity, and every error says
    /// which half of the rule justifies it.
    #[test]
    fn docs_give_each_code_its_severity_and_reason() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/diagnostics.md");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for r in rules() {
            let row = text
                .lines()
                .find(|l| l.starts_with(&format!("| `{}` |", r.code)))
                .unwrap_or_else(|| panic!("no row for {}", r.code));
            let cells: Vec<&str> = row.split(" | ").collect();
            let severity = match (r.severity, r.warning_when) {
                (Severity::Warning, _) => "warning",
                (Severity::Error, None) => "error",
                (Severity::Error, Some(_)) => "error / warning",
            };
            assert_eq!(cells.get(1), Some(&severity), "{row}");
            let why = cells.last().copied().unwrap_or_default();
            assert_eq!(
                r.severity == Severity::Error,
                why != "— |",
                "an error needs its reason, a warning none: {row}"
            );
        }
    }
}
