//! Document → diagnostics. [`check`] runs the whole front of the pipeline on a file (parse,
//! lower, validate) and collects every problem; [`validate`] runs the rules on a lowered
//! document. [`rules`] lists every code any phase can report, for docs and SARIF.
//!
//! The rules aim at zero false errors on documents the service accepts: what the service
//! leaves to run time (input types behind `{{ }}` references, timeouts) is checked only
//! where the answer is certain, and doubts are warnings.

mod context;
mod registry;
mod rules;

#[cfg(test)]
mod corpus;
#[cfg(test)]
mod fixtures;

pub use context::{has_reference, sub_spans};
pub use registry::{Rule, rule, rules};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, lower};
use crate::parse::{Limits, parse_document};
use crate::source::SourceFile;

/// The outcome of checking one file: the document when the text could be lowered at all,
/// and every diagnostic, sorted by position.
#[derive(Debug)]
pub struct Checked {
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parse, lower and validate `source`, reporting every problem rather than the first.
pub fn check(source: &SourceFile) -> Checked {
    check_with(source, true)
}

/// [`check`], optionally without the rules that read the AWS service models: what the
/// benchmarks compare to weigh the models' cost. Documents are always checked with them.
#[doc(hidden)]
pub fn check_with(source: &SourceFile, model_rules: bool) -> Checked {
    let parsed = match parse_document(source, &Limits::default()) {
        Ok(parsed) => parsed,
        Err(diagnostics) => {
            return Checked {
                document: None,
                diagnostics: sorted(diagnostics),
            };
        }
    };
    let (document, mut diagnostics) = lower(parsed.root);
    diagnostics.extend(parsed.warnings);
    if let Some(doc) = &document {
        let mut cx = context::Cx::new(doc);
        cx.name = name_of(&source.path);
        rules::run_with(&mut cx, model_rules);
        diagnostics.extend(cx.out);
    }
    Checked {
        document,
        diagnostics: sorted(diagnostics),
    }
}

/// Run every rule over a lowered document.
pub fn validate(doc: &Document) -> Vec<Diagnostic> {
    validate_named(doc, None)
}

/// [`validate`] knowing the document's name, so that a step starting it again is seen.
pub fn validate_named(doc: &Document, name: Option<&str>) -> Vec<Diagnostic> {
    let mut cx = context::Cx::new(doc);
    cx.name = name;
    rules::run(&mut cx);
    sorted(cx.out)
}

/// A document's name as its path gives it: the file name without the extension.
fn name_of(path: &str) -> Option<&str> {
    let file = path.rsplit('/').next()?;
    Some(file.rsplit_once('.').map_or(file, |(stem, _)| stem))
}

/// By position, then code; stable, so one rule's diagnostics at one place keep their order.
fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .sort_by(|a, b| (a.span.line, a.span.col, a.code).cmp(&(b.span.line, b.span.col, b.code)));
    diagnostics
}
