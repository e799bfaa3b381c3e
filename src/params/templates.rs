//! Parameter defaults are templates: `{{ global:DATE_TIME }}`, `{{ automation:EXECUTION_ID }}`
//! and `{{ OtherParameter }}` inside a default are filled in when the execution starts
//! (AWS-UpdateLinuxAmi names its image `..._from_{{SourceAmiId}}_on_{{global:DATE_TIME}}`).
//!
//! Rules (docs/semantics.md, "Parameter defaults are templates"):
//! - only a default in use is filled in; a value given at start is taken as it is;
//! - another parameter gives its value at start as supplied or as its default is written
//!   (one level: the service does no multi-level expansion, spec §3.2);
//! - anything else (`{{TARGET_ID}}`, a step output, a variable) stays literal text;
//! - the filled-in value is then checked like any other value (type, pattern, bounds).

use super::check::{check_default_type, check_value};
use super::convert::default_value;
use super::resolve::ParameterError;
use crate::document::{Document, Parameter};
use crate::template::{Reference, Scope, scan, stringify, whole};
use serde_json::{Map, Value};

/// Whether `param`'s default holds a reference filled in at start.
pub fn is_template(param: &Parameter) -> bool {
    let Some(node) = &param.default else {
        return false;
    };
    let mut found = false;
    node.walk(&mut |n| {
        if let Some(s) = n.str() {
            found |= scan(s).iter().any(|o| fillable(&o.reference));
        }
    });
    found
}

fn fillable(r: &Reference) -> bool {
    matches!(
        r,
        Reference::Parameter(_) | Reference::Global(_) | Reference::Automation(_)
    )
}

/// The parameters of `doc` whose default is a template.
pub fn templated_parameters(doc: &Document) -> Vec<Parameter> {
    doc.parameters
        .iter()
        .filter(|p| is_template(p))
        .cloned()
        .collect()
}

/// `values` with the templated default of each of `params` filled in from `scope` where it
/// is in use, each checked as a value of its parameter. `values` holds the parameters as
/// the run starts with them.
pub fn fill_default_templates(
    params: &[Parameter],
    values: &Map<String, Value>,
    scope: &dyn Scope,
) -> Result<Map<String, Value>, ParameterError> {
    let mut out = values.clone();
    for param in params.iter().filter(|p| is_template(p)) {
        let name = &param.name.value;
        let written = default_value(param);
        if written.is_none() || values.get(name) != written.as_ref() {
            continue; // a value given at start
        }
        let filled = written.map_or(Value::Null, |w| fill(&w, scope));
        let checked = check_default_type(param, &filled).and_then(|()| check_value(param, &filled));
        checked.map_err(|message| ParameterError {
            parameter: Some(name.clone()),
            message: format!("{message} (the default, filled in at start)"),
        })?;
        out.insert(name.clone(), filled);
    }
    Ok(out)
}

/// Fills in what `scope` knows; a list item that is exactly one list-valued reference is
/// spliced, as in step inputs (spec §3.2 b).
fn fill(v: &Value, scope: &dyn Scope) -> Value {
    match v {
        Value::String(s) => fill_str(s, scope),
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let splice = item.as_str().and_then(whole).is_some_and(|r| fillable(&r));
                match fill(item, scope) {
                    Value::Array(list) if splice => out.extend(list),
                    filled => out.push(filled),
                }
            }
            Value::Array(out)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, item)| (k.clone(), fill(item, scope)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn fill_str(s: &str, scope: &dyn Scope) -> Value {
    let found = scan(s);
    let value = |r: &Reference| fillable(r).then(|| scope.lookup(r).ok()).flatten();
    if let [only] = found.as_slice()
        && only.start == 0
        && only.end == s.len()
        && let Some(v) = value(&only.reference)
    {
        return v;
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for o in &found {
        out.push_str(&s[copied..o.start]);
        match value(&o.reference) {
            Some(v) => out.push_str(&stringify(&v)),
            None => out.push_str(&o.raw),
        }
        copied = o.end;
    }
    out.push_str(&s[copied..]);
    Value::String(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::source::SourceFile;
    use serde_json::json;

    struct Start;

    impl Scope for Start {
        fn lookup(&self, r: &Reference) -> Result<Value, String> {
            match r {
                Reference::Global(g) if g == "DATE_TIME" => Ok(json!("2026-01-02_03.04.05")),
                Reference::Automation(a) if a == "EXECUTION_ID" => Ok(json!("exec-1")),
                Reference::Parameter(p) if p == "Ami" => Ok(json!("ami-1")),
                Reference::Parameter(p) if p == "Ids" => Ok(json!(["i-1", "i-2"])),
                _ => Err("unknown".into()),
            }
        }
    }

    fn doc(params: &str) -> Document {
        let text = format!("schemaVersion: '0.3'\nparameters:\n{params}mainSteps: []\n");
        let root = parse(&SourceFile::new("t.yaml", text)).unwrap();
        crate::document::lower(root).0.unwrap()
    }

    fn start(doc: &Document, values: Value) -> Result<Value, String> {
        let Value::Object(values) = values else {
            unreachable!()
        };
        fill_default_templates(&templated_parameters(doc), &values, &Start)
            .map(Value::Object)
            .map_err(|e| e.message)
    }

    #[test]
    fn defaults_in_use_are_filled_in() {
        let d = doc(concat!(
            "  Name:\n    type: String\n    default: 'x_{{Ami}}_on_{{ global:DATE_TIME }}_{{TARGET_ID}}'\n",
            "  Run:\n    type: String\n    default: '{{ automation:EXECUTION_ID }}'\n",
            "  More:\n    type: StringList\n    default: ['{{ Ids }}', i-3]\n",
        ));
        let filled = start(
            &d,
            json!({"Name": "x_{{Ami}}_on_{{ global:DATE_TIME }}_{{TARGET_ID}}", "Run": "given", "More": ["{{ Ids }}", "i-3"]}),
        )
        .unwrap();
        assert_eq!(
            filled,
            json!({"Name": "x_ami-1_on_2026-01-02_03.04.05_{{TARGET_ID}}", "Run": "given", "More": ["i-1", "i-2", "i-3"]})
        );
    }

    #[test]
    fn the_filled_in_value_is_checked() {
        let d = doc(
            "  N:\n    type: String\n    default: 'run-{{ automation:EXECUTION_ID }}'\n    allowedPattern: ^ami-\n",
        );
        let e = start(&d, json!({"N": "run-{{ automation:EXECUTION_ID }}"})).unwrap_err();
        assert!(e.contains("filled in at start"), "{e}");
    }
}
