//! What `aws:executeAutomation` may name: the service's document name and ARN patterns, and
//! how deep automations may nest. Validation and execution both apply these rules.

/// Nested aws:executeAutomation levels below the execution a user started. The service
/// counts every running child against the account's 100 concurrent automations, and a
/// parent runs while its child does, so a chain can never be deeper than that; ssmrun stops
/// far earlier, which ends a runbook that calls itself (docs/limits.md).
pub const MAX_CHILD_DEPTH: usize = 20;

/// Prefixes AWS keeps for its own documents: CreateDocument refuses a `Name` that starts
/// with one (botocore's ssm model, `CreateDocumentRequest.Name`). The service compares `aws`,
/// `amazon` and `amzn` without regard to case (`Aws-Test` is refused too); the longer ones
/// all start with `AWS`, so they are covered by the first but listed for messages.
pub const RESERVED_PREFIXES: [&str; 6] = [
    "aws",
    "amazon",
    "amzn",
    "AWSEC2",
    "AWSConfigRemediation",
    "AWSSupport",
];

/// The reserved prefix `name` starts with: such a document can only be Amazon's, so it
/// exists in every account and no user can register one of that name.
pub fn reserved_prefix(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    RESERVED_PREFIXES
        .iter()
        .find(|p| lower.starts_with(&p.to_ascii_lowercase()))
        .copied()
}

/// The `DocumentName` the service accepts (`DocumentARN`: `^[a-zA-Z0-9_\-.:/]{3,128}$`),
/// reduced to the document's name: an ARN (`arn:aws:ssm:…:document/NAME`) gives its last
/// part, and the name must match the document name pattern `^[a-zA-Z0-9_\-.]{3,128}$`. A
/// name is never a path, so no host file outside the search folders can be loaded.
pub fn child_document_name(given: &str) -> Result<&str, String> {
    let arn_char = |c: char| c.is_ascii_alphanumeric() || "_-.:/".contains(c);
    if !(3..=128).contains(&given.len()) || !given.chars().all(arn_char) {
        return Err(format!(
            "`DocumentName` `{given}` does not match the pattern `^[a-zA-Z0-9_\\-.:/]{{3,128}}$`"
        ));
    }
    let name = if given.contains(['/', ':']) {
        match given.split_once(":document/") {
            Some((prefix, name)) if prefix.starts_with("arn:") => name,
            _ => {
                return Err(format!(
                    "`DocumentName` `{given}` is neither a document name nor a document ARN (`arn:aws:ssm:REGION:ACCOUNT:document/NAME`)"
                ));
            }
        }
    } else {
        given
    };
    let name_char = |c: char| c.is_ascii_alphanumeric() || "_-.".contains(c);
    if !(3..=128).contains(&name.len()) || !name.chars().all(name_char) || name.starts_with('.') {
        return Err(format!(
            "document name `{name}` does not match the pattern `^[a-zA-Z0-9_\\-.]{{3,128}}$`"
        ));
    }
    Ok(name)
}
