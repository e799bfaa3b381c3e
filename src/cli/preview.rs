//! What `run -i` shows of a step before it runs: its inputs as they resolve now, and for an
//! `aws:loop` its body as the list of steps each pass runs, with their inputs as written.

use crate::document::Step;
use crate::render::run_text::value_text;
use serde_json::{Map, Value};

/// The preview of `step`: `inputs` are its resolved inputs, or why they cannot be resolved
/// yet.
pub fn step_preview(step: Option<&Step>, inputs: Result<Map<String, Value>, String>) -> String {
    let mut out = String::new();
    match inputs {
        Ok(inputs) => {
            // A loop's body is shown below as steps, not as one line of JSON.
            let body = step.is_some_and(|s| !s.loop_steps.is_empty());
            for (k, v) in inputs.iter().filter(|(k, _)| !(body && *k == "Steps")) {
                out.push_str(&format!("    {k} = {}\n", value_text(v)));
            }
        }
        Err(e) => out.push_str(&format!("    inputs cannot be resolved yet: {e}\n")),
    }
    let Some(step) = step.filter(|s| !s.loop_steps.is_empty()) else {
        return out;
    };
    out.push_str("    Steps (run on each pass):\n");
    for (i, s) in step.loop_steps.iter().enumerate() {
        out.push_str(&format!(
            "      {}. {} ({})\n",
            i + 1,
            s.name.value,
            s.action.value
        ));
        if let Value::Object(inputs) = s.inputs.to_json() {
            for (k, v) in inputs.iter().filter(|(k, _)| *k != "Steps") {
                out.push_str(&format!("           {k} = {}\n", value_text(v)));
            }
        }
        // A nested loop's own body, by name only: the preview stays a page long.
        if !s.loop_steps.is_empty() {
            let names: Vec<&str> = s.loop_steps.iter().map(|b| b.name.value.as_str()).collect();
            out.push_str(&format!("           Steps = {}\n", names.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOOP: &str = "schemaVersion: '0.3'
mainSteps:
  - name: each
    action: aws:loop
    inputs:
      Iterators: [i-1, i-2]
      Steps:
        - name: tag
          action: aws:executeAwsApi
          inputs:
            Service: ec2
            Api: CreateTags
            Resources: ['{{ each.CurrentIteratorValue }}']
            Tags: [{Key: Seen, Value: 'yes'}]
        - name: wait
          action: aws:sleep
          inputs: {Duration: PT1S}
";

    fn document() -> crate::document::Document {
        let source = crate::source::SourceFile::new("loop.yaml", LOOP);
        let root = crate::parse::parse(&source).expect("the example parses");
        crate::document::lower(root).0.expect("the example lowers")
    }

    #[test]
    fn a_loop_shows_its_body_as_steps() {
        let doc = document();
        let inputs = serde_json::json!({
            "Iterators": ["i-1", "i-2"],
            "Steps": [{"name": "tag"}, {"name": "wait"}],
        });
        let Value::Object(inputs) = inputs else {
            unreachable!("a literal map")
        };
        let text = step_preview(doc.step("each"), Ok(inputs));
        let expected = r#"    Iterators = ["i-1","i-2"]
    Steps (run on each pass):
      1. tag (aws:executeAwsApi)
           Service = ec2
           Api = CreateTags
           Resources = {{ each.CurrentIteratorValue }}
           Tags = [{"Key":"Seen","Value":"yes"}]
      2. wait (aws:sleep)
           Duration = PT1S
"#;
        assert_eq!(text, expected);
    }

    #[test]
    fn unresolved_inputs_say_why() {
        let text = step_preview(None, Err("no value for `x`".into()));
        assert_eq!(
            text,
            "    inputs cannot be resolved yet: no value for `x`\n"
        );
    }
}
