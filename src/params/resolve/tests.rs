use super::*;
use crate::source::SourceFile;
use serde_json::json;

/// A runbook with the given `parameters:` block (indented two spaces) and one step.
fn doc(parameters: &str) -> Document {
    let text = format!(
        "schemaVersion: '0.3'\nparameters:\n{parameters}\nmainSteps:\n  - name: wait\n    \
         action: aws:sleep\n    inputs:\n      Duration: PT1S\n"
    );
    let source = SourceFile::new("test.yaml", text);
    let root = crate::parse::parse(&source).expect("test document parses");
    crate::document::lower(root)
        .0
        .expect("test document lowers")
}

fn supplied(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    pairs
        .iter()
        .map(|(k, vs)| (k.to_string(), vs.iter().map(|v| v.to_string()).collect()))
        .collect()
}

fn no_ssm(_: &Parameter, _: &str, _: Option<&str>) -> Option<Value> {
    None
}

fn resolve(
    doc: &Document,
    pairs: &[(&str, &[&str])],
) -> Result<Map<String, Value>, ParameterError> {
    resolve_parameters(doc, &supplied(pairs), &no_ssm)
}

fn one(doc: &Document, name: &str, values: &[&str]) -> Result<Value, String> {
    match resolve(doc, &[(name, values)]) {
        Ok(mut map) => Ok(map.remove(name).unwrap_or(Value::Null)),
        Err(e) => Err(e.message),
    }
}

#[test]
fn seed_instance_id_fills_a_string_list() {
    let d = doc("  InstanceId:\n    type: List<AWS::EC2::Instance::Id>\n");
    let values = resolve(&d, &[("InstanceId", &["i-1234567890abcdef0"])]).expect("valid");
    assert_eq!(
        values.get("InstanceId"),
        Some(&json!(["i-1234567890abcdef0"]))
    );
    let err = one(&d, "InstanceId", &["i-123"]).expect_err("bad id");
    assert!(
        err.contains("is not a valid `AWS::EC2::Instance::Id`"),
        "{err}"
    );
}

#[test]
fn undeclared_keys_are_refused_with_a_suggestion() {
    let d = doc("  InstanceId:\n    type: String\n");
    let err = resolve(&d, &[("InstanceID", &["i-1"]), ("Zzz", &["x"])]).expect_err("undeclared");
    assert_eq!(err.parameter.as_deref(), Some("InstanceID"));
    assert_eq!(
        err.message,
        "the runbook has no parameter `InstanceID` (did you mean `InstanceId`?)"
    );
}

#[test]
fn defaults_fill_in_and_missing_required_ones_are_named() {
    let d = doc(
        "  A:\n    type: String\n    default: x\n  B:\n    type: Integer\n  C:\n    type: Boolean\n",
    );
    let err = resolve(&d, &[]).expect_err("missing");
    assert_eq!(err.parameter, None);
    assert!(
        err.message.starts_with("parameters `B`, `C` are required"),
        "{}",
        err.message
    );
    let values = resolve(&d, &[("B", &["7"]), ("C", &["TRUE"])]).expect("complete");
    assert_eq!(Value::Object(values), json!({"A": "x", "B": 7, "C": true}));
}

#[test]
fn json_encoded_defaults_for_lists_and_maps() {
    let d = doc(
        "  M:\n    type: StringMap\n    default: '{}'\n  L:\n    type: StringList\n    default: '[\"a\"]'\n  ML:\n    type: MapList\n    default: []\n",
    );
    let values = resolve(&d, &[]).expect("defaults decode");
    assert_eq!(
        Value::Object(values),
        json!({"M": {}, "L": ["a"], "ML": []})
    );
}

#[test]
fn defaults_of_the_wrong_type_are_refused() {
    let d = doc("  N:\n    type: Integer\n    default: '3'\n");
    let err = resolve(&d, &[]).expect_err("quoted integer");
    assert_eq!(
        err.message,
        "the default of parameter `N` must be of type `Integer`, but it is a string"
    );
}

