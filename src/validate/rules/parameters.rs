//! Parameter and variable declarations: defaults fit their type and constraints, patterns
//! compile, `allowedValues` is a list, and bounds are ordered.

use crate::document::{DataType, Parameter, Spanned, Variable};
use crate::params;
use crate::validate::context::{Cx, node_has_reference};
use serde_json::Value;

pub(super) fn check(cx: &mut Cx) {
    let doc = cx.doc;
    for p in &doc.parameters {
        let pattern_ok = pattern(cx, p);
        allowed_values(cx, p);
        bounds(cx, "Items", &p.min_items, &p.max_items);
        bounds(cx, "Chars", &p.min_chars, &p.max_chars);
        default(cx, p, pattern_ok);
    }
    for v in &doc.variables {
        variable_default(cx, v);
    }
}

/// Whether the pattern can be used to check values. The service checks `allowedPattern`
/// with Java regex, so Java-only syntax (look-around, backreferences, `[\w-.]`) is valid
/// there: such a pattern only warns that this runner cannot check it. Errors are kept for
/// mistakes every regex flavour rejects.
fn pattern(cx: &mut Cx, p: &Parameter) -> bool {
    let Some(pattern) = &p.allowed_pattern else {
        return true;
    };
    let Err(why) = crate::params::Pattern::check_syntax(&pattern.value) else {
        return true;
    };
    const BROKEN_EVERYWHERE: &[&str] = &[
        "unclosed group",
        "unopened group",
        "unclosed character class",
        "repetition operator missing expression",
        "unclosed counted repetition",
        "invalid repetition count",
        "incomplete escape sequence",
    ];
    if BROKEN_EVERYWHERE.iter().any(|b| why.contains(b)) {
        let msg = format!(
            "`allowedPattern` of parameter `{}` is not a valid regular expression: {why}",
            p.name.value
        );
        cx.report("invalid-pattern", pattern.span, msg);
    } else {
        let why = if why.contains("look-around") {
            "it uses look-around, which is Java-only syntax".to_string()
        } else if why.contains("backreference") {
            "it uses backreferences, which are Java-only syntax".to_string()
        } else {
            why
        };
        let msg = format!(
            "`allowedPattern` of parameter `{}` is accepted by the service but cannot be checked by this runner: {why}",
            p.name.value
        );
        cx.report_help(
            "unsupported-pattern",
            pattern.span,
            msg,
            Some("an execution given a value for this parameter cannot start locally, because the value cannot be checked".into()),
        );
    }
    false
}

fn allowed_values(cx: &mut Cx, p: &Parameter) {
    let Some(node) = &p.allowed_values else {
        return;
    };
    if node.seq().is_none() {
        let msg = format!(
            "`allowedValues` of parameter `{}` must be a list, found {}",
            p.name.value,
            node.kind_name()
        );
        cx.report("invalid-allowed-values", node.span, msg);
    }
}

fn bounds(cx: &mut Cx, what: &str, min: &Option<Spanned<i64>>, max: &Option<Spanned<i64>>) {
    // A negative maximum refuses every value; a negative minimum is met by every value.
    if let Some(b) = max.as_ref().filter(|b| b.value < 0) {
        let msg = format!("`max{what}` is {}, so no value fits", b.value);
        cx.report("invalid-bounds", b.span, msg);
    }
    if let Some(b) = min.as_ref().filter(|b| b.value < 0) {
        let msg = format!("`min{what}` is {}, which every value meets", b.value);
        cx.report_warning("invalid-bounds", b.span, msg, None);
    }
    if let (Some(min), Some(max)) = (min, max)
        && min.value > max.value
    {
        let msg = format!(
            "`min{what}` is {}, above `max{what}` {}",
            min.value, max.value
        );
        cx.report("invalid-bounds", min.span, msg);
    }
}

/// A default of the wrong type is refused by the service (spec §2: "rejected as document
/// defaults"). One that only breaks its own constraints is accepted: AWS-owned runbooks
/// write `default: ''` with an `allowedPattern` to mean "required" (spec §8 item 23). Such a
/// run fails at start without a value and works with one, so that case only warns.
fn default(cx: &mut Cx, p: &Parameter, pattern_ok: bool) {
    let Some(node) = &p.default else { return };
    // `{{ssm:…}}` and other references are resolved when the run starts.
    if p.ty.is_none() || node_has_reference(node) {
        return;
    }
    let Some(value) = params::default_value(p) else {
        return;
    };
    // A pattern that is costly to compile is left to the run, which checks the value it
    // starts with: a single-file validate (pre-commit, editor) should not pay for it.
    let pattern_ok = pattern_ok
        && p.allowed_pattern
            .as_ref()
            .is_none_or(|pat| params::Pattern::is_small(&pat.value));
    if let Err(why) = params::check_default_type(p, &value) {
        cx.report("invalid-default", node.span, why);
        return;
    }
    let checked = if pattern_ok {
        params::check_value(p, &value)
    } else {
        let without = Parameter {
            allowed_pattern: None,
            ..p.clone()
        };
        params::check_value(&without, &value)
    };
    if let Err(why) = checked {
        let help = format!(
            "a run started without a value for `{}` fails; a value given at start is checked instead",
            p.name.value
        );
        cx.report_warning("invalid-default", node.span, why, Some(help));
    }
}

