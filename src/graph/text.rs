//! The graph as plain text: one block per step, its transitions indented under it, loop
//! bodies indented under their loop step. Readable in a terminal and easy to put in a page.
//!
//! ```text
//! start → describe
//! describe (aws:executeAwsApi)
//!   → check
//! check (aws:branch)
//!   → stopIt    when {{ describe.State }} StringEquals "running"
//!   → end       Default
//! ```

use super::model::{Edge, EdgeKind, Endpoint, Graph};
use super::run_summary;
use std::fmt::Write;

/// The text drawing of `graph`.
pub fn render(graph: &Graph) -> String {
    let mut out = String::new();
    if let Some(exec) = &graph.execution {
        let _ = writeln!(
            out,
            "execution {} ({}); * marks the transitions it took",
            exec.id,
            exec.status.as_str()
        );
    }
    for edge in graph.edges.iter().filter(|e| e.from == Endpoint::Start) {
        let _ = writeln!(
            out,
            "{}start → {}",
            mark(edge).trim_start(),
            graph.endpoint_name(&edge.to)
        );
    }
    steps(graph, None, 0, &mut out);
    out
}

fn steps(graph: &Graph, parent: Option<usize>, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for i in graph.children(parent) {
        let step = &graph.steps[i];
        let mut notes = Vec::new();
        if step.unreachable {
            notes.push("unreachable".to_string());
        }
        if step.dynamic_choices {
            notes.push("choices from a reference".to_string());
        }
        notes.extend(run_summary(graph, step));
        let notes = match notes.is_empty() {
            true => String::new(),
            false => format!(" [{}]", notes.join(", ")),
        };
        let _ = writeln!(out, "{pad}{} ({}){notes}", step.name, step.action);
        let from = Endpoint::Step(i);
        let outgoing: Vec<&Edge> = graph.edges.iter().filter(|e| e.from == from).collect();
        let width = outgoing
            .iter()
            .map(|e| target(graph, e).chars().count())
            .max()
            .unwrap_or(0);
        for edge in outgoing.iter().filter(|e| e.kind != EdgeKind::LoopBody) {
            line(graph, edge, &pad, width, out);
        }
        if graph.has_body(i) {
            let _ = writeln!(out, "{pad}  loop body:");
            for edge in outgoing.iter().filter(|e| e.kind == EdgeKind::LoopBody) {
                line(graph, edge, &pad, width, out);
            }
            steps(graph, Some(i), depth + 2, out);
        }
    }
}

fn line(graph: &Graph, edge: &Edge, pad: &str, width: usize, out: &mut String) {
    let arrow = match edge.kind.is_exceptional() {
        true => "⇢",
        false => "→",
    };
    let to = target(graph, edge);
    let label = match (edge.kind, &edge.label) {
        (EdgeKind::Choice, Some(l)) => format!("when {l}"),
        (_, Some(l)) => l.clone(),
        (_, None) => String::new(),
    };
    let text = format!("{pad}{} {arrow} {to:width$}  {label}", mark(edge));
    let _ = writeln!(out, "{}", text.trim_end());
}

fn target(graph: &Graph, edge: &Edge) -> String {
    match (&edge.to, edge.kind) {
        (Endpoint::Missing(_), _) => format!("{} (no such step)", graph.endpoint_name(&edge.to)),
        _ => graph.endpoint_name(&edge.to),
    }
}

/// `*` before a transition the drawn execution took.
fn mark(edge: &Edge) -> &'static str {
    match edge.taken {
        true => " *",
        false => "  ",
    }
}
