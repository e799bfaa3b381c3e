//! `{{ }}` references in step inputs, step outputs, `assumeRole` and defaults: each must
//! name something that exists. The service substitutes references in every input, long
//! texts such as `commands` and `TemplateBody` included, so all of them are checked.
//! Text between braces that is not a reference (CSS or f-string code in a script) stays
//! literal on the service and is left alone here.

use crate::actions;
use crate::parse::{Node, NodeKind};
use crate::source::Span;
use crate::template::{AUTOMATION_VARIABLES, GLOBALS, Reference, scan};
use crate::validate::context::{Cx, StepId, did_you_mean, sub_spans};

/// Where a reference was written; it decides which kinds are allowed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Input,
    /// Inside `aws:executeScript` `Script`, where `{{` is common in code.
    Script,
    AssumeRole,
    Default,
}

pub(super) struct Use {
    /// The step whose inputs or outputs hold the reference.
    pub user: Option<StepId>,
    pub reference: Reference,
    pub span: Span,
    place: Place,
}

/// Every reference in the document, in document order.
pub(super) fn collect(cx: &Cx) -> Vec<Use> {
    let mut uses = Vec::new();
    if let Some(node) = cx.doc.root.get("assumeRole") {
        scan_node(&mut uses, None, Place::AssumeRole, node);
    }
    let parameters = cx.doc.parameters.iter().filter_map(|p| p.default.as_ref());
    let variables = cx.doc.variables.iter().filter_map(|v| v.default.as_ref());
    for node in parameters.chain(variables) {
        scan_node(&mut uses, None, Place::Default, node);
    }
    for (id, entry) in cx.steps.all.iter().enumerate() {
        let action = entry.step.action.value.as_str();
        for (key, value) in entry.step.inputs.map().unwrap_or_default() {
            // A loop's body steps are steps of their own, visited on their own.
            if action == "aws:loop" && key.name == "Steps" {
                continue;
            }
            let script = action == "aws:executeScript" && key.name == "Script";
            let place = if script { Place::Script } else { Place::Input };
            scan_node(&mut uses, Some(id), place, value);
        }
        for output in &entry.step.outputs {
            for text in [&output.name, &output.selector] {
                for o in scan(&text.value) {
                    let (reference, span) = (o.reference, text.span);
                    let (user, place) = (Some(id), Place::Input);
                    uses.push(Use {
                        user,
                        reference,
                        span,
                        place,
                    });
                }
            }
        }
    }
    uses
}

/// The references in every string inside `node`.
fn scan_node(uses: &mut Vec<Use>, user: Option<StepId>, place: Place, node: &Node) {
    node.walk(&mut |n| {
        if let NodeKind::Str { value, .. } = &n.kind {
            let occurrences = scan(value);
            let ranges: Vec<_> = occurrences
                .iter()
                .map(|o| (o.start, o.end - o.start))
                .collect();
            for (o, span) in occurrences.into_iter().zip(sub_spans(n, &ranges)) {
                uses.push(Use {
                    user,
                    reference: o.reference,
                    span,
                    place,
                });
            }
        }
    });
}

pub(super) fn check(cx: &mut Cx) {
    for u in collect(cx) {
        check_use(cx, &u);
    }
}

