//! One open document, analysed: its text, node tree, lowered document and diagnostics, and
//! what sits at a position (a key, a scalar, a `{{ }}` reference within a scalar).

use super::position::contains;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Step, lower};
use crate::parse::{Key, Node, NodeKind, parse};
use crate::source::{SourceFile, Span};
use crate::template::{Occurrence, scan};

pub struct Analysis {
    pub source: SourceFile,
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn new(path: &str, text: &str) -> Analysis {
        let source = SourceFile::new(path, text);
        let checked = crate::validate::check(&source);
        // `check` keeps the document only when lowering succeeded; navigation also wants it
        // for documents with errors, which lowering still produces.
        let document = checked
            .document
            .or_else(|| parse(&source).ok().and_then(|root| lower(root).0));
        Analysis {
            source,
            document,
            diagnostics: checked.diagnostics,
        }
    }
}

/// One step of the way from the root to a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// What a position points at.
pub struct Hit<'a> {
    /// Keys and indices from the root to the node (the key itself for a key hit).
    pub path: Vec<Seg>,
    pub node: Option<&'a Node>,
    pub key: Option<&'a Key>,
}

/// The deepest key or node at a 1-based (line, col).
pub fn locate(root: &Node, line: u32, col: u32) -> Option<Hit<'_>> {
    let mut path = Vec::new();
    let mut node = root;
    loop {
        let next = match &node.kind {
            NodeKind::Map(entries) => {
                let mut found = None;
                for (k, v) in entries {
                    if contains(&k.span, line, col) {
                        path.push(Seg::Key(k.name.clone()));
                        return Some(Hit {
                            path,
                            node: Some(v),
                            key: Some(k),
                        });
                    }
                    if contains(&v.span, line, col) && !matches!(v.kind, NodeKind::Null) {
                        found = Some((Seg::Key(k.name.clone()), v));
                    }
                }
                found
            }
            NodeKind::Seq(items) => items
                .iter()
                .enumerate()
                .find(|(_, n)| contains(&n.span, line, col))
                .map(|(i, n)| (Seg::Index(i), n)),
            _ => None,
        };
        match next {
            Some((seg, child)) => {
                path.push(seg);
                node = child;
            }
            None => {
                return contains(&node.span, line, col).then_some(Hit {
                    path,
                    node: Some(node),
                    key: None,
                });
            }
        }
    }
}

/// The node at a path.
pub fn node_at<'a>(root: &'a Node, path: &[Seg]) -> Option<&'a Node> {
    path.iter().try_fold(root, |n, seg| match seg {
        Seg::Key(k) => n.get(k),
        Seg::Index(i) => n.seq()?.get(*i),
    })
}

/// The innermost step a path lies in, and the rest of the path within that step. Steps are
/// the items of `mainSteps` and of an `aws:loop`'s `inputs.Steps`.
pub fn step_of<'d>(doc: &'d Document, path: &[Seg]) -> Option<(&'d Step, Vec<Seg>)> {
    let mut found = None;
    for i in 1..path.len() {
        let is_list = matches!(&path[i - 1], Seg::Key(k) if k == "mainSteps" || k == "Steps");
        let at_top_or_loop =
            i == 1 || matches!(path.get(i.wrapping_sub(2)), Some(Seg::Key(k)) if k == "inputs");
        if is_list && at_top_or_loop && matches!(path[i], Seg::Index(_)) {
            found = Some(i + 1);
        }
    }
    let end = found?;
    let node = node_at(&doc.root, &path[..end])?;
    let name = node.get("name")?.str()?;
    let step = doc.step(name)?;
    Some((step, path[end..].to_vec()))
}

/// The reference whose braces contain a 1-based (line, col) inside a string node, with its
/// span in the file when certain.
pub fn reference_at(node: &Node, line: u32, col: u32) -> Option<(Occurrence, Span)> {
    let text = node.str()?;
    // When escapes or folding make the exact columns uncertain, the span is the whole
    // scalar and the first reference in it is taken.
    scan(text).into_iter().find_map(|occurrence| {
        let len = occurrence.end - occurrence.start;
        let span = sub_span(node, occurrence.start, len);
        contains(&span, line, col).then_some((occurrence, span))
    })
}

/// Every string node in the tree, in document order.
pub fn strings(root: &Node) -> Vec<&Node> {
    let mut out = Vec::new();
    root.walk(&mut |n| {
        if n.str().is_some() {
            out.push(n);
        }
    });
    out
}

/// The span of `len` bytes at byte `start` of a string node: exact when the node's text maps
/// onto the file one to one, else the whole node (see `validate::sub_spans`).
pub fn sub_span(node: &Node, start: usize, len: usize) -> Span {
    crate::validate::sub_spans(node, &[(start, len)])
        .first()
        .copied()
        .unwrap_or(node.span)
}
