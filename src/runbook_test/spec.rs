//! The runbook test file format (docs/runbook-tests.md): a document, defaults for every case,
//! and cases, each with its parameters, world, mocks, signals and expectations. Read from
//! YAML or JSON with ssmrun's own parser, so every mistake is reported with its line.

use crate::parse::{Node, NodeKind};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A whole test file.
#[derive(Clone, Debug)]
pub struct TestFile {
    pub path: PathBuf,
    /// A path relative to the test file, or a bundled document's name.
    pub document: String,
    pub defaults: Setup,
    pub cases: Vec<Case>,
}

/// What a run starts with. A case's setup overrides the file's, field by field.
#[derive(Clone, Debug, Default)]
pub struct Setup {
    pub parameters: BTreeMap<String, Vec<String>>,
    /// A world or mocks file (relative to the test file) or the content inline.
    pub world: Option<Value>,
    pub mocks: Option<Value>,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub line: u32,
    pub setup: Setup,
    pub signals: Vec<SignalSpec>,
    pub expect: Expect,
}

/// A signal sent when the execution waits at `step`.
#[derive(Clone, Debug)]
pub struct SignalSpec {
    pub step: String,
    pub signal: String,
    pub payload: BTreeMap<String, Vec<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct Expect {
    pub status: Option<String>,
    /// Step name → status (`Pending` for a step that never ran).
    pub steps: BTreeMap<String, String>,
    /// `Step.Output` → value.
    pub outputs: Map<String, Value>,
    /// Text the execution's failure message must contain.
    pub failure: Option<String>,
    /// A part of the world file the world after the run must contain.
    pub world: Option<Value>,
    /// The API calls, in order: `service.Operation` names, or mappings a call's log entry
    /// must contain.
    pub calls: Option<Vec<Value>>,
}

const FILE_KEYS: &[&str] = &["document", "parameters", "world", "mocks", "cases"];
const CASE_KEYS: &[&str] = &["name", "parameters", "world", "mocks", "signals", "expect"];
const EXPECT_KEYS: &[&str] = &["status", "steps", "outputs", "failure", "world", "calls"];
const SIGNAL_KEYS: &[&str] = &["step", "signal", "payload"];

/// A mistake in a test file, with its line.
pub type SpecError = String;

struct Reader<'a> {
    path: &'a Path,
}

