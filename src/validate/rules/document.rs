//! Top-level rules: the schema version. Unknown top-level keys are lowering's job.

use crate::validate::context::Cx;

pub(super) fn check(cx: &mut Cx) {
    let Some(version) = &cx.doc.schema_version else {
        return; // missing-schema-version was reported by lowering
    };
    // Lowering turns an unquoted YAML `0.3` (a float) into the text "0.3", which the service
    // accepts as well, so only the text is compared.
    if version.value != "0.3" {
        let found = if version.value.is_empty() {
            "a value that is not a version".to_string()
        } else {
            format!("`{}`", version.value)
        };
        cx.report_help(
            "schema-version",
            version.span,
            format!("Automation runbooks use schemaVersion `0.3`, found {found}"),
            Some(
                "write `schemaVersion: '0.3'`; versions 1.2, 2.0 and 2.2 are for Command documents"
                    .into(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::rules::testing::codes;

    const STEPS: &str =
        "mainSteps:\n  - name: a\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";

    #[test]
    fn accepts_quoted_and_unquoted_0_3() {
        assert_eq!(codes(&format!("schemaVersion: '0.3'\n{STEPS}")), []);
        assert_eq!(codes(&format!("schemaVersion: 0.3\n{STEPS}")), []);
        let json = r#"{"schemaVersion": "0.3", "mainSteps": [{"name": "a", "action": "aws:sleep", "inputs": {"Duration": "PT1S"}}]}"#;
        assert_eq!(codes(json), []);
    }

    #[test]
    fn rejects_other_versions() {
        assert_eq!(
            codes(&format!("schemaVersion: '2.2'\n{STEPS}")),
            [("schema-version", 1)]
        );
        assert_eq!(
            codes(&format!("schemaVersion: 1\n{STEPS}")),
            [("schema-version", 1)]
        );
        assert_eq!(
            codes(&format!("schemaVersion: [0.3]\n{STEPS}")),
            [("schema-version", 1)]
        );
    }
}
