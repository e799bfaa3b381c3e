//! `aws:sleep` durations (spec §5.21), read in one place so that validation and the run
//! agree: a duration `validate` accepts is one the run sleeps for.
//!
//! Choices (docs/semantics.md): surrounding whitespace is ignored (` PT1S` is `PT1S`), days
//! count as 24 hours, and years or months are always over the limit (even the shortest month
//! is longer than 604799 seconds).

use jiff::fmt::temporal::SpanParser;
use jiff::{SpanRelativeTo, Unit};

/// The longest `aws:sleep` the service allows (spec §9; the language service says 604800).
pub const MAX_SLEEP_SECONDS: i64 = 604_799;

/// Why a `Duration` cannot be slept for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    /// Not ISO 8601; the parser's explanation.
    Syntax(String),
    Negative,
    /// Longer than [`MAX_SLEEP_SECONDS`].
    TooLong,
}

/// The length of an `aws:sleep` `Duration`, in milliseconds.
pub fn sleep_millis(text: &str) -> Result<i64, DurationError> {
    static PARSER: SpanParser = SpanParser::new();
    let span = PARSER
        .parse_span(text.trim())
        .map_err(|e| DurationError::Syntax(e.to_string()))?;
    if span.is_negative() {
        return Err(DurationError::Negative);
    }
    if span.get_years() != 0 || span.get_months() != 0 {
        return Err(DurationError::TooLong);
    }
    let seconds = span
        .total((Unit::Second, SpanRelativeTo::days_are_24_hours()))
        .map_err(|_| DurationError::TooLong)?;
    if seconds > MAX_SLEEP_SECONDS as f64 {
        return Err(DurationError::TooLong);
    }
    Ok((seconds * 1000.0).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_validation_accepts() {
        assert_eq!(sleep_millis("PT1S"), Ok(1000));
        assert_eq!(sleep_millis(" PT1S"), Ok(1000));
        assert_eq!(sleep_millis("PT1.5S"), Ok(1500));
        assert_eq!(sleep_millis("P1D"), Ok(86_400_000));
        assert_eq!(sleep_millis("PT604799S"), Ok(604_799_000));
    }

    #[test]
    fn refuses_what_validation_refuses() {
        assert!(matches!(
            sleep_millis("1 second"),
            Err(DurationError::Syntax(_))
        ));
        assert_eq!(sleep_millis("-PT1S"), Err(DurationError::Negative));
        assert_eq!(sleep_millis("P7D"), Err(DurationError::TooLong));
        assert_eq!(sleep_millis("P1M"), Err(DurationError::TooLong));
    }
}
