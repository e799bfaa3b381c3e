//! Placeholder: replaced by the real YAML front end.
use super::Node;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

#[derive(Clone, Debug)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_bytes: 8 * 1024 * 1024, max_depth: 128, max_nodes: 1_000_000 }
    }
}

pub fn parse(source: &SourceFile) -> Result<Node, Vec<Diagnostic>> {
    parse_with(source, &Limits::default())
}

pub fn parse_with(_source: &SourceFile, _limits: &Limits) -> Result<Node, Vec<Diagnostic>> {
    todo!()
}
