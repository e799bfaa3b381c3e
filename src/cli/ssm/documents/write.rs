//! The commands that change the registry. Bundled documents are refused here: they stand in
//! for AWS-managed documents, which an account can read and run but not change.

use super::super::SsmContext;
use super::super::error::SsmError;
use super::lookup::{self, no_document, pattern_error};
use super::record::Record;
use super::{
    CreateDocumentArgs, DefaultVersionArgs, DeleteDocumentArgs, UpdateDocumentArgs, content,
};
use crate::store::{DocumentStore, StoreError, VersionSelector, sha256_hex};
use serde_json::{Value, json};

/// The service keeps at most this many versions of one document.
const MAX_VERSIONS: u32 = 1000;

pub fn create(a: &CreateDocumentArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    // The CLI reads `file://` values while it parses the command line, before any request.
    let (text, label) = content::read(&a.content)?;
    content::check_new_name(&a.name)?;
    content::check_type(a.document_type.as_deref())?;
    let format = content::format_of(&text, a.document_format.as_deref())?;
    content::check(&label, &text)?;
    // The reserved prefixes keep `AWS-…` names out, but `Example-…` bundled names are not
    // reserved; a registered copy would then shadow nothing and confuse every listing.
    if crate::bundled::find(&a.name).is_some() {
        return Err(already_exists(&a.name));
    }
    let row = cx
        .store
        .create_document(&a.name, &text, format, "Automation", cx.now())
        .map_err(|e| match e {
            StoreError::Conflict(_) => already_exists(&a.name),
            other => other.into(),
        })?;
    let record = Record::from_view((row, 1, 1));
    Ok(json!({ "DocumentDescription": record.description() }))
}

pub fn update(a: &UpdateDocumentArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let (text, label) = content::read(&a.content)?;
    let name = lookup::bare_name(&a.name);
    refuse_bundled(name, "updated")?;
    // Left out, the version is `$LATEST` (the API's documented default here), not `$DEFAULT`.
    let given = a.document_version.as_deref().unwrap_or("$LATEST");
    let selector = lookup::check_version(Some(given))?;
    let Some((latest, default_version, latest_version)) =
        cx.store.get_document(name, Some("$LATEST"))?
    else {
        return Err(no_document(name));
    };
    // The API updates only the latest version, named as `$LATEST` or by its number.
    let named = match selector {
        VersionSelector::Latest => latest_version,
        VersionSelector::Default => default_version,
        VersionSelector::Number(n) => n,
    };
    if named != latest_version {
        return Err(SsmError::service(
            "InvalidDocumentVersion",
            format!(
                "Only the latest version of document {name} ({latest_version}) can be \
                 updated; version {named} was given."
            ),
        ));
    }
    let format = content::format_of(&text, a.document_format.as_deref())?;
    content::check(&label, &text)?;
    if sha256_hex(text.as_bytes()) == latest.hash {
        return Err(duplicate_content());
    }
    if latest_version >= MAX_VERSIONS {
        return Err(SsmError::service(
            "DocumentVersionLimitExceeded",
            format!("Document {name} has {MAX_VERSIONS} versions, the most a document can have."),
        ));
    }
    let row = cx
        .store
        .update_document(name, &text, format, cx.now())
        .map_err(|e| match e {
            // Another process wrote the same content, or removed the document, meanwhile.
            StoreError::Conflict(_) => duplicate_content(),
            StoreError::NotFound(_) => no_document(name),
            other => other.into(),
        })?;
    let version = row.version;
    let record = Record::from_view((row, default_version, version));
    Ok(json!({ "DocumentDescription": record.description() }))
}

pub fn set_default(a: &DefaultVersionArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let name = lookup::bare_name(&a.name);
    // Here the API's pattern is a bare number: `$LATEST` cannot be made the default.
    let version = match VersionSelector::parse(Some(&a.document_version)) {
        Some(VersionSelector::Number(n)) => n,
        _ => {
            return Err(pattern_error(
                &a.document_version,
                "documentVersion",
                "(^[1-9][0-9]*$)",
            ));
        }
    };
    refuse_bundled(name, "changed")?;
    // Read first so a missing document and a missing version get their own exceptions.
    if cx.store.get_document(name, None)?.is_none() {
        return Err(no_document(name));
    }
    if cx
        .store
        .get_document(name, Some(&a.document_version))?
        .is_none()
    {
        return Err(SsmError::service(
            "InvalidDocumentVersion",
            format!("Document {name} does not have version {version}."),
        ));
    }
    cx.store
        .set_default_version(name, version)
        .map_err(|e| match e {
            StoreError::NotFound(_) => no_document(name),
            other => other.into(),
        })?;
    Ok(json!({
        "Description": { "Name": name, "DefaultVersion": version.to_string() }
    }))
}

pub fn delete(a: &DeleteDocumentArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let name = lookup::bare_name(&a.name);
    refuse_bundled(name, "deleted")?;
    let Some((_, default_version, latest_version)) = cx.store.get_document(name, None)? else {
        return Err(no_document(name));
    };
    if let Some(version_name) = &a.version_name {
        return Err(lookup::no_version_named(name, version_name));
    }
    if let Some(given) = &a.document_version {
        let version = match lookup::check_version(Some(given))? {
            VersionSelector::Default => default_version,
            VersionSelector::Latest => latest_version,
            VersionSelector::Number(n) => n,
        };
        if cx
            .store
            .get_document(name, Some(&version.to_string()))?
            .is_none()
        {
            return Err(SsmError::service(
                "InvalidDocumentVersion",
                format!("Document {name} does not have version {version}."),
            ));
        }
        // Only whole documents are removed here (docs/differences.md); a document of one
        // version is removed whole when that version is named.
        if latest_version > 1 {
            return Err(SsmError::service(
                "InvalidDocumentOperation",
                format!(
                    "Deleting one version of a document is not supported by ssmrun: document \
                     {name} has {latest_version} versions. Delete the whole document instead."
                ),
            ));
        }
    }
    if !cx.store.delete_document(name)? {
        return Err(no_document(name));
    }
    // DeleteDocumentResult has no members; the CLI prints nothing.
    Ok(json!({}))
}

/// The API documents no exception for changing an AWS-owned document. Of the exceptions
/// UpdateDocument and DeleteDocument do declare, `InvalidDocumentOperation` ("the operation
/// is not allowed on this document") is the closest: the document exists, so
/// `InvalidDocument` ("does not exist") would mislead, and nothing here models IAM, so
/// `AccessDeniedException` would suggest a permission that could be granted.
fn refuse_bundled(name: &str, what: &str) -> Result<(), SsmError> {
    match crate::bundled::find(name) {
        Some(_) => Err(SsmError::service(
            "InvalidDocumentOperation",
            format!("Document {name} is owned by Amazon and cannot be {what}."),
        )),
        None => Ok(()),
    }
}

fn already_exists(name: &str) -> SsmError {
    SsmError::service(
        "DocumentAlreadyExists",
        format!("Document with same name {name} already exists"),
    )
}

fn duplicate_content() -> SsmError {
    SsmError::service(
        "DuplicateDocumentContent",
        "The content of the document matches the latest version. Change the content of the \
         document and try again.",
    )
}
