//! A bound on `--query` nesting. The JMESPath parser and evaluator recurse once per
//! operator of a chain (`a.b.c`, `!!a`, `a || b || c`) and per bracket, so a long enough
//! expression would overflow the stack. Real queries use a few dozen operators; counting
//! them before compiling refuses the rest with a message instead of a crash.

/// Operators and brackets allowed in one expression (docs/limits.md).
pub const MAX_OPERATORS: usize = 256;

/// Count the characters that open a level of recursion, outside quoted identifiers, raw
/// strings and JSON literals.
pub fn check(expression: &str) -> Result<(), String> {
    let mut count = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in expression.chars() {
        if let Some(q) = quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '.' | '|' | '&' | '!' | '[' | '(' | '{' => count += 1,
            _ => {}
        }
    }
    if count > MAX_OPERATORS {
        return Err(format!(
            "the expression has {count} operators and brackets; at most {MAX_OPERATORS} are allowed"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_queries_pass() {
        check("Reservations[].Instances[?State.Name=='running'].{Id: InstanceId, T: Tags}")
            .unwrap();
    }

    #[test]
    fn long_chains_and_deep_brackets_are_refused() {
        for q in [
            "a.".repeat(300) + "a",
            "[".repeat(8000),
            "!".repeat(400) + "a",
        ] {
            assert!(check(&q).unwrap_err().contains("at most 256"));
        }
    }

    #[test]
    fn quoted_text_does_not_count() {
        let q = format!(
            "a == '{}' || \"{}\" || `\"{}\"`",
            ".".repeat(500),
            "[".repeat(500),
            "|".repeat(500)
        );
        check(&q).unwrap();
    }
}
