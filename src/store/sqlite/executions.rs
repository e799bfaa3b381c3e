//! `ExecutionStore` over the `executions` and `step_records` tables.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::SqliteStore;
use super::contents::{self, Content};
use super::query;
use crate::exec::{Mode, Status};
use crate::store::{
    Claim, ClaimOutcome, ExecutionParts, ExecutionQuery, ExecutionRow, ExecutionStore, PruneRule,
    StepRow, StoreCounts, StoreError,
};

pub(super) const SELECT: &str = "SELECT id, document_name, document_version, status, mode, \
                      start_time, end_time, parent_id, current_step, current_action, state \
                      FROM executions";

fn missing(id: &str) -> StoreError {
    StoreError::NotFound(format!("execution `{id}` does not exist"))
}

impl ExecutionStore for SqliteStore {
    fn insert(
        &self,
        row: &ExecutionRow,
        parts: &ExecutionParts,
        steps: &[StepRow],
        claim: Option<&Claim>,
    ) -> Result<(), StoreError> {
        let (world, setup) = (Content::new(&parts.world), Content::new(&parts.setup));
        self.write(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let taken = conn
                .query_row("SELECT 1 FROM executions WHERE id = ?1", [&row.id], |_| {
                    Ok(())
                })
                .optional()
                .map_err(sqlite)?;
            if taken.is_some() {
                return Err(StoreError::Conflict(format!(
                    "execution `{}` already exists",
                    row.id
                )));
            }
            conn.execute(
                "INSERT INTO executions (id, document_name, document_version, status, mode, \
                 start_time, end_time, parent_id, current_step, current_action, state, \
                 claim_pid, claim_started, claim_token, claim_operation, claim_step) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, \
                 ?16)",
                params![
                    row.id,
                    row.document_name,
                    row.document_version,
                    row.status.as_str(),
                    row.mode.as_str(),
                    row.start_time,
                    row.end_time,
                    row.parent_id,
                    row.current_step,
                    row.current_action,
                    row.state,
                    claim.map(|c| c.pid),
                    claim.and_then(|c| c.started.map(|s| s as i64)),
                    claim.map(|c| &c.token),
                    claim.map(|c| &c.operation),
                    claim.and_then(|c| c.step.as_ref()),
                ],
            )
            .map_err(sqlite)?;
            contents::put(conn, &self.path, &world)?;
            contents::put(conn, &self.path, &setup)?;
            conn.execute(
                "INSERT INTO execution_parts (execution_id, world, setup) VALUES (?1, ?2, ?3)",
                params![row.id, world.hash, setup.hash],
            )
            .map_err(sqlite)?;
            write_steps(conn, &self.path, &row.id, steps)
        })
    }

    fn get(&self, id: &str) -> Result<Option<ExecutionRow>, StoreError> {
        self.read(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let mut stmt = conn
                .prepare_cached(&format!("{SELECT} WHERE id = ?1"))
                .map_err(sqlite)?;
            let mut rows = stmt.query([id]).map_err(sqlite)?;
            match rows.next().map_err(sqlite)? {
                Some(row) => decode(&self.path, row).map(Some),
                None => Ok(None),
            }
        })
    }

    fn parts(&self, id: &str) -> Result<ExecutionParts, StoreError> {
        self.read(|conn| contents::read_parts(conn, &self.path, id)?.ok_or_else(|| missing(id)))
    }

    fn steps(&self, id: &str) -> Result<Vec<StepRow>, StoreError> {
        self.read(|conn| read_steps(conn, &self.path, id, 0))
    }

    fn open_steps(&self, id: &str) -> Result<(usize, Vec<StepRow>), StoreError> {
        self.read(|conn| {
            // The first open record, or the last critical failure if that comes earlier.
            let from: Option<i64> = conn
                .query_row(
                    "SELECT min(seq) FROM ( \
                       SELECT min(seq) AS seq FROM step_records WHERE execution_id = ?1 \
                         AND status NOT IN ('Success', 'TimedOut', 'Cancelled', 'Failed') \
                       UNION ALL \
                       SELECT max(seq) FROM step_records WHERE execution_id = ?1 \
                         AND critical AND status IN ('Failed', 'TimedOut'))",
                    [id],
                    |r| r.get(0),
                )
                .map_err(|e| StoreError::sqlite(&self.path, e))?;
            let from = match from {
                Some(from) => from,
                None => conn
                    .query_row(
                        "SELECT coalesce(max(seq) + 1, 0) FROM step_records \
                         WHERE execution_id = ?1",
                        [id],
                        |r| r.get(0),
                    )
                    .map_err(|e| StoreError::sqlite(&self.path, e))?,
            };
            let steps = read_steps(conn, &self.path, id, from)?;
            Ok((usize::try_from(from).unwrap_or(0), steps))
        })
    }

    fn claim(
        &self,
        id: &str,
        claim: &Claim,
        is_live: &dyn Fn(&Claim) -> bool,
    ) -> Result<ClaimOutcome, StoreError> {
        self.write(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let held = conn
                .query_row(
                    "SELECT claim_pid, claim_started, claim_token, claim_operation, claim_step \
                     FROM executions WHERE id = ?1",
                    [id],
                    read_claim,
                )
                .optional()
                .map_err(sqlite)?
                .ok_or_else(|| missing(id))?;
            if let Some(held) = &held
                && is_live(held)
            {
                return Ok(ClaimOutcome::Held(held.clone()));
            }
            conn.execute(
                "UPDATE executions SET claim_pid = ?2, claim_started = ?3, claim_token = ?4, \
                 claim_operation = ?5, claim_step = ?6 WHERE id = ?1",
                params![
                    id,
                    claim.pid,
                    claim.started.map(|s| s as i64),
                    claim.token,
                    claim.operation,
                    claim.step
                ],
            )
            .map_err(sqlite)?;
            Ok(ClaimOutcome::Claimed { replaced: held })
        })
    }

    fn commit(
        &self,
        row: &ExecutionRow,
        world: &str,
        steps: &[StepRow],
        token: &str,
    ) -> Result<(), StoreError> {
        let world = Content::new(world);
        self.write(|conn| {
            let changed = conn
                .execute(
                    "UPDATE executions SET document_name = ?2, document_version = ?3, \
                     status = ?4, mode = ?5, start_time = ?6, end_time = ?7, parent_id = ?8, \
                     current_step = ?9, current_action = ?10, state = ?11, \
                     claim_pid = NULL, claim_started = NULL, claim_token = NULL, \
                     claim_operation = NULL, claim_step = NULL \
                     WHERE id = ?1 AND claim_token = ?12",
                    params![
                        row.id,
                        row.document_name,
                        row.document_version,
                        row.status.as_str(),
                        row.mode.as_str(),
                        row.start_time,
                        row.end_time,
                        row.parent_id,
                        row.current_step,
                        row.current_action,
                        row.state,
                        token,
                    ],
                )
                .map_err(|e| StoreError::sqlite(&self.path, e))?;
            if changed == 0 {
                return Err(StoreError::Conflict(format!(
                    "execution `{}` is no longer claimed by this process (its claim was released)",
                    row.id
                )));
            }
            // The new world goes in before the reference moves to it (the foreign key), and
            // a trigger deletes the old one if nothing else refers to it. An unchanged world
            // writes nothing.
            contents::put(conn, &self.path, &world)?;
            conn.execute(
                "UPDATE execution_parts SET world = ?2 WHERE execution_id = ?1 AND world IS NOT ?2",
                params![row.id, world.hash],
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
            write_steps(conn, &self.path, &row.id, steps)
        })
    }

    fn list(&self, q: &ExecutionQuery) -> Result<Vec<ExecutionRow>, StoreError> {
        self.read(|conn| {
            let sqlite = |e| StoreError::sqlite(&self.path, e);
            let (clause, values) = query::where_clause(&q.filters);
            let limit = q.limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
            let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);
            let sql = format!(
                "{SELECT}{clause} ORDER BY start_time DESC, id LIMIT {limit} OFFSET {offset}"
            );
            let mut stmt = conn.prepare(&sql).map_err(sqlite)?;
            let mut rows = stmt
                .query(rusqlite::params_from_iter(values.iter()))
                .map_err(sqlite)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(sqlite)? {
                out.push(decode(&self.path, row)?);
            }
            Ok(out)
        })
    }

    fn counts(&self) -> Result<StoreCounts, StoreError> {
        self.read(|conn| {
            conn.query_row(
                "SELECT (SELECT count(*) FROM executions), (SELECT count(*) FROM step_records), \
                 (SELECT count(*) FROM contents)",
                [],
                |r| {
                    Ok(StoreCounts {
                        executions: r.get::<_, i64>(0)?.unsigned_abs(),
                        step_records: r.get::<_, i64>(1)?.unsigned_abs(),
                        contents: r.get::<_, i64>(2)?.unsigned_abs(),
                    })
                },
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))
        })
    }

    fn prune(&self, rule: &PruneRule) -> Result<usize, StoreError> {
        self.write(|conn| query::prune(conn, &self.path, rule))
    }
}

