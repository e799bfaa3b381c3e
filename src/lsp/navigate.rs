//! Go to definition (a target or reference → its step, parameter, variable or output) and
//! renaming a step everywhere it is named: its `name`, `nextStep`, `onFailure`/`onCancel`
//! (`step:X`), branch `NextStep` and `Default`, `{{ X.Output }}` references and the
//! document's `outputs`.

use super::analysis::strings;
use super::symbol::{Symbol, symbol_at};
use crate::document::Document;
use crate::source::Span;
use crate::template::{Reference, scan};

pub fn definition(doc: &Document, symbol: &Symbol) -> Option<Span> {
    match symbol {
        Symbol::Step { name, .. } => doc.step(name).map(|s| s.name.span),
        Symbol::Parameter(name) => doc.parameter(name).map(|p| p.name.span),
        Symbol::Variable(name) => doc.variable(name).map(|v| v.name.span),
        Symbol::Output { step, output } => {
            let s = doc.step(step)?;
            Some(
                s.outputs
                    .iter()
                    .find(|o| o.name.value == *output)
                    .map_or(s.name.span, |o| o.name.span),
            )
        }
        Symbol::Action(_) | Symbol::Input { .. } | Symbol::Builtin(_) => None,
    }
}

/// Whether `name` is a valid step name (the rule `invalid-step-name` applies).
pub fn valid_step_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Every span that names step `old`, in document order. Places whose exact columns are
/// uncertain (escaped or folded text) are left out rather than guessed.
pub fn step_occurrences(doc: &Document, old: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let outputs: Vec<&crate::parse::Node> = doc
        .root
        .get("outputs")
        .and_then(|n| n.seq())
        .map(|items| items.iter().collect())
        .unwrap_or_default();
    for node in strings(&doc.root) {
        let Some(text) = node.str() else { continue };
        let exact = |start: usize, len: usize| {
            let span = super::analysis::sub_span(node, start, len);
            (span != node.span || node_is_exactly(node, text)).then_some(span)
        };
        if outputs.iter().any(|o| std::ptr::eq(*o, node)) {
            if text
                .strip_prefix(old)
                .is_some_and(|rest| rest.starts_with('.'))
            {
                out.extend(exact(0, old.len()));
            }
            continue;
        }
        let references: Vec<_> = scan(text)
            .into_iter()
            .filter(|o| matches!(&o.reference, Reference::StepOutput { step, .. } if step == old))
            .collect();
        for occurrence in &references {
            let inner = occurrence.raw.find(old).unwrap_or(0);
            out.extend(exact(occurrence.start + inner, old.len()));
        }
        if !references.is_empty() {
            continue;
        }
        let inside = if matches!(&node.kind, crate::parse::NodeKind::Str { quoted: true, .. }) {
            node.span.col + 1
        } else {
            node.span.col
        };
        if let Some(Symbol::Step { name, span }) = symbol_at(doc, node.span.line, inside)
            && name == old
            && (span != node.span || node_is_exactly(node, text))
        {
            out.push(span);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A plain single-line scalar: its span is exactly its text.
fn node_is_exactly(node: &crate::parse::Node, text: &str) -> bool {
    let s = node.span;
    !matches!(&node.kind, crate::parse::NodeKind::Str { quoted: true, .. })
        && s.line == s.end_line
        && s.end_col - s.col == text.chars().count() as u32
}
