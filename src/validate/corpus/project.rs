//! The project corpus: real Automation runbooks from public repositories under permissive
//! licences, each file listed in tests/corpus/MANIFEST.tsv with its source, commit, licence
//! and SHA-256. The repository keeps the list, not the documents: they are read from
//! ../shared/corpus/project (one directory per repository, licence texts in LICENSES/) when
//! that is beside the repository. True defects are listed in tests/corpus/known-defects.txt;
//! any other error is a false error, a bug.

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/project");
const LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
const LICENCES: [&str; 4] = ["Apache-2.0", "MIT", "MIT-0", "BSD"];
/// At most this many documents come from one repository, so that no one author's habits
/// dominate the corpus.
const PER_REPOSITORY: usize = 30;

/// One row of MANIFEST.tsv.
struct Entry {
    file: String,
    repository: String,
    licence: String,
    sha256: String,
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(Path::new(LISTS).join("MANIFEST.tsv")).expect("manifest");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file\trepository\tpath\tcommit\tlicence\tsha256\tnote"),
        "manifest header"
    );
    lines
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let [file, repository, path, commit, licence, sha256, note] = f.as_slice() else {
                panic!("manifest row without 7 fields: {line}");
            };
            assert!(!path.is_empty() && !note.is_empty(), "row: {line}");
            assert!(
                commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
                "commit of {file}: {commit}"
            );
            Entry {
                file: file.to_string(),
                repository: repository.to_string(),
                licence: licence.to_string(),
                sha256: sha256.to_string(),
            }
        })
        .collect()
}

/// Every document file of the corpus (one directory level per repository), relative.
fn files_on_disk() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for dir in std::fs::read_dir(ROOT)
        .expect("the project corpus")
        .flatten()
    {
        let name = dir.file_name().to_string_lossy().into_owned();
        if !dir.path().is_dir() || name == "LICENSES" {
            continue;
        }
        for f in std::fs::read_dir(dir.path())
            .expect("repository directory")
            .flatten()
        {
            out.insert(format!("{name}/{}", f.file_name().to_string_lossy()));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
#[cfg_attr(
    not(project_corpus),
    ignore = "needs the project corpus in ../shared/corpus/project"
)]
fn manifest_matches_the_files() {
    let entries = manifest();
    assert!(entries.len() >= 100, "only {} documents", entries.len());
    let listed: BTreeSet<String> = entries.iter().map(|e| e.file.clone()).collect();
    assert_eq!(listed.len(), entries.len(), "a file is listed twice");
    assert_eq!(listed, files_on_disk(), "manifest and files differ");
    let mut per_repo = BTreeMap::<&str, usize>::new();
    let mut digests = BTreeSet::new();
    for e in &entries {
        let bytes = std::fs::read(Path::new(ROOT).join(&e.file)).expect("corpus file");
        assert_eq!(hex(&bytes), e.sha256, "sha256 of {}", e.file);
        assert!(
            digests.insert(hex(&bytes)),
            "{} duplicates another file",
            e.file
        );
        assert!(
            LICENCES.contains(&e.licence.as_str()),
            "licence of {}",
            e.file
        );
        let dir = e.file.split('/').next().unwrap_or_default();
        assert_eq!(
            dir,
            e.repository.replace('/', "--"),
            "directory of {}",
            e.file
        );
        let licence: PathBuf = [ROOT, "LICENSES", &format!("{dir}.txt")].iter().collect();
        assert!(licence.is_file(), "no licence text for {}", e.repository);
        *per_repo.entry(&e.repository).or_default() += 1;
    }
    for (repo, n) in per_repo {
        assert!(n <= PER_REPOSITORY, "{n} documents from {repo}");
    }
}

#[test]
#[cfg_attr(
    not(project_corpus),
    ignore = "needs the project corpus in ../shared/corpus/project"
)]
fn project_corpus_has_no_unexpected_errors() {
    let docs: Vec<(String, Vec<u8>)> = manifest()
        .into_iter()
        .map(|e| {
            let bytes = std::fs::read(Path::new(ROOT).join(&e.file)).expect("corpus file");
            (e.file, bytes)
        })
        .collect();
    let known = super::listed(&Path::new(LISTS).join("known-defects.txt"));
    super::assert_only_known_errors("project corpus", &docs, &known);
}
