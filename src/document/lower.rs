//! Node tree → `Document`. Lowering checks only shape (which keys, which kinds of value);
//! meaning (references, targets, inputs) is the validator's job. Every problem is collected.

use super::{
    DataType, Document, FileDef, ParamType, Parameter, Spanned, Step, StepOutput, Variable,
};
use crate::diagnostic::{Diagnostic, suggest};
use crate::parse::{Key, Node, NodeKind};

pub(crate) const TOP_LEVEL_KEYS: &[&str] = &[
    "schemaVersion",
    "description",
    "assumeRole",
    "parameters",
    "variables",
    "mainSteps",
    "outputs",
    "files",
];

pub(crate) const STEP_KEYS: &[&str] = &[
    "name",
    "action",
    "description",
    "inputs",
    "outputs",
    "maxAttempts",
    "timeoutSeconds",
    "onFailure",
    "onCancel",
    "isEnd",
    "nextStep",
    "isCritical",
];

pub(crate) const PARAMETER_KEYS: &[&str] = &[
    "type",
    "description",
    "default",
    "allowedValues",
    "allowedPattern",
    "displayType",
    "minItems",
    "maxItems",
    "minChars",
    "maxChars",
    "interpolationType",
];

pub(crate) const OUTPUT_KEYS: &[&str] = &["Name", "Selector", "Type"];

pub(crate) const VARIABLE_KEYS: &[&str] = &["type", "default", "description"];

/// Lower a parsed tree. Returns the document when the root is a mapping (even if other
/// problems were found, so that the validator can report more), plus the diagnostics.
pub fn lower(mut root: Node) -> (Option<Document>, Vec<Diagnostic>) {
    // A runbook written inside a CloudFormation template reads as CloudFormation fills it in.
    let filled = crate::parse::cloudformation::fill_in(&mut root);
    let mut cx = Lowering {
        diagnostics: filled.into_iter().collect(),
    };
    let doc = cx.document(root);
    (doc, cx.diagnostics)
}

struct Lowering {
    diagnostics: Vec<Diagnostic>,
}

impl Lowering {
    fn error(&mut self, code: &'static str, span: crate::source::Span, message: String) {
        self.diagnostics
            .push(Diagnostic::error(code, span, message));
    }

    /// Unknown keys only warn: AWS's own schema for the language service rejects them, but
    /// the service is not known to refuse them, and the step runs all the same.
    fn unknown_keys(&mut self, entries: &[(Key, Node)], known: &[&str], what: &str) {
        for (k, _) in entries {
            if !known.contains(&k.name.as_str()) {
                let mut d = Diagnostic::warning(
                    "unknown-key",
                    k.span,
                    format!("unknown key `{}` in {what}", k.name),
                );
                if let Some(s) = suggest(&k.name, known.iter().copied()) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                self.diagnostics.push(d);
            }
        }
    }

    fn wrong_kind(&mut self, node: &Node, field: &str, expected: &str) {
        self.error(
            "invalid-type",
            node.span,
            format!("`{field}` must be {expected}, found {}", node.kind_name()),
        );
    }

    /// An optional field written with no value (`description:`) reads as absent: the service
    /// accepts it (docs/semantics.md, "Null fields").
    fn string(&mut self, node: Option<&Node>, field: &str) -> Option<Spanned<String>> {
        let node = given(node)?;
        match &node.kind {
            NodeKind::Str { value, .. } => Some(Spanned::new(value.clone(), node.span)),
            _ => {
                self.wrong_kind(node, field, "a string");
                None
            }
        }
    }

    /// Integers may be written as digit strings (the service's schema accepts both).
    fn integer(&mut self, node: Option<&Node>, field: &str) -> Option<Spanned<i64>> {
        let node = given(node)?;
        let v = match &node.kind {
            NodeKind::Int(i) => Some(*i),
            NodeKind::Str { value, .. } => value.trim().parse::<i64>().ok(),
            _ => None,
        };
        if v.is_none() {
            self.wrong_kind(node, field, "an integer");
        }
        v.map(|v| Spanned::new(v, node.span))
    }

    /// Booleans may be written as the strings "true"/"false" (seen in real runbooks).
    fn boolean(&mut self, node: Option<&Node>, field: &str) -> Option<Spanned<bool>> {
        let node = given(node)?;
        let v = match &node.kind {
            NodeKind::Bool(b) => Some(*b),
            NodeKind::Str { value, .. } if value.eq_ignore_ascii_case("true") => Some(true),
            NodeKind::Str { value, .. } if value.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        };
        if v.is_none() {
            self.wrong_kind(node, field, "a boolean");
        }
        v.map(|v| Spanned::new(v, node.span))
    }

    fn text(&mut self, node: Option<&Node>, field: &str) -> Option<String> {
        self.string(node, field).map(|s| s.value)
    }