fn check_use(cx: &mut Cx, u: &Use) {
    let span = u.span;
    match &u.reference {
        Reference::Parameter(name) => {
            // RESOURCE_ID is filled in by rate-controlled runs (spec §3.1).
            if cx.doc.parameter(name).is_some() || name == "RESOURCE_ID" {
                return;
            }
            // A default is filled in at start; a name that is no parameter stays literal text
            // there, which Maintenance Window tasks rely on (`{{TARGET_ID}}`, spec §8 item 22).
            if u.place == Place::Default {
                let msg = format!("`{name}` is not a declared parameter, so `{{{{{name}}}}}` stays literal text");
                let help = Some("a Maintenance Window task fills in its pseudo-parameters such as `{{TARGET_ID}}` itself".into());
                cx.report_warning("undefined-parameter", span, msg, help);
                return;
            }
            let help = if cx.doc.variable(name).is_some() {
                Some(format!("`{name}` is a variable: write `{{{{ variable:{name} }}}}`"))
            } else {
                did_you_mean(name, cx.doc.parameters.iter().map(|p| p.name.value.as_str()))
                    .or_else(|| Some(format!("declare it under `parameters:` or fix the name `{name}`")))
            };
            cx.report_help("undefined-parameter", span, format!("`{name}` is not a declared parameter"), help);
        }
        Reference::StepOutput { step, output } => step_output(cx, span, step, output),
        Reference::Variable(name) => {
            if cx.doc.variable(name).is_none() {
                let help = did_you_mean(name, cx.doc.variables.iter().map(|v| v.name.value.as_str()));
                cx.report_help("undefined-variable", span, format!("`{name}` is not a declared variable"), help);
            }
        }
        Reference::Automation(name) => {
            if !AUTOMATION_VARIABLES.contains(&name.as_str()) {
                let help = did_you_mean(name, AUTOMATION_VARIABLES.iter().copied())
                    .or_else(|| Some("the only automation variable is `automation:EXECUTION_ID`".into()));
                cx.report_help(
                    "unknown-automation-variable",
                    span,
                    format!("`automation:{name}` is not an automation variable"),
                    help,
                );
            }
        }
        Reference::Global(name) => {
            if !GLOBALS.contains(&name.as_str()) {
                let all: Vec<String> = GLOBALS.iter().map(|g| format!("`{g}`")).collect();
                let help = did_you_mean(name, GLOBALS.iter().copied())
                    .or_else(|| Some(format!("globals: {}", all.join(", "))));
                cx.report_help("unknown-global", span, format!("`global:{name}` is not a global variable"), help);
            }
        }
        Reference::Ssm { .. } if u.place == Place::Default => {}
        Reference::Ssm { name, .. } => {
            let what = if u.place == Place::AssumeRole { "`assumeRole`" } else { "a step" };
            cx.report_help(
                "ssm-reference-in-step",
                span,
                format!("Parameter Store reference `ssm:{name}` cannot be used in {what}"),
                Some("give a parameter `default: '{{ssm:NAME}}'` and reference the parameter instead".into()),
            );
        }
        Reference::SsmSecure(_) => cx.report_help(
            "ssm-secure-not-supported",
            span,
            "`ssm-secure:` references are a Command document feature, not an Automation one",
            Some("read the SecureString inside the step, e.g. with `aws:executeAwsApi` `GetParameter`".into()),
        ),
        Reference::Invalid(text) => {
            if u.place != Place::Script && u.reference.is_malformed() {
                let msg = format!("`{{{{{text}}}}}` is not a valid reference and stays literal text");
                cx.report("malformed-reference", span, msg);
            }
        }
    }
}

