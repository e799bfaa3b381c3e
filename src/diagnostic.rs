//! Diagnostics are data: a stable code, a severity, a span and words. Printing lives in `render`.

use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in a document. `code` is kebab-case and never changes once published
/// (docs/diagnostics.md lists them), so CI configurations can rely on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Warning,
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// "did you mean" over one namespace: the closest candidate with edit distance < 3.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.to_lowercase().chars().collect();
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower: Vec<char> = c.to_lowercase().chars().collect();
            let d = distance_within(&word, &lower, SUGGEST_BELOW - 1)?;
            (d < c.len().max(2)).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Suggestions are names at an edit distance below this.
const SUGGEST_BELOW: usize = 3;

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// The Levenshtein distance of `a` and `b` when it is at most `max`, else `None`. Only the
/// diagonal band of width `2 * max + 1` is computed, so the cost is linear in the length:
/// a full distance between two 30,000-character names (a mutated runbook) took seconds.
fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let far = max + 1;
    // prev[j] is the distance of a[..i] and b[..j]; cells outside the band count as `far`.
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    let mut row = vec![far; b.len() + 1];
    // Each row writes only its band, so a row costs `2 * max + 1` cells, not `b.len()`.
    for (i, ca) in a.iter().enumerate() {
        let (lo, hi) = ((i + 1).saturating_sub(max), (i + 1 + max).min(b.len()));
        // The cell left of the band; beyond its right end no row was ever written, so
        // those cells still hold `far`.
        if lo == 0 {
            row[0] = (i + 1).min(far);
        } else {
            row[lo - 1] = far;
        }
        for j in lo.max(1)..=hi {
            let substitute = prev[j - 1] + usize::from(*ca != b[j - 1]);
            row[j] = substitute.min(prev[j] + 1).min(row[j - 1] + 1).min(far);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[b.len()]).filter(|d| *d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            suggest("StringEqual", ["StringEquals", "Contains"]),
            Some("StringEquals")
        );
        assert_eq!(suggest("Banana", ["StringEquals", "Contains"]), None);
    }

    #[test]
    fn the_banded_distance_agrees_with_the_full_one() {
        let words = [
            "", "a", "ab", "abc", "kitten", "sitting", "flaw", "lawn", "StepOne", "stepone2", "xyz",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = edit_distance(a, b);
                for max in 0..4 {
                    let expected = (full <= max).then_some(full);
                    assert_eq!(distance_within(&ca, &cb, max), expected, "{a} {b} {max}");
                }
            }
        }
    }

    /// Issue 11: a mutated runbook with names of tens of thousands of characters spent
    /// seconds in "did you mean" (found by the fuzz target `validate`).
    #[test]
    fn issue_11_long_names_are_compared_in_linear_time() {
        let long = "x".repeat(200_000);
        let other = format!("{}y", "x".repeat(199_999));
        assert_eq!(suggest(&long, [other.as_str()]), Some(other.as_str()));
        let far = "y".repeat(200_000);
        assert_eq!(suggest(&long, [far.as_str()]), None);
    }
}
