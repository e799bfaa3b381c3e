//! Output selectors (`Selector`, `PropertySelector`; spec §4.4): JSONPath into an action's
//! response, and the conversion of what it finds to the output's declared type.
//!
//! jsonpath-rust (RFC 9535) does the matching; nothing outside this file names it, so it
//! can be swapped for another engine by changing [`Selector`] alone.
//!
//! AWS evaluates selectors Jayway-style: a *definite* path (only names and indexes) yields
//! one value or nothing, an *indefinite* one (`..`, `*`, slices, filters, unions) yields a
//! list. RFC 9535 always yields a node list; [`Selector::extract`] restores the distinction
//! where it matters (an indefinite path that matches nothing is an empty list, not an error).

use crate::document::DataType;
use crate::template::{describe, stringify};
use jsonpath_rust::parser::model::{JpQuery, Segment, Selector as Step};
use jsonpath_rust::parser::parse_json_path;
use jsonpath_rust::query::js_path_process;
use serde_json::Value;

/// One step of a plain selector path.
#[derive(Clone, Debug, PartialEq)]
pub enum PathStep {
    /// `.name` or `['name']`
    Name(String),
    /// `[n]`, a slice or a filter: elements of a list
    Element,
    /// `*`: every member or element
    Any,
}

/// A parsed selector. Parse once when the document is loaded, select many times.
#[derive(Clone, Debug)]
pub struct Selector {
    text: String,
    query: JpQuery,
    definite: bool,
}

impl Selector {
    /// Parses a selector, leniently where real runbooks are: surrounding whitespace is
    /// ignored and a missing root is added (`FlowLogs[0].LogDestinationType` in a public
    /// AWS Config remediation runbook means `$.FlowLogs[0].LogDestinationType`).
    pub fn parse(s: &str) -> Result<Selector, String> {
        let text = s.trim();
        let rooted = match text.chars().next() {
            None => return Err("selector is empty".to_string()),
            Some('$') => text.to_string(),
            Some('.' | '[') => format!("${text}"),
            Some(_) => format!("$.{text}"),
        };
        let added = rooted.len() - text.len();
        let rooted = quoted_names_as_brackets(&rooted);
        let query = parse_json_path(&rooted).map_err(|e| {
            let why = one_line(&e.to_string(), added);
            format!("selector `{text}` is not valid JSONPath: {why}")
        })?;
        let definite = query.segments.iter().all(is_definite);
        Ok(Selector {
            text: text.to_string(),
            query,
            definite,
        })
    }

    /// The nodes the selector matches, in document order.
    pub fn select(&self, v: &Value) -> Vec<Value> {
        // The engine errs only for queries that compute a value instead of selecting nodes,
        // which the parser never produces for a path; treat that as "no match".
        js_path_process(&self.query, v)
            .map(|found| found.into_iter().map(|r| r.val.clone()).collect())
            .unwrap_or_default()
    }

    /// The selector as written (trimmed), for messages.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when the path can match at most one node (names and indexes only).
    pub fn is_definite(&self) -> bool {
        self.definite
    }

    /// The path as a list of plain steps, for checking it against a response shape; None
    /// when a segment (a deep scan, a union of names) cannot be followed one member at a time.
    pub fn path(&self) -> Option<Vec<PathStep>> {
        self.query
            .segments
            .iter()
            .map(|segment| match segment {
                Segment::Selector(Step::Name(name)) => Some(PathStep::Name(name.clone())),
                Segment::Selector(Step::Wildcard) => Some(PathStep::Any),
                Segment::Selector(_) => Some(PathStep::Element),
                Segment::Selectors(_) | Segment::Descendant(_) => None,
            })
            .collect()
    }

