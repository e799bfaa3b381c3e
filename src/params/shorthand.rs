//! Command-line arguments in the AWS CLI's forms: shorthand (`K=a,b`), JSON, or `file://path`
//! holding either. The results have the API's shapes (`map<string, list<string>>` for
//! `--parameters` and `--payload`, a filter list for `--filters`), and errors read like the
//! CLI's, so scripts written for `aws ssm` behave the same here.

mod parser;

use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// An argument that could not be read or does not fit its API shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShorthandError {
    flag: String,
    problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// The text itself is wrong (syntax, JSON, unreadable file); already worded like the CLI.
    Parse(String),
    /// The text parsed but a member has the wrong type or length, worded like botocore's
    /// client-side validation: `{what} {Member}{path}{detail}`.
    Shape {
        what: &'static str,
        path: String,
        detail: String,
    },
}

impl ShorthandError {
    /// The same error reported against another option (`--payload` shares the parser of
    /// `--parameters`).
    pub fn with_flag(mut self, flag: &str) -> ShorthandError {
        self.flag = flag.to_string();
        self
    }

    pub fn flag(&self) -> &str {
        &self.flag
    }
}

impl fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            Problem::Parse(message) => {
                write!(f, "Error parsing parameter '{}': {message}", self.flag)
            }
            Problem::Shape { what, path, detail } => write!(
                f,
                "Parameter validation failed:\n{what} {}{path}{detail}",
                member_name(&self.flag)
            ),
        }
    }
}

impl std::error::Error for ShorthandError {}

/// `--target-maps` → `TargetMaps`: the API member an option fills, as botocore names it
/// (and `start-automation-execution` → `StartAutomationExecution`, the operation).
pub fn member_name(flag: &str) -> String {
    flag.trim_start_matches('-')
        .split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
        })
        .collect()
}

/// Parses one `--parameters` (or `--payload`) argument into the API's
/// `map<string, list<string>>`. A scalar becomes a one-item list, as the CLI does because the
/// model's value type is a list.
pub fn parse_string_list_map(arg: &str) -> Result<BTreeMap<String, Vec<String>>, ShorthandError> {
    let flag = "--parameters";
    let tree = read_tree(flag, arg)?;
    string_list_map(&tree).map_err(|problem| ShorthandError {
        flag: flag.to_string(),
        problem,
    })
}

/// Parses every occurrence of a `--parameters` option and merges them. A key given by two
/// occurrences is refused, for the reason the CLI refuses one repeated inside an argument:
/// silently keeping one of them hides a typo.
pub fn parse_string_list_maps<'a>(
    args: impl IntoIterator<Item = &'a str>,
) -> Result<BTreeMap<String, Vec<String>>, ShorthandError> {
    let mut merged = BTreeMap::new();
    for arg in args {
        for (key, values) in parse_string_list_map(arg)? {
            if merged.contains_key(&key) {
                let message = format!("key \"{key}\" is given by more than one occurrence");
                return Err(parse_error("--parameters", message));
            }
            merged.insert(key, values);
        }
    }
    Ok(merged)
}

/// Parses one `--filters` argument: shorthand `Key=StepName,Values=a,b` is one filter; JSON
/// may hold a list of `{"Key": .., "Values": [..]}` objects (or a single one).
pub fn parse_filters(arg: &str) -> Result<Vec<(String, Vec<String>)>, ShorthandError> {
    let flag = "--filters";
    let tree = read_tree(flag, arg)?;
    filters(tree).map_err(|problem| ShorthandError {
        flag: flag.to_string(),
        problem,
    })
}

fn parse_error(flag: &str, message: String) -> ShorthandError {
    ShorthandError {
        flag: flag.to_string(),
        problem: Problem::Parse(message),
    }
}

/// Reads `file://` contents if asked, then parses JSON or shorthand into one JSON tree, so
/// both forms are fitted to the API shape by the same code.
fn read_tree(flag: &str, arg: &str) -> Result<Value, ShorthandError> {
    read_argument(flag, arg).map(|(tree, _)| tree)
}

