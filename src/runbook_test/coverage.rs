//! Which steps and edges of a runbook its tests exercise. Edges are those of the top-level
//! flow: each step's way on (`nextStep`, the next step or the end), each branch choice and
//! `Default`, and the failure paths the author wrote (`onFailure: Continue` or `step:X`,
//! `onCancel: step:X`). Steps inside loop bodies count as steps only.

use crate::document::{Document, Step};
use crate::exec::{Execution, Status};
use std::collections::BTreeSet;

pub const END: &str = "(end)";

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    /// `next`, `choice 1`, `Default`, `onFailure`, `onCancel`
    pub kind: String,
}

/// Every edge of the top-level flow.
pub fn edges(doc: &Document) -> Vec<Edge> {
    let steps = &doc.main_steps;
    let mut out = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let following = steps
            .get(i + 1)
            .map_or(END.to_string(), |s| s.name.value.clone());
        let edge = |to: &str, kind: &str| Edge {
            from: step.name.value.clone(),
            to: to.to_string(),
            kind: kind.to_string(),
        };
        if step.action.value == "aws:branch" {
            out.extend(
                branch_targets(step)
                    .into_iter()
                    .map(|(kind, to)| edge(&to, &kind)),
            );
        } else if step.is_end() {
            out.push(edge(END, "next"));
        } else {
            let next = step
                .next_step
                .as_ref()
                .map_or(following.clone(), |n| n.value.clone());
            out.push(edge(&next, "next"));
        }
        match step.on_failure.as_ref().map(|f| f.value.as_str()) {
            Some("Continue") => out.push(edge(&following, "onFailure")),
            Some(f) if f.starts_with("step:") => {
                out.push(edge(f.trim_start_matches("step:"), "onFailure"))
            }
            _ => {}
        }
        if let Some(c) = &step.on_cancel
            && let Some(to) = c.value.strip_prefix("step:")
        {
            out.push(edge(to, "onCancel"));
        }
    }
    out
}

fn branch_targets(step: &Step) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(choices) = step.inputs.get("Choices").and_then(|c| c.seq()) {
        for (i, choice) in choices.iter().enumerate() {
            if let Some(to) = choice.get("NextStep").and_then(|n| n.str()) {
                out.push((format!("choice {}", i + 1), to.to_string()));
            }
        }
    }
    if let Some(to) = step.inputs.get("Default").and_then(|n| n.str()) {
        out.push(("Default".to_string(), to.to_string()));
    }
    out
}

/// What the tests of one runbook covered so far.
#[derive(Debug, Default)]
pub struct Coverage {
    pub steps_run: BTreeSet<String>,
    pub edges_taken: BTreeSet<Edge>,
}

impl Coverage {
    /// Add what one execution did.
    pub fn add(&mut self, doc: &Document, exec: &Execution) {
        let all = edges(doc);
        for r in &exec.steps {
            if r.status != Status::Pending {
                self.steps_run.insert(r.step_name.clone());
            }
        }
        let top: Vec<_> = exec
            .steps
            .iter()
            .filter(|r| doc.main_steps.iter().any(|s| s.name.value == r.step_name))
            .collect();
        let ended = !matches!(
            exec.status,
            Status::Waiting | Status::InProgress | Status::Pending
        );
        for (i, r) in top.iter().enumerate() {
            let to = match top.get(i + 1) {
                Some(next) => next.step_name.clone(),
                None if ended => END.to_string(),
                None => continue,
            };
            let kinds: &[&str] = match r.status {
                Status::Success => &["next", "choice", "Default"],
                Status::Cancelled => &["onCancel"],
                _ => &["onFailure"],
            };
            for e in &all {
                let kind_matches = kinds.iter().any(|k| e.kind.starts_with(k));
                if e.from == r.step_name && e.to == to && kind_matches {
                    self.edges_taken.insert(e.clone());
                }
            }
        }
    }

    /// Steps no test ran and edges no test took, in document order.
    pub fn gaps(&self, doc: &Document) -> (Vec<String>, Vec<Edge>) {
        let steps = doc
            .all_steps()
            .iter()
            .map(|s| s.name.value.clone())
            .filter(|n| !self.steps_run.contains(n))
            .collect();
        let edges = edges(doc)
            .into_iter()
            .filter(|e| !self.edges_taken.contains(e))
            .collect();
        (steps, edges)
    }
}
