//! The YAML/JSON front end: saphyr-parser events → `Node` tree.
//!
//! We build the tree from parser events ourselves (rather than through serde) because the
//! validator needs the position of every key and value, duplicate keys must be reported with
//! both positions, and hostile input must be refused by explicit budgets:
//! size, nesting depth and the number of nodes produced (which bounds alias expansion).
//!
//! Scalars follow the YAML 1.2 core schema: `yes`/`no`/`on`/`off` stay strings. JSON documents
//! go through the same parser (JSON is YAML 1.2 flow syntax), so positions match for both.

use super::cloudformation;
use super::relax::{MAX_FIXES, Shifts};
use super::scalar::scalar;
use super::{Key, Limits, Node, NodeKind, Parsed};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use saphyr_parser::{Event, Parser, Span as YSpan};
use std::collections::HashMap;

/// Reads YAML text into a node tree within `limits`, as PyYAML reads it: where saphyr
/// refuses a quoted scalar's indentation, the text is re-indented ([`Shifts`]) and read again.
pub fn read(text: &str, limits: &Limits) -> Result<Parsed, Vec<Diagnostic>> {
    let mut shifts = Shifts::default();
    let mut current = std::borrow::Cow::Borrowed(text);
    let mut fixes = 0;
    loop {
        let mut builder = Builder {
            limits,
            nodes: 0,
            anchors: HashMap::new(),
            stack: Vec::new(),
            warnings: Vec::new(),
            misindented_quote: None,
        };
        let result = builder.run(&current);
        let retry = builder
            .misindented_quote
            .filter(|_| fixes < MAX_FIXES)
            .and_then(|(line, col)| shifts.reindent(&current, line, col));
        match (result, retry) {
            (Err(_), Some(fixed)) => {
                fixes += 1;
                current = std::borrow::Cow::Owned(fixed);
            }
            (Err(mut e), None) => {
                e.iter_mut().for_each(|d| shifts.restore_span(&mut d.span));
                return Err(e);
            }
            (Ok(mut root), _) => {
                shifts.restore(&mut root);
                let mut warnings = builder.warnings;
                warnings
                    .iter_mut()
                    .for_each(|d| shifts.restore_span(&mut d.span));
                return Ok(Parsed { root, warnings });
            }
        }
    }
}

fn span(s: &YSpan) -> Span {
    Span::new(
        s.start.line() as u32,
        s.start.col() as u32 + 1,
        s.end.line() as u32,
        s.end.col() as u32 + 1,
    )
}

enum Frame {
    Seq {
        start: Span,
        anchor: usize,
        items: Vec<Node>,
        /// The CloudFormation function of a `!Join [...]`-style tag, read as its long form.
        function: Option<&'static str>,
    },
    Map {
        start: Span,
        anchor: usize,
        entries: Vec<(Key, Node)>,
        key: Option<Key>,
        /// Values of `<<` merge keys, merged in when the mapping ends.
        merges: Vec<Node>,
        /// The pending key is a merge key.
        merging: bool,
        function: Option<&'static str>,
    },
}

/// Adds a finished node to the collection being built: an item, a key, or a key's value.
fn attach(
    frame: &mut Frame,
    node: Node,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let (entries, key, merges, merging) = match frame {
        Frame::Seq { items, .. } => {
            items.push(node);
            return Ok(());
        }
        Frame::Map {
            entries,
            key,
            merges,
            merging,
            ..
        } => (entries, key, merges, merging),
    };
    let Some(k) = key.take() else {
        if !is_scalar(&node) {
            return Err(vec![Diagnostic::error(
                "syntax-error",
                node.span,
                "mapping keys must be plain strings",
            )]);
        }
        *key = Some(Key {
            name: scalar_text(&node),
            span: node.span,
        });
        *merging = is_merge_key(&node);
        return Ok(());
    };
    if std::mem::take(merging) {
        let mergeable = |n: &Node| matches!(n.kind, NodeKind::Map(_));
        let ok = match &node.kind {
            NodeKind::Seq(items) => items.iter().all(mergeable),
            _ => mergeable(&node),
        };
        if !ok {
            return Err(vec![Diagnostic::error(
                "syntax-error",
                node.span,
                "a `<<` merge key takes a mapping or a list of mappings",
            )]);
        }
        merges.push(node);
        return Ok(());
    }
    // PyYAML (and the JSON readers the service is known to use) keep the last value; the
    // repetition is most likely a mistake, so it is reported as a warning.
    match entries.iter_mut().find(|(e, _)| e.name == k.name) {
        Some((first, value)) => {
            warnings.push(
                Diagnostic::warning(
                    "duplicate-key",
                    k.span,
                    format!("duplicate key `{}`; the last value is used", k.name),
                )
                .with_help(format!(
                    "first defined at line {}, column {}",
                    first.span.line, first.span.col
                )),
            );
            *value = node;
        }
        None => entries.push((k, node)),
    }
    Ok(())
}

