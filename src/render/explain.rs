//! The sentences of `run --explain`: before a step, what it will do with its resolved
//! inputs (from the action's sentence in the catalogue); after it, what happened and why
//! the run goes where it goes.

use crate::exec::{BranchDecision, Status, StepRecord};
use crate::graph::label;
use crate::template::Template;
use serde_json::{Map, Value};

/// Values longer than this are cut, so one big input does not drown the sentence.
const VALUE_MAX: usize = 80;

/// The catalogue sentence `template` with its `{Input}` filled from `inputs`: `[…]` is kept
/// only when every input named inside is given; `{*}` stands for the inputs the sentence
/// does not name, as `Key=value`.
pub fn sentence(template: &str, inputs: &Map<String, Value>) -> String {
    let named = placeholders(template);
    let rest: Vec<String> = inputs
        .iter()
        .filter(|(k, _)| !named.iter().any(|n| n == *k))
        .map(|(k, v)| format!("{k}={}", short(v)))
        .collect();
    let fill = |name: &str| -> Option<String> {
        match name {
            "*" => (!rest.is_empty()).then(|| rest.join(", ")),
            _ => inputs.get(name).filter(|v| !v.is_null()).map(short),
        }
    };
    let mut out = String::new();
    let mut optional: Option<(String, bool)> = None;
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        match c {
            '[' => optional = Some((String::new(), true)),
            ']' => {
                if let Some((text, true)) = optional.take() {
                    out.push_str(&text);
                }
            }
            '{' => {
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let value = fill(&name);
                match &mut optional {
                    Some((text, complete)) => match value {
                        Some(v) => text.push_str(&v),
                        None => *complete = false,
                    },
                    None => out.push_str(&value.unwrap_or_else(|| format!("(no {name})"))),
                }
            }
            c => match &mut optional {
                Some((text, _)) => text.push(c),
                None => out.push(c),
            },
        }
    }
    out
}

