//! Diagnostics as a SARIF 2.1.0 log, the format code-scanning services upload. Each rule
//! carries its summary from the registry and a link to its documentation; artifact URIs are
//! whatever paths the caller gives (the command line makes them relative to the repository
//! root, which is what an upload expects).

use super::diagnostics::{FileReport, position, pretty};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Where each code is documented: the rule table of docs/diagnostics.md in the repository
/// named in Cargo.toml.
const HELP_PAGE: &str = concat!(
    env!("CARGO_PKG_REPOSITORY"),
    "/blob/main/docs/diagnostics.md"
);

/// A SARIF 2.1.0 log with one run; rules are the codes that occur, sorted.
pub fn sarif(reports: &[FileReport<'_>]) -> String {
    let codes: BTreeSet<&str> = reports
        .iter()
        .flat_map(|r| r.shown())
        .map(|d| d.code)
        .collect();
    let codes: Vec<&str> = codes.into_iter().collect();
    let rules: Vec<Value> = codes.iter().map(|code| rule(code)).collect();
    let results: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.shown().iter().map(move |d| (r.source, d)))
        .map(|(source, d)| result(source, d, codes.binary_search(&d.code).ok()))
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ssmrun",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            }},
            // Our columns count characters; SARIF's default unit is UTF-16 code units.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    pretty(&log)
}

fn rule(code: &str) -> Value {
    let registered = crate::validate::rule(code);
    let summary = registered.map_or(code, |r| r.summary);
    let level = registered.map_or("error", |r| r.severity.as_str());
    json!({
        "id": code,
        "name": code,
        "shortDescription": {"text": summary},
        "helpUri": format!("{HELP_PAGE}#{code}"),
        "help": {"text": format!("{summary}; see docs/diagnostics.md, code `{code}`")},
        "defaultConfiguration": {"level": level},
    })
}

fn result(source: &SourceFile, d: &Diagnostic, rule_index: Option<usize>) -> Value {
    let mut text = d.message.clone();
    if let Some(help) = &d.help {
        let _ = write!(text, "\nhelp: {help}");
    }
    let mut physical = json!({"artifactLocation": {"uri": uri(&source.path)}});
    if let Some(s) = position(&d.span) {
        physical["region"] = json!({
            "startLine": s.line,
            "startColumn": s.col,
            "endLine": s.end_line,
            "endColumn": s.end_col,
        });
    }
    json!({
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": d.severity.as_str(),
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
    })
}

/// A path as a relative URI reference: `/` separators, everything but unreserved characters
/// percent-encoded (paths such as `<bundled>/NAME` or names with spaces must stay valid).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte));
            }
            other => {
                let _ = write!(out, "%{other:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn sarif_lists_rules_with_descriptions_and_regions() {
        let source = SourceFile::new("docs/run.yaml", "x");
        let diagnostics = [
            Diagnostic::error(
                "unknown-action",
                Span::new(3, 12, 3, 20),
                "unknown action `aws:nope`",
            ),
            Diagnostic::warning("no-description", Span::default(), "no description"),
        ];
        let reports = [FileReport {
            source: &source,
            diagnostics: &diagnostics,
        }];
        let v: Value = serde_json::from_str(&sarif(&reports)).expect("valid JSON");
        assert_eq!(v["version"], "2.1.0");
        let run = &v["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids, ["no-description", "unknown-action"]);
        let unknown = &rules[1];
        assert_eq!(
            unknown["shortDescription"]["text"],
            crate::validate::rule("unknown-action")
                .expect("registered")
                .summary
        );
        let help = unknown["helpUri"].as_str().expect("helpUri");
        assert!(help.starts_with("https://") && help.ends_with("#unknown-action"));
        let first = &run["results"][0];
        assert_eq!(first["ruleIndex"], 1);
        assert_eq!(first["level"], "error");
        let location = &first["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "docs/run.yaml");
        assert_eq!(
            location["region"],
            json!({"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 20})
        );
        assert!(
            run["results"][1]["locations"][0]["physicalLocation"]
                .get("region")
                .is_none()
        );
        assert_eq!(uri("<bundled>/My Doc.yaml"), "%3Cbundled%3E/My%20Doc.yaml");
    }
}
