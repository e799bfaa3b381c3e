//! Drawing an execution on a graph: each step's latest status and run count, and the edges
//! the execution went along, read from its step records.

use super::model::{EdgeKind, Endpoint, ExecutionInfo, Graph, StepRun};
use crate::exec::{Execution, Status, StepRecord};
use std::collections::HashMap;

/// Marks what `exec` did on `graph`, which was built from the execution's document.
pub fn draw(graph: &mut Graph, exec: &Execution) {
    graph.execution = Some(ExecutionInfo {
        id: exec.id.clone(),
        status: exec.status,
    });
    // Step names are unique in a valid document (loop bodies included).
    let mut by_name: HashMap<&str, usize> = HashMap::new();
    for (i, s) in graph.steps.iter().enumerate() {
        by_name.entry(s.name.as_str()).or_insert(i);
    }
    let by_name: HashMap<String, usize> = by_name
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for record in &exec.steps {
        let Some(&node) = by_name.get(&record.step_name) else {
            continue;
        };
        let runs = graph.steps[node].run.as_ref().map_or(0, |r| r.runs);
        graph.steps[node].run = Some(StepRun {
            status: record.status,
            runs: runs + 1,
            attempts: record.attempts,
        });
    }
    for (parent, records) in passes(exec) {
        let nodes: Vec<(usize, &StepRecord)> = records
            .iter()
            .filter_map(|r| by_name.get(&r.step_name).map(|&n| (n, *r)))
            .collect();
        let owner = parent.and_then(|p| by_name.get(p).copied());
        if let Some(&(first, _)) = nodes.first() {
            let from = owner.map_or(Endpoint::Start, Endpoint::Step);
            take(graph, &from, first, None);
        }
        for pair in nodes.windows(2) {
            let (a, record) = pair[0];
            take(graph, &Endpoint::Step(a), pair[1].0, Some(record.status));
        }
        if let Some(&(last, record)) = nodes.last() {
            let done = matches!(record.status, Status::Success)
                || (record.status.is_terminal() && record.on_failure == "Continue");
            if done && (owner.is_some() || exec.status.is_terminal()) {
                take_to(graph, last, owner);
            }
        }
    }
}

/// The records of one run through a step list: the top-level steps, or one loop pass.
struct Pass<'e> {
    /// The loop step's name, for a pass.
    parent: Option<&'e str>,
    /// The loop record's id and the iteration, for a pass.
    key: Option<(&'e str, u32)>,
    records: Vec<&'e StepRecord>,
}

/// The records grouped into runs of one list: the top-level steps in order, and each pass
/// of each loop.
fn passes(exec: &Execution) -> Vec<(Option<&str>, Vec<&StepRecord>)> {
    let mut groups: Vec<Pass> = Vec::new();
    for record in &exec.steps {
        let key = record
            .parent
            .as_ref()
            .map(|p| (p.step_execution_id.as_str(), p.iteration));
        match groups.iter_mut().find(|g| g.key == key) {
            Some(g) => g.records.push(record),
            None => groups.push(Pass {
                parent: record.parent.as_ref().map(|p| p.step_name.as_str()),
                key,
                records: vec![record],
            }),
        }
    }
    groups.into_iter().map(|g| (g.parent, g.records)).collect()
}

/// Marks the edge from `from` to step `to`: `onFailure` when the step before failed and
/// such an edge exists, else the first normal edge.
fn take(graph: &mut Graph, from: &Endpoint, to: usize, status: Option<Status>) {
    let failed = matches!(
        status,
        Some(Status::Failed | Status::TimedOut | Status::Cancelled)
    );
    let to = Endpoint::Step(to);
    let matches = |kind: EdgeKind| match kind {
        EdgeKind::OnFailure => failed,
        EdgeKind::OnCancel => status == Some(Status::Cancelled),
        _ => true,
    };
    let found = graph
        .edges
        .iter()
        .position(|e| &e.from == from && e.to == to && e.kind.is_exceptional() && matches(e.kind))
        .or_else(|| {
            graph
                .edges
                .iter()
                .position(|e| &e.from == from && e.to == to && !e.kind.is_exceptional())
        });
    if let Some(i) = found {
        graph.edges[i].taken = true;
    }
}

/// Marks the edge that ends a list after `last`: back to its loop step, or to the end.
fn take_to(graph: &mut Graph, last: usize, owner: Option<usize>) {
    let from = Endpoint::Step(last);
    let to = owner.map_or(Endpoint::End, Endpoint::Step);
    if let Some(e) = graph
        .edges
        .iter_mut()
        .find(|e| e.from == from && e.to == to && !e.kind.is_exceptional())
    {
        e.taken = true;
    }
}