    /// Selects from `v` and converts to `ty`: the whole job of a step output. `None` when the
    /// selector finds nothing: the output is then not set, and the step still succeeds
    /// (docs/semantics.md, "A selector that finds nothing"). An indefinite path that matches
    /// nothing gives an empty StringList or MapList instead, which is what a Jayway-style
    /// engine returns for such a path. A value found but of another type is an error.
    pub fn extract(&self, v: &Value, ty: DataType) -> Result<Option<Value>, String> {
        let found = self.select(v);
        let list_type = matches!(ty, DataType::StringList | DataType::MapList);
        if found.is_empty() && list_type && !self.definite {
            return Ok(Some(Value::Array(Vec::new())));
        }
        if found.is_empty() {
            return Ok(None);
        }
        convert(found, ty).map(Some)
    }
}

/// The engine reports syntax errors as a multi-line snippet (`--> 1:5`, a caret, `=
/// expected selector`); messages here are one line, so keep the expectation and the column,
/// counted in the selector as written (without a root this parser added).
fn one_line(error: &str, added: usize) -> String {
    let column = error
        .split_once("--> ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|pos| pos.rsplit_once(':'))
        .and_then(|(_, col)| col.parse::<usize>().ok());
    let expected = error.lines().find_map(|l| l.trim().strip_prefix("= "));
    match (column, expected) {
        (Some(col), Some(expected)) => {
            let col = col.saturating_sub(added).max(1);
            format!(
                "{} at column {col}",
                expected.replace("EOI", "end of selector")
            )
        }
        _ => error.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// The service accepts a quoted name in dot notation (`$.Outputs.'make.Id'[0]`, spec §8
/// item 24), which RFC 9535 writes as a bracketed name (`$.Outputs['make.Id'][0]`). Rewrites
/// the first form into the second; text inside brackets and quotes is left as it is.
fn quoted_names_as_brackets(path: &str) -> String {
    let chars: Vec<char> = path.chars().collect();
    let mut out = String::with_capacity(path.len() + 4);
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 1;
            } else if c == q {
                quote = None;
            }
        } else if depth == 0 && c == '.' && matches!(chars.get(i + 1), Some('\'' | '"')) {
            let q = chars[i + 1];
            match chars[i + 2..].iter().position(|&x| x == q) {
                Some(len) => {
                    let name: String = chars[i + 2..i + 2 + len].iter().collect();
                    out.push('[');
                    out.push(q);
                    out.push_str(&name);
                    out.push(q);
                    out.push(']');
                    i += len + 3;
                    continue;
                }
                None => out.push(c),
            }
        } else {
            match c {
                '[' => depth += 1,
                ']' => depth = depth.saturating_sub(1),
                '\'' | '"' if depth > 0 => quote = Some(c),
                _ => {}
            }
            out.push(c);
        }
        i += 1;
    }
    out
}

fn is_definite(segment: &Segment) -> bool {
    match segment {
        Segment::Selector(Step::Name(_) | Step::Index(_)) => true,
        Segment::Selector(_) | Segment::Selectors(_) | Segment::Descendant(_) => false,
    }
}

/// Converts the nodes a selector found to an output type, with the conversions AWS
/// documents in "Using action outputs as inputs":
/// - String ← string; integer or boolean (as text). Any JSON number becomes its decimal
///   text, since AWS converts Integer to String and a fraction has one obvious text.
/// - Integer ← integer (a float with no fraction counts); a string of digits.
/// - Boolean ← boolean; the string `true`/`false` in any case.
/// - StringList ← a list of strings (numbers and booleans in it become text); one
///   string, integer or boolean becomes a one-item list.
/// - StringMap ← a map. MapList ← a list of maps. No conversion for these.
///
/// A one-item list converts to String, Integer or Boolean through its item. Several nodes
/// are a list; one node that is itself a list is that list (`$.Payload.Ids`).
pub fn convert(found: Vec<Value>, ty: DataType) -> Result<Value, String> {
    let value = match <[Value; 1]>::try_from(found) {
        Ok([one]) => one,
        Err(found) if found.is_empty() => return Err("selector matched nothing".to_string()),
        Err(found) => Value::Array(found),
    };
    let converted = match ty {
        DataType::String => single(&value).and_then(to_string),
        DataType::Integer => single(&value).and_then(to_integer),
        DataType::Boolean => single(&value).and_then(to_boolean),
        DataType::StringList => to_string_list(&value),
        DataType::StringMap => value.is_object().then(|| value.clone()),
        DataType::MapList => value
            .as_array()
            .filter(|items| items.iter().all(Value::is_object))
            .map(|_| value.clone()),
    };
    converted.ok_or_else(|| format!("expected {}, found {}", ty.name(), describe(&value)))
}

