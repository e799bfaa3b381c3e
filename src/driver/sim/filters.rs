//! EC2's `Filters` request member: `[{"Name": "instance-state-name", "Values": ["running"]}]`.
//! A resource passes when, for every filter, one of its values for that name matches one of
//! the filter's values; values may use EC2's `*` and `?` wildcards.

use serde_json::Value;

use super::request::Request;
use super::tags::Tags;
use crate::driver::ApiError;

#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

/// Reads the `Filters` of EC2's `operation`. The simulation evaluates the names in
/// `supported` and any `tag:<key>`. Another name EC2 documents for the operation is not
/// rejected: it fails as `NotSimulated`, so the run says what it cannot answer. A name EC2
/// does not document is EC2's own `InvalidParameterValue`.
pub fn parse(
    request: &Request,
    operation: &str,
    supported: &[&str],
) -> Result<Vec<Filter>, ApiError> {
    let mut filters = Vec::new();
    for item in request.structs("Filters")? {
        let name = item.required_str("Name")?;
        if !name.starts_with("tag:") && !supported.contains(&name) {
            if super::ec2_filter_names::documented(operation).contains(&name) {
                return Err(ApiError::new(
                    "NotSimulated",
                    format!(
                        "the filter `{name}` of ec2.{operation} is valid on EC2 but not simulated: add a mock for Service ec2, Api {operation} in a --mocks file"
                    ),
                ));
            }
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("The filter '{name}' is invalid"),
            ));
        }
        let values = item.str_list("Values")?.unwrap_or_default();
        if values.is_empty() {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("The filter '{name}' requires at least one value"),
            ));
        }
        filters.push(Filter {
            name: name.to_string(),
            values,
        });
    }
    Ok(filters)
}

/// Whether a resource passes all filters; `values_of` lists the resource's values for a name.
pub fn matches(filters: &[Filter], values_of: impl Fn(&str) -> Vec<String>) -> bool {
    filters.iter().all(|filter| {
        let actual = values_of(&filter.name);
        filter
            .values
            .iter()
            .any(|pattern| actual.iter().any(|value| glob(pattern, value)))
    })
}

/// Values of the tag-based filter names every taggable resource supports.
pub fn tag_values(tags: &Tags, name: &str) -> Vec<String> {
    if let Some(key) = name.strip_prefix("tag:") {
        return tags.get(key).map(str::to_string).into_iter().collect();
    }
    match name {
        "tag-key" => tags.iter().map(|(k, _)| k.to_string()).collect(),
        "tag-value" => tags.iter().map(|(_, v)| v.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// The values of a response item at a JSON pointer, for filters that read a resource's
/// own response shape: a string as is, a number or boolean as its text, a list item by item.
pub fn json_values(item: &Value, pointer: &str) -> Vec<String> {
    match item.pointer(pointer) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect(),
        Some(other) => vec![other.to_string()],
    }
}

/// The tags of a response item whose tag list (`Tags`, `TagSet`) sits under `key`.
pub fn tags_of(item: &Value, key: &str) -> Tags {
    item[key]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| {
            Some((
                t["Key"].as_str()?.to_string(),
                t["Value"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// EC2 wildcard match: `*` any run, `?` one character, `\` escapes the next character.
/// Greedy matching with one backtrack point keeps it linear-ish even for patterns full of
/// stars, which a naive recursion would not.
pub fn glob(pattern: &str, text: &str) -> bool {
    let tokens = tokenize(pattern);
    let text: Vec<char> = text.chars().collect();
    let (mut t, mut p) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Token::Any) => {
                backtrack = Some((p, t));
                p += 1;
            }
            Some(Token::One) => {
                p += 1;
                t += 1;
            }
            Some(Token::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match backtrack {
                Some((star, from)) => {
                    p = star + 1;
                    t = from + 1;
                    backtrack = Some((star, from + 1));
                }
                None => return false,
            },
        }
    }
    tokens[p..].iter().all(|token| *token == Token::Any)
}

#[derive(PartialEq)]
enum Token {
    Any,
    One,
    Char(char),
}

fn tokenize(pattern: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '*' => Token::Any,
            '?' => Token::One,
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            c => Token::Char(c),
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards_and_escapes() {
        assert!(glob("web-*", "web-1"));
        assert!(glob("web-?", "web-1"));
        assert!(!glob("web-?", "web-10"));
        assert!(glob("a\\*b", "a*b"));
        assert!(!glob("a\\*b", "axb"));
        assert!(glob("*", ""));
        assert!(glob("*a*b*c", "xxaxxbxxc"));
        assert!(!glob(&"*a".repeat(30), &"a".repeat(20)));
    }

    #[test]
    fn unknown_filter_names_are_rejected() {
        let params = json!({"Filters": [{"Name": "colour", "Values": ["red"]}]});
        let error = parse(
            &Request::new(&params),
            "DescribeInstances",
            &["instance-id"],
        )
        .unwrap_err();
        assert_eq!(error.code, "InvalidParameterValue");
        assert_eq!(error.message, "The filter 'colour' is invalid");
    }

    #[test]
    fn documented_filters_are_never_invalid_only_not_simulated() {
        for name in [
            "block-device-mapping.status",
            "network-interface.mac-address",
        ] {
            let params = json!({"Filters": [{"Name": name, "Values": ["x"]}]});
            let error = parse(
                &Request::new(&params),
                "DescribeInstances",
                &["instance-id"],
            )
            .unwrap_err();
            assert_eq!(error.code, "NotSimulated", "{name}");
            assert!(error.message.contains("not simulated"), "{}", error.message);
        }
    }
}
