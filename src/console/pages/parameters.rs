//! The parameters form of a document, and reading its fields back into the API's
//! `Parameters` (name → list of strings), as `--parameters` gives them.
//!
//! Each parameter is one field named `param.NAME`. A field left empty is not sent, so the
//! document's default applies (or the service reports the missing required parameter). A
//! StringList is a text area with one value per line, or a multiple select when the
//! document lists allowed values; StringMap and MapList take JSON text.

use crate::console::html::escape;
use crate::console::request::Request;
use crate::document::DataType;
use crate::document::Parameter;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

pub const PREFIX: &str = "param.";

/// The form fields of every parameter, in document order.
pub fn fields(parameters: &[Parameter]) -> String {
    let mut out = String::new();
    for p in parameters {
        let ty = p.ty.as_ref().map_or("String", |t| t.name.as_str());
        let required = if p.default.is_none() {
            " <span class=\"required\">(required)</span>"
        } else {
            ""
        };
        let _ = write!(
            out,
            "<div class=\"field\"><label for=\"p-{n}\"><b>{n}</b> <code>{}</code>{required}</label>\
             <p class=\"help\">{}</p>{}</div>",
            escape(ty),
            escape(p.description.as_deref().unwrap_or_default()),
            control(p),
            n = escape(&p.name.value),
        );
    }
    out
}

fn base(p: &Parameter) -> DataType {
    p.ty.as_ref().map_or(DataType::String, |t| t.base)
}

/// The input element for one parameter, showing its default.
fn control(p: &Parameter) -> String {
    let name = escape(&format!("{PREFIX}{}", p.name.value));
    let id = escape(&format!("p-{}", p.name.value));
    let default = p.default.as_ref().map(|d| d.to_json());
    let defaults = default.as_ref().map(strings).unwrap_or_default();
    let allowed = p
        .allowed_values
        .as_ref()
        .map(|a| strings(&a.to_json()))
        .filter(|a| !a.is_empty());
    let list = base(p) == DataType::StringList;
    if let Some(allowed) = allowed {
        return select(&name, &id, &allowed, &defaults, list, p.default.is_none());
    }
    match base(p) {
        DataType::Boolean => {
            let options = ["true".to_string(), "false".to_string()];
            select(&name, &id, &options, &defaults, false, p.default.is_none())
        }
        DataType::StringList => textarea(&name, &id, &defaults.join("\n"), "one value per line"),
        DataType::StringMap | DataType::MapList => {
            let text = default.map(|d| d.to_string()).unwrap_or_default();
            textarea(&name, &id, &text, "JSON")
        }
        DataType::Integer | DataType::String => format!(
            "<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{}\">",
            escape(&defaults.join(""))
        ),
    }
}

fn select(
    name: &str,
    id: &str,
    options: &[String],
    selected: &[String],
    multiple: bool,
    blank: bool,
) -> String {
    let mut out = format!(
        "<select id=\"{id}\" name=\"{name}\"{}>",
        if multiple { " multiple" } else { "" }
    );
    if blank && !multiple {
        out.push_str("<option value=\"\">(choose)</option>");
    }
    for o in options {
        let on = if selected.contains(o) {
            " selected"
        } else {
            ""
        };
        let _ = write!(out, "<option{on}>{}</option>", escape(o));
    }
    out.push_str("</select>");
    out
}

fn textarea(name: &str, id: &str, text: &str, hint: &str) -> String {
    format!(
        "<textarea id=\"{id}\" name=\"{name}\" rows=\"3\" placeholder=\"{}\">{}</textarea>",
        escape(hint),
        escape(text)
    )
}

/// A default or an allowed-values list as the strings a form shows.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect(),
        Value::Null => Vec::new(),
        other => vec![scalar(other)],
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The parameters a submitted form gives, for the document's parameters. Fields left empty
/// are left out; fields that are not the document's are passed on, so that the service
/// reports them as it reports an unknown `--parameters` name.
pub fn read(parameters: &[Parameter], request: &Request) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let names: BTreeSet<&str> = request.fields_under(PREFIX).map(|(k, _)| k).collect();
    for name in names {
        let sent = request.fields(&format!("{PREFIX}{name}"));
        let list = parameters
            .iter()
            .find(|p| p.name.value == name)
            .is_some_and(|p| base(p) == DataType::StringList);
        let values: Vec<String> = if list {
            sent.iter()
                .flat_map(|v| v.lines())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(String::from)
                .collect()
        } else {
            sent.iter()
                .filter(|v| !v.is_empty())
                .take(1)
                .map(|v| v.to_string())
                .collect()
        };
        if !values.is_empty() {
            out.insert(name.to_string(), values);
        }
    }
    out
}
