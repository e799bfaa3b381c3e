//! Tells the tests whether the shared corpus of real runbooks is beside the repository.
//! A clone of the repository alone lacks it: the tests that read it are then ignored (cargo
//! prints them as ignored, with the reason) instead of failing, and the build says so once.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_corpus)");
    println!("cargo::rustc-check-cfg=cfg(project_corpus)");
    println!("cargo::rerun-if-changed=../shared/corpus/project");
    // The project corpus (tests/corpus/MANIFEST.tsv lists it) is kept beside the repository,
    // not in it: its documents are other projects' files.
    if Path::new("../shared/corpus/project").is_dir() {
        println!("cargo::rustc-cfg=project_corpus");
    }
    println!("cargo::rerun-if-changed=../shared/corpus/docs");
    println!("cargo::rerun-if-env-changed=SSMRUN_CI_FULL");
    let present = Path::new("../shared/corpus/docs").is_dir();
    if present {
        println!("cargo::rustc-cfg=shared_corpus");
    } else if std::env::var_os("SSMRUN_CI_FULL").is_some() {
        // CI must run the corpus suites: a missing corpus there is a set-up error.
        panic!("SSMRUN_CI_FULL is set but ../shared/corpus/docs is absent");
    } else {
        println!(
            "cargo::warning=../shared/corpus/docs is absent: the shared-corpus tests are ignored \
             (the repository's own tests still run)"
        );
    }
}
