//! Finding a document version by name (or ARN) and version selector, across bundled
//! documents and the local registry. The reasons a lookup fails are kept as data, because
//! the document commands and StartAutomationExecution report them with different exceptions.

use super::super::error::SsmError;
use super::record::Record;
use crate::store::{DocumentStore, VersionSelector};

/// Why no version was found.
#[derive(Debug)]
pub enum LookupError {
    /// No document has this name.
    NoDocument,
    /// The document exists but not the requested version.
    NoVersion,
    /// Request validation or the store failed; already in its final form.
    Other(SsmError),
}

impl From<SsmError> for LookupError {
    fn from(e: SsmError) -> LookupError {
        LookupError::Other(e)
    }
}

impl LookupError {
    /// As the document operations (DescribeDocument, GetDocument, ...) report it.
    pub fn for_documents(self, name: &str, version: Option<&str>) -> SsmError {
        match self {
            LookupError::NoDocument => no_document(name),
            LookupError::NoVersion => SsmError::service(
                "InvalidDocumentVersion",
                format!(
                    "Document {name} does not have version {}.",
                    version.unwrap_or("$DEFAULT")
                ),
            ),
            LookupError::Other(e) => e,
        }
    }
}

/// A `--version-name` never matches: ssmrun records no version names (docs/differences.md).
pub fn no_version_named(name: &str, version_name: &str) -> SsmError {
    SsmError::service(
        "InvalidDocumentVersion",
        format!("Document {name} does not have a version named {version_name}."),
    )
}

pub fn no_document(name: &str) -> SsmError {
    SsmError::service(
        "InvalidDocument",
        format!("Document with name {name} does not exist."),
    )
}

/// `arn:aws:ssm:REGION:ACCOUNT:document/NAME` names the same document as `NAME`: the API
/// accepts either wherever a document is read.
pub fn bare_name(name: &str) -> &str {
    match name.strip_prefix("arn:") {
        Some(rest) => rest.rsplit_once(":document/").map_or(name, |(_, n)| n),
        None => name,
    }
}

/// The API's `DocumentVersion` pattern, `([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)`, checked the
/// way the service checks request members.
pub fn check_version(version: Option<&str>) -> Result<VersionSelector, SsmError> {
    VersionSelector::parse(version).ok_or_else(|| {
        pattern_error(
            version.unwrap_or_default(),
            "documentVersion",
            "([$]LATEST|[$]DEFAULT|^[1-9][0-9]*$)",
        )
    })
}

/// The service's wording for a request member that fails its pattern.
pub fn pattern_error(value: &str, member: &str, pattern: &str) -> SsmError {
    SsmError::service(
        "ValidationException",
        format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy \
             constraint: Member must satisfy regular expression pattern: {pattern}"
        ),
    )
}

/// The version `version` names of document `name`: bundled documents first (their names are
/// refused at creation, so the two never overlap), then the registry.
pub fn find(
    store: &dyn DocumentStore,
    name: &str,
    version: Option<&str>,
) -> Result<Record, LookupError> {
    let name = bare_name(name);
    let selector = check_version(version)?;
    if let Some(b) = crate::bundled::find(name) {
        return match selector {
            VersionSelector::Number(n) if n != 1 => Err(LookupError::NoVersion),
            _ => Ok(Record::bundled(b)),
        };
    }
    let store_error = |e| LookupError::Other(SsmError::from(e));
    if let Some(view) = store.get_document(name, version).map_err(store_error)? {
        return Ok(Record::from_view(view));
    }
    // Tell a missing version apart from a missing document, as the service does.
    match store.get_document(name, None).map_err(store_error)? {
        Some(_) => Err(LookupError::NoVersion),
        None => Err(LookupError::NoDocument),
    }
}

/// Every version of `name`, oldest first, with the document's default and latest numbers.
pub fn versions(store: &dyn DocumentStore, name: &str) -> Result<Vec<Record>, SsmError> {
    let name = bare_name(name);
    if let Some(b) = crate::bundled::find(name) {
        return Ok(vec![Record::bundled(b)]);
    }
    let Some((_, default_version, latest_version)) = store.get_document(name, None)? else {
        return Err(no_document(name));
    };
    Ok(store
        .list_versions(name)?
        .into_iter()
        .map(|row| Record::from_view((row, default_version, latest_version)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_name_documents() {
        assert_eq!(
            bare_name("arn:aws:ssm:us-east-1:123456789012:document/MyRunbook"),
            "MyRunbook"
        );
        assert_eq!(bare_name("MyRunbook"), "MyRunbook");
        assert_eq!(bare_name("arn:nonsense"), "arn:nonsense");
    }

    #[test]
    fn versions_follow_the_api_pattern() {
        assert!(check_version(None).is_ok());
        assert!(check_version(Some("$LATEST")).is_ok());
        assert!(check_version(Some("12")).is_ok());
        for bad in ["0", "01", "latest", "-1", ""] {
            let e = check_version(Some(bad)).expect_err(bad);
            assert_eq!(e.exception, Some("ValidationException"));
        }
    }
}
