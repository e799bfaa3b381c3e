//! `ssmrun graph`: the text drawing of a document, and of a stored execution on it.

use crate::harness::Sandbox;

const DOC: &str = r#"schemaVersion: '0.3'
parameters:
  Mode:
    type: String
    default: stop
mainSteps:
  - name: check
    action: aws:branch
    inputs:
      Choices:
        - NextStep: each
          Variable: "{{ Mode }}"
          StringEquals: stop
      Default: done
  - name: each
    action: aws:loop
    inputs:
      Iterators: [a, b]
      Steps:
        - name: nap
          action: aws:sleep
          inputs:
            Duration: PT1S
  - name: orphan
    action: aws:sleep
    inputs:
      Duration: PT1S
    nextStep: done
  - name: done
    action: aws:sleep
    inputs:
      Duration: PT1S
    onFailure: step:orphan
"#;

#[test]
fn graph_text_lists_every_transition() {
    Sandbox::new()
        .file("doc.yaml", DOC)
        .cmd(["graph", "doc.yaml", "--format", "text"])
        .status(0)
        .stdout_is(
            r#"start → check
check (aws:branch)
   → each  when {{ Mode }} StringEquals "stop"
   → done  Default
each (aws:loop)
   → orphan
  loop body:
   → nap     each pass
    nap (aws:sleep)
       → each  next pass
orphan (aws:sleep)
   → done
done (aws:sleep)
   → end
   ⇢ orphan  onFailure
"#,
        )
        .run();
}

#[test]
fn graph_draws_a_stored_execution() {
    let sb = Sandbox::new().file("doc.yaml", DOC);
    sb.cmd(["run", "doc.yaml", "--parameters", "Mode=other"])
        .status(0)
        .run();
    sb.cmd([
        "graph",
        "doc.yaml",
        "--format",
        "text",
        "--execution",
        "00000000-0000-4000-8000-000000000001",
    ])
    .status(0)
    .stdout_has("check (aws:branch) [Success]\n   → each  when")
    .stdout_has(" * → done  Default")
    .stdout_has("each (aws:loop) [not run]")
    .stdout_has("done (aws:sleep) [Success]\n * → end")
    .run();
    let mermaid = sb
        .cmd([
            "graph",
            "doc.yaml",
            "--execution",
            "00000000-0000-4000-8000-000000000001",
        ])
        .status(0)
        .run()
        .stdout();
    assert!(mermaid.contains("s0 ==>|\"Default\"| s3"), "{mermaid}");
    assert!(mermaid.contains("class s0,s3 success"), "{mermaid}");
}

#[test]
fn graph_of_an_unknown_execution_is_a_usage_error() {
    Sandbox::new()
        .file("doc.yaml", DOC)
        .cmd(["graph", "doc.yaml", "--execution", "nope"])
        .status(2)
        .stderr_has("nope")
        .run();
}

#[test]
fn graph_dot_quotes_every_id() {
    Sandbox::new()
        .cmd(["graph", "Example-LoopOverInstances", "--format", "dot"])
        .status(0)
        .stdout_has("subgraph \"cluster_s0\" {")
        .stdout_has("\"s0\" -> \"s0_0\" [label=\"each pass\"];")
        .run();
}
