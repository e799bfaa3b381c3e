//! Simulated time: milliseconds since the Unix epoch, rendered the way AWS renders it.

/// 2026-01-01T00:00:00Z: where a world without `time` starts, so runs are reproducible.
pub const DEFAULT_START_MILLIS: i64 = 1_767_225_600_000;

pub const SECOND: i64 = 1_000;

/// 9999-12-30T22:00:00Z, the last millisecond the time library represents in every offset.
/// The clock stops here so adding durations to it can never overflow.
pub const MAX_MILLIS: i64 = 253_402_207_200_000;

/// ISO-8601 with milliseconds and `Z`, the form EC2 and CloudFormation use on the wire.
pub fn iso(millis: i64) -> String {
    match jiff::Timestamp::from_millisecond(millis) {
        Ok(ts) => ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        // Out of jiff's range only through absurd `advance` calls; keep a readable value.
        Err(_) => millis.to_string(),
    }
}

/// The `(YYYY-MM-DD HH:MM:SS GMT)` stamp EC2 puts into `StateTransitionReason`.
pub fn gmt(millis: i64) -> String {
    match jiff::Timestamp::from_millisecond(millis) {
        Ok(ts) => ts.strftime("%Y-%m-%d %H:%M:%S GMT").to_string(),
        Err(_) => millis.to_string(),
    }
}

/// Parses an RFC 3339 instant (`2026-01-01T00:00:00Z`, offsets allowed).
pub fn parse(text: &str) -> Result<i64, String> {
    text.parse::<jiff::Timestamp>()
        .map(|ts| ts.as_millisecond())
        .map_err(|e| format!("`{text}` is not an RFC 3339 time: {e}"))
}

/// An ISO-8601 duration such as `PT5.012S`, the form Run Command uses for elapsed time.
pub fn elapsed(millis: i64) -> String {
    format!("PT{}.{:03}S", millis / SECOND, millis % SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_start_is_new_year_2026() {
        assert_eq!(iso(DEFAULT_START_MILLIS), "2026-01-01T00:00:00.000Z");
        assert_eq!(parse("2026-01-01T00:00:00Z"), Ok(DEFAULT_START_MILLIS));
        assert_eq!(gmt(DEFAULT_START_MILLIS + 1_500), "2026-01-01 00:00:01 GMT");
        assert_eq!(elapsed(5_012), "PT5.012S");
        assert!(parse("yesterday").is_err());
        assert_eq!(iso(MAX_MILLIS), "9999-12-30T22:00:00.000Z");
    }
}
