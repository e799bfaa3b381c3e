//! The step graph of a runbook: what renderers draw. It is plain data so that every front
//! end (the `graph` command's Mermaid, DOT and text, or a web page) draws the same thing.

use crate::exec::Status;

/// Every step of a document, the transitions between them, and, when an execution is
/// drawn on it, what that execution did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    /// Steps in document order, each loop's body right after its loop step.
    pub steps: Vec<StepNode>,
    pub edges: Vec<Edge>,
    /// Targets that name no step, in the order they are first named.
    pub missing: Vec<String>,
    /// The execution drawn on the graph, if any.
    pub execution: Option<ExecutionInfo>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepNode {
    /// A short identifier made of ASCII letters, digits and `_`, unique in the graph, safe
    /// as a node id in Mermaid and DOT whatever the step's name is (`s2`, `s2_0`).
    pub id: String,
    pub name: String,
    pub action: String,
    /// The loop step (an index into `steps`) whose body holds this step.
    pub parent: Option<usize>,
    pub is_end: bool,
    /// No transition leads here from the start. Left `false` when the graph cannot tell,
    /// because a branch of the same list takes its choices from a reference.
    pub unreachable: bool,
    /// An `aws:branch` whose `Choices` is a reference: its targets are known only at run time.
    pub dynamic_choices: bool,
    /// What the drawn execution did with this step.
    pub run: Option<StepRun>,
}

/// A step's records in an execution: the status of its latest record, and how many times
/// it ran (loop passes, or a step reached again).
#[derive(Clone, Debug, PartialEq)]
pub struct StepRun {
    pub status: Status,
    pub runs: u32,
    /// Attempts of the latest run (more than one when `maxAttempts` retried it).
    pub attempts: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExecutionInfo {
    pub id: String,
    pub status: Status,
}

/// One end of an edge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Start,
    End,
    /// An index into [`Graph::steps`].
    Step(usize),
    /// An index into [`Graph::missing`].
    Missing(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// From the start to the first step.
    Start,
    /// `nextStep`.
    NextStep,
    /// Falling through to the following step, or to the end after the last one.
    Implicit,
    /// `isEnd: true`.
    IsEnd,
    /// An `aws:branch` choice; the label is its condition.
    Choice,
    /// An `aws:branch` `Default`.
    Default,
    /// `onFailure: step:X`.
    OnFailure,
    /// `onCancel: step:X`.
    OnCancel,
    /// From a loop step to the first step of its body.
    LoopBody,
    /// From the end of a loop pass back to its loop step.
    LoopRepeat,
}

impl EdgeKind {
    /// Transitions taken only when something goes wrong, drawn apart from the normal flow.
    pub fn is_exceptional(self) -> bool {
        matches!(self, EdgeKind::OnFailure | EdgeKind::OnCancel)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub from: Endpoint,
    pub to: Endpoint,
    pub kind: EdgeKind,
    /// Plain text (a condition, `Default`, `onFailure`), unescaped; renderers escape it.
    pub label: Option<String>,
    /// The drawn execution went this way.
    pub taken: bool,
}

impl Graph {
    /// The steps whose `parent` is `parent` (`None`: mainSteps), in order.
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        (0..self.steps.len()).filter(move |&i| self.steps[i].parent == parent)
    }

    /// Whether a step is a loop step with a body.
    pub fn has_body(&self, step: usize) -> bool {
        self.steps.iter().any(|s| s.parent == Some(step))
    }

    /// The display name of an endpoint.
    pub fn endpoint_name(&self, e: &Endpoint) -> String {
        match e {
            Endpoint::Start => "start".into(),
            Endpoint::End => "end".into(),
            Endpoint::Step(i) => self.steps[*i].name.clone(),
            Endpoint::Missing(i) => self.missing[*i].clone(),
        }
    }
}

impl Graph {
    /// The id of an endpoint in a drawing: the step's own id, `n_start`, `n_end`, or `m0`
    /// for the first missing target.
    pub fn node_id(&self, e: &Endpoint) -> String {
        match e {
            Endpoint::Start => "n_start".into(),
            Endpoint::End => "n_end".into(),
            Endpoint::Step(i) => self.steps[*i].id.clone(),
            Endpoint::Missing(i) => format!("m{i}"),
        }
    }
}
