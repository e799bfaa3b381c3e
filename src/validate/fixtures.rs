//! tests/invalid/*.yaml: one small document per rule. The first lines say what to expect:
//! `# expect: <code> <line>[:<col>]`, one or more. Every expected diagnostic must be
//! reported there, and no other error may be.

use super::{check, rules};
use crate::source::SourceFile;
use std::collections::BTreeSet;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/invalid");

struct Expect {
    code: String,
    line: u32,
    col: Option<u32>,
}

fn expectations(text: &str) -> Vec<Expect> {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("# expect:"))
        .map(|rest| {
            let mut parts = rest.split_whitespace();
            let code = parts.next().unwrap_or_default().to_string();
            let at = parts.next().unwrap_or_default();
            let (line, col) = match at.split_once(':') {
                Some((l, c)) => (l, c.parse().ok()),
                None => (at, None),
            };
            let line = line
                .parse()
                .unwrap_or_else(|_| panic!("bad position in `{rest}`"));
            Expect { code, line, col }
        })
        .collect()
}

#[test]
fn every_fixture_reports_what_it_expects() {
    let mut paths: Vec<_> = std::fs::read_dir(DIR)
        .expect("tests/invalid")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for path in &paths {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(path).expect("a readable fixture");
        let expected = expectations(&text);
        if expected.is_empty() {
            failures.push(format!("{name}: no `# expect:` line"));
        }
        let found = check(&SourceFile::new(name.clone(), text)).diagnostics;
        for e in &expected {
            covered.insert(e.code.clone());
            let hit = found.iter().any(|d| {
                d.code == e.code && d.span.line == e.line && e.col.is_none_or(|c| c == d.span.col)
            });
            if !hit {
                failures.push(format!(
                    "{name}: expected {} at {}:{:?}",
                    e.code, e.line, e.col
                ));
            }
        }
        for d in found.iter().filter(|d| d.is_error()) {
            if !expected
                .iter()
                .any(|e| e.code == d.code && e.line == d.span.line)
            {
                let (l, c) = (d.span.line, d.span.col);
                failures.push(format!(
                    "{name}: unexpected {} at {l}:{c}: {}",
                    d.code, d.message
                ));
            }
        }
    }
    // The validator's own rules each have a fixture; parse and lowering codes are tested
    // beside their phases.
    let first_rule = rules()
        .iter()
        .position(|r| r.code == "schema-version")
        .unwrap_or(0);
    for r in &rules()[first_rule..] {
        if !covered.contains(r.code) {
            failures.push(format!("no fixture expects `{}`", r.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