fn read_claim(r: &Row<'_>) -> rusqlite::Result<Option<Claim>> {
    let Some(token) = r.get::<_, Option<String>>(2)? else {
        return Ok(None);
    };
    Ok(Some(Claim {
        pid: r.get::<_, Option<u32>>(0)?.unwrap_or(0),
        started: r.get::<_, Option<i64>>(1)?.map(i64::unsigned_abs),
        token,
        operation: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        step: r.get(4)?,
    }))
}

fn write_steps(
    conn: &Connection,
    path: &Path,
    id: &str,
    steps: &[StepRow],
) -> Result<(), StoreError> {
    let sqlite = |e| StoreError::sqlite(path, e);
    let mut stmt = conn
        .prepare_cached(
            "INSERT OR REPLACE INTO step_records (execution_id, seq, status, critical, record) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(sqlite)?;
    for s in steps {
        let seq = i64::try_from(s.seq).unwrap_or(i64::MAX);
        stmt.execute(params![id, seq, s.status.as_str(), s.critical, s.record])
            .map_err(sqlite)?;
    }
    Ok(())
}

fn read_steps(
    conn: &Connection,
    path: &Path,
    id: &str,
    from: i64,
) -> Result<Vec<StepRow>, StoreError> {
    let sqlite = |e| StoreError::sqlite(path, e);
    let mut stmt = conn
        .prepare_cached(
            "SELECT seq, status, critical, record FROM step_records \
             WHERE execution_id = ?1 AND seq >= ?2 ORDER BY seq",
        )
        .map_err(sqlite)?;
    let mut rows = stmt.query(params![id, from]).map_err(sqlite)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().map_err(sqlite)? {
        let corrupt = |detail: String| StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("a step record of execution `{id}` {detail}"),
        };
        let column = |e: rusqlite::Error| corrupt(format!("has a damaged column: {e}"));
        let seq: i64 = row.get(0).map_err(column)?;
        let status: String = row.get(1).map_err(column)?;
        out.push(StepRow {
            seq: usize::try_from(seq).map_err(|_| corrupt(format!("has position {seq}")))?,
            status: Status::parse(&status)
                .ok_or_else(|| corrupt(format!("has the unknown status `{status}`")))?,
            critical: row.get(2).map_err(column)?,
            record: row.get(3).map_err(column)?,
        });
    }
    Ok(out)
}

