//! What CreateDocument and UpdateDocument check before anything is stored: the name, the
//! document type and format, the size, and the runbook itself (with the same validator as
//! `ssmrun validate`, so a document that registers is one that runs).

use super::super::error::SsmError;
use super::lookup::pattern_error;
use crate::actions::{RESERVED_PREFIXES, reserved_prefix};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// The service's limit on `Content`.
pub const MAX_CONTENT_BYTES: usize = 64 * 1024;

/// How many diagnostics an `InvalidDocumentContent` message quotes; the rest are counted, and
/// `ssmrun validate` shows them all.
const QUOTED_DIAGNOSTICS: usize = 5;

/// `--content` as the AWS CLI reads any string option: inline text, or the contents of
/// `file://path` (`fileb://` too). Returns the text and the name diagnostics should use.
pub fn read(arg: &str) -> Result<(String, String), SsmError> {
    let Some(path) = arg
        .strip_prefix("file://")
        .or_else(|| arg.strip_prefix("fileb://"))
    else {
        non_empty(arg)?;
        return Ok((arg.to_string(), "<content>".to_string()));
    };
    let expanded = match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::Path::new(&home).join(rest),
        _ => std::path::PathBuf::from(path),
    };
    // The CLI's own wording; it is a client-side failure, so no exception name.
    let kind = crate::input::InputKind::Document;
    let bytes = crate::input::read_capped(&expanded, kind).map_err(|e| {
        SsmError::parameter(format!(
            "Error parsing parameter '--content': Unable to load paramfile {arg}: {e}"
        ))
    })?;
    let source =
        crate::parse::decode(path, bytes).map_err(|d| invalid_content(std::slice::from_ref(&d)))?;
    non_empty(&source.text)?;
    Ok((source.text, path.to_string()))
}

/// botocore's client-side check of `Content`'s minimum length, made before any request.
fn non_empty(text: &str) -> Result<(), SsmError> {
    if text.is_empty() {
        return Err(SsmError::parameter(
            "Parameter validation failed:\nInvalid length for parameter Content, value: 0, \
             valid min length: 1",
        ));
    }
    Ok(())
}

/// The API's `Name` pattern `^[a-zA-Z0-9_\-.]{3,128}$` and the reserved prefixes.
pub fn check_new_name(name: &str) -> Result<(), SsmError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    if !(3..=128).contains(&name.len()) || !name.chars().all(allowed) {
        return Err(pattern_error(name, "name", r"^[a-zA-Z0-9_\-.]{3,128}$"));
    }
    if let Some(prefix) = reserved_prefix(name) {
        return Err(SsmError::service(
            "ValidationException",
            format!(
                "Document name {name} starts with the reserved prefix {prefix}. Names may not \
                 start with {}.",
                RESERVED_PREFIXES.join(", ")
            ),
        ));
    }
    Ok(())
}

/// `--document-type`: the API's default is `Command`, so a missing flag is refused too, with
/// the fix in the message.
pub fn check_type(document_type: Option<&str>) -> Result<(), SsmError> {
    match document_type {
        Some("Automation") => Ok(()),
        other => Err(SsmError::service(
            "InvalidDocumentContent",
            format!(
                "Only Automation documents are supported, but the document type is {}. \
                 Pass --document-type Automation.",
                other.unwrap_or("Command (the default)")
            ),
        )),
    }
}

/// The format the content is actually in. `--document-format` declares one (JSON when left
/// out, as in the API), but the service would refuse a mismatch with InvalidDocumentContent;
/// here both syntaxes parse through one front end, so the content is taken in whichever it
/// is written and recorded under its real format, which keeps later conversions in
/// GetDocument right.
pub fn format_of(text: &str, declared: Option<&str>) -> Result<&'static str, SsmError> {
    match declared {
        None | Some("JSON" | "YAML") => {}
        Some("TEXT") => {
            return Err(SsmError::service(
                "InvalidDocumentContent",
                "Automation documents are written in JSON or YAML, not TEXT.",
            ));
        }
        Some(other) => return Err(format_error(other)),
    }
    let is_json = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
    Ok(if is_json { "JSON" } else { "YAML" })
}

