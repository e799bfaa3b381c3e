//! An in-memory store: both traits over maps behind a mutex. The service's tests run on it,
//! and it documents by example what the traits promise without any SQL in the way.

mod contents;
mod documents;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{
    Claim, ClaimOutcome, ExecutionParts, ExecutionQuery, ExecutionRow, ExecutionStore, PruneRule,
    StepRow, StoreCounts, StoreError,
};
use contents::{Contents, PartKeys};

#[derive(Debug, Default)]
struct Stored {
    row: Option<ExecutionRow>,
    parts: Option<PartKeys>,
    steps: BTreeMap<usize, StepRow>,
    claim: Option<Claim>,
    /// Wall-clock time of the insert, and its position among inserts (for equal times).
    stored_at: (f64, u64),
}

#[derive(Debug, Default)]
struct Inner {
    executions: BTreeMap<String, Stored>,
    inserts: u64,
    contents: Contents,
    documents: documents::Documents,
}

/// A store that lives as long as the value; nothing reaches disk.
#[derive(Debug, Default)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking test thread leaves maps that are still consistent: every method
        // changes them only after all its checks.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn missing(id: &str) -> StoreError {
    StoreError::NotFound(format!("execution `{id}` does not exist"))
}

fn write_steps(stored: &mut Stored, steps: &[StepRow]) {
    for s in steps {
        stored.steps.insert(s.seq, s.clone());
    }
}

/// Newest first, then by id, as the SQLite store orders.
fn newest_first(rows: &mut [ExecutionRow]) {
    rows.sort_by(|a, b| {
        b.start_time
            .total_cmp(&a.start_time)
            .then_with(|| a.id.cmp(&b.id))
    });
}

impl ExecutionStore for MemoryStore {
    fn insert(
        &self,
        row: &ExecutionRow,
        parts: &ExecutionParts,
        steps: &[StepRow],
        claim: Option<&Claim>,
    ) -> Result<(), StoreError> {
        let mut inner = self.lock();
        if inner.executions.contains_key(&row.id) {
            return Err(StoreError::Conflict(format!(
                "execution `{}` already exists",
                row.id
            )));
        }
        inner.inserts += 1;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        let keys = PartKeys {
            world: inner.contents.add(&parts.world),
            setup: inner.contents.add(&parts.setup),
        };
        let mut stored = Stored {
            row: Some(row.clone()),
            parts: Some(keys),
            steps: BTreeMap::new(),
            claim: claim.cloned(),
            stored_at: (now, inner.inserts),
        };
        write_steps(&mut stored, steps);
        inner.executions.insert(row.id.clone(), stored);
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<ExecutionRow>, StoreError> {
        Ok(self.lock().executions.get(id).and_then(|s| s.row.clone()))
    }

    fn parts(&self, id: &str) -> Result<ExecutionParts, StoreError> {
        let inner = self.lock();
        let stored = inner.executions.get(id).ok_or_else(|| missing(id))?;
        let keys = stored.parts.ok_or_else(|| missing(id))?;
        let text = |key| inner.contents.text(key).map(str::to_string);
        match (text(&keys.world), text(&keys.setup)) {
            (Some(world), Some(setup)) => Ok(ExecutionParts { world, setup }),
            // Every key held is counted in `contents`, so this is never reached.
            _ => Err(missing(id)),
        }
    }

    fn steps(&self, id: &str) -> Result<Vec<StepRow>, StoreError> {
        let inner = self.lock();
        Ok(inner
            .executions
            .get(id)
            .map(|s| s.steps.values().cloned().collect())
            .unwrap_or_default())
    }

    fn open_steps(&self, id: &str) -> Result<(usize, Vec<StepRow>), StoreError> {
        let inner = self.lock();
        let Some(stored) = inner.executions.get(id) else {
            return Ok((0, Vec::new()));
        };
        let first_open = stored
            .steps
            .values()
            .find(|s| !s.status.is_terminal())
            .map(|s| s.seq);
        let last_critical = stored
            .steps
            .values()
            .rev()
            .find(|s| s.status.is_terminal() && s.needed_later())
            .map(|s| s.seq);
        let from = match (first_open, last_critical) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => {
                let end = stored.steps.keys().next_back().map_or(0, |last| last + 1);
                return Ok((end, Vec::new()));
            }
        };
        Ok((
            from,
            stored.steps.range(from..).map(|(_, s)| s.clone()).collect(),
        ))
    }

