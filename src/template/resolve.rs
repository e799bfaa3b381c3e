//! Substituting references with values (spec §3.2).

use super::{Occurrence, Reference, scan, whole};
use serde_json::Value;
use std::fmt;

/// Where references get their values: the executor implements it over parameters,
/// variables, step outputs and globals; validation and tests use small maps. `Err` holds a
/// message such as "step `getAmi` has not run"; the caller adds the reference.
pub trait Scope {
    fn lookup(&self, reference: &Reference) -> Result<Value, String>;

    /// Asked when [`Scope::lookup`] fails: true when the reference is to stay as written
    /// (`raw`, braces included) instead of failing the resolution. The executor says so for
    /// an output its step ran without setting (docs/semantics.md).
    fn keeps_as_written(&self, _reference: &Reference, _raw: &str) -> bool {
        false
    }
}

/// A reference that could not be resolved. `reference` is the text as written, braces
/// included (`{{ getAmi.ImageId }}`), so it can be found in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveError {
    pub reference: String,
    pub message: String,
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot resolve `{}`: {}", self.reference, self.message)
    }
}

impl std::error::Error for ResolveError {}

/// Every reference in every string of `v`, in document order, invalid ones included (use
/// [`Reference::is_malformed`] to pick the ones worth reporting). Keys are skipped: a
/// document's structure cannot be built from references, so a `{{` in a key is just text.
pub fn references(v: &Value) -> Vec<Reference> {
    let mut found = Vec::new();
    collect(v, &mut found);
    found
}

