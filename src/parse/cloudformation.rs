//! Runbooks written inside CloudFormation templates. The content of an `AWS::SSM::Document`
//! resource may hold intrinsic functions (`!Sub`, `{"Fn::Join": …}`, `!Ref`, `!GetAtt`), which
//! CloudFormation replaces before the service ever sees the document. Read as they stand, a
//! `Fn::Sub` map where a string belongs would be a type error the deployed document does not
//! have, so each function is filled in with the text CloudFormation would give where that is
//! knowable here (pseudo parameters, joins, selections), and the name it refers to where it
//! depends on the template (`!Ref Param` reads `Param`, `!GetAtt Role.Arn` reads `Role.Arn`),
//! which passes the patterns a real value would. One warning says so.
//! docs/semantics.md ("Runbooks inside CloudFormation templates").

use super::{Key, Node, NodeKind};
use crate::diagnostic::Diagnostic;
use saphyr_parser::Tag;

/// The short forms CloudFormation's YAML accepts, each with its long-form key.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("Base64", "Fn::Base64"),
    ("Cidr", "Fn::Cidr"),
    ("FindInMap", "Fn::FindInMap"),
    ("GetAtt", "Fn::GetAtt"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("Join", "Fn::Join"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Sub", "Fn::Sub"),
    ("Transform", "Fn::Transform"),
    ("And", "Fn::And"),
    ("Equals", "Fn::Equals"),
    ("If", "Fn::If"),
    ("Not", "Fn::Not"),
    ("Or", "Fn::Or"),
    ("ToJsonString", "Fn::ToJsonString"),
    ("Length", "Fn::Length"),
];

/// The pseudo parameters whose values the default simulated world fixes.
const PSEUDO_PARAMETERS: &[(&str, &str)] = &[
    ("AWS::AccountId", "123456789012"),
    ("AWS::Region", "us-east-1"),
    ("AWS::Partition", "aws"),
    ("AWS::URLSuffix", "amazonaws.com"),
];

/// The long-form key of a `!Name` tag, when it is one of CloudFormation's.
pub(super) fn short_form(tag: Option<&Tag>) -> Option<&'static str> {
    let tag = tag.filter(|t| t.handle == "!")?;
    SHORT_FORMS
        .iter()
        .find(|(short, _)| *short == tag.suffix)
        .map(|(_, long)| *long)
}

/// `node` under the long-form key `name`, as CloudFormation reads `!Name node`.
pub(super) fn wrap(name: &'static str, node: Node) -> Node {
    let span = node.span;
    let key = Key {
        name: name.to_string(),
        span,
    };
    Node::new(span, NodeKind::Map(vec![(key, node)]))
}

/// A scalar with a CloudFormation tag in its long form; any other scalar as it is.
pub(super) fn long_form(node: Node, tag: Option<&Tag>) -> Node {
    match short_form(tag) {
        Some(name) => wrap(name, node),
        None => node,
    }
}

/// The function and argument of a long-form intrinsic: a mapping of one key, `Ref`,
/// `Condition` or `Fn::…`.
fn intrinsic(node: &Node) -> Option<(&str, &Node)> {
    match node.map()? {
        [(key, arg)] if key.name == "Ref" || key.name.starts_with("Fn::") => {
            Some((key.name.as_str(), arg))
        }
        _ => None,
    }
}

/// Fills in every intrinsic function of a runbook's tree: the warning at the first, if any.
/// Only the document model's lowering calls it, so world and mocks files, and a document's
/// text converted by `get-document`, keep what they hold.
pub(crate) fn fill_in(root: &mut Node) -> Option<Diagnostic> {
    let mut found = Found::default();
    fill(root, &mut found);
    let (span, name, text) = found.first?;
    let others = match found.count {
        1 => String::new(),
        n => format!(" ({} more in the document)", n - 1),
    };
    let message = format!(
        "`{name}` is a CloudFormation function: this runbook is the content of a template's `AWS::SSM::Document`, which CloudFormation fills in when the stack deploys; it is read here as `{text}`{others}"
    );
    let help = "a value that depends on the template's parameters or resources reads as the name it refers to; validate the deployed document for exact values";
    Some(Diagnostic::warning("cloudformation-function", span, message).with_help(help))
}

#[derive(Default)]
struct Found {
    count: usize,
    first: Option<(crate::source::Span, String, String)>,
}

/// Post-order, so a function's arguments are filled in before the function itself.
fn fill(node: &mut Node, found: &mut Found) {
    match &mut node.kind {
        NodeKind::Seq(items) => items.iter_mut().for_each(|n| fill(n, found)),
        NodeKind::Map(entries) => entries.iter_mut().for_each(|(_, n)| fill(n, found)),
        _ => {}
    }
    let Some((name, arg)) = intrinsic(node) else {
        return;
    };
    let name = name.to_string();
    let kind = evaluate(&name, arg);
    found.count += 1;
    if found.first.is_none() {
        let shown = match &kind {
            NodeKind::Str { value, .. } => value.clone(),
            other => Node::new(node.span, other.clone()).to_json().to_string(),
        };
        found.first = Some((node.span, name, shortened(&shown)));
    }
    node.kind = kind;
}

