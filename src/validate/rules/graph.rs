//! The step graph of one step list: which steps may run after which, and why. A loop body is
//! a list of its own: a jump out of it ends the body's graph and continues, in the enclosing
//! list's graph, from the loop step.

use crate::document::{Spanned, Step};
use crate::source::Span;
use crate::validate::context::{ListId, StepId, Steps};

/// Why control may pass from one step to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// After the step succeeded (nextStep, fall-through, a branch choice or Default).
    Success,
    /// After it failed (`onFailure: Continue` or `step:X`).
    Failure,
    /// After it was cancelled (`onCancel: step:X`).
    Cancel,
}

/// A step named as a transition target, as written.
pub struct Target<'d> {
    /// The field that names it, for messages: `nextStep`, `onFailure`, `NextStep`...
    pub field: &'static str,
    pub name: &'d str,
    pub span: Span,
    pub kind: Kind,
}

/// Every step named by `step`'s transitions. Values that are not well-formed
/// (`onFailure: Retry`) are left to the targets rule.
pub fn targets<'d>(step: &'d Step) -> Vec<Target<'d>> {
    let mut out = Vec::new();
    if let Some(next) = &step.next_step {
        out.push(Target {
            field: "nextStep",
            name: &next.value,
            span: next.span,
            kind: Kind::Success,
        });
    }
    let jump = |value: &'d Option<Spanned<String>>| {
        value
            .as_ref()
            .and_then(|v| Some((v.value.strip_prefix("step:")?, v.span)))
    };
    if let Some((name, span)) = jump(&step.on_failure) {
        let (field, kind) = ("onFailure", Kind::Failure);
        out.push(Target {
            field,
            name,
            span,
            kind,
        });
    }
    if let Some((name, span)) = jump(&step.on_cancel) {
        let (field, kind) = ("onCancel", Kind::Cancel);
        out.push(Target {
            field,
            name,
            span,
            kind,
        });
    }
    if step.action.value == "aws:branch" {
        let choices = step
            .inputs
            .get("Choices")
            .and_then(|c| c.seq())
            .unwrap_or_default();
        for choice in choices {
            if let Some(node) = choice.get("NextStep")
                && let Some(name) = node.str()
            {
                out.push(Target {
                    field: "NextStep",
                    name,
                    span: node.span,
                    kind: Kind::Success,
                });
            }
        }
        if let Some(node) = step.inputs.get("Default")
            && let Some(name) = node.str()
        {
            out.push(Target {
                field: "Default",
                name,
                span: node.span,
                kind: Kind::Success,
            });
        }
    }
    out
}

/// Where control goes: a position in the list, or the end of the list.
pub type To = Option<usize>;

/// The graph of one list; nodes are positions in the list.
pub struct Graph {
    pub ids: Vec<StepId>,
    pub edges: Vec<Vec<(To, Kind)>>,
    /// The one step that follows on success when nothing can change it: set for steps
    /// that are not branches, are not `isEnd`, and have no `onFailure: step:X` exit.
    pub unconditional: Vec<To>,
    /// False when some transition names no step: the edges are then incomplete, so what
    /// is reachable and what ran before what is unknown until that error is fixed.
    pub complete: bool,
}

