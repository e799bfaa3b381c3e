//! `--output yaml`: what the CLI's YAML dumper (ruamel.yaml, safe mode, block style, YAML 1.2)
//! prints.
//!
//! Rather than a general YAML library this is a small emitter that follows the same rules as
//! the Python one: mapping keys sorted, sequences under a key not indented, strings plain
//! unless that would read back as another type or break the syntax, then single-quoted, then
//! double-quoted with escapes; long lines folded at spaces past column 80.
//!
//! The same emitter writes runbook content for GetDocument's format conversion
//! ([`document`]): there keys keep their order (`schemaVersion` first, `name` before
//! `action`), multi-line text is a literal block, and nothing is folded.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use super::{json, pyrepr};

const BEST_WIDTH: usize = 80;
const BEST_INDENT: usize = 2;

/// A bare scalar (a `--query` result) is printed as JSON, as the CLI does to avoid YAML's
/// document-end marker: `"Success"`, `42`, `null`.
pub(super) fn format(value: &Value) -> String {
    match value {
        Value::Array(_) | Value::Object(_) => {
            let mut emitter = Emitter::default();
            emitter.node(value, Context::default());
            // The document ends on a fresh line.
            emitter.write_indent();
            emitter.out
        }
        scalar => format!("{}\n", json::scalar(scalar)),
    }
}

/// `value` as a runbook's YAML: block style in the value's own key order, with multi-line
/// text as literal blocks; it parses back to the same tree.
pub fn document(value: &Value) -> String {
    let mut emitter = Emitter {
        document: true,
        ..Emitter::default()
    };
    emitter.node(value, Context::default());
    emitter.write_indent();
    emitter.out
}

#[derive(Default, Clone, Copy)]
struct Context {
    mapping: bool,
    simple_key: bool,
}

#[derive(Default)]
struct Emitter {
    out: String,
    column: usize,
    /// Indentation of the collection being written; `None` before the root collection.
    indent: Option<usize>,
    /// The last character written was whitespace (so an indicator needs no leading space).
    whitespace: bool,
    /// Only indentation has been written on the current line.
    indention: bool,
    started: bool,
    /// Writing a runbook rather than CLI output (see [`document`]).
    document: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

impl Emitter {
    fn node(&mut self, value: &Value, ctx: Context) {
        if !self.started {
            // At the start of the document the line is empty and counts as indented.
            self.started = true;
            self.whitespace = true;
            self.indention = true;
        }
        match value {
            Value::Array(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Object(map) if map.is_empty() => self.empty_flow("{", "}"),
            Value::Array(items) => self.sequence(items, ctx),
            Value::Object(map) => self.mapping(map),
            Value::String(s) => self.scalar(s, !resolves_to_other_type(s), ctx.simple_key),
            Value::Null => self.scalar("", true, ctx.simple_key),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, true, ctx.simple_key),
            Value::Number(n) => {
                self.scalar(&pyrepr::number(n).to_lowercase(), true, ctx.simple_key)
            }
        }
    }

    fn push_indent(&mut self, flow: bool, indentless: bool) -> Option<usize> {
        let saved = self.indent;
        self.indent = match self.indent {
            None if flow => Some(BEST_INDENT),
            None => Some(0),
            Some(i) if !indentless => Some(i + BEST_INDENT),
            Some(i) => Some(i),
        };
        saved
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    fn sequence(&mut self, items: &[Value], ctx: Context) {
        // A sequence that is a mapping value starts at the key's column ("key:\n- item").
        let indentless = ctx.mapping && !self.indention;
        let saved = self.push_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::default());
        }
        self.indent = saved;
    }

    fn mapping(&mut self, map: &Map<String, Value>) {
        let saved = self.push_indent(false, false);
        let mut entries: Vec<(&String, &Value)> = map.iter().collect();
        if !self.document {
            entries.sort_by(|a, b| a.0.cmp(b.0));
        }
        let key_ctx = Context {
            mapping: true,
            simple_key: true,
        };
        let value_ctx = Context {
            mapping: true,
            simple_key: false,
        };
        for (key, value) in entries {
            self.write_indent();
            let analysis = analyze(key);
            if key.chars().count() < 128 && !analysis.empty && !analysis.multiline {
                self.node(&Value::String(key.clone()), key_ctx);
                self.write_indicator(":", false, false, false);
            } else {
                // Keys that cannot be written inline use the explicit `? key` / `: value` form.
                self.write_indicator("?", true, false, true);
                self.node(&Value::String(key.clone()), value_ctx);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, value_ctx);
        }
        self.indent = saved;
    }

