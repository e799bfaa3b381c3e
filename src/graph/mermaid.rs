//! The graph as a Mermaid flowchart. Node ids are the graph's own (`s0`, `s3_1`), never
//! step names; every label character outside a small safe set is written as a numeric
//! entity (`#34;`), so no step name or condition can break the syntax.

use super::model::{EdgeKind, Graph};
use super::{run_summary, shorten};
use std::fmt::Write;

const LABEL_MAX: usize = 80;

/// The Mermaid source of `graph`.
pub fn render(graph: &Graph) -> String {
    let mut out = String::from("flowchart TD\n");
    out.push_str("  n_start([\"Start\"])\n");
    nodes(graph, None, 1, &mut out);
    out.push_str("  n_end([\"End\"])\n");
    for (i, name) in graph.missing.iter().enumerate() {
        let text = format!("{} (no such step)", shorten(name, LABEL_MAX));
        let _ = writeln!(out, "  m{i}[\"{}\"]", escape(&text));
    }
    let mut styles = Vec::new();
    for (i, edge) in graph.edges.iter().enumerate() {
        let arrow = match (edge.taken, edge.kind.is_exceptional()) {
            (true, _) => "==>",
            (false, true) => "-.->",
            (false, false) => "-->",
        };
        let label = edge
            .label
            .as_deref()
            .map(|l| format!("|\"{}\"|", escape(&shorten(l, LABEL_MAX))))
            .unwrap_or_default();
        let (from, to) = (graph.node_id(&edge.from), graph.node_id(&edge.to));
        let _ = writeln!(out, "  {from} {arrow}{label} {to}");
        match (edge.taken, edge.kind) {
            (true, _) => styles.push((i, "stroke:#1f6feb,stroke-width:3px")),
            (false, EdgeKind::OnFailure) => styles.push((i, "stroke:#cf222e")),
            (false, EdgeKind::OnCancel) => styles.push((i, "stroke:#bc4c00")),
            _ => {}
        }
    }
    for (i, style) in styles {
        let _ = writeln!(out, "  linkStyle {i} {style}");
    }
    classes(graph, &mut out);
    out
}

/// Node declarations of the steps under `parent`, each loop body as a subgraph.
fn nodes(graph: &Graph, parent: Option<usize>, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    for i in graph.children(parent) {
        let step = &graph.steps[i];
        let mut lines = vec![
            escape(&shorten(&step.name, LABEL_MAX)),
            escape(&step.action),
        ];
        if step.unreachable {
            lines.push("unreachable".into());
        }
        if let Some(run) = run_summary(graph, step) {
            lines.push(escape(&run));
        }
        let (open, close) = match step.action.as_str() {
            "aws:branch" => ("{{", "}}"),
            _ => ("[", "]"),
        };
        let _ = writeln!(
            out,
            "{pad}{}{open}\"{}\"{close}",
            step.id,
            lines.join("<br/>")
        );
        if graph.has_body(i) {
            let title = format!("{}: loop body", shorten(&step.name, LABEL_MAX));
            let _ = writeln!(
                out,
                "{pad}subgraph {}_body [\"{}\"]",
                step.id,
                escape(&title)
            );
            nodes(graph, Some(i), depth + 1, out);
            let _ = writeln!(out, "{pad}end");
        }
    }
}

/// Class definitions and which node has which: status colours, unreachable, missing.
fn classes(graph: &Graph, out: &mut String) {
    out.push_str(concat!(
        "  classDef success fill:#dafbe1,stroke:#1a7f37\n",
        "  classDef failed fill:#ffebe9,stroke:#cf222e\n",
        "  classDef stopped fill:#fff8c5,stroke:#9a6700\n",
        "  classDef running fill:#ddf4ff,stroke:#0969da\n",
        "  classDef notrun fill:#f6f8fa,stroke:#8c959f,color:#57606a\n",
        "  classDef unreachable stroke-dasharray:5 5,color:#57606a\n",
        "  classDef missing fill:#ffebe9,stroke:#cf222e,stroke-dasharray:3 3\n",
    ));
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    let mut add = |class: &'static str, id: String| match groups.iter_mut().find(|g| g.0 == class) {
        Some(g) => g.1.push(id),
        None => groups.push((class, vec![id])),
    };
    for step in &graph.steps {
        if step.unreachable {
            add("unreachable", step.id.clone());
        }
        if let Some(class) = status_class(graph, step) {
            add(class, step.id.clone());
        }
    }
    for i in 0..graph.missing.len() {
        add("missing", format!("m{i}"));
    }
    for (class, ids) in groups {
        let _ = writeln!(out, "  class {} {class}", ids.join(","));
    }
}

/// The colour class of a step when an execution is drawn.
pub(crate) fn status_class(graph: &Graph, step: &super::StepNode) -> Option<&'static str> {
    use crate::exec::Status;
    graph.execution.as_ref()?;
    Some(match step.run.as_ref().map(|r| r.status) {
        None | Some(Status::Pending) => "notrun",
        Some(Status::Success) => "success",
        Some(Status::Failed) => "failed",
        Some(Status::TimedOut | Status::Cancelled | Status::Cancelling) => "stopped",
        Some(Status::InProgress | Status::Waiting) => "running",
    })
}

/// Label text (always written between double quotes) with every character that could end
/// the quoted string, start an entity or be read as HTML or Markdown (`"`, `#`, `;`, `&`,
/// `<`, `>`, `|`, `` ` ``, `\`, control characters…) written as a numeric entity.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || " _.,:/-(){}[]=!?+*'@$%^~".contains(c) {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", c as u32);
        }
    }
    out
}
