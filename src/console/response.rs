//! One HTTP answer: a status, a content type and a body, or a redirect.

#[derive(Clone, Debug)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Where a redirect points.
    pub location: Option<String>,
    /// Methods allowed, for a 405.
    pub allow: Option<&'static str>,
}

impl Response {
    pub fn html(status: u16, body: String) -> Response {
        Response {
            status,
            content_type: "text/html; charset=utf-8",
            body,
            location: None,
            allow: None,
        }
    }

    pub fn asset(content_type: &'static str, body: &'static str) -> Response {
        Response {
            content_type,
            ..Response::html(200, body.to_string())
        }
    }

    /// 303 See Other: the answer to a form, so that reloading the page does not post again.
    pub fn see_other(location: String) -> Response {
        Response {
            location: Some(location),
            ..Response::html(303, String::new())
        }
    }

    pub fn method_not_allowed(allow: &'static str) -> Response {
        Response {
            allow: Some(allow),
            ..Response::html(
                405,
                crate::console::html::message_page(
                    "Method not allowed",
                    &format!("this address answers {allow} only"),
                ),
            )
        }
    }

    /// The headers every answer carries: nothing is loaded from elsewhere, no page may frame
    /// the console, and pages are not cached (they show live state).
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut h = vec![
            ("Content-Type", self.content_type.to_string()),
            (
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
                    .to_string(),
            ),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("Referrer-Policy", "no-referrer".to_string()),
            ("Cache-Control", "no-store".to_string()),
        ];
        if let Some(l) = &self.location {
            h.push(("Location", l.clone()));
        }
        if let Some(a) = self.allow {
            h.push(("Allow", a.to_string()));
        }
        h
    }
}
