//! Reading stored executions: GetAutomationExecution, DescribeAutomationExecutions and
//! DescribeAutomationStepExecutions. Nothing here claims or writes.

use super::state::{self, Loaded, MockUses, Runtime};
use super::{Service, ServiceError};
use crate::driver::SimWorld;
use crate::exec::{Execution, StepRecord};
use crate::store::{DocumentStore, ExecutionQuery, ExecutionRow, ExecutionStore, PruneRule};

/// An execution with all its records, and the records of the top-level steps that have not
/// started (as GetAutomationExecution shows them).
pub struct ExecutionView {
    pub execution: Execution,
    pub pending: Vec<StepRecord>,
}

impl<S: ExecutionStore + DocumentStore> Service<'_, S> {
    /// The execution with every record.
    pub fn execution(&self, id: &str) -> Result<Execution, ServiceError> {
        let row = self
            .store
            .get(id)?
            .ok_or_else(|| ServiceError::ExecutionNotFound(id.to_string()))?;
        self.complete(&row)
    }

    fn complete(&self, row: &ExecutionRow) -> Result<Execution, ServiceError> {
        let steps = self.store.steps(&row.id)?;
        Ok(Loaded::decode(row, 0, steps)?.execution)
    }

    /// GetAutomationExecution: the execution, with the steps that have not started.
    pub fn get(&self, id: &str) -> Result<ExecutionView, ServiceError> {
        let execution = self.execution(id)?;
        let parts = self.store.parts(id).map_err(|e| ServiceError::on(id, e))?;
        // A document that can no longer be read hides only the pending steps. A synthesized
        // child has no document here, and the setup it is stored with is its parent's.
        if execution.synthesized {
            return Ok(ExecutionView {
                execution,
                pending: Vec::new(),
            });
        }
        let pending = state::decode_setup(id, &parts.setup)
            .and_then(|setup| setup.document.parse(id))
            .map(|doc| crate::exec::pending_steps(&doc, &execution))
            .unwrap_or_default();
        Ok(ExecutionView { execution, pending })
    }

    /// The document `id` runs, as it was when the execution started.
    pub fn document(&self, id: &str) -> Result<crate::document::Document, ServiceError> {
        let parts = self.store.parts(id).map_err(|e| ServiceError::on(id, e))?;
        state::decode_setup(id, &parts.setup)?.document.parse(id)
    }

    /// DescribeAutomationExecutions: the executions `query` selects, newest first. Filters
    /// and the page are applied by the store, so only the page is decoded.
    /// An execution whose state cannot be decoded is left out, so that one damaged row does
    /// not hide the others (`get` of its id names the damage).
    pub fn describe(&self, query: &ExecutionQuery) -> Result<Vec<Execution>, ServiceError> {
        let mut out = Vec::new();
        for row in self.store.list(query)? {
            match self.complete(&row) {
                Ok(execution) => out.push(execution),
                Err(ServiceError::UnreadableState { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// The simulated world as the execution left it.
    pub fn world(&self, id: &str) -> Result<SimWorld, ServiceError> {
        let parts = self.store.parts(id).map_err(|e| ServiceError::on(id, e))?;
        Ok(Runtime::decode(id, &parts.world)?.world)
    }

    /// The mock entries the execution never used; the world is not decoded.
    pub fn unused_mocks(&self, id: &str) -> Result<Vec<String>, ServiceError> {
        let parts = self.store.parts(id).map_err(|e| ServiceError::on(id, e))?;
        let setup = state::decode_setup(id, &parts.setup)?;
        let uses = MockUses::decode(id, &parts.world)?;
        let (api, steps) = setup.mocks(&uses)?;
        // The same file feeds both halves; each half reports the entries it owns.
        let is_step = |u: &String| u.contains(": Step ");
        let unused = api
            .unused()
            .into_iter()
            .filter(|u| !is_step(u))
            .chain(steps.0.unused().into_iter().filter(is_step))
            .collect();
        Ok(unused)
    }

    /// Removes the terminal executions `rule` selects; returns how many.
    pub fn prune(&self, rule: &PruneRule) -> Result<usize, ServiceError> {
        Ok(self.store.prune(rule)?)
    }
}
