//! The step graph of a runbook (`ssmrun graph`): every step, the transitions between them
//! (`nextStep`, falling through, branch choices, `Default`, `isEnd`, `onFailure`,
//! `onCancel`), loop bodies nested under their loop step, unreachable steps marked, and
//! optionally an execution drawn on it.
//!
//! [`build`] turns a compiled document into a [`Graph`], plain data; [`mermaid`], [`dot`]
//! and [`text`] draw it. Other front ends read the [`Graph`] itself.

mod build;
pub mod dot;
pub mod label;
pub mod mermaid;
mod model;
mod overlay;
pub mod text;

#[cfg(test)]
mod tests;

pub use model::{Edge, EdgeKind, Endpoint, ExecutionInfo, Graph, StepNode, StepRun};

use crate::compile::Compiled;
use crate::exec::Execution;

/// The graph of a compiled document, with `execution` (an execution of that document)
/// drawn on it when given.
pub fn build(compiled: &Compiled, execution: Option<&Execution>) -> Graph {
    let mut graph = build::graph_of(&compiled.main);
    if let Some(exec) = execution {
        overlay::draw(&mut graph, exec);
    }
    graph
}

/// The ways a graph can be drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Dot,
    Text,
}

/// The graph drawn in `format`.
pub fn render(graph: &Graph, format: Format) -> String {
    match format {
        Format::Mermaid => mermaid::render(graph),
        Format::Dot => dot::render(graph),
        Format::Text => text::render(graph),
    }
}

/// A step's state as a few words: `Success`, `Failed after 3 attempts`, `Success, 4 runs`,
/// or `not run` when an execution is drawn and the step has no record.
pub fn run_summary(graph: &Graph, step: &StepNode) -> Option<String> {
    graph.execution.as_ref()?;
    let Some(run) = &step.run else {
        return Some("not run".into());
    };
    let mut text = run.status.as_str().to_string();
    if run.attempts > 1 {
        text.push_str(&format!(" after {} attempts", run.attempts));
    }
    if run.runs > 1 {
        text.push_str(&format!(", {} runs", run.runs));
    }
    Some(text)
}

/// Cuts a label to `max` characters, marking the cut, so one long condition does not
/// stretch a drawing.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{kept}…")
}