    fn scalar(&mut self, text: &str, implicit: bool, simple_key: bool) {
        let saved = self.push_indent(true, false);
        let a = analyze(text);
        let style = if implicit && !(simple_key && (a.empty || a.multiline)) && a.allow_block_plain
        {
            Style::Plain
        } else if a.allow_single_quoted && !(simple_key && a.multiline) {
            Style::Single
        } else {
            Style::Double
        };
        let split = !simple_key && !self.document;
        if self.document && !simple_key && literal_block_fits(text) {
            self.write_literal(text);
            self.indent = saved;
            return;
        }
        match style {
            Style::Plain => self.write_plain(text, split),
            Style::Single => self.write_single_quoted(text, split),
            Style::Double => self.write_double_quoted(text, split),
        }
        self.indent = saved;
    }

    /// A `|` block: each line verbatim one level in, `|-` when no newline ends the text.
    fn write_literal(&mut self, text: &str) {
        self.write_indicator(
            if text.ends_with('\n') { "|" } else { "|-" },
            true,
            false,
            false,
        );
        let indent = self.indent.unwrap_or(0);
        for line in text.trim_end_matches('\n').split('\n') {
            self.write_line_break('\n');
            if !line.is_empty() {
                self.write(&" ".repeat(indent));
                self.write(line);
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write(&mut self, data: &str) {
        self.column += data.chars().count();
        self.out.push_str(data);
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_space: bool,
        whitespace: bool,
        indention: bool,
    ) {
        if !self.whitespace && need_space {
            self.write(" ");
        }
        self.write(indicator);
        self.whitespace = whitespace;
        self.indention = self.indention && indention;
    }

    fn write_line_break(&mut self, br: char) {
        self.out.push(br);
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.write_line_break('\n');
        }
        if self.column < indent {
            self.whitespace = true;
            let pad = " ".repeat(indent - self.column);
            self.write(&pad);
        }
    }

    fn write_plain(&mut self, text: &str, split: bool) {
        if text.is_empty() {
            return;
        }
        if !self.whitespace {
            self.write(" ");
        }
        self.whitespace = false;
        self.indention = false;
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        let mut start = 0;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    // Fold at a single space once the line is past the preferred width.
                    if start + 1 == end && self.column > BEST_WIDTH && split {
                        self.write_indent();
                        self.whitespace = false;
                        self.indention = false;
                    } else {
                        let data: String = chars[start..end].iter().collect();
                        self.write(&data);
                    }
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ' || is_break(c)) {
                let data: String = chars[start..end].iter().collect();
                self.write(&data);
                start = end;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
            }
        }
    }

    fn write_single_quoted(&mut self, text: &str, split: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let (mut spaces, mut breaks) = (false, false);
        let mut start = 0;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if spaces {
                if ch != Some(' ') {
                    if start + 1 == end
                        && self.column > BEST_WIDTH
                        && split
                        && start != 0
                        && end != chars.len()
                    {
                        self.write_indent();
                    } else {
                        let data: String = chars[start..end].iter().collect();
                        self.write(&data);
                    }
                    start = end;
                }
            } else if breaks {
                if ch.is_none_or(|c| !is_break(c)) {
                    // Inside quotes a single line break folds to a space, so each one is
                    // written as an empty line.
                    if chars.get(start) == Some(&'\n') {
                        self.write_line_break('\n');
                    }
                    for &br in &chars[start..end] {
                        self.write_line_break(br);
                    }
                    self.write_indent();
                    start = end;
                }
            } else if ch.is_none_or(|c| c == ' ' || c == '\'' || is_break(c)) && start < end {
                let data: String = chars[start..end].iter().collect();
                self.write(&data);
                start = end;
            }
            if ch == Some('\'') {
                self.write("''");
                start = end + 1;
            }
            if let Some(c) = ch {
                spaces = c == ' ';
                breaks = is_break(c);
            }
        }
        self.write_indicator("'", false, false, false);
    }

    fn write_double_quoted(&mut self, text: &str, split: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        for end in 0..=chars.len() {
            let ch = chars.get(end).copied();
            if ch.is_none_or(needs_escape) {
                if start < end {
                    let data: String = chars[start..end].iter().collect();
                    self.write(&data);
                    start = end;
                }
                if let Some(c) = ch {
                    let escaped = escape(c);
                    self.write(&escaped);
                    start = end + 1;
                }
            }
            if 0 < end
                && end + 1 < chars.len()
                && (ch == Some(' ') || start >= end)
                && self.column as isize + end as isize - start as isize > BEST_WIDTH as isize
                && split
            {
                // Fold with an escaped line break so that no space is lost.
                let mut data: String = chars[start.min(end)..end].iter().collect();
                data.push('\\');
                if start < end {
                    start = end;
                }
                self.write(&data);
                self.write_indent();
                self.whitespace = false;
                self.indention = false;
                if chars.get(start) == Some(&' ') {
                    self.write("\\");
                }
            }
        }
        self.write_indicator("\"", false, false, false);
    }
}

