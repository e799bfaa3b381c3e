//! The YAML/JSON front end: saphyr-parser events → `Node` tree.
//!
//! We build the tree from parser events ourselves (rather than through serde) because the
//! validator needs the position of every key and value, duplicate keys must be reported with
//! both positions, and hostile input must be refused by explicit budgets:
//! size, nesting depth and the number of nodes produced (which bounds alias expansion).
//!
//! Scalars follow the YAML 1.2 core schema: `yes`/`no`/`on`/`off` stay strings. JSON documents
//! go through the same parser (JSON is YAML 1.2 flow syntax), so positions match for both.

use super::{Key, Node, NodeKind};
use crate::diagnostic::Diagnostic;
use crate::source::{SourceFile, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use std::collections::HashMap;

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

/// Decode raw bytes into a source file, reporting the position of invalid UTF-8.
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

pub fn parse(source: &SourceFile) -> Result<Node, Vec<Diagnostic>> {
    parse_with(source, &Limits::default())
}

pub fn parse_with(source: &SourceFile, limits: &Limits) -> Result<Node, Vec<Diagnostic>> {
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
    let mut builder = Builder {
        limits,
        nodes: 0,
        anchors: HashMap::new(),
        stack: Vec::new(),
    };
    builder.run(&source.text)
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
    },
    Map {
        start: Span,
        anchor: usize,
        entries: Vec<(Key, Node)>,
        key: Option<Key>,
    },
}

struct Builder<'l> {
    limits: &'l Limits,
    nodes: usize,
    anchors: HashMap<usize, Node>,
    stack: Vec<Frame>,
}

impl Builder<'_> {
    fn run(&mut self, text: &str) -> Result<Node, Vec<Diagnostic>> {
        let mut parser = Parser::new_from_str(text);
        let mut root: Option<Node> = None;
        let mut diagnostics = Vec::new();
        let mut documents = 0;
        loop {
            let (event, ys) = match parser.next_event() {
                None => break,
                Some(Ok(ev)) => ev,
                Some(Err(e)) => {
                    let m = e.marker();
                    let sp = Span::point(m.line() as u32, m.col() as u32 + 1);
                    diagnostics.push(Diagnostic::error("syntax-error", sp, e.info().to_string()));
                    return Err(diagnostics);
                }
            };
            let sp = span(&ys);
            let done = match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => None,
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        diagnostics.push(Diagnostic::error(
                            "multiple-documents",
                            sp,
                            "a runbook file holds exactly one YAML document",
                        ));
                        return Err(diagnostics);
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
                    let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                    let kind = scalar(&value, style, is_str_tag);
                    let node = Node::new(sp, kind);
                    if anchor > 0 {
                        self.anchors.insert(anchor, node.clone());
                    }
                    Some(node)
                }
                Event::SequenceStart(anchor, _) => {
                    self.push(
                        Frame::Seq {
                            start: sp,
                            anchor,
                            items: Vec::new(),
                        },
                        &sp,
                    )?;
                    None
                }
                Event::MappingStart(anchor, _) => {
                    self.push(
                        Frame::Map {
                            start: sp,
                            anchor,
                            entries: Vec::new(),
                            key: None,
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
                    let (node, anchor) = match frame {
                        Frame::Seq {
                            start,
                            anchor,
                            items,
                        } => (Node::new(join(start, sp), NodeKind::Seq(items)), anchor),
                        Frame::Map {
                            start,
                            anchor,
                            entries,
                            ..
                        } => (Node::new(join(start, sp), NodeKind::Map(entries)), anchor),
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
                    Some(Frame::Seq { items, .. }) => items.push(node),
                    Some(Frame::Map { entries, key, .. }) => match key.take() {
                        None => match node.str() {
                            Some(_) | None if is_scalar(&node) => {
                                *key = Some(Key {
                                    name: scalar_text(&node),
                                    span: node.span,
                                });
                            }
                            _ => {
                                diagnostics.push(Diagnostic::error(
                                    "syntax-error",
                                    node.span,
                                    "mapping keys must be plain strings",
                                ));
                                return Err(diagnostics);
                            }
                        },
                        Some(k) => {
                            if let Some((first, _)) = entries.iter().find(|(e, _)| e.name == k.name)
                            {
                                diagnostics.push(
                                    Diagnostic::error(
                                        "duplicate-key",
                                        k.span,
                                        format!("duplicate key `{}`", k.name),
                                    )
                                    .with_help(format!(
                                        "first defined at line {}, column {}",
                                        first.span.line, first.span.col
                                    )),
                                );
                            } else {
                                entries.push((k, node));
                            }
                        }
                    },
                }
            }
        }
        match root {
            Some(node) if diagnostics.is_empty() => Ok(node),
            Some(_) => Err(diagnostics),
            None => Err(vec![Diagnostic::error(
                "empty-document",
                Span::point(1, 1),
                "document is empty",
            )]),
        }
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

/// YAML 1.2 core schema resolution of a plain scalar; quoted scalars are always strings.
fn scalar(value: &str, style: ScalarStyle, str_tag: bool) -> NodeKind {
    if style != ScalarStyle::Plain || str_tag {
        return NodeKind::Str {
            value: value.to_string(),
            quoted: true,
        };
    }
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" => return NodeKind::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return NodeKind::Float(f64::NEG_INFINITY),
        _ => {}
    }
    if is_decimal_int(value)
        && let Ok(i) = value.parse::<i64>()
    {
        return NodeKind::Int(i);
    }
    if let Some(hex) = value.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return NodeKind::Int(i);
    }
    if let Some(oct) = value.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return NodeKind::Int(i);
    }
    if is_float(value)
        && let Ok(f) = value.parse::<f64>()
    {
        return NodeKind::Float(f);
    }
    NodeKind::Str {
        value: value.to_string(),
        quoted: false,
    }
}

fn is_decimal_int(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    // Core schema: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => {
            (a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit()))
                && !(a.is_empty() && b.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|c| c.is_ascii_digit()),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exp_ok
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn duplicate_keys_reported_with_both_positions() {
        let e = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e[0].code, "duplicate-key");
        assert_eq!(e[0].span.line, 3);
        assert!(e[0].help.as_deref().unwrap().contains("line 1"));
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
