//! Real runbooks the service accepted must validate with no error. Two corpora are checked:
//! the shared one beside the repository (`shared.rs`) and the project's own in tests/corpus
//! (`project.rs`). An error on one of them is either a bug in ssmrun or a true defect the
//! service does not check, listed with its reason in a reviewed list.

mod project;
mod shared;

use super::check;
use crate::parse::decode;
use std::collections::BTreeSet;
use std::path::Path;

/// One reviewed list entry: `file code line`; each line of the list also carries a reason.
type Key = (String, String, u32);

/// The `file code line` triples of a reviewed list (`<file> <code> <line> <reason>` lines,
/// `#` comments). A missing list is an empty one.
fn listed(path: &Path) -> BTreeSet<Key> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut known = BTreeSet::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [file, code, at, reason @ ..] = fields.as_slice() else {
            panic!("malformed line in {}: {line}", path.display());
        };
        assert!(!reason.is_empty(), "entry without a reason: {line}");
        let at = at
            .parse()
            .unwrap_or_else(|_| panic!("bad line number in: {line}"));
        let fresh = known.insert((file.to_string(), code.to_string(), at));
        assert!(fresh, "listed twice in {}: {line}", path.display());
    }
    known
}

/// Validates every `(name, bytes)` document of the corpus called `label`, and fails on an
/// error `known` does not list, or on a listed error no longer reported.
fn assert_only_known_errors(label: &str, docs: &[(String, Vec<u8>)], known: &BTreeSet<Key>) {
    let mut seen = BTreeSet::new();
    let mut unexpected = Vec::new();
    let mut warnings = 0;
    for (name, bytes) in docs {
        let source = decode(name, bytes.clone()).expect("UTF-8 corpus file");
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
        "{label}: unexpected errors:\n{}",
        unexpected.join("\n")
    );
    let stale: Vec<_> = known.difference(&seen).collect();
    assert!(
        stale.is_empty(),
        "{label}: listed errors no longer reported (remove them from the list): {stale:?}"
    );
    // Printed with --nocapture; the count is part of the validator's report.
    println!("{label}: {} documents, {warnings} warnings", docs.len());
}
