//! One integration test binary; topic files below. Each runs the real `ssmrun` binary.

mod harness;

mod corpus_run;
mod golden;
mod run_flow;
mod ssm_documents;
mod ssm_executions;
mod validate_cli;
