use std::collections::BTreeSet;

use super::*;
use crate::document::DataType;

const SPEC_NAMES: [&str; 23] = [
    "approve",
    "assertAwsResourceProperty",
    "branch",
    "changeInstanceState",
    "copyImage",
    "createImage",
    "createStack",
    "createTags",
    "deleteImage",
    "deleteStack",
    "executeAutomation",
    "executeAwsApi",
    "executeScript",
    "executeStateMachine",
    "invokeLambdaFunction",
    "invokeWebhook",
    "loop",
    "pause",
    "runCommand",
    "runInstances",
    "sleep",
    "updateVariable",
    "waitForAwsResourceProperty",
];

#[test]
fn all_23_actions_of_the_spec_are_present() {
    let names: Vec<&str> = all().iter().map(|a| a.short_name()).collect();
    assert_eq!(names, SPEC_NAMES);
    assert!(all().iter().all(|a| a.name.starts_with("aws:")));
}

#[test]
fn names_are_unique_and_sorted() {
    let names: Vec<&str> = names().collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted);
}

#[test]
fn lookup_finds_exact_names_only() {
    let sleep = lookup("aws:sleep").expect("aws:sleep is registered");
    assert_eq!(sleep.short_name(), "sleep");
    assert!(lookup("sleep").is_none());
    assert!(lookup("aws:Sleep").is_none());
    assert!(lookup("aws:runShellScript").is_none());
    assert!(lookup("aws:putParameter").is_none());
    for a in all() {
        assert_eq!(lookup(a.name), Some(a));
    }
}

#[test]
fn loose_lookup_serves_the_command_line() {
    assert_eq!(
        lookup_loose("runcommand").map(|a| a.name),
        Some("aws:runCommand")
    );
    assert_eq!(
        lookup_loose("aws:runCommand").map(|a| a.name),
        Some("aws:runCommand")
    );
    assert!(lookup_loose("aws:").is_none());
}

#[test]
fn every_action_input_and_output_is_described() {
    for a in all() {
        let first = a.summary.chars().next();
        assert!(
            first.is_some_and(|c| !c.is_uppercase()),
            "{}: summary starts lowercase",
            a.name
        );
        assert!(
            !a.summary.ends_with('.'),
            "{}: summary has no trailing period",
            a.name
        );
        for i in a.inputs {
            assert!(
                !i.summary.is_empty(),
                "{}.{} has no summary",
                a.name,
                i.name
            );
        }
        for o in a.outputs {
            assert!(
                !o.summary.is_empty(),
                "{}.{} has no summary",
                a.name,
                o.name
            );
        }
    }
}

#[test]
fn every_required_input_has_a_summary() {
    for a in all() {
        for i in a.required_inputs() {
            assert!(
                !i.summary.trim().is_empty(),
                "{}.{} has no summary",
                a.name,
                i.name
            );
        }
    }
}

#[test]
fn input_and_output_names_are_unique_per_action() {
    for a in all() {
        let inputs: BTreeSet<&str> = a.inputs.iter().map(|i| i.name).collect();
        assert_eq!(inputs.len(), a.inputs.len(), "{}: duplicate input", a.name);
        let outputs: BTreeSet<&str> = a.outputs.iter().map(|o| o.name).collect();
        assert_eq!(
            outputs.len(),
            a.outputs.len(),
            "{}: duplicate output",
            a.name
        );
    }
}

#[test]
fn one_of_groups_name_optional_inputs() {
    for a in all() {
        for group in a.one_of {
            assert!(
                group.inputs.len() >= 2,
                "{}: a one-of group needs two inputs",
                a.name
            );
            for name in group.inputs {
                let input = a.input(name);
                assert!(
                    input.is_some_and(|i| !i.required),
                    "{}: `{name}` must be optional",
                    a.name
                );
            }
        }
    }
}

#[test]
fn timeouts_follow_the_limits_table() {
    let timeouts = |n: &str| lookup(n).map(|a| (a.default_timeout_seconds, a.max_timeout_seconds));
    assert_eq!(
        timeouts("aws:changeInstanceState"),
        Some((Some(3600), None))
    );
    assert_eq!(
        timeouts("aws:waitForAwsResourceProperty"),
        Some((Some(3600), None))
    );
    assert_eq!(
        timeouts("aws:approve"),
        Some((Some(604_800), Some(2_592_000)))
    );
    assert_eq!(timeouts("aws:sleep"), Some((None, Some(604_799))));
    assert_eq!(timeouts("aws:executeScript"), Some((None, Some(600))));
    assert_eq!(
        timeouts("aws:invokeLambdaFunction"),
        Some((None, Some(300)))
    );
    assert_eq!(timeouts("aws:executeAwsApi"), Some((None, Some(25))));
    for a in all() {
        if let (Some(d), Some(m)) = (a.default_timeout_seconds, a.max_timeout_seconds) {
            assert!(d <= m, "{}: default above maximum", a.name);
        }
    }
}

#[test]
fn cancel_rules_match_spec_4_1() {
    let targets: Vec<&str> = all()
        .iter()
        .filter(|a| a.forbidden_as_cancel_target)
        .map(|a| a.short_name())
        .collect();
    assert_eq!(
        targets,
        [
            "approve",
            "copyImage",
            "createImage",
            "createStack",
            "createTags",
            "pause",
            "runInstances",
            "sleep"
        ]
    );
    let no_on_cancel: Vec<&str> = all()
        .iter()
        .filter(|a| a.on_cancel_forbidden)
        .map(|a| a.short_name())
        .collect();
    assert_eq!(no_on_cancel, ["loop", "updateVariable"]);
}

