//! Every graph of the bundled runbooks and of the shared corpus, with and without an
//! execution drawn on it, is checked by the official parsers: Mermaid's (`mmdc` from
//! `@mermaid-js/mermaid-cli`, which renders in a headless Chromium) and Graphviz's `dot`.
//!
//! `.ci/run` installs both. Without them the test prints why and passes, unless
//! `SSMRUN_CI_FULL=1` says they must be there. `SSMRUN_MMDC` names `mmdc` when it is not
//! under `target/ci-node`; Chromium is `PUPPETEER_EXECUTABLE_PATH`, else `chromium` on PATH.

use crate::corpus_params::required_parameters;
use crate::harness::{Sandbox, corpus_dir};
use crate::script_support::skip;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Step names that are words of Mermaid and DOT, and conditions full of their syntax.
const AWKWARD: &str = r#"schemaVersion: '0.3'
parameters:
  Mode: {type: String, default: x}
mainSteps:
  - name: end
    action: aws:branch
    inputs:
      Choices:
        - NextStep: graph
          Variable: "{{ Mode }}"
          StringEquals: "a\"b|c]d;e#f<g>\\h end --> x [y] {z} (w) `q` &amp; #quot; subgraph"
        - NextStep: subgraph
          Or:
            - {Variable: "{{ Mode }}", StringEquals: "-.-> ==> click call"}
            - Not: {Variable: "{{ Mode }}", Contains: "style linkStyle classDef"}
      Default: style
  - name: graph
    action: aws:sleep
    inputs: {Duration: PT1S}
  - name: subgraph
    action: aws:sleep
    inputs: {Duration: PT1S}
  - name: style
    action: aws:sleep
    inputs: {Duration: PT1S}
    onCancel: step:end
"#;

/// A drawing to check: what it is of, and its source.
struct Chart {
    title: String,
    text: String,
}

fn documents() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("documents"),
        corpus_dir(),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    paths
}

/// The drawings of every document, in Mermaid and in DOT, and of a dry run of each one
/// that runs. Made once: each document is run only once for both checks.
fn charts() -> &'static (Vec<Chart>, Vec<Chart>) {
    static CHARTS: OnceLock<(Vec<Chart>, Vec<Chart>)> = OnceLock::new();
    CHARTS.get_or_init(|| {
        let sb = Sandbox::new().file("awkward.yaml", AWKWARD);
        let (mut mermaid, mut dot) = (Vec::new(), Vec::new());
        let mut refused = 0;
        let mut paths = documents();
        paths.push(sb.path().join("awkward.yaml"));
        for path in paths {
            let file = path.to_str().expect("utf-8 path");
            let graph = sb.cmd(["graph", file, "--format", "mermaid"]).run();
            match graph.code() {
                0 => {}
                // A document with errors is refused, as `run` refuses it.
                2 => {
                    refused += 1;
                    continue;
                }
                code => panic!("`graph {file}` exited {code}: {}", graph.stderr()),
            }
            let mut draw = |title: String, extra: &[&str]| {
                for (format, into) in [("mermaid", &mut mermaid), ("dot", &mut dot)] {
                    let mut args = vec!["graph", file, "--format", format];
                    args.extend(extra);
                    let text = sb.cmd(args).status(0).run().stdout();
                    into.push(Chart {
                        title: title.clone(),
                        text,
                    });
                }
            };
            draw(file.to_string(), &[]);
            if let Some(id) = dry_run(&sb, &path) {
                draw(format!("{file} with execution {id}"), &["--execution", &id]);
            }
        }
        eprintln!(
            "{} drawings; {refused} documents with errors refused",
            mermaid.len()
        );
        assert!(
            mermaid.len() >= 20,
            "the bundled runbooks alone give more drawings"
        );
        (mermaid, dot)
    })
}

