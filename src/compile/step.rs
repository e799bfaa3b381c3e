//! One compiled step, and the parts of it the engine reads: action, inputs, outputs, flow.

use super::StepList;
use crate::actions::{ActionKind, ActionSpec, InputType, lookup};
use crate::condition::Condition;
use crate::document::{DataType, Step};
use crate::selector::Selector;
use crate::template::Template;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct CompiledStep {
    pub name: String,
    pub action: ActionRef,
    pub inputs: Vec<Input>,
    pub outputs: Vec<Output>,
    pub max_attempts: u32,
    /// `timeoutSeconds` as written (negative counts as 0), for the step record.
    pub timeout_seconds: Option<u64>,
    /// The deadline of one attempt: `timeoutSeconds`, else the action's default, capped at
    /// the action's maximum; saturated, so no document number overflows.
    pub attempt_timeout_ms: Option<i64>,
    pub on_failure: OnFailure,
    /// `onFailure` as written, for the step record.
    pub on_failure_text: String,
    pub on_cancel: OnCancel,
    pub is_end: bool,
    pub is_critical: bool,
    pub next_step: Option<Target>,
    /// For `aws:branch`.
    pub branch: Option<Branch>,
    /// For `aws:loop`.
    pub looping: Option<Loop>,
}

/// The step's action: its catalogue entry, or the unknown name as written.
#[derive(Clone, Debug)]
pub enum ActionRef {
    Known(&'static ActionSpec),
    Unknown(String),
}

impl ActionRef {
    pub fn name(&self) -> &str {
        match self {
            ActionRef::Known(spec) => spec.name,
            ActionRef::Unknown(name) => name,
        }
    }

    pub fn kind(&self) -> Option<ActionKind> {
        match self {
            ActionRef::Known(spec) => Some(spec.kind),
            ActionRef::Unknown(_) => None,
        }
    }

    pub fn spec(&self) -> Option<&'static ActionSpec> {
        match self {
            ActionRef::Known(spec) => Some(spec),
            ActionRef::Unknown(_) => None,
        }
    }
}

/// One input, scanned for references. `deferred` inputs (a loop's body and condition) are
/// recorded as written and evaluated by the loop itself.
#[derive(Clone, Debug)]
pub struct Input {
    pub name: String,
    pub template: Template,
    pub ty: Option<InputType>,
    pub deferred: bool,
}

/// A user-defined output (spec §4.4); a selector that does not parse fails the step.
#[derive(Clone, Debug)]
pub struct Output {
    pub name: String,
    pub selector: Result<Selector, String>,
    pub ty: DataType,
}

/// A step named by a transition. `index` is its position in the list of the step that names
/// it; `None` when it is not in that list (a jump out of a loop body, or no such step).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub index: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnFailure {
    Abort,
    Continue,
    Step(Target),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnCancel {
    Abort,
    Step(Target),
}

/// `aws:branch` choices, parsed once. `choices` is `None` when `Choices` is itself a
/// reference, so only the resolved value can be parsed.
#[derive(Clone, Debug)]
pub struct Branch {
    pub choices: Option<Result<Vec<Choice>, String>>,
}

#[derive(Clone, Debug)]
pub struct Choice {
    pub condition: Condition<Template>,
    pub next: Option<Target>,
}

/// `aws:loop`: its body as a step list of its own, and its condition parsed once.
#[derive(Clone, Debug)]
pub struct Loop {
    pub body: StepList,
    pub condition: Option<Result<Condition<Template>, String>>,
    /// `LoopCondition` as written, for the step record.
    pub condition_raw: Option<Value>,
    pub iterators: Option<Template>,
    pub max_iterations: Option<Template>,
}