    fn document(&mut self, root: Node) -> Option<Document> {
        let Some(entries) = root.map() else {
            self.error(
                "not-a-mapping",
                root.span,
                format!(
                    "a runbook must be a mapping at the top level, found {}",
                    root.kind_name()
                ),
            );
            return None;
        };
        self.unknown_keys(entries, TOP_LEVEL_KEYS, "the document");
        let schema_version = match root.get("schemaVersion") {
            None => {
                self.error(
                    "missing-schema-version",
                    root.span,
                    "missing `schemaVersion` (Automation runbooks use \"0.3\")".into(),
                );
                None
            }
            Some(n) => {
                let v = match &n.kind {
                    NodeKind::Str { value, .. } => value.clone(),
                    NodeKind::Float(f) => f.to_string(),
                    NodeKind::Int(i) => i.to_string(),
                    _ => String::new(),
                };
                Some(Spanned::new(v, n.span))
            }
        };
        let description = self.text(root.get("description"), "description");
        let assume_role = self.string(root.get("assumeRole"), "assumeRole");
        let parameters = self.entries(root.get("parameters"), "parameters", Self::parameter);
        let variables = self.entries(root.get("variables"), "variables", Self::variable);
        let main_steps = match root.get("mainSteps") {
            None => {
                self.error(
                    "missing-main-steps",
                    root.span,
                    "missing `mainSteps`: a runbook needs at least one step".into(),
                );
                Vec::new()
            }
            Some(n) => self.steps(n, "mainSteps"),
        };
        let outputs = match root.get("outputs") {
            None
            | Some(Node {
                kind: NodeKind::Null,
                ..
            }) => Vec::new(),
            Some(n) => match n.seq() {
                Some(items) => items
                    .iter()
                    .filter_map(|i| self.string(Some(i), "outputs item"))
                    .collect(),
                None => {
                    self.wrong_kind(n, "outputs", "a list of `Step.Output` strings");
                    Vec::new()
                }
            },
        };
        let files = self.entries(root.get("files"), "files", |cx, key, node| {
            let sha256 = node.get("checksums").and_then(|c| {
                ["sha256", "SHA256", "sha-256", "SHA-256"]
                    .iter()
                    .find_map(|k| c.get(k))
                    .and_then(|v| cx.text(Some(v), "checksums.sha256"))
            });
            Some(FileDef {
                name: Spanned::new(key.name.clone(), key.span),
                sha256,
                span: node.span,
            })
        });
        Some(Document {
            schema_version,
            description,
            assume_role,
            parameters,
            variables,
            main_steps,
            outputs,
            files,
            root,
        })
    }