/// A plain `<<` key: YAML 1.1's merge key, which PyYAML's safe loader applies.
fn is_merge_key(node: &Node) -> bool {
    matches!(&node.kind, NodeKind::Str { value, quoted: false } if value == "<<")
}

/// The mapping with its `<<` merges applied as PyYAML applies them: keys written in the
/// mapping win, then the merged mappings in the order given.
fn merged(mut entries: Vec<(Key, Node)>, merges: Vec<Node>) -> Vec<(Key, Node)> {
    for merge in merges {
        let sources: Vec<Node> = match merge.kind {
            NodeKind::Seq(items) => items,
            _ => vec![merge],
        };
        for source in sources {
            if let NodeKind::Map(more) = source.kind {
                for (k, v) in more {
                    if !entries.iter().any(|(e, _)| e.name == k.name) {
                        entries.push((k, v));
                    }
                }
            }
        }
    }
    entries
}

struct Builder<'l> {
    limits: &'l Limits,
    nodes: usize,
    anchors: HashMap<usize, Node>,
    stack: Vec<Frame>,
    /// Problems that do not stop the reading (a repeated key).
    warnings: Vec<Diagnostic>,
    /// Where the quoted scalar or flow collection that saphyr refused for its indentation
    /// starts (line, column), when PyYAML would have read it.
    misindented_quote: Option<(usize, usize)>,
}

