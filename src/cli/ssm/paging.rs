//! Pagination of the paginated `ssm` commands, as the AWS CLI does it with botocore's
//! paginators (paginators-1.json of ssm: DescribeAutomationExecutions,
//! DescribeAutomationStepExecutions, ListDocuments and ListDocumentVersions, each with input
//! token `NextToken`, limit key `MaxResults` and one result key).
//!
//! By default the CLI requests page after page and prints them merged; `--max-items` stops
//! after that many items and prints a `NextToken` to pass as `--starting-token`, and
//! `--page-size` sets each request's `MaxResults`. `--no-paginate`, or the API's own
//! `--next-token` or `--max-results`, make it send one request and print the service's
//! response as it is.

mod token;

use super::error::SsmError;
use clap::Args;
use serde_json::{Map, Value, json};

/// The most items one request returns: the model's maximum `MaxResults` of all four
/// operations, which the service also uses when the request gives none (docs/semantics.md).
pub const SERVICE_PAGE: usize = crate::service::SERVICE_PAGE;

/// The pagination options of a paginated command.
#[derive(Args, Debug, Default, Clone)]
pub struct Paging {
    /// The NextToken printed by an earlier command, to continue from
    #[arg(long)]
    pub starting_token: Option<String>,
    /// How many items each request to the service asks for (the output is the same)
    #[arg(long)]
    pub page_size: Option<usize>,
    /// Print at most this many items, and a NextToken to continue from
    #[arg(long)]
    pub max_items: Option<usize>,
    /// The API's own token (turns pagination off, as --no-paginate)
    #[arg(long, hide = true)]
    pub next_token: Option<String>,
    /// The API's own page size (turns pagination off, as --no-paginate)
    #[arg(long, hide = true)]
    pub max_results: Option<i64>,
}

/// One request to the local service: the items from `offset` on, at most `limit` of them,
/// and whether more follow.
pub type Page = (Vec<Value>, bool);

impl Paging {
    /// Whether the CLI paginates: not with `--no-paginate`, nor when the API's own
    /// `--next-token` or `--max-results` is given.
    pub fn paginates(&self, no_paginate: bool) -> bool {
        !no_paginate && self.next_token.is_none() && self.max_results.is_none()
    }

    /// The response printed for `result_key`: the merged pages, or the one response.
    pub fn run(
        &self,
        no_paginate: bool,
        result_key: &str,
        mut fetch: impl FnMut(usize, usize) -> Result<Page, SsmError>,
    ) -> Result<Value, SsmError> {
        if self.paginates(no_paginate) {
            return self.paginate(result_key, &mut fetch);
        }
        let given: Vec<&str> = [
            ("--starting-token", self.starting_token.is_some()),
            ("--page-size", self.page_size.is_some()),
            ("--max-items", self.max_items.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, set)| set.then_some(flag))
        .collect();
        if !given.is_empty() {
            return Err(SsmError::parameter(format!(
                "Error during pagination: Cannot specify --no-paginate along with pagination \
                 arguments: {}",
                given.join(", ")
            )));
        }
        let offset = service_offset(self.next_token.as_deref())?;
        // A negative or zero `--max-results` is refused by the request check; here it asks
        // for nothing rather than everything.
        let limit = self.max_results.map_or(SERVICE_PAGE, |n| {
            usize::try_from(n).unwrap_or(0).min(SERVICE_PAGE)
        });
        let (items, more) = fetch(offset, limit)?;
        let next = offset + items.len();
        Ok(response(result_key, items, more.then(|| next.to_string())))
    }

    /// botocore's PageIterator and `build_full_result`, over the local service.
    fn paginate(
        &self,
        result_key: &str,
        fetch: &mut dyn FnMut(usize, usize) -> Result<Page, SsmError>,
    ) -> Result<Value, SsmError> {
        let limit = page_size(self.page_size)?;
        let start = match &self.starting_token {
            Some(t) => token::decode(t).map_err(SsmError::parameter)?,
            None => token::Resume {
                service: None,
                skip: 0,
            },
        };
        // The service token of the page being read, and how much of it to skip (only the
        // first page resumes inside a page).
        let mut current = start.service;
        let mut skip = start.skip;
        let mut printed: Vec<Value> = Vec::new();
        let mut resume = None;
        loop {
            let offset = service_offset(current.as_deref())?;
            let (mut items, more) = fetch(offset, limit)?;
            let next = more.then(|| (offset + items.len()).to_string());
            items.drain(..skip.min(items.len()));
            if let Some(max) = self.max_items
                && printed.len() + items.len() > max
            {
                let keep = max - printed.len();
                printed.extend(items.into_iter().take(keep));
                resume = Some(token::Resume {
                    service: current,
                    skip: keep + skip,
                });
                break;
            }
            printed.extend(items);
            let Some(next) = next else { break };
            if self.max_items == Some(printed.len()) {
                resume = Some(token::Resume {
                    service: Some(next),
                    skip: 0,
                });
                break;
            }
            current = Some(next);
            skip = 0;
        }
        Ok(response(
            result_key,
            printed,
            resume.map(|r| token::encode(&r)),
        ))
    }
}

/// `--page-size` becomes each request's `MaxResults`, so it is held to that member's range:
/// botocore checks the minimum, the service the maximum.
fn page_size(size: Option<usize>) -> Result<usize, SsmError> {
    match size {
        None => Ok(SERVICE_PAGE),
        Some(0) => Err(SsmError::parameter(
            "Parameter validation failed:\nInvalid value for parameter MaxResults, value: 0, \
             valid min value: 1",
        )),
        Some(n) if n > SERVICE_PAGE => Err(SsmError::service(
            "ValidationException",
            format!(
                "1 validation error detected: Value '{n}' at 'maxResults' failed to satisfy \
                 constraint: Member must have value less than or equal to {SERVICE_PAGE}"
            ),
        )),
        Some(n) => Ok(n),
    }
}

/// The local service's tokens are positions in the listing.
fn service_offset(token: Option<&str>) -> Result<usize, SsmError> {
    match token {
        None => Ok(0),
        Some(t) => t.parse().map_err(|_| {
            SsmError::service("InvalidNextToken", "The specified token is not valid.")
        }),
    }
}

fn response(result_key: &str, items: Vec<Value>, next: Option<String>) -> Value {
    let mut out = Map::new();
    out.insert(result_key.to_string(), Value::Array(items));
    if let Some(next) = next {
        out.insert("NextToken".into(), json!(next));
    }
    Value::Object(out)
}

/// A page of `items` as a slice of a listing held in memory.
pub fn slice(items: &[Value], offset: usize, limit: usize) -> Page {
    let end = offset.saturating_add(limit).min(items.len());
    let page = items.get(offset.min(end)..end).unwrap_or_default().to_vec();
    (page, end < items.len())
}

#[cfg(test)]
mod tests;
