//! GetDocument's `--document-format`: content stored in one format returned in the other.
//!
//! YAML → JSON goes through the crate's parser and serde_json. JSON → YAML uses the
//! `--output yaml` emitter in its runbook mode, which keeps key order and literal blocks.
//! The service's exact layout of converted content is not documented; the guarantee here is
//! that the result parses back to the same tree.

use crate::parse::Node;
use crate::source::SourceFile;
use serde_json::Value;

/// `text` (in `from`) rewritten in `to`; the stored text itself when the formats agree.
pub fn convert(label: &str, text: &str, from: &str, to: &str) -> Result<String, String> {
    if from == to {
        return Ok(text.to_string());
    }
    let root = parse(label, text)?;
    let value = root.to_json();
    match to {
        "JSON" => serde_json::to_string_pretty(&value).map_err(|e| e.to_string()),
        _ => Ok(to_yaml(&value)),
    }
}

fn parse(label: &str, text: &str) -> Result<Node, String> {
    crate::parse::parse(&SourceFile::new(label, text)).map_err(|diagnostics| {
        let first = diagnostics.first();
        first.map_or_else(
            || format!("`{label}` does not parse"),
            |d| format!("{label}:{}:{}: {}", d.span.line, d.span.col, d.message),
        )
    })
}

/// A JSON tree as block-style YAML, keys in their original order.
pub fn to_yaml(value: &Value) -> String {
    crate::render::yaml_document(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(value: &Value) {
        let yaml = to_yaml(value);
        let back = parse("t.yaml", &yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(&back.to_json(), value, "{yaml}");
    }

    #[test]
    fn keeps_key_order_and_reads_back() {
        let value = json!({
            "schemaVersion": "0.3",
            "description": "# Title\n\nBody line\n",
            "parameters": {"Ids": {"type": "StringList", "default": []}, "N": {"type": "Integer", "default": 3}},
            "mainSteps": [
                {"name": "a", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}, "isEnd": true},
                {"name": "b", "inputs": {"Values": ["{{ Ids }}", "yes", "it's", "x: y", "-1", "1.5", ""]}},
                [["nested"], {}],
            ],
            "tabs\tand\u{1}control": "line one\nline two",
            "null": null,
        });
        round_trip(&value);
        let yaml = to_yaml(&value);
        assert!(
            yaml.starts_with("schemaVersion: '0.3'\ndescription: |\n  # Title\n\n  Body line\n"),
            "{yaml}"
        );
        assert!(
            yaml.contains("mainSteps:\n- name: a\n  action: aws:sleep\n"),
            "{yaml}"
        );
    }

    #[test]
    fn bundled_documents_survive_both_conversions() {
        for b in crate::bundled::all() {
            let json = convert(b.name, b.text, "YAML", "JSON").expect("to JSON");
            let yaml = convert(b.name, &json, "JSON", "YAML").expect("to YAML");
            let original = parse(b.name, b.text).expect("parses").to_json();
            assert_eq!(
                parse(b.name, &yaml).expect("reads back").to_json(),
                original,
                "{}",
                b.name
            );
        }
    }
}