impl Builder<'_> {
    fn run(&mut self, text: &str) -> Result<Node, Vec<Diagnostic>> {
        let mut parser = Parser::new_from_str(text);
        let mut root: Option<Node> = None;
        let mut documents = 0;
        loop {
            let (event, ys) = match parser.next_event() {
                None => break,
                Some(Ok(ev)) => ev,
                Some(Err(e)) => {
                    let m = e.marker();
                    self.misindented_quote = self.misindented(text, e.info(), m.line(), m.col());
                    let sp = Span::point(m.line() as u32, m.col() as u32 + 1);
                    return Err(vec![Diagnostic::error(
                        "syntax-error",
                        sp,
                        e.info().to_string(),
                    )]);
                }
            };
            let sp = span(&ys);
            let done = match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => None,
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(vec![Diagnostic::error(
                            "multiple-documents",
                            sp,
                            "a runbook file holds exactly one YAML document",
                        )]);
                    }
                    None
                }
                Event::Alias(id) => match self.anchors.get(&id) {
                    Some(n) => {
                        let mut copy = n.clone();
                        self.count(&sp, subtree_size(&copy))?;
                        relocate_root(&mut copy, sp);
                        Some(copy)
                    }
                    None => {
                        return Err(vec![Diagnostic::error("syntax-error", sp, "unknown alias")]);
                    }
                },
                Event::Scalar(value, style, anchor, tag) => {
                    self.count(&sp, 1)?;
                    let core_tag = tag.as_ref().filter(|t| t.is_yaml_core_schema());
                    let kind = scalar(&value, style, core_tag.map(|t| t.suffix.as_str()));
                    let mut node = Node::new(sp, kind);
                    if !self.at_key() {
                        node = cloudformation::long_form(node, tag.as_deref());
                    }
                    if anchor > 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    Some(node)
                }
                Event::SequenceStart(anchor, tag) => {
                    self.push(
                        Frame::Seq {
                            start: sp,
                            anchor,
                            items: Vec::new(),
                            function: cloudformation::short_form(tag.as_deref()),
                        },
                        &sp,
                    )?;
                    None
                }
                Event::MappingStart(anchor, tag) => {
                    self.push(
                        Frame::Map {
                            start: sp,
                            anchor,
                            entries: Vec::new(),
                            key: None,
                            merges: Vec::new(),
                            merging: false,
                            function: cloudformation::short_form(tag.as_deref()),
                        },
                        &sp,
                    )?;
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = self.stack.pop() else {
                        return Err(vec![Diagnostic::error(
                            "syntax-error",
                            sp,
                            "unbalanced end",
                        )]);
                    };
                    let (node, anchor, function) = match frame {
                        Frame::Seq {
                            start,
                            anchor,
                            items,
                            function,
                        } => (
                            Node::new(join(start, sp), NodeKind::Seq(items)),
                            anchor,
                            function,
                        ),
                        Frame::Map {
                            start,
                            anchor,
                            entries,
                            merges,
                            function,
                            ..
                        } => {
                            let entries = merged(entries, merges);
                            let node = Node::new(join(start, sp), NodeKind::Map(entries));
                            (node, anchor, function)
                        }
                    };
                    let node = match function {
                        Some(name) => cloudformation::wrap(name, node),
                        None => node,
                    };
                    self.count(&sp, 1)?;
                    if anchor > 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    Some(node)
                }
            };
            if let Some(node) = done {
                match self.stack.last_mut() {
                    None => root = Some(node),
                    Some(frame) => attach(frame, node, &mut self.warnings)?,
                }
            }
        }
        match root {
            Some(node) => Ok(node),
            None => Err(vec![Diagnostic::error(
                "empty-document",
                Span::point(1, 1),
                "document is empty",
            )]),
        }
    }

    /// For an indentation error PyYAML does not make (it does not check indentation inside
    /// flow collections or quoted scalars): the start of the outermost open flow collection,
    /// or else of the quoted scalar the error points at.
    fn misindented(
        &self,
        text: &str,
        info: &str,
        line: usize,
        col: usize,
    ) -> Option<(usize, usize)> {
        let indentation = matches!(
            info,
            "invalid indentation"
                | "invalid indentation in quoted scalar"
                | "invalid indentation in flow construct"
        );
        if !indentation {
            return None;
        }
        let char_at = |line: u32, col: u32| {
            text.split_inclusive('\n')
                .nth(line.checked_sub(1)? as usize)?
                .chars()
                .nth(col.checked_sub(1)? as usize)
        };
        let flow = self.stack.iter().find_map(|f| {
            let (Frame::Seq { start, .. } | Frame::Map { start, .. }) = f;
            matches!(char_at(start.line, start.col), Some('[' | '{'))
                .then_some((start.line as usize, start.col as usize - 1))
        });
        flow.or_else(|| (info == "invalid indentation in quoted scalar").then_some((line, col)))
    }

    /// Whether the next node is a mapping's key (keys are never CloudFormation functions).
    fn at_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn push(&mut self, frame: Frame, sp: &Span) -> Result<(), Vec<Diagnostic>> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(vec![Diagnostic::error(
                "nesting-too-deep",
                *sp,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            )]);
        }
        self.stack.push(frame);
        Ok(())
    }

    fn count(&mut self, sp: &Span, n: usize) -> Result<(), Vec<Diagnostic>> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(vec![Diagnostic::error(
                "too-many-nodes",
                *sp,
                format!(
                    "document expands to more than {} nodes (aliases included)",
                    self.limits.max_nodes
                ),
            )]);
        }
        Ok(())
    }
}

fn join(start: Span, end: Span) -> Span {
    Span::new(
        start.line,
        start.col,
        end.end_line.max(start.line),
        end.end_col,
    )
}

fn is_scalar(n: &Node) -> bool {
    !matches!(n.kind, NodeKind::Seq(_) | NodeKind::Map(_))
}

fn scalar_text(n: &Node) -> String {
    match &n.kind {
        NodeKind::Str { value, .. } => value.clone(),
        NodeKind::Null => String::new(),
        other => Node::new(n.span, other.clone()).to_json().to_string(),
    }
}

fn subtree_size(n: &Node) -> usize {
    let mut count = 0usize;
    n.walk(&mut |_| count += 1);
    count
}

