//! The 77 public runbooks in `../shared/corpus/docs`, with their true defects in
//! tests/corpus-known-defects.txt.

use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/docs");
const KNOWN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/corpus-known-defects.txt"
);

#[cfg_attr(
    not(shared_corpus),
    ignore = "needs ../shared/corpus beside the repository"
)]
#[test]
fn corpus_has_no_unexpected_errors() {
    let mut paths: Vec<_> = std::fs::read_dir(CORPUS)
        .expect("the corpus directory")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    assert!(paths.len() >= 77, "only {} corpus documents", paths.len());
    let docs: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|path| {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            (name, std::fs::read(path).expect("a readable corpus file"))
        })
        .collect();
    super::assert_only_known_errors("corpus", &docs, &super::listed(Path::new(KNOWN)));
}
