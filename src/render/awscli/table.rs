//! `--output table`: the CLI's boxed tables (awscli/formatter.py `TableFormatter` building
//! sections, awscli/table.py `MultiTable` drawing them).
//!
//! Every dict or list becomes a titled section, nested one level deeper (one more `|` on each
//! side) than its parent. All sections are stretched to the widest one, so columns are scaled
//! proportionally rather than sized to their own content; that scaling, including Python's
//! round-half-to-even, is reproduced so column borders land where the CLI puts them.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::pyrepr;

/// Whatever `--query` returns is rendered; like the CLI, "falsy" results (null, false, 0,
/// empty string, empty list or dict) print nothing at all.
pub(super) fn format(value: &Value, title: &str, terminal_width: usize) -> String {
    let mut builder = Builder::default();
    if !builder.build(Some(title), value, 0) {
        return String::new();
    }
    render(builder.sections, terminal_width)
}

#[derive(Default)]
struct Section {
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    indent: usize,
    max_widths: Vec<usize>,
}

impl Section {
    fn new(title: &str, indent: usize) -> Section {
        Section {
            title: title.to_owned(),
            indent,
            ..Section::default()
        }
    }

    fn add_header(&mut self, headers: Vec<String>) {
        self.update_max_widths(&headers);
        self.headers = headers;
    }

    fn add_row(&mut self, row: Vec<String>) {
        self.update_max_widths(&row);
        self.rows.push(row);
    }

    /// The CLI aborts when rows differ in length; here a longer row simply widens the
    /// section and shorter ones are padded with empty cells when drawn.
    fn update_max_widths(&mut self, cells: &[String]) {
        for (i, cell) in cells.iter().enumerate() {
            let width = text_width(cell);
            match self.max_widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => self.max_widths.push(width),
            }
        }
    }

    /// Widths of the columns (each with 4 columns of padding) scaled to fill `max_width`.
    fn column_widths(&self, max_width: usize) -> Vec<usize> {
        let unscaled: Vec<usize> = self.max_widths.iter().map(|w| w + 4).collect();
        let total: usize = unscaled.iter().sum();
        if unscaled.is_empty() || total == 0 {
            return unscaled;
        }
        let scale = max_width as f64 / total as f64;
        let mut scaled: Vec<i64> = unscaled
            .iter()
            .map(|w| (scale * *w as f64).round_ties_even() as i64)
            .collect();
        // Rounding can leave the sum a little off; the CLI trims from the left or pads from
        // the right one column at a time until it fits exactly.
        let mut off_by: i64 = scaled.iter().sum::<i64>() - max_width as i64;
        while off_by != 0 {
            let order: Vec<usize> = if off_by < 0 {
                (0..scaled.len()).rev().collect()
            } else {
                (0..scaled.len()).collect()
            };
            for i in order {
                if off_by > 0 {
                    scaled[i] -= 1;
                    off_by -= 1;
                } else {
                    scaled[i] += 1;
                    off_by += 1;
                }
                if off_by == 0 {
                    break;
                }
            }
        }
        scaled.into_iter().map(|w| w.max(0) as usize).collect()
    }

    fn total_width(&self) -> usize {
        let columns: usize = self.max_widths.iter().map(|w| w + 4).sum();
        let outer = 2 + 2 * self.indent;
        (columns + outer).max(text_width(&self.title) + outer)
    }
}

#[derive(Default)]
struct Builder {
    sections: Vec<Section>,
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// Python truthiness, which decides whether the CLI draws anything for a value.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => !map.is_empty(),
    }
}

