//! GetDocument's `--document-format`: content stored in one format returned in the other.
//!
//! YAML → JSON goes through the crate's parser and serde_json. JSON → YAML uses a small
//! block-style emitter rather than the `--output yaml` one, because a runbook must keep its
//! key order (`schemaVersion` first, `name` before `action`), which that dumper sorts away.
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
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => mapping(&mut out, map, 0),
        Value::Array(items) if !items.is_empty() => sequence(&mut out, items, 0),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

fn mapping(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (key, value) in map {
        push_indent(out, indent);
        out.push_str(&string(key));
        out.push(':');
        nested(out, value, indent);
    }
}

fn sequence(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        push_indent(out, indent);
        out.push('-');
        match item {
            // A mapping or list in a list starts on the dash's line, one level in.
            Value::Object(map) if !map.is_empty() => {
                let mut inner = String::new();
                mapping(&mut inner, map, indent + 2);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            Value::Array(list) if !list.is_empty() => {
                let mut inner = String::new();
                sequence(&mut inner, list, indent + 2);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            scalar => nested(out, scalar, indent),
        }
    }
}

/// What follows `key:` or `-`: an inline scalar, a literal block, or an indented collection.
fn nested(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('\n');
            mapping(out, map, indent + 2);
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('\n');
            sequence(out, items, indent + 2);
        }
        Value::String(s) if literal_block_fits(s) => {
            out.push_str(if s.ends_with('\n') { " |\n" } else { " |-\n" });
            for line in s.trim_end_matches('\n').split('\n') {
                if !line.is_empty() {
                    push_indent(out, indent + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
}

/// Multi-line text reads best as a literal block, which keeps it verbatim as long as the
/// first line has no leading space (it would set the indentation), at most one newline ends
/// it (more needs keep chomping), and every character is printable.
fn literal_block_fits(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control())
        && !s.split('\n').any(|line| line.ends_with([' ', '\t']))
}

fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => string(s),
        Value::Object(_) => "{}".to_string(),
        Value::Array(_) => "[]".to_string(),
        other => other.to_string(),
    }
}

/// Plain when it cannot read back as anything else, single-quoted when it has no control
/// characters, else double-quoted with JSON escapes (which YAML shares).
fn string(s: &str) -> String {
    if plain_fits(s) {
        s.to_string()
    } else if !s.chars().any(char::is_control) {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        Value::String(s.to_string()).to_string()
    }
}

fn plain_fits(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    // Words YAML 1.1 readers take as booleans or null; quoting them costs nothing.
    const KEYWORDS: [&str; 12] = [
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan", "inf",
    ];
    let lower = s.to_ascii_lowercase();
    (first.is_ascii_alphabetic() || first == '_' || first == '/' || first == '$')
        && !KEYWORDS.contains(&lower.as_str())
        && !lower.starts_with(".inf")
        && s.chars()
            .all(|c| c.is_alphanumeric() || " _-.,:/=+()@$<>;^%".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
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
            yaml.contains("  - name: a\n    action: aws:sleep\n"),
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