#[test]
fn ssm_defaults_are_read_through_the_lookup() {
    let d = doc(
        "  Ami:\n    type: String\n    default: '{{ssm:/golden/ami}}'\n  Ids:\n    type: StringList\n    default: '{{ ssm:ids:3 }}'\n",
    );
    let lookup = |_: &Parameter, name: &str, version: Option<&str>| match (name, version) {
        ("/golden/ami", None) => Some(json!("ami-1")),
        ("ids", Some("3")) => Some(json!("a,b")),
        _ => None,
    };
    let values = resolve_parameters(&d, &BTreeMap::new(), &lookup).expect("found");
    assert_eq!(
        Value::Object(values),
        json!({"Ami": "ami-1", "Ids": ["a", "b"]})
    );
    let err = resolve(&d, &[]).expect_err("missing store value");
    assert_eq!(
        err.message,
        "the default of parameter `Ami` reads Parameter Store parameter `/golden/ami`, which does not exist"
    );
}

#[test]
fn ssm_arns_keep_their_colons() {
    let d = doc(
        "  P:\n    type: String\n    default: '{{ssm:arn:aws:ssm:us-east-1:123456789012:parameter/x}}'\n",
    );
    let reference = ssm_reference(&d.parameters[0]).expect("reference");
    assert_eq!(
        reference.name,
        "arn:aws:ssm:us-east-1:123456789012:parameter/x"
    );
    assert_eq!(reference.version, None);
}

#[test]
fn strings_take_exactly_one_value() {
    let d = doc("  S:\n    type: String\n");
    assert_eq!(one(&d, "S", &["x"]), Ok(json!("x")));
    let err = one(&d, "S", &["a", "b"]).expect_err("two values");
    assert_eq!(
        err,
        "parameter `S` (String) takes exactly one value, but 2 were given"
    );
}

#[test]
fn unknown_types_are_treated_as_string() {
    let d = doc("  S:\n    type: Strin\n");
    assert_eq!(one(&d, "S", &["x"]), Ok(json!("x")));
}

#[test]
fn integers_are_base_ten() {
    let d = doc("  N:\n    type: Integer\n");
    assert_eq!(one(&d, "N", &["-12"]), Ok(json!(-12)));
    for bad in ["0x10", "1.5", "ten", ""] {
        let err = one(&d, "N", &[bad]).expect_err(bad);
        assert!(err.contains("needs a base-10 integer"), "{err}");
    }
}

#[test]
fn booleans_ignore_case() {
    let d = doc("  B:\n    type: Boolean\n");
    assert_eq!(one(&d, "B", &["False"]), Ok(json!(false)));
    assert!(one(&d, "B", &["yes"]).is_err_and(|e| e.contains("needs `true` or `false`")));
}