    /// Lower each entry of a name → definition mapping.
    fn entries<T>(
        &mut self,
        node: Option<&Node>,
        field: &str,
        mut f: impl FnMut(&mut Self, &Key, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = node else { return Vec::new() };
        match &node.kind {
            NodeKind::Map(entries) => entries.iter().filter_map(|(k, v)| f(self, k, v)).collect(),
            NodeKind::Null => Vec::new(),
            _ => {
                self.wrong_kind(node, field, "a mapping");
                Vec::new()
            }
        }
    }

    fn parameter(&mut self, key: &Key, node: &Node) -> Option<Parameter> {
        let Some(entries) = node.map() else {
            self.wrong_kind(node, &format!("parameters.{}", key.name), "a mapping");
            return None;
        };
        // Real runbooks carry properties such as `minValue` the schema does not have.
        let what = format!("parameter `{}`", key.name);
        self.unknown_keys(entries, PARAMETER_KEYS, &what);
        let ty_node = node.get("type");
        let ty = match self.string(ty_node, "type") {
            None => {
                if given(ty_node).is_none() {
                    self.error(
                        "missing-parameter-type",
                        key.span,
                        format!("parameter `{}` has no `type`", key.name),
                    );
                }
                None
            }
            Some(t) => {
                let parsed = ParamType::parse(&t.value);
                if parsed.is_none() {
                    let names = ParamType::all_names();
                    let mut d = Diagnostic::error(
                        "unknown-parameter-type",
                        t.span,
                        format!("unknown parameter type `{}`", t.value),
                    );
                    if let Some(s) = suggest(&t.value, names.iter().map(String::as_str)) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    self.diagnostics.push(d);
                }
                parsed
            }
        };
        Some(Parameter {
            name: Spanned::new(key.name.clone(), key.span),
            ty,
            ty_span: ty_node.map_or(key.span, |n| n.span),
            description: node
                .get("description")
                .and_then(|n| n.str().map(String::from)),
            default: given(node.get("default")).cloned(),
            allowed_values: node.get("allowedValues").cloned(),
            allowed_pattern: self.string(node.get("allowedPattern"), "allowedPattern"),
            min_items: self.integer(node.get("minItems"), "minItems"),
            max_items: self.integer(node.get("maxItems"), "maxItems"),
            min_chars: self.integer(node.get("minChars"), "minChars"),
            max_chars: self.integer(node.get("maxChars"), "maxChars"),
            span: node.span,
        })
    }

    fn variable(&mut self, key: &Key, node: &Node) -> Option<Variable> {
        let Some(entries) = node.map() else {
            self.wrong_kind(node, &format!("variables.{}", key.name), "a mapping");
            return None;
        };
        self.unknown_keys(entries, VARIABLE_KEYS, "a variable");
        let ty_node = node.get("type");
        let ty = self.string(ty_node, "type").and_then(|t| {
            let parsed = DataType::parse(&t.value);
            if parsed.is_none() {
                self.error(
                    "unknown-variable-type",
                    t.span,
                    format!("unknown variable type `{}`", t.value),
                );
            }
            parsed
        });
        if given(ty_node).is_none() {
            self.error(
                "missing-variable-type",
                key.span,
                format!("variable `{}` has no `type`", key.name),
            );
        }
        Some(Variable {
            name: Spanned::new(key.name.clone(), key.span),
            ty,
            ty_span: ty_node.map_or(key.span, |n| n.span),
            default: given(node.get("default")).cloned(),
            span: node.span,
        })
    }

    fn steps(&mut self, node: &Node, field: &str) -> Vec<Step> {
        match node.seq() {
            Some(items) => items.iter().filter_map(|n| self.step(n)).collect(),
            None => {
                self.wrong_kind(node, field, "a list of steps");
                Vec::new()
            }
        }
    }

    fn step(&mut self, node: &Node) -> Option<Step> {
        let Some(entries) = node.map() else {
            self.wrong_kind(node, "step", "a mapping");
            return None;
        };
        self.unknown_keys(entries, STEP_KEYS, "a step");
        let name = self.string(node.get("name"), "name");
        let action = self.string(node.get("action"), "action");
        if given(node.get("name")).is_none() {
            self.error("missing-step-name", node.span, "step has no `name`".into());
        }
        if given(node.get("action")).is_none() {
            let what = name
                .as_ref()
                .map_or(String::new(), |n| format!(" `{}`", n.value));
            self.error(
                "missing-action",
                node.span,
                format!("step{what} has no `action`"),
            );
        }
        let inputs = match node.get("inputs") {
            Some(
                n @ Node {
                    kind: NodeKind::Map(_),
                    ..
                },
            ) => n.clone(),
            Some(n) if matches!(n.kind, NodeKind::Null) => Node::new(n.span, NodeKind::Map(vec![])),
            Some(n) => {
                self.wrong_kind(n, "inputs", "a mapping");
                Node::new(n.span, NodeKind::Map(vec![]))
            }
            None => Node::new(node.span, NodeKind::Map(vec![])),
        };
        let loop_steps = match (&action, inputs.get("Steps")) {
            (Some(a), Some(body)) if a.value == "aws:loop" => self.steps(body, "inputs.Steps"),
            _ => Vec::new(),
        };
        let outputs = match node.get("outputs") {
            None => Vec::new(),
            Some(n) => match n.seq() {
                Some(items) => items.iter().filter_map(|o| self.step_output(o)).collect(),
                None => {
                    self.wrong_kind(n, "outputs", "a list of {Name, Selector, Type}");
                    Vec::new()
                }
            },
        };
        // A step with neither name nor action is still lowered so its other problems show.
        let missing = Spanned::new(String::new(), node.span);
        Some(Step {
            name: name.unwrap_or_else(|| missing.clone()),
            action: action.unwrap_or(missing),
            description: node
                .get("description")
                .and_then(|n| n.str().map(String::from)),
            inputs,
            outputs,
            max_attempts: self.integer(node.get("maxAttempts"), "maxAttempts"),
            timeout_seconds: self.integer(node.get("timeoutSeconds"), "timeoutSeconds"),
            on_failure: self.string(node.get("onFailure"), "onFailure"),
            on_cancel: self.string(node.get("onCancel"), "onCancel"),
            is_end: self.boolean(node.get("isEnd"), "isEnd"),
            is_critical: self.boolean(node.get("isCritical"), "isCritical"),
            next_step: self.string(node.get("nextStep"), "nextStep"),
            loop_steps,
            span: node.span,
        })
    }

    fn step_output(&mut self, node: &Node) -> Option<StepOutput> {
        let Some(entries) = node.map() else {
            self.wrong_kind(node, "output", "a mapping with Name, Selector and Type");
            return None;
        };
        self.unknown_keys(entries, OUTPUT_KEYS, "a step output");
        let field = |cx: &mut Self, key: &str| {
            let v = cx.string(node.get(key), key);
            if given(node.get(key)).is_none() {
                cx.error(
                    "missing-output-field",
                    node.span,
                    format!("output has no `{key}`"),
                );
            }
            v.unwrap_or_else(|| Spanned::new(String::new(), node.span))
        };
        let name = field(self, "Name");
        let selector = field(self, "Selector");
        // The service accepts outputs without `Type` and treats them as String.
        let ty_name = match self.string(node.get("Type"), "Type") {
            Some(t) => t,
            None => {
                if given(node.get("Type")).is_none() {
                    self.diagnostics.push(Diagnostic::warning(
                        "missing-output-type",
                        node.span,
                        format!("output `{}` has no `Type`; String is assumed", name.value),
                    ));
                }
                Spanned::new("String".to_string(), node.span)
            }
        };
        let ty = DataType::parse(&ty_name.value);
        if ty.is_none() && !ty_name.value.is_empty() {
            let mut d = Diagnostic::error(
                "unknown-output-type",
                ty_name.span,
                format!("unknown output type `{}`", ty_name.value),
            );
            if let Some(s) = suggest(&ty_name.value, DataType::ALL.iter().map(|t| t.name())) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            self.diagnostics.push(d);
        }
        Some(StepOutput {
            name,
            selector,
            ty,
            ty_span: ty_name.span,
            span: node.span,
        })
    }
}

/// A field that holds a value: null counts as not written.
fn given(node: Option<&Node>) -> Option<&Node> {
    node.filter(|n| !matches!(n.kind, NodeKind::Null))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;
    use crate::source::SourceFile;

    fn lowered(text: &str) -> (Option<Document>, Vec<Diagnostic>) {
        lower(parse(&SourceFile::new("t.yaml", text)).unwrap())
    }

    #[test]
    fn lowers_a_small_runbook() {
        let (doc, diags) = lowered(
            "schemaVersion: '0.3'\nparameters:\n  Id:\n    type: StringList\nmainSteps:\n  - name: a\n    action: aws:sleep\n    isCritical: 'true'\n    maxAttempts: '3'\n    inputs:\n      Duration: PT1M\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        assert_eq!(
            doc.parameters[0].ty.as_ref().unwrap().base,
            DataType::StringList
        );
        assert_eq!(doc.main_steps[0].max_attempts(), 3);
        assert!(doc.main_steps[0].effective_is_critical());
    }

    #[test]
    fn reports_unknown_keys_with_suggestion() {
        let (_, diags) = lowered(
            "schemaVersion: '0.3'\nmainStep: []\nmainSteps:\n  - name: a\n    action: aws:sleep\n    nextstep: b\n",
        );
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, ["unknown-key", "unknown-key"]);
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `mainSteps`?"));
        assert_eq!(diags[1].span.line, 6);
    }

