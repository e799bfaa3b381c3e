//! What every rule needs: the document, an index of its steps and step lists, and the
//! diagnostics collected so far.

use super::registry::rule;
use crate::diagnostic::{Diagnostic, Severity, suggest};
use crate::document::{Document, Step};
use crate::parse::{Node, NodeKind};
use crate::source::Span;
use std::collections::HashMap;

/// Index of a step in [`Steps::all`].
pub type StepId = usize;
/// Index of a step list in [`Steps::lists`]; `MAIN` is `mainSteps`.
pub type ListId = usize;
pub const MAIN: ListId = 0;

/// One step and where it sits. A loop body is a list of its own; transitions resolve in
/// the step's list and the lists enclosing it.
pub struct Entry<'d> {
    pub step: &'d Step,
    pub list: ListId,
    pub pos: usize,
    /// The `aws:loop` step whose body holds this step.
    pub parent: Option<StepId>,
    /// For an `aws:loop` step: the list of its body.
    pub body: Option<ListId>,
}

pub struct Steps<'d> {
    pub all: Vec<Entry<'d>>,
    pub lists: Vec<Vec<StepId>>,
    /// First step of each name; duplicates are reported and otherwise ignored.
    by_name: HashMap<&'d str, StepId>,
    /// The same per list, so that a target is found without scanning its list.
    list_by_name: Vec<HashMap<&'d str, StepId>>,
    /// The `aws:loop` step whose body each list is (`None` for `mainSteps`).
    pub owners: Vec<Option<StepId>>,
}

impl<'d> Steps<'d> {
    pub fn new(doc: &'d Document) -> Steps<'d> {
        let mut steps = Steps {
            all: Vec::new(),
            lists: vec![Vec::new()],
            by_name: HashMap::new(),
            list_by_name: vec![HashMap::new()],
            owners: vec![None],
        };
        steps.add_list(&doc.main_steps, MAIN, None);
        steps
    }

    fn add_list(&mut self, list: &'d [Step], id: ListId, parent: Option<StepId>) {
        for (pos, step) in list.iter().enumerate() {
            let sid = self.all.len();
            self.all.push(Entry {
                step,
                list: id,
                pos,
                parent,
                body: None,
            });
            self.lists[id].push(sid);
            self.list_by_name[id]
                .entry(step.name.value.as_str())
                .or_insert(sid);
            if !step.name.value.is_empty() {
                self.by_name.entry(step.name.value.as_str()).or_insert(sid);
            }
            if step.action.value == "aws:loop" {
                let body = self.lists.len();
                self.lists.push(Vec::new());
                self.list_by_name.push(HashMap::new());
                self.owners.push(Some(sid));
                self.all[sid].body = Some(body);
                self.add_list(&step.loop_steps, body, Some(sid));
            }
        }
    }

    pub fn by_name(&self, name: &str) -> Option<StepId> {
        self.by_name.get(name).copied()
    }

    /// The step called `name` in list `list`, as a transition target must be.
    pub fn in_list(&self, list: ListId, name: &str) -> Option<StepId> {
        self.list_by_name[list].get(name).copied()
    }

    /// The step a transition of step `from` names: one in its own list, or, from a loop
    /// body, one in an enclosing list. Jumping out of a body ends the loop there; AWS accepts
    /// documents that do this (a public runbook leaves its polling loop with a branch).
    pub fn resolve_target(&self, from: StepId, name: &str) -> Option<StepId> {
        let mut at = Some(from);
        while let Some(id) = at {
            if let Some(found) = self.in_list(self.all[id].list, name) {
                return Some(found);
            }
            at = self.all[id].parent;
        }
        None
    }

    /// Every name a transition of step `from` may use, for "did you mean".
    pub fn target_names(&self, from: StepId) -> Vec<&'d str> {
        self.ancestry(from)
            .into_iter()
            .flat_map(|id| &self.lists[self.all[id].list])
            .map(|&id| self.all[id].step.name.value.as_str())
            .collect()
    }

    pub fn names(&self) -> impl Iterator<Item = &'d str> + '_ {
        self.all.iter().map(|e| e.step.name.value.as_str())
    }

    /// `id` and the loop steps enclosing it, innermost first.
    pub fn ancestry(&self, id: StepId) -> Vec<StepId> {
        let mut chain = vec![id];
        let mut at = self.all[id].parent;
        while let Some(p) = at {
            chain.push(p);
            at = self.all[p].parent;
        }
        chain
    }
}

pub struct Cx<'d> {
    pub doc: &'d Document,
    /// The document's name when known (its file name without the extension).
    pub name: Option<&'d str>,
    pub steps: Steps<'d>,
    pub out: Vec<Diagnostic>,
}

