//! The source excerpt under a diagnostic: one line, tabs shown as spaces, cut to a window
//! around the caret when the line is long. A generated document may put 70 KB on one line;
//! repeating it under each of its diagnostics would print gigabytes.

use crate::source::Span;

const TAB: &str = "    ";
/// Display columns shown of a long line; the rest is replaced by `…`.
pub const WIDTH: usize = 120;
/// Columns kept before the caret when the line is cut.
const BEFORE: usize = 40;

/// The line as displayed (tabs as four spaces, as rustc shows them, so the caret line can be
/// built of plain spaces) and the display offset and length of the underline. A span that
/// runs onto later lines is underlined to the end of its first line. A line wider than
/// [`WIDTH`] is cut around the caret, with `…` where text was left out.
pub fn underline(text: &str, span: &Span) -> (String, usize, usize) {
    let start_index = (span.col.max(1) - 1) as usize;
    let end_index = (span.end_col.max(1) - 1) as usize;
    let (start, end, line_end, chars) = columns(text, start_index, end_index);
    // Columns past the end of the line (a missing value at the end) lie beyond it.
    let beyond = |index: usize| line_end + index.saturating_sub(chars);
    let start = start.unwrap_or_else(|| beyond(start_index));
    let end = if span.end_line > span.line {
        line_end
    } else {
        end.unwrap_or_else(|| beyond(end_index))
    };
    let len = end.saturating_sub(start).max(1);
    if line_end <= WIDTH {
        return (expand(text, 0, usize::MAX), start, len);
    }
    let ascii = text.is_ascii() && !text.contains('\t');
    let from = start
        .saturating_sub(BEFORE)
        .min(line_end.saturating_sub(WIDTH));
    let to = (from + WIDTH).min(line_end);
    let mut shown = String::new();
    let mut offset = start - from;
    if from > 0 {
        shown.push('…');
        offset += 1;
    }
    if ascii {
        shown.push_str(&text[from..to]);
    } else {
        shown.push_str(&expand(text, from, to));
    }
    if to < line_end {
        shown.push('…');
    }
    (shown, offset, len.min(to.saturating_sub(start).max(1)))
}

/// The display columns of two character indices (when on the line), the line's width and
/// its length in characters. Plain ASCII without tabs, the usual case, needs no walk over
/// the characters, so each of a long line's many diagnostics costs little.
fn columns(text: &str, a: usize, b: usize) -> (Option<usize>, Option<usize>, usize, usize) {
    if text.is_ascii() && !text.contains('\t') {
        let n = text.len();
        return ((a < n).then_some(a), (b < n).then_some(b), n, n);
    }
    let (mut at_a, mut at_b, mut width, mut chars) = (None, None, 0, 0);
    for (i, c) in text.chars().enumerate() {
        if i == a {
            at_a = Some(width);
        }
        if i == b {
            at_b = Some(width);
        }
        width += if c == '\t' { TAB.len() } else { 1 };
        chars = i + 1;
    }
    (at_a, at_b, width, chars)
}

/// The characters of `text` whose display column is in `from..to`, tabs expanded.
fn expand(text: &str, from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut column = 0;
    for c in text.chars() {
        if column >= to {
            break;
        }
        if column >= from {
            if c == '\t' {
                out.push_str(TAB);
            } else {
                out.push(c);
            }
        }
        column += if c == '\t' { TAB.len() } else { 1 };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_line_is_shown_whole() {
        let (shown, start, len) = underline("\tkey: value", &Span::new(1, 7, 1, 12));
        assert_eq!(shown, "    key: value");
        assert_eq!((start, len), (9, 5));
    }

    #[test]
    fn a_long_line_is_cut_around_the_caret() {
        let line = format!("{}TARGET{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, start, len) = underline(&line, &Span::new(1, 5001, 1, 5007));
        assert_eq!(shown.chars().count(), WIDTH + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(
            &shown[shown.char_indices().nth(start).unwrap().0..][..6],
            "TARGET"
        );
        assert_eq!(len, 6);
    }

    #[test]
    fn a_caret_near_either_end_keeps_a_full_window() {
        let line = "x".repeat(1000);
        let (head, start, _) = underline(&line, &Span::new(1, 3, 1, 4));
        assert_eq!((head.chars().count(), start), (WIDTH + 1, 2));
        assert!(head.ends_with('…'));
        let (tail, start, _) = underline(&line, &Span::new(1, 1000, 1, 1001));
        assert!(tail.starts_with('…') && !tail.ends_with('…'));
        assert_eq!(start, WIDTH);
    }

    #[test]
    fn a_span_past_the_end_of_the_line_points_beyond_it() {
        let (_, start, len) = underline("key:", &Span::new(1, 6, 1, 6));
        assert_eq!((start, len), (5, 1));
    }
}
