//! The document commands: create-document, update-document, update-document-default-version,
//! describe-document, get-document, list-documents, list-document-versions and
//! delete-document, with the `aws ssm` flags and response shapes, against the local registry
//! plus the bundled documents (which stand in for AWS-managed ones: owner `Amazon`,
//! version 1, read-only).

mod content;
mod convert;
mod lookup;
mod read;
mod record;
mod write;

use super::SsmContext;
use super::error::SsmError;
use super::paging::Paging;
use crate::service::StoredDocument;
use crate::store::{DocumentStore, VersionSelector};
use clap::{Args, Subcommand};
use lookup::LookupError;
use serde_json::Value;

#[derive(Subcommand, Debug)]
pub enum DocumentCommand {
    /// Register an Automation runbook (checked as `ssmrun validate` checks it)
    CreateDocument(CreateDocumentArgs),
    /// Add a new version of a registered runbook (the default version stays)
    UpdateDocument(UpdateDocumentArgs),
    /// Make a version the one runs use when no version is given
    UpdateDocumentDefaultVersion(DefaultVersionArgs),
    /// Show a document version's description, parameters and versions
    DescribeDocument(DocumentVersionArgs),
    /// Show a document version's content, as JSON or YAML
    GetDocument(GetDocumentArgs),
    /// List registered and bundled documents
    ListDocuments(ListDocumentsArgs),
    /// List the versions of a document
    ListDocumentVersions(ListVersionsArgs),
    /// Remove a registered document and all its versions
    DeleteDocument(DeleteDocumentArgs),
}

#[derive(Args, Debug)]
pub struct CreateDocumentArgs {
    #[arg(long)]
    pub name: String,
    /// The runbook text, or file://path
    #[arg(long)]
    pub content: String,
    /// Automation (the only type supported)
    #[arg(long)]
    pub document_type: Option<String>,
    /// JSON (the default) or YAML; content in either syntax is accepted and recorded under
    /// its actual format
    #[arg(long)]
    pub document_format: Option<String>,
    /// Accepted for compatibility; version names are not recorded
    #[arg(long)]
    pub version_name: Option<String>,
    /// Accepted for compatibility; documents carry no tags here
    #[arg(long, num_args = 1.., action = clap::ArgAction::Set, overrides_with = "tags")]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub unrecorded: UnrecordedArgs,
    /// Accepted for compatibility; requirements (of other document types) are not recorded
    #[arg(long, num_args = 1.., action = clap::ArgAction::Set, overrides_with = "requires")]
    pub requires: Vec<String>,
}

/// CreateDocument and UpdateDocument members that only the console, IAM or other document
/// types use; accepted, checked for syntax by the request check, and not recorded.
#[derive(Args, Debug)]
pub struct UnrecordedArgs {
    /// Accepted for compatibility; display names are not recorded
    #[arg(long)]
    pub display_name: Option<String>,
    /// Accepted for compatibility; target types are not recorded
    #[arg(long)]
    pub target_type: Option<String>,
    /// Accepted for compatibility; attachments are not stored (scripts are given at start
    /// with `start-automation-execution --attachments`)
    #[arg(
        long,
        num_args = 1..,
        action = clap::ArgAction::Set,
        overrides_with = "attachments"
    )]
    pub attachments: Vec<String>,
}

#[derive(Args, Debug)]
pub struct UpdateDocumentArgs {
    #[arg(long)]
    pub name: String,
    /// The runbook text, or file://path
    #[arg(long)]
    pub content: String,
    /// The version being updated: $LATEST (the default) or the latest version's number
    #[arg(long)]
    pub document_version: Option<String>,
    /// JSON (the default) or YAML; content in either syntax is accepted
    #[arg(long)]
    pub document_format: Option<String>,
    /// Accepted for compatibility; version names are not recorded
    #[arg(long)]
    pub version_name: Option<String>,
    #[command(flatten)]
    pub unrecorded: UnrecordedArgs,
}

#[derive(Args, Debug)]
pub struct DefaultVersionArgs {
    #[arg(long)]
    pub name: String,
    /// A version number
    #[arg(long)]
    pub document_version: String,
}

#[derive(Args, Debug)]
pub struct DocumentVersionArgs {
    /// A document name or ARN
    #[arg(long)]
    pub name: String,
    /// $DEFAULT (the default), $LATEST or a version number
    #[arg(long)]
    pub document_version: Option<String>,
    /// A version name; no version has one here (names are not recorded), so none matches
    #[arg(long)]
    pub version_name: Option<String>,
}

#[derive(Args, Debug)]
pub struct GetDocumentArgs {
    #[command(flatten)]
    pub document: DocumentVersionArgs,
    /// JSON or YAML; the stored format when left out
    #[arg(long)]
    pub document_format: Option<String>,
}

#[derive(Args, Debug)]
pub struct ListDocumentsArgs {
    /// Key=Owner,Values=Self|Amazon|All; also Name (prefix), DocumentType, SearchKeyword,
    /// PlatformTypes and tag:KEY; given twice, the last wins
    #[arg(long, num_args = 1.., action = clap::ArgAction::Set, overrides_with = "filters")]
    pub filters: Vec<String>,
    /// The older filter form: key=Owner|Name|PlatformTypes|DocumentType,value=VALUE
    #[arg(
        long,
        num_args = 1..,
        action = clap::ArgAction::Set,
        overrides_with = "document_filter_list"
    )]
    pub document_filter_list: Vec<String>,
    #[command(flatten)]
    pub page: Paging,
}