/// Multi-line text reads best as a literal block, which keeps it verbatim as long as the
/// first line has no leading space (it would set the indentation), at most one newline ends
/// it (more needs keep chomping), and every character is printable.
fn literal_block_fits(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.ends_with("\n\n")
        && s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control())
        && !s.split('\n').any(|line| line.ends_with([' ', '\t']))
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '"' | '\\' | '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'
    ) || !(('\x20'..='\x7e').contains(&c)
        || ('\u{a0}'..='\u{d7ff}').contains(&c)
        || ('\u{e000}'..='\u{fffd}').contains(&c))
}

fn escape(c: char) -> String {
    let short = match c {
        '\0' => Some('0'),
        '\x07' => Some('a'),
        '\x08' => Some('b'),
        '\t' => Some('t'),
        '\n' => Some('n'),
        '\x0b' => Some('v'),
        '\x0c' => Some('f'),
        '\r' => Some('r'),
        '\x1b' => Some('e'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        '\u{85}' => Some('N'),
        '\u{a0}' => Some('_'),
        '\u{2028}' => Some('L'),
        '\u{2029}' => Some('P'),
        _ => None,
    };
    let code = c as u32;
    match short {
        Some(s) => format!("\\{s}"),
        None if code <= 0xff => format!("\\x{code:02X}"),
        None if code <= 0xffff => format!("\\u{code:04X}"),
        None => format!("\\U{code:08X}"),
    }
}

#[derive(Default)]
struct Analysis {
    empty: bool,
    multiline: bool,
    allow_block_plain: bool,
    allow_single_quoted: bool,
}

/// Which styles can carry the string unchanged (the emitter's `analyze_scalar`).
fn analyze(scalar: &str) -> Analysis {
    if scalar.is_empty() {
        return Analysis {
            empty: true,
            multiline: false,
            allow_block_plain: true,
            allow_single_quoted: true,
        };
    }
    let chars: Vec<char> = scalar.chars().collect();
    let is_ws = |c: char| {
        matches!(
            c,
            '\0' | ' ' | '\t' | '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    let mut block_indicators = scalar.starts_with("---") || scalar.starts_with("...");
    let mut line_breaks = false;
    let mut special = false;
    let (mut leading_space, mut leading_break) = (false, false);
    let (mut trailing_space, mut trailing_break) = (false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_ws = true;
    for (index, &ch) in chars.iter().enumerate() {
        let followed_by_ws = chars.get(index + 1).is_none_or(|&c| is_ws(c));
        if index == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(ch) {
                block_indicators = true;
            }
            if (ch == '?' || ch == ':' || ch == '-') && followed_by_ws {
                block_indicators = true;
            }
        } else if (ch == ':' && followed_by_ws) || (ch == '#' && preceded_by_ws) {
            block_indicators = true;
        }
        if is_break(ch) {
            line_breaks = true;
        }
        if !(ch == '\n' || ('\x20'..='\x7e').contains(&ch)) {
            let printable = (ch == '\u{85}'
                || ('\u{a0}'..='\u{d7ff}').contains(&ch)
                || ('\u{e000}'..='\u{fffd}').contains(&ch)
                || ch >= '\u{10000}')
                && ch != '\u{feff}';
            if !printable {
                special = true;
            }
        }
        let last = index + 1 == chars.len();
        if ch == ' ' {
            leading_space |= index == 0;
            trailing_space |= last;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(ch) {
            leading_break |= index == 0;
            trailing_break |= last;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_ws(ch);
    }
    let mut allow_block_plain = true;
    let mut allow_single_quoted = true;
    if leading_space || leading_break || trailing_space || trailing_break {
        allow_block_plain = false;
    }
    if break_space {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if space_break || special {
        allow_block_plain = false;
        allow_single_quoted = false;
    }
    if line_breaks || block_indicators {
        allow_block_plain = false;
    }
    Analysis {
        empty: false,
        multiline: line_breaks,
        allow_block_plain,
        allow_single_quoted,
    }
}

/// Plain scalars that a YAML 1.2 reader would take for a boolean, number, null, timestamp,
/// merge key or value key; such strings must be quoted to stay strings.
static OTHER_TYPES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^(?:true|True|TRUE|false|False|FALSE)$",
        r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$",
        r"^(?:~|null|Null|NULL|)$",
        r"^(?:[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
        r"^(?:<<|=|!|&|\*)$",
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});

fn resolves_to_other_type(s: &str) -> bool {
    OTHER_TYPES.iter().any(|re| re.is_match(s))
}
