//! One integration test binary; topic files below. Each runs the real `ssmrun` binary.

// A toolkit: not every topic file uses every builder method.
#[allow(dead_code)]
mod harness;

mod corpus_params;
mod corpus_run;
mod golden;
mod interactive_pty;
mod leniency;
mod readme;
mod run_flow;
mod ssm_documents;
mod ssm_executions;
mod validate_cli;