    /// `default:` with no value reads as if it were not written, like every optional field
    /// (docs/semantics.md): the parameter or variable has no default.
    #[test]
    fn a_null_default_is_no_default() {
        let (doc, diags) = lowered(
            "schemaVersion: '0.3'\nparameters:\n  Hours:\n    type: Integer\n    default:\nvariables:\n  V:\n    type: String\n    default: null\nmainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let doc = doc.unwrap();
        assert!(doc.parameters[0].default.is_none());
        assert!(doc.variables[0].default.is_none());
    }

    #[test]
    fn loop_bodies_are_lowered() {
        let (doc, diags) = lowered(
            "schemaVersion: '0.3'\nmainSteps:\n  - name: l\n    action: aws:loop\n    inputs:\n      Iterators: [a]\n      Steps:\n        - name: inner\n          action: aws:sleep\n          inputs: {Duration: PT1S}\n",
        );
        assert!(diags.is_empty());
        let doc = doc.unwrap();
        assert_eq!(doc.main_steps[0].loop_steps[0].name.value, "inner");
        assert_eq!(doc.all_steps().len(), 2);
    }
}

#[cfg(test)]
mod corpus {
    use super::lower;
    use crate::parse::{decode, parse};

    /// The real runbooks must lower with no diagnostics at all.
    #[cfg_attr(
        not(shared_corpus),
        ignore = "needs ../shared/corpus beside the repository"
    )]
    #[test]
    fn corpus_lowers_cleanly() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docs");
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut problems = Vec::new();
        for e in entries.flatten() {
            let path = e.path();
            let src = decode(&path.display().to_string(), std::fs::read(&path).unwrap()).unwrap();
            match parse(&src) {
                Err(d) => problems.push(format!("{}: {:?}", src.path, d)),
                Ok(root) => {
                    let (_, d) = lower(root);
                    for d in d {
                        if d.is_error() {
                            problems.push(format!(
                                "{}:{}:{} {} {}",
                                src.path, d.span.line, d.span.col, d.code, d.message
                            ));
                        }
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
