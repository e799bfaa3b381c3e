//! The commands that read documents: describe-document, get-document, list-documents and
//! list-document-versions.

use super::super::SsmContext;
use super::super::error::SsmError;
use super::super::paging;
use super::record::{Owner, Record};
use super::{
    DocumentVersionArgs, GetDocumentArgs, ListDocumentsArgs, ListVersionsArgs, content, convert,
    lookup,
};
use crate::store::DocumentStore;
use serde_json::{Value, json};

pub fn describe(a: &DocumentVersionArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let record = find(a, cx)?;
    Ok(json!({ "Document": record.description() }))
}

pub fn get(a: &GetDocumentArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let wanted = match a.document_format.as_deref() {
        Some(f @ ("JSON" | "YAML")) => Some(f),
        // TEXT is for plain-text document types; an Automation runbook is given as stored.
        Some("TEXT") | None => None,
        Some(other) => return Err(content::format_error(other)),
    };
    let record = find(&a.document, cx)?;
    let format = wanted.unwrap_or(record.format.as_str()).to_string();
    let text = convert::convert(
        &record.source_label(),
        &record.content,
        &record.format,
        &format,
    )
    .map_err(|e| {
        SsmError::local(format!(
            "the stored content of document {} cannot be converted to {format}: {e}",
            record.name
        ))
    })?;
    Ok(json!({
        "Name": record.name,
        "CreatedDate": record.created_date,
        "DocumentVersion": record.version.to_string(),
        "Status": record.status,
        "Content": text,
        "DocumentType": "Automation",
        "DocumentFormat": format,
    }))
}

pub fn list(a: &ListDocumentsArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let mut filters = Vec::new();
    for arg in &a.filters {
        // A malformed argument is the CLI's own error, before any request is sent.
        let parsed = crate::params::parse_filters(arg)?;
        filters.extend(parsed);
    }
    for arg in &a.document_filter_list {
        filters.push(legacy_filter(arg)?);
    }
    let mut records: Vec<Record> = crate::bundled::all().iter().map(Record::bundled).collect();
    records.extend(
        cx.store
            .list_documents()?
            .into_iter()
            .map(Record::from_view),
    );
    records.sort_by(|x, y| x.name.cmp(&y.name));
    let mut kept = Vec::new();
    for record in records {
        if matches_all(&record, &filters)? {
            kept.push(record.identifier());
        }
    }
    a.page
        .run(cx.no_paginate, "DocumentIdentifiers", |offset, limit| {
            Ok(paging::slice(&kept, offset, limit))
        })
}

pub fn versions(a: &ListVersionsArgs, cx: &SsmContext) -> Result<Value, SsmError> {
    let items: Vec<Value> = lookup::versions(&cx.store, &a.name)?
        .iter()
        .map(Record::version_info)
        .collect();
    a.page
        .run(cx.no_paginate, "DocumentVersions", |offset, limit| {
            Ok(paging::slice(&items, offset, limit))
        })
}

fn find(a: &DocumentVersionArgs, cx: &SsmContext) -> Result<Record, SsmError> {
    let version = a.document_version.as_deref();
    let name = lookup::bare_name(&a.name);
    let record =
        lookup::find(&cx.store, &a.name, version).map_err(|e| e.for_documents(name, version))?;
    match &a.version_name {
        Some(version_name) => Err(lookup::no_version_named(name, version_name)),
        None => Ok(record),
    }
}

/// Filters combine with AND; the values of one filter with OR.
fn matches_all(record: &Record, filters: &[(String, Vec<String>)]) -> Result<bool, SsmError> {
    for (key, values) in filters {
        if !matches(record, key, values)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn matches(record: &Record, key: &str, values: &[String]) -> Result<bool, SsmError> {
    let any = |f: &dyn Fn(&str) -> bool| values.iter().any(|v| f(v));
    Ok(match key {
        "Owner" => {
            for v in values {
                if !OWNER_VALUES.contains(&v.as_str()) {
                    return Err(SsmError::service(
                        "ValidationException",
                        format!(
                            "Owner filter value {v} is not valid. Valid values: {}.",
                            OWNER_VALUES.join(", ")
                        ),
                    ));
                }
            }
            any(&|v| match v {
                "All" => true,
                "Self" => record.owner == Owner::Account,
                "Amazon" => record.owner == Owner::Amazon,
                // Nothing is shared with this account, and nothing comes from third parties.
                _ => false,
            })
        }
        "Name" => any(&|v| record.name.starts_with(v)),
        "DocumentType" => any(&|v| v == "Automation"),
        "PlatformTypes" => any(&|v| matches!(v, "Windows" | "Linux" | "MacOS")),
        "SearchKeyword" => {
            let name = record.name.to_lowercase();
            any(&|v| name.contains(&v.to_lowercase()))
        }
        // Documents carry no tags here, so no tag filter can match.
        tag if tag.starts_with("tag:") => false,
        other => {
            return Err(SsmError::service(
                "InvalidFilterKey",
                format!("The filter key {other} is not valid."),
            ));
        }
    })
}

/// One `--document-filter-list` item, the API's older `DocumentFilter`: shorthand
/// `key=Owner,value=Self` or JSON `{"key": "Owner", "value": "Self"}`. It names one value
/// for one of the keys `--filters` also has, so it becomes one of those filters.
fn legacy_filter(arg: &str) -> Result<(String, Vec<String>), SsmError> {
    let bad = || {
        SsmError::parameter(format!(
            "Error parsing parameter '--document-filter-list': expected key=KEY,value=VALUE, \
             received: {arg}"
        ))
    };
    let (key, value) = if arg.trim_start().starts_with('{') {
        let v: Value = serde_json::from_str(arg).map_err(|_| bad())?;
        match (v["key"].as_str(), v["value"].as_str()) {
            (Some(k), Some(v)) => (k.to_string(), v.to_string()),
            _ => return Err(bad()),
        }
    } else {
        let mut key = None;
        let mut value = None;
        for part in arg.split(',') {
            match part.split_once('=') {
                Some(("key", k)) => key = Some(k.to_string()),
                Some(("value", v)) => value = Some(v.to_string()),
                _ => return Err(bad()),
            }
        }
        (key.ok_or_else(bad)?, value.ok_or_else(bad)?)
    };
    if !matches!(
        key.as_str(),
        "Name" | "Owner" | "PlatformTypes" | "DocumentType"
    ) {
        return Err(SsmError::service(
            "ValidationException",
            format!(
                "1 validation error detected: Value '{key}' at 'documentFilterList.1.member.key' \
                 failed to satisfy constraint: Member must satisfy enum value set: \
                 [Name, Owner, PlatformTypes, DocumentType]"
            ),
        ));
    }
    Ok((key, vec![value]))
}

const OWNER_VALUES: [&str; 6] = ["Self", "Amazon", "Private", "Public", "ThirdParty", "All"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_filters_become_filters() {
        let owner = ("Owner".to_string(), vec!["Self".to_string()]);
        assert_eq!(
            legacy_filter("key=Owner,value=Self").ok(),
            Some(owner.clone())
        );
        assert_eq!(
            legacy_filter(r#"{"key": "Owner", "value": "Self"}"#).ok(),
            Some(owner)
        );
        assert!(legacy_filter("Owner=Self").is_err());
        let e = legacy_filter("key=Colour,value=Red").expect_err("bad key");
        assert_eq!(e.exception, Some("ValidationException"));
    }
}