/// Decodes one row, naming the execution in any error so that one damaged row can be found
/// and removed while the rest of the store stays readable.
pub(super) fn decode(path: &Path, row: &Row<'_>) -> Result<ExecutionRow, StoreError> {
    let id: String = row.get(0).map_err(|e| StoreError::sqlite(path, e))?;
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        detail: format!("execution `{id}` {detail}"),
    };
    let column = |e: rusqlite::Error| match StoreError::sqlite(path, e) {
        StoreError::Corrupt { detail, .. } => corrupt(format!("has a damaged column: {detail}")),
        other => other,
    };
    let status: String = row.get(3).map_err(column)?;
    let mode: String = row.get(4).map_err(column)?;
    Ok(ExecutionRow {
        document_name: row.get(1).map_err(column)?,
        document_version: row.get(2).map_err(column)?,
        status: Status::parse(&status)
            .ok_or_else(|| corrupt(format!("has the unknown status `{status}`")))?,
        mode: match mode.as_str() {
            "Auto" => Mode::Auto,
            "Interactive" => Mode::Interactive,
            _ => return Err(corrupt(format!("has the unknown mode `{mode}`"))),
        },
        start_time: row.get(5).map_err(column)?,
        end_time: row.get(6).map_err(column)?,
        parent_id: row.get(7).map_err(column)?,
        current_step: row.get(8).map_err(column)?,
        current_action: row.get(9).map_err(column)?,
        state: row.get(10).map_err(column)?,
        id,
    })
}