#[test]
fn api_actions_pass_other_keys_through() {
    let passing: Vec<&str> = all()
        .iter()
        .filter(|a| a.extra_inputs == ExtraInputs::ApiParameters)
        .map(|a| a.short_name())
        .collect();
    assert_eq!(
        passing,
        [
            "assertAwsResourceProperty",
            "executeAwsApi",
            "waitForAwsResourceProperty"
        ]
    );
    let api = lookup("aws:executeAwsApi").expect("registered");
    assert!(api.accepts_input_key("Filters"));
    let sleep = lookup("aws:sleep").expect("registered");
    assert!(!sleep.accepts_input_key("Seconds"));
}

#[test]
fn built_in_outputs_have_their_documented_types() {
    let ty = |a: &str, o: &str| lookup(a).and_then(|a| a.output(o)).map(|o| o.ty);
    assert_eq!(
        ty("aws:changeInstanceState", "InstanceStates"),
        Some(DataType::StringList)
    );
    assert_eq!(ty("aws:loop", "CurrentIteration"), Some(DataType::Integer));
    assert_eq!(
        ty("aws:loop", "CurrentIteratorValue"),
        Some(DataType::String)
    );
    assert_eq!(ty("aws:approve", "ApprovalStatus"), Some(DataType::String));
    assert_eq!(
        ty("aws:approve", "ApproverDecisions"),
        Some(DataType::MapList)
    );
    assert_eq!(
        ty("aws:executeScript", "Payload"),
        Some(DataType::StringMap)
    );
    assert_eq!(
        ty("aws:runCommand", "ResponseCode"),
        Some(DataType::Integer)
    );
    assert_eq!(
        ty("aws:runInstances", "InstanceIds"),
        Some(DataType::StringList)
    );
    assert_eq!(
        ty("aws:executeAutomation", "Output"),
        Some(DataType::StringList)
    );
    assert!(lookup("aws:executeAwsApi").is_some_and(|a| a.outputs.is_empty()));
}

#[test]
fn input_types_accept_the_shapes_real_runbooks_write() {
    use serde_json::json;
    let ty = |a: &str, i: &str| lookup(a).and_then(|a| a.input(i)).map(|i| i.ty);
    let min_count = ty("aws:runInstances", "MinInstanceCount").expect("declared");
    assert!(min_count.accepts(&json!(1)) && min_count.accepts(&json!("1")));
    let force = ty("aws:changeInstanceState", "Force").expect("declared");
    assert!(force.accepts(&json!(true)) && !force.accepts(&json!("yes")));
    let steps = ty("aws:loop", "Steps").expect("declared");
    assert!(steps.accepts(&json!([{ "name": "a" }])) && !steps.accepts(&json!("a")));
    let iterators = ty("aws:loop", "Iterators").expect("declared");
    assert!(iterators.accepts(&json!([1, 2])) && iterators.accepts(&json!([{ "k": "v" }])));
}

#[test]
fn allowed_values_are_exposed() {
    let state = lookup("aws:changeInstanceState").and_then(|a| a.allowed_values("DesiredState"));
    assert_eq!(state, Some(&["running", "stopped", "terminated"][..]));
    assert!(
        lookup("aws:sleep")
            .and_then(|a| a.allowed_values("Duration"))
            .is_none()
    );
}

/// Every `action` value in `text` that names an Automation action (starts with `aws:`).
/// A text scan, not a parse: values such as `"action": "Install"` inside Run Command
/// parameters are skipped because they do not name an action.
fn scan_actions(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, key) in text.match_indices("action") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = text[at + key.len()..].trim_start_matches(['"', '\'']);
        let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        let value = rest
            .trim_start_matches([' ', '\t'])
            .trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | '}' | '#'))
            .unwrap_or(value.len());
        if value[..end].starts_with("aws:") {
            found.push(&value[..end]);
        }
    }
    found
}

#[test]
fn scan_reads_yaml_and_json_forms() {
    let text = "- action: aws:sleep\n  action: 'aws:pause'\n{\"action\":\"aws:loop\", \"action\": \"Install\"}\ntransaction: aws:x";
    assert_eq!(scan_actions(text), ["aws:sleep", "aws:pause", "aws:loop"]);
}

#[cfg_attr(
    not(shared_corpus),
    ignore = "needs ../shared/corpus beside the repository"
)]
#[test]
fn corpus_runbooks_use_only_known_actions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docs");
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read corpus `{dir}`: {e}"));
    let mut files = 0;
    let mut unknown = Vec::new();
    for entry in entries {
        let path = entry.expect("corpus entry").path();
        let is_runbook = path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json");
        if !is_runbook {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
        let actions = scan_actions(&text);
        assert!(!actions.is_empty(), "no action found in {}", path.display());
        files += 1;
        for name in actions.into_iter().filter(|n| lookup(n).is_none()) {
            unknown.push(format!("{}: {name}", path.display()));
        }
    }
    assert!(
        files >= 77,
        "expected the 77 corpus runbooks, found {files}"
    );
    assert!(
        unknown.is_empty(),
        "unknown actions:\n{}",
        unknown.join("\n")
    );
}

/// `run --explain` says what every action does, and its sentence names only inputs the
/// action has (`{*}` stands for the rest).
#[test]
fn every_action_has_an_explain_sentence_over_its_own_inputs() {
    for spec in all() {
        let sentence = spec.notes().explain;
        assert!(
            !sentence.is_empty(),
            "`{}` has no explain sentence",
            spec.name
        );
        for name in crate::render::explain::placeholders(sentence) {
            assert!(
                name == "*" || spec.input(&name).is_some(),
                "the explain sentence of `{}` names `{name}`, which is not one of its inputs",
                spec.name
            );
        }
        assert_eq!(
            sentence.matches('[').count(),
            sentence.matches(']').count(),
            "unbalanced brackets in the explain sentence of `{}`",
            spec.name
        );
    }
}
