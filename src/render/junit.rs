//! JUnit XML, the test report format CI services read: `validate --format junit` reports one
//! test case per file, `ssmrun test --format junit` one per runbook test case. One small
//! model serves both so the escaping and counting live in one place.

use super::diagnostics::{FileReport, position};
use std::fmt::Write as _;

/// One `<testsuite>`.
#[derive(Clone, Debug, Default)]
pub struct Suite {
    pub name: String,
    pub cases: Vec<Case>,
}

/// One `<testcase>`; `failure` holds a one-line message and the full text.
#[derive(Clone, Debug, Default)]
pub struct Case {
    pub classname: String,
    pub name: String,
    pub failure: Option<(String, String)>,
    /// Shown by CI beside the case (warnings, notes); empty for none.
    pub output: String,
}

/// The whole report: `<testsuites>` with totals, then each suite.
pub fn report(name: &str, suites: &[Suite]) -> String {
    let tests: usize = suites.iter().map(|s| s.cases.len()).sum();
    let failures: usize = suites.iter().map(failure_count).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">",
        attr(name)
    );
    for suite in suites {
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            attr(&suite.name),
            suite.cases.len(),
            failure_count(suite)
        );
        for case in &suite.cases {
            write_case(&mut out, case);
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn failure_count(suite: &Suite) -> usize {
    suite.cases.iter().filter(|c| c.failure.is_some()).count()
}

fn write_case(out: &mut String, case: &Case) {
    let _ = write!(
        out,
        "    <testcase classname=\"{}\" name=\"{}\"",
        attr(&case.classname),
        attr(&case.name)
    );
    if case.failure.is_none() && case.output.is_empty() {
        out.push_str("/>\n");
        return;
    }
    out.push_str(">\n");
    if let Some((message, text)) = &case.failure {
        let _ = writeln!(
            out,
            "      <failure message=\"{}\">{}</failure>",
            attr(message),
            text_content(text)
        );
    }
    if !case.output.is_empty() {
        let _ = writeln!(
            out,
            "      <system-out>{}</system-out>",
            text_content(&case.output)
        );
    }
    out.push_str("    </testcase>\n");
}

/// Text content: the five XML specials escaped, and characters XML 1.0 forbids dropped
/// (control characters from a document must not make the report unreadable).
fn text_content(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Attribute values also escape quotes and keep line breaks as references.
fn attr(text: &str) -> String {
    text_content(text)
        .replace('"', "&quot;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

/// `validate --format junit`: one suite, one case per file. A file fails when it has an
/// error (or any diagnostic when `deny_warnings`); every diagnostic is listed in the text.
pub fn diagnostics(reports: &[FileReport<'_>], deny_warnings: bool) -> String {
    let cases = reports
        .iter()
        .map(|r| {
            let mut lines: Vec<String> = r
                .shown()
                .iter()
                .map(|d| {
                    let at = position(&d.span)
                        .map(|s| format!("{}:{}:{}", r.source.path, s.line, s.col))
                        .unwrap_or_else(|| r.source.path.clone());
                    let help = d.help.as_ref().map(|h| format!(" (help: {h})"));
                    format!(
                        "{at}: {}[{}]: {}{}",
                        d.severity.as_str(),
                        d.code,
                        d.message,
                        help.unwrap_or_default()
                    )
                })
                .collect();
            if r.omitted() > 0 {
                lines.push(super::diagnostics::omitted_note(r));
            }
            let failing: Vec<_> = r
                .diagnostics
                .iter()
                .filter(|d| d.is_error() || deny_warnings)
                .collect();
            let failure = failing.first().map(|first| {
                let message = match failing.len() {
                    1 => format!("{}: {}", first.code, first.message),
                    n => format!("{}: {} (and {} more)", first.code, first.message, n - 1),
                };
                (message, lines.join("\n"))
            });
            let output = if failure.is_none() {
                lines.join("\n")
            } else {
                String::new()
            };
            Case {
                classname: "ssmrun.validate".into(),
                name: r.source.path.clone(),
                failure,
                output,
            }
        })
        .collect();
    report(
        "ssmrun validate",
        &[Suite {
            name: "ssmrun validate".into(),
            cases,
        }],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::source::{SourceFile, Span};

    #[test]
    fn a_file_with_errors_fails_and_a_clean_file_passes() {
        let (bad, good) = (
            SourceFile::new("a&b.yaml", ""),
            SourceFile::new("c.yaml", ""),
        );
        let diagnostics = [Diagnostic::error(
            "unknown-step",
            Span::new(5, 15, 5, 16),
            "unknown step `b` <here>",
        )];
        let text = diagnostics_report(&bad, &diagnostics, &good);
        assert!(text.contains("tests=\"2\" failures=\"1\""), "{text}");
        assert!(text.contains("name=\"a&amp;b.yaml\""), "{text}");
        assert!(
            text.contains("a&amp;b.yaml:5:15: error[unknown-step]: unknown step `b` &lt;here&gt;"),
            "{text}"
        );
        assert!(text.contains("<testcase classname=\"ssmrun.validate\" name=\"c.yaml\"/>"));
    }

    fn diagnostics_report(bad: &SourceFile, d: &[Diagnostic], good: &SourceFile) -> String {
        diagnostics(
            &[
                FileReport {
                    source: bad,
                    diagnostics: d,
                },
                FileReport {
                    source: good,
                    diagnostics: &[],
                },
            ],
            false,
        )
    }

    #[test]
    fn control_characters_never_reach_the_xml() {
        assert_eq!(text_content("a\u{1}b\tc"), "ab\tc");
        assert_eq!(attr("x\"y\nz"), "x&quot;y&#10;z");
    }
}
