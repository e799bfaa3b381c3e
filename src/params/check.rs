//! The per-parameter rules a value must satisfy before an execution may start (spec §2.4
//! step 5). The validator applies the same rules to `default` values, so a default that the
//! service would refuse is reported while editing rather than at the first run.

use super::convert::{base_type, kind, shown, type_name};
use super::pattern::Pattern;
use crate::document::{DataType, Parameter};
use crate::parse::Node;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// Checks `allowedValues`, `allowedPattern`, `minItems`/`maxItems`, `minChars`/`maxChars` and
/// the pattern of an `AWS::` type, in that order. List items are checked one by one. Rules
/// that do not fit the value's shape (a pattern on a Boolean) are skipped: whether the shape
/// fits the type is [`check_default_type`]'s question.
pub fn check_value(param: &Parameter, value: &Value) -> Result<(), String> {
    let strings = string_items(param, value);
    check_allowed_values(param, value)?;
    check_allowed_pattern(param, &strings)?;
    check_item_count(param, value)?;
    check_char_count(param, value)?;
    check_type_pattern(param, &strings)
}

/// Whether a `default` has the declared type's shape; the service never converts (a quoted
/// `"3"` is not an Integer).
pub fn check_default_type(param: &Parameter, value: &Value) -> Result<(), String> {
    if base_type(param).accepts(value) {
        return Ok(());
    }
    Err(format!(
        "the default of parameter `{}` must be of type `{}`, but it is a {}",
        param.name.value,
        type_name(param),
        kind(value)
    ))
}

/// The strings that item-wise rules look at: the value itself, or each item of a list.
fn string_items<'v>(param: &Parameter, value: &'v Value) -> Vec<&'v str> {
    match (base_type(param), value) {
        (_, Value::String(s)) => vec![s.as_str()],
        (DataType::StringList, Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).collect()
        }
        _ => Vec::new(),
    }
}

fn check_allowed_values(param: &Parameter, value: &Value) -> Result<(), String> {
    let Some(allowed) = param.allowed_values.as_ref().and_then(Node::seq) else {
        return Ok(());
    };
    let allowed: Vec<Value> = allowed.iter().map(Node::to_json).collect();
    let candidates: Vec<&Value> = match (base_type(param), value) {
        (DataType::StringList | DataType::MapList, Value::Array(items)) => items.iter().collect(),
        _ => vec![value],
    };
    let Some(bad) = candidates
        .into_iter()
        .find(|v| !allowed.iter().any(|a| same(a, v)))
    else {
        return Ok(());
    };
    const LISTED: usize = 10;
    let mut list: Vec<String> = allowed
        .iter()
        .take(LISTED)
        .map(|a| shown(&text(a)))
        .collect();
    if allowed.len() > LISTED {
        list.push(format!("and {} more", allowed.len() - LISTED));
    }
    Err(format!(
        "value {} of parameter `{}` is not one of its allowedValues: {}",
        shown(&text(bad)),
        param.name.value,
        list.join(", ")
    ))
}

/// Equal as JSON, or as text for scalars: YAML may write `allowedValues: ['1', '2']` for an
/// Integer parameter, and the service compares what the user typed.
fn same(allowed: &Value, value: &Value) -> bool {
    let scalar = |v: &Value| !(v.is_array() || v.is_object());
    allowed == value || (scalar(allowed) && scalar(value) && text(allowed) == text(value))
}

fn text(v: &Value) -> Cow<'_, str> {
    match v {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.to_string()),
    }
}

fn check_allowed_pattern(param: &Parameter, strings: &[&str]) -> Result<(), String> {
    let Some(pattern) = &param.allowed_pattern else {
        return Ok(());
    };
    let name = &param.name.value;
    let regex = compiled(&pattern.value).map_err(|why| {
        format!(
            "the allowedPattern of parameter `{name}` is not a regular expression this runner \
             supports: {why}"
        )
    })?;
    match strings.iter().find(|s| !regex.is_match(s)) {
        Some(bad) => Err(format!(
            "value {} of parameter `{name}` does not match its allowedPattern `{}`",
            shown(bad),
            pattern.value
        )),
        None => Ok(()),
    }
}