    fn claim(
        &self,
        id: &str,
        claim: &Claim,
        is_live: &dyn Fn(&Claim) -> bool,
    ) -> Result<ClaimOutcome, StoreError> {
        let mut inner = self.lock();
        let stored = inner.executions.get_mut(id).ok_or_else(|| missing(id))?;
        if let Some(held) = &stored.claim
            && is_live(held)
        {
            return Ok(ClaimOutcome::Held(held.clone()));
        }
        let replaced = stored.claim.replace(claim.clone());
        Ok(ClaimOutcome::Claimed { replaced })
    }

    fn commit(
        &self,
        row: &ExecutionRow,
        world: &str,
        steps: &[StepRow],
        token: &str,
    ) -> Result<(), StoreError> {
        let mut inner = self.lock();
        let Inner {
            executions,
            contents,
            ..
        } = &mut *inner;
        let stored = executions
            .get_mut(&row.id)
            .ok_or_else(|| missing(&row.id))?;
        if stored.claim.as_ref().is_none_or(|c| c.token != token) {
            return Err(StoreError::Conflict(format!(
                "execution `{}` is no longer claimed by this process (its claim was released)",
                row.id
            )));
        }
        stored.claim = None;
        stored.row = Some(row.clone());
        if let Some(keys) = &mut stored.parts {
            // The new reference first, so an unchanged world is never dropped in between.
            let old = std::mem::replace(&mut keys.world, contents.add(world));
            contents.release(&old);
        }
        write_steps(stored, steps);
        Ok(())
    }

    fn list(&self, query: &ExecutionQuery) -> Result<Vec<ExecutionRow>, StoreError> {
        let inner = self.lock();
        let mut rows: Vec<ExecutionRow> = inner
            .executions
            .values()
            .filter_map(|s| s.row.clone())
            .filter(|r| query.filters.iter().all(|f| f.matches(r)))
            .collect();
        newest_first(&mut rows);
        let limit = query.limit.unwrap_or(usize::MAX);
        Ok(rows.into_iter().skip(query.offset).take(limit).collect())
    }

    fn counts(&self) -> Result<StoreCounts, StoreError> {
        let inner = self.lock();
        Ok(StoreCounts {
            executions: inner.executions.len() as u64,
            step_records: inner
                .executions
                .values()
                .map(|s| s.steps.len() as u64)
                .sum(),
            contents: inner.contents.len() as u64,
        })
    }

    fn prune(&self, rule: &PruneRule) -> Result<usize, StoreError> {
        let mut inner = self.lock();
        let mut terminal: Vec<(&String, (f64, u64))> = inner
            .executions
            .iter()
            .filter(|(_, s)| s.row.as_ref().is_some_and(|r| r.status.is_terminal()))
            .map(|(id, s)| (id, s.stored_at))
            .collect();
        // Most recently stored first.
        terminal.sort_by(|a, b| b.1.0.total_cmp(&a.1.0).then(b.1.1.cmp(&a.1.1)));
        let doomed: Vec<String> = terminal
            .into_iter()
            .skip(rule.keep.unwrap_or(0))
            .filter(|(_, (at, _))| rule.stored_before.is_none_or(|t| *at < t))
            .map(|(id, _)| id.clone())
            .collect();
        for id in &doomed {
            let keys = inner.executions.remove(id).and_then(|s| s.parts);
            if let Some(keys) = keys {
                inner.contents.release(&keys.world);
                inner.contents.release(&keys.setup);
            }
        }
        Ok(doomed.len())
    }
}