impl Reader<'_> {
    fn err(&self, node: &Node, message: impl std::fmt::Display) -> SpecError {
        format!("{}:{}: {message}", self.path.display(), node.span.line)
    }

    fn keys(&self, node: &Node, known: &[&str], what: &str) -> Result<(), SpecError> {
        let entries = node
            .map()
            .ok_or_else(|| self.err(node, format!("{what} must be a mapping")))?;
        for (k, _) in entries {
            if !known.contains(&k.name.as_str()) {
                let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                return Err(format!(
                    "{}:{}: unknown key `{}` in {what} (known: {})",
                    self.path.display(),
                    k.span.line,
                    k.name,
                    list.join(", ")
                ));
            }
        }
        Ok(())
    }

    fn text(&self, node: &Node, what: &str) -> Result<String, SpecError> {
        match &node.kind {
            NodeKind::Str { value, .. } => Ok(value.clone()),
            NodeKind::Int(i) => Ok(i.to_string()),
            NodeKind::Bool(b) => Ok(b.to_string()),
            NodeKind::Float(f) => Ok(f.to_string()),
            _ => Err(self.err(node, format!("{what} must be text"))),
        }
    }

    /// `Name: value` or `Name: [values]`, as the API's map of lists.
    fn string_lists(
        &self,
        node: &Node,
        what: &str,
    ) -> Result<BTreeMap<String, Vec<String>>, SpecError> {
        let entries = node
            .map()
            .ok_or_else(|| self.err(node, format!("{what} must be a mapping")))?;
        let mut out = BTreeMap::new();
        for (k, v) in entries {
            let values = match v.seq() {
                Some(items) => items
                    .iter()
                    .map(|i| self.text(i, &format!("`{}`", k.name)))
                    .collect::<Result<_, _>>()?,
                None => vec![self.text(v, &format!("`{}`", k.name))?],
            };
            out.insert(k.name.clone(), values);
        }
        Ok(out)
    }

    fn setup(&self, node: &Node) -> Result<Setup, SpecError> {
        Ok(Setup {
            parameters: match node.get("parameters") {
                Some(p) => self.string_lists(p, "`parameters`")?,
                None => BTreeMap::new(),
            },
            world: node.get("world").map(Node::to_json),
            mocks: node.get("mocks").map(Node::to_json),
        })
    }

    fn case(&self, node: &Node, index: usize) -> Result<Case, SpecError> {
        self.keys(node, CASE_KEYS, "a case")?;
        let name = match node.get("name") {
            Some(n) => self.text(n, "`name`")?,
            None => format!("case {}", index + 1),
        };
        let signals = match node.get("signals") {
            None => Vec::new(),
            Some(list) => list
                .seq()
                .ok_or_else(|| self.err(list, "`signals` must be a list"))?
                .iter()
                .map(|s| self.signal(s))
                .collect::<Result<_, _>>()?,
        };
        let expect = match node.get("expect") {
            Some(e) => self.expect(e)?,
            None => return Err(self.err(node, format!("case `{name}` has no `expect`"))),
        };
        Ok(Case {
            name,
            line: node.span.line,
            setup: self.setup(node)?,
            signals,
            expect,
        })
    }

    fn signal(&self, node: &Node) -> Result<SignalSpec, SpecError> {
        self.keys(node, SIGNAL_KEYS, "a signal")?;
        let field = |key: &str| {
            node.get(key)
                .ok_or_else(|| self.err(node, format!("a signal needs `{key}`")))
                .and_then(|n| self.text(n, &format!("`{key}`")))
        };
        Ok(SignalSpec {
            step: field("step")?,
            signal: field("signal")?,
            payload: match node.get("payload") {
                Some(p) => self.string_lists(p, "`payload`")?,
                None => BTreeMap::new(),
            },
        })
    }

    fn expect(&self, node: &Node) -> Result<Expect, SpecError> {
        self.keys(node, EXPECT_KEYS, "`expect`")?;
        let text = |key: &str| {
            node.get(key)
                .map(|n| self.text(n, &format!("`{key}`")))
                .transpose()
        };
        let steps = match node.get("steps") {
            None => BTreeMap::new(),
            Some(s) => {
                let entries = s
                    .map()
                    .ok_or_else(|| self.err(s, "`steps` must be a mapping"))?;
                entries
                    .iter()
                    .map(|(k, v)| Ok((k.name.clone(), self.text(v, &format!("`{}`", k.name))?)))
                    .collect::<Result<_, SpecError>>()?
            }
        };
        let outputs = match node.get("outputs").map(Node::to_json) {
            None => Map::new(),
            Some(Value::Object(m)) => m,
            Some(_) => return Err(self.err(node, "`outputs` must be a mapping")),
        };
        let calls = match node.get("calls") {
            None => None,
            Some(c) => Some(
                c.seq()
                    .ok_or_else(|| self.err(c, "`calls` must be a list"))?
                    .iter()
                    .map(Node::to_json)
                    .collect(),
            ),
        };
        Ok(Expect {
            status: text("status")?,
            steps,
            outputs,
            failure: text("failure")?,
            world: node.get("world").map(Node::to_json),
            calls,
        })
    }
}

/// Read a test file.
pub fn read(path: &Path) -> Result<TestFile, SpecError> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let display = path.display().to_string();
    let source =
        crate::parse::decode(&display, bytes).map_err(|d| format!("{display}: {}", d.message))?;
    let root = crate::parse::parse(&source).map_err(|d| {
        let first = d
            .first()
            .map_or(String::new(), |d| format!("{}: {}", d.span.line, d.message));
        format!("{display}:{first}")
    })?;
    let r = Reader { path };
    r.keys(&root, FILE_KEYS, "a test file")?;
    let document = match root.get("document") {
        Some(d) => r.text(d, "`document`")?,
        None => return Err(r.err(&root, "a test file needs `document`")),
    };
    let cases_node = root
        .get("cases")
        .ok_or_else(|| r.err(&root, "a test file needs `cases`"))?;
    let cases = cases_node
        .seq()
        .ok_or_else(|| r.err(cases_node, "`cases` must be a list"))?
        .iter()
        .enumerate()
        .map(|(i, c)| r.case(c, i))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TestFile {
        path: path.to_path_buf(),
        document,
        defaults: r.setup(&root)?,
        cases,
    })
}
