//! One integration test binary; topic files below. Each runs the real `ssmrun` binary.

// A toolkit: not every topic file uses every builder method.
#[allow(dead_code)]
mod harness;

mod api_calls;
mod automation_api;
mod awscli_parity;
mod boto3_driver;
mod child_automations;
mod completions;
mod console;
mod console_browser;
mod console_support;
mod corpus_params;
mod corpus_run;
mod driver_program;
mod dry_run_gaps;
mod ec2_storage;
mod explain;
mod github_action;
mod golden;
mod graph;
mod graph_validity;
mod interactive_inputs;
mod interactive_pty;
mod interrupt;
mod junit;
mod leniency;
mod limits;
mod lsp;
mod lsp_client;
mod moto_support;
mod precommit_hook;
mod pty_screen;
mod readme;
mod real_aws;
mod run_flow;
mod run_output;
mod runbook_tests;
mod schema;
mod script_errors;
mod script_sandbox;
mod script_support;
mod scripts;
mod soak_kills;
mod ssm_documents;
mod ssm_executions;
mod ssm_input;
mod ssm_requests;
mod ssm_strict;
mod stored_runs;
mod validate_ci;
mod validate_cli;
