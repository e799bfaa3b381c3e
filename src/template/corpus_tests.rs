//! The `{{ }}` language against the corpus of real runbooks: every form they use must be
//! read as intended, and what is not a reference there must stay literal.

use super::{Reference, Scope, references, resolve};
use serde_json::Value;

/// Every corpus document as JSON, with its file name; shared with other modules' corpus
/// tests. Fails loudly when the corpus is missing, so a corpus test cannot pass vacuously.
pub(crate) fn documents() -> Vec<(String, Value)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docs");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let documents: Vec<(String, Value)> = paths
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let bytes = std::fs::read(path).expect("readable corpus file");
            let source = crate::parse::decode(&name, bytes).expect("UTF-8 corpus file");
            let node = crate::parse::parse(&source).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            (name, node.to_json())
        })
        .collect();
    assert!(
        documents.len() >= 70,
        "only {} corpus documents",
        documents.len()
    );
    documents
}

/// Answers every reference with its own canonical text.
struct Echo;

impl Scope for Echo {
    fn lookup(&self, reference: &Reference) -> Result<Value, String> {
        Ok(Value::String(format!("<{reference}>")))
    }
}

#[cfg_attr(
    not(shared_corpus),
    ignore = "needs ../shared/corpus beside the repository"
)]
#[test]
fn corpus_references_are_well_formed() {
    let mut kinds = std::collections::BTreeSet::new();
    for (name, doc) in documents() {
        for reference in references(&doc) {
            assert!(
                !reference.is_malformed(),
                "{name}: malformed reference {reference:?}"
            );
            kinds.insert(match reference {
                Reference::Parameter(_) => "parameter",
                Reference::StepOutput { .. } => "step output",
                Reference::Variable(_) => "variable",
                Reference::Automation(_) => "automation",
                Reference::Global(_) => "global",
                Reference::Ssm { .. } => "ssm",
                Reference::SsmSecure(_) => "ssm-secure",
                Reference::Invalid(_) => "invalid",
            });
        }
        resolve(&doc, &Echo).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    let expected = [
        "automation",
        "global",
        "invalid",
        "parameter",
        "ssm",
        "step output",
        "variable",
    ];
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), expected);
}

#[cfg_attr(
    not(shared_corpus),
    ignore = "needs ../shared/corpus beside the repository"
)]
#[test]
fn corpus_script_braces_stay_literal() {
    let (_, doc) = documents()
        .into_iter()
        .find(|(name, _)| name.starts_with("108-"))
        .expect("108-security-group-audit in the corpus");
    let text = resolve(&doc, &Echo).expect("resolves").to_string();
    assert!(text.contains("th {{ background-color: #f2f2f2; }}"));
}