impl Builder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section::default());
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn new_section(&mut self, title: Option<&str>, indent: usize) {
        self.sections
            .push(Section::new(title.unwrap_or_default(), indent));
    }

    fn build(&mut self, title: Option<&str>, current: &Value, indent: usize) -> bool {
        if !is_truthy(current) {
            return false;
        }
        if title.is_some() {
            self.new_section(title, indent);
        }
        match current {
            Value::Array(items) if items.first().is_some_and(Value::is_object) => {
                self.list_of_dicts(items, indent, title);
            }
            Value::Array(items) => {
                for item in items {
                    match item {
                        Value::Array(inner) if inner.iter().all(is_scalar) => {
                            self.current()
                                .add_row(inner.iter().map(pyrepr::str_of).collect());
                        }
                        // Python iterates a dict's keys here, so the CLI shows the keys.
                        Value::Object(map) => {
                            self.current().add_row(map.keys().cloned().collect());
                        }
                        Value::Array(_) => {
                            self.build(None, item, 0);
                        }
                        scalar => self.current().add_row(vec![pyrepr::str_of(scalar)]),
                    }
                }
            }
            Value::Object(map) => self.dict(map, indent),
            // A scalar result gets its title and no rows, exactly as the CLI draws it.
            _ => {}
        }
        true
    }

    /// One dict: several scalars become a header row over a value row (turned into key/value
    /// rows when the table is too wide); a single scalar is one key/value row. Lists and
    /// dicts inside become nested sections titled with their key.
    fn dict(&mut self, map: &Map<String, Value>, indent: usize) {
        let (headers, more) = group_keys(map);
        if headers.len() == 1 {
            let key = &headers[0];
            let value = map.get(key).map(pyrepr::str_of).unwrap_or_default();
            self.current().add_row(vec![key.clone(), value]);
        } else if !headers.is_empty() {
            let row = headers
                .iter()
                .map(|k| map.get(k).map(pyrepr::str_of).unwrap_or_default())
                .collect();
            self.current().add_header(headers);
            self.current().add_row(row);
        }
        for key in more {
            if let Some(value) = map.get(&key) {
                self.build(Some(&key), value, indent + 1);
            }
        }
    }

    /// A list of dicts: one column per scalar key seen in any item. When items also hold
    /// lists or dicts, every item gets its own section so its nested sections follow it.
    fn list_of_dicts(&mut self, items: &[Value], indent: usize, title: Option<&str>) {
        let mut headers = BTreeSet::new();
        let mut more = BTreeSet::new();
        for map in items.iter().filter_map(Value::as_object) {
            let (h, m) = group_keys(map);
            headers.extend(h);
            more.extend(m);
        }
        let headers: Vec<String> = headers.into_iter().collect();
        let more: Vec<String> = more.into_iter().collect();
        self.current().add_header(headers.clone());
        let empty = Map::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 && !more.is_empty() {
                self.new_section(title, indent);
                self.current().add_header(headers.clone());
            }
            let map = item.as_object().unwrap_or(&empty);
            let row = headers
                .iter()
                .map(|k| map.get(k).map(pyrepr::str_of).unwrap_or_default())
                .collect();
            self.current().add_row(row);
            for key in &more {
                if let Some(value) = map.get(key) {
                    self.build(Some(key), value, indent + 1);
                }
            }
        }
    }
}

/// Sorted scalar keys and sorted container keys of a dict.
fn group_keys(map: &Map<String, Value>) -> (Vec<String>, Vec<String>) {
    let (mut scalars, mut more): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for (key, value) in map {
        if is_scalar(value) {
            scalars.push(key.clone());
        } else {
            more.push(key.clone());
        }
    }
    scalars.sort();
    more.sort();
    (scalars, more)
}

fn render(mut sections: Vec<Section>, terminal_width: usize) -> String {
    let mut max_width = sections.iter().map(Section::total_width).max().unwrap_or(0);
    if max_width > terminal_width {
        // Too wide for the terminal: single-row sections are turned into key/value rows.
        sections = sections.into_iter().map(to_vertical).collect();
        max_width = sections.iter().map(Section::total_width).max().unwrap_or(0);
    }
    let mut out = "-".repeat(max_width);
    out.push('\n');
    for section in &sections {
        render_section(section, max_width, &mut out);
    }
    out
}

