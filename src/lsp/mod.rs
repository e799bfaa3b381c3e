//! `ssmrun lsp`: a language server over standard input and output. Diagnostics are those of
//! `validate` (same codes, ranges and help), published on every change; hover, completion,
//! go to definition and renaming a step work from the same document model.
//!
//! Synchronous on purpose: each request is answered from the documents in memory in well
//! under a keystroke's time, so one thread and rust-analyzer's `lsp-server` suffice.

mod analysis;
mod completion;
mod handlers;
mod hover;
mod navigate;
mod outline;
mod position;
mod symbol;

use lsp_server::{Connection, Message};
use lsp_types::{
    CompletionOptions, HoverProviderCapability, OneOf, RenameOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind,
};

/// Serve until the client asks to shut down; errors are protocol failures.
pub fn serve() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve_on(&connection)?;
    drop(connection);
    io_threads
        .join()
        .map_err(|e| format!("language server I/O failed: {e}"))
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["{".into(), ":".into(), ".".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        ..ServerCapabilities::default()
    }
}

pub fn serve_on(connection: &Connection) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    connection
        .initialize(caps)
        .map_err(|e| format!("language server initialisation failed: {e}"))?;
    let mut server = handlers::Server::new(connection);
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                server.request(request);
            }
            Message::Notification(notification) => server.notification(notification),
            Message::Response(_) => {}
        }
    }
    Ok(())
}