/// Reads one argument of option `flag` into its tree, and says whether it was JSON (kept
/// as typed) or shorthand (strings and lists only, which the CLI then fits to the model).
pub fn read_argument(flag: &str, arg: &str) -> Result<(Value, bool), ShorthandError> {
    let text = load_paramfile(arg).map_err(|message| parse_error(flag, message))?;
    // The CLI's own test: JSON when the trimmed text opens with a bracket or brace.
    if text.trim_start().starts_with(['{', '[']) {
        return serde_json::from_str(&text)
            .map(|tree| (tree, true))
            .map_err(|e| parse_error(flag, format!("Invalid JSON: {e}\nJSON received: {text}")));
    }
    parser::parse(&text)
        .map(|tree| (tree, false))
        .map_err(|e| parse_error(flag, e.render(&text)))
}

fn load_paramfile(arg: &str) -> Result<Cow<'_, str>, String> {
    let Some(path) = arg.strip_prefix("file://") else {
        return Ok(Cow::Borrowed(arg));
    };
    let path = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    };
    let kind = crate::input::InputKind::Parameters;
    let bytes = crate::input::read_capped(&path, kind)
        .map_err(|e| format!("Unable to load paramfile {arg}: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("Unable to load paramfile {arg}: the file is not valid UTF-8"))?;
    // Editors end files with a newline, which the shorthand grammar would read as a
    // missing `,` after a closing `]`; it never carries meaning at the end.
    Ok(Cow::Owned(text.trim_end().to_string()))
}

fn string_list_map(tree: &Value) -> Result<BTreeMap<String, Vec<String>>, Problem> {
    let Value::Object(entries) = tree else {
        return Err(wrong_type(String::new(), tree, "map"));
    };
    let mut out = BTreeMap::new();
    for (key, value) in entries {
        if key.is_empty() {
            return Err(too_short(" (key: )".to_string()));
        }
        out.insert(key.clone(), string_list(&format!(".{key}"), value)?);
    }
    Ok(out)
}

/// A list of non-empty strings; a lone string counts as a one-item list.
fn string_list(path: &str, value: &Value) -> Result<Vec<String>, Problem> {
    let items = match value {
        Value::String(_) => std::slice::from_ref(value),
        Value::Array(items) => items.as_slice(),
        other => return Err(wrong_type(path.to_string(), other, "list")),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        match item {
            // botocore checks minimum lengths before sending, so `K=` fails on the client.
            Value::String(s) if s.is_empty() => return Err(too_short(item_path)),
            Value::String(s) => out.push(s.clone()),
            other => return Err(wrong_type(item_path, other, "string")),
        }
    }
    Ok(out)
}

fn filters(tree: Value) -> Result<Vec<(String, Vec<String>)>, Problem> {
    let items = match tree {
        Value::Array(items) => items,
        object @ Value::Object(_) => vec![object],
        other => return Err(wrong_type(String::new(), &other, "list")),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| filter(&format!("[{i}]"), item))
        .collect()
}

fn filter(path: &str, item: &Value) -> Result<(String, Vec<String>), Problem> {
    let Value::Object(members) = item else {
        return Err(wrong_type(path.to_string(), item, "map"));
    };
    if let Some(unknown) = members.keys().find(|k| *k != "Key" && *k != "Values") {
        return Err(Problem::Shape {
            what: "Unknown parameter in",
            path: path.to_string(),
            detail: format!(": \"{unknown}\", must be one of: Key, Values"),
        });
    }
    let required = |name: &str| {
        members.get(name).ok_or_else(|| Problem::Shape {
            what: "Missing required parameter in",
            path: path.to_string(),
            detail: format!(": \"{name}\""),
        })
    };
    let key = match required("Key")? {
        Value::String(s) => s.clone(),
        other => return Err(wrong_type(format!("{path}.Key"), other, "string")),
    };
    let values_path = format!("{path}.Values");
    let values = string_list(&values_path, required("Values")?)?;
    if values.is_empty() {
        return Err(too_short(values_path));
    }
    Ok((key, values))
}

fn wrong_type(path: String, value: &Value, valid: &str) -> Problem {
    Problem::Shape {
        what: "Invalid type for parameter",
        path,
        detail: format!(
            ", value: {value}, type: {}, valid types: {valid}",
            json_kind(value)
        ),
    }
}

fn too_short(path: String) -> Problem {
    Problem::Shape {
        what: "Invalid length for parameter",
        path,
        detail: ", value: 0, valid min length: 1".to_string(),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    }
}

#[cfg(test)]
mod tests;
