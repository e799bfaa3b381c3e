//! The documents known by name, one catalogue for `ssmrun run`, `ssmrun documents` and child
//! documents: the bundled runbooks (which stand in for AWS-managed ones) and those registered
//! with `ssmrun ssm create-document` (their default version), found as
//! StartAutomationExecution finds them.

use super::error::CliError;
use crate::service::StoredDocument;
use crate::store::DocumentStore;

/// One line of `ssmrun documents`.
#[derive(Debug)]
pub struct Entry {
    pub name: String,
    /// The first line of the document's `description`.
    pub summary: String,
    /// The default version of a registered document; None for a bundled one.
    pub registered: Option<u32>,
}

/// Every document by name, bundled and registered, in name order.
pub fn entries(store: &dyn DocumentStore) -> Result<Vec<Entry>, CliError> {
    let mut all: Vec<Entry> = crate::bundled::all()
        .iter()
        .map(|b| Entry {
            name: b.name.to_string(),
            summary: summary(b.name, b.text),
            registered: None,
        })
        .collect();
    let registered = store
        .list_documents()
        .map_err(|e| CliError::internal(e.to_string()))?;
    all.extend(
        registered
            .into_iter()
            .map(|(row, default_version, _)| Entry {
                summary: summary(&row.name, &row.content),
                name: row.name,
                registered: Some(default_version),
            }),
    );
    all.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(all)
}

/// The bundled or registered document `name` (its default version), or None.
pub fn find(store: &dyn DocumentStore, name: &str) -> Result<Option<StoredDocument>, CliError> {
    match super::ssm::resolve_document(store, name, None) {
        Ok(document) => Ok(Some(document)),
        Err(e) if e.exception == Some("AutomationDefinitionNotFoundException") => Ok(None),
        Err(e) => Err(CliError::internal(e.message)),
    }
}

/// The first non-empty line of the document's `description`, without Markdown headings.
fn summary(name: &str, text: &str) -> String {
    crate::parse::parse(&crate::source::SourceFile::new(name, text))
        .ok()
        .and_then(|n| n.get("description").and_then(|d| d.str().map(String::from)))
        .and_then(|d| {
            d.lines()
                .map(|l| l.trim_start_matches('#').trim().to_string())
                .find(|l| !l.is_empty())
        })
        .unwrap_or_default()
}