/// A filled-in value shown in the warning: its first line, at most 80 characters.
fn shortened(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    let cut: String = line.chars().take(80).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn string(value: String) -> NodeKind {
    NodeKind::Str {
        value,
        quoted: true,
    }
}

/// What CloudFormation would put in place of `name` applied to `arg`, as far as it can be
/// known without the template.
fn evaluate(name: &str, arg: &Node) -> NodeKind {
    let args = arg.seq().unwrap_or_default();
    match name {
        "Ref" => string(match arg.str() {
            Some(r) => pseudo(r).unwrap_or(r).to_string(),
            None => "Ref".to_string(),
        }),
        "Fn::GetAtt" => string(match (arg.str(), args) {
            (Some(path), _) => path.to_string(),
            (None, [resource, attribute]) => {
                format!("{}.{}", text(resource), text(attribute))
            }
            _ => "GetAtt".to_string(),
        }),
        "Fn::Sub" => match (arg.str(), args) {
            (Some(template), _) => string(substitute(template, &[])),
            (None, [template, vars]) => {
                let vars: Vec<(&str, String)> = vars
                    .map()
                    .unwrap_or_default()
                    .iter()
                    .map(|(k, v)| (k.name.as_str(), text(v)))
                    .collect();
                string(substitute(&text(template), &vars))
            }
            _ => string("Sub".to_string()),
        },
        "Fn::Join" => match args {
            [
                separator,
                Node {
                    kind: NodeKind::Seq(parts),
                    ..
                },
            ] => {
                let parts: Vec<String> = parts.iter().map(text).collect();
                string(parts.join(&text(separator)))
            }
            _ => string("Join".to_string()),
        },
        "Fn::Select" => match args {
            [index, list] => {
                let picked = index
                    .to_json()
                    .as_i64()
                    .or_else(|| text(index).parse().ok())
                    .and_then(|i| usize::try_from(i).ok())
                    .and_then(|i| list.seq()?.get(i));
                match picked {
                    Some(item) => item.kind.clone(),
                    None => string("Select".to_string()),
                }
            }
            _ => string("Select".to_string()),
        },
        "Fn::Split" => match args {
            [separator, source] if source.str().is_some() => {
                let separator = text(separator);
                let source = text(source);
                let items = if separator.is_empty() {
                    vec![source]
                } else {
                    source.split(&separator).map(str::to_string).collect()
                };
                NodeKind::Seq(
                    items
                        .into_iter()
                        .map(|s| Node::new(arg.span, string(s)))
                        .collect(),
                )
            }
            _ => string("Split".to_string()),
        },
        other => string(other.trim_start_matches("Fn::").to_string()),
    }
}

fn pseudo(name: &str) -> Option<&'static str> {
    PSEUDO_PARAMETERS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| *v)
}

/// A filled-in argument as text (numbers and booleans as written).
fn text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Str { value, .. } => value.clone(),
        NodeKind::Null => String::new(),
        _ => match node.to_json() {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        },
    }
}

/// `Fn::Sub`: `${Var}` from `vars`, then pseudo parameters; any other `${Name}` reads as
/// `Name`, and `${!Literal}` is the literal `${Literal}`.
fn substitute(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..end];
        if let Some(literal) = name.strip_prefix('!') {
            out.push_str("${");
            out.push_str(literal);
            out.push('}');
        } else if let Some((_, v)) = vars.iter().find(|(n, _)| *n == name) {
            out.push_str(v);
        } else if let Some(v) = pseudo(name) {
            out.push_str(v);
        } else {
            out.push_str(name);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill_in;
    use crate::parse::{Node, parse};
    use crate::source::SourceFile;

    fn read(path: &str, text: &str) -> (Node, Vec<crate::diagnostic::Diagnostic>) {
        let mut root = parse(&SourceFile::new(path, text)).unwrap();
        let warning = fill_in(&mut root);
        (root, warning.into_iter().collect())
    }

    fn value(root: &Node, key: &str) -> serde_json::Value {
        root.get(key).unwrap().to_json()
    }

    #[test]
    fn short_and_long_forms_read_alike_and_warn_once() {
        let yaml = "a: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${RoleName}'\nb: !Join ['-', [x, !Ref AWS::Region]]\nc: !GetAtt Role.Arn\nd: !Select [1, !Split [',', 'p,q,r']]\ne: !If [IsProd, a, b]\nf: !Sub ['${A}-${!Literal}', {A: !Ref AWS::AccountId}]\n";
        let (root, warnings) = read("t.yaml", yaml);
        assert_eq!(value(&root, "a"), "arn:aws:iam::123456789012:role/RoleName");
        assert_eq!(value(&root, "b"), "x-us-east-1");
        assert_eq!(value(&root, "c"), "Role.Arn");
        assert_eq!(value(&root, "d"), "q");
        assert_eq!(value(&root, "e"), "If");
        assert_eq!(value(&root, "f"), "123456789012-${Literal}");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code, "cloudformation-function");
        assert_eq!((warnings[0].span.line, warnings[0].span.col), (1, 4));
        assert!(
            warnings[0].message.contains("(8 more in the document)"),
            "{}",
            warnings[0].message
        );

        let json = r#"{"a": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${RoleName}"}, "b": {"Fn::Join": ["-", ["x", {"Ref": "AWS::Region"}]]}}"#;
        let (root, warnings) = read("t.json", json);
        assert_eq!(value(&root, "a"), "arn:aws:iam::123456789012:role/RoleName");
        assert_eq!(value(&root, "b"), "x-us-east-1");
        assert_eq!(warnings.len(), 1);
    }

    /// Reading alone (a world or mocks file) keeps functions as their long form.
    #[test]
    fn the_reader_keeps_functions_as_long_forms() {
        let root = parse(&SourceFile::new("t.yaml", "a: !Sub 'x-${AWS::Region}'\n")).unwrap();
        assert_eq!(
            root.get("a").unwrap().to_json(),
            serde_json::json!({"Fn::Sub": "x-${AWS::Region}"})
        );
    }

    #[test]
    fn ordinary_maps_and_keys_are_left_alone() {
        let (root, warnings) = read(
            "t.yaml",
            "a: {Ref: x, Other: y}\nb: {Name: tag:Fn}\n!Sub k: v\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(root.get("a").unwrap().map().is_some());
        assert_eq!(value(&root, "k"), "v");
    }
}
