//! The server's state (open documents) and one handler per request or notification.

use super::analysis::Analysis;
use super::completion::{self, Kind};
use super::position::{to_col, to_range};
use super::symbol::{Symbol, symbol_at};
use super::{hover, navigate};
use crate::diagnostic::Severity;
use crate::document::Document;
use lsp_server::{Connection, ErrorCode, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    Completion, GotoDefinition, HoverRequest, PrepareRenameRequest, Rename, Request as _,
};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, DiagnosticSeverity,
    GotoDefinitionResponse, Hover, HoverContents, Location, MarkupContent, MarkupKind,
    NumberOrString, Position, PrepareRenameResponse, PublishDiagnosticsParams, Range, TextEdit,
    Uri,
};
use serde_json::Value;
use std::collections::HashMap;

struct Open {
    analysis: Analysis,
    /// The last version that lowered, for names while the text is broken mid-edit.
    last_good: Option<Document>,
}

pub struct Server<'a> {
    connection: &'a Connection,
    open: HashMap<String, Open>,
}

impl<'a> Server<'a> {
    pub fn new(connection: &'a Connection) -> Server<'a> {
        Server {
            connection,
            open: HashMap::new(),
        }
    }

    fn send(&self, message: impl Into<lsp_server::Message>) {
        // The client is gone when this fails; the receive loop then ends on its own.
        let _ = self.connection.sender.send(message.into());
    }

    pub fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                {
                    self.update(p.text_document.uri, &p.text_document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                    && let Some(change) = p.content_changes.last()
                {
                    self.update(p.text_document.uri, &change.text);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                {
                    self.open.remove(p.text_document.uri.as_str());
                    self.publish(p.text_document.uri, Vec::new());
                }
            }
            _ => {}
        }
    }

    fn update(&mut self, uri: Uri, text: &str) {
        let analysis = Analysis::new(uri.as_str(), text);
        let previous = self.open.remove(uri.as_str()).and_then(|o| o.last_good);
        let last_good = analysis.document.clone().or(previous);
        let diagnostics = analysis
            .diagnostics
            .iter()
            .map(|d| diagnostic(&analysis, d))
            .collect();
        self.open.insert(
            uri.as_str().to_string(),
            Open {
                analysis,
                last_good,
            },
        );
        self.publish(uri, diagnostics);
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params));
    }

    pub fn request(&mut self, r: Request) {
        let id = r.id.clone();
        let result = match r.method.as_str() {
            HoverRequest::METHOD => self.at(r.params, |s, open, pos| s.hover(open, pos)),
            Completion::METHOD => self.at(r.params, |s, open, pos| s.completion(open, pos)),
            GotoDefinition::METHOD => self.at(r.params, |s, open, pos| s.definition(open, pos)),
            PrepareRenameRequest::METHOD => {
                self.at(r.params, |s, open, pos| s.prepare_rename(open, pos))
            }
            Rename::METHOD => self.rename(r.params),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("`{}` is not supported", r.method),
            )),
        };
        self.respond(id, result);
    }

    fn respond(&self, id: RequestId, result: Result<Value, (ErrorCode, String)>) {
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response);
    }

    /// Decode a text-document position request and answer it from the open document.
    fn at(
        &self,
        params: Value,
        f: impl FnOnce(&Self, &Open, (Uri, Position)) -> Value,
    ) -> Result<Value, (ErrorCode, String)> {
        let p: lsp_types::TextDocumentPositionParams = serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        match self.open.get(p.text_document.uri.as_str()) {
            Some(open) => Ok(f(self, open, (p.text_document.uri, p.position))),
            None => Ok(Value::Null),
        }
    }

    fn symbol(open: &Open, pos: Position) -> Option<(&Document, Symbol)> {
        let doc = open.analysis.document.as_ref()?;
        let (line, col) = to_col(&open.analysis.source, pos);
        Some((doc, symbol_at(doc, line, col)?))
    }

    fn hover(&self, open: &Open, (_, pos): (Uri, Position)) -> Value {
        let text = Self::symbol(open, pos).and_then(|(doc, s)| hover::hover(doc, &s));
        text.map_or(Value::Null, |value| {
            json(Hover {
                contents: HoverContents::Markup(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                }),
                range: None,
            })
        })
    }

    fn completion(&self, open: &Open, (_, pos): (Uri, Position)) -> Value {
        let source = &open.analysis.source;
        let (line, col) = to_col(source, pos);
        let doc = open.analysis.document.as_ref().or(open.last_good.as_ref());
        let items: Vec<CompletionItem> =
            completion::complete(&source.text, (line - 1) as usize, (col - 1) as usize, doc)
                .into_iter()
                .map(|i| {
                    let start = super::position::to_position(source, line, col - i.replace as u32);
                    CompletionItem {
                        label: i.label.clone(),
                        detail: (!i.detail.is_empty()).then_some(i.detail),
                        kind: Some(match i.kind {
                            Kind::Action => CompletionItemKind::FUNCTION,
                            Kind::Input | Kind::Key => CompletionItemKind::PROPERTY,
                            Kind::Step => CompletionItemKind::REFERENCE,
                            Kind::Parameter => CompletionItemKind::VARIABLE,
                            Kind::Value => CompletionItemKind::VALUE,
                        }),
                        text_edit: Some(lsp_types::CompletionTextEdit::Edit(TextEdit {
                            range: Range::new(start, pos),
                            new_text: i.label,
                        })),
                        ..CompletionItem::default()
                    }
                })
                .collect();
        json(CompletionResponse::Array(items))
    }

    fn definition(&self, open: &Open, (uri, pos): (Uri, Position)) -> Value {
        let span = Self::symbol(open, pos).and_then(|(doc, s)| navigate::definition(doc, &s));
        span.map_or(Value::Null, |span| {
            json(GotoDefinitionResponse::Scalar(Location {
                uri,
                range: to_range(&open.analysis.source, &span),
            }))
        })
    }

    fn prepare_rename(&self, open: &Open, (_, pos): (Uri, Position)) -> Value {
        match Self::symbol(open, pos) {
            Some((_, Symbol::Step { span, .. })) => json(PrepareRenameResponse::Range(to_range(
                &open.analysis.source,
                &span,
            ))),
            _ => Value::Null,
        }
    }

    fn rename(&self, params: Value) -> Result<Value, (ErrorCode, String)> {
        let p: lsp_types::RenameParams = serde_json::from_value(params)
            .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
        let uri = p.text_document_position.text_document.uri;
        let Some(open) = self.open.get(uri.as_str()) else {
            return Ok(Value::Null);
        };
        let Some((doc, Symbol::Step { name, .. })) =
            Self::symbol(open, p.text_document_position.position)
        else {
            return Err((
                ErrorCode::InvalidRequest,
                "only steps can be renamed".into(),
            ));
        };
        if !navigate::valid_step_name(&p.new_name) {
            return Err((
                ErrorCode::InvalidParams,
                format!(
                    "step name `{}` may hold only letters, digits and `_`",
                    p.new_name
                ),
            ));
        }
        if doc.step(&p.new_name).is_some() {
            return Err((
                ErrorCode::InvalidParams,
                format!("a step named `{}` already exists", p.new_name),
            ));
        }
        let edits: Vec<TextEdit> = navigate::step_occurrences(doc, &name)
            .iter()
            .map(|span| TextEdit {
                range: to_range(&open.analysis.source, span),
                new_text: p.new_name.clone(),
            })
            .collect();
        // A `WorkspaceEdit` keyed by URI, written as JSON: `Uri` is not a sound map key.
        let mut changes = serde_json::Map::new();
        changes.insert(uri.as_str().to_string(), json(edits));
        Ok(serde_json::json!({ "changes": changes }))
    }
}

fn json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A `validate` diagnostic as the protocol's: same code and range, help after the message.
fn diagnostic(analysis: &Analysis, d: &crate::diagnostic::Diagnostic) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range: to_range(&analysis.source, &d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("ssmrun".into()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}
