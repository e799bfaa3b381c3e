//! The AWS CLI's global output options, `--query` and `--output`, applied to a command's JSON
//! response, so that a command copied from an AWS tutorial prints what the tutorial shows.
//!
//! Each format follows the CLI's own formatter (awscli/formatter.py, text.py, table.py and
//! its YAML dumper); the submodules say which rules they reproduce.

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

mod east_asian_width;
mod json;
mod legacy_literal;
mod order;
mod pyrepr;
mod query_depth;
mod table;
mod text;
pub mod timestamps;
mod yaml;
pub use yaml::document as yaml_document;

#[cfg(test)]
mod query_python_tests;
#[cfg(test)]
mod tests;

/// The values `--output` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Json,
    Text,
    Table,
    Yaml,
}

impl OutputFormat {
    /// The CLI's spelling of each format; like the CLI, matching is case-sensitive.
    pub fn parse(s: &str) -> Option<OutputFormat> {
        match s {
            "json" => Some(OutputFormat::Json),
            "text" => Some(OutputFormat::Text),
            "table" => Some(OutputFormat::Table),
            "yaml" => Some(OutputFormat::Yaml),
            _ => None,
        }
    }
}

/// A `--query` expression that does not parse or cannot be evaluated against the response.
#[derive(Debug)]
pub struct QueryError {
    pub message: String,
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for QueryError {}

/// The width the CLI assumes when standard output is not a terminal.
pub const DEFAULT_TERMINAL_WIDTH: usize = 80;

/// Apply `--query` (JMESPath) to `value`, then format the result as `--output format` would.
/// `title` is the operation name (e.g. `DescribeAutomationStepExecutions`), the table title.
/// The returned text ends with a newline unless it is empty, as it is for an empty response.
///
/// # Errors
/// A `--query` that does not parse, or fails on this response (e.g. an unknown function).
pub fn render(
    value: &Value,
    query: Option<&str>,
    format: OutputFormat,
    title: &str,
) -> Result<String, QueryError> {
    // Only tables depend on the terminal: too wide a table is redrawn as key/value rows.
    let width = if format == OutputFormat::Table {
        terminal_width()
    } else {
        DEFAULT_TERMINAL_WIDTH
    };
    render_with_width(value, query, format, title, width)
}

/// [`render`] for the merged pages of a paginated command, which carry the CLI's
/// `NextToken` last when `--max-items` stopped the listing. Text prints that token on a line
/// of its own, `NEXTTOKEN<TAB>token`, with `--query` applied to it too, as the CLI's text
/// formatter does; the other formats print the merged response as it is.
///
/// # Errors
/// As for [`render`].
pub fn render_pages(
    value: &Value,
    query: Option<&str>,
    format: OutputFormat,
    title: &str,
) -> Result<String, QueryError> {
    let mut items = value.clone();
    let token = match (format, items.as_object_mut()) {
        (OutputFormat::Text, Some(map)) => map.shift_remove("NextToken"),
        _ => None,
    };
    let mut text = render(&items, query, format, title)?;
    if let Some(token) = token {
        let line = serde_json::json!({ "NextToken": { "NextToken": token } });
        text.push_str(&render(&line, query, format, title)?);
    }
    Ok(text)
}

/// [`render`] for a given terminal width instead of the width of standard output.
///
/// # Errors
/// As for [`render`].
pub fn render_with_width(
    value: &Value,
    query: Option<&str>,
    format: OutputFormat,
    title: &str,
    terminal_width: usize,
) -> Result<String, QueryError> {
    let result = match query {
        Some(expression) => Cow::Owned(apply_query(value, expression)?),
        None => Cow::Borrowed(value),
    };
    // The CLI prints nothing for an empty result object (e.g. `send-automation-signal`),
    // but does print other empty values such as `[]` or `null`.
    if result.as_object().is_some_and(|m| m.is_empty()) {
        return Ok(String::new());
    }
    Ok(match format {
        OutputFormat::Json => json::format(&result),
        OutputFormat::Text => text::format(&result),
        OutputFormat::Table => table::format(&result, title, terminal_width),
        OutputFormat::Yaml => yaml::format(&result),
    })
}

fn apply_query(value: &Value, expression: &str) -> Result<Value, QueryError> {
    let bad_value = |reason: String| QueryError {
        message: format!("Bad value for --query {expression}: {reason}"),
    };
    query_depth::check(expression).map_err(&bad_value)?;
    let compiled = jmespath::compile(&legacy_literal::rewrite(expression)).map_err(|e| {
        let reason = match &e.reason {
            jmespath::ErrorReason::Parse(text) => text.clone(),
            jmespath::ErrorReason::Runtime(err) => err.to_string(),
        };
        bad_value(format!("{reason} (column {})", e.column))
    })?;
    let found = compiled.search(value).map_err(|e| {
        let reason = match &e.reason {
            jmespath::ErrorReason::Parse(text) => text.clone(),
            jmespath::ErrorReason::Runtime(err) => err.to_string(),
        };
        bad_value(reason)
    })?;
    let mut result = serde_json::to_value(&*found).map_err(|e| bad_value(e.to_string()))?;
    order::restore(&mut result, value, compiled.as_ast());
    Ok(result)
}

/// Columns of the terminal on standard output, or the CLI's default when it is not one.
fn terminal_width() -> usize {
    console::Term::stdout()
        .size_checked()
        .map_or(DEFAULT_TERMINAL_WIDTH, |(_, cols)| usize::from(cols))
}
