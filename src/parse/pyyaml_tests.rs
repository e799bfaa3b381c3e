//! Differential test: what PyYAML's safe loader reads, this parser reads with the same value.
//!
//! `scripts/pyyaml_read.py` reads each file twice: with `yaml.safe_load`, and with the same
//! loader resolving plain scalars by the YAML 1.2 core schema, as this parser does (the
//! YAML 1.1 differences are listed in docs/differences.md). Every file PyYAML loads must
//! parse here to the same data as the second reading. Files PyYAML refuses are not compared.
//!
//! The files are every corpus runbook and the generated variants of [`super::variants`].
//! Without python3 and PyYAML the test prints why and passes, unless `SSMRUN_CI_FULL=1`
//! (set by `.ci/run`) says they must be there.

use super::{Node, NodeKind, decode, parse};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// PyYAML's readings, one per path, or why they could not be had.
fn pyyaml_readings(paths: &[PathBuf]) -> Result<Vec<Value>, String> {
    let python = std::env::var("SSMRUN_CI_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(ROOT).join("scripts/pyyaml_read.py");
    let mut child = Command::new(&python)
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("`{python}` cannot be started: {e}"))?;
    let list: String = paths.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let writer = std::thread::spawn(move || stdin.write_all(list.as_bytes()));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(format!(
            "the PyYAML reader failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).map_err(|e| e.to_string()))
        .collect()
}

/// Our reading in the reader's notation (non-JSON numbers tagged as the script tags them).
fn tagged(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Float(f) if f.is_nan() => json!({"$float": "nan"}),
        NodeKind::Float(f) if f.is_infinite() => {
            json!({"$float": if *f > 0.0 { "inf" } else { "-inf" }})
        }
        NodeKind::Seq(items) => Value::Array(items.iter().map(tagged).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), tagged(v)))
                .collect(),
        ),
        _ => node.to_json(),
    }
}

/// Same data: maps compare as maps (key order is not data), numbers by kind and value.
fn same(ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| same(v, w))
        }
        // Integers beyond 64 bits are read as the nearest float here (docs/differences.md).
        (Value::Number(n), Value::Object(b)) if b.contains_key("$bigint") => {
            let big = b["$bigint"].as_str().and_then(|s| s.parse::<f64>().ok());
            n.as_f64() == big
        }
        _ => ours == theirs,
    }
}

/// Compares every file PyYAML loads; returns one line per disagreement.
fn compare(paths: &[PathBuf]) -> Option<Vec<String>> {
    let readings = match pyyaml_readings(paths) {
        Ok(r) => r,
        Err(why) if std::env::var("SSMRUN_CI_FULL").as_deref() == Ok("1") => {
            panic!("SSMRUN_CI_FULL=1 but PyYAML cannot be run: {why}")
        }
        Err(why) => {
            eprintln!("skipping the PyYAML differential test: {why}");
            return None;
        }
    };
    assert_eq!(readings.len(), paths.len(), "one reading per file");
    let mut problems = Vec::new();
    for (path, reading) in paths.iter().zip(&readings) {
        if !reading["error"].is_null() {
            continue;
        }
        let bytes = std::fs::read(path).unwrap_or_default();
        let ours = decode(&path.display().to_string(), bytes)
            .map_err(|d| vec![*d])
            .and_then(|src| parse(&src));
        match ours {
            Err(d) => problems.push(format!(
                "{}: PyYAML loads it, we refuse: {}:{} {}",
                path.display(),
                d[0].span.line,
                d[0].span.col,
                d[0].message
            )),
            Ok(node) if !same(&tagged(&node), &reading["core"]) => problems.push(format!(
                "{}: different data\n  ours:   {}\n  PyYAML: {}",
                path.display(),
                tagged(&node),
                reading["core"]
            )),
            Ok(_) => {}
        }
    }
    Some(problems)
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else if p
            .extension()
            .is_some_and(|x| ["yaml", "yml", "json"].contains(&x.to_str().unwrap_or("")))
        {
            out.push(p);
        }
    }
}

#[test]
fn corpus_reads_as_pyyaml_reads_it() {
    let mut paths = Vec::new();
    for dir in [
        "../shared/corpus/docs",
        "../shared/corpus/project",
        "documents",
        "tests/invalid",
    ] {
        files_under(&Path::new(ROOT).join(dir), &mut paths);
    }
    paths.sort();
    if let Some(problems) = compare(&paths) {
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

#[test]
fn generated_variants_read_as_pyyaml_reads_them() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let mut paths = Vec::new();
    for (i, text) in super::variants::all().iter().enumerate() {
        let path = dir.path().join(format!("v{i:04}.yaml"));
        std::fs::write(&path, text).expect("write a variant");
        paths.push(path);
    }
    if let Some(problems) = compare(&paths) {
        // Every disagreement in one line, then the first few in full with their text.
        let mut shown: Vec<String> = problems
            .iter()
            .map(|p| p.lines().next().unwrap_or_default().to_string())
            .collect();
        shown.extend(
            problems
                .iter()
                .filter(|p| p.contains("different"))
                .take(40)
                .map(|p| {
                    let file = p.split(':').next().unwrap_or_default();
                    let text = std::fs::read_to_string(file).unwrap_or_default();
                    format!("{p}\n---\n{text}---")
                }),
        );
        assert!(
            problems.is_empty(),
            "{} of {} variants differ:\n{}",
            problems.len(),
            paths.len(),
            shown.join("\n")
        );
    }
}
