//! The registry's entries, one file per family. The order of `registry!` is the public order
//! (sorted by name); a test keeps it that way so `all()` can be a plain slice.

mod api;
mod cloudformation;
mod ec2;
mod flow;
mod script;

use super::ActionKind;
use super::spec::{ActionNotes, ActionSpec, ExtraInputs, InputSpec, InputType, OutputSpec};
use crate::document::DataType;

/// One action: the spec everybody reads, and the notes beside it.
pub(super) struct Entry {
    pub spec: ActionSpec,
    pub notes: ActionNotes,
}

macro_rules! registry {
    ($($entry:expr),* $(,)?) => {
        pub(super) static ACTIONS: &[ActionSpec] = &[$($entry.spec),*];
        static NOTES: &[ActionNotes] = &[$($entry.notes),*];
    };
}

registry![
    flow::APPROVE,
    api::ASSERT_AWS_RESOURCE_PROPERTY,
    flow::BRANCH,
    ec2::CHANGE_INSTANCE_STATE,
    ec2::COPY_IMAGE,
    ec2::CREATE_IMAGE,
    cloudformation::CREATE_STACK,
    ec2::CREATE_TAGS,
    ec2::DELETE_IMAGE,
    cloudformation::DELETE_STACK,
    flow::EXECUTE_AUTOMATION,
    api::EXECUTE_AWS_API,
    script::EXECUTE_SCRIPT,
    script::EXECUTE_STATE_MACHINE,
    script::INVOKE_LAMBDA_FUNCTION,
    script::INVOKE_WEBHOOK,
    flow::LOOP,
    flow::PAUSE,
    script::RUN_COMMAND,
    ec2::RUN_INSTANCES,
    flow::SLEEP,
    flow::UPDATE_VARIABLE,
    api::WAIT_FOR_AWS_RESOURCE_PROPERTY,
];

pub(super) fn notes_for(name: &str) -> Option<&'static ActionNotes> {
    NOTES.iter().find(|n| n.action == name)
}

// Shorthands that keep the entry tables readable.

pub(super) const STRING: InputType = InputType::Data(DataType::String);
pub(super) const STRING_LIST: InputType = InputType::Data(DataType::StringList);
pub(super) const INTEGER: InputType = InputType::Data(DataType::Integer);
pub(super) const BOOLEAN: InputType = InputType::Data(DataType::Boolean);
pub(super) const STRING_MAP: InputType = InputType::Data(DataType::StringMap);
pub(super) const MAP_LIST: InputType = InputType::Data(DataType::MapList);

pub(super) const fn req(name: &'static str, ty: InputType, summary: &'static str) -> InputSpec {
    InputSpec {
        name,
        ty,
        required: true,
        summary,
    }
}

pub(super) const fn opt(name: &'static str, ty: InputType, summary: &'static str) -> InputSpec {
    InputSpec {
        name,
        ty,
        required: false,
        summary,
    }
}

pub(super) const fn out(name: &'static str, ty: DataType, summary: &'static str) -> OutputSpec {
    OutputSpec { name, ty, summary }
}

/// The common case; entries override what differs with `..PLAIN`.
/// Its `kind` is a placeholder every entry overrides; the test
/// `every_entry_names_its_own_kind` catches one that does not.
pub(super) const PLAIN: ActionSpec = ActionSpec {
    name: "",
    kind: ActionKind::Sleep,
    summary: "",
    inputs: &[],
    outputs: &[],
    one_of: &[],
    extra_inputs: ExtraInputs::None,
    default_timeout_seconds: None,
    max_timeout_seconds: None,
    forbidden_as_cancel_target: false,
    on_cancel_forbidden: false,
};

pub(super) const fn no_notes(action: &'static str) -> ActionNotes {
    ActionNotes {
        action,
        ..ActionNotes::EMPTY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_line_up_with_specs() {
        assert_eq!(ACTIONS.len(), NOTES.len());
        for (spec, notes) in ACTIONS.iter().zip(NOTES) {
            assert_eq!(spec.name, notes.action);
        }
    }

    #[test]
    fn every_entry_names_its_own_kind() {
        let mut kinds = std::collections::HashSet::new();
        for spec in ACTIONS {
            assert_eq!(spec.kind.name(), spec.name, "{}: wrong `kind`", spec.name);
            assert!(kinds.insert(spec.kind), "{}: kind used twice", spec.name);
        }
    }

    #[test]
    fn exclusive_and_allowed_values_name_real_inputs() {
        for (spec, notes) in ACTIONS.iter().zip(NOTES) {
            for group in notes.exclusive {
                assert!(group.len() >= 2, "{}: a group needs two inputs", spec.name);
                for input in *group {
                    assert!(
                        spec.input(input).is_some(),
                        "{}: unknown `{input}`",
                        spec.name
                    );
                }
            }
            for (input, values) in notes.allowed_values {
                assert!(
                    spec.input(input).is_some(),
                    "{}: unknown `{input}`",
                    spec.name
                );
                assert!(!values.is_empty(), "{}: `{input}` has no values", spec.name);
            }
        }
    }
}
