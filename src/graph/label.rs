//! Conditions and values written back as short readable text, for edge labels and for the
//! sentences of `run --explain`: `{{ describe.State }} StringEquals "running"`.

use crate::condition::Condition;
use crate::template::{Part, Template};
use serde_json::Value;

/// A condition as one line: operands as written, `and`/`or`/`not` between parts.
pub fn condition(c: &Condition<Template>) -> String {
    match c {
        Condition::Simple {
            variable,
            operator,
            operand,
        } => format!(
            "{} {} {}",
            template(variable),
            operator.name(),
            template(operand)
        ),
        Condition::And(items) => joined(items, " and "),
        Condition::Or(items) => joined(items, " or "),
        Condition::Not(inner) => format!("not ({})", condition(inner)),
    }
}

fn joined(items: &[Condition<Template>], sep: &str) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|c| match c {
            Condition::Simple { .. } | Condition::Not(_) => condition(c),
            _ => format!("({})", condition(c)),
        })
        .collect();
    parts.join(sep)
}

/// A value as written: references as `{{ Name }}`, strings quoted, the rest as JSON.
pub fn template(t: &Template) -> String {
    match t {
        Template::Literal(v) => value(v),
        Template::Whole(o) => format!("{{{{ {} }}}}", o.reference),
        Template::Text(parts) => {
            let mut text = String::new();
            for part in parts {
                match part {
                    Part::Text(s) => text.push_str(s),
                    Part::Ref(o) => text.push_str(&format!("{{{{ {} }}}}", o.reference)),
                }
            }
            quoted(&text)
        }
        Template::Array(items) => {
            let items: Vec<String> = items.iter().map(|(t, _)| template(t)).collect();
            format!("[{}]", items.join(", "))
        }
        Template::Object(items) => {
            let items: Vec<String> = items
                .iter()
                .map(|(k, t)| format!("{}: {}", quoted(k), template(t)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

/// A resolved value: strings quoted, the rest as compact JSON.
pub fn value(v: &Value) -> String {
    match v {
        Value::String(s) => quoted(s),
        other => other.to_string(),
    }
}

fn quoted(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(v: Value) -> Condition<Template> {
        Condition::from_json(&v)
            .expect("condition parses")
            .map(&Template::new)
    }

    #[test]
    fn simple_conditions_read_as_written() {
        let c = parsed(json!({"Variable": "{{ describe.State }}", "StringEquals": "running"}));
        assert_eq!(
            condition(&c),
            r#"{{ describe.State }} StringEquals "running""#
        );
        let c = parsed(json!({"Variable": "{{Count}}", "NumericGreater": 3}));
        assert_eq!(condition(&c), "{{ Count }} NumericGreater 3");
    }

    #[test]
    fn compound_conditions_keep_their_grouping() {
        let c = parsed(json!({"Or": [
            {"And": [
                {"Variable": "{{A}}", "StringEquals": "x"},
                {"Variable": "{{B}}", "BooleanEquals": true}
            ]},
            {"Not": {"Variable": "id-{{C}}", "Contains": "y"}}
        ]}));
        assert_eq!(
            condition(&c),
            r#"({{ A }} StringEquals "x" and {{ B }} BooleanEquals true) or not ("id-{{ C }}" Contains "y")"#
        );
    }
}
