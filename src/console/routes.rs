//! Which page or action answers a request: the console's URL map.
//!
//! | method | path | answer |
//! |---|---|---|
//! | GET | `/` | documents (Execute automation) |
//! | GET | `/documents/{name}?version=` | a document, its parameters form |
//! | POST | `/executions` | start an execution, then its page |
//! | GET | `/executions` | executions, newest first |
//! | GET | `/executions/{id}` | an execution: steps, inputs, outputs, controls |
//! | POST | `/executions/{id}/signal` | StartStep (with input overrides), Approve, Reject, Resume |
//! | POST | `/executions/{id}/stop` | Complete or Cancel |
//! | GET | `/assets/console.css`, `/assets/console.js` | the embedded assets |

use super::error::Failure;
use super::request::{Method, Request};
use super::response::Response;
use super::{Console, actions, html, pages};

const CSS: &str = include_str!("assets/console.css");
const JS: &str = include_str!("assets/console.js");

pub fn handle(console: &Console, request: &Request) -> Response {
    match answer(console, request) {
        Ok(response) => response,
        Err(f) => Response::html(f.status, html::message_page(&f.title, &f.message)),
    }
}

fn answer(console: &Console, request: &Request) -> Result<Response, Failure> {
    let segments = request.segments();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let read = matches!(request.method, Method::Get | Method::Head);
    let post = request.method == Method::Post;
    if post && !console.token_matches(request.field("token")) {
        return Err(Failure::new(
            403,
            "Forbidden",
            "the form carries no valid token for this console; reload the page and try again",
        ));
    }
    match segments.as_slice() {
        [] if read => pages::documents::list(console),
        ["documents", name] if read => {
            pages::document::show(console, name, request.query("version"))
        }
        ["executions"] if read => pages::executions::list(console),
        ["executions"] if post => actions::start(console, request),
        ["executions", id] if read => pages::execution::show(console, id),
        ["executions", id, "signal"] if post => actions::signal(console, id, request),
        ["executions", id, "stop"] if post => actions::stop(console, id, request),
        ["assets", "console.css"] if read => Ok(Response::asset("text/css; charset=utf-8", CSS)),
        ["assets", "console.js"] if read => {
            Ok(Response::asset("text/javascript; charset=utf-8", JS))
        }
        [] | ["documents", _] | ["assets", _] | ["executions", _] => {
            Ok(Response::method_not_allowed("GET, HEAD"))
        }
        ["executions"] => Ok(Response::method_not_allowed("GET, HEAD, POST")),
        ["executions", _, "signal" | "stop"] => Ok(Response::method_not_allowed("POST")),
        _ => Err(Failure::not_found(format!(
            "nothing is served at `{}`",
            request.path
        ))),
    }
}
