//! `ssmrun graph DOCUMENT`: the step graph as Mermaid, DOT or text, optionally with a
//! stored execution drawn on it (docs/graph.md).

use super::error::{CliError, exit};
use super::load::{self, Documents};
use super::run::{failure, open_store};
use crate::graph::{self, Format};
use crate::service::Service;

#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// A runbook file, or the name of a bundled document (see `ssmrun documents`)
    pub document: String,
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: GraphFormat,
    /// Draw this stored execution of the document on the graph: the path it took and each
    /// step's status
    #[arg(long, value_name = "ID")]
    pub execution: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Text,
}

pub fn run(args: &GraphArgs) -> Result<i32, CliError> {
    let (name, source) = load::source_for(&args.document)?;
    let document = load::check(&source)?;
    let compiled = crate::compile::compile(&document);
    let execution = match &args.execution {
        None => None,
        Some(id) => {
            let store = open_store()?;
            let documents = Documents {
                search_dirs: Vec::new(),
                registry: None,
            };
            let service = Service::new(&store, &documents, super::setup::id_policy());
            let exec = service.execution(id).map_err(failure)?;
            if exec.document_name != name {
                eprintln!(
                    "warning: execution `{id}` ran `{}`, not `{name}`; steps are matched by name",
                    exec.document_name
                );
            }
            Some(exec)
        }
    };
    let graph = graph::build(&compiled, execution.as_ref());
    let format = match args.format {
        GraphFormat::Mermaid => Format::Mermaid,
        GraphFormat::Dot => Format::Dot,
        GraphFormat::Text => Format::Text,
    };
    print!("{}", graph::render(&graph, format));
    Ok(exit::SUCCESS)
}
