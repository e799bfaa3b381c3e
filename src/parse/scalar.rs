//! What a YAML scalar means: YAML 1.2 core schema resolution of plain scalars, and the core
//! tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) written explicitly. Where PyYAML
//! (YAML 1.1) reads a plain scalar differently, docs/differences.md lists it.

use super::NodeKind;
use saphyr_parser::ScalarStyle;

/// The value of a scalar written in `style`, with the suffix of a core-schema tag if any.
pub fn scalar(value: &str, style: ScalarStyle, core_tag: Option<&str>) -> NodeKind {
    let resolved = match core_tag {
        Some("str") => None,
        Some("int") => int(value),
        Some("float") => float(value).or_else(|| special_float(value)),
        Some("bool") => bool(value),
        Some("null") => null(value),
        Some(_) => None,
        None if style == ScalarStyle::Plain => plain(value),
        None => None,
    };
    resolved.unwrap_or_else(|| NodeKind::Str {
        value: value.to_string(),
        quoted: style != ScalarStyle::Plain || core_tag.is_some(),
    })
}

fn plain(value: &str) -> Option<NodeKind> {
    null(value)
        .or_else(|| bool(value))
        .or_else(|| int(value))
        .or_else(|| float(value))
        .or_else(|| special_float(value))
}

fn null(value: &str) -> Option<NodeKind> {
    matches!(value, "" | "~" | "null" | "Null" | "NULL").then_some(NodeKind::Null)
}

fn bool(value: &str) -> Option<NodeKind> {
    match value {
        "true" | "True" | "TRUE" => Some(NodeKind::Bool(true)),
        "false" | "False" | "FALSE" => Some(NodeKind::Bool(false)),
        _ => None,
    }
}

/// Decimal, `0x` hex or `0o` octal. A decimal integer beyond 64 bits is read as the nearest
/// float rather than as text, so that it is still a number (docs/differences.md).
fn int(value: &str) -> Option<NodeKind> {
    if is_decimal_int(value) {
        return Some(match value.parse::<i64>() {
            Ok(i) => NodeKind::Int(i),
            Err(_) => NodeKind::Float(value.parse::<f64>().ok()?),
        });
    }
    let radix = |digits: &str, radix| i64::from_str_radix(digits, radix).ok().map(NodeKind::Int);
    if let Some(hex) = value.strip_prefix("0x") {
        return radix(hex, 16);
    }
    value.strip_prefix("0o").and_then(|oct| radix(oct, 8))
}

fn float(value: &str) -> Option<NodeKind> {
    if is_float(value) {
        value.parse::<f64>().ok().map(NodeKind::Float)
    } else {
        None
    }
}

fn special_float(value: &str) -> Option<NodeKind> {
    let f = match value {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => f64::INFINITY,
        "-.inf" | "-.Inf" | "-.INF" => f64::NEG_INFINITY,
        ".nan" | ".NaN" | ".NAN" => f64::NAN,
        _ => return None,
    };
    Some(NodeKind::Float(f))
}

fn is_decimal_int(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_float(s: &str) -> bool {
    // Core schema: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exp) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((a, b)) => {
            (a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit()))
                && !(a.is_empty() && b.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|c| c.is_ascii_digit()),
    };
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exp_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_kind(s: &str) -> NodeKind {
        scalar(s, ScalarStyle::Plain, None)
    }

    #[test]
    fn core_schema_and_tags() {
        assert_eq!(plain_kind("0o17"), NodeKind::Int(15));
        assert_eq!(plain_kind("+.Inf"), NodeKind::Float(f64::INFINITY));
        assert!(matches!(plain_kind(".nan"), NodeKind::Float(f) if f.is_nan()));
        assert_eq!(plain_kind("99999999999999999999"), NodeKind::Float(1e20));
        assert_eq!(plain_kind("yes").kind_str(), Some("yes"));
        let tagged = |s, t| scalar(s, ScalarStyle::SingleQuoted, Some(t));
        assert_eq!(tagged("4", "int"), NodeKind::Int(4));
        assert_eq!(tagged("1", "float"), NodeKind::Float(1.0));
        assert_eq!(tagged("true", "bool"), NodeKind::Bool(true));
        assert_eq!(
            scalar("3", ScalarStyle::Plain, Some("str")).kind_str(),
            Some("3")
        );
    }

    impl NodeKind {
        fn kind_str(&self) -> Option<&str> {
            match self {
                NodeKind::Str { value, .. } => Some(value),
                _ => None,
            }
        }
    }
}
