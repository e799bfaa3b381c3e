use super::*;
use serde_json::json;

fn read_json(text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    read(text, &Limits::default())
}

/// Code, line and column of the first error.
fn error_at(text: &str) -> (&'static str, u32, u32) {
    let e = read_json(text).unwrap_err().remove(0);
    (e.code, e.span.line, e.span.col)
}

#[test]
fn values_and_positions() {
    let text =
        "{\n\t\"a\": [1, -2.5, 1e3, true, null, \"x\\u00e9\\ud83d\\ude00\"],\n\t\"b\": {}\n}";
    let root = read_json(text).unwrap().root;
    assert_eq!(
        root.to_json(),
        json!({"a": [1, -2.5, 1000.0, true, null, "xé😀"], "b": {}})
    );
    let a = root.get("a").unwrap();
    assert_eq!((a.span.line, a.span.col), (2, 7));
    assert_eq!(root.key("b").unwrap().span.col, 2);
    let x = &a.seq().unwrap()[5];
    assert!(matches!(x.kind, NodeKind::Str { quoted: true, .. }));
    assert_eq!((x.span.col, x.span.end_col), (34, 55));
}

#[test]
fn what_json_refuses_is_located() {
    assert_eq!(error_at("{'a': 1}"), ("syntax-error", 1, 2));
    assert_eq!(error_at("{\"a\": 1,}"), ("syntax-error", 1, 9));
    assert_eq!(error_at("[1,\n 2,\n]"), ("syntax-error", 3, 1));
    assert_eq!(error_at("{\"a\": 01}"), ("syntax-error", 1, 7));
    assert_eq!(error_at("{\"a\": 1} x"), ("syntax-error", 1, 10));
    assert_eq!(error_at("// c\n{}"), ("syntax-error", 1, 1));
    assert_eq!(error_at("{\"a\": \"x\ty\"}"), ("syntax-error", 1, 10));
    assert_eq!(error_at("  \n"), ("empty-document", 1, 1));
    assert_eq!(error_at("a: 1"), ("syntax-error", 1, 1));
}

#[test]
fn duplicate_keys_keep_the_last_value_with_a_warning() {
    let parsed = read_json("{\"a\": 1, \"b\": 2, \"a\": 3}").unwrap();
    assert_eq!(parsed.root.to_json(), json!({"a": 3, "b": 2}));
    let w = &parsed.warnings[0];
    assert_eq!(
        (w.code, w.span.col, w.is_error()),
        ("duplicate-key", 18, false)
    );
}

#[test]
fn budgets_hold() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(error_at(&deep).0, "nesting-too-deep");
    let limits = Limits {
        max_nodes: 3,
        ..Limits::default()
    };
    let e = read("[1, 2, 3]", &limits).unwrap_err();
    assert_eq!(e[0].code, "too-many-nodes");
    assert_eq!(
        read_json("99999999999999999999").unwrap().root.kind,
        NodeKind::Float(1e20)
    );
}

#[test]
fn json_paths_read_as_json() {
    use crate::parse::{is_json_path, parse};
    use crate::source::SourceFile;
    assert!(is_json_path("a/b.JSON") && !is_json_path("json") && !is_json_path("a.yaml"));
    let e = parse(&SourceFile::new("r.json", "{'a': 1}")).unwrap_err();
    assert_eq!(e[0].code, "syntax-error");
    assert!(parse(&SourceFile::new("r.yaml", "{'a': 1}")).is_ok());
}
