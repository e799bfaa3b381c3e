//! The 77 public runbooks in `../shared/corpus/docs` are accepted by the service, so the
//! validator must report no error on them. The exceptions are real defects that the
//! service does not check, each listed with its reason in tests/corpus-known-defects.txt.

use super::check;
use crate::parse::decode;
use std::collections::BTreeSet;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docs");
const KNOWN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/corpus-known-defects.txt"
);

/// `file code line` triples from the known-defects list; each line also carries a reason.
fn known_defects() -> BTreeSet<(String, String, u32)> {
    let text = std::fs::read_to_string(KNOWN).unwrap_or_default();
    let mut known = BTreeSet::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [file, code, at, reason @ ..] = fields.as_slice() else {
            panic!("malformed known-defects line: {line}");
        };
        assert!(!reason.is_empty(), "known defect without a reason: {line}");
        let at = at
            .parse()
            .unwrap_or_else(|_| panic!("bad line number in: {line}"));
        known.insert((file.to_string(), code.to_string(), at));
    }
    known
}

#[cfg_attr(
    not(shared_corpus),
    ignore = "needs ../shared/corpus beside the repository"
)]
#[test]
fn corpus_has_no_unexpected_errors() {
    let mut paths: Vec<_> = std::fs::read_dir(CORPUS)
        .expect("the corpus directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 77, "only {} corpus documents", paths.len());
    let known = known_defects();
    let mut seen = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut warnings = 0;
    for path in &paths {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let bytes = std::fs::read(path).expect("a readable corpus file");
        let source = decode(&name, bytes).expect("UTF-8 corpus file");
        for d in check(&source).diagnostics {
            assert!(
                super::rule(d.code).is_some(),
                "{name}: unregistered code {}",
                d.code
            );
            if !d.is_error() {
                warnings += 1;
                continue;
            }
            let key = (name.clone(), d.code.to_string(), d.span.line);
            if known.contains(&key) {
                seen.insert(key);
            } else {
                unexpected.push(format!(
                    "{name}:{}:{} {} {}",
                    d.span.line, d.span.col, d.code, d.message
                ));
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "unexpected errors:\n{}",
        unexpected.join("\n")
    );
    let stale: Vec<_> = known.difference(&seen).collect();
    assert!(
        stale.is_empty(),
        "known defects no longer reported: {stale:?}"
    );
    // Printed with --nocapture; the count is part of the validator's report.
    println!("corpus: {} documents, {warnings} warnings", paths.len());
}
