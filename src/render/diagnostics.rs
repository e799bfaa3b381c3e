//! Printing diagnostics: for people (with source snippets), for programs (JSON), for GitHub
//! Actions (workflow commands that annotate the pull request), for code-scanning tools
//! (SARIF, `sarif.rs`) and for test reports (JUnit, `junit.rs`). Every format returns the
//! whole text, ending in a newline; the caller writes it.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use serde_json::{Value, json};
use std::fmt::Write as _;

mod excerpt;

use excerpt::underline;

/// Diagnostics shown per file; the rest are counted. A generated document can hold
/// thousands of the same mistake, and the first ones say what to fix.
pub const MAX_PER_FILE: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Junit,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Github,
        Format::Sarif,
        Format::Junit,
    ];

    /// The name used on the command line (`--format github`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Github => "github",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Renders in this format; `color` matters only for [`Format::Human`].
    pub fn render(self, reports: &[FileReport<'_>], color: bool) -> String {
        match self {
            Format::Human => human(reports, color),
            Format::Json => json(reports),
            Format::Github => github(reports),
            Format::Sarif => super::sarif::sarif(reports),
            Format::Junit => super::junit::diagnostics(reports, false),
        }
    }
}

/// The diagnostics found in one file. Files without any still count in the summary.
#[derive(Clone, Copy, Debug)]
pub struct FileReport<'a> {
    pub source: &'a SourceFile,
    pub diagnostics: &'a [Diagnostic],
}

impl FileReport<'_> {
    /// The diagnostics every format prints: the first [`MAX_PER_FILE`].
    pub fn shown(&self) -> &[Diagnostic] {
        &self.diagnostics[..self.diagnostics.len().min(MAX_PER_FILE)]
    }

    /// How many are left out (still counted in the summaries).
    pub fn omitted(&self) -> usize {
        self.diagnostics.len() - self.shown().len()
    }
}

/// Whether the human format should use colour on a stream: `NO_COLOR` (non-empty) turns it
/// off, then `CLICOLOR_FORCE` (non-empty, not `0`) turns it on, otherwise a terminal gets it
/// unless `CLICOLOR=0` or `TERM=dumb` says it cannot show it.
pub fn color_wanted(stream_is_tty: bool) -> bool {
    color_decision(|name| std::env::var(name).ok(), stream_is_tty)
}

fn color_decision(var: impl Fn(&str) -> Option<String>, stream_is_tty: bool) -> bool {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    stream_is_tty
        && set("CLICOLOR").is_none_or(|v| v != "0")
        && set("TERM").is_none_or(|v| v != "dumb")
}

/// The span's position when it points into the file (line 0 marks values with no position).
pub(crate) fn position(span: &Span) -> Option<&Span> {
    (!span.is_unknown()).then_some(span)
}

struct Counts {
    errors: usize,
    warnings: usize,
    files: usize,
    omitted: usize,
}

