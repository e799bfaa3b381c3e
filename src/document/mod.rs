//! The typed document model, lowered from the node tree. Fields keep their spans; anything a
//! later phase may need verbatim (inputs, defaults) stays a `Node`.

mod data_type;
pub(crate) mod lower;

pub use data_type::{DataType, ParamType};
pub use lower::lower;

use crate::parse::Node;
use crate::source::Span;

/// A value with the span it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

#[derive(Clone, Debug)]
pub struct Document {
    pub schema_version: Option<Spanned<String>>,
    pub description: Option<String>,
    pub assume_role: Option<Spanned<String>>,
    pub parameters: Vec<Parameter>,
    pub variables: Vec<Variable>,
    pub main_steps: Vec<Step>,
    pub outputs: Vec<Spanned<String>>,
    pub files: Vec<FileDef>,
    /// The whole tree, for rules that need to look at raw structure.
    pub root: Node,
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: Spanned<String>,
    /// None when `type` is missing or unknown (a diagnostic was emitted).
    pub ty: Option<ParamType>,
    pub ty_span: Span,
    pub description: Option<String>,
    pub default: Option<Node>,
    pub allowed_values: Option<Node>,
    pub allowed_pattern: Option<Spanned<String>>,
    pub min_items: Option<Spanned<i64>>,
    pub max_items: Option<Spanned<i64>>,
    pub min_chars: Option<Spanned<i64>>,
    pub max_chars: Option<Spanned<i64>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Variable {
    pub name: Spanned<String>,
    pub ty: Option<DataType>,
    pub ty_span: Span,
    pub default: Option<Node>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub name: Spanned<String>,
    pub action: Spanned<String>,
    pub description: Option<String>,
    /// The `inputs` mapping as written (an empty map when missing).
    pub inputs: Node,
    pub outputs: Vec<StepOutput>,
    pub max_attempts: Option<Spanned<i64>>,
    pub timeout_seconds: Option<Spanned<i64>>,
    pub on_failure: Option<Spanned<String>>,
    pub on_cancel: Option<Spanned<String>>,
    pub is_end: Option<Spanned<bool>>,
    pub is_critical: Option<Spanned<bool>>,
    pub next_step: Option<Spanned<String>>,
    /// For `aws:loop`: the body steps from `inputs.Steps`, lowered like top-level steps.
    pub loop_steps: Vec<Step>,
    pub span: Span,
}

impl Step {
    /// Effective isCritical: explicit value, else false when onFailure is Continue, else true.
    pub fn effective_is_critical(&self) -> bool {
        match &self.is_critical {
            Some(v) => v.value,
            None => self
                .on_failure
                .as_ref()
                .is_none_or(|f| f.value != "Continue"),
        }
    }

    pub fn is_end(&self) -> bool {
        self.is_end.as_ref().is_some_and(|v| v.value)
    }

    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
            .as_ref()
            .map_or(1, |v| v.value.clamp(1, i64::from(u32::MAX)) as u32)
    }
}

#[derive(Clone, Debug)]
pub struct StepOutput {
    pub name: Spanned<String>,
    pub selector: Spanned<String>,
    pub ty: Option<DataType>,
    pub ty_span: Span,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct FileDef {
    pub name: Spanned<String>,
    pub sha256: Option<String>,
    pub span: Span,
}

impl Document {
    /// Every step, top-level and loop bodies, depth first in document order.
    pub fn all_steps(&self) -> Vec<&Step> {
        fn push<'a>(steps: &'a [Step], out: &mut Vec<&'a Step>) {
            for s in steps {
                out.push(s);
                push(&s.loop_steps, out);
            }
        }
        let mut out = Vec::new();
        push(&self.main_steps, &mut out);
        out
    }

    pub fn step(&self, name: &str) -> Option<&Step> {
        self.all_steps().into_iter().find(|s| s.name.value == name)
    }

    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name.value == name)
    }

    pub fn variable(&self, name: &str) -> Option<&Variable> {
        self.variables.iter().find(|v| v.name.value == name)
    }
}
