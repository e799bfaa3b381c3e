//! The HTTP side: a small synchronous server on 127.0.0.1 that turns each request into a
//! [`Request`], lets the console answer it, and writes the [`Response`] back. Requests are
//! answered one at a time, in order, which is also how the execution service wants its
//! callers (a step runs on the simulated clock, so none takes long).

use super::error::ConsoleError;
use super::request::{Method, Request};
use super::response::Response;
use super::{Console, Settings, html};
use crate::store::SqliteStore;
use std::io::{Read, Write};

/// A form is small; anything larger is refused before it is read whole.
const MAX_BODY: u64 = 1 << 20;

/// Serves until the process is stopped. The first line of standard output is the URL.
pub fn serve(store: SqliteStore, settings: Settings) -> Result<(), ConsoleError> {
    let server =
        tiny_http::Server::http(("127.0.0.1", settings.port)).map_err(|e| ConsoleError {
            message: format!("cannot listen on 127.0.0.1:{}: {e}", settings.port),
        })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| ConsoleError {
            message: "the console is not listening on an IP address".into(),
        })?;
    let console = Console::new(store, settings);
    let mut out = std::io::stdout();
    let _ = writeln!(out, "http://127.0.0.1:{port}/");
    let _ = out.flush();
    eprintln!(
        "serving the store at `{}`; stop with Ctrl-C",
        console.store.path().display()
    );
    for mut incoming in server.incoming_requests() {
        let response = answer(&console, &mut incoming, port);
        // A client that went away is no reason to stop serving the others.
        let _ = incoming.respond(to_tiny(response));
    }
    Ok(())
}

fn answer(console: &Console, incoming: &mut tiny_http::Request, port: u16) -> Response {
    let header = |name: &'static str| {
        incoming
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    if !host_is_local(header("Host").as_deref(), port) {
        return refuse(
            421,
            "Misdirected request",
            "the console answers only requests addressed to 127.0.0.1 or localhost",
        );
    }
    let method = Method::parse(incoming.method().as_str());
    let mut request = Request::new(method, incoming.url());
    if method == Method::Post {
        let form = header("Content-Type")
            .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
        if !form {
            return refuse(
                415,
                "Unsupported media type",
                "the console takes forms (application/x-www-form-urlencoded) only",
            );
        }
        let mut body = Vec::new();
        let read = incoming
            .as_reader()
            .take(MAX_BODY + 1)
            .read_to_end(&mut body);
        if read.is_err() {
            return refuse(400, "Bad request", "the request body could not be read");
        }
        if body.len() as u64 > MAX_BODY {
            return refuse(413, "Content too large", "a form may not exceed 1 MiB");
        }
        request = request.with_form(&String::from_utf8_lossy(&body));
    }
    console.handle(&request)
}

/// Whether the `Host` header names this server by a loopback name, so that a page served
/// from another site cannot reach the console through a name rebound to 127.0.0.1.
pub fn host_is_local(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let (name, given_port) = host.rsplit_once(':').unwrap_or((host, "80"));
    matches!(name, "127.0.0.1" | "localhost") && given_port == port.to_string()
}

fn refuse(status: u16, title: &str, message: &str) -> Response {
    Response::html(status, html::message_page(title, message))
}

fn to_tiny(response: Response) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut out = tiny_http::Response::from_data(response.body.clone().into_bytes())
        .with_status_code(response.status);
    for (name, value) in response.headers() {
        if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            out.add_header(h);
        }
    }
    out
}
