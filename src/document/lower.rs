use super::Document;
use crate::diagnostic::Diagnostic;
use crate::parse::Node;

/// Placeholder: replaced by the real lowering.
pub fn lower(_root: Node) -> (Option<Document>, Vec<Diagnostic>) {
    todo!()
}
