//! `aws:executeAutomation` targets: a `DocumentName` the service would refuse, and a step
//! that starts the runbook it belongs to (each level starts another until the nesting
//! budget ends the run).

use crate::actions::{MAX_CHILD_DEPTH, child_document_name};
use crate::document::Step;
use crate::validate::context::{Cx, has_reference};

pub(super) fn check(cx: &mut Cx) {
    let steps: Vec<&Step> = cx.steps.all.iter().map(|e| e.step).collect();
    for step in steps {
        if step.action.value != "aws:executeAutomation" {
            continue;
        }
        let Some(node) = step.inputs.get("DocumentName") else {
            continue;
        };
        let Some(given) = node.str().filter(|s| !has_reference(s)) else {
            continue;
        };
        match child_document_name(given) {
            Err(e) => cx.report("invalid-document-name", node.span, e),
            Ok(name) if Some(name) == cx.name => {
                let message = format!(
                    "step `{}` starts `{name}`, the runbook it belongs to; each level starts another until the nesting budget of {MAX_CHILD_DEPTH} levels fails the run",
                    step.name.value
                );
                let help = Some("stop the recursion with an `aws:branch` before this step, or call another runbook".to_string());
                cx.report_help("recursive-automation", node.span, message, help);
            }
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;

    fn codes(path: &str, name: &str) -> Vec<&'static str> {
        let text = format!(
            "schemaVersion: '0.3'\nmainSteps:\n  - name: again\n    action: aws:executeAutomation\n    inputs:\n      DocumentName: '{name}'\n"
        );
        let checked = crate::validate::check(&SourceFile::new(path, text));
        checked.diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_runbook_starting_itself_is_reported() {
        assert_eq!(
            codes("dir/Selfish.yaml", "Selfish"),
            ["recursive-automation"]
        );
        let arn = "arn:aws:ssm:us-east-1:123456789012:document/Selfish";
        assert_eq!(codes("Selfish.yml", arn), ["recursive-automation"]);
        assert!(codes("Other.yaml", "Selfish").is_empty());
    }

    #[test]
    fn host_paths_are_not_document_names() {
        for bad in [
            "../../etc/passwd",
            "/etc/hostname",
            "a b c",
            "x",
            "dir/Name",
        ] {
            assert_eq!(codes("t.yaml", bad), ["invalid-document-name"], "{bad}");
        }
        assert!(codes("t.yaml", "AWS-RestartEC2Instance").is_empty());
    }
}
