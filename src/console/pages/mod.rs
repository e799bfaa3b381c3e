//! The pages: each builds its HTML from the service's answers, escaping every value.

pub mod document;
pub mod documents;
pub mod execution;
pub mod executions;
mod graph;
pub mod parameters;
mod steps;
