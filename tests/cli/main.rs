//! One integration test binary; topic files below. Each runs the real `ssmrun` binary.

mod harness;

mod corpus_run;
mod golden;
mod run_flow;
mod validate_cli;
