//! Conditions of `aws:branch` choices and `aws:loop` `LoopCondition` (spec §5.3, §5.17).
//!
//! Parsing and evaluating are separate so validation can check every condition before a
//! run, and the executor only evaluates. Evaluation rules AWS leaves open, chosen here:
//! - string operators compare case-sensitively, except `EqualsIgnoreCase`; a number or
//!   boolean on either side is compared as its text (`3`, `true`), a list or map is an error;
//! - numeric operators read numbers or numeric strings as `f64`; anything else is an error;
//! - `BooleanEquals` reads booleans or the strings `true`/`false` in any case;
//! - `And` and `Or` stop at the first item that decides the result, so a later item that
//!   cannot be evaluated is not reached (as `&&` and `||` do).

use crate::diagnostic::suggest;
use crate::template::{describe as kind, stringify};
use serde_json::{Map, Value};

mod operator;

pub use operator::{OPERATORS, Operator};

/// The keys that introduce a condition.
const FORMS: &[&str] = &["Variable", "And", "Or", "Not"];

/// A condition over operands of type `T`: the values as written (`Value`, which may hold
/// `{{ }}` references), or the templates the engine compiles them into.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition<T = Value> {
    Simple {
        variable: T,
        operator: Operator,
        operand: T,
    },
    And(Vec<Condition<T>>),
    Or(Vec<Condition<T>>),
    Not(Box<Condition<T>>),
}

impl Condition {
    /// From a Choice / LoopCondition object (ignoring the key NextStep). Err explains what is
    /// wrong (no condition, two conditions, unknown operator, Not holding a list...)
    ///
    /// Whether `Variable` is a reference is left to validation: this only checks shape.
    pub fn from_json(v: &Value) -> Result<Condition, String> {
        let Some(map) = v.as_object() else {
            return Err(format!("a condition must be a map, found {}", kind(v)));
        };
        let keys: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| *k != "NextStep")
            .collect();
        let forms: Vec<&str> = keys.iter().copied().filter(|k| FORMS.contains(k)).collect();
        match forms.as_slice() {
            [] => Err(no_condition(&keys)),
            ["Variable"] => simple(map, &keys),
            [form] => {
                if let Some(extra) = keys.iter().find(|k| *k != form) {
                    return Err(format!("unexpected key `{extra}` next to `{form}`"));
                }
                compound(form, &map[*form])
            }
            [first, second, ..] => Err(format!(
                "a condition has one form, found both `{first}` and `{second}`"
            )),
        }
    }
}

