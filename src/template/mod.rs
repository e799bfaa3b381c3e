//! The `{{ }}` interpolation language of Automation documents (spec §3).
//!
//! Three phases, one file each:
//! - [`scan`] / [`whole`] (in `scan.rs`) find references in a string and classify them;
//! - [`resolve`] / [`resolve_str`] (in `resolve.rs`) substitute values from a [`Scope`];
//! - [`Reference`] and the name tables below describe what a reference can name.
//!
//! Decisions that AWS does not document, kept in one place so the docs and the code agree:
//! - Spaces (any whitespace, newlines included, since YAML folding can put them there) are
//!   optional inside the braces; a name never contains whitespace.
//! - A `{{` without a later `}}` is literal text. When braces pile up (`{{{X}}}`, common in
//!   JSON written inside a string), the reference is the innermost `{{` before the first
//!   `}}`, so `{"a":{{{X}}}}` embeds `X` inside the surrounding braces.
//! - Text between braces that is not a reference (CSS or Python f-string code inside an
//!   `aws:executeScript` script, e.g. `{{ color: red; }}`) is [`Reference::Invalid`] and
//!   stays literal when resolving: public runbooks in the corpus depend on it.
//!   [`Reference::is_malformed`] tells a probable typo (`{{ }}`, `{{ Step..Out }}`) from
//!   such code, for linting.
//! - A whole-value reference is exact: the string starts with `{{` and ends with `}}`.
//!   `' {{ Name }} '` is embedded text, so its spaces survive (plain string replacement).

mod compiled;
#[cfg(test)]
pub(crate) mod corpus_tests;
mod resolve;
mod scan;

use std::fmt;

pub use compiled::{Part, Template};
pub use resolve::{ResolveError, Scope, describe, references, resolve, resolve_str, stringify};
pub use scan::{scan, whole};

/// The names that may follow `global:` (spec §3.1). `TIME` is absent on purpose: only a
/// very old revision of the docs mentions it.
pub const GLOBALS: &[&str] = &["ACCOUNT_ID", "REGION", "AWS_PARTITION", "DATE", "DATE_TIME"];

/// The names that may follow `automation:`. AWS documents this one only.
pub const AUTOMATION_VARIABLES: &[&str] = &["EXECUTION_ID"];

/// What a `{{ }}` names. Names are kept as written; whether they exist is for validation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Reference {
    /// `{{ Name }}`: a runbook parameter.
    Parameter(String),
    /// `{{ Step.Output }}`, split at the first `.`; the output part may hold further dots so
    /// that a validator can report it as an unknown output rather than ignore it.
    StepOutput { step: String, output: String },
    /// `{{ variable:Name }}`
    Variable(String),
    /// `{{ automation:EXECUTION_ID }}`
    Automation(String),
    /// `{{ global:REGION }}` and the other [`GLOBALS`]; unknown names are kept for diagnostics.
    Global(String),
    /// `{{ssm:/a/b}}`, `{{ssm:name:3}}`: Parameter Store, allowed only in parameter defaults.
    /// The version is the part after the last `:` (a number or a label); for an ARN name,
    /// after its sixth `:`.
    Ssm {
        name: String,
        version: Option<String>,
    },
    /// `{{ssm-secure:name}}`: not an Automation feature; kept so it can be rejected by name.
    SsmSecure(String),
    /// Anything else between braces: the text between them, exactly as written.
    Invalid(String),
}

impl Reference {
    pub fn is_invalid(&self) -> bool {
        matches!(self, Reference::Invalid(_))
    }

    /// An invalid reference that looks like an attempt at one (empty, or only name
    /// characters and spaces), as opposed to code that merely contains `{{`. Lint on these
    /// only, or every f-string in a script would be reported.
    pub fn is_malformed(&self) -> bool {
        let Reference::Invalid(text) = self else {
            return false;
        };
        text.chars()
            .all(|c| c.is_whitespace() || c.is_ascii_alphanumeric() || "_-.:/".contains(c))
    }
}

/// The canonical text between the braces, without spaces: `Step.Output`, `global:REGION`,
/// `ssm:/a/b:3`. Invalid references show their text as written.
impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Parameter(name) => write!(f, "{name}"),
            Reference::StepOutput { step, output } => write!(f, "{step}.{output}"),
            Reference::Variable(name) => write!(f, "variable:{name}"),
            Reference::Automation(name) => write!(f, "automation:{name}"),
            Reference::Global(name) => write!(f, "global:{name}"),
            Reference::Ssm {
                name,
                version: None,
            } => write!(f, "ssm:{name}"),
            Reference::Ssm {
                name,
                version: Some(v),
            } => write!(f, "ssm:{name}:{v}"),
            Reference::SsmSecure(name) => write!(f, "ssm-secure:{name}"),
            Reference::Invalid(text) => write!(f, "{text}"),
        }
    }
}

/// One `{{ … }}` found in a string. `start..end` are byte offsets covering the braces, so
/// `&s[start..end] == raw`; a caller maps them onto the document span for diagnostics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub reference: Reference,
    pub raw: String,
    pub start: usize,
    pub end: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_canonical() {
        let cases = [
            ("{{ Name }}", "Name"),
            ("{{Step.Out}}", "Step.Out"),
            ("{{ global:REGION }}", "global:REGION"),
            ("{{ssm:/a/b:3}}", "ssm:/a/b:3"),
            ("{{ variable:X }}", "variable:X"),
            ("{{ssm-secure:k}}", "ssm-secure:k"),
            ("{{ a b }}", " a b "),
        ];
        for (text, shown) in cases {
            let r = whole(text).unwrap();
            assert_eq!(r.to_string(), shown, "{text}");
        }
    }

    #[test]
    fn malformed_is_told_from_code() {
        for text in ["{{}}", "{{ }}", "{{ Step..Out }}", "{{ global: REGION }}"] {
            assert!(whole(text).unwrap().is_malformed(), "{text}");
        }
        for text in ["{{ color: red; }}", "{{ x | upper }}", "{{ Name }}"] {
            assert!(!whole(text).unwrap().is_malformed(), "{text}");
        }
    }

    #[test]
    fn every_global_name_is_a_global_reference() {
        for name in GLOBALS {
            let text = format!("{{{{global:{name}}}}}");
            assert_eq!(whole(&text), Some(Reference::Global(name.to_string())));
        }
        for name in AUTOMATION_VARIABLES {
            let text = format!("{{{{ automation:{name} }}}}");
            assert_eq!(whole(&text), Some(Reference::Automation(name.to_string())));
        }
    }
}
