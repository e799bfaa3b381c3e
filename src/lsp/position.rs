//! Positions: ssmrun's spans are 1-based lines and character columns; the protocol's are
//! 0-based lines and UTF-16 code units. Conversions need the line's text.

use crate::source::{SourceFile, Span};
use lsp_types::{Position, Range};

/// The 1-based character column of a protocol position on its line.
pub fn to_col(source: &SourceFile, pos: Position) -> (u32, u32) {
    let line = pos.line + 1;
    let text = source.line(line).unwrap_or_default();
    let mut units = 0;
    let mut col = 1;
    for c in text.chars() {
        if units >= pos.character {
            break;
        }
        units += c.len_utf16() as u32;
        col += 1;
    }
    (line, col)
}

/// The protocol position of a 1-based line and character column.
pub fn to_position(source: &SourceFile, line: u32, col: u32) -> Position {
    let text = source.line(line).unwrap_or_default();
    let units: usize = text
        .chars()
        .take(col.saturating_sub(1) as usize)
        .map(char::len_utf16)
        .sum();
    // Columns past the end (a span ending after the line) still count one unit each.
    let past =
        col.saturating_sub(1) as usize - text.chars().count().min(col.saturating_sub(1) as usize);
    Position::new(line.saturating_sub(1), (units + past) as u32)
}

pub fn to_range(source: &SourceFile, span: &Span) -> Range {
    if span.is_unknown() {
        return Range::default();
    }
    Range::new(
        to_position(source, span.line, span.col),
        to_position(source, span.end_line, span.end_col),
    )
}

/// Whether a 1-based (line, col) lies within a span (end exclusive, but a cursor just after
/// the last character still counts, as editors place it there).
pub fn contains(span: &Span, line: u32, col: u32) -> bool {
    let after_start = (line, col) >= (span.line, span.col);
    let before_end = (line, col) <= (span.end_line, span.end_col);
    !span.is_unknown() && after_start && before_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let source = SourceFile::new("t", "a: é𝄞x\n");
        // `x` is character column 6 and UTF-16 unit 6 (the clef takes two units).
        assert_eq!(to_position(&source, 1, 6), Position::new(0, 6));
        assert_eq!(to_col(&source, Position::new(0, 6)), (1, 6));
        assert_eq!(to_col(&source, Position::new(0, 3)), (1, 4));
    }
}