impl<T> Condition<T> {
    /// Evaluate with `resolve` turning the operands (which may hold {{ }} references) into
    /// resolved values.
    pub fn evaluate(&self, resolve: &dyn Fn(&T) -> Result<Value, String>) -> Result<bool, String> {
        match self {
            Condition::Simple {
                variable,
                operator,
                operand,
            } => compare(*operator, &resolve(variable)?, &resolve(operand)?),
            Condition::And(items) => {
                for item in items {
                    if !item.evaluate(resolve)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Condition::Or(items) => {
                for item in items {
                    if item.evaluate(resolve)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Condition::Not(inner) => Ok(!inner.evaluate(resolve)?),
        }
    }

    /// The same condition with every operand converted by `f`.
    pub fn map<U>(&self, f: &dyn Fn(&T) -> U) -> Condition<U> {
        match self {
            Condition::Simple {
                variable,
                operator,
                operand,
            } => Condition::Simple {
                variable: f(variable),
                operator: *operator,
                operand: f(operand),
            },
            Condition::And(items) => Condition::And(items.iter().map(|c| c.map(f)).collect()),
            Condition::Or(items) => Condition::Or(items.iter().map(|c| c.map(f)).collect()),
            Condition::Not(inner) => Condition::Not(Box::new(inner.map(f))),
        }
    }

    /// Every `Variable` and operand, depth first, for reference checks.
    pub fn operands(&self) -> Vec<&T> {
        match self {
            Condition::Simple {
                variable, operand, ..
            } => vec![variable, operand],
            Condition::And(items) | Condition::Or(items) => {
                items.iter().flat_map(Condition::operands).collect()
            }
            Condition::Not(inner) => inner.operands(),
        }
    }
}

fn no_condition(keys: &[&str]) -> String {
    let guess = keys
        .iter()
        .find_map(|k| suggest(k, FORMS.iter().copied()).map(|s| (k, s)));
    if let Some((key, form)) = guess {
        return format!("unknown key `{key}`, did you mean `{form}`?");
    }
    if let Some(operator) = keys.iter().find(|k| OPERATORS.contains(k)) {
        return format!("`{operator}` needs a `Variable` to compare");
    }
    "no condition: expected `Variable` with an operator, or `And`, `Or` or `Not`".to_string()
}

fn simple(map: &Map<String, Value>, keys: &[&str]) -> Result<Condition, String> {
    let operators: Vec<&str> = keys.iter().copied().filter(|k| *k != "Variable").collect();
    if let Some(unknown) = operators.iter().find(|k| !OPERATORS.contains(k)) {
        return Err(match suggest(unknown, OPERATORS.iter().copied()) {
            Some(near) => format!("unknown operator `{unknown}`, did you mean `{near}`?"),
            None => format!("unknown operator `{unknown}`"),
        });
    }
    let operator = match operators.as_slice() {
        [one] => *one,
        [] => return Err("`Variable` needs an operator such as `StringEquals`".to_string()),
        [first, second, ..] => {
            return Err(format!(
                "a condition has one operator, found both `{first}` and `{second}`"
            ));
        }
    };
    let variable = scalar(&map["Variable"], "Variable")?;
    let operand = scalar(&map[operator], operator)?;
    let operator =
        Operator::parse(operator).ok_or_else(|| format!("unknown operator `{operator}`"))?;
    Ok(Condition::Simple {
        variable,
        operator,
        operand,
    })
}

fn scalar(v: &Value, key: &str) -> Result<Value, String> {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Ok(v.clone()),
        _ => Err(format!("`{key}` takes a single value, found {}", kind(v))),
    }
}

fn compound(form: &str, v: &Value) -> Result<Condition, String> {
    if form == "Not" {
        if v.is_array() {
            return Err("`Not` takes a single condition, not a list".to_string());
        }
        let inner = Condition::from_json(v).map_err(|e| format!("in `Not`: {e}"))?;
        return Ok(Condition::Not(Box::new(inner)));
    }
    let Some(items) = v.as_array() else {
        return Err(format!(
            "`{form}` takes a list of conditions, found {}",
            kind(v)
        ));
    };
    if items.is_empty() {
        return Err(format!("`{form}` needs at least one condition"));
    }
    let conditions = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            Condition::from_json(item).map_err(|e| format!("in `{form}` item {}: {e}", i + 1))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if form == "And" {
        Condition::And(conditions)
    } else {
        Condition::Or(conditions)
    })
}

fn compare(operator: Operator, left: &Value, right: &Value) -> Result<bool, String> {
    let name = operator.name();
    let text = |v| as_text(v, name);
    let number = |v| as_number(v, name);
    Ok(match operator {
        Operator::StringEquals => text(left)? == text(right)?,
        Operator::EqualsIgnoreCase => text(left)?.to_lowercase() == text(right)?.to_lowercase(),
        Operator::StartsWith => text(left)?.starts_with(&text(right)?),
        Operator::EndsWith => text(left)?.ends_with(&text(right)?),
        Operator::Contains => text(left)?.contains(&text(right)?),
        Operator::NumericEquals => number(left)? == number(right)?,
        Operator::NumericGreater => number(left)? > number(right)?,
        Operator::NumericLesser => number(left)? < number(right)?,
        Operator::NumericGreaterOrEquals => number(left)? >= number(right)?,
        Operator::NumericLesserOrEquals => number(left)? <= number(right)?,
        Operator::BooleanEquals => as_bool(left, name)? == as_bool(right, name)?,
    })
}

fn as_text(v: &Value, operator: &str) -> Result<String, String> {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Ok(stringify(v)),
        _ => Err(format!("`{operator}` compares text, found {}", kind(v))),
    }
}

fn as_number(v: &Value, operator: &str) -> Result<f64, String> {
    let parsed = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    };
    parsed.ok_or_else(|| format!("`{operator}` compares numbers, found {}", kind(v)))
}

