//! Listing filters and pruning as SQL, so that a page of executions reads only its rows.

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::Value as Sql;

use crate::store::{ExecutionFilter, PruneRule, StoreError};

/// The statuses after which an execution never changes again.
const TERMINAL: &str = "('Success', 'TimedOut', 'Cancelled', 'Failed')";

/// ` WHERE …` for `filters` (empty when there are none) and the values it binds, in order.
/// Values are always bound, never spliced into the text.
pub fn where_clause(filters: &[ExecutionFilter]) -> (String, Vec<Sql>) {
    let mut terms = Vec::new();
    let mut values = Vec::new();
    let text = |v: &String| Sql::Text(v.clone());
    for filter in filters {
        let term = match filter {
            ExecutionFilter::Ids(v) => any_of("id", v, &mut values, text),
            ExecutionFilter::Statuses(v) => any_of("status", v, &mut values, text),
            ExecutionFilter::Parents(v) => any_of("parent_id", v, &mut values, text),
            ExecutionFilter::CurrentActions(v) => any_of("current_action", v, &mut values, text),
            ExecutionFilter::DocumentNamePrefixes(v) => {
                // `substr` rather than LIKE: a prefix may hold `%` or `_`, and the comparison
                // must be case-sensitive.
                let parts: Vec<String> = v
                    .iter()
                    .map(|p| {
                        values.push(Sql::Text(p.clone()));
                        let n = values.len();
                        format!("substr(document_name, 1, length(?{n})) = ?{n}")
                    })
                    .collect();
                or_of(parts)
            }
            ExecutionFilter::StartedBefore(t) => {
                values.push(Sql::Real(*t));
                format!("start_time < ?{}", values.len())
            }
            ExecutionFilter::StartedAfter(t) => {
                values.push(Sql::Real(*t));
                format!("start_time > ?{}", values.len())
            }
            ExecutionFilter::Nothing => "0".to_string(),
        };
        terms.push(term);
    }
    if terms.is_empty() {
        return (String::new(), values);
    }
    (format!(" WHERE {}", terms.join(" AND ")), values)
}

fn any_of(
    column: &str,
    items: &[String],
    values: &mut Vec<Sql>,
    value: impl Fn(&String) -> Sql,
) -> String {
    let parts = items
        .iter()
        .map(|item| {
            values.push(value(item));
            format!("{column} = ?{}", values.len())
        })
        .collect();
    or_of(parts)
}

fn or_of(parts: Vec<String>) -> String {
    if parts.is_empty() {
        "0".to_string()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// Deletes the terminal executions `rule` selects; their step records go by cascade.
pub fn prune(conn: &Connection, path: &Path, rule: &PruneRule) -> Result<usize, StoreError> {
    let mut terms = vec![format!("status IN {TERMINAL}")];
    let mut values: Vec<Sql> = Vec::new();
    if let Some(t) = rule.stored_before {
        values.push(Sql::Real(t));
        terms.push(format!("stored_at < ?{}", values.len()));
    }
    if let Some(keep) = rule.keep {
        values.push(Sql::Integer(i64::try_from(keep).unwrap_or(i64::MAX)));
        terms.push(format!(
            "id NOT IN (SELECT id FROM executions WHERE status IN {TERMINAL} \
             ORDER BY stored_at DESC, rowid DESC LIMIT ?{})",
            values.len()
        ));
    }
    let sql = format!("DELETE FROM executions WHERE {}", terms.join(" AND "));
    conn.execute(&sql, rusqlite::params_from_iter(values.iter()))
        .map_err(|e| StoreError::sqlite(path, e))
}
