//! Step names: the documented pattern, and uniqueness across the whole document. Loop body
//! steps share the namespace because step records, `{{ Step.Output }}` references and
//! document outputs name steps without saying which list they are in.

use crate::validate::context::Cx;
use std::collections::HashMap;

pub(super) fn check(cx: &mut Cx) {
    let mut first: HashMap<&str, u32> = HashMap::new();
    let steps: Vec<_> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        let name = &step.name;
        if name.value.is_empty() {
            continue; // missing-step-name or invalid-type came from lowering
        }
        if !valid_name(&name.value) {
            cx.report_help(
                "invalid-step-name",
                name.span,
                format!(
                    "step name `{}` may hold only letters, digits and `_`",
                    name.value
                ),
                Some(format!("try `{}`", fixed_name(&name.value))),
            );
        }
        match first.get(name.value.as_str()) {
            Some(line) => cx.report_help(
                "duplicate-step-name",
                name.span,
                format!("step name `{}` is used twice", name.value),
                Some(format!("first defined at line {line}")),
            ),
            None => {
                first.insert(&name.value, name.span.line);
            }
        }
    }
}

/// `^[a-zA-Z0-9_]+$`
fn valid_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

fn fixed_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::{codes, doc};

    #[test]
    fn names_follow_the_pattern() {
        let text =
            doc("  - name: ok_1\n    action: aws:pause\n  - name: not-ok\n    action: aws:pause\n");
        assert_eq!(codes(&text), [("invalid-step-name", 12)]);
    }

    #[test]
    fn duplicates_are_found_inside_loops_too() {
        let text = doc(concat!(
            "  - name: a\n    action: aws:pause\n",
            "  - name: l\n    action: aws:loop\n    inputs:\n      Iterators: [x]\n      Steps:\n",
            "        - name: a\n          action: aws:pause\n",
        ));
        let found = codes(&text);
        assert_eq!(found, [("duplicate-step-name", 17)]);
    }

    #[test]
    fn help_names_the_first_definition() {
        let text = doc("  - name: a\n    action: aws:pause\n  - name: a\n    action: aws:pause\n");
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text));
        let d = &checked.diagnostics[0];
        assert_eq!(d.help.as_deref(), Some("first defined at line 10"));
    }
}
