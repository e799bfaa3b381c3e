//! Seed inputs: our runbooks, the lint fixtures, the public corpus beside the repository
//! when present, and small hand-written examples for the non-document grammars.

use ssmrun::exec::{DocumentSource, LoadError, LoadedDocument};
use std::path::Path;

/// Child runbooks are not loaded while fuzzing: a child is "not found", and synthesized.
pub struct NoChildren;

impl DocumentSource for NoChildren {
    fn load(&self, name: &str, _version: Option<&str>) -> Result<LoadedDocument, LoadError> {
        Err(LoadError::NotFound(format!("document `{name}` not found")))
    }
}

fn files_under(dir: &Path, out: &mut Vec<Vec<u8>>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            && let Ok(bytes) = std::fs::read(&p)
            && bytes.len() < 256 * 1024
        {
            out.push(bytes);
        }
    }
}

pub fn documents() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["documents", "tests/invalid", "../shared/corpus/docs"] {
        files_under(&root.join(dir), &mut out);
    }
    out
}

fn strings(list: &[&str]) -> Vec<Vec<u8>> {
    list.iter().map(|s| s.as_bytes().to_vec()).collect()
}

pub fn shorthand() -> Vec<Vec<u8>> {
    strings(&[
        "InstanceId=i-0123456789abcdef0",
        "a=b,c=d",
        "Key=Name,Values=a,b",
        "{\"InstanceId\": [\"i-1\"], \"B\": [\"x\"]}",
        "Name=tag:Env,Values=[prod,dev]",
        "A=[x,y],B=\"quoted, value\"",
        "Key=k,Values=v Key=k2,Values=v2",
    ])
}

pub fn templates() -> Vec<Vec<u8>> {
    strings(&[
        "{{ InstanceId }}",
        "prefix-{{ automation:EXECUTION_ID }}-{{global:DATE_TIME}}",
        "{{ step.Output }} and {{ variable:count }}",
        "{{ssm:/app/ami-id}} {{ ssm-secure:/x }}",
        "{{ }} {{{{ a }}}} {{ a b }}",
    ])
}

pub fn selectors() -> Vec<Vec<u8>> {
    strings(&[
        "$.Reservations[0].Instances[0].State.Name",
        "$.Reservations..InstanceId",
        "$.Reservations[*].Instances[?(@.State.Name == 'running')].InstanceId",
        "$.List[1:3]",
        "$['Reservations'][0]",
        "$.Payload.result",
    ])
}

pub fn conditions() -> Vec<Vec<u8>> {
    strings(&[
        "{Variable: a, StringEquals: a, NextStep: x}",
        "{And: [{Variable: 1, NumericGreater: 0}, {Not: {Variable: true, BooleanEquals: false}}]}",
        "{Or: [{Variable: [a, b], Contains: a}, {Variable: abc, StartsWith: ab}]}",
        "{Variable: x, EqualsIgnoreCase: X}",
    ])
}

pub fn worlds() -> Vec<Vec<u8>> {
    strings(&[
        "account: \"111122223333\"\ntime: 2026-03-01T09:00:00Z\nimages:\n  - ImageId: ami-0aaaabbbbccccdddd\n    Name: golden\ninstances:\n  - InstanceId: i-0aaaabbbbccccdddd\n    State: running\n    managed: true\n    Tags: {Name: app-1}\n  - InstanceId: i-0eeeeffff00001111\n    State: stopped\n    Tags:\n      - {Key: Name, Value: win}\nparameters:\n  - Name: /app/ami-id\n    Type: String\n    Value: ami-0aaaabbbbccccdddd\n",
        "instances:\n  - InstanceId: i-0123abcd\n    State: pending\n    TransitionEndsAt: 2026-01-01T00:01:00Z\nsequence: 7\nsnapshots: [snap-0123456789abcdef0]\n",
    ])
}

pub fn mocks() -> Vec<Vec<u8>> {
    strings(&[
        "ec2:\n  DescribeInstances:\n    - Response: {Reservations: []}\n    - Error: {Code: Throttling, Message: slow down}\nStep:\n  stop:\n    Outputs: {InstanceId: i-1}\n",
        "{\"ssm\": {\"GetParameter\": [{\"When\": {\"Name\": \"/a\"}, \"Response\": {\"Parameter\": {\"Value\": \"x\"}}}]}}",
    ])
}