impl CompiledStep {
    /// `index` maps the names of the step's own list to positions, for targets.
    pub(super) fn new(step: &Step, index: &HashMap<String, usize>) -> CompiledStep {
        let target = |name: &str| Target {
            name: name.to_string(),
            index: index.get(name).copied(),
        };
        let action = match lookup(&step.action.value) {
            Some(spec) => ActionRef::Known(spec),
            None => ActionRef::Unknown(step.action.value.clone()),
        };
        let spec = action.spec();
        let kind = action.kind();
        let raw = match step.inputs.to_json() {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        let is_loop = kind == Some(ActionKind::Loop);
        let inputs = raw
            .iter()
            .map(|(k, v)| {
                let deferred = is_loop && (k == "Steps" || k == "LoopCondition");
                Input {
                    name: k.clone(),
                    template: if deferred {
                        Template::Literal(v.clone())
                    } else {
                        Template::new(v)
                    },
                    ty: spec.and_then(|s| s.input(k)).map(|i| i.ty),
                    deferred,
                }
            })
            .collect();
        let written_timeout = step.timeout_seconds.as_ref().map(|t| t.value.max(0) as u64);
        let attempt_timeout_ms = written_timeout
            .or(spec.and_then(|s| s.default_timeout_seconds))
            .map(|t| {
                spec.and_then(|s| s.max_timeout_seconds)
                    .map_or(t, |max| t.min(max))
            })
            .map(|t| i64::try_from(t).unwrap_or(i64::MAX).saturating_mul(1000));
        let on_failure_text = step
            .on_failure
            .as_ref()
            .map_or("Abort".to_string(), |f| f.value.clone());
        // Anything but `Abort` and `step:X` carries on (validation reports unknown values).
        let on_failure = match on_failure_text.as_str() {
            "Abort" => OnFailure::Abort,
            text => match text.strip_prefix("step:") {
                Some(name) => OnFailure::Step(target(name)),
                None => OnFailure::Continue,
            },
        };
        let on_cancel = match step
            .on_cancel
            .as_ref()
            .and_then(|c| c.value.strip_prefix("step:"))
        {
            Some(name) => OnCancel::Step(target(name)),
            None => OnCancel::Abort,
        };
        CompiledStep {
            name: step.name.value.clone(),
            action,
            inputs,
            outputs: step.outputs.iter().map(output).collect(),
            max_attempts: step.max_attempts(),
            timeout_seconds: written_timeout,
            attempt_timeout_ms,
            on_failure,
            on_failure_text,
            on_cancel,
            is_end: step.is_end(),
            is_critical: step.effective_is_critical(),
            next_step: step.next_step.as_ref().map(|n| target(&n.value)),
            branch: (kind == Some(ActionKind::Branch)).then(|| branch(&raw, &target)),
            looping: is_loop.then(|| looping(step, &raw)),
        }
    }

    pub fn input(&self, name: &str) -> Option<&Input> {
        self.inputs.iter().find(|i| i.name == name)
    }
}

fn output(o: &crate::document::StepOutput) -> Output {
    Output {
        name: o.name.value.clone(),
        selector: Selector::parse(&o.selector.value),
        ty: o.ty.unwrap_or(DataType::String),
    }
}

fn branch(raw: &serde_json::Map<String, Value>, target: &dyn Fn(&str) -> Target) -> Branch {
    let choices = match raw.get("Choices") {
        Some(Value::String(_)) => None,
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .enumerate()
                .map(|(i, choice)| {
                    let condition = Condition::from_json(choice)
                        .map_err(|e| format!("choice {}: {e}", i + 1))?;
                    Ok(Choice {
                        condition: condition.map(&Template::new),
                        next: choice.get("NextStep").and_then(Value::as_str).map(target),
                    })
                })
                .collect(),
        ),
        _ => Some(Err("aws:branch needs a `Choices` list".to_string())),
    };
    Branch { choices }
}

fn looping(step: &Step, raw: &serde_json::Map<String, Value>) -> Loop {
    let condition_raw = raw.get("LoopCondition").cloned();
    Loop {
        body: StepList::new(&step.loop_steps),
        condition: condition_raw.as_ref().map(|c| {
            Condition::from_json(c)
                .map(|c| c.map(&Template::new))
                .map_err(|e| format!("`LoopCondition`: {e}"))
        }),
        condition_raw,
        iterators: raw.get("Iterators").map(Template::new),
        max_iterations: raw.get("MaxIterations").map(Template::new),
    }
}
