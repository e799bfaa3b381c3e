//! The runbooks shipped inside the binary: copies of common AWS-managed runbooks and short
//! teaching examples. They live as files under `documents/` (so they can be read, linted and
//! diffed like any runbook) and are embedded at build time.

/// One embedded runbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bundled {
    /// The document name, which is the file stem: `AWS-RestartEC2Instance`.
    pub name: &'static str,
    /// The file under `documents/`: `AWS-RestartEC2Instance.yaml`.
    pub file_name: &'static str,
    pub text: &'static str,
}

macro_rules! bundled {
    ($($name:literal),* $(,)?) => {
        &[$(Bundled {
            name: $name,
            file_name: concat!($name, ".yaml"),
            text: include_str!(concat!("../documents/", $name, ".yaml")),
        }),*]
    };
}

/// Sorted by name; the test below keeps this list and `documents/` in step.
static ALL: &[Bundled] = bundled![
    "AWS-ASGEnterStandby",
    "AWS-ASGExitStandby",
    "AWS-CreateImage",
    "AWS-CreateSnapshot",
    "AWS-DeleteSnapshot",
    "AWS-ResizeInstance",
    "AWS-RestartEC2Instance",
    "AWS-StartEC2Instance",
    "AWS-StopEC2Instance",
    "Example-ApproveThenStop",
    "Example-BranchOnInstanceState",
    "Example-DescribeWithExecuteAwsApi",
    "Example-FailureHandling",
    "Example-LoopOverInstances",
    "Example-PauseAndResume",
    "Example-VariablesAndUpdateVariable",
];

/// Every bundled runbook, sorted by name.
pub fn all() -> &'static [Bundled] {
    ALL
}

/// The bundled runbook with this document name (exact, case-sensitive, as AWS names are).
pub fn find(name: &str) -> Option<&'static Bundled> {
    ALL.iter().find(|b| b.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// Runbook files in `documents/`; other files there (the README) are not runbooks.
    fn runbook_files() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/documents");
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("documents/ is readable")
            .map(|e| {
                e.expect("directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| {
                [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|ext| n.ends_with(ext))
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn list_matches_the_documents_directory() {
        let listed: Vec<String> = all().iter().map(|b| b.file_name.to_string()).collect();
        assert_eq!(
            listed,
            runbook_files(),
            "add new files in documents/ to `ALL` in src/bundled.rs"
        );
    }

    #[test]
    fn list_is_sorted_and_names_are_file_stems() {
        assert!(all().windows(2).all(|w| w[0].name < w[1].name));
        for b in all() {
            assert_eq!(
                b.file_name.rsplit_once('.').map(|(stem, _)| stem),
                Some(b.name)
            );
        }
    }

    #[test]
    fn find_looks_up_by_document_name() {
        let b = find("AWS-RestartEC2Instance").expect("bundled");
        assert_eq!(b.file_name, "AWS-RestartEC2Instance.yaml");
        assert!(b.text.contains("aws:changeInstanceState"));
        assert!(find("AWS-RestartEC2Instance.yaml").is_none());
        assert!(find("aws-restartec2instance").is_none());
    }

    #[test]
    fn every_document_parses_and_lowers_cleanly() {
        for b in all() {
            let source = SourceFile::new(format!("<bundled>/{}", b.file_name), b.text);
            let root = crate::parse::parse(&source)
                .unwrap_or_else(|d| panic!("{} does not parse: {d:?}", b.name));
            let (doc, diagnostics) = crate::document::lower(root);
            assert!(doc.is_some(), "{} did not lower", b.name);
            // Warnings too: these are the runbooks newcomers copy from.
            assert!(diagnostics.is_empty(), "{}: {diagnostics:?}", b.name);
        }
    }

    #[test]
    fn every_document_validates_without_errors_or_warnings() {
        let mut problems = Vec::new();
        for b in all() {
            let source = SourceFile::new(format!("<bundled>/{}", b.file_name), b.text);
            for d in crate::validate::check(&source).diagnostics {
                problems.push(format!(
                    "{}:{}:{}: {} {}: {}",
                    b.file_name,
                    d.span.line,
                    d.span.col,
                    d.severity.as_str(),
                    d.code,
                    d.message
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_document_has_a_description_and_schema_0_3() {
        for b in all() {
            let source = SourceFile::new(b.file_name, b.text);
            let (doc, _) = crate::document::lower(crate::parse::parse(&source).unwrap());
            let doc = doc.unwrap();
            assert_eq!(
                doc.schema_version.map(|v| v.value).as_deref(),
                Some("0.3"),
                "{}",
                b.name
            );
            assert!(
                doc.description.is_some_and(|d| d.starts_with("# ")),
                "{} needs a Markdown description with a title",
                b.name
            );
        }
    }
}