impl<'d> Cx<'d> {
    pub fn new(doc: &'d Document) -> Cx<'d> {
        Cx {
            doc,
            name: None,
            steps: Steps::new(doc),
            out: Vec::new(),
        }
    }

    /// Report `code` with the severity the registry gives it, so severities live in one place.
    pub fn report(&mut self, code: &'static str, span: Span, message: impl Into<String>) {
        self.out.push(diagnostic(code, span, message));
    }

    /// Report with an optional help line.
    pub fn report_help(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = diagnostic(code, span, message);
        d.help = help;
        self.out.push(d);
    }
}

impl Cx<'_> {
    /// Report a graded code in one of the cases its rule lists as a warning.
    pub fn report_warning(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        debug_assert!(
            rule(code).is_some_and(|r| r.warning_when.is_some()),
            "{code} has no warning form"
        );
        let mut d = Diagnostic::warning(code, span, message);
        d.help = help;
        self.out.push(d);
    }
}

pub fn diagnostic(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
    debug_assert!(rule(code).is_some(), "unregistered code {code}");
    match rule(code).map(|r| r.severity) {
        Some(Severity::Warning) => Diagnostic::warning(code, span, message),
        _ => Diagnostic::error(code, span, message),
    }
}

/// "did you mean `x`?" over one namespace.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    suggest(word, candidates).map(|s| format!("did you mean `{s}`?"))
}

/// Whether a string holds any `{{ … }}` that AWS would substitute. Such values are only
/// known at run time, so literal checks skip them.
pub fn has_reference(s: &str) -> bool {
    crate::template::scan(s)
        .iter()
        .any(|o| !o.reference.is_invalid())
}

/// Whether a node holds a reference anywhere inside it.
pub fn node_has_reference(node: &Node) -> bool {
    let mut found = false;
    node.walk(&mut |n| {
        if let NodeKind::Str { value, .. } = &n.kind {
            found |= has_reference(value);
        }
    });
    found
}

/// The span of each range (`len` bytes at byte `start`, in increasing order of `start`) of
/// a string scalar, when the node's span makes the position certain; otherwise the whole
/// node. Characters are counted once from one range to the next, so a line with thousands
/// of references costs the line's length, not its length per reference.
///
/// Certain means: a single-line scalar whose width shows no escapes (plain, or quoted with
/// exactly two quote characters more), or a block scalar whose value lines are its source
/// lines (see below).
pub fn sub_spans(node: &Node, ranges: &[(usize, usize)]) -> Vec<Span> {
    let NodeKind::Str { value, quoted } = &node.kind else {
        return vec![node.span; ranges.len()];
    };
    let sp = node.span;
    let chars = |s: &str| s.chars().count() as u32;
    let single_line = sp.line == sp.end_line;
    let certain = if single_line {
        let quotes = if *quoted { 2 } else { 0 };
        sp.end_col.checked_sub(sp.col) == Some(chars(value) + quotes)
    } else {
        // A block scalar starts at its first content line and, followed by a key at the
        // margin, ends at column 1 of the next line. If its line count then matches its
        // newlines, no line was folded and no blank line trails, so lines map one to one.
        // Quoted multi-line scalars end after their closing quote and never qualify.
        let newlines = value.trim_end_matches('\n').matches('\n').count() as u32;
        *quoted && sp.end_col == 1 && sp.end_line - sp.line == newlines + 1
    };
    let first_col = if single_line && *quoted {
        sp.col + 1
    } else {
        sp.col
    };
    // Where the previous range started: byte offset, line and column.
    let (mut at, mut line, mut col) = (0usize, sp.line, first_col);
    ranges
        .iter()
        .map(|&(start, len)| {
            let (Some(before), Some(inner)) = (value.get(at..start), value.get(start..start + len))
            else {
                return sp;
            };
            if !certain || (!single_line && inner.contains('\n')) {
                return sp;
            }
            match before.rfind('\n') {
                Some(i) => {
                    line += before.matches('\n').count() as u32;
                    col = sp.col + chars(&before[i + 1..]);
                }
                None => col += chars(before),
            }
            at = start;
            Span::new(line, col, line, col + chars(inner))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::source::SourceFile;

    fn node(text: &str) -> Node {
        let root = parse(&SourceFile::new("t.yaml", text)).unwrap();
        root.get("a").unwrap().clone()
    }

    fn at(text: &str) -> (u32, u32) {
        let n = node(text);
        let s = n.str().unwrap();
        let start = s.find("{{").unwrap();
        let sp = sub_spans(&n, &[(start, 7)])[0];
        (sp.line, sp.col)
    }

    #[test]
    fn points_inside_plain_and_quoted_scalars() {
        assert_eq!(at("a: x {{ X }}\n"), (1, 6));
        assert_eq!(at("a: 'x {{ X }}'\n"), (1, 7));
        assert_eq!(at("a: \"xy {{ X }}\"\n"), (1, 8));
    }

    #[test]
    fn falls_back_to_the_node_when_escapes_shift_columns() {
        assert_eq!(at("a: 'it''s {{ X }}'\n"), (1, 4));
        assert_eq!(at("a: >-\n  folded\n  text {{ X }}\n"), (2, 3));
    }

    #[test]
    fn points_into_literal_blocks() {
        assert_eq!(at("a: |\n  first\n  then {{ X }}\n"), (3, 8));
        assert_eq!(at("a: |-\n  first\n  {{ X }}\nb: 1\n"), (3, 3));
        // At the end of the file the block's end is not where the next key starts.
        assert_eq!(at("a: |-\n  first\n  {{ X }}"), (2, 3));
    }
}
