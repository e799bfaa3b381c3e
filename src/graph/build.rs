//! Building the [`Graph`] of a compiled document: one node per step, loop bodies nested
//! under their loop step, and one edge per transition the engine can take.

use super::label;
use super::model::{Edge, EdgeKind, Endpoint, Graph, StepNode};
use crate::compile::{CompiledStep, OnCancel, OnFailure, StepList};
use crate::template::Template;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// One step list being drawn: mainSteps, or a loop body.
struct ListCx<'c> {
    list: &'c StepList,
    /// The node of each step of `list`.
    nodes: Vec<usize>,
    /// The list that holds this list's loop step, and that loop step's node.
    outer: Option<(usize, usize)>,
}

struct Builder<'c> {
    graph: Graph,
    lists: Vec<ListCx<'c>>,
    missing: HashMap<String, usize>,
}

/// The graph of `list` (a document's mainSteps), with no execution drawn on it.
pub fn graph_of(list: &StepList) -> Graph {
    let mut b = Builder {
        graph: Graph::default(),
        lists: Vec::new(),
        missing: HashMap::new(),
    };
    b.add_list(list, None, "s");
    for l in 0..b.lists.len() {
        b.list_edges(l);
    }
    mark_unreachable(&mut b.graph);
    b.graph
}

impl<'c> Builder<'c> {
    /// Adds the nodes of `list` and, depth first, of every loop body in it.
    fn add_list(&mut self, list: &'c StepList, outer: Option<(usize, usize)>, prefix: &str) {
        let me = self.lists.len();
        self.lists.push(ListCx {
            list,
            nodes: Vec::new(),
            outer,
        });
        let parent = outer.map(|(_, node)| node);
        for (i, step) in list.steps.iter().enumerate() {
            let node = self.graph.steps.len();
            let id = format!("{prefix}{i}");
            self.graph.steps.push(StepNode {
                id: id.clone(),
                name: step.name.clone(),
                action: step.action.name().to_string(),
                parent,
                is_end: step.is_end,
                unreachable: false,
                dynamic_choices: false,
                run: None,
            });
            self.lists[me].nodes.push(node);
            if let Some(body) = step.looping.as_ref().map(|l| &l.body) {
                self.add_list(body, Some((me, node)), &format!("{id}_"));
            }
        }
    }

    fn list_edges(&mut self, l: usize) {
        let cx = &self.lists[l];
        let (list, nodes, outer) = (cx.list, cx.nodes.clone(), cx.outer);
        match (outer, nodes.first()) {
            (None, first) => {
                let to = first.map_or(Endpoint::End, |&n| Endpoint::Step(n));
                self.edge(Endpoint::Start, to, EdgeKind::Start, None);
            }
            (Some((_, owner)), Some(&first)) => {
                let label = Some("each pass".to_string());
                self.edge(
                    Endpoint::Step(owner),
                    Endpoint::Step(first),
                    EdgeKind::LoopBody,
                    label,
                );
            }
            (Some(_), None) => {}
        }
        for (i, step) in list.steps.iter().enumerate() {
            self.step_edges(l, i, step);
        }
    }

    fn step_edges(&mut self, l: usize, i: usize, step: &CompiledStep) {
        let from = Endpoint::Step(self.lists[l].nodes[i]);
        let mut falls_through = true;
        if let Some(branch) = &step.branch {
            match &branch.choices {
                Some(Ok(choices)) => {
                    for choice in choices {
                        if let Some(next) = &choice.next {
                            let to = self.resolve(l, &next.name);
                            let text = label::condition(&choice.condition);
                            self.edge(from.clone(), to, EdgeKind::Choice, Some(text));
                        }
                    }
                }
                Some(Err(_)) => {}
                None => self.graph.steps[self.lists[l].nodes[i]].dynamic_choices = true,
            }
            if let Some(default) = literal_string(step, "Default") {
                let to = self.resolve(l, &default);
                self.edge(from.clone(), to, EdgeKind::Default, Some("Default".into()));
                falls_through = false;
            }
        }
        if falls_through {
            // A branch without `Default` falls through when no choice holds.
            let label = step
                .branch
                .is_some()
                .then(|| "no choice matched".to_string());
            self.successor(l, i, step, label);
        }
        if let OnFailure::Step(t) = &step.on_failure {
            let to = self.resolve(l, &t.name);
            self.edge(
                from.clone(),
                to,
                EdgeKind::OnFailure,
                Some("onFailure".into()),
            );
        }
        if let OnCancel::Step(t) = &step.on_cancel {
            let to = self.resolve(l, &t.name);
            self.edge(from, to, EdgeKind::OnCancel, Some("onCancel".into()));
        }
    }

