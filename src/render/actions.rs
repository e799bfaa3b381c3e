//! Text and Markdown views of the action catalogue: `ssmrun actions`, `ssmrun actions NAME`
//! and docs/actions.md. All three read the same registry, so help and docs cannot disagree.

use std::fmt::Write as _;

use crate::actions::{ActionSpec, ExtraInputs, OneOf};

/// One line per action: name and summary, aligned.
pub fn list_text(actions: &[ActionSpec]) -> String {
    let mut rows = vec![vec!["ACTION".to_string(), "SUMMARY".to_string()]];
    rows.extend(
        actions
            .iter()
            .map(|a| vec![a.name.to_string(), a.summary.to_string()]),
    );
    columns(&rows, "")
}

/// Everything known about one action, for `ssmrun actions NAME`.
pub fn detail_text(a: &ActionSpec) -> String {
    let mut out = format!("{}\n  {}\n", a.name, a.summary);
    let inputs: Vec<Vec<String>> = a
        .inputs
        .iter()
        .map(|i| {
            let required = if i.required { "required" } else { "optional" };
            vec![
                i.name.into(),
                i.ty.name().into(),
                required.into(),
                i.summary.into(),
            ]
        })
        .collect();
    table_section(&mut out, "inputs", &inputs);
    list_section(&mut out, "rules", &rule_lines(a));
    let outputs: Vec<Vec<String>> = a
        .outputs
        .iter()
        .map(|o| vec![o.name.into(), o.ty.name().into(), o.summary.into()])
        .collect();
    table_section(&mut out, "outputs", &outputs);
    if let Some(timeout) = timeout_line(a) {
        let _ = write!(out, "\ntimeout:\n  {timeout}\n");
    }
    list_section(&mut out, "notes", &notes(a));
    out
}

/// A titled table; `(none)` keeps an empty one visible, since "no inputs" is information.
fn table_section(out: &mut String, title: &str, rows: &[Vec<String>]) {
    let _ = writeln!(out, "\n{title}:");
    if rows.is_empty() {
        out.push_str("  (none)\n");
    }
    out.push_str(&columns(rows, "  "));
}

/// A titled bullet list, left out entirely when empty.
fn list_section(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title}:");
    for line in lines {
        let _ = writeln!(out, "  - {line}");
    }
}

/// The content of docs/actions.md.
pub fn markdown(actions: &[ActionSpec]) -> String {
    let mut out = String::from("# Actions\n\n");
    out.push_str(
        "<!-- Generated from the action catalogue (src/actions). Do not edit: run\n     \
         `cargo test --lib -- --ignored regenerate_actions_md` instead. -->\n\n",
    );
    let _ = writeln!(
        out,
        "The {} Automation actions a runbook step can name in `action:`. \
         `ssmrun actions NAME` prints the same facts.\n",
        actions.len()
    );
    out.push_str("| action | summary |\n|---|---|\n");
    for a in actions {
        let anchor = a.name.to_lowercase().replace(':', "");
        let _ = writeln!(out, "| [`{}`](#{anchor}) | {} |", a.name, cell(a.summary));
    }
    for a in actions {
        out.push('\n');
        out.push_str(&markdown_action(a));
    }
    out
}

fn markdown_action(a: &ActionSpec) -> String {
    let mut out = format!("## `{}`\n\n{}.\n\n", a.name, capitalize(a.summary));
    if a.inputs.is_empty() {
        out.push_str("Inputs: none.\n\n");
    } else {
        out.push_str("| input | type | required | description |\n|---|---|---|---|\n");
        for i in a.inputs {
            let required = if i.required { "yes" } else { "no" };
            let _ = writeln!(
                out,
                "| `{}` | {} | {required} | {} |",
                i.name,
                i.ty.name(),
                cell(i.summary)
            );
        }
        out.push('\n');
    }
    let rules = rule_lines(a);
    if !rules.is_empty() {
        out.push_str("Rules:\n\n");
        for line in rules {
            let _ = writeln!(out, "- {line}");
        }
        out.push('\n');
    }
    if a.outputs.is_empty() {
        out.push_str("Outputs: none.\n\n");
    } else {
        out.push_str("| output | type | description |\n|---|---|---|\n");
        for o in a.outputs {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                o.name,
                o.ty.name(),
                cell(o.summary)
            );
        }
        out.push('\n');
    }
    if let Some(timeout) = timeout_line(a) {
        let _ = writeln!(out, "Timeout: {timeout}.\n");
    }
    let notes = notes(a);
    if !notes.is_empty() {
        out.push_str("Notes:\n\n");
        for note in notes {
            let _ = writeln!(out, "- {note}");
        }
    }
    // One blank line between sections, none at the end of the file.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Constraints across inputs: pass-through keys, one-of and at-most-one groups, closed sets.