/// The value itself, or the item of a one-item list.
fn single(v: &Value) -> Option<&Value> {
    match v.as_array() {
        Some(items) if items.len() == 1 => items.first(),
        Some(_) => None,
        None => Some(v),
    }
}

fn to_string(v: &Value) -> Option<Value> {
    match v {
        Value::String(_) => Some(v.clone()),
        Value::Number(_) | Value::Bool(_) => Some(Value::String(stringify(v))),
        _ => None,
    }
}

/// 2^53: above it a float no longer holds every integer, so its "no fraction" means nothing.
const MAX_EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

fn to_integer(v: &Value) -> Option<Value> {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(v.clone()),
        Value::Number(n) => n
            .as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= MAX_EXACT_INTEGER)
            .map(|f| Value::from(f as i64)),
        Value::String(s) => s.parse::<i64>().ok().map(Value::from),
        _ => None,
    }
}

fn to_boolean(v: &Value) -> Option<Value> {
    match v {
        Value::Bool(_) => Some(v.clone()),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(Value::Bool(true)),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(Value::Bool(false)),
        _ => None,
    }
}

fn to_string_list(v: &Value) -> Option<Value> {
    match v {
        Value::Array(items) => items
            .iter()
            .map(to_string)
            .collect::<Option<Vec<_>>>()
            .map(Value::Array),
        _ => to_string(v).map(|s| Value::Array(vec![s])),
    }
}

