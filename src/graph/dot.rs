//! The graph in Graphviz DOT. Every id and label is a quoted string with `\` and `"`
//! escaped, so step names and conditions cannot break the syntax.

use super::mermaid::status_class;
use super::model::{EdgeKind, Graph};
use super::{run_summary, shorten};
use std::fmt::Write;

const LABEL_MAX: usize = 80;

/// The DOT source of `graph`.
pub fn render(graph: &Graph) -> String {
    let mut out = String::from("digraph runbook {\n");
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\"];\n");
    out.push_str("  \"n_start\" [label=\"Start\", shape=oval];\n");
    out.push_str("  \"n_end\" [label=\"End\", shape=oval];\n");
    nodes(graph, None, 1, &mut out);
    for (i, name) in graph.missing.iter().enumerate() {
        let text = format!("{} (no such step)", shorten(name, LABEL_MAX));
        let _ = writeln!(
            out,
            "  \"m{i}\" [label={}, style=\"dashed,filled\", fillcolor=\"#ffebe9\"];",
            quote(&text)
        );
    }
    for edge in &graph.edges {
        let mut attrs = Vec::new();
        if let Some(label) = &edge.label {
            attrs.push(format!("label={}", quote(&shorten(label, LABEL_MAX))));
        }
        match edge.kind {
            EdgeKind::OnFailure => attrs.push("style=dashed, color=\"#cf222e\"".into()),
            EdgeKind::OnCancel => attrs.push("style=dotted, color=\"#bc4c00\"".into()),
            _ => {}
        }
        if edge.taken {
            attrs.push("penwidth=3, color=\"#1f6feb\"".into());
        }
        let attrs = match attrs.is_empty() {
            true => String::new(),
            false => format!(" [{}]", attrs.join(", ")),
        };
        let _ = writeln!(
            out,
            "  {} -> {}{attrs};",
            quote(&graph.node_id(&edge.from)),
            quote(&graph.node_id(&edge.to))
        );
    }
    out.push_str("}\n");
    out
}

fn nodes(graph: &Graph, parent: Option<usize>, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for i in graph.children(parent) {
        let step = &graph.steps[i];
        let mut lines = vec![shorten(&step.name, LABEL_MAX), step.action.clone()];
        if step.unreachable {
            lines.push("unreachable".into());
        }
        lines.extend(run_summary(graph, step));
        let mut attrs = vec![format!("label={}", quote(&lines.join("\n")))];
        if step.action == "aws:branch" {
            attrs.push("shape=hexagon".into());
        }
        if step.unreachable {
            attrs.push("style=\"rounded,dashed,filled\"".into());
        }
        if let Some(fill) = status_class(graph, step).map(fill) {
            attrs.push(format!("fillcolor=\"{fill}\""));
        }
        let _ = writeln!(out, "{pad}{} [{}];", quote(&step.id), attrs.join(", "));
        if graph.has_body(i) {
            let title = format!("{}: loop body", shorten(&step.name, LABEL_MAX));
            let _ = writeln!(
                out,
                "{pad}subgraph {} {{",
                quote(&format!("cluster_{}", step.id))
            );
            let _ = writeln!(out, "{pad}  label={};", quote(&title));
            nodes(graph, Some(i), depth + 1, out);
            let _ = writeln!(out, "{pad}}}");
        }
    }
}

fn fill(class: &str) -> &'static str {
    match class {
        "success" => "#dafbe1",
        "failed" => "#ffebe9",
        "stopped" => "#fff8c5",
        "running" => "#ddf4ff",
        _ => "#f6f8fa",
    }
}

/// A DOT quoted string: `\` and `"` escaped, line breaks as `\n`.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
