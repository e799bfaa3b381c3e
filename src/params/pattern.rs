//! `allowedPattern` regexes. The service checks them with Java regex, so real runbooks use
//! Java-only syntax: look-around, backreferences, and `[\w-.]` (a `-` after a class escape is
//! a literal in Java, an error in RE2). We compile with the linear-time `regex` crate when we
//! can, after rewriting that dash, and fall back to the backtracking `fancy-regex` for
//! look-around and backreferences.

#[derive(Clone, Debug)]
pub enum Pattern {
    Linear(regex::Regex),
    Backtracking(Box<fancy_regex::Regex>),
}

impl Pattern {
    pub fn compile(java: &str) -> Result<Pattern, String> {
        let rewritten = rewrite(java);
        match regex::Regex::new(&rewritten) {
            Ok(r) => Ok(Pattern::Linear(r)),
            Err(linear) => match fancy_regex::Regex::new(&rewritten) {
                Ok(r) => Ok(Pattern::Backtracking(Box::new(r))),
                Err(_) => Err(last_line(&linear.to_string())),
            },
        }
    }

    /// Whether the pattern is usable, without the cost of compiling it (compiling bounded
    /// repetitions can take milliseconds; parsing takes microseconds).
    pub fn check_syntax(java: &str) -> Result<(), String> {
        let rewritten = rewrite(java);
        match regex_syntax::Parser::new().parse(&rewritten) {
            Ok(_) => Ok(()),
            // Rare (look-around, backreferences): compile for real, which also checks the
            // parts the backtracking engine hands to the linear one.
            Err(linear) => match fancy_regex::Regex::new(&rewritten) {
                Ok(_) => Ok(()),
                Err(_) => Err(last_line(&linear.to_string())),
            },
        }
    }

    /// Whether the pattern compiles within a small budget. Bounded repetitions of wide
    /// classes (`.{1,1990}` in a KMS key pattern) cost tens of milliseconds to compile; a
    /// single-file validate checks a default against a pattern only when this holds, and the
    /// run checks the value it starts with in any case. Syntax the linear engine refuses
    /// (look-around) counts as small: such patterns are short.
    pub fn is_small(java: &str) -> bool {
        use std::collections::HashMap;
        use std::sync::{LazyLock, Mutex};
        const BUDGET_BYTES: usize = 64 * 1024;
        // Validating many documents meets the same patterns again (AWS-owned runbooks share
        // them); the answer is kept so each is built once per process.
        static SEEN: LazyLock<Mutex<HashMap<String, bool>>> = LazyLock::new(Default::default);
        let known = SEEN.lock().ok().and_then(|seen| seen.get(java).copied());
        if let Some(small) = known {
            return small;
        }
        let built = regex::RegexBuilder::new(&rewrite(java))
            .size_limit(BUDGET_BYTES)
            .build();
        let small = !matches!(built, Err(regex::Error::CompiledTooBig(_)));
        if let Ok(mut seen) = SEEN.lock() {
            if seen.len() >= 256 {
                seen.clear();
            }
            seen.insert(java.to_string(), small);
        }
        small
    }

    /// A match anywhere in the value, as the service's (and Go's) matchers do. A value the
    /// backtracking engine gives up on (catastrophic backtracking) counts as not matching.
    pub fn is_match(&self, s: &str) -> bool {
        match self {
            Pattern::Linear(r) => r.is_match(s),
            Pattern::Backtracking(r) => r.is_match(s).unwrap_or(false),
        }
    }
}

/// Java's reading of a pattern, in Rust syntax, in one pass over it:
/// - `\w`, `\d`, `\s` become ASCII classes (Java's are ASCII unless UNICODE_CHARACTER_CLASS
///   is set; RE2's Unicode classes also cost far more to compile);
/// - in a class, a `-` right after a class escape (`[\w-.]`) is a literal in Java and an error
///   in RE2, so it is escaped.
pub(super) fn rewrite(java: &str) -> String {
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::with_capacity(java.len());
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let e = chars[i + 1];
            let ascii = match e {
                'w' => Some("0-9A-Za-z_"),
                'd' => Some("0-9"),
                's' => Some("\\t\\n\\x0B\\f\\r "),
                _ => None,
            };
            match (ascii, in_class) {
                (Some(set), true) => out.push_str(set),
                (Some(set), false) => out.push_str(&format!("[{set}]")),
                (None, _) => {
                    out.push(c);
                    out.push(e);
                }
            }
            i += 2;
            let class_escape = matches!(e, 'w' | 'W' | 'd' | 'D' | 's' | 'S');
            if in_class
                && class_escape
                && chars.get(i) == Some(&'-')
                && chars.get(i + 1) != Some(&']')
            {
                out.push_str("\\-");
                i += 1;
            }
            continue;
        }
        match c {
            '[' => in_class = true,
            ']' => in_class = false,
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

fn last_line(text: &str) -> String {
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(text);
    last.trim().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_only_syntax_compiles() {
        let p = Pattern::compile(r"^[\w-.]{3,}$").unwrap();
        assert!(p.is_match("my-trail.x"));
        assert!(!p.is_match("a b"));
        let look = Pattern::compile(r"^(?!aws)[a-z]+$").unwrap();
        assert!(matches!(look, Pattern::Backtracking(_)));
        assert!(look.is_match("trail") && !look.is_match("awstrail"));
    }

    #[test]
    fn broken_patterns_are_errors() {
        assert!(Pattern::compile("(abc").is_err());
        assert!(Pattern::check_syntax("(abc").is_err());
        assert!(Pattern::check_syntax(r"^(?!aws)[\w-.]+$").is_ok());
    }

    #[test]
    fn wide_bounded_repetitions_are_not_small() {
        assert!(Pattern::is_small(r"^[a-z0-9-]{1,64}$"));
        assert!(Pattern::is_small(r"^(?!aws)[a-z]+$"));
        assert!(!Pattern::is_small(r"^alias/.{1,1990}$"));
    }

    #[test]
    fn class_escapes_are_ascii_as_in_java() {
        let p = Pattern::compile(r"^\w+$").unwrap();
        assert!(p.is_match("abc_09") && !p.is_match("é"));
        let q = Pattern::compile(r"^[\w+=,.@-]+$").unwrap();
        assert!(q.is_match("role+x@y") && !q.is_match("rôle"));
        assert!(Pattern::compile(r"^\d{3}\s\D$").unwrap().is_match("123 x"));
    }
}