    /// isEnd, else nextStep, else the following step, else the end (of the run, or of a
    /// loop pass), as the engine's default successor.
    fn successor(&mut self, l: usize, i: usize, step: &CompiledStep, label: Option<String>) {
        let from = Endpoint::Step(self.lists[l].nodes[i]);
        let end = |kind: EdgeKind, cx: &ListCx| match cx.outer {
            None => (Endpoint::End, kind),
            Some((_, owner)) => (Endpoint::Step(owner), EdgeKind::LoopRepeat),
        };
        let (to, kind) = if step.is_end {
            end(EdgeKind::IsEnd, &self.lists[l])
        } else if let Some(next) = &step.next_step {
            (self.resolve(l, &next.name), EdgeKind::NextStep)
        } else if let Some(&n) = self.lists[l].nodes.get(i + 1) {
            (Endpoint::Step(n), EdgeKind::Implicit)
        } else {
            end(EdgeKind::Implicit, &self.lists[l])
        };
        let label = match (kind, label) {
            (_, Some(l)) => Some(l),
            (EdgeKind::IsEnd, None) => Some("isEnd".into()),
            (EdgeKind::LoopRepeat, None) => Some("next pass".into()),
            _ => None,
        };
        self.edge(from, to, kind, label);
    }

    /// A step named in list `l`: that list first, then the lists around it (a body step
    /// may leave its loop for a step of the enclosing list), else a missing target.
    fn resolve(&mut self, mut l: usize, name: &str) -> Endpoint {
        loop {
            let cx = &self.lists[l];
            if let Some(pos) = cx.list.position(name) {
                return Endpoint::Step(cx.nodes[pos]);
            }
            match cx.outer {
                Some((outer, _)) => l = outer,
                None => break,
            }
        }
        let next = self.graph.missing.len();
        let index = *self.missing.entry(name.to_string()).or_insert(next);
        if index == next {
            self.graph.missing.push(name.to_string());
        }
        Endpoint::Missing(index)
    }

    fn edge(&mut self, from: Endpoint, to: Endpoint, kind: EdgeKind, label: Option<String>) {
        self.graph.edges.push(Edge {
            from,
            to,
            kind,
            label,
            taken: false,
        });
    }
}

/// An input written as a plain string (`Default: stopIt`).
fn literal_string(step: &CompiledStep, name: &str) -> Option<String> {
    match &step.input(name)?.template {
        Template::Literal(Value::String(s)) => Some(s.clone()),
        _ => None,
    }
}

/// Marks the steps no edge reaches from the start. When a branch takes its choices from a
/// reference, any step may be its target, so nothing is marked.
fn mark_unreachable(graph: &mut Graph) {
    if graph.steps.iter().any(|s| s.dynamic_choices) {
        return;
    }
    let mut reached = vec![false; graph.steps.len()];
    let mut queue: VecDeque<&Endpoint> = VecDeque::from([&Endpoint::Start]);
    while let Some(at) = queue.pop_front() {
        for edge in graph.edges.iter().filter(|e| &e.from == at) {
            if let Endpoint::Step(n) = edge.to
                && !reached[n]
            {
                reached[n] = true;
                queue.push_back(&edge.to);
            }
        }
    }
    for (step, reached) in graph.steps.iter_mut().zip(reached) {
        step.unreachable = !reached;
    }
}