/// An alias copy is reported at the alias, not at the anchor.
fn relocate_root(n: &mut Node, sp: Span) {
    n.span = sp;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{decode, parse, parse_document, parse_with};
    use crate::source::SourceFile;

    fn p(text: &str) -> Result<Node, Vec<Diagnostic>> {
        parse(&SourceFile::new("t.yaml", text))
    }

    #[test]
    fn spans_point_at_values() {
        let n = p("a: 1\nmainSteps:\n  - name: x\n    action: aws:sleep\n").unwrap();
        let step = &n.get("mainSteps").unwrap().seq().unwrap()[0];
        let action = step.get("action").unwrap();
        assert_eq!(action.str(), Some("aws:sleep"));
        assert_eq!((action.span.line, action.span.col), (4, 13));
        assert_eq!(step.key("action").unwrap().span.col, 5);
    }

    #[test]
    fn json_parses_with_positions() {
        let n = p("{\n  \"schemaVersion\": \"0.3\",\n  \"x\": [1, true, null]\n}").unwrap();
        assert_eq!(n.get("schemaVersion").unwrap().span.line, 2);
        assert_eq!(
            n.get("x").unwrap().to_json(),
            serde_json::json!([1, true, null])
        );
    }

    #[test]
    fn core_schema_scalars() {
        let n = p("a: yes\nb: on\nc: 0.3\nd: '0.3'\ne: 010\nf: ~\ng: 1e3\n").unwrap();
        assert_eq!(n.get("a").unwrap().str(), Some("yes"));
        assert_eq!(n.get("b").unwrap().str(), Some("on"));
        assert_eq!(n.get("c").unwrap().kind, NodeKind::Float(0.3));
        assert_eq!(n.get("d").unwrap().str(), Some("0.3"));
        assert_eq!(n.get("e").unwrap().kind, NodeKind::Int(10));
        assert_eq!(n.get("f").unwrap().kind, NodeKind::Null);
        assert_eq!(n.get("g").unwrap().kind, NodeKind::Float(1000.0));
    }

    #[test]
    fn duplicate_keys_warn_and_keep_the_last_value() {
        let source = SourceFile::new("t.yaml", "a: 1\nb: 2\na: 3\n");
        let parsed = parse_document(&source, &Limits::default()).unwrap();
        let w = &parsed.warnings[0];
        assert_eq!(
            (w.code, w.span.line, w.is_error()),
            ("duplicate-key", 3, false)
        );
        assert!(w.help.as_deref().unwrap().contains("line 1"));
        assert_eq!(parsed.root.to_json(), serde_json::json!({"a": 3, "b": 2}));
    }

    #[test]
    fn merge_keys_apply_as_pyyaml_applies_them() {
        let n =
            p("b: &b {x: 1, y: 2}\nc: &c {y: 3, z: 4}\nm:\n  <<: [*b, *c]\n  x: 0\nq: {'<<': 1}\n")
                .unwrap();
        assert_eq!(
            n.get("m").unwrap().to_json(),
            serde_json::json!({"x": 0, "y": 2, "z": 4})
        );
        assert_eq!(n.get("q").unwrap().to_json(), serde_json::json!({"<<": 1}));
        assert_eq!(p("m:\n  <<: 1\n").unwrap_err()[0].code, "syntax-error");
    }

    #[test]
    fn quoted_scalar_continued_at_column_zero() {
        let n =
            p("steps:\n  - inputs:\n      Message: 'a long\nmessage'\n      Next: [x,\n 'y\nz']\n")
                .unwrap();
        let inputs = n.get("steps").unwrap().seq().unwrap()[0]
            .get("inputs")
            .unwrap();
        assert_eq!(inputs.get("Message").unwrap().str(), Some("a long message"));
        let next = inputs.get("Next").unwrap();
        assert_eq!(next.to_json(), serde_json::json!(["x", "y z"]));
        // Positions are those of the text as written.
        let yz = &next.seq().unwrap()[1];
        assert_eq!((yz.span.line, yz.span.col), (6, 2));
    }

    #[test]
    fn syntax_error_has_position() {
        let e = p("a: [1, 2\nb: c\n").unwrap_err();
        assert_eq!(e[0].code, "syntax-error");
        assert!(e[0].span.line >= 1);
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = i - 1;
            doc.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let e = p(&doc).unwrap_err();
        assert_eq!(e[0].code, "too-many-nodes");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let flow = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        // The scanner itself caps flow nesting; either refusal is fine as long as it is clean.
        let e = p(&flow).unwrap_err();
        assert!(
            matches!(e[0].code, "nesting-too-deep" | "syntax-error"),
            "{e:?}"
        );
        let mut block = String::new();
        for i in 0..1000 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        let e = p(&block).unwrap_err();
        assert!(matches!(e[0].code, "nesting-too-deep" | "syntax-error"));
    }

    #[test]
    fn large_input_is_refused() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        let e = parse_with(&SourceFile::new("t", "a: 123456789"), &limits).unwrap_err();
        assert_eq!(e[0].code, "input-too-large");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = decode("t", b"a: 1\nb: \xff\n".to_vec()).unwrap_err();
        assert_eq!(e.code, "invalid-utf8");
        assert_eq!((e.span.line, e.span.col), (2, 4));
    }

    #[test]
    fn two_documents_refused() {
        assert_eq!(
            p("a: 1\n---\nb: 2\n").unwrap_err()[0].code,
            "multiple-documents"
        );
    }
}
