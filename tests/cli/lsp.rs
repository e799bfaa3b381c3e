//! `ssmrun lsp` driven by a client speaking the protocol over standard input and output.

use crate::lsp_client::{Client, URI};
use serde_json::{Value, json};

const TYPO: &str = "\
schemaVersion: '0.3'
parameters:
  InstanceId:
    type: String
    description: the instance
mainSteps:
  - name: stop
    action: aws:changeInstanceState
    nextStep: strat
    inputs:
      InstanceIds: ['{{ InstanceId }}']
      DesiredState: stopped
  - name: start
    action: aws:changeInstanceState
    onFailure: step:stop
    inputs:
      InstanceIds: ['{{ InstanceId }}']
      DesiredState: running
    isEnd: true
outputs:
  - stop.InstanceStates
";

fn fixed() -> String {
    TYPO.replace("nextStep: strat", "nextStep: start")
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

fn labels(result: &Value) -> Vec<String> {
    result
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str().map(String::from))
        .collect()
}

#[test]
fn diagnostics_arrive_as_you_type_at_validates_range() {
    let mut client = Client::start();
    let diagnostics = client.open(TYPO);
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "unknown-step")
        .unwrap_or_else(|| panic!("no unknown-step in {diagnostics:?}"));
    assert_eq!(unknown["range"], range(8, 14, 8, 19));
    assert_eq!(unknown["severity"], 1);
    assert_eq!(unknown["source"], "ssmrun");
    let message = unknown["message"].as_str().unwrap_or_default();
    assert!(message.contains("help: did you mean `start`?"), "{message}");
    // Fixing the typo clears them.
    assert_eq!(client.change(&fixed()), Vec::<Value>::new());
    // Warnings stay warnings.
    let lonely = format!(
        "{}  - name: lonely\n    action: aws:sleep\n    inputs: {{Duration: PT1S}}\n",
        fixed().replace("outputs:\n  - stop.InstanceStates\n", "")
    );
    let diagnostics = client.change(&lonely);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "unreachable-step" && d["severity"] == 2),
        "{diagnostics:?}"
    );
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn hover_names_actions_parameters_and_steps() {
    let mut client = Client::start();
    client.open(&fixed());
    let hover = |client: &mut Client, line, col| {
        client.at("textDocument/hover", line, col)["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let action = hover(&mut client, 7, 16);
    assert!(action.starts_with("`aws:changeInstanceState`"), "{action}");
    assert!(
        action.contains("`DesiredState` (String, required)"),
        "{action}"
    );
    let parameter = hover(&mut client, 10, 25);
    assert!(
        parameter.starts_with("parameter `InstanceId` (String), line 3"),
        "{parameter}"
    );
    assert!(parameter.contains("the instance"), "{parameter}");
    let step = hover(&mut client, 8, 16);
    assert!(
        step.starts_with("step `start`: `aws:changeInstanceState`, line 13"),
        "{step}"
    );
    let input = hover(&mut client, 11, 8);
    assert!(
        input.contains("one of: `running`, `stopped`, `terminated`"),
        "{input}"
    );
    assert_eq!(client.at("textDocument/hover", 0, 2), Value::Null);
    client.stop();
}

#[test]
fn completion_offers_actions_inputs_steps_references_and_values() {
    let mut client = Client::start();
    client.open(&fixed());
    // Values of an input with a closed set.
    let values = labels(&client.at("textDocument/completion", 11, 20));
    assert_eq!(values, ["running", "stopped", "terminated"]);
    // Step names after nextStep, and `step:` targets after onFailure.
    let steps = labels(&client.at("textDocument/completion", 8, 14));
    assert_eq!(steps, ["stop", "start"]);
    let targets = labels(&client.at("textDocument/completion", 14, 15));
    assert_eq!(targets, ["Abort", "Continue", "step:stop", "step:start"]);
    // While typing (the text no longer parses), from the last good version.
    let typing = fixed().replace("      DesiredState: stopped", "      Desi");
    client.change(&typing);
    let inputs = labels(&client.at("textDocument/completion", 11, 10));
    assert_eq!(inputs, ["DesiredState"]);
    client.change(&fixed().replace(
        "    action: aws:changeInstanceState\n    nextStep",
        "    action: aws:ch\n    nextStep",
    ));
    let actions = labels(&client.at("textDocument/completion", 7, 18));
    assert_eq!(actions, ["aws:changeInstanceState"]);
    let edit = &client.at("textDocument/completion", 7, 18)[0]["textEdit"];
    assert_eq!(edit["range"], range(7, 12, 7, 18));
    client.change(&fixed());
    let reference = fixed().replace("DesiredState: running", "DesiredState: '{{ st");
    client.change(&reference);
    let found = labels(&client.at("textDocument/completion", 17, 26));
    assert!(
        found.contains(&"stop.InstanceStates".to_string()),
        "{found:?}"
    );
    assert!(!found.contains(&"InstanceId".to_string()), "{found:?}");
    let all = labels(&client.at("textDocument/completion", 17, 24));
    assert!(all.contains(&"InstanceId".to_string()), "{all:?}");
    assert!(all.contains(&"global:REGION".to_string()), "{all:?}");
    client.stop();
}

#[test]
fn definition_goes_to_steps_and_parameters() {
    let mut client = Client::start();
    client.open(&fixed());
    let step = client.at("textDocument/definition", 8, 16);
    assert_eq!(step, json!({"uri": URI, "range": range(12, 10, 12, 15)}));
    let target = client.at("textDocument/definition", 14, 21);
    assert_eq!(target["range"], range(6, 10, 6, 14));
    let parameter = client.at("textDocument/definition", 10, 25);
    assert_eq!(parameter["range"], range(2, 2, 2, 12));
    client.stop();
}

#[test]
fn rename_changes_a_step_everywhere() {
    let mut client = Client::start();
    let text = fixed().replace(
        "    isEnd: true",
        "    description: after {{ stop.InstanceStates }}\n    isEnd: true",
    );
    client.open(&text);
    let prepared = client.at("textDocument/prepareRename", 6, 11);
    assert_eq!(prepared, range(6, 10, 6, 14));
    let edit = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": {"line": 14, "character": 21}, "newName": "halt"}),
    );
    let edits = edit["changes"][URI].as_array().cloned().unwrap_or_default();
    let ranges: Vec<Value> = edits.iter().map(|e| e["range"].clone()).collect();
    assert_eq!(
        ranges,
        [
            range(6, 10, 6, 14),
            range(14, 20, 14, 24),
            range(18, 26, 18, 30),
            range(21, 4, 21, 8)
        ]
    );
    assert!(edits.iter().all(|e| e["newText"] == "halt"));
    let refused = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": {"line": 6, "character": 11}, "newName": "start"}),
    );
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("already exists"))
    );
    client.stop();
}
