//! JSON text → node tree. A `.json` runbook is JSON (RFC 8259), as the service reads
//! `DocumentFormat: JSON` content: single quotes, comments and trailing commas are errors,
//! while tabs, like spaces, are white space (YAML would refuse them as indentation). The
//! tree, positions and budgets are those of the YAML front end; a repeated key keeps its
//! last value with a warning, as there.

use super::{Key, Limits, Node, NodeKind, Parsed};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

pub fn read(text: &str, limits: &Limits) -> Result<Parsed, Vec<Diagnostic>> {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        col: 1,
        depth: 0,
        nodes: 0,
        limits,
        warnings: Vec::new(),
    };
    reader.blank();
    if reader.peek().is_none() {
        return Err(vec![Diagnostic::error(
            "empty-document",
            Span::point(1, 1),
            "document is empty",
        )]);
    }
    let root = reader.value().map_err(|d| vec![*d])?;
    reader.blank();
    if reader.peek().is_some() {
        return Err(vec![*reader.error("unexpected text after the JSON value")]);
    }
    Ok(Parsed {
        root,
        warnings: reader.warnings,
    })
}

type Read<T> = Result<T, Box<Diagnostic>>;

struct Reader<'l> {
    chars: Vec<char>,
    at: usize,
    line: u32,
    col: u32,
    depth: usize,
    nodes: usize,
    limits: &'l Limits,
    warnings: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn here(&self) -> (u32, u32) {
        (self.line, self.col)
    }

    fn error(&self, message: impl Into<String>) -> Box<Diagnostic> {
        Box::new(Diagnostic::error(
            "syntax-error",
            Span::point(self.line, self.col),
            message,
        ))
    }

    /// JSON white space: space, tab, line feed, carriage return.
    fn blank(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }

    fn count(&mut self, span: Span) -> Read<()> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            let message = format!("document has more than {} nodes", self.limits.max_nodes);
            return Err(Box::new(Diagnostic::error("too-many-nodes", span, message)));
        }
        Ok(())
    }

    fn value(&mut self) -> Read<Node> {
        let (line, col) = self.here();
        let kind = match self.peek() {
            Some('{') => return self.nested(Self::object),
            Some('[') => return self.nested(Self::array),
            Some('"') => NodeKind::Str {
                value: self.string()?,
                quoted: true,
            },
            Some('-' | '0'..='9') => self.number()?,
            Some('t') => self.word("true", NodeKind::Bool(true))?,
            Some('f') => self.word("false", NodeKind::Bool(false))?,
            Some('n') => self.word("null", NodeKind::Null)?,
            Some('\'') => return Err(self.error("strings in JSON take double quotes")),
            Some(c) => return Err(self.error(format!("unexpected `{c}`: expected a JSON value"))),
            None => return Err(self.error("unexpected end of text: expected a JSON value")),
        };
        let span = Span::new(line, col, self.line, self.col);
        self.count(span)?;
        Ok(Node::new(span, kind))
    }

    fn nested(&mut self, f: fn(&mut Self) -> Read<NodeKind>) -> Read<Node> {
        let (line, col) = self.here();
        if self.depth >= self.limits.max_depth {
            let message = format!("nesting deeper than {} levels", self.limits.max_depth);
            let span = Span::point(line, col);
            return Err(Box::new(Diagnostic::error(
                "nesting-too-deep",
                span,
                message,
            )));
        }
        self.depth += 1;
        self.bump();
        let kind = f(self)?;
        self.depth -= 1;
        let span = Span::new(line, col, self.line, self.col);
        self.count(span)?;
        Ok(Node::new(span, kind))
    }

    /// After `{`: members up to and including `}`.
    fn object(&mut self) -> Read<NodeKind> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        self.blank();
        if self.peek() == Some('}') {
            self.bump();
            return Ok(NodeKind::Map(entries));
        }
        loop {
            self.blank();
            let (line, col) = self.here();
            if self.peek() != Some('"') {
                return Err(self.error("expected a member name in double quotes"));
            }
            let name = self.string()?;
            let key = Key {
                name,
                span: Span::new(line, col, self.line, self.col),
            };
            self.blank();
            if self.bump() != Some(':') {
                return Err(self.error("expected `:` after a member name"));
            }
            self.blank();
            let value = self.value()?;
            self.keep(&mut entries, key, value);
            self.blank();
            match self.bump() {
                Some(',') => {}
                Some('}') => return Ok(NodeKind::Map(entries)),
                _ => return Err(self.error("expected `,` or `}` in an object")),
            }
            self.blank();
            if self.peek() == Some('}') {
                return Err(self.error("trailing comma before `}`"));
            }
        }
    }

    fn keep(&mut self, entries: &mut Vec<(Key, Node)>, key: Key, value: Node) {
        match entries.iter_mut().find(|(k, _)| k.name == key.name) {
            Some((first, old)) => {
                let message = format!("duplicate key `{}`; the last value is used", key.name);
                let help = format!(
                    "first defined at line {}, column {}",
                    first.span.line, first.span.col
                );
                let warning = Diagnostic::warning("duplicate-key", key.span, message);
                self.warnings.push(warning.with_help(help));
                *old = value;
            }
            None => entries.push((key, value)),
        }
    }

    /// After `[`: elements up to and including `]`.
    fn array(&mut self) -> Read<NodeKind> {
        let mut items = Vec::new();
        self.blank();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(NodeKind::Seq(items));
        }
        loop {
            self.blank();
            items.push(self.value()?);
            self.blank();
            match self.bump() {
                Some(',') => {}
                Some(']') => return Ok(NodeKind::Seq(items)),
                _ => return Err(self.error("expected `,` or `]` in an array")),
            }
            self.blank();
            if self.peek() == Some(']') {
                return Err(self.error("trailing comma before `]`"));
            }
        }
    }

    fn word(&mut self, word: &str, kind: NodeKind) -> Read<NodeKind> {
        for expected in word.chars() {
            if self.peek() != Some(expected) {
                return Err(self.error(format!("expected `{word}`")));
            }
            self.bump();
        }
        Ok(kind)
    }

    /// An RFC 8259 number: an integer when it has no fraction or exponent and fits 64 bits,
    /// otherwise a float (as in the YAML front end).
    fn number(&mut self) -> Read<NodeKind> {
        let (line, col) = self.here();
        self.number_text().map_err(|mut e| {
            e.span = Span::point(line, col);
            e
        })
    }

    fn number_text(&mut self) -> Read<NodeKind> {
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while r.peek().is_some_and(|c| c.is_ascii_digit()) {
                r.bump();
            }
            r.at - from
        };
        if self.peek() == Some('-') {
            self.bump();
        }
        let leading_zero = self.peek() == Some('0');
        let whole = digits(self);
        if whole == 0 || (leading_zero && whole > 1) {
            return Err(self.error("invalid number"));
        }
        let mut integer = true;
        if self.peek() == Some('.') {
            self.bump();
            integer = false;
            if digits(self) == 0 {
                return Err(self.error("invalid number: digits must follow `.`"));
            }
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.bump();
            integer = false;
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if digits(self) == 0 {
                return Err(self.error("invalid number: digits must follow the exponent"));
            }
        }
        let text: String = self.chars[start..self.at].iter().collect();
        if integer && let Ok(i) = text.parse::<i64>() {
            return Ok(NodeKind::Int(i));
        }
        text.parse::<f64>()
            .map(NodeKind::Float)
            .map_err(|_| self.error("invalid number"))
    }

    /// A double-quoted string with JSON escapes; the opening quote is next.
    fn string(&mut self) -> Read<String> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("unterminated string")),
                Some('"') => return Ok(out),
                Some('\\') => out.push(self.escape()?),
                Some(c) if (c as u32) < 0x20 => {
                    return Err(self.error("control characters in a string must be escaped"));
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn escape(&mut self) -> Read<char> {
        Ok(match self.bump() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) && self.peek() == Some('\\') {
                    self.bump();
                    if self.bump() != Some('u') {
                        return Err(self.error("expected the low half of a surrogate pair"));
                    }
                    let low = self.hex4()?;
                    let code =
                        0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                    char::from_u32(code).unwrap_or('\u{FFFD}')
                } else {
                    char::from_u32(high).unwrap_or('\u{FFFD}')
                }
            }
            _ => return Err(self.error("invalid escape in a string")),
        })
    }

    fn hex4(&mut self) -> Read<u32> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self.bump().and_then(|c| c.to_digit(16));
            v = v * 16 + d.ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests;
