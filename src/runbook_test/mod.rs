//! `ssmrun test`: runbook tests. A test file names a document and holds cases, each a run
//! with its parameters, world, mocks and signals, and the expectations it must meet
//! (docs/runbook-tests.md). Cases run on a store in memory, so tests leave nothing behind.

mod coverage;
mod expect;
mod runner;
mod spec;

pub use coverage::{Coverage, END, Edge, edges};
pub use expect::check;
pub use runner::{CaseRun, document, run};
pub use spec::{Case, Expect, SignalSpec, TestFile, read};

/// The outcome of one case.
#[derive(Debug)]
pub struct CaseResult {
    pub name: String,
    /// Unmet expectations, or the reason the case could not run; empty when it passed.
    pub failures: Vec<String>,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}