impl Graph {
    pub fn new(steps: &Steps, list: ListId) -> Graph {
        let ids = steps.lists[list].clone();
        // Where a transition of step `from` leads in this list: a position, the end of the
        // list (a jump out of a loop body), or nowhere (an unknown name, reported elsewhere).
        let to = |from: StepId, name: &str| -> Option<To> {
            let target = steps.resolve_target(from, name)?;
            let entry = &steps.all[target];
            Some((entry.list == list).then_some(entry.pos))
        };
        let complete = ids.iter().all(|&id| {
            targets(steps.all[id].step)
                .iter()
                .all(|t| steps.resolve_target(id, t.name).is_some())
        });
        let mut edges = Vec::with_capacity(ids.len());
        let mut unconditional = Vec::with_capacity(ids.len());
        for (p, &id) in ids.iter().enumerate() {
            let step = steps.all[id].step;
            // Success without a branch decision: isEnd, else nextStep, else the next step.
            let fall: Vec<To> = if step.is_end() {
                vec![None]
            } else if let Some(next) = &step.next_step {
                to(id, &next.value).into_iter().collect()
            } else {
                vec![(p + 1 < ids.len()).then_some(p + 1)]
            };
            let mut out: Vec<(To, Kind)> = Vec::new();
            let is_branch = step.action.value == "aws:branch";
            let mut has_default = false;
            for t in targets(step) {
                has_default |= t.field == "Default";
                if t.field != "nextStep"
                    && let Some(dest) = to(id, t.name)
                {
                    out.push((dest, t.kind));
                }
            }
            if !is_branch || !has_default {
                out.extend(fall.iter().map(|&dest| (dest, Kind::Success)));
            }
            let on_failure = step.on_failure.as_ref().map(|f| f.value.as_str());
            if on_failure == Some("Continue") {
                out.extend(fall.iter().map(|&dest| (dest, Kind::Failure)));
            }
            // A loop also continues wherever its body jumps out to.
            out.extend(escapes(steps, id).into_iter().map(|target| {
                let entry = &steps.all[target];
                ((entry.list == list).then_some(entry.pos), Kind::Success)
            }));
            let escapes = on_failure.is_some_and(|f| f.starts_with("step:"));
            let single = match fall.as_slice() {
                [Some(dest)] if !is_branch && !escapes => Some(*dest),
                _ => None,
            };
            unconditional.push(single);
            edges.push(out);
        }
        Graph {
            ids,
            edges,
            unconditional,
            complete,
        }
    }

    /// Positions reachable from the first step along any edge.
    pub fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.ids.len()];
        let mut stack: Vec<usize> = if self.ids.is_empty() { vec![] } else { vec![0] };
        while let Some(p) = stack.pop() {
            if std::mem::replace(&mut seen[p], true) {
                continue;
            }
            stack.extend(
                self.edges[p]
                    .iter()
                    .filter_map(|(to, _)| *to)
                    .filter(|&to| !seen[to]),
            );
        }
        seen
    }

    /// Each cycle of unconditional transitions once, as positions in the order they run,
    /// starting from the one that comes first in the list.
    pub fn unconditional_cycles(&self) -> Vec<Vec<usize>> {
        // 0: not visited, 1: on the current path, 2: done
        let mut state = vec![0u8; self.ids.len()];
        let mut cycles = Vec::new();
        for start in 0..self.ids.len() {
            let mut path = Vec::new();
            let mut next = Some(start);
            while let Some(p) = next
                && state[p] == 0
            {
                state[p] = 1;
                path.push(p);
                next = self.unconditional[p];
            }
            // Back on the current path: the part from there on is a cycle.
            if let Some(p) = next
                && state[p] == 1
                && let Some(at) = path.iter().position(|&q| q == p)
            {
                let mut cycle = path[at..].to_vec();
                let first = cycle
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, q)| **q)
                    .map_or(0, |(i, _)| i);
                cycle.rotate_left(first);
                cycles.push(cycle);
            }
            for q in path {
                state[q] = 2;
            }
        }
        cycles
    }
}

/// The steps outside loop step `id` that transitions inside its body lead to.
fn escapes(steps: &Steps, id: StepId) -> Vec<StepId> {
    if steps.all[id].body.is_none() {
        return Vec::new();
    }
    let inside = |s: StepId| s != id && steps.ancestry(s).contains(&id);
    let mut out = Vec::new();
    for s in (0..steps.all.len()).filter(|&s| inside(s)) {
        for t in targets(steps.all[s].step) {
            if let Some(target) = steps.resolve_target(s, t.name)
                && !inside(target)
                && !out.contains(&target)
            {
                out.push(target);
            }
        }
    }
    out
}
