//! HTML building blocks: escaping, the page layout, small forms. Every text that comes from
//! a document, an execution or a request goes through [`escape`] before it reaches a page.

use std::fmt::Write;

/// Escapes text for element content and quoted attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes one path segment (document names and ids), so it stays one segment.
pub fn segment(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A whole page: the navigation, a title and `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} - ssmrun console</title>\
         <link rel=\"stylesheet\" href=\"/assets/console.css\">\
         <script src=\"/assets/console.js\" defer></script></head>\n<body>\
         <header><a class=\"brand\" href=\"/\">ssmrun console</a>\
         <nav><a href=\"/\">Execute automation</a> <a href=\"/executions\">Executions</a></nav>\
         </header>\n<main><h1>{t}</h1>\n{body}</main></body></html>\n",
        t = escape(title)
    )
}

/// A page that only says something (errors, 404).
pub fn message_page(title: &str, message: &str) -> String {
    page(
        title,
        &format!(
            "<p class=\"message\">{}</p><p><a href=\"/\">Documents</a> \
             <a href=\"/executions\">Executions</a></p>",
            escape(message)
        ),
    )
}

/// The hidden field every form that changes something carries.
pub fn token_field(token: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"token\" value=\"{}\">",
        escape(token)
    )
}

/// A form of one button that posts `fields` to `action`.
pub fn button_form(
    action: &str,
    token: &str,
    fields: &[(&str, &str)],
    label: &str,
    class: &str,
) -> String {
    let mut out = format!(
        "<form class=\"inline\" method=\"post\" action=\"{}\">{}",
        escape(action),
        token_field(token)
    );
    for (name, value) in fields {
        let _ = write!(
            out,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        );
    }
    let _ = write!(
        out,
        "<button type=\"submit\" class=\"{}\">{}</button></form>",
        escape(class),
        escape(label)
    );
    out
}

/// A status as a labelled badge (colour comes from the class; the word is always there).
pub fn status(text: &str) -> String {
    format!(
        "<span class=\"status status-{}\">{}</span>",
        escape(&text.to_ascii_lowercase()),
        escape(text)
    )
}

/// A simulated time (epoch milliseconds) in UTC.
pub fn time(millis: Option<i64>) -> String {
    match millis.map(jiff::Timestamp::from_millisecond) {
        Some(Ok(ts)) => escape(&ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()),
        Some(Err(_)) => escape(&millis.unwrap_or_default().to_string()),
        None => "-".to_string(),
    }
}

/// A JSON value as indented, escaped text.
pub fn json(value: &serde_json::Value) -> String {
    let text = serde_json::to_string_pretty(value).unwrap_or_default();
    format!("<pre class=\"json\">{}</pre>", escape(&text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_both_quotes() {
        assert_eq!(
            escape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn segments_encode_everything_but_unreserved_bytes() {
        assert_eq!(segment("AWS-Restart.v2_x~"), "AWS-Restart.v2_x~");
        assert_eq!(segment("a/b c?"), "a%2Fb%20c%3F");
    }
}
