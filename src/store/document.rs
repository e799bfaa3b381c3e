//! The local document registry (CreateDocument, UpdateDocument, ...) and its trait.

use super::StoreError;

/// One stored version of a registered document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentVersionRow {
    pub name: String,
    /// 1-based, as AWS numbers document versions.
    pub version: u32,
    pub content: String,
    /// `YAML` or `JSON`.
    pub format: String,
    /// `Automation` for runbooks; fixed when the document is created.
    pub document_type: String,
    /// Epoch seconds.
    pub created_date: f64,
    /// SHA-256 of `content` as lowercase hex.
    pub hash: String,
    /// `Active`.
    pub status: String,
}

/// Which version of a document a request names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSelector {
    Default,
    Latest,
    Number(u32),
}

impl DocumentVersionRow {
    /// A new, active version of `name`, hashed as the service shows it.
    pub fn new(
        name: &str,
        version: u32,
        content: &str,
        format: &str,
        document_type: &str,
        now: f64,
    ) -> DocumentVersionRow {
        DocumentVersionRow {
            name: name.to_string(),
            version,
            content: content.to_string(),
            format: format.to_string(),
            document_type: document_type.to_string(),
            created_date: now,
            hash: super::sha256_hex(content.as_bytes()),
            status: "Active".to_string(),
        }
    }
}

impl StoreError {
    pub(crate) fn missing_document(name: &str) -> StoreError {
        StoreError::NotFound(format!("document `{name}` does not exist"))
    }
}

impl VersionSelector {
    /// Reads the AWS spelling: absent or `$DEFAULT`, `$LATEST`, or a positive number.
    /// Anything else names no version, so it yields `None`.
    pub fn parse(version: Option<&str>) -> Option<VersionSelector> {
        match version {
            None | Some("$DEFAULT") => Some(VersionSelector::Default),
            Some("$LATEST") => Some(VersionSelector::Latest),
            Some(text) => match text.parse::<u32>() {
                // AWS accepts `^[1-9][0-9]*$`; Rust's parser alone would also take `+1` or `01`.
                Ok(n) if !text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit()) => {
                    Some(VersionSelector::Number(n))
                }
                _ => None,
            },
        }
    }
}

/// A document version together with the document's default and latest version numbers.
pub type DocumentView = (DocumentVersionRow, u32, u32);

/// Durable storage of registered documents and their versions.
pub trait DocumentStore {
    /// Registers `name` with version 1 as its default; `Conflict` if the name is taken.
    fn create_document(
        &self,
        name: &str,
        content: &str,
        format: &str,
        document_type: &str,
        now: f64,
    ) -> Result<DocumentVersionRow, StoreError>;

    /// Adds version latest + 1 (the default stays). `NotFound` if the document is missing;
    /// `Conflict` if `content` is identical to the latest version's.
    fn update_document(
        &self,
        name: &str,
        content: &str,
        format: &str,
        now: f64,
    ) -> Result<DocumentVersionRow, StoreError>;

    /// Makes `version` the default; `NotFound` if the document or the version is missing.
    fn set_default_version(&self, name: &str, version: u32) -> Result<(), StoreError>;

    /// The version named by `version` (`None`, `$DEFAULT`, `$LATEST` or a number) with the
    /// default and latest numbers; `None` if the document or that version does not exist or
    /// `version` is not a valid version name.
    fn get_document(
        &self,
        name: &str,
        version: Option<&str>,
    ) -> Result<Option<DocumentView>, StoreError>;

    /// Every document's default version, ordered by name.
    fn list_documents(&self) -> Result<Vec<DocumentView>, StoreError>;

    /// Every version of `name`, oldest first; empty if the document does not exist.
    fn list_versions(&self, name: &str) -> Result<Vec<DocumentVersionRow>, StoreError>;

    /// Removes the document and all its versions; `false` if it did not exist.
    fn delete_document(&self, name: &str) -> Result<bool, StoreError>;
}
