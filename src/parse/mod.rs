//! Text → spanned node tree. A `.json` file is read as JSON ([`json`]), anything else as
//! YAML ([`yaml`], read as PyYAML reads it; docs/semantics.md). Both give the same `Node`
//! tree with positions, within the same budgets (docs/limits.md).

pub(crate) mod cloudformation;
mod json;
mod node;
mod relax;
mod scalar;
mod yaml;

pub use node::{Key, Node, NodeKind};

use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};

/// A document's tree and the problems found that did not stop the reading.
#[derive(Debug)]
pub struct Parsed {
    pub root: Node,
    pub warnings: Vec<Diagnostic>,
}

/// Budgets against hostile input. Documented in docs/limits.md.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The service's own limit is 64 KB; we allow far more for generated documents.
    pub max_bytes: usize,
    pub max_depth: usize,
    /// Total nodes in the tree, alias copies included (defeats "billion laughs").
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: 8 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 1_000_000,
        }
    }
}

impl Limits {
    /// The budgets for a file read as `kind`: its byte cap, and a node budget that grows
    /// with it (a world file of 16 MiB may hold 100,000 instances of ~15 nodes each).
    pub fn for_input(kind: crate::input::InputKind) -> Limits {
        let default = Limits::default();
        let max_bytes = usize::try_from(kind.cap()).unwrap_or(usize::MAX);
        Limits {
            max_bytes,
            max_nodes: default.max_nodes.max(max_bytes / 8),
            ..default
        }
    }
}

/// Decode raw bytes into a source file (a leading byte order mark is dropped), reporting the position of invalid UTF-8.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<Diagnostic>> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.remove(0);
            }
            Ok(SourceFile::new(path, text))
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = String::from_utf8_lossy(valid);
            let line = valid.matches('\n').count() as u32 + 1;
            let col = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            Err(Box::new(Diagnostic::error(
                "invalid-utf8",
                Span::point(line, col),
                "document is not valid UTF-8",
            )))
        }
    }
}

/// Whether `path` names a JSON document: read as JSON, never as YAML.
pub fn is_json_path(path: &str) -> bool {
    path.rsplit('.')
        .next()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
        && path.contains('.')
}

/// Reads a document, keeping the warnings (a repeated key) for the validator.
pub fn parse_document(source: &SourceFile, limits: &Limits) -> Result<Parsed, Vec<Diagnostic>> {
    if source.text.len() > limits.max_bytes {
        return Err(vec![Diagnostic::error(
            "input-too-large",
            Span::point(1, 1),
            format!(
                "document is {} bytes, more than the limit of {} bytes",
                source.text.len(),
                limits.max_bytes
            ),
        )]);
    }
    if is_json_path(&source.path) {
        json::read(&source.text, limits)
    } else {
        yaml::read(&source.text, limits)
    }
}

pub fn parse(source: &SourceFile) -> Result<Node, Vec<Diagnostic>> {
    parse_with(source, &Limits::default())
}

pub fn parse_with(source: &SourceFile, limits: &Limits) -> Result<Node, Vec<Diagnostic>> {
    parse_document(source, limits).map(|p| p.root)
}

#[cfg(test)]
mod pyyaml_tests;
#[cfg(test)]
mod variants;
