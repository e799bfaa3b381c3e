//! The document list (the console's "Execute automation" page): bundled documents, which
//! stand in for AWS-managed ones, and the documents registered in the store.

use crate::console::Console;
use crate::console::error::Failure;
use crate::console::html::{escape, page, segment};
use crate::console::response::Response;
use crate::store::DocumentStore;
use std::fmt::Write;

/// One row of the list.
struct Row {
    name: String,
    owner: &'static str,
    version: String,
    description: String,
}

pub fn list(console: &Console) -> Result<Response, Failure> {
    let mut rows: Vec<Row> = crate::bundled::all()
        .iter()
        .map(|b| Row {
            name: b.name.to_string(),
            owner: "Amazon",
            version: "1".to_string(),
            description: summary(b.name, b.text),
        })
        .collect();
    for (doc, default, _) in console.store.list_documents()? {
        rows.push(Row {
            description: summary(&doc.name, &doc.content),
            name: doc.name,
            owner: "Self",
            version: default.to_string(),
        });
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let mut body = String::from(
        "<p>Choose a runbook to run against the simulated cloud.</p>\
         <table class=\"list\"><thead><tr><th>Name</th><th>Owner</th>\
         <th>Default version</th><th>Description</th></tr></thead><tbody>",
    );
    for r in &rows {
        let _ = write!(
            body,
            "<tr><td><a href=\"/documents/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            segment(&r.name),
            escape(&r.name),
            r.owner,
            escape(&r.version),
            escape(&r.description)
        );
    }
    body.push_str("</tbody></table>");
    Ok(Response::html(200, page("Execute automation", &body)))
}

/// The first line of a document's description that has words, without Markdown heading
/// marks; empty when the document has none or cannot be read.
pub fn summary(label: &str, text: &str) -> String {
    description(label, text)
        .and_then(|d| {
            d.lines()
                .map(|l| l.trim_start_matches('#').trim().to_string())
                .find(|l| !l.is_empty())
        })
        .unwrap_or_default()
}

/// The document's `description`, read without validating the rest.
pub fn description(label: &str, text: &str) -> Option<String> {
    let source = crate::source::SourceFile::new(label.to_string(), text.to_string());
    let node = crate::parse::parse(&source).ok()?;
    node.get("description")?.str().map(String::from)
}