fn counts(reports: &[FileReport<'_>]) -> Counts {
    let all = reports.iter().flat_map(|r| r.diagnostics);
    let errors = all.clone().filter(|d| d.is_error()).count();
    Counts {
        errors,
        warnings: all.count() - errors,
        files: reports.len(),
        omitted: reports.iter().map(FileReport::omitted).sum(),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

// ---------------------------------------------------------------------------------------
// human

/// ANSI styles, empty when colour is off so the layout is the same either way.
struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(&self, severity: Severity, text: &str) -> String {
        self.paint(
            if severity == Severity::Error {
                "1;31"
            } else {
                "1;33"
            },
            text,
        )
    }
}

/// `path:line:col: error[code]: message`, the source line under a gutter with the span
/// underlined, `= help:` when there is help, and a closing summary line.
pub fn human(reports: &[FileReport<'_>], color: bool) -> String {
    let style = Style { on: color };
    let mut out = String::new();
    for report in reports {
        for d in report.shown() {
            human_one(&mut out, report.source, d, &style);
            out.push('\n');
        }
        if report.omitted() > 0 {
            let _ = writeln!(out, "{}\n", omitted_note(report));
        }
    }
    let c = counts(reports);
    let summary = format!(
        "{}, {} in {}",
        plural(c.errors, "error"),
        plural(c.warnings, "warning"),
        plural(c.files, "file")
    );
    out.push_str(&style.paint("1", &summary));
    out.push('\n');
    out
}

pub(super) fn omitted_note(report: &FileReport<'_>) -> String {
    let n = report.omitted();
    let noun = if n == 1 { "diagnostic" } else { "diagnostics" };
    format!(
        "{}: {n} more {noun} not shown (at most {MAX_PER_FILE} per file)",
        report.source.path
    )
}

fn human_one(out: &mut String, source: &SourceFile, d: &Diagnostic, style: &Style) {
    let at = position(&d.span);
    let snippet = at.and_then(|s| Some((s, source.line(s.line)?)));
    let location = match at {
        Some(s) => format!("{}:{}:{}", source.path, s.line, s.col),
        None => source.path.clone(),
    };
    let label = style.severity(d.severity, &format!("{}[{}]", d.severity.as_str(), d.code));
    let _ = writeln!(out, "{location}: {label}: {}", style.paint("1", &d.message));
    let width = snippet.map_or(1, |(s, _)| s.line.to_string().len());
    let bar = style.paint("1;34", &format!("{:width$} |", ""));
    if let Some((span, text)) = snippet {
        let number = style.paint("1;34", &format!("{:width$} |", span.line));
        let (shown, start, len) = underline(text, span);
        let marks = style.severity(d.severity, &"^".repeat(len));
        let _ = writeln!(out, "{bar}");
        let _ = writeln!(out, "{number} {shown}");
        let _ = writeln!(out, "{bar} {}{marks}", " ".repeat(start));
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{:width$} {} {help}", "", style.paint("1", "= help:"));
    }
}

// ---------------------------------------------------------------------------------------
// json

/// `{"diagnostics": [...], "summary": {...}}` with 1-based positions; positions and `help`
/// are `null` when unknown.
pub fn json(reports: &[FileReport<'_>]) -> String {
    let diagnostics: Vec<Value> = reports
        .iter()
        .flat_map(|r| r.shown().iter().map(move |d| (r.source, d)))
        .map(|(source, d)| {
            let at = position(&d.span);
            json!({
                "path": source.path,
                "line": at.map(|s| s.line),
                "column": at.map(|s| s.col),
                "endLine": at.map(|s| s.end_line),
                "endColumn": at.map(|s| s.end_col),
                "severity": d.severity.as_str(),
                "code": d.code,
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let c = counts(reports);
    let doc = json!({
        "diagnostics": diagnostics,
        "summary": {
            "files": c.files,
            "errors": c.errors,
            "warnings": c.warnings,
            "omitted": c.omitted,
        },
    });
    pretty(&doc)
}

pub(crate) fn pretty(v: &Value) -> String {
    let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------------------
// github

/// One workflow command per diagnostic (`::error file=..,line=..::message`); GitHub turns them
/// into annotations on the changed lines.
pub fn github(reports: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for report in reports {
        if report.omitted() > 0 {
            let file = escape_property(&report.source.path);
            let note = escape_data(&omitted_note(report));
            let _ = writeln!(out, "::notice file={file},title=omitted::{note}");
        }
        for d in report.shown() {
            let mut properties = vec![("file", report.source.path.clone())];
            if let Some(s) = position(&d.span) {
                properties.extend([
                    ("line", s.line.to_string()),
                    ("col", s.col.to_string()),
                    ("endLine", s.end_line.to_string()),
                    ("endColumn", s.end_col.to_string()),
                ]);
            }
            properties.push(("title", d.code.to_string()));
            let properties: Vec<String> = properties
                .iter()
                .map(|(k, v)| format!("{k}={}", escape_property(v)))
                .collect();
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                let _ = write!(message, "\nhelp: {help}");
            }
            let command = if d.is_error() { "error" } else { "warning" };
            let _ = writeln!(
                out,
                "::{command} {}::{}",
                properties.join(","),
                escape_data(&message)
            );
        }
    }
    out
}

/// GitHub's escaping for a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also may not contain the separators `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> SourceFile {
        SourceFile::new(
            "docs/run.yaml",
            "schemaVersion: '0.3'\nmainSteps:\n\t- action: aws:nope\n",
        )
    }

    fn diagnostics() -> Vec<Diagnostic> {
        vec![
            Diagnostic::error(
                "unknown-action",
                Span::new(3, 12, 3, 20),
                "unknown action `aws:nope`",
            )
            .with_help("did you mean `aws:sleep`?"),
            Diagnostic::warning(
                "no-description",
                Span::default(),
                "the runbook has no description",
            ),
        ]
    }

    fn with_reports<T>(f: impl FnOnce(&[FileReport<'_>]) -> T) -> T {
        let (source, diagnostics) = (source(), diagnostics());
        f(&[FileReport {
            source: &source,
            diagnostics: &diagnostics,
        }])
    }

    #[test]
    fn human_shows_the_line_and_underlines_the_span_past_a_tab() {
        let text = with_reports(|r| human(r, false));
        let expected = "\
docs/run.yaml:3:12: error[unknown-action]: unknown action `aws:nope`
  |
3 |     - action: aws:nope
  |               ^^^^^^^^
  = help: did you mean `aws:sleep`?

docs/run.yaml: warning[no-description]: the runbook has no description

1 error, 1 warning in 1 file
";
        assert_eq!(text, expected);
    }

    #[test]
    fn human_underlines_multi_line_spans_to_the_end_of_the_first_line() {
        let source = SourceFile::new("a.yaml", "key: |\n  more\n");
        let d = [Diagnostic::error("x", Span::new(1, 6, 2, 7), "m")];
        let text = human(
            &[FileReport {
                source: &source,
                diagnostics: &d,
            }],
            false,
        );
        assert!(text.contains("1 | key: |\n  |      ^\n"), "{text}");
    }

    #[test]
    fn human_colour_is_ansi_only_when_asked() {
        let plain = with_reports(|r| human(r, false));
        assert!(!plain.contains('\x1b'));
        let coloured = with_reports(|r| human(r, true));
        assert!(coloured.contains("\x1b[1;31merror[unknown-action]\x1b[0m"));
        assert!(coloured.contains("\x1b[1;31m^^^^^^^^\x1b[0m"));
    }

    #[test]
    fn human_summary_counts_clean_files() {
        let (a, b) = (SourceFile::new("a", ""), SourceFile::new("b", ""));
        let reports = [
            FileReport {
                source: &a,
                diagnostics: &[],
            },
            FileReport {
                source: &b,
                diagnostics: &[],
            },
        ];
        assert_eq!(human(&reports, false), "0 errors, 0 warnings in 2 files\n");
    }

    #[test]
    fn json_has_positions_help_and_summary() {
        let v: Value = serde_json::from_str(&with_reports(json)).expect("valid JSON");
        assert_eq!(
            v["diagnostics"][0],
            json!({"path": "docs/run.yaml", "line": 3, "column": 12, "endLine": 3, "endColumn": 20,
                   "severity": "error", "code": "unknown-action",
                   "message": "unknown action `aws:nope`", "help": "did you mean `aws:sleep`?"})
        );
        assert_eq!(v["diagnostics"][1]["line"], Value::Null);
        assert_eq!(v["diagnostics"][1]["help"], Value::Null);
        assert_eq!(
            v["summary"],
            json!({"files": 1, "errors": 1, "warnings": 1, "omitted": 0})
        );
    }

    #[test]
    fn every_format_caps_diagnostics_per_file_and_counts_the_rest() {
        let source = SourceFile::new("many.yaml", "a: 1\n");
        let d = Diagnostic::error("unknown-action", Span::new(1, 1, 1, 2), "bad");
        let many = vec![d; MAX_PER_FILE + 7];
        let reports = [FileReport {
            source: &source,
            diagnostics: &many,
        }];
        let text = human(&reports, false);
        assert_eq!(text.matches("error[unknown-action]").count(), MAX_PER_FILE);
        assert!(text.contains("many.yaml: 7 more diagnostics not shown (at most 200 per file)"));
        assert!(
            text.ends_with("207 errors, 0 warnings in 1 file\n"),
            "{text}"
        );
        let v: Value = serde_json::from_str(&json(&reports)).unwrap();
        assert_eq!(v["diagnostics"].as_array().unwrap().len(), MAX_PER_FILE);
        assert_eq!(v["summary"]["omitted"], 7);
        assert_eq!(v["summary"]["errors"], 207);
        let gh = github(&reports);
        assert_eq!(gh.matches("::error ").count(), MAX_PER_FILE);
        assert!(gh.contains("::notice file=many.yaml,title=omitted::"));
        let v: Value = serde_json::from_str(&crate::render::sarif::sarif(&reports)).unwrap();
        assert_eq!(
            v["runs"][0]["results"].as_array().unwrap().len(),
            MAX_PER_FILE
        );
    }

    #[test]
    fn github_commands_escape_data_and_properties() {
        let text = with_reports(github);
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "::error file=docs/run.yaml,line=3,col=12,endLine=3,endColumn=20,\
                 title=unknown-action::unknown action `aws:nope`%0Ahelp: did you mean `aws:sleep`?"
            )
        );
        assert_eq!(
            lines.next(),
            Some(
                "::warning file=docs/run.yaml,title=no-description::the runbook has no description"
            )
        );
        assert_eq!(escape_property("a:b,c%d\r\n"), "a%3Ab%2Cc%25d%0D%0A");
        assert_eq!(escape_data("50% a:b,c"), "50%25 a:b,c");
    }

    #[test]
    fn colour_follows_no_color_then_clicolor_force_then_the_terminal() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(color_decision(env(&[]), true));
        assert!(!color_decision(env(&[]), false));
        assert!(!color_decision(env(&[("NO_COLOR", "1")]), true));
        assert!(color_decision(env(&[("NO_COLOR", "")]), true));
        assert!(!color_decision(
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(color_decision(env(&[("CLICOLOR_FORCE", "1")]), false));
        assert!(!color_decision(env(&[("CLICOLOR_FORCE", "0")]), false));
        assert!(!color_decision(env(&[("CLICOLOR", "0")]), true));
        assert!(!color_decision(env(&[("TERM", "dumb")]), true));
    }

    #[test]
    fn formats_round_trip_their_names() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("xml"), None);
    }
}