/// The input names a sentence template reads, `*` included.
pub fn placeholders(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// A value in a sentence: text as it is, a list of texts joined with commas, anything else
/// as compact JSON; cut at [`VALUE_MAX`] characters.
pub fn short(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => items
            .iter()
            .map(crate::template::stringify)
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    crate::graph::shorten(&text, VALUE_MAX)
}

/// Where a branch sent the run, and why.
pub fn branch(decision: &BranchDecision) -> String {
    match (&decision.choice, &decision.target) {
        (Some((n, condition)), Some(target)) => {
            format!("chose `{target}` (choice {n}) because {}", because(condition, &decision.compared))
        }
        (None, Some(target)) => format!("no choice held: chose `{target}`, the `Default`"),
        _ => "no choice held and there is no `Default`: the run goes on as if the branch were a plain step".into(),
    }
}

/// `{{ describe.State }} = "running" StringEquals "running"` for a simple comparison;
/// the condition and the values it read for a compound one.
fn because(
    condition: &crate::condition::Condition<Template>,
    compared: &[(Template, Value)],
) -> String {
    use crate::condition::Condition;
    if let Condition::Simple {
        variable,
        operator,
        operand,
    } = condition
        && let [(t, value)] = compared
        && t == variable
    {
        return format!(
            "{} = {} {} {}",
            label::template(variable),
            label::value(value),
            operator.name(),
            label::template(operand)
        );
    }
    let values: Vec<String> = compared
        .iter()
        .map(|(t, v)| format!("{} = {}", label::template(t), label::value(v)))
        .collect();
    match values.is_empty() {
        true => format!("{} holds", label::condition(condition)),
        false => format!(
            "{} holds, with {}",
            label::condition(condition),
            values.join(", ")
        ),
    }
}

/// What a finished step did to the run: loop passes, retries, a failure's `onFailure`,
/// `isEnd`, a `nextStep` jump. Empty when the run simply goes on to the next step.
pub fn after(r: &StepRecord) -> Vec<String> {
    let mut out = Vec::new();
    if r.action == "aws:loop"
        && let Some(n) = r.outputs.get("CurrentIteration").and_then(Value::as_u64)
    {
        out.push(format!("ran {n} pass{}", if n == 1 { "" } else { "es" }));
    }
    if r.attempts > 1 {
        out.push(format!(
            "took {} attempts of {}",
            r.attempts, r.max_attempts
        ));
    }
    match r.status {
        Status::Success if r.is_end => out.push("`isEnd`: the run ends after this step".into()),
        Status::Success => {
            if let Some(next) = &r.next_step {
                out.push(format!("`nextStep` goes to `{next}`"));
            }
        }
        Status::Failed | Status::TimedOut | Status::Cancelled => {
            let what = r.status.as_str().to_lowercase();
            let text = match r.on_failure.as_str() {
                "Abort" => format!("{what}, and `onFailure: Abort` ends the run"),
                "Continue" if r.is_end => {
                    format!("{what}; `onFailure: Continue` goes on, and `isEnd` ends the run")
                }
                "Continue" => format!("{what}; `onFailure: Continue` goes on to the next step"),
                other => match other.strip_prefix("step:") {
                    Some(step) => format!("{what}; `onFailure` goes to `{step}`"),
                    None => format!("{what}; `onFailure: {other}`"),
                },
            };
            out.push(text);
        }
        _ => {}
    }
    out
}

/// Why a step of the document never ran.
pub fn not_run(status: Status) -> String {
    match status {
        Status::Success => "not run: no transition of this run led here".into(),
        Status::Waiting => "not run yet: the run is waiting for a signal".into(),
        _ => format!(
            "not run: the run ended {} before reaching it",
            status.as_str()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inputs(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn sentences_fill_inputs_and_drop_incomplete_parts() {
        let t = "set instances {InstanceIds} to {DesiredState}[ (Force: {Force})]";
        let i = inputs(json!({"InstanceIds": ["i-1", "i-2"], "DesiredState": "stopped"}));
        assert_eq!(sentence(t, &i), "set instances i-1, i-2 to stopped");
        let i = inputs(json!({"InstanceIds": ["i-1"], "DesiredState": "stopped", "Force": true}));
        assert_eq!(
            sentence(t, &i),
            "set instances i-1 to stopped (Force: true)"
        );
    }

    #[test]
    fn the_rest_of_the_inputs_fill_the_star() {
        let t = "call {Service} {Api}[ with {*}]";
        let i =
            inputs(json!({"Service": "ec2", "Api": "DescribeInstances", "InstanceIds": ["i-1"]}));
        assert_eq!(
            sentence(t, &i),
            "call ec2 DescribeInstances with InstanceIds=i-1"
        );
        let i = inputs(json!({"Service": "ec2", "Api": "DescribeInstances"}));
        assert_eq!(sentence(t, &i), "call ec2 DescribeInstances");
    }

    #[test]
    fn a_branch_names_its_target_and_the_compared_value() {
        let condition = crate::condition::Condition::from_json(
            &json!({"Variable": "{{ describe.State }}", "StringEquals": "running"}),
        )
        .expect("parses")
        .map(&Template::new);
        let variable = match &condition {
            crate::condition::Condition::Simple { variable, .. } => variable.clone(),
            _ => unreachable!("a simple condition"),
        };
        let decision = BranchDecision {
            choice: Some((1, condition)),
            target: Some("stopIt".into()),
            compared: vec![(variable, json!("running"))],
        };
        assert_eq!(
            branch(&decision),
            r#"chose `stopIt` (choice 1) because {{ describe.State }} = "running" StringEquals "running""#
        );
        let default = BranchDecision {
            choice: None,
            target: Some("report".into()),
            compared: Vec::new(),
        };
        assert_eq!(
            branch(&default),
            "no choice held: chose `report`, the `Default`"
        );
    }
}