/// The service's wording for a `DocumentFormat` outside its enum.
pub fn format_error(value: &str) -> SsmError {
    SsmError::service(
        "ValidationException",
        format!(
            "1 validation error detected: Value '{value}' at 'documentFormat' failed to satisfy \
             constraint: Member must satisfy enum value set: [YAML, JSON, TEXT]"
        ),
    )
}

/// Size first (the service refuses a large document before reading it), then every rule.
pub fn check(label: &str, text: &str) -> Result<(), SsmError> {
    non_empty(text)?;
    if text.len() > MAX_CONTENT_BYTES {
        return Err(SsmError::service(
            "MaxDocumentSizeExceeded",
            format!(
                "The document is {} bytes; the size limit of a document is 64 KB ({MAX_CONTENT_BYTES} bytes).",
                text.len()
            ),
        ));
    }
    let checked = crate::validate::check(&SourceFile::new(label, text));
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    if let Some(d) = errors.iter().find(|d| d.code == "schema-version") {
        let found = checked
            .document
            .and_then(|doc| doc.schema_version)
            .map_or_else(|| "?".to_string(), |v| v.value);
        return Err(SsmError::service(
            "InvalidDocumentSchemaVersion",
            format!(
                "Document schema version {found} is not supported; Automation documents use \
                 0.3 ({}:{} {})",
                d.span.line, d.span.col, d.code
            ),
        ));
    }
    Err(invalid_content(&errors))
}

/// `InvalidDocumentContent` quoting the first diagnostics as `line:col code message`.
fn invalid_content(errors: &[Diagnostic]) -> SsmError {
    let mut quoted: Vec<String> = errors
        .iter()
        .take(QUOTED_DIAGNOSTICS)
        .map(|d| format!("{}:{} {} {}", d.span.line, d.span.col, d.code, d.message))
        .collect();
    if errors.len() > QUOTED_DIAGNOSTICS {
        quoted.push(format!(
            "and {} more (run `ssmrun validate` on the file to see them all)",
            errors.len() - QUOTED_DIAGNOSTICS
        ));
    }
    SsmError::service(
        "InvalidDocumentContent",
        format!("The document content is not valid: {}", quoted.join("; ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exception(r: Result<(), SsmError>) -> Option<&'static str> {
        r.err().and_then(|e| e.exception)
    }

    #[test]
    fn names_follow_the_pattern_and_avoid_reserved_prefixes() {
        assert!(check_new_name("My-Runbook_1.2").is_ok());
        assert!(check_new_name("Amzing").is_ok());
        for bad in ["ab", "has space", "slash/name", &"x".repeat(129)] {
            assert_eq!(
                exception(check_new_name(bad)),
                Some("ValidationException"),
                "{bad}"
            );
        }
        for reserved in [
            "AWS-Mine",
            "aws-mine",
            "Amazon.Thing",
            "AMZN_x",
            "AWSSupport-Me",
        ] {
            let e = check_new_name(reserved).expect_err(reserved);
            assert!(e.message.contains("reserved prefix"), "{}", e.message);
        }
    }

    #[test]
    fn format_is_detected_from_the_text() {
        assert_eq!(format_of("{\"a\": 1}", Some("YAML")).ok(), Some("JSON"));
        assert_eq!(format_of("a: 1\n", None).ok(), Some("YAML"));
        assert!(format_of("a: 1\n", Some("XML")).is_err());
    }

    #[test]
    fn size_is_checked_before_content() {
        let big = format!("# {}\n", "x".repeat(MAX_CONTENT_BYTES));
        assert_eq!(
            exception(check("big.yaml", &big)),
            Some("MaxDocumentSizeExceeded")
        );
    }

    #[test]
    fn schema_version_has_its_own_exception() {
        let text = "schemaVersion: '2.2'\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
        assert_eq!(
            exception(check("d.yaml", text)),
            Some("InvalidDocumentSchemaVersion")
        );
    }
}