fn as_bool(v: &Value, operator: &str) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(format!("`{operator}` compares booleans, found {}", kind(v))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Resolves `{{ Name }}` from a fixed table, leaving other values as they are.
    fn resolve(v: &Value) -> Result<Value, String> {
        let table = json!({
            "{{ Type }}": "ec2", "{{ Count }}": 3, "{{ CountText }}": "3", "{{ Flag }}": true,
            "{{ FlagText }}": "TRUE", "{{ Ids }}": ["i-1"], "{{ Empty }}": ""
        });
        match v.as_str() {
            Some(s) if s.starts_with("{{") => {
                table.get(s).cloned().ok_or(format!("`{s}` is not defined"))
            }
            _ => Ok(v.clone()),
        }
    }

    fn eval(choice: Value) -> Result<bool, String> {
        Condition::from_json(&choice)?.evaluate(&resolve)
    }

    fn check(variable: &str, operator: &str, operand: Value) -> Result<bool, String> {
        eval(json!({"NextStep": "x", "Variable": variable, operator: operand}))
    }

    #[test]
    fn string_operators() {
        assert_eq!(check("{{ Type }}", "StringEquals", json!("ec2")), Ok(true));
        assert_eq!(check("{{ Type }}", "StringEquals", json!("EC2")), Ok(false));
        assert_eq!(
            check("{{ Type }}", "EqualsIgnoreCase", json!("EC2")),
            Ok(true)
        );
        assert_eq!(
            check("{{ Type }}", "EqualsIgnoreCase", json!("ebs")),
            Ok(false)
        );
        assert_eq!(check("{{ Type }}", "StartsWith", json!("ec")), Ok(true));
        assert_eq!(check("{{ Type }}", "StartsWith", json!("EC")), Ok(false));
        assert_eq!(check("{{ Type }}", "EndsWith", json!("c2")), Ok(true));
        assert_eq!(check("{{ Type }}", "EndsWith", json!("ec")), Ok(false));
        assert_eq!(check("{{ Type }}", "Contains", json!("c")), Ok(true));
        assert_eq!(check("{{ Type }}", "Contains", json!("x")), Ok(false));
        assert_eq!(check("{{ Empty }}", "StringEquals", json!("")), Ok(true));
        // Scalars compare as their text.
        assert_eq!(check("{{ Count }}", "StringEquals", json!("3")), Ok(true));
        assert_eq!(check("{{ Flag }}", "StringEquals", json!("true")), Ok(true));
        assert_eq!(
            check("{{ Ids }}", "Contains", json!("i-1")),
            Err("`Contains` compares text, found a list of 1 item".into())
        );
    }

    #[test]
    fn numeric_operators() {
        let cases = [
            ("NumericEquals", json!(3), true),
            ("NumericEquals", json!("3.0"), true),
            ("NumericEquals", json!(4), false),
            ("NumericGreater", json!(2), true),
            ("NumericGreater", json!(3), false),
            ("NumericLesser", json!(4.5), true),
            ("NumericLesser", json!(3), false),
            ("NumericGreaterOrEquals", json!(3), true),
            ("NumericGreaterOrEquals", json!(4), false),
            ("NumericLesserOrEquals", json!("3"), true),
            ("NumericLesserOrEquals", json!(2), false),
        ];
        for (operator, operand, expected) in cases {
            for variable in ["{{ Count }}", "{{ CountText }}"] {
                assert_eq!(
                    check(variable, operator, operand.clone()),
                    Ok(expected),
                    "{variable} {operator} {operand}"
                );
            }
        }
        assert_eq!(
            check("{{ Type }}", "NumericGreater", json!(1)),
            Err("`NumericGreater` compares numbers, found the string \"ec2\"".into())
        );
        assert_eq!(
            check("{{ Count }}", "NumericEquals", json!("NaN")),
            Err("`NumericEquals` compares numbers, found the string \"NaN\"".into())
        );
        assert!(check("{{ Count }}", "NumericEquals", json!(true)).is_err());
    }

    #[test]
    fn boolean_operator() {
        assert_eq!(check("{{ Flag }}", "BooleanEquals", json!(true)), Ok(true));
        assert_eq!(
            check("{{ Flag }}", "BooleanEquals", json!(false)),
            Ok(false)
        );
        assert_eq!(
            check("{{ FlagText }}", "BooleanEquals", json!(true)),
            Ok(true)
        );
        assert_eq!(
            check("{{ Flag }}", "BooleanEquals", json!("False")),
            Ok(false)
        );
        assert_eq!(
            check("{{ Type }}", "BooleanEquals", json!(true)),
            Err("`BooleanEquals` compares booleans, found the string \"ec2\"".into())
        );
        assert!(check("{{ Count }}", "BooleanEquals", json!(true)).is_err());
    }

    #[test]
    fn nesting() {
        let is = |v: &str| json!({"Variable": "{{ Type }}", "StringEquals": v});
        assert_eq!(eval(json!({"Or": [is("ebs"), is("ec2")]})), Ok(true));
        assert_eq!(eval(json!({"Or": [is("ebs"), is("vpc")]})), Ok(false));
        assert_eq!(
            eval(json!({"And": [is("ec2"), {"Not": is("ebs")}]})),
            Ok(true)
        );
        assert_eq!(eval(json!({"And": [is("ec2"), is("ebs")]})), Ok(false));
        assert_eq!(eval(json!({"Not": {"Not": is("ec2")}})), Ok(true));
        let deep = json!({"Or": [{"And": [is("ebs")]}, {"Not": {"Or": [is("vpc"), is("ami")]}}]});
        assert_eq!(eval(deep), Ok(true));
        // Short-circuit: the undefined reference after a deciding item is never resolved.
        let missing = json!({"Variable": "{{ Missing }}", "StringEquals": "x"});
        assert_eq!(eval(json!({"Or": [is("ec2"), missing.clone()]})), Ok(true));
        assert_eq!(
            eval(json!({"And": [is("ebs"), missing.clone()]})),
            Ok(false)
        );
        assert_eq!(
            eval(json!({"And": [is("ec2"), missing]})),
            Err("`{{ Missing }}` is not defined".into())
        );
    }

    #[test]
    fn shape_errors() {
        let cases = [
            (
                json!({"NextStep": "x"}),
                "no condition: expected `Variable` with an operator, or `And`, `Or` or `Not`",
            ),
            (
                json!({"StringEquals": "a"}),
                "`StringEquals` needs a `Variable` to compare",
            ),
            (
                json!({"variable": "a", "StringEquals": "a"}),
                "unknown key `variable`, did you mean `Variable`?",
            ),
            (
                json!({"Variable": "a"}),
                "`Variable` needs an operator such as `StringEquals`",
            ),
            (
                json!({"Variable": "a", "StringEqual": "a"}),
                "unknown operator `StringEqual`, did you mean `StringEquals`?",
            ),
            (
                json!({"Variable": "a", "Matches": "a"}),
                "unknown operator `Matches`",
            ),
            (
                json!({"Variable": "a", "StringEquals": "a", "Contains": "a"}),
                "a condition has one operator, found both `StringEquals` and `Contains`",
            ),
            (
                json!({"Variable": "a", "StringEquals": ["a"]}),
                "`StringEquals` takes a single value, found a list of 1 item",
            ),
            (
                json!({"Variable": {"a": 1}, "StringEquals": "a"}),
                "`Variable` takes a single value, found a map",
            ),
            (
                json!({"Not": [{"Variable": "a", "StringEquals": "a"}]}),
                "`Not` takes a single condition, not a list",
            ),
            (
                json!({"And": {"Variable": "a", "StringEquals": "a"}}),
                "`And` takes a list of conditions, found a map",
            ),
            (json!({"Or": []}), "`Or` needs at least one condition"),
            (
                json!({"And": [{"Variable": "a", "StringEquals": "a"}, {"Variable": "a"}]}),
                "in `And` item 2: `Variable` needs an operator such as `StringEquals`",
            ),
            (
                json!({"Not": {"Variable": "a", "Bogus": 1}}),
                "in `Not`: unknown operator `Bogus`",
            ),
            (
                json!({"And": [], "StringEquals": "a"}),
                "unexpected key `StringEquals` next to `And`",
            ),
            (
                json!("StringEquals"),
                "a condition must be a map, found the string \"StringEquals\"",
            ),
            // 102-cloudfront-distribution-management in the corpus writes a choice like this.
            (
                json!({"NextStep": "x", "Not": {"Variable": "a", "BooleanEquals": false}, "And": {"Variable": "a", "StringEquals": "b"}}),
                "a condition has one form, found both `Not` and `And`",
            ),
        ];
        for (choice, message) in cases {
            assert_eq!(
                Condition::from_json(&choice),
                Err(message.to_string()),
                "{choice}"
            );
        }
    }

    #[test]
    fn operands_lists_raw_values_in_order() {
        let c = Condition::from_json(&json!({"And": [
            {"Variable": "{{ A }}", "StringEquals": "x"},
            {"Not": {"Variable": "{{ B.c }}", "NumericEquals": 1}}
        ]}))
        .unwrap();
        assert_eq!(
            c.operands(),
            [
                &json!("{{ A }}"),
                &json!("x"),
                &json!("{{ B.c }}"),
                &json!(1)
            ]
        );
    }

    #[test]
    fn every_operator_compares_a_value_with_itself() {
        for operator in OPERATORS {
            let strict = matches!(*operator, "NumericGreater" | "NumericLesser");
            let operand = if operator.starts_with("Numeric") {
                json!(1)
            } else if *operator == "BooleanEquals" {
                json!(true)
            } else {
                json!("1")
            };
            let c = Condition::from_json(&json!({"Variable": operand.clone(), *operator: operand}))
                .unwrap();
            assert_eq!(c.evaluate(&resolve), Ok(!strict), "{operator}");
        }
    }
}

