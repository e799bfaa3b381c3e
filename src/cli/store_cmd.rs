//! `ssmrun store …`: looking after the store itself (where it is, pruning old executions,
//! releasing a claim left by a stuck process). docs/store.md describes each.

use super::error::{CliError, exit};
use super::load::Documents;
use super::run::{failure, open_store};
use crate::service::Service;
use crate::store::{PruneRule, SqliteStore};
use clap::Subcommand;

#[derive(Subcommand, Debug)]
pub enum StoreCommand {
    /// Print the path of the store's database file
    Path,
    /// Remove finished executions (Success, Failed, TimedOut, Cancelled) and their step
    /// records; Waiting and running ones are always kept
    Prune {
        /// Keep this many of the most recently stored finished executions
        #[arg(long)]
        keep: Option<usize>,
        /// Remove only those stored more than this many days ago
        #[arg(long)]
        older_than_days: Option<f64>,
        /// Remove every finished execution
        #[arg(long, conflicts_with_all = ["keep", "older_than_days"])]
        all: bool,
    },
    /// Release the claim on an execution whose process is stuck: the step it was running is
    /// recorded as Failed (interrupted), and the stuck process can no longer write
    Release {
        /// The AutomationExecutionId
        execution_id: String,
    },
}

pub fn run(command: &StoreCommand) -> Result<i32, CliError> {
    match command {
        StoreCommand::Path => {
            println!("{}", SqliteStore::default_path().display());
            Ok(exit::SUCCESS)
        }
        StoreCommand::Prune {
            keep,
            older_than_days,
            all,
        } => prune(*keep, *older_than_days, *all),
        StoreCommand::Release { execution_id } => release(execution_id),
    }
}

fn prune(keep: Option<usize>, older_than_days: Option<f64>, all: bool) -> Result<i32, CliError> {
    if keep.is_none() && older_than_days.is_none() && !all {
        return Err(CliError::usage(
            "say which finished executions to remove: `--keep N`, `--older-than-days N` or `--all`",
        ));
    }
    let stored_before = match older_than_days {
        Some(days) if !(days.is_finite() && days >= 0.0) => {
            return Err(CliError::usage(format!(
                "`--older-than-days` must be a number of days, not `{days}`"
            )));
        }
        Some(days) => Some(now() - days * 86_400.0),
        None => None,
    };
    let store = open_store()?;
    let removed = with_service(&store, |s| {
        s.prune(&PruneRule {
            stored_before,
            keep,
        })
    })?;
    println!("removed {removed} finished execution(s)");
    Ok(exit::SUCCESS)
}

fn release(id: &str) -> Result<i32, CliError> {
    let store = open_store()?;
    match with_service(&store, |s| s.release(id))? {
        Some(claim) => println!(
            "released execution {id} from process {} (`{}`); the interruption is recorded",
            claim.pid, claim.operation
        ),
        None => println!("execution {id} was not claimed; nothing to release"),
    }
    Ok(exit::SUCCESS)
}

fn with_service<T>(
    store: &SqliteStore,
    f: impl FnOnce(&Service<'_, SqliteStore>) -> Result<T, crate::service::ServiceError>,
) -> Result<T, CliError> {
    // Neither operation runs a step, so no child document is ever looked up.
    let documents = Documents {
        search_dirs: Vec::new(),
        registry: None,
    };
    f(&Service::new(store, &documents, super::setup::id_policy())).map_err(failure)
}

fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}
