//! `ssmrun console`: a local web console for the manual execution flow of the AWS console
//! (pick a document, fill its parameters, run it in Simple or Manual mode, execute steps one
//! by one, answer approvals, complete or cancel).
//!
//! It is another front end of the execution service, over the same store as the `ssm`
//! commands, so a terminal and the browser see the same executions at once. It serves
//! server-rendered HTML with forms (POST, then a redirect), so it reads and works without
//! JavaScript; every asset is compiled into the binary. It listens on 127.0.0.1 only, answers
//! only requests addressed to that host (a page on another site cannot reach it through a
//! rebound name), and every form that changes an execution carries a token made for this
//! process.

mod actions;
mod error;
mod html;
mod pages;
mod request;
mod response;
mod routes;
mod server;

#[cfg(test)]
mod tests;

pub use error::ConsoleError;
pub use request::{Method, Request};
pub use response::Response;
pub use server::serve;

use crate::cli::ssm::RegistryDocuments;
use crate::driver::SimWorld;
use crate::script::ScriptSettings;
use crate::service::{IdPolicy, Service};
use crate::store::SqliteStore;
use serde_json::Value;

/// What the console runs with, besides its store.
pub struct Settings {
    /// 0 picks a free port.
    pub port: u16,
    /// The simulated cloud each execution started here begins with.
    pub world: SimWorld,
    pub mocks: Option<Value>,
    pub ids: IdPolicy,
    /// Whether `aws:executeScript` handlers run, and how.
    pub allow_scripts: bool,
    pub scripts: ScriptSettings,
}

/// The console's state: the store, what new executions start from, and the token every
/// form that changes something must carry.
pub struct Console {
    store: SqliteStore,
    settings: Settings,
    token: String,
}

impl Console {
    pub fn new(store: SqliteStore, settings: Settings) -> Console {
        Console {
            store,
            settings,
            token: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    /// The token forms carry; a POST without it is refused.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether a form's token is this process's, compared in constant time so that timing
    /// tells nothing about how much of a guess was right.
    fn token_matches(&self, given: Option<&str>) -> bool {
        let Some(given) = given else { return false };
        let (a, b) = (given.as_bytes(), self.token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// Answers one request. Never panics on what a client sends: a bad request is a 4xx.
    pub fn handle(&self, request: &Request) -> Response {
        routes::handle(self, request)
    }

    fn with_service<T>(&self, f: impl FnOnce(&Service<'_, SqliteStore>) -> T) -> T {
        let children = RegistryDocuments { store: &self.store };
        f(&Service::new(&self.store, &children, self.settings.ids))
    }
}
