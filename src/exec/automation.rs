//! The Automation operations of `ssm` (GetAutomationExecution, …) called from inside a run,
//! by `aws:executeAwsApi`, the property actions or a script's boto3 client. The executions
//! they ask about are held by whoever runs the engine (the execution service and its
//! store), except the one running, whose state as of the call only the engine holds. So the
//! engine is given an [`AutomationApi`], and hands it, with each call, the executions it
//! holds in memory.

use super::execution::{Execution, StepRecord};
use crate::compile::Compiled;
use crate::driver::forward_clock_and_identity;
use crate::driver::{ApiError, CloudDriver, Expectation, LocalApi, SimWorld};
use serde_json::Value;

/// The operations answered from executions; the others of `ssm` go to the world.
pub const OPERATIONS: &[&str] = &[
    "GetAutomationExecution",
    "DescribeAutomationExecutions",
    "DescribeAutomationStepExecutions",
    "StartAutomationExecution",
    "StopAutomationExecution",
    "SendAutomationSignal",
];

/// The executions of this engine that the store does not hold as they are now: the one
/// running (as of the call: its own step `InProgress`, earlier steps with their outputs) and
/// the children it ran, which are stored only when the run commits.
pub struct Live<'l> {
    pub running: &'l Execution,
    pub compiled: &'l Compiled,
    pub children: &'l [Execution],
}

impl Live<'_> {
    /// The execution with this id, if the engine holds it, with the records of its
    /// top-level steps that have not started (the running one's only: a child has ended).
    pub fn find(&self, id: &str) -> Option<(&Execution, Vec<StepRecord>)> {
        if self.running.id == id {
            let pending = super::pending_steps_compiled(self.compiled, self.running);
            return Some((self.running, pending));
        }
        self.children
            .iter()
            .find(|c| c.id == id)
            .map(|c| (c, Vec::new()))
    }

    /// Every execution the engine holds.
    pub fn all(&self) -> impl Iterator<Item = &Execution> {
        std::iter::once(self.running).chain(self.children)
    }
}

/// Answers the Automation operations of `ssm` (the model's names, requests checked against
/// the model) for a run; `None` leaves the call to the world, and so to a synthesized
/// answer.
pub trait AutomationApi {
    /// `world`: the simulated account as the running execution sees it now.
    fn answer(
        &self,
        api: &str,
        request: &Value,
        live: &Live<'_>,
        world: &SimWorld,
    ) -> Option<Result<Value, ApiError>>;
}

/// The run's side of [`LocalApi`]: Automation calls go to the engine's [`AutomationApi`].
struct RunView<'v> {
    api: &'v dyn AutomationApi,
    live: Live<'v>,
}

impl LocalApi for RunView<'_> {
    fn answer(
        &self,
        service: &str,
        api: &str,
        request: &Value,
        world: &SimWorld,
    ) -> Option<Result<Value, ApiError>> {
        if !service.eq_ignore_ascii_case("ssm") || !OPERATIONS.contains(&api) {
            return None;
        }
        self.api.answer(api, request, &self.live, world)
    }
}

/// The driver an action sees: every call carries the run's view, so that the driver chain
/// can answer Automation calls from it. Actions and scripts need not know.
pub(crate) struct RunDriver<'d> {
    inner: &'d mut dyn CloudDriver,
    view: Option<RunView<'d>>,
}

impl<'d> RunDriver<'d> {
    pub fn new(
        inner: &'d mut dyn CloudDriver,
        api: Option<&'d dyn AutomationApi>,
        live: Live<'d>,
    ) -> RunDriver<'d> {
        RunDriver {
            inner,
            view: api.map(|api| RunView { api, live }),
        }
    }
}

impl CloudDriver for RunDriver<'_> {
    fn call(&mut self, service: &str, api: &str, params: &Value) -> Result<Value, ApiError> {
        self.call_expecting(service, api, params, &[])
    }

    fn call_expecting(
        &mut self,
        service: &str,
        api: &str,
        params: &Value,
        expect: &[Expectation],
    ) -> Result<Value, ApiError> {
        match &self.view {
            Some(view) => self.inner.call_local(service, api, params, expect, view),
            None => self.inner.call_expecting(service, api, params, expect),
        }
    }

    fn enter_step(&mut self, step: &str) {
        self.inner.enter_step(step);
    }

    forward_clock_and_identity!(inner);
}
