//! ssmrun: parse, validate and run AWS Systems Manager Automation runbooks locally.
//!
//! The pipeline: text → [`parse`] (spanned node tree) → [`document`] (typed model) →
//! validate (diagnostics) → exec (execution against a [`driver`]) → [`render`] (records, JSON, text).

pub mod actions;
pub mod bundled;
pub mod cli;
pub mod compile;
pub mod condition;
pub mod console;
pub mod diagnostic;
pub mod document;
pub mod driver;
pub mod duration;
pub mod exec;
pub mod graph;
pub mod input;
pub mod interrupt;
pub mod lsp;
pub mod models;
pub mod params;
pub mod parse;
pub mod render;
pub mod runbook_test;
pub mod schema;
pub mod script;
pub mod selector;
pub mod service;
pub mod source;
pub mod store;
pub mod template;
pub mod validate;