fn to_vertical(section: Section) -> Section {
    if section.rows.len() != 1 || section.headers.is_empty() {
        return section;
    }
    let mut vertical = Section::new(&section.title, section.indent);
    for (header, cell) in section.headers.iter().zip(&section.rows[0]) {
        vertical.add_row(vec![header.clone(), cell.clone()]);
    }
    vertical
}

fn render_section(section: &Section, max_width: usize, out: &mut String) {
    let edge = "|".repeat(section.indent);
    let mut line = |text: String| {
        out.push_str(&edge);
        out.push_str(&text);
        out.push_str(&edge);
        out.push('\n');
    };
    let width = max_width.saturating_sub(section.indent * 2);
    if !section.title.is_empty() {
        line(center_text(&section.title, width, "|", "|"));
        if section.headers.is_empty() && section.rows.is_empty() {
            line(format!("+{}+", "-".repeat(width.saturating_sub(2))));
        }
    }
    if !section.headers.is_empty() {
        let widths = section.column_widths(width);
        line(line_break(&widths));
        let mut text = String::new();
        for (i, &w) in widths.iter().enumerate() {
            let header = section.headers.get(i).map(String::as_str).unwrap_or("");
            text.push_str(&center_text(header, w, if i == 0 { "|" } else { "" }, "|"));
        }
        line(text);
    }
    if section.rows.is_empty() {
        return;
    }
    let widths = section.column_widths(width);
    if widths.is_empty() {
        return;
    }
    line(line_break(&widths));
    for row in &section.rows {
        let mut text = String::new();
        for (i, &w) in widths.iter().enumerate() {
            let cell = row.get(i).map(String::as_str).unwrap_or("");
            text.push_str(&align_left(cell, w, if i == 0 { "|" } else { "" }, "|"));
        }
        line(text);
    }
    line(line_break(&widths));
}

/// `+-----+-----+`: each column's width includes its right-hand `+`.
fn line_break(widths: &[usize]) -> String {
    let mut text = String::new();
    for (i, &w) in widths.iter().enumerate() {
        if i == 0 {
            text.push('+');
            text.push_str(&"-".repeat(w.saturating_sub(2)));
        } else {
            text.push_str(&"-".repeat(w.saturating_sub(1)));
        }
        text.push('+');
    }
    text
}

fn spaces(n: isize) -> String {
    " ".repeat(n.max(0) as usize)
}

/// The CLI's centring, including its bias: the text starts at `length/2 - text/2 - 1`.
fn center_text(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text_width(text) as isize;
    let length = length as isize;
    let start = length / 2 - text_len / 2 - 1;
    let so_far = left.len() as isize + start + text_len;
    let right_spaces = length - right.len() as isize - so_far;
    format!(
        "{left}{}{text}{}{right}",
        spaces(start),
        spaces(right_spaces)
    )
}

/// Cells are left-aligned after two spaces, unless the column is too narrow for them.
fn align_left(text: &str, length: usize, left: &str, right: &str) -> String {
    let text_len = text_width(text) as isize;
    let length = length as isize;
    let needed = text_len + 2 + left.len() as isize + right.len() as isize;
    let padding = if length - needed >= 0 { 2 } else { 0 };
    let so_far = left.len() as isize + padding + text_len;
    let fill = length - so_far - right.len() as isize;
    format!("{left}{}{text}{}{right}", spaces(padding), spaces(fill))
}

/// Display width as the CLI measures it: characters whose East Asian width is wide,
/// fullwidth or ambiguous count twice.
pub(super) fn text_width(text: &str) -> usize {
    text.chars()
        .map(|c| if is_double_width(c) { 2 } else { 1 })
        .sum()
}

fn is_double_width(c: char) -> bool {
    let c = c as u32;
    if c < 0xA1 {
        return false;
    }
    // Binary search for the first pair ending at or after `c`; it holds `c` if it starts
    // at or before it.
    let table = super::east_asian_width::DOUBLE_WIDTH;
    let (mut lo, mut hi) = (0, table.len() / 2);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if table[2 * mid + 1] < c {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo < table.len() / 2 && table[2 * lo] <= c
}
