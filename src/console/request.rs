//! One HTTP request as the console reads it: method, path, query and form fields, decoded
//! from `application/x-www-form-urlencoded`.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Other,
}

impl Method {
    pub fn parse(name: &str) -> Method {
        match name {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "POST" => Method::Post,
            _ => Method::Other,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Request {
    pub method: Method,
    /// The path without its query, still percent-encoded (segments are decoded one by one,
    /// so an encoded `/` stays inside its segment).
    pub path: String,
    pub query: Vec<(String, String)>,
    /// The body's fields, for a POST of a form.
    pub form: Vec<(String, String)>,
}

impl Request {
    /// A request for `target` (a path with an optional `?query`), with no form.
    pub fn new(method: Method, target: &str) -> Request {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Request {
            method,
            path: path.to_string(),
            query: parse_urlencoded(query),
            form: Vec::new(),
        }
    }

    pub fn with_form(mut self, body: &str) -> Request {
        self.form = parse_urlencoded(body);
        self
    }

    /// The decoded path segments; empty ones (a trailing `/`) are left out.
    pub fn segments(&self) -> Vec<String> {
        self.path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| percent_decode(s, false))
            .collect()
    }

    pub fn query(&self, name: &str) -> Option<&str> {
        first(&self.query, name)
    }

    /// The first value of a form field.
    pub fn field(&self, name: &str) -> Option<&str> {
        first(&self.form, name)
    }

    /// Every value of a form field (a multiple select sends one per choice).
    pub fn fields(&self, name: &str) -> Vec<&str> {
        self.form
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Fields whose names start with `prefix`, the prefix removed, in the order sent.
    pub fn fields_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.form
            .iter()
            .filter_map(move |(k, v)| Some((k.strip_prefix(prefix)?, v.as_str())))
    }
}

fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `a=1&b=x+y` into pairs; a field without `=` has an empty value.
pub fn parse_urlencoded(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Decodes `%XX` escapes (and `+` as a space in form data). A malformed escape is kept as
/// written, and bytes that are not UTF-8 become U+FFFD, so no input can make it fail.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_decode_escapes_and_plus() {
        let pairs = parse_urlencoded("a=1&b=x+y%2Fz&c&d=%E2%9C%93&e=%zz&f=%4");
        assert_eq!(
            pairs,
            [
                ("a", "1"),
                ("b", "x y/z"),
                ("c", ""),
                ("d", "\u{2713}"),
                ("e", "%zz"),
                ("f", "%4")
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn path_segments_keep_an_encoded_slash_inside() {
        let r = Request::new(Method::Get, "/documents/a%2Fb/?version=2");
        assert_eq!(r.segments(), ["documents", "a/b"]);
        assert_eq!(r.query("version"), Some("2"));
        assert_eq!(percent_decode("a+b", false), "a+b");
    }

    #[test]
    fn invalid_utf8_is_replaced_not_refused() {
        assert_eq!(percent_decode("%FF", true), "\u{FFFD}");
    }
}