fn step_output(cx: &mut Cx, span: Span, step: &str, output: &str) {
    let Some(id) = cx.steps.by_name(step) else {
        let help = if cx.doc.parameter(step).is_some() {
            Some(format!(
                "`{step}` is a parameter; parameters have no outputs"
            ))
        } else {
            did_you_mean(step, cx.steps.names())
        };
        cx.report_help(
            "unknown-step-reference",
            span,
            format!("no step is named `{step}`"),
            help,
        );
        return;
    };
    let target = cx.steps.all[id].step;
    let Some(spec) = actions::lookup(&target.action.value) else {
        return; // unknown-action was reported; its outputs are unknowable
    };
    let declared = target.outputs.iter().map(|o| o.name.value.as_str());
    let mut names: Vec<&str> = spec
        .outputs
        .iter()
        .map(|o| o.name)
        .chain(declared)
        .collect();
    if names.contains(&output) {
        return;
    }
    names.sort_unstable();
    let help = did_you_mean(output, names.iter().copied()).or_else(|| {
        Some(if names.is_empty() {
            format!(
                "`{}` has no built-in outputs: declare one under the step's `outputs:`",
                spec.name
            )
        } else {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("outputs of `{step}`: {}", list.join(", "))
        })
    });
    cx.report_help(
        "unknown-output",
        span,
        format!("step `{step}` has no output `{output}`"),
        help,
    );
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    fn api(inputs: &str) -> String {
        doc(&format!(
            "  - name: a\n    action: aws:executeAwsApi\n    inputs: {{Service: '{{{{P}}}}', Api: A, {inputs}}}\n    outputs:\n      - {{Name: Out, Selector: $.X, Type: String}}\n  - name: b\n    action: aws:executeAwsApi\n    inputs: {{Service: '{{{{P}}}}', Api: A, X: '{{{{ a.Out }}}}'}}\n"
        ))
    }

    #[test]
    fn good_references_pass() {
        let inputs = "X: 'x{{ P }}{{L}} {{global:REGION}} {{ automation:EXECUTION_ID }}'";
        assert_eq!(codes(&api(inputs)), []);
    }

    #[test]
    fn each_kind_of_bad_reference() {
        let cases = [
            ("X: '{{ Q }}'", "undefined-parameter"),
            ("X: '{{ zz.Out }}'", "unknown-step-reference"),
            ("X: '{{ b.Nope }}'", "unknown-output"),
            ("X: '{{ variable:v }}'", "undefined-variable"),
            (
                "X: '{{ automation:DOCUMENT_NAME }}'",
                "unknown-automation-variable",
            ),
            ("X: '{{ global:TIME }}'", "unknown-global"),
            ("X: '{{ssm:/a/b}}'", "ssm-reference-in-step"),
            ("X: '{{ssm-secure:/a/b}}'", "ssm-secure-not-supported"),
            ("X: '{{ a..b }}'", "malformed-reference"),
        ];
        for (input, code) in cases {
            let found = codes(&api(input));
            assert!(
                found.iter().any(|(c, l)| *c == code && *l == 12),
                "{input}: {found:?}"
            );
        }
    }

    #[test]
    fn columns_point_inside_the_string() {
        let checked =
            crate::validate::check(&crate::source::SourceFile::new("t", api("X: 'ab {{ Q }}'")));
        let d = &checked.diagnostics[0];
        assert_eq!((d.span.line, d.span.col, d.span.end_col), (12, 47, 54));
    }

    #[test]
    fn loop_outputs_are_visible_in_the_body() {
        let text = doc(concat!(
            "  - name: l\n    action: aws:loop\n    inputs:\n      Iterators: [a]\n      Steps:\n",
            "        - name: s\n          action: aws:executeAwsApi\n",
            "          inputs: {Service: '{{P}}', Api: A, X: '{{ l.CurrentIteratorValue }}', Y: '{{ l.CurrentIteration }}'}\n",
        ));
        assert_eq!(codes(&text), []);
    }

    #[test]
    fn ssm_references_are_fine_in_defaults_only() {
        let text = doc("  - name: a\n    action: aws:pause\n")
            .replace("default: x", "default: '{{ssm:/ami/latest}}'");
        assert_eq!(codes(&text), []);
        let text = format!(
            "assumeRole: '{{{{ssm:/role}}}}'\n{}",
            doc("  - name: a\n    action: aws:pause\n")
        );
        assert_eq!(codes(&text), [("ssm-reference-in-step", 1)]);
    }

    #[test]
    fn script_code_is_not_a_reference() {
        let text = doc(
            "  - name: a\n    action: aws:executeScript\n    inputs:\n      Runtime: python3.11\n      Handler: h\n      Script: |-\n        def h(e, c):\n          return f\"{{ color: red; }}{{}}\"\n",
        );
        assert_eq!(codes(&text), []);
    }
}
