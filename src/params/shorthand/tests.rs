use super::*;
use serde_json::json;

/// The raw syntax tree, to compare with the CLI's own test table.
fn tree(input: &str) -> Value {
    match parser::parse(input) {
        Ok(v) => v,
        Err(e) => panic!("{input:?} failed: {}", e.render(input)),
    }
}

fn map(arg: &str) -> BTreeMap<String, Vec<String>> {
    match parse_string_list_map(arg) {
        Ok(m) => m,
        Err(e) => panic!("{arg:?} failed: {e}"),
    }
}

fn entries(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    pairs
        .iter()
        .map(|(k, vs)| (k.to_string(), vs.iter().map(|v| v.to_string()).collect()))
        .collect()
}

fn error(arg: &str) -> String {
    match parse_string_list_map(arg) {
        Ok(m) => panic!("{arg:?} parsed as {m:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn scalars_and_csv_lists() {
    assert_eq!(tree("foo=bar,baz=qux"), json!({"foo": "bar", "baz": "qux"}));
    assert_eq!(tree("foo=,bar="), json!({"foo": "", "bar": ""}));
    assert_eq!(tree("foo=a,b,c"), json!({"foo": ["a", "b", "c"]}));
    assert_eq!(
        tree("foo=a,b,bar=c,d"),
        json!({"foo": ["a", "b"], "bar": ["c", "d"]})
    );
    assert_eq!(
        tree("foo=\u{2713},\u{2713}"),
        json!({"foo": ["\u{2713}", "\u{2713}"]})
    );
    assert_eq!(tree("foo=a=b"), json!({"foo": "a=b"}));
}

#[test]
fn explicit_lists_and_hashes() {
    assert_eq!(tree("foo=[]"), json!({"foo": []}));
    assert_eq!(
        tree("foo=[a,b],bar=c,d"),
        json!({"foo": ["a", "b"], "bar": ["c", "d"]})
    );
    assert_eq!(tree("foo=[a=b,c=d]"), json!({"foo": ["a=b", "c=d"]}));
    assert_eq!(
        tree("foo  =  [ a , b  , c  ]"),
        json!({"foo": ["a", "b", "c"]})
    );
    assert_eq!(tree("foo=[,,]"), json!({"foo": ["", ""]}));
    assert_eq!(
        tree("a={b={c=d,e=f},g=h}"),
        json!({"a": {"b": {"c": "d", "e": "f"}, "g": "h"}})
    );
    assert_eq!(tree("Name=[{foo=[a,b]}, {bar=[c,d]}]"), {
        json!({"Name": [{"foo": ["a", "b"]}, {"bar": ["c", "d"]}]})
    });
}

#[test]
fn quoting_and_escapes() {
    assert_eq!(tree("foo='bar,baz'"), json!({"foo": "bar,baz"}));
    assert_eq!(
        tree("foo=bar,'baz=qux'"),
        json!({"foo": ["bar", "baz=qux"]})
    );
    assert_eq!(tree(r"foo='bar\'baz'"), json!({"foo": "bar'baz"}));
    assert_eq!(tree(r"foo='bar\\baz'"), json!({"foo": r"bar\baz"}));
    assert_eq!(tree(r#"foo="bar\"baz""#), json!({"foo": "bar\"baz"}));
    assert_eq!(tree(r#"foo="a","b""#), json!({"foo": ["a", "b"]}));
    assert_eq!(tree(r"foo=a\,b"), json!({"foo": "a,b"}));
    assert_eq!(tree(r"foo=\,"), json!({"foo": ","}));
    assert_eq!(tree(r"foo=a,b\,c"), json!({"foo": ["a", "b,c"]}));
    assert_eq!(tree(r"foo=a,\,bc"), json!({"foo": ["a", ",bc"]}));
}

#[test]
fn whitespace_is_skipped_around_separators() {
    assert_eq!(
        tree("a = b,  c = d , e = f"),
        json!({"a": "b", "c": "d", "e": "f"})
    );
    assert_eq!(
        tree("a=b,c=  d,  e,  f"),
        json!({"a": "b", "c": ["d", "e", "f"]})
    );
    assert_eq!(
        tree("foo=a,b=with space  "),
        json!({"foo": "a", "b": "with space"})
    );
    assert_eq!(
        tree("Name=foo,\nValues=a,b,c"),
        json!({"Name": "foo", "Values": ["a", "b", "c"]})
    );
    assert_eq!(
        tree("A=b,\nC=d,\nE=f\n"),
        json!({"A": "b", "C": "d", "E": "f"})
    );
}

#[test]
fn keys_accept_the_newer_character_set() {
    assert_eq!(tree("a-b_c.d#e/f:g=1"), json!({"a-b_c.d#e/f:g": "1"}));
}

#[test]
fn malformed_shorthand_is_refused() {
    for bad in [
        "foo",
        "foo=\"bar",
        "foo='bar",
        "foo=[bar",
        "foo={bar",
        "foo={bar}",
        "foo=bar,",
    ] {
        assert!(parser::parse(bad).is_err(), "{bad:?} should fail");
    }
}

#[test]
fn errors_point_at_the_position_like_the_cli() {
    assert_eq!(
        error("foo"),
        "Error parsing parameter '--parameters': Expected: '=', received: 'EOF' for input:\nfoo\n   ^"
    );
    assert_eq!(
        error("a=b,\nc==d"),
        "Error parsing parameter '--parameters': Expected: ',', received: '=' for input:\n\
         a=b,\nc==d\n  ^"
    );
    assert!(error("a==b,\nc=d").ends_with("input:\na==b,\n  ^\nc=d"));
    let dup = error("K=a,K=b");
    assert!(dup.contains("Second instance of key \"K\""), "{dup}");
    assert!(dup.contains("K=a,K=b\n    ^"), "{dup}");
}

#[test]
fn parameters_become_lists_of_strings() {
    assert_eq!(map("InstanceId=i-1234567890abcdef0"), {
        entries(&[("InstanceId", &["i-1234567890abcdef0"])])
    });
    assert_eq!(
        map("K1=v1,K2=a,b"),
        entries(&[("K1", &["v1"]), ("K2", &["a", "b"])])
    );
    assert_eq!(map("K=[]"), entries(&[("K", &[])]));
    assert_eq!(map(r#"{"K": ["a", "b"], "L": "c"}"#), {
        entries(&[("K", &["a", "b"]), ("L", &["c"])])
    });
}

#[test]
fn shapes_the_api_refuses_are_reported_by_member() {
    assert_eq!(
        error("K="),
        "Parameter validation failed:\n\
         Invalid length for parameter Parameters.K[0], value: 0, valid min length: 1"
    );
    assert_eq!(
        error(r#"{"Count": [3]}"#),
        "Parameter validation failed:\n\
         Invalid type for parameter Parameters.Count[0], value: 3, type: number, valid types: string"
    );
    assert!(error("K={a=b}").contains("Parameters.K, value: {\"a\":\"b\"}, type: map"));
    assert!(error("[1]").contains("Invalid type for parameter Parameters, value: [1]"));
    let payload = parse_string_list_map("K=").map_err(|e| e.with_flag("--payload"));
    assert!(payload.is_err_and(|e| e.to_string().contains("parameter Payload.K[0]")));
}

#[test]
fn invalid_json_quotes_the_input() {
    let message = error("{\"K\": }");
    assert!(message.starts_with("Error parsing parameter '--parameters': Invalid JSON: "));
    assert!(message.ends_with("JSON received: {\"K\": }"), "{message}");
}

#[test]
fn paramfiles_hold_json_or_shorthand() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json_path = dir.path().join("p.json");
    std::fs::write(&json_path, "{\"K\": [\"a\"]}\n").expect("write");
    let short_path = dir.path().join("p.txt");
    std::fs::write(&short_path, "K=[a,b]\n").expect("write");
    assert_eq!(
        map(&format!("file://{}", json_path.display())),
        entries(&[("K", &["a"])])
    );
    assert_eq!(
        map(&format!("file://{}", short_path.display())),
        entries(&[("K", &["a", "b"])])
    );
    let missing = format!("file://{}", dir.path().join("nope").display());
    assert!(error(&missing).contains("Unable to load paramfile file://"));
}

#[test]
fn occurrences_merge_but_may_not_repeat_a_key() {
    let merged = parse_string_list_maps(["A=1", "B=2,3"]).expect("merges");
    assert_eq!(merged, entries(&[("A", &["1"]), ("B", &["2", "3"])]));
    let repeated = parse_string_list_maps(["A=1", "A=2"]).expect_err("repeated key");
    assert!(
        repeated
            .to_string()
            .contains("key \"A\" is given by more than one occurrence")
    );
}

#[test]
fn filters_in_shorthand_and_json() {
    let one = |k: &str, vs: &[&str]| (k.to_string(), vs.iter().map(|v| v.to_string()).collect());
    assert_eq!(
        parse_filters("Key=StepName,Values=a,b"),
        Ok(vec![one("StepName", &["a", "b"])])
    );
    assert_eq!(
        parse_filters("Values=[x],Key=Action"),
        Ok(vec![one("Action", &["x"])])
    );
    let json = r#"[{"Key": "StepName", "Values": ["a"]}, {"Key": "Action", "Values": ["b"]}]"#;
    assert_eq!(
        parse_filters(json),
        Ok(vec![one("StepName", &["a"]), one("Action", &["b"])])
    );
}

#[test]
fn filter_members_are_checked() {
    let message = |arg: &str| parse_filters(arg).expect_err(arg).to_string();
    assert!(
        message("Key=StepName").contains("Missing required parameter in Filters[0]: \"Values\"")
    );
    assert!(message("Key=A,Values=b,Foo=c").contains("Unknown parameter in Filters[0]: \"Foo\""));
    assert!(message("Key=A,Values=[]").contains("Invalid length for parameter Filters[0].Values"));
    assert!(message("Key=[a],Values=b").contains("Invalid type for parameter Filters[0].Key"));
}

#[test]
fn member_names_follow_the_flag() {
    assert_eq!(member_name("--target-maps"), "TargetMaps");
    assert_eq!(member_name("--parameters"), "Parameters");
}

#[test]
fn issue_11_deep_nesting_is_an_error_not_a_stack_overflow() {
    for deep in [
        format!("A={}", "[".repeat(100_000)),
        format!("A={}", "{a=".repeat(100_000)),
    ] {
        let e = parser::parse(&deep).unwrap_err();
        assert!(e.render(&deep).contains("nest deeper than 64 levels"));
    }
    let fine = format!("A={}x{}", "[".repeat(60), "]".repeat(60));
    assert!(parser::parse(&fine).is_ok());
}