fn variable_default(cx: &mut Cx, v: &Variable) {
    let (Some(ty), Some(node)) = (v.ty, &v.default) else {
        return;
    };
    if node_has_reference(node) {
        return;
    }
    let written = node.to_json();
    // Like parameters, a list or map may be written as JSON text (`default: "{}"`).
    let decoded = match (&written, ty) {
        (Value::String(s), DataType::StringList | DataType::StringMap | DataType::MapList) => {
            serde_json::from_str::<Value>(s).ok()
        }
        _ => None,
    };
    if !ty.accepts(&written) && !decoded.is_some_and(|d| ty.accepts(&d)) {
        let msg = format!(
            "the default of variable `{}` must be a {}, but it is {}",
            v.name.value,
            ty.name(),
            node.kind_name()
        );
        // The service does not type-check variable defaults at create (spec §1 shows a
        // StringMap written as text); a step reading the variable may still work.
        cx.report_warning("invalid-default", node.span, msg, None);
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::codes;

    fn text(params: &str) -> String {
        format!(
            "schemaVersion: '0.3'\nparameters:\n{params}mainSteps:\n  - name: a\n    action: aws:pause\n"
        )
    }

    fn with_params(params: &str) -> Vec<(&'static str, u32)> {
        codes(&text(params))
    }

    /// Each code with whether it is an error.
    fn severities(params: &str) -> Vec<(&'static str, bool)> {
        let checked = crate::validate::check(&crate::source::SourceFile::new("t", text(params)));
        checked
            .diagnostics
            .iter()
            .map(|d| (d.code, d.is_error()))
            .collect()
    }

    #[test]
    fn defaults_fit_their_type_and_rules() {
        assert_eq!(with_params("  N:\n    type: Integer\n    default: 3\n"), []);
        assert_eq!(
            with_params("  N:\n    type: Integer\n    default: '3'\n"),
            [("invalid-default", 5)]
        );
        assert_eq!(
            with_params("  S:\n    type: String\n    default: c\n    allowedValues: [a, b]\n"),
            [("invalid-default", 5)]
        );
        assert_eq!(
            severities(
                "  S:\n    type: String\n    default: ''\n    allowedPattern: ^vol-[0-9a-f]{8,17}$\n"
            ),
            [("invalid-default", false)]
        );
        assert_eq!(
            severities("  N:\n    type: Integer\n    default: x\n"),
            [("invalid-default", true)]
        );
        assert_eq!(
            with_params(
                "  S:\n    type: String\n    default: '{{ssm:/x}}'\n    allowedPattern: ^a$\n"
            ),
            []
        );
        assert_eq!(
            with_params("  M:\n    type: StringMap\n    default: '{}'\n"),
            []
        );
    }

    #[test]
    fn patterns() {
        assert_eq!(
            with_params("  S:\n    type: String\n    allowedPattern: '^(a$'\n"),
            [("invalid-pattern", 5)]
        );
        assert_eq!(
            with_params("  S:\n    type: String\n    allowedPattern: '^(?!x)a$'\n    default: b\n"),
            [("invalid-default", 6)]
        );
        assert_eq!(
            with_params("  S:\n    type: String\n    allowedPattern: '^\\p{javaLowerCase}+$'\n"),
            [("unsupported-pattern", 5)]
        );
    }

    #[test]
    fn allowed_values_and_bounds() {
        assert_eq!(
            with_params("  S:\n    type: String\n    allowedValues: a\n"),
            [("invalid-allowed-values", 5)]
        );
        assert_eq!(
            with_params("  S:\n    type: StringList\n    minItems: 3\n    maxItems: 1\n"),
            [("invalid-bounds", 5)]
        );
        assert_eq!(
            with_params("  S:\n    type: String\n    maxChars: -1\n"),
            [("invalid-bounds", 5)]
        );
    }

    #[test]
    fn variable_defaults() {
        let text = "schemaVersion: '0.3'\nvariables:\n  v:\n    type: Integer\n    default: x\n  m:\n    type: StringMap\n    default: '{}'\nmainSteps:\n  - name: a\n    action: aws:pause\n";
        assert_eq!(codes(text), [("invalid-default", 5)]);
    }
}
