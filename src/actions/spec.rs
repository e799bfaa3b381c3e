//! The shape of one Automation action: its inputs, built-in outputs and the step-level rules
//! that depend on the action. Values here are static metadata, never behaviour, so validation,
//! execution, `ssmrun actions` and docs/actions.md all read the same facts.

use serde_json::Value;

use super::ActionKind;
use crate::document::DataType;

/// What an action input may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputType {
    Data(DataType),
    /// any JSON value
    Any,
    /// aws:loop's nested step list
    Steps,
}

impl InputType {
    /// The name shown in help and docs.
    pub fn name(self) -> &'static str {
        match self {
            InputType::Data(t) => t.name(),
            InputType::Any => "Any",
            InputType::Steps => "Steps",
        }
    }

    /// Whether a literal value has an acceptable shape. References (`{{ … }}`) must be resolved
    /// or type-checked by the caller first: this only looks at the JSON shape.
    pub fn accepts(self, v: &Value) -> bool {
        match self {
            InputType::Data(t) => t.accepts(v),
            InputType::Any => true,
            InputType::Steps => v.as_array().is_some_and(|a| a.iter().all(Value::is_object)),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputSpec {
    pub name: &'static str,
    pub ty: InputType,
    pub required: bool,
    pub summary: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    pub name: &'static str,
    pub ty: DataType,
    pub summary: &'static str,
}

/// A group of inputs of which one must be given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OneOf {
    pub inputs: &'static [&'static str],
    /// true: exactly one; false: at least one
    pub exactly: bool,
}

/// What input keys beyond [`ActionSpec::inputs`] mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraInputs {
    /// unknown input keys are warned about (the service is not known to refuse them)
    None,
    /// other keys are request fields of the named AWS API (executeAwsApi, assert/waitFor)
    ApiParameters,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionSpec {
    /// Full name as written in `action:`, e.g. `aws:changeInstanceState`.
    pub name: &'static str,
    /// Which action this is; `exec` picks the executor from it.
    pub kind: ActionKind,
    /// One line, lowercase start, no trailing period.
    pub summary: &'static str,
    pub inputs: &'static [InputSpec],
    /// Built-in outputs, referenced as `{{Step.Name}}`.
    pub outputs: &'static [OutputSpec],
    pub one_of: &'static [OneOf],
    pub extra_inputs: ExtraInputs,
    /// Applies when the step sets no `timeoutSeconds`.
    pub default_timeout_seconds: Option<u64>,
    /// The action's own run-time ceiling. The service accepts a larger `timeoutSeconds`
    /// (AWS-managed runbooks set 600 on `aws:executeAwsApi`), so a runner caps each attempt
    /// at this value rather than rejecting the document.
    pub max_timeout_seconds: Option<u64>,
    /// May not be the target of an `onCancel: step:…` (spec §4.1).
    pub forbidden_as_cancel_target: bool,
    /// The step itself may not set `onCancel` (loop, updateVariable).
    pub on_cancel_forbidden: bool,
}

/// Rules and prose that do not fit the input table. Kept beside, not inside, [`ActionSpec`]
/// so the spec struct stays the small contract the rest of the crate builds on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ActionNotes {
    pub action: &'static str,
    /// Groups of inputs of which at most one may be given.
    pub exclusive: &'static [&'static [&'static str]],
    /// Inputs whose literal value must be one of a documented set (compared exactly).
    pub allowed_values: &'static [(&'static str, &'static [&'static str])],
    /// Behaviour worth knowing when writing a step; one sentence each.
    pub notes: &'static [&'static str],
    /// What a step does, as `run --explain` says it before the step runs: a sentence
    /// with `{Input}` replaced by the resolved input, `[…]` kept only when every input
    /// named inside is given, and `{*}` standing for the inputs the sentence does not name.
    pub explain: &'static str,
}

impl ActionNotes {
    /// For specs that are not in the registry.
    pub const EMPTY: ActionNotes = ActionNotes {
        action: "",
        exclusive: &[],
        allowed_values: &[],
        notes: &[],
        explain: "",
    };
}

impl ActionSpec {
    pub fn input(&self, name: &str) -> Option<&InputSpec> {
        self.inputs.iter().find(|i| i.name == name)
    }

    pub fn output(&self, name: &str) -> Option<&OutputSpec> {
        self.outputs.iter().find(|o| o.name == name)
    }

    /// The name without its `aws:` prefix.
    pub fn short_name(&self) -> &str {
        self.name.strip_prefix("aws:").unwrap_or(self.name)
    }

    /// Inputs that must always be present, in declaration order.
    pub fn required_inputs(&self) -> impl Iterator<Item = &InputSpec> {
        self.inputs.iter().filter(|i| i.required)
    }

    /// Whether `key` may appear under `inputs:` at all.
    pub fn accepts_input_key(&self, key: &str) -> bool {
        self.extra_inputs == ExtraInputs::ApiParameters || self.input(key).is_some()
    }

    /// The documented values of an input with a closed set, if it has one.
    pub fn allowed_values(&self, input: &str) -> Option<&'static [&'static str]> {
        let notes = self.notes();
        notes
            .allowed_values
            .iter()
            .find(|(n, _)| *n == input)
            .map(|(_, v)| *v)
    }

    /// Extra rules and prose; empty for a spec that is not in the registry.
    pub fn notes(&self) -> &'static ActionNotes {
        super::catalogue::notes_for(self.name).unwrap_or(&ActionNotes::EMPTY)
    }
}