fn check_item_count(param: &Parameter, value: &Value) -> Result<(), String> {
    let Value::Array(items) = value else {
        return Ok(());
    };
    let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let name = &param.name.value;
    if let Some(min) = &param.min_items
        && count < min.value
    {
        return Err(format!(
            "parameter `{name}` has {count} item(s), fewer than its minItems {}",
            min.value
        ));
    }
    if let Some(max) = &param.max_items
        && count > max.value
    {
        return Err(format!(
            "parameter `{name}` has {count} item(s), more than its maxItems {}",
            max.value
        ));
    }
    Ok(())
}

/// Strings are measured in characters, each StringList item on its own; a StringMap or
/// MapList (AWS's example puts `maxChars` on a StringMap) by the length of its JSON text.
fn check_char_count(param: &Parameter, value: &Value) -> Result<(), String> {
    if param.min_chars.is_none() && param.max_chars.is_none() {
        return Ok(());
    }
    let texts: Vec<Cow<'_, str>> = match value {
        Value::Object(_) | Value::Array(_) if base_type(param) != DataType::StringList => {
            vec![Cow::Owned(value.to_string())]
        }
        _ => string_items(param, value)
            .into_iter()
            .map(Cow::Borrowed)
            .collect(),
    };
    let name = &param.name.value;
    for text in texts {
        let count = i64::try_from(text.chars().count()).unwrap_or(i64::MAX);
        if let Some(min) = &param.min_chars
            && count < min.value
        {
            let shown = shown(&text);
            return Err(format!(
                "value {shown} of parameter `{name}` has {count} character(s), fewer than its minChars {}",
                min.value
            ));
        }
        if let Some(max) = &param.max_chars
            && count > max.value
        {
            let shown = shown(&text);
            return Err(format!(
                "value {shown} of parameter `{name}` has {count} character(s), more than its maxChars {}",
                max.value
            ));
        }
    }
    Ok(())
}

fn check_type_pattern(param: &Parameter, strings: &[&str]) -> Result<(), String> {
    let Some(ty) = &param.ty else { return Ok(()) };
    let Some(pattern) = ty.pattern else {
        return Ok(());
    };
    let regex = compiled(pattern)
        .map_err(|why| format!("the pattern of type `{}` does not compile: {why}", ty.name))?;
    // The empty string is how a runbook leaves an optional typed parameter unset: AWS's own
    // `AWS-EnableS3BucketKeys` declares `AutomationAssumeRole` as `AWS::IAM::Role::Arn` with
    // `default: ""`, and it runs.
    let Some(bad) = strings.iter().find(|s| !s.is_empty() && !regex.is_match(s)) else {
        return Ok(());
    };
    let item_type = ty
        .name
        .strip_prefix("List<")
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(&ty.name);
    Err(format!(
        "value {} of parameter `{}` is not a valid `{item_type}`: it must match `{pattern}`",
        shown(bad),
        param.name.value
    ))
}

/// Compiles a pattern once per process: the validator checks every default of every document
/// and a run checks every value, and the same few patterns recur across runbooks. The cache is
/// cleared when full rather than grown without bound.
fn compiled(pattern: &str) -> Result<Pattern, String> {
    static CACHE: LazyLock<Mutex<HashMap<String, Pattern>>> = LazyLock::new(Default::default);
    const CAPACITY: usize = 256;
    if let Some(regex) = CACHE
        .lock()
        .ok()
        .and_then(|cache| cache.get(pattern).cloned())
    {
        return Ok(regex);
    }
    let regex = Pattern::compile(pattern)?;
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert(pattern.to_string(), regex.clone());
    }
    Ok(regex)
}
