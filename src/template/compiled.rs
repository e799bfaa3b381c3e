//! A value whose `{{ }}` references are found once, when the document is compiled, so an
//! attempt that resolves it again does not scan its strings again. Resolving a [`Template`]
//! gives exactly what [`super::resolve`] gives for the value it was built from.

use super::resolve::lookup;
use super::{Occurrence, Reference, ResolveError, Scope, scan, stringify};
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum Template {
    /// Holds no reference: resolves to itself.
    Literal(Value),
    /// A string that is exactly one reference: takes the referenced value with its type.
    Whole(Occurrence),
    /// A string with references inside text; invalid references are already text.
    Text(Vec<Part>),
    /// A list; `splice` items are one reference whose list value is spliced in.
    Array(Vec<(Template, bool)>),
    Object(Vec<(String, Template)>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Text(String),
    Ref(Occurrence),
}

impl Template {
    pub fn new(v: &Value) -> Template {
        match v {
            Value::String(s) => string(s),
            Value::Array(items) => {
                let items: Vec<(Template, bool)> = items
                    .iter()
                    .map(|item| {
                        let t = Template::new(item);
                        let splice = matches!(t, Template::Whole(_));
                        (t, splice)
                    })
                    .collect();
                if items.iter().all(|(t, _)| t.is_literal()) {
                    Template::Literal(v.clone())
                } else {
                    Template::Array(items)
                }
            }
            Value::Object(map) => {
                let items: Vec<(String, Template)> = map
                    .iter()
                    .map(|(k, item)| (k.clone(), Template::new(item)))
                    .collect();
                if items.iter().all(|(_, t)| t.is_literal()) {
                    Template::Literal(v.clone())
                } else {
                    Template::Object(items)
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => Template::Literal(v.clone()),
        }
    }

    pub fn is_literal(&self) -> bool {
        matches!(self, Template::Literal(_))
    }

    /// The value with every reference replaced from `scope` (spec §3.2).
    pub fn resolve(&self, scope: &dyn Scope) -> Result<Value, ResolveError> {
        match self {
            Template::Literal(v) => Ok(v.clone()),
            Template::Whole(o) => lookup(o, scope),
            Template::Text(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(t) => out.push_str(t),
                        Part::Ref(o) => out.push_str(&stringify(&lookup(o, scope)?)),
                    }
                }
                Ok(Value::String(out))
            }
            Template::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (item, splice) in items {
                    match item.resolve(scope)? {
                        Value::Array(list) if *splice => out.extend(list),
                        resolved => out.push(resolved),
                    }
                }
                Ok(Value::Array(out))
            }
            Template::Object(items) => {
                let mut out = Map::with_capacity(items.len());
                for (key, item) in items {
                    out.insert(key.clone(), item.resolve(scope)?);
                }
                Ok(Value::Object(out))
            }
        }
    }

    /// Every valid reference inside, in document order.
    pub fn references(&self) -> Vec<&Reference> {
        let mut found = Vec::new();
        self.collect(&mut found);
        found
    }

    fn collect<'t>(&'t self, found: &mut Vec<&'t Reference>) {
        match self {
            Template::Literal(_) => {}
            Template::Whole(o) => found.push(&o.reference),
            Template::Text(parts) => found.extend(parts.iter().filter_map(|p| match p {
                Part::Ref(o) => Some(&o.reference),
                Part::Text(_) => None,
            })),
            Template::Array(items) => items.iter().for_each(|(t, _)| t.collect(found)),
            Template::Object(items) => items.iter().for_each(|(_, t)| t.collect(found)),
        }
    }
}

fn string(s: &str) -> Template {
    let mut found = scan(s);
    found.retain(|o| !o.reference.is_invalid());
    if found.is_empty() {
        return Template::Literal(Value::String(s.to_string()));
    }
    if let [only] = found.as_slice()
        && only.start == 0
        && only.end == s.len()
    {
        return Template::Whole(only.clone());
    }
    // Invalid references stay literal: only the valid ones become parts.
    let mut parts = Vec::new();
    let mut copied = 0;
    for o in found {
        if o.start > copied {
            parts.push(Part::Text(s[copied..o.start].to_string()));
        }
        copied = o.end;
        parts.push(Part::Ref(o));
    }
    if copied < s.len() {
        parts.push(Part::Text(s[copied..].to_string()));
    }
    Template::Text(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::resolve;
    use serde_json::json;

    struct Table;
    impl Scope for Table {
        fn lookup(&self, r: &Reference) -> Result<Value, String> {
            match r.to_string().as_str() {
                "Ids" => Ok(json!(["i-1", "i-2"])),
                "Name" => Ok(json!("web")),
                "Count" => Ok(json!(3)),
                other => Err(format!("`{other}` is not defined")),
            }
        }
    }

    #[test]
    fn resolves_as_the_scanning_resolver_does() {
        let cases = [
            json!("{{ Name }}"),
            json!("{{Count}}"),
            json!(" {{ Name }} "),
            json!("a-{{ Name }}-{{ Count }}-{{ Ids }}"),
            json!(["{{ Ids }}", "x", "{{ Name }}", "n={{ Count }}"]),
            json!({"a": {"b": ["{{ Ids }}"]}, "c": 1, "d": null}),
            json!("css {{ color: red; }} and {{ Name }}"),
            json!("{{ color: red; }}"),
            json!("{{ Missing }}"),
            json!(["no", "refs", 1, true]),
            json!("{{{Name}}}"),
        ];
        for v in cases {
            let t = Template::new(&v);
            assert_eq!(t.resolve(&Table), resolve(&v, &Table), "{v}");
        }
    }

    #[test]
    fn values_without_references_are_literal() {
        assert!(Template::new(&json!({"a": ["x", 1], "b": "{{ x y }}"})).is_literal());
        let t = Template::new(&json!({"a": "{{ Name }}", "b": "t {{ Step.Out }}"}));
        let names: Vec<String> = t.references().iter().map(|r| r.to_string()).collect();
        assert_eq!(names, ["Name", "Step.Out"]);
    }
}
