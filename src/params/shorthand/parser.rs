//! The syntax of the AWS CLI shorthand (`K=v,K2=[a,b],K3={x=y}`), rule for rule as the CLI's
//! own parser (`awscli/shorthand.py`) reads it, so that an argument copied from an AWS example
//! means the same thing here. This layer knows nothing of API shapes; the parent module fits
//! the parsed tree onto them.

use regex::Regex;
use serde_json::{Map, Value};
use std::sync::LazyLock;

// The CLI defines its value tokens as character ranges; the same ranges are kept (as hex
// escapes where a range ends on a character that is special inside a class) because which
// characters end a value decides how `a,b=c` splits.
const START: &str = r"!#-&(-+\x2D-<>-Z\x5C-z|-\x{10FFFF}";
// A first value may contain `=`, `[` and `{`, so `K=a=b` is the value `a=b`.
const FIRST_FOLLOW: &str = r"\s!#-&(-+\x2D-\x5C\x5E-|~-\x{10FFFF}";
// A later CSV item stops at `=`: that is how `K=a,b,L=c` finds the start of the next key.
const SECOND_FOLLOW: &str = r"\s!#-&(-+\x2D-<>-\x{10FFFF}";

static FIRST_VALUE: LazyLock<Regex> = LazyLock::new(|| word(FIRST_FOLLOW));
static SECOND_VALUE: LazyLock<Regex> = LazyLock::new(|| word(SECOND_FOLLOW));
static SINGLE_QUOTED: LazyLock<Regex> = LazyLock::new(|| fixed(r"^'(?:\\\\|\\'|[^'])*'"));
static DOUBLE_QUOTED: LazyLock<Regex> = LazyLock::new(|| fixed(r#"^"(?:\\\\|\\"|[^"])*""#));

fn word(follow: &str) -> Regex {
    fixed(&format!(r"^(?:\\,|[{START}])(?:\\,|[{follow}])*"))
}

/// Compiles one of the constant patterns above; they are fixed text, covered by the tests,
/// so a failure here is a programming error and not something a user can cause.
fn fixed(pattern: &str) -> Regex {
    Regex::new(pattern).expect("constant shorthand pattern compiles")
}

/// Why a shorthand argument could not be read. Indexes are byte offsets into the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum SyntaxError {
    Expected {
        expected: String,
        actual: String,
        index: usize,
    },
    DuplicateKey {
        key: String,
        index: usize,
    },
    /// Lists and maps nested deeper than [`MAX_DEPTH`] (the parser recurses per level).
    TooDeep {
        index: usize,
    },
}

/// Nesting of `[…]` and `{…}` the parser follows (docs/limits.md); the AWS CLI has no such
/// limit but Python's recursion limit stops it near 1,000 levels.
pub(super) const MAX_DEPTH: usize = 64;

impl SyntaxError {
    /// The CLI's wording, with the input and a caret under the offending character.
    pub(super) fn render(&self, input: &str) -> String {
        match self {
            SyntaxError::Expected {
                expected,
                actual,
                index,
            } => format!(
                "Expected: '{expected}', received: '{actual}' for input:\n{}",
                location(input, *index)
            ),
            SyntaxError::DuplicateKey { key, index } => format!(
                "Second instance of key \"{key}\" encountered for input:\n{}\n\
                 This is often because there is a preceding \",\" instead of a space.",
                location(input, *index)
            ),
            SyntaxError::TooDeep { index } => format!(
                "Lists and maps nest deeper than {MAX_DEPTH} levels for input:\n{}",
                location(input, *index)
            ),
        }
    }
}

/// The input with a caret line inserted below the line holding `index`.
fn location(input: &str, index: usize) -> String {
    let mut index = index.min(input.len());
    while !input.is_char_boundary(index) {
        index -= 1;
    }
    let before = &input[..index];
    let line_start = before.rfind('\n').map_or(0, |nl| nl + 1);
    let spaces = before[line_start..].chars().count();
    let split = input[index..]
        .find('\n')
        .map_or(input.len(), |off| index + off);
    let (consumed, remaining) = input.split_at(split);
    format!("{consumed}\n{}^{remaining}", " ".repeat(spaces))
}

/// Parses `keyval *("," keyval)` into a JSON object whose leaves are strings.
pub(super) fn parse(input: &str) -> Result<Value, SyntaxError> {
    Parser {
        input,
        i: 0,
        depth: 0,
    }
    .parameter()
}

struct Parser<'a> {
    input: &'a str,
    i: usize,
    /// `[…]` and `{…}` levels open at `i`.
    depth: usize,
}

