//! Example values of an `allowedPattern`: the shortest strings the pattern's parts suggest
//! (the fewest repetitions, a letter or digit from each class), one per choice of
//! alternatives, for making up a value that fits a parameter. The caller checks each one
//! against the pattern itself: anchors inside a pattern, or look-around, can rule one out.

use regex_syntax::hir::{Class, Hir, HirKind};

/// How many ways through the alternatives are tried: the first branches everywhere, then
/// the second ones, and so on.
const VARIANTS: usize = 4;

/// Up to [`VARIANTS`] examples, first branches first; none when the pattern is beyond the
/// linear engine's syntax (look-around, backreferences).
pub fn examples(java: &str) -> Vec<String> {
    let Ok(hir) = regex_syntax::Parser::new().parse(&super::pattern::rewrite(java)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for variant in 0..VARIANTS {
        let mut text = String::new();
        write(&hir, variant, &mut text);
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

fn write(hir: &Hir, variant: usize, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(&String::from_utf8_lossy(&lit.0)),
        HirKind::Class(class) => {
            if let Some(c) = pick(class) {
                out.push(c);
            }
        }
        HirKind::Repetition(rep) => {
            for _ in 0..rep.min.min(256) {
                write(&rep.sub, variant, out);
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, variant, out),
        HirKind::Concat(parts) => parts.iter().for_each(|p| write(p, variant, out)),
        HirKind::Alternation(branches) => {
            if let Some(branch) = branches.get(variant.min(branches.len() - 1)) {
                write(branch, variant, out);
            }
        }
    }
}

/// A plain character of the class: a lowercase letter or digit when it has one, else its
/// first printable character.
fn pick(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(c) => c.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| (char::from(r.start()), char::from(r.end())))
            .collect(),
    };
    let holds = |c: char| ranges.iter().any(|&(a, b)| a <= c && c <= b);
    ['a', '0', 'A', '-', '_', '.', '/']
        .into_iter()
        .find(|&c| holds(c))
        .or_else(|| (' '..='~').find(|&c| holds(c)))
}

#[cfg(test)]
mod tests {
    use super::examples;

    #[test]
    fn shortest_strings_of_each_part() {
        assert_eq!(examples(r"^[0-9a-z][a-z0-9\-\.]{3,63}$"), ["aaaa"]);
        assert_eq!(examples(r"^\d{3}$"), ["000"]);
        assert_eq!(examples(r"^sg-[0-9a-f]{8}$"), ["sg-aaaaaaaa"]);
        assert_eq!(examples(r"^(foo|bar)$"), ["foo", "bar"]);
        assert_eq!(examples(r"^[^/]+$"), ["a"]);
    }

    #[test]
    fn an_anchor_inside_the_first_branch_leaves_the_next_one_to_try() {
        // A KMS key pattern from a public runbook: the alias branch has `^` in the middle,
        // so only the `key/` branch can match.
        let pattern = r"^arn:(?:aws|aws-us-gov|aws-cn):kms:(?:[a-z]{2}(?:-gov)?-[a-z]+-\d):\d{12}:(?:(?:^(alias/)[a-zA-Z0-9:/_-]+$)|(?:key/(?i:[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12})))$";
        let re = crate::params::Pattern::compile(pattern).expect("pattern");
        let fitting: Vec<String> = examples(pattern)
            .into_iter()
            .filter(|e| re.is_match(e))
            .collect();
        assert!(!fitting.is_empty());
        assert!(
            fitting[0].contains(":kms:") && fitting[0].contains(":key/"),
            "{fitting:?}"
        );
    }

    #[test]
    fn java_only_syntax_gives_no_example() {
        assert!(examples(r"^(?!aws).*$").is_empty());
    }
}