/// How an output value is written in a step record's `Outputs` (map of string lists,
/// spec §6.6): a list gives one string per item (maps in it as JSON), anything else one
/// string (a map as compact JSON).
pub fn record_strings(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().map(stringify).collect(),
        other => vec![stringify(other)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn response() -> Value {
        json!({
            "Reservations": [
                {"Instances": [
                    {"InstanceId": "i-1", "State": {"Code": 16, "Name": "running"},
                     "EbsOptimized": false,
                     "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": "vol-1"}}]},
                    {"InstanceId": "i-2", "State": {"Code": 80, "Name": "stopped"},
                     "EbsOptimized": true, "BlockDeviceMappings": []}
                ]}
            ],
            "Empty": [],
            "Payload": {"Ids": ["i-1"], "Count": "7", "Ratio": 2.0, "Ok": "TRUE", "Mixed": ["a", 1, true]}
        })
    }

    fn found(selector: &str, ty: DataType) -> Result<Option<Value>, String> {
        Selector::parse(selector)?.extract(&response(), ty)
    }

    fn extract(selector: &str, ty: DataType) -> Result<Value, String> {
        found(selector, ty)?.ok_or_else(|| format!("`{selector}` found nothing"))
    }

    #[test]
    fn aws_type_examples() {
        let first = "$.Reservations[0].Instances[0]";
        let cases = [
            (
                format!("{first}.InstanceId"),
                DataType::String,
                json!("i-1"),
            ),
            (
                format!("{first}.EbsOptimized"),
                DataType::Boolean,
                json!(false),
            ),
            (format!("{first}.State.Code"), DataType::Integer, json!(16)),
            (
                "$.Reservations..BlockDeviceMappings..VolumeId".into(),
                DataType::StringList,
                json!(["vol-1"]),
            ),
            (
                format!("{first}.BlockDeviceMappings[0]"),
                DataType::StringMap,
                json!({"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": "vol-1"}}),
            ),
            (
                "$.Reservations..Instances..State".into(),
                DataType::MapList,
                json!([{"Code": 16, "Name": "running"}, {"Code": 80, "Name": "stopped"}]),
            ),
            (
                "$..InstanceId".into(),
                DataType::StringList,
                json!(["i-1", "i-2"]),
            ),
        ];
        for (selector, ty, expected) in cases {
            assert_eq!(extract(&selector, ty), Ok(expected), "{selector}");
        }
    }

    #[test]
    fn documented_conversions() {
        assert_eq!(extract("$.Payload.Count", DataType::Integer), Ok(json!(7)));
        assert_eq!(extract("$.Payload.Ratio", DataType::Integer), Ok(json!(2)));
        assert_eq!(extract("$.Payload.Ok", DataType::Boolean), Ok(json!(true)));
        assert_eq!(
            extract("$..State.Code", DataType::String),
            Err("expected String, found a list of 2 items".into())
        );
        assert_eq!(
            extract(
                "$.Reservations[0].Instances[0].State.Code",
                DataType::String
            ),
            Ok(json!("16"))
        );
        assert_eq!(
            extract(
                "$.Reservations[0].Instances[1].EbsOptimized",
                DataType::StringList
            ),
            Ok(json!(["true"]))
        );
        assert_eq!(extract("$.Payload.Ids", DataType::String), Ok(json!("i-1")));
        assert_eq!(
            extract("$.Payload.Ids", DataType::StringList),
            Ok(json!(["i-1"]))
        );
        assert_eq!(
            extract("$.Payload.Mixed", DataType::StringList),
            Ok(json!(["a", "1", "true"]))
        );
        assert_eq!(
            extract("$", DataType::StringMap).map(|v| v.is_object()),
            Ok(true)
        );
    }

    #[test]
    fn mismatches_name_both_types() {
        let cases = [
            (
                "$.Reservations[0].Instances[0].InstanceId",
                DataType::Integer,
                "expected Integer, found the string \"i-1\"",
            ),
            (
                "$.Reservations[0].Instances[0].State",
                DataType::String,
                "expected String, found a map",
            ),
            (
                "$.Reservations[0].Instances[0].State.Name",
                DataType::Boolean,
                "expected Boolean, found the string \"running\"",
            ),
            (
                "$.Payload.Ids",
                DataType::StringMap,
                "expected StringMap, found a list of 1 item",
            ),
            (
                "$.Payload.Ids",
                DataType::MapList,
                "expected MapList, found a list of 1 item",
            ),
            (
                "$.Payload.Ratio",
                DataType::Boolean,
                "expected Boolean, found the number `2.0`",
            ),
        ];
        for (selector, ty, message) in cases {
            assert_eq!(
                extract(selector, ty),
                Err(message.to_string()),
                "{selector}"
            );
        }
    }

    #[test]
    fn nothing_found() {
        // A definite path that finds nothing leaves the output unset, whatever its type.
        assert_eq!(found("$.Missing", DataType::String), Ok(None));
        assert_eq!(found("$.Missing", DataType::StringList), Ok(None));
        assert_eq!(
            found("$.Reservations[0].Instances[0].Platform", DataType::String),
            Ok(None)
        );
        // An indefinite path over nothing is an empty list, as on AWS.
        assert_eq!(
            found("$.Empty[*].Id", DataType::StringList),
            Ok(Some(json!([])))
        );
        assert_eq!(
            found("$..NoSuchKey", DataType::MapList),
            Ok(Some(json!([])))
        );
        assert_eq!(found("$..NoSuchKey", DataType::String), Ok(None));
        assert_eq!(
            convert(Vec::new(), DataType::String),
            Err("selector matched nothing".into())
        );
    }

    #[test]
    fn parse_is_lenient_where_runbooks_are() {
        let bare = Selector::parse(" Reservations[0].Instances[0].InstanceId ").unwrap();
        assert_eq!(bare.as_str(), "Reservations[0].Instances[0].InstanceId");
        assert_eq!(bare.select(&response()), vec![json!("i-1")]);
        assert_eq!(
            Selector::parse("..InstanceId")
                .unwrap()
                .select(&response())
                .len(),
            2
        );
        assert_eq!(
            Selector::parse("['Payload']['Count']")
                .unwrap()
                .select(&response()),
            vec![json!("7")]
        );
        assert!(Selector::parse("$").unwrap().is_definite());
        assert!(Selector::parse("$.a[0].b").unwrap().is_definite());
        for indefinite in ["$..a", "$.a[*]", "$.a[0:2]", "$.a[0,1]", "$.a[?@.b == 1]"] {
            assert!(
                !Selector::parse(indefinite).unwrap().is_definite(),
                "{indefinite}"
            );
        }
        for bad in ["", "  ", "$.a.length()", "$$"] {
            assert!(Selector::parse(bad).is_err(), "{bad:?}");
        }
        let quoted = Selector::parse("$.Outputs.'make.Id'[0]").unwrap();
        let outputs = json!({"Outputs": {"make.Id": ["ami-1"]}});
        assert_eq!(quoted.select(&outputs), vec![json!("ami-1")]);
        assert_eq!(quoted.as_str(), "$.Outputs.'make.Id'[0]");
        assert!(quoted.is_definite());
        let dq = Selector::parse("$.Outputs.\"make.Id\"").unwrap();
        assert_eq!(dq.select(&outputs), vec![json!(["ami-1"])]);
        let in_filter = Selector::parse("$.a[?@.b == '.x']").unwrap();
        assert!(!in_filter.is_definite());
        let err = Selector::parse("a[").unwrap_err();
        assert_eq!(
            err,
            "selector `a[` is not valid JSONPath: expected selector at column 3"
        );
    }

    #[test]
    fn record_encoding() {
        assert_eq!(record_strings(&json!("running")), ["running"]);
        assert_eq!(record_strings(&json!(16)), ["16"]);
        assert_eq!(record_strings(&json!(true)), ["true"]);
        assert_eq!(record_strings(&json!(["a", "b"])), ["a", "b"]);
        assert_eq!(record_strings(&json!({"k": [1]})), ["{\"k\":[1]}"]);
        assert_eq!(
            record_strings(&json!([{"a": 1}, {"b": "x"}])),
            ["{\"a\":1}", "{\"b\":\"x\"}"]
        );
        assert!(record_strings(&json!([])).is_empty());
    }

    /// Every `Selector:` and `PropertySelector:` written in the corpus of real runbooks
    /// parses (YAML and JSON lines alike).
    #[cfg_attr(
        not(shared_corpus),
        ignore = "needs ../shared/corpus beside the repository"
    )]
    #[test]
    fn every_corpus_selector_parses() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docs");
        let line_re =
            regex::Regex::new(r#"^\s*(?:-\s*)?"?(?:Property)?Selector"?\s*:\s*(.+?)\s*,?\s*$"#)
                .unwrap();
        let mut checked = 0;
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("corpus directory")
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for (n, line) in text.lines().enumerate() {
                let Some(caps) = line_re.captures(line) else {
                    continue;
                };
                let raw = &caps[1];
                let unquoted = raw
                    .strip_prefix('"')
                    .and_then(|r| r.strip_suffix('"'))
                    .or_else(|| raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
                    .unwrap_or(raw);
                let place = format!("{}:{}", entry.path().display(), n + 1);
                assert!(
                    Selector::parse(unquoted).is_ok(),
                    "{place}: {:?}",
                    Selector::parse(unquoted).err()
                );
                checked += 1;
            }
        }
        assert!(checked > 300, "only {checked} selectors found");
    }
}