impl<'a> Parser<'a> {
    fn parameter(&mut self) -> Result<Value, SyntaxError> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last = self.i;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            // A repeated key is almost always a `,` typed where a space was meant
            // (`K=a,b,K=c`); the CLI refuses it rather than keeping one silently.
            if params.contains_key(&key) {
                return Err(SyntaxError::DuplicateKey {
                    key,
                    index: last + 1,
                });
            }
            params.insert(key, value);
            last = self.i;
        }
        Ok(Value::Object(params))
    }

    fn keyval(&mut self) -> Result<(String, Value), SyntaxError> {
        let key = self.key();
        self.expect('=', true)?;
        Ok((key, self.values()?))
    }

    fn key(&mut self) -> String {
        let rest = &self.input[self.i..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.#/:".contains(c)))
            .unwrap_or(rest.len());
        self.i += len;
        rest[..len].to_string()
    }

    fn values(&mut self) -> Result<Value, SyntaxError> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    /// `a` is a scalar; `a,b,c` is a list that runs until an item turns out to be a key.
    fn csv_value(&mut self) -> Result<Value, SyntaxError> {
        let first = self.first_value()?;
        self.skip_whitespace();
        if self.current() != Some(',') {
            return Ok(Value::String(first));
        }
        self.expect(',', true)?;
        let mut items = vec![Value::String(first)];
        loop {
            match self.csv_item() {
                Ok((item, done)) => {
                    items.push(Value::String(item));
                    if done {
                        break;
                    }
                }
                Err(e) if self.at_eof() => return Err(e),
                Err(_) => {
                    // `a,b,c=d`: `c` was the next key, so give back everything from the
                    // comma before it and let the caller read `c=d` as a key/value pair.
                    self.backtrack_to_comma();
                    break;
                }
            }
        }
        if items.len() == 1 {
            return Ok(items.swap_remove(0));
        }
        Ok(Value::Array(items))
    }

    /// One later CSV item and the comma after it; `true` when the input ended instead.
    fn csv_item(&mut self) -> Result<(String, bool), SyntaxError> {
        let item = self.second_value()?;
        self.skip_whitespace();
        if self.at_eof() {
            return Ok((item, true));
        }
        self.expect(',', true)?;
        Ok((item, false))
    }

    fn explicit_list(&mut self) -> Result<Value, SyntaxError> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.skip_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.skip_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Value::Array(values))
    }

    fn explicit_value(&mut self) -> Result<Value, SyntaxError> {
        if matches!(self.current(), Some('[' | '{')) {
            if self.depth >= MAX_DEPTH {
                return Err(SyntaxError::TooDeep { index: self.i });
            }
            self.depth += 1;
            let value = if self.current() == Some('[') {
                self.explicit_list()
            } else {
                self.hash_literal()
            };
            self.depth -= 1;
            return value;
        }
        Ok(Value::String(self.first_value()?))
    }

    fn hash_literal(&mut self) -> Result<Value, SyntaxError> {
        self.expect('{', true)?;
        let mut entries = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.expect('=', true)?;
            let value = self.explicit_value()?;
            self.skip_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.skip_whitespace();
            }
            entries.insert(key, value);
        }
        self.expect('}', false)?;
        Ok(Value::Object(entries))
    }

    fn first_value(&mut self) -> Result<String, SyntaxError> {
        match self.current() {
            Some('\'') => self.quoted(&SINGLE_QUOTED, "single quoted", '\''),
            Some('"') => self.quoted(&DOUBLE_QUOTED, "double quoted", '"'),
            // No match is the empty value (`K=,L=x`), not an error.
            _ => Ok(self
                .consume(&FIRST_VALUE)
                .map_or_else(String::new, unescape_word)),
        }
    }

    fn second_value(&mut self) -> Result<String, SyntaxError> {
        match self.current() {
            Some('\'') => self.quoted(&SINGLE_QUOTED, "single quoted", '\''),
            Some('"') => self.quoted(&DOUBLE_QUOTED, "double quoted", '"'),
            _ => self
                .must_consume(&SECOND_VALUE, "second")
                .map(unescape_word),
        }
    }

    fn quoted(&mut self, regex: &Regex, name: &str, quote: char) -> Result<String, SyntaxError> {
        let text = self.must_consume(regex, name)?;
        let inner = &text[1..text.len() - 1];
        Ok(inner
            .replace(&format!("\\{quote}"), &quote.to_string())
            .replace("\\\\", "\\"))
    }

    fn consume(&mut self, regex: &Regex) -> Option<&'a str> {
        let found = regex.find(&self.input[self.i..])?;
        let start = self.i;
        self.i += found.end();
        Some(&self.input[start..self.i])
    }

    fn must_consume(&mut self, regex: &Regex, name: &str) -> Result<&'a str, SyntaxError> {
        let index = self.i;
        self.consume(regex).ok_or_else(|| SyntaxError::Expected {
            expected: format!("<{name}>"),
            actual: "<none>".to_string(),
            index,
        })
    }

    fn expect(&mut self, want: char, around_whitespace: bool) -> Result<(), SyntaxError> {
        if around_whitespace {
            self.skip_whitespace();
        }
        let actual = match self.current() {
            Some(c) if c == want => None,
            Some(c) => Some(c.to_string()),
            None => Some("EOF".to_string()),
        };
        if let Some(actual) = actual {
            return Err(SyntaxError::Expected {
                expected: want.to_string(),
                actual,
                index: self.i,
            });
        }
        self.i += want.len_utf8();
        if around_whitespace {
            self.skip_whitespace();
        }
        Ok(())
    }

    fn current(&self) -> Option<char> {
        self.input[self.i..].chars().next()
    }

    fn at_eof(&self) -> bool {
        self.i >= self.input.len()
    }

    fn backtrack_to_comma(&mut self) {
        if self.current() != Some(',')
            && let Some(comma) = self.input[..self.i].rfind(',')
        {
            self.i = comma;
        }
    }

    /// ASCII whitespace as Python's `string.whitespace` defines it (vertical tab included).
    fn skip_whitespace(&mut self) {
        let rest = &self.input[self.i..];
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r', '\x0b', '\x0c']);
        self.i += rest.len() - trimmed.len();
    }
}

/// Unquoted values keep inner spaces but lose trailing ones, and `\,` stands for a comma.
fn unescape_word(raw: &str) -> String {
    raw.replace("\\,", ",").trim_end().to_string()
}