/// The id of a dry run of `path`, unless the run is refused at start (parameters it
/// cannot resolve).
fn dry_run(sb: &Sandbox, path: &Path) -> Option<String> {
    let file = path.to_str().expect("utf-8 path");
    let params = Value::Object(required_parameters(path)).to_string();
    let run = sb
        .cmd([
            "run",
            file,
            "--parameters",
            &params,
            "--approve",
            "--resume",
            "--output",
            "json",
        ])
        .run();
    if !matches!(run.code(), 0 | 1 | 4) {
        return None;
    }
    run.json()["AutomationExecution"]["AutomationExecutionId"]
        .as_str()
        .map(str::to_string)
}

fn full() -> bool {
    std::env::var("SSMRUN_CI_FULL").is_ok_and(|v| v == "1")
}

fn mmdc() -> Option<PathBuf> {
    let path = std::env::var_os("SSMRUN_MMDC")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-node/node_modules/.bin/mmdc")
        });
    path.is_file().then_some(path)
}

fn chromium() -> Option<String> {
    if let Some(p) = std::env::var_os("PUPPETEER_EXECUTABLE_PATH") {
        return Some(p.to_string_lossy().into_owned());
    }
    let out = Command::new("sh")
        .args(["-c", "command -v chromium || command -v chromium-browser"])
        .output()
        .ok()?;
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    (!path.is_empty()).then_some(path)
}

#[test]
fn every_mermaid_graph_parses() {
    let Some(mmdc) = mmdc().or_else(|| skip("`mmdc` (@mermaid-js/mermaid-cli) is not installed"))
    else {
        return;
    };
    let Some(browser) = chromium().or_else(|| skip("no Chromium for `mmdc`")) else {
        return;
    };
    let charts = &charts().0;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("puppeteer.json");
    let settings = serde_json::json!({"executablePath": browser, "args": ["--no-sandbox"]});
    std::fs::write(&config, settings.to_string()).expect("write config");
    let mut from = 0;
    let mut retried = false;
    while from < charts.len() {
        match render(&mmdc, &config, dir.path(), &charts[from..]) {
            Ok(()) => return,
            Err((good, err)) => {
                let bad = &charts[from + good];
                // A browser that fails on a chart it renders the second time was the
                // machine, not the chart; a chart that fails twice is the graph's fault.
                assert!(
                    !(retried && good == 0),
                    "mermaid rejects the graph of {}:\n{err}\n{}",
                    bad.title,
                    bad.text
                );
                if err.contains("Failed to launch") && !full() {
                    eprintln!("skipped: Chromium could not start: {err}");
                    return;
                }
                retried = good == 0;
                from += good;
            }
        }
    }
}

/// Renders `charts` with one browser: one Markdown file holds them all. On failure, how
/// many rendered before the one that did not (mmdc stops there), and mmdc's error.
fn render(mmdc: &Path, config: &Path, dir: &Path, charts: &[Chart]) -> Result<(), (usize, String)> {
    let mut markdown = String::new();
    for chart in charts {
        markdown.push_str(&format!(
            "# {}\n\n```mermaid\n{}```\n\n",
            chart.title, chart.text
        ));
    }
    let input = dir.join("charts.md");
    std::fs::write(&input, &markdown).expect("write charts");
    let out = Command::new(mmdc)
        .arg("-p")
        .arg(config)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(dir.join("out.md"))
        .output()
        .expect("run mmdc");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let good = stdout
        .lines()
        .filter(|l| l.contains('✅') && l.ends_with(".svg"))
        .count();
    if out.status.success() && good == charts.len() {
        return Ok(());
    }
    Err((
        good,
        format!("{}{stdout}", String::from_utf8_lossy(&out.stderr)),
    ))
}

#[test]
fn every_dot_graph_parses() {
    let dot = Command::new("dot").arg("-V").output();
    if dot.is_err() {
        skip::<()>("graphviz `dot` is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for chart in &charts().1 {
        let file = dir.path().join("graph.dot");
        std::fs::write(&file, &chart.text).expect("write graph");
        let out = Command::new("dot")
            .arg("-Tsvg")
            .arg(&file)
            .output()
            .expect("run dot");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && err.trim().is_empty(),
            "dot rejects the graph of {}:\n{err}\n{}",
            chart.title,
            chart.text
        );
    }
}
