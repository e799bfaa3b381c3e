//! Where saphyr-parser refuses YAML that PyYAML reads, the text is adjusted so that it reads
//! it, with the same value, and positions are mapped back.
//!
//! The one case: a quoted scalar continued on a line indented less than its block (down to
//! column 0). YAML 1.2 forbids it; PyYAML, libyaml and the service read it, folding the lines
//! as usual (docs/semantics.md). Leading white space of a continuation line is not part of
//! the value, so indenting such lines further changes nothing but positions.

use super::{Node, NodeKind};
use crate::source::Span;

/// How many scalars one document may have re-indented; each costs a new reading.
pub const MAX_FIXES: usize = 32;

/// Spaces added at the start of lines: (1-based line, count).
#[derive(Debug, Default)]
pub struct Shifts(Vec<(u32, u32)>);

impl Shifts {
    /// The text with the continuation lines of the quoted scalar or flow collection that
    /// starts at (1-based `line`, 0-based `col`) indented past `col`; `None` if neither
    /// starts there or it does not end.
    pub fn reindent(&mut self, text: &str, line: usize, col: usize) -> Option<String> {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let first = lines.get(line.checked_sub(1)?)?;
        let rest: String = first.chars().skip(col).collect();
        let mut scan = Scan::new(rest.chars().next()?)?;
        let mut out: String = lines[..line].concat();
        let mut open = !scan.feed(&rest[1..]);
        let mut n = line;
        let mut shifted = Vec::new();
        while open && n < lines.len() {
            let l = lines[n];
            n += 1;
            // A document marker at column 0 ends the stream even inside a quoted scalar.
            if l.starts_with("---") || l.starts_with("...") {
                return None;
            }
            out.push_str(&" ".repeat(col + 1));
            out.push_str(l);
            shifted.push((n as u32, col as u32 + 1));
            open = !scan.feed(l);
        }
        if open {
            return None;
        }
        self.0.extend(shifted);
        out.push_str(&lines[n..].concat());
        Some(out)
    }

    /// Moves a span on shifted lines back to the columns of the text as written.
    pub fn restore_span(&self, span: &mut Span) {
        let fix = |line: u32, col: &mut u32| {
            let added: u32 = self
                .0
                .iter()
                .filter(|(l, _)| *l == line)
                .map(|(_, n)| n)
                .sum();
            *col = col.saturating_sub(added).max(1);
        };
        fix(span.line, &mut span.col);
        fix(span.end_line, &mut span.end_col);
    }

    /// [`Shifts::restore_span`] over a whole tree, keys included.
    pub fn restore(&self, node: &mut Node) {
        if self.0.is_empty() {
            return;
        }
        self.restore_span(&mut node.span);
        match &mut node.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| self.restore(n)),
            NodeKind::Map(entries) => {
                for (k, v) in entries {
                    self.restore_span(&mut k.span);
                    self.restore(v);
                }
            }
            _ => {}
        }
    }
}

/// Finds where a quoted scalar or a flow collection ends, fed one line at a time.
/// Inside a flow collection it skips quoted scalars (a quote starts one only where a token
/// may start, so `[it's]` is plain text) and comments.
struct Scan {
    /// Open brackets; 0 while scanning a lone quoted scalar.
    depth: usize,
    quote: Option<char>,
    token_start: bool,
}

impl Scan {
    fn new(open: char) -> Option<Scan> {
        let (depth, quote) = match open {
            '\'' | '"' => (0, Some(open)),
            '[' | '{' => (1, None),
            _ => return None,
        };
        Some(Scan {
            depth,
            quote,
            token_start: true,
        })
    }

    /// Consumes a line; true once the construct has ended.
    fn feed(&mut self, line: &str) -> bool {
        let mut chars = line.chars().peekable();
        let mut after_space = true;
        while let Some(c) = chars.next() {
            if let Some(q) = self.quote {
                match c {
                    '\\' if q == '"' => {
                        chars.next();
                    }
                    '\'' if q == '\'' && chars.peek() == Some(&'\'') => {
                        chars.next();
                    }
                    _ if c == q => {
                        self.quote = None;
                        self.token_start = false;
                        if self.depth == 0 {
                            return true;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match c {
                '#' if after_space => return false,
                '\'' | '"' if self.token_start => self.quote = Some(c),
                '[' | '{' => self.depth += 1,
                ']' | '}' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return true;
                    }
                }
                _ => {}
            }
            after_space = c.is_whitespace();
            if !c.is_whitespace() {
                self.token_start = matches!(c, '[' | '{' | ',' | ':' | '?');
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_are_indented_past_the_quote() {
        let text = "a:\n  b: 'one\ntwo''s\n three'\n  c: 1\n";
        let mut shifts = Shifts::default();
        let fixed = shifts.reindent(text, 2, 5).unwrap();
        assert_eq!(
            fixed,
            "a:\n  b: 'one\n      two''s\n       three'\n  c: 1\n"
        );
        assert_eq!(shifts.0, [(3, 6), (4, 6)]);
        assert!(Shifts::default().reindent(text, 2, 4).is_none());
        assert!(Shifts::default().reindent("a: 'x\n---\n'", 1, 3).is_none());
    }

    #[test]
    fn flow_collections_end_at_their_bracket() {
        let text = "a:\n  b: [it's, 'x]\ny', # ]\n\"z\"]\nc: 1\n";
        let mut shifts = Shifts::default();
        let fixed = shifts.reindent(text, 2, 5).unwrap();
        assert_eq!(
            fixed,
            "a:\n  b: [it's, 'x]\n      y', # ]\n      \"z\"]\nc: 1\n"
        );
    }
}