fn collect(v: &Value, found: &mut Vec<Reference>) {
    match v {
        Value::String(s) => found.extend(scan(s).into_iter().map(|o| o.reference)),
        Value::Array(items) => items.iter().for_each(|item| collect(item, found)),
        Value::Object(map) => map.values().for_each(|item| collect(item, found)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Resolves every string in `v` (rules a–c of spec §3.2). Keys are left alone. An array
/// element that is exactly one reference to a list is spliced into the array, so
/// `InstanceIds: ["{{ Ids }}"]` with a StringList `Ids` stays a flat list of ids.
pub fn resolve(v: &Value, scope: &dyn Scope) -> Result<Value, ResolveError> {
    match v {
        Value::String(s) => resolve_str(s, scope),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let splice = item
                    .as_str()
                    .and_then(whole)
                    .is_some_and(|r| !r.is_invalid());
                match resolve(item, scope)? {
                    Value::Array(list) if splice => out.extend(list),
                    resolved => out.push(resolved),
                }
            }
            Ok(Value::Array(out))
        }
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (key, item) in map {
                out.insert(key.clone(), resolve(item, scope)?);
            }
            Ok(Value::Object(out))
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(v.clone()),
    }
}

/// Resolves one string. Exactly one reference → the referenced value with its type (a list
/// stays a list). Otherwise a string with each reference replaced by [`stringify`] of its
/// value. Substituted text is never scanned again, so a value containing `{{ x }}` stays
/// as it is. Invalid references stay literal (see the module docs of [`crate::template`]).
pub fn resolve_str(s: &str, scope: &dyn Scope) -> Result<Value, ResolveError> {
    let found = scan(s);
    if let [only] = found.as_slice()
        && only.start == 0
        && only.end == s.len()
        && !only.reference.is_invalid()
    {
        return lookup(only, scope);
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for occurrence in &found {
        out.push_str(&s[copied..occurrence.start]);
        if occurrence.reference.is_invalid() {
            out.push_str(&occurrence.raw);
        } else {
            out.push_str(&stringify(&lookup(occurrence, scope)?));
        }
        copied = occurrence.end;
    }
    out.push_str(&s[copied..]);
    Ok(Value::String(out))
}

pub(super) fn lookup(occurrence: &Occurrence, scope: &dyn Scope) -> Result<Value, ResolveError> {
    scope.lookup(&occurrence.reference).or_else(|message| {
        if scope.keeps_as_written(&occurrence.reference, &occurrence.raw) {
            return Ok(Value::String(occurrence.raw.clone()));
        }
        Err(ResolveError {
            reference: occurrence.raw.clone(),
            message,
        })
    })
}

/// A value as text inside a longer string: a string as is, anything else as compact JSON
/// (so numbers in decimal, booleans `true`/`false`, lists and maps as `["a","b"]`). AWS does
/// not document the list and map forms; compact JSON makes `"{\"a\": {{ Step.Map }}}"`
/// valid JSON, which is what runbooks that embed maps expect.
pub fn stringify(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value as named in messages: "the string \"abc\"", "the integer `3`", "a list of 2
/// items", "a map". Long strings are cut, since messages stay on one line.
pub fn describe(v: &Value) -> String {
    const MAX_CHARS: usize = 40;
    match v {
        Value::Null => "null".to_string(),
        Value::Bool(_) => format!("the boolean `{v}`"),
        Value::Number(n) if n.is_i64() || n.is_u64() => format!("the integer `{v}`"),
        Value::Number(_) => format!("the number `{v}`"),
        Value::String(s) => match s.char_indices().nth(MAX_CHARS) {
            Some((cut, _)) => format!("the string {}…", Value::from(&s[..cut])),
            None => format!("the string {v}"),
        },
        Value::Array(items) if items.len() == 1 => "a list of 1 item".to_string(),
        Value::Array(items) => format!("a list of {} items", items.len()),
        Value::Object(_) => "a map".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Parameters by name and step outputs as `Step.Output`, the way an executor keys them.
    struct MapScope(Value);

    impl Scope for MapScope {
        fn lookup(&self, reference: &Reference) -> Result<Value, String> {
            self.0
                .get(reference.to_string())
                .cloned()
                .ok_or_else(|| format!("`{reference}` is not defined"))
        }
    }

    fn scope() -> MapScope {
        MapScope(json!({
            "Name": "web",
            "Count": 3,
            "Ratio": 0.5,
            "Flag": true,
            "Ids": ["i-1", "i-2"],
            "Map": {"k": "v", "n": 1},
            "Tricky": "{{ Name }}",
            "Step.Out": "out",
            "global:REGION": "eu-west-1",
        }))
    }

    fn resolved(v: Value) -> Value {
        resolve(&v, &scope()).unwrap()
    }

    #[test]
    fn whole_value_keeps_the_type() {
        assert_eq!(resolved(json!("{{ Count }}")), json!(3));
        assert_eq!(resolved(json!("{{Flag}}")), json!(true));
        assert_eq!(resolved(json!("{{ Ids }}")), json!(["i-1", "i-2"]));
        assert_eq!(resolved(json!("{{ Map }}")), json!({"k": "v", "n": 1}));
        assert_eq!(resolved(json!("{{ Step.Out }}")), json!("out"));
        assert_eq!(
            resolved(json!({"Region": "{{ global:REGION }}"})),
            json!({"Region": "eu-west-1"})
        );
    }

    #[test]
    fn list_items_splice_lists_and_keep_scalars() {
        assert_eq!(resolved(json!(["{{ Ids }}"])), json!(["i-1", "i-2"]));
        assert_eq!(
            resolved(json!(["i-0", "{{Ids}}", "i-3"])),
            json!(["i-0", "i-1", "i-2", "i-3"])
        );
        assert_eq!(resolved(json!(["{{ Name }}"])), json!(["web"]));
        assert_eq!(
            resolved(json!(["{{ Count }}", "{{ Map }}"])),
            json!([3, {"k": "v", "n": 1}])
        );
        // Only a whole-reference item splices; an embedded list stays text.
        assert_eq!(
            resolved(json!(["x{{ Ids }}"])),
            json!(["x[\"i-1\",\"i-2\"]"])
        );
        // Nested arrays splice at their own level.
        assert_eq!(
            resolved(json!({"Filters": [{"Values": ["{{ Ids }}"]}]})),
            json!({"Filters": [{"Values": ["i-1", "i-2"]}]})
        );
    }

    #[test]
    fn embedded_references_stringify() {
        assert_eq!(
            resolved(json!("n={{Count}} r={{Ratio}} f={{Flag}}")),
            json!("n=3 r=0.5 f=true")
        );
        assert_eq!(
            resolved(json!("ids {{ Ids }}")),
            json!("ids [\"i-1\",\"i-2\"]")
        );
        assert_eq!(
            resolved(json!("{\"S3Bucket\": \"{{ Name }}\", \"M\": {{Map}}}")),
            json!("{\"S3Bucket\": \"web\", \"M\": {\"k\":\"v\",\"n\":1}}")
        );
        assert_eq!(resolved(json!(" {{ Name }} ")), json!(" web "));
    }

    #[test]
    fn no_multi_level_expansion() {
        assert_eq!(resolved(json!("{{ Tricky }}")), json!("{{ Name }}"));
        assert_eq!(resolved(json!("a {{ Tricky }}")), json!("a {{ Name }}"));
    }

    #[test]
    fn literal_braces_survive() {
        let code = "th {{ background-color: #f2f2f2; }} {{ Name }}";
        assert_eq!(
            resolved(json!(code)),
            json!("th {{ background-color: #f2f2f2; }} web")
        );
        assert_eq!(resolved(json!("{{ a b }}")), json!("{{ a b }}"));
        assert_eq!(resolved(json!("open {{ Name")), json!("open {{ Name"));
        assert_eq!(resolved(json!(["{{ }}"])), json!(["{{ }}"]));
    }

    #[test]
    fn keys_and_non_strings_are_untouched() {
        let v = json!({"{{ Name }}": 1, "b": null, "c": 2.5, "d": false});
        assert_eq!(resolved(v.clone()), v);
        assert!(references(&v).is_empty());
    }

    #[test]
    fn errors_name_the_reference_as_written() {
        let err = resolve(&json!({"a": ["x {{ Missing }}"]}), &scope()).unwrap_err();
        assert_eq!(err.reference, "{{ Missing }}");
        assert_eq!(
            err.to_string(),
            "cannot resolve `{{ Missing }}`: `Missing` is not defined"
        );
    }

    /// Keeps every unknown step output as written, as the executor does for an output its
    /// step did not set.
    struct Keeping(MapScope);

    impl Scope for Keeping {
        fn lookup(&self, reference: &Reference) -> Result<Value, String> {
            self.0.lookup(reference)
        }
        fn keeps_as_written(&self, reference: &Reference, _raw: &str) -> bool {
            matches!(reference, Reference::StepOutput { .. })
        }
    }

    #[test]
    fn a_kept_reference_stays_exactly_as_written() {
        let keeping = Keeping(scope());
        let v =
            json!({"a": "{{Step.Unset}}", "b": "x={{ Step.Unset }}!", "c": ["{{ Step.Unset }}"]});
        let want =
            json!({"a": "{{Step.Unset}}", "b": "x={{ Step.Unset }}!", "c": ["{{ Step.Unset }}"]});
        assert_eq!(resolve(&v, &keeping), Ok(want.clone()));
        assert_eq!(super::super::Template::new(&v).resolve(&keeping), Ok(want));
        // Only what the scope keeps: a missing parameter still fails.
        assert!(resolve(&json!("{{ Missing }}"), &keeping).is_err());
    }

    #[test]
    fn references_walks_values_in_order() {
        let v = json!({"a": "{{ A }} {{ B.c }}", "list": ["{{ variable:v }}", 1], "m": {"k": "{{ssm:/p}}"}});
        let names: Vec<String> = references(&v).iter().map(ToString::to_string).collect();
        assert_eq!(names, ["A", "B.c", "variable:v", "ssm:/p"]);
    }

    #[test]
    fn describe_forms() {
        assert_eq!(describe(&json!("ab")), "the string \"ab\"");
        assert_eq!(
            describe(&json!("é".repeat(50))),
            format!("the string \"{}\"…", "é".repeat(40))
        );
        assert_eq!(describe(&json!(3)), "the integer `3`");
        assert_eq!(describe(&json!(0.5)), "the number `0.5`");
        assert_eq!(describe(&json!(true)), "the boolean `true`");
        assert_eq!(describe(&json!([1])), "a list of 1 item");
        assert_eq!(describe(&json!([])), "a list of 0 items");
        assert_eq!(describe(&json!({})), "a map");
        assert_eq!(describe(&json!(null)), "null");
    }

    #[test]
    fn stringify_forms() {
        assert_eq!(stringify(&json!("a\"b")), "a\"b");
        assert_eq!(stringify(&json!(-7)), "-7");
        assert_eq!(stringify(&json!(false)), "false");
        assert_eq!(
            stringify(&json!({"b": 1, "a": [1, "x"]})),
            "{\"b\":1,\"a\":[1,\"x\"]}"
        );
    }
}
