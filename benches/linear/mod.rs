//! Costs that must grow linearly: validate and run of generated 1,000- and 10,000-step
//! documents (ten times the steps may cost at most twelve times the time), and a single-file
//! validate of the corpus's pattern-heavy document against the same document with trivial
//! patterns (at most twice the time). Filter words: `linear`, `pattern`.

use super::{
    Bench, Report, Row, mixed_steps_document, ms, stats, trivial_patterns, verdict, write_document,
};
use std::path::Path;
use std::time::Duration;

/// The corpus document whose KMS key pattern holds `.{1,1990}`.
const PATTERN_HEAVY: &str = "074-aws-enables3bucketkeys.yaml";

pub(super) fn bench(b: &Bench, report: &mut Report, tmp: &Path) {
    let home = tmp.join("home-linear");
    std::fs::create_dir_all(&home).expect("a home directory");
    if b.selected("linear") {
        let small = write_document(tmp, "linear-1000.yaml", &mixed_steps_document(1_000));
        let large = write_document(tmp, "linear-10000.yaml", &mixed_steps_document(10_000));
        for verb in ["validate", "run"] {
            let runs = if b.quick { 5 } else { 15 };
            let budget = Duration::from_secs(30);
            let one = b.measure(&home, &[verb, small.to_str().unwrap()], runs, budget);
            report.timed(&format!("linear: {verb} 1000 steps"), &one, None, false);
            let ten = b.measure(&home, &[verb, large.to_str().unwrap()], runs, budget);
            report.timed(&format!("linear: {verb} 10000 steps"), &ten, None, false);
            ratio(
                report,
                &format!("linear: {verb} 10000 / 1000"),
                &one.samples,
                &ten.samples,
                12.0,
            );
        }
    }
    if b.selected("pattern") {
        let corpus = std::env::var_os("SSMRUN_CORPUS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| b.root.join("../shared/corpus/docs"));
        let Ok(text) = std::fs::read_to_string(corpus.join(PATTERN_HEAVY)) else {
            println!("  pattern: {PATTERN_HEAVY} not found in the corpus; skipped");
            return;
        };
        let heavy = tmp.join(PATTERN_HEAVY);
        std::fs::write(&heavy, &text).expect("write the document");
        let plain = tmp.join("plain-patterns.yaml");
        std::fs::write(&plain, trivial_patterns(&text)).expect("write the document");
        let runs = if b.quick { 30 } else { 200 };
        let budget = Duration::from_secs(20);
        let p = b.measure(&home, &["validate", plain.to_str().unwrap()], runs, budget);
        report.timed("pattern: validate, patterns set to .*", &p, None, false);
        let h = b.measure(&home, &["validate", heavy.to_str().unwrap()], runs, budget);
        report.timed(
            "pattern: validate the KMS-pattern document",
            &h,
            None,
            false,
        );
        ratio(
            report,
            "pattern: heavy / plain",
            &p.samples,
            &h.samples,
            2.0,
        );
    }
}

/// The ratio of two medians, judged against `most`.
fn ratio(report: &mut Report, name: &str, base: &[Duration], other: &[Duration], most: f64) {
    let (b, o) = (stats(base).median, stats(other).median);
    let r = o.as_secs_f64() / b.as_secs_f64();
    report.push(Row {
        name: name.to_string(),
        runs: other.len(),
        min: "-".into(),
        median: format!("{r:.2}x"),
        p90: "-".into(),
        rss: "-".into(),
        target: format!("<= {most}x ({} / {})", ms(o), ms(b)),
        verdict: verdict(r <= most),
    });
}