#[test]
fn string_maps_need_one_json_object() {
    let d = doc("  M:\n    type: StringMap\n");
    assert_eq!(one(&d, "M", &[r#"{"k": ["v"]}"#]), Ok(json!({"k": ["v"]})));
    assert!(one(&d, "M", &["[1]"]).is_err_and(|e| e.contains("not a JSON list")));
    assert!(one(&d, "M", &["k=v"]).is_err_and(|e| e.contains("is not JSON")));
}

#[test]
fn map_lists_take_an_array_or_one_object_per_value() {
    let d = doc("  L:\n    type: MapList\n");
    assert_eq!(
        one(&d, "L", &[r#"[{"a": 1}, {"b": 2}]"#]),
        Ok(json!([{"a": 1}, {"b": 2}]))
    );
    assert_eq!(
        one(&d, "L", &[r#"{"a": 1}"#, r#"{"b": 2}"#]),
        Ok(json!([{"a": 1}, {"b": 2}]))
    );
    assert!(one(&d, "L", &["[1]"]).is_err_and(|e| e.contains("item 1 of the array")));
    assert!(one(&d, "L", &["{}", "x"]).is_err_and(|e| e.contains("value 2 (`x`)")));
}

#[test]
fn allowed_values_apply_to_each_list_item() {
    let d = doc(
        "  S:\n    type: StringList\n    allowedValues: [a, b]\n  N:\n    type: Integer\n    default: 1\n    allowedValues: ['1', '2']\n",
    );
    assert!(one(&d, "S", &["a", "b"]).is_ok());
    let err = one(&d, "S", &["a", "c"]).expect_err("c not allowed");
    assert_eq!(
        err,
        "value `c` of parameter `S` is not one of its allowedValues: `a`, `b`"
    );
    let err = resolve(&d, &[("S", &[]), ("N", &["3"])]).expect_err("3 not allowed");
    assert_eq!(err.parameter.as_deref(), Some("N"));
}

#[test]
fn allowed_pattern_applies_to_each_item_and_must_compile() {
    let d = doc(
        "  S:\n    type: StringList\n    allowedPattern: '^[a-z]+$'\n  T:\n    type: String\n    default: x\n    allowedPattern: '^(?!x)'\n",
    );
    let err = resolve(&d, &[("S", &["ok", "NO"])]).expect_err("pattern");
    assert_eq!(
        err.message,
        "value `NO` of parameter `S` does not match its allowedPattern `^[a-z]+$`"
    );
    // Look-around (Java-only) compiles through the backtracking fallback: `x` is refused.
    let err = resolve(&d, &[("S", &["ok"])]).expect_err("look-around refuses x");
    assert_eq!(err.parameter.as_deref(), Some("T"));
    let bad =
        doc("  T:\n    type: String\n    default: x\n    allowedPattern: '\\p{javaLowerCase}'\n");
    let err = resolve(&bad, &[]).expect_err("unknown class");
    assert!(
        err.message
            .starts_with("the allowedPattern of parameter `T` is not a regular expression"),
        "{}",
        err.message
    );
}

#[test]
fn item_and_character_bounds() {
    let d = doc(
        "  L:\n    type: StringList\n    minItems: 1\n    maxItems: 2\n    maxChars: 3\n  S:\n    type: String\n    default: abc\n    minChars: 2\n",
    );
    assert!(
        resolve(&d, &[("L", &[])]).is_err_and(|e| e.message.contains("fewer than its minItems 1"))
    );
    let three = resolve(&d, &[("L", &["a", "b", "c"])]).expect_err("three items");
    assert!(three.message.contains("more than its maxItems 2"));
    let long = resolve(&d, &[("L", &["abcd"])]).expect_err("long item");
    assert!(
        long.message
            .contains("has 4 character(s), more than its maxChars 3")
    );
    let short = resolve(&d, &[("L", &["a"]), ("S", &["x"])]).expect_err("short string");
    assert_eq!(short.parameter.as_deref(), Some("S"));
}

#[test]
fn checks_skip_rules_that_do_not_fit_the_shape() {
    let d = doc("  B:\n    type: Boolean\n    allowedPattern: '^x$'\n    maxChars: 1\n");
    assert_eq!(one(&d, "B", &["true"]), Ok(json!(true)));
}

#[test]
fn api_strings_round_trip_the_conversion() {
    assert_eq!(to_api_strings(&json!("x")), vec!["x"]);
    assert_eq!(to_api_strings(&json!(5)), vec!["5"]);
    assert_eq!(to_api_strings(&json!(true)), vec!["true"]);
    assert_eq!(to_api_strings(&json!(["a", "b"])), vec!["a", "b"]);
    assert_eq!(to_api_strings(&json!({"k": "v"})), vec![r#"{"k":"v"}"#]);
    assert_eq!(to_api_strings(&json!([{"a": 1}])), vec![r#"{"a":1}"#]);
    let d = doc("  L:\n    type: MapList\n");
    let typed = one(&d, "L", &[r#"{"a":1}"#]).expect("maplist");
    assert_eq!(
        one(
            &d,
            "L",
            &to_api_strings(&typed)
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
        ),
        Ok(typed)
    );
}

#[test]
fn empty_string_leaves_an_aws_typed_parameter_unset() {
    let d = doc("  AutomationAssumeRole:\n    type: AWS::IAM::Role::Arn\n    default: ''\n");
    let values = resolve(&d, &[]).expect("empty default is accepted");
    assert_eq!(values.get("AutomationAssumeRole"), Some(&json!("")));
    assert_eq!(check_default(&d.parameters[0]), Ok(()));
}

#[test]
fn check_default_covers_shape_and_rules_but_not_ssm_references() {
    let d = doc(
        "  A:\n    type: String\n    default: '{{ssm:/x}}'\n    allowedPattern: '^arn:'\n  B:\n    type: String\n    default: x\n    allowedValues: [y]\n  C:\n    type: Integer\n    default: 'x'\n  D:\n    type: StringList\n",
    );
    assert_eq!(check_default(&d.parameters[0]), Ok(()));
    assert!(check_default(&d.parameters[1]).is_err_and(|e| e.contains("allowedValues")));
    assert!(
        check_default(&d.parameters[2]).is_err_and(|e| e.contains("must be of type `Integer`"))
    );
    assert_eq!(check_default(&d.parameters[3]), Ok(()));
}
