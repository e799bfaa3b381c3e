//! The action catalogue: one entry per `aws:*` Automation action (spec §5). Validation,
//! execution, `ssmrun actions` and docs/actions.md all read it, so a fact about an action is
//! written once, here.

mod catalogue;
mod document_name;
mod kind;
mod spec;

pub use document_name::{MAX_CHILD_DEPTH, RESERVED_PREFIXES, child_document_name, reserved_prefix};
pub use kind::ActionKind;
pub use spec::{ActionNotes, ActionSpec, ExtraInputs, InputSpec, InputType, OneOf, OutputSpec};

/// Every action, sorted by name.
pub fn all() -> &'static [ActionSpec] {
    catalogue::ACTIONS
}

/// The action named exactly as a step's `action:` would name it, e.g. `aws:sleep`.
pub fn lookup(name: &str) -> Option<&'static ActionSpec> {
    // Sorted by name (a catalogue test keeps it so), so a step's action is found in log time.
    let all = all();
    all.binary_search_by(|a| a.name.cmp(name))
        .ok()
        .map(|i| &all[i])
}

/// For command-line use: also accepts the name without `aws:` and ignores case, so
/// `ssmrun actions runcommand` works. Steps must use [`lookup`].
pub fn lookup_loose(name: &str) -> Option<&'static ActionSpec> {
    let short = name.strip_prefix("aws:").unwrap_or(name);
    all()
        .iter()
        .find(|a| a.short_name().eq_ignore_ascii_case(short))
}

/// Every action name, for "did you mean" suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    all().iter().map(|a| a.name)
}

#[cfg(test)]
mod tests;
