//! `cli_timestamp_format`: how the AWS CLI shows the timestamp members of a response.
//! `none` (and `wire`, its newer name) prints them as they come over the wire, epoch seconds
//! (`1557167178.42`); `iso8601` parses them into the local time zone and prints Python's
//! `datetime.isoformat()` (`2019-05-06T18:26:18.420000+00:00`), as awscli's `scalarparse`
//! customization does. Which members are timestamps is the operation's output shape's say.

use serde_json::Value;

use crate::models::{ServiceModel, ShapeKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    Wire,
    Iso8601,
}

impl TimestampFormat {
    /// The values awscli accepts for `cli_timestamp_format`.
    pub fn parse(s: &str) -> Option<TimestampFormat> {
        match s {
            "none" | "wire" => Some(TimestampFormat::Wire),
            "iso8601" => Some(TimestampFormat::Iso8601),
            _ => None,
        }
    }

    /// awscli's error for any other value.
    pub fn unknown(s: &str) -> String {
        format!(
            "Unknown cli_timestamp_format value: {s}, valid values are \"none\", \"wire\" or \"iso8601\""
        )
    }
}

/// Rewrites the timestamp members of `response`, the answer of `service`'s `operation`, in
/// `format`.
pub fn apply(response: &mut Value, service: &str, operation: &str, format: TimestampFormat) {
    if format == TimestampFormat::Wire {
        return;
    }
    let zone = local_zone();
    rewrite(response, service, operation, &|secs| iso8601(secs, &zone));
}

/// Rewrites each timestamp member of `response` (epoch seconds), the answer of `service`'s
/// `operation`, into the text `show` gives for it.
pub fn rewrite(
    response: &mut Value,
    service: &str,
    operation: &str,
    show: &dyn Fn(f64) -> Option<String>,
) {
    let Some(model) = crate::models::service(service) else {
        return;
    };
    if let Some(output) = model.operation(operation).and_then(|op| op.output.clone()) {
        walk(model, &output, response, show);
    }
}

fn walk(
    model: &ServiceModel,
    shape_name: &str,
    value: &mut Value,
    show: &dyn Fn(f64) -> Option<String>,
) {
    let Some(shape) = model.shape(shape_name) else {
        return;
    };
    match (&shape.kind, value) {
        (ShapeKind::Structure { members, .. }, Value::Object(map)) => {
            for (key, item) in map.iter_mut() {
                if let Some(target) = members.get(key) {
                    walk(model, target, item, show);
                }
            }
        }
        (ShapeKind::List(member), Value::Array(items)) => {
            for item in items {
                walk(model, member, item, show);
            }
        }
        (ShapeKind::Map { value: target, .. }, Value::Object(map)) => {
            for item in map.values_mut() {
                walk(model, target, item, show);
            }
        }
        (ShapeKind::Timestamp, value @ Value::Number(_)) => {
            if let Some(text) = value.as_f64().and_then(show) {
                *value = Value::String(text);
            }
        }
        _ => {}
    }
}

/// The zone Python's `dateutil.tz.tzlocal()` stands for: `TZ`, else the system's.
fn local_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::try_system().unwrap_or(jiff::tz::TimeZone::UTC)
}

/// `datetime.fromtimestamp(secs, zone).isoformat()`: microseconds rounded half to even,
/// shown only when not zero, and the offset as `+HH:MM`.
pub fn iso8601(secs: f64, zone: &jiff::tz::TimeZone) -> Option<String> {
    let whole = secs.floor();
    let mut micros = ((secs - whole) * 1e6).round_ties_even();
    let mut whole = whole as i64;
    if micros >= 1e6 {
        whole += 1;
        micros -= 1e6;
    }
    let micros = micros as i32;
    let at = jiff::Timestamp::new(whole, micros * 1000).ok()?;
    let zoned = at.to_zoned_datetime(zone.clone());
    let mut out = zoned.strftime("%Y-%m-%dT%H:%M:%S").to_string();
    if micros != 0 {
        out.push_str(&format!(".{micros:06}"));
    }
    let offset = zoned.offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    out.push_str(&format!("{sign}{:02}:{:02}", abs / 3600, abs / 60 % 60));
    if abs % 60 != 0 {
        out.push_str(&format!(":{:02}", abs % 60));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::iso8601;
    use jiff::tz::TimeZone;

    #[test]
    fn epoch_seconds_print_as_python_isoformat() {
        let utc = TimeZone::UTC;
        assert_eq!(
            iso8601(1557167178.42, &utc).as_deref(),
            Some("2019-05-06T18:26:18.420000+00:00")
        );
        assert_eq!(
            iso8601(1557167178.0, &utc).as_deref(),
            Some("2019-05-06T18:26:18+00:00")
        );
        let east = TimeZone::fixed(jiff::tz::offset(-5));
        assert_eq!(
            iso8601(1557167180.617, &east).as_deref(),
            Some("2019-05-06T13:26:20.617000-05:00")
        );
    }
}