/// Every branch choice and loop condition in the corpus of real runbooks parses, except
/// the ones listed with the reason.
#[cfg(test)]
mod corpus_tests {
    use super::Condition;
    use serde_json::Value;

    /// Choices AWS would reject too: they write two conditions in one choice.
    const EXPECTED_FAILURES: &[(&str, &str)] = &[(
        "102-cloudfront-distribution-management.yaml",
        "a condition has one form, found both `Not` and `And`",
    )];

    /// The Choices items and LoopConditions of every step, loop bodies included.
    fn conditions<'a>(v: &'a Value, found: &mut Vec<&'a Value>) {
        match v {
            Value::Object(map) => {
                let inputs = map.get("inputs");
                match map.get("action").and_then(Value::as_str) {
                    Some("aws:branch") => {
                        let choices = inputs
                            .and_then(|i| i.get("Choices"))
                            .and_then(Value::as_array);
                        found.extend(choices.into_iter().flatten());
                    }
                    Some("aws:loop") => found.extend(inputs.and_then(|i| i.get("LoopCondition"))),
                    _ => {}
                }
                map.values().for_each(|item| conditions(item, found));
            }
            Value::Array(items) => items.iter().for_each(|item| conditions(item, found)),
            _ => {}
        }
    }

    #[cfg_attr(
        not(shared_corpus),
        ignore = "needs ../shared/corpus beside the repository"
    )]
    #[test]
    fn corpus_conditions_parse() {
        let mut checked = 0;
        let mut failures = Vec::new();
        for (name, doc) in crate::template::corpus_tests::documents() {
            let mut found = Vec::new();
            conditions(&doc, &mut found);
            for condition in found {
                checked += 1;
                if let Err(e) = Condition::from_json(condition) {
                    failures.push((name.clone(), e));
                }
            }
        }
        failures.dedup();
        let failures: Vec<(&str, &str)> = failures
            .iter()
            .map(|(n, e)| (n.as_str(), e.as_str()))
            .collect();
        assert_eq!(failures, EXPECTED_FAILURES);
        assert!(checked > 50, "only {checked} conditions found");
    }
}
