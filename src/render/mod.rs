//! The only code that prints: diagnostics, action help, execution records.

pub mod actions;
pub mod awscli;
pub mod calls;
pub mod diagnostics;
pub mod explain;
pub mod junit;
pub mod records;
pub mod run_text;
pub mod sarif;
pub mod test_report;
pub mod world_diff;

pub use awscli::yaml_document;
