//! `ssmrun schema` checked by an independent JSON Schema validator (python's `jsonschema`):
//! every runbook `validate` accepts must pass it (zero false errors), and fixtures whose
//! error the schema can express must fail it. Documents are turned into JSON by ssmrun's own
//! parser, so YAML 1.2 scalars mean what they mean to `validate`.

use crate::harness::Sandbox;
use std::path::{Path, PathBuf};
use std::process::Command;

const CHECK: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
for path in sys.argv[2:]:
    errors = list(validator.iter_errors(json.load(open(path))))
    first = min(errors, key=lambda e: len(e.absolute_path)).message[:200] if errors else ""
    print(("FAIL " if errors else "PASS ") + path + (" " + first if first else ""))
"#;

/// A python with `jsonschema`: the CI environment's, else `python3` when it has the package.
fn python() -> Option<String> {
    let candidates = std::env::var("SSMRUN_CI_PYTHON")
        .into_iter()
        .chain(["python3".to_string()]);
    for python in candidates {
        let ok = Command::new(&python)
            .args(["-c", "import jsonschema"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(python);
        }
    }
    None
}

/// Every YAML or JSON file under `dir`, searched recursively, sorted.
fn runbooks(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(runbooks(&p));
        } else if p
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(p);
        }
    }
    out
}

/// Write each document as JSON into `out`; returns (JSON path, original path).
fn as_json(files: &[PathBuf], out: &Path) -> Vec<(PathBuf, PathBuf)> {
    files
        .iter()
        .enumerate()
        .filter_map(|(i, path)| {
            let bytes = std::fs::read(path).ok()?;
            let source = ssmrun::parse::decode(&path.display().to_string(), bytes).ok()?;
            let root = ssmrun::parse::parse(&source).ok()?;
            let json = out.join(format!("{i}.json"));
            std::fs::write(&json, root.to_json().to_string()).ok()?;
            Some((json, path.clone()))
        })
        .collect()
}

/// Each file's verdict from the validator: path → (passed, first message).
fn verdicts(
    python: &str,
    schema: &Path,
    files: &[(PathBuf, PathBuf)],
) -> Vec<(PathBuf, bool, String)> {
    let out = Command::new(python)
        .args(["-c", CHECK])
        .arg(schema)
        .args(files.iter().map(|(j, _)| j))
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "jsonschema failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .zip(files)
        .map(|(line, (_, original))| {
            let passed = line.starts_with("PASS ");
            let message = line.splitn(3, ' ').nth(2).unwrap_or_default().to_string();
            (original.clone(), passed, message)
        })
        .collect()
}

#[test]
fn the_schema_accepts_every_runbook_validate_accepts() {
    let Some(python) = python() else {
        assert!(
            std::env::var_os("SSMRUN_CI_FULL").is_none(),
            "SSMRUN_CI_FULL is set but python's jsonschema is not installed"
        );
        eprintln!("skipped: python3 with `jsonschema` is not installed (pip install jsonschema)");
        return;
    };
    let sb = Sandbox::new();
    let r = sb.cmd(["schema"]).status(0).run();
    let schema_path = sb.path().join("schema.json");
    std::fs::write(&schema_path, r.stdout()).expect("write schema");

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = runbooks(&root.join("documents"));
    for dir in ["../shared/corpus/docs", "../shared/corpus/project"] {
        files.extend(runbooks(&root.join(dir)));
    }
    // Only documents `validate` accepts (no errors) must pass; the corpus lists known defects.
    let accepted: Vec<PathBuf> = files
        .into_iter()
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            ssmrun::parse::decode(&p.display().to_string(), bytes)
                .is_ok_and(|s| !ssmrun::validate::check(&s).has_errors())
        })
        .collect();
    assert!(accepted.len() >= 11, "too few runbooks: {accepted:?}");
    let converted = as_json(&accepted, sb.path());
    let refused: Vec<String> = verdicts(&python, &schema_path, &converted)
        .into_iter()
        .filter(|(_, passed, _)| !passed)
        .map(|(p, _, m)| format!("{}: {m}", p.display()))
        .collect();
    assert!(
        refused.is_empty(),
        "the schema refuses runbooks validate accepts:\n{}",
        refused.join("\n")
    );
    eprintln!("{} runbooks pass the schema", converted.len());

    // Errors the schema can state are refused by it too.
    let invalid = root.join("tests/invalid");
    let expressible = [
        "unknown-action",
        "unknown-input",
        "missing-input",
        "input-type",
        "input-one-of",
        "schema-version",
        "invalid-input-value",
    ];
    // A code that is only a warning is left open by the schema.
    let fixtures: Vec<PathBuf> = expressible
        .iter()
        .filter(|code| ssmrun::validate::rule(code).is_some_and(|r| r.severity.as_str() == "error"))
        .map(|code| invalid.join(format!("{code}.yaml")))
        .collect();
    std::fs::create_dir_all(sb.path().join("fixtures")).expect("mkdir");
    let converted = as_json(&fixtures, &sb.path().join("fixtures"));
    let wrongly_passed: Vec<String> = verdicts(&python, &schema_path, &converted)
        .into_iter()
        .filter(|(_, passed, _)| *passed)
        .map(|(p, _, _)| p.display().to_string())
        .collect();
    assert!(
        wrongly_passed.is_empty(),
        "the schema accepts documents with errors it can express: {wrongly_passed:?}"
    );
}