#[derive(Args, Debug)]
pub struct ListVersionsArgs {
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub page: Paging,
}

#[derive(Args, Debug)]
pub struct DeleteDocumentArgs {
    #[arg(long)]
    pub name: String,
    /// One version to delete; all versions when left out
    #[arg(long)]
    pub document_version: Option<String>,
    /// A version name; no version has one here (names are not recorded), so none matches
    #[arg(long)]
    pub version_name: Option<String>,
    /// Accepted for compatibility (Automation documents need no force)
    #[arg(long)]
    pub force: bool,
}

impl DocumentCommand {
    /// The pagination options of a paginated command.
    pub fn paging(&self) -> Option<&Paging> {
        match self {
            DocumentCommand::ListDocuments(a) => Some(&a.page),
            DocumentCommand::ListDocumentVersions(a) => Some(&a.page),
            _ => None,
        }
    }

    /// The API operation, for error messages and table titles.
    pub fn operation(&self) -> &'static str {
        match self {
            DocumentCommand::CreateDocument(_) => "CreateDocument",
            DocumentCommand::UpdateDocument(_) => "UpdateDocument",
            DocumentCommand::UpdateDocumentDefaultVersion(_) => "UpdateDocumentDefaultVersion",
            DocumentCommand::DescribeDocument(_) => "DescribeDocument",
            DocumentCommand::GetDocument(_) => "GetDocument",
            DocumentCommand::ListDocuments(_) => "ListDocuments",
            DocumentCommand::ListDocumentVersions(_) => "ListDocumentVersions",
            DocumentCommand::DeleteDocument(_) => "DeleteDocument",
        }
    }
}

/// Run one document command and return the API response.
pub fn run(cmd: &DocumentCommand, cx: &SsmContext) -> Result<Value, SsmError> {
    match cmd {
        DocumentCommand::CreateDocument(a) => write::create(a, cx),
        DocumentCommand::UpdateDocument(a) => write::update(a, cx),
        DocumentCommand::UpdateDocumentDefaultVersion(a) => write::set_default(a, cx),
        DocumentCommand::DeleteDocument(a) => write::delete(a, cx),
        DocumentCommand::DescribeDocument(a) => read::describe(a, cx),
        DocumentCommand::GetDocument(a) => read::get(a, cx),
        DocumentCommand::ListDocuments(a) => read::list(a, cx),
        DocumentCommand::ListDocumentVersions(a) => read::versions(a, cx),
    }
}

// The document a StartAutomationExecution (or an `aws:executeAutomation` step) names.

/// `file://path` (a local file, which has the one version "1"), or a registered or bundled
/// document's name or ARN with an optional version (`$DEFAULT`, `$LATEST` or a number).
///
/// The file form is this tool's addition: it lets a runbook run without registering it.
/// Failures use StartAutomationExecution's exceptions.
pub fn resolve_document(
    store: &dyn DocumentStore,
    name: &str,
    version: Option<&str>,
) -> Result<StoredDocument, SsmError> {
    if let Some(path) = name.strip_prefix("file://") {
        return from_file(path, version);
    }
    match lookup::find(store, name, version) {
        Ok(record) => Ok(StoredDocument {
            label: record.source_label(),
            version: record.version.to_string(),
            name: record.name,
            text: record.content,
        }),
        Err(LookupError::NoDocument) => Err(no_definition(lookup::bare_name(name))),
        Err(LookupError::NoVersion) => Err(no_version(
            lookup::bare_name(name),
            version.unwrap_or("$DEFAULT"),
        )),
        Err(LookupError::Other(e)) => Err(e),
    }
}

fn from_file(path: &str, version: Option<&str>) -> Result<StoredDocument, SsmError> {
    let name = std::path::Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned());
    match lookup::check_version(version)? {
        VersionSelector::Number(n) if n != 1 => {
            return Err(no_version(&name, version.unwrap_or_default()));
        }
        _ => {}
    }
    let kind = crate::input::InputKind::Document;
    let bytes = crate::input::read_capped(std::path::Path::new(path), kind).map_err(|e| {
        SsmError::service(
            "AutomationDefinitionNotFoundException",
            format!("Cannot read the document file: {e}"),
        )
    })?;
    let source = crate::parse::decode(path, bytes).map_err(|d| {
        SsmError::service(
            "InvalidDocumentContent",
            format!("{path}:{}:{}: {}", d.span.line, d.span.col, d.message),
        )
    })?;
    Ok(StoredDocument {
        name,
        version: "1".to_string(),
        text: source.text,
        label: path.to_string(),
    })
}

fn no_definition(name: &str) -> SsmError {
    SsmError::service(
        "AutomationDefinitionNotFoundException",
        format!("Automation definition {name} is not found."),
    )
}

fn no_version(name: &str, version: &str) -> SsmError {
    SsmError::service(
        "AutomationDefinitionVersionNotFoundException",
        format!("Automation definition {name} version {version} is not found."),
    )
}