fn rule_lines(a: &ActionSpec) -> Vec<String> {
    let mut lines = Vec::new();
    if a.extra_inputs == ExtraInputs::ApiParameters {
        lines.push(
            "any other key is a request field of the API named by `Service` and `Api`".into(),
        );
    }
    lines.extend(a.one_of.iter().map(one_of_line));
    let notes = a.notes();
    for group in notes.exclusive {
        lines.push(format!("at most one of {}", code_list(group)));
    }
    for (input, values) in notes.allowed_values {
        lines.push(format!("`{input}` is one of {}", code_list(values)));
    }
    lines
}

fn one_of_line(group: &OneOf) -> String {
    let quantity = if group.exactly {
        "exactly one"
    } else {
        "at least one"
    };
    format!("{quantity} of {} is required", code_list(group.inputs))
}

fn timeout_line(a: &ActionSpec) -> Option<String> {
    let default = a
        .default_timeout_seconds
        .map(|s| format!("default {}", seconds(s)));
    let max = a
        .max_timeout_seconds
        .map(|s| format!("each attempt runs at most {}", seconds(s)));
    match (default, max) {
        (None, None) => None,
        (Some(d), None) => Some(d),
        (None, Some(m)) => Some(m),
        (Some(d), Some(m)) => Some(format!("{d}; {m}")),
    }
}

/// Rules that follow from the spec's flags, then the action's own notes.
fn notes(a: &ActionSpec) -> Vec<String> {
    let mut notes = Vec::new();
    if a.forbidden_as_cancel_target {
        notes.push("may not be the target of another step's `onCancel`".to_string());
    }
    if a.on_cancel_forbidden {
        notes.push("the step itself may not set `onCancel`".to_string());
    }
    notes.extend(a.notes().notes.iter().map(|n| n.to_string()));
    notes
}

/// `604800 s (7 days)`: the unit in brackets only when it divides evenly, so odd limits
/// such as 604799 s are shown exactly.
fn seconds(s: u64) -> String {
    let unit = [(86_400, "day"), (3600, "hour"), (60, "minute")]
        .into_iter()
        .find(|(size, _)| s >= *size && s.is_multiple_of(*size));
    match unit {
        Some((size, name)) => {
            let n = s / size;
            let plural = if n == 1 { "" } else { "s" };
            format!("{s} s ({n} {name}{plural})")
        }
        None => format!("{s} s"),
    }
}

fn code_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A Markdown table cell: a `|` would end the cell early.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Left-aligned columns separated by two spaces; the last column is not padded so lines
/// carry no trailing spaces.
fn columns(rows: &[Vec<String>], indent: &str) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        out.push_str(indent);
        for (c, text) in row.iter().enumerate() {
            if c + 1 == row.len() {
                out.push_str(text);
            } else {
                let _ = write!(out, "{text:<width$}  ", width = widths[c]);
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::{all, lookup};

    const DOCS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/actions.md");

    #[test]
    fn checked_in_docs_match_the_catalogue() {
        let checked_in = include_str!("../../docs/actions.md");
        assert!(
            checked_in == markdown(all()),
            "docs/actions.md is out of date with the action catalogue; regenerate it with \
             `cargo test --lib -- --ignored regenerate_actions_md`"
        );
    }

    /// Rewrites docs/actions.md from the catalogue.
    #[test]
    #[ignore]
    fn regenerate_actions_md() {
        std::fs::write(DOCS_PATH, markdown(all())).expect("write docs/actions.md");
    }

    #[test]
    fn list_has_one_line_per_action_plus_header() {
        let text = list_text(all());
        assert_eq!(text.lines().count(), all().len() + 1);
        assert!(
            text.lines()
                .any(|l| l.starts_with("aws:runCommand ") && l.contains("Command document"))
        );
        assert!(text.lines().all(|l| !l.ends_with(' ')));
    }

    #[test]
    fn detail_shows_inputs_rules_outputs_and_timeouts() {
        let text = detail_text(lookup("aws:loop").expect("registered"));
        assert!(text.contains("Steps"), "{text}");
        assert!(
            text.contains("exactly one of `Iterators`, `LoopCondition` is required"),
            "{text}"
        );
        assert!(text.contains("CurrentIteratorValue  String"), "{text}");
        assert!(text.contains("may not set `onCancel`"), "{text}");
        let api = detail_text(lookup("aws:executeAwsApi").expect("registered"));
        assert!(api.contains("any other key is a request field"), "{api}");
        assert!(api.contains("each attempt runs at most 25 s"), "{api}");
        let pause = detail_text(lookup("aws:pause").expect("registered"));
        assert!(pause.contains("Message  String  optional"), "{pause}");
        assert!(!pause.contains("rules:"), "{pause}");
    }

    #[test]
    fn seconds_show_a_unit_only_when_exact() {
        assert_eq!(seconds(604_800), "604800 s (7 days)");
        assert_eq!(seconds(3600), "3600 s (1 hour)");
        assert_eq!(seconds(604_799), "604799 s");
        assert_eq!(seconds(25), "25 s");
    }
}
