//! JMESPath's legacy backtick literals.
//!
//! The JMESPath spec makes the text between backticks JSON, but jmespath.py (which the AWS
//! CLI evaluates `--query` with) still reads a literal that is not valid JSON as a string:
//! ``[?StepStatus==`Failed`]`` compares with the string `"Failed"` (the JEP-12 deprecation
//! period: it retries the text, stripped of leading whitespace, inside double quotes). The
//! jmespath crate follows the spec and refuses it, so such a literal is rewritten to its JSON
//! string form before compiling, and the queries of AWS tutorials keep working.

use std::borrow::Cow;

/// `expression` with each backtick literal that is not JSON, but is when quoted, replaced by
/// the quoted form. Literals that are neither are left for the compiler to refuse.
pub(super) fn rewrite(expression: &str) -> Cow<'_, str> {
    if !expression.contains('`') {
        return Cow::Borrowed(expression);
    }
    let mut out = String::with_capacity(expression.len() + 8);
    let mut changed = false;
    let mut chars = expression.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                // Raw strings and quoted identifiers are copied as they are: a backtick
                // inside them is not a literal.
                out.push(c);
                copy_until(c, &mut chars, &mut out);
            }
            '`' => {
                let mut raw = String::new();
                let closed = copy_until('`', &mut chars, &mut raw);
                match closed.then(|| legacy_string(&raw)).flatten() {
                    Some(replacement) => {
                        out.push_str(&replacement);
                        changed = true;
                    }
                    None => {
                        out.push('`');
                        out.push_str(&raw);
                    }
                }
            }
            _ => out.push(c),
        }
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(expression)
    }
}

/// Copy characters up to and including the closing `delimiter`, keeping each backslash with
/// the character after it (the lexers' escape rule). Returns whether the delimiter was found.
fn copy_until(
    delimiter: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    out: &mut String,
) -> bool {
    while let Some((_, c)) = chars.next() {
        out.push(c);
        if c == '\\' {
            if let Some((_, next)) = chars.next() {
                out.push(next);
            }
        } else if c == delimiter {
            return true;
        }
    }
    false
}

/// For the text of one literal (`raw` ends with its closing backtick): `None` when it is
/// JSON already or cannot be read at all, else the literal rewritten as a JSON string.
fn legacy_string(raw: &str) -> Option<String> {
    let body = raw.strip_suffix('`')?;
    let lexeme = body.replace("\\`", "`");
    if serde_json::from_str::<serde::de::IgnoredAny>(&lexeme).is_ok() {
        return None;
    }
    let quoted = format!("\"{}\"", lexeme.trim_start());
    let text: String = serde_json::from_str(&quoted).ok()?;
    let json = serde_json::to_string(&text).ok()?;
    Some(format!("`{}`", json.replace('`', "\\`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_words_become_strings() {
        assert_eq!(
            rewrite("StepExecutions[?StepStatus==`Failed`]"),
            "StepExecutions[?StepStatus==`\"Failed\"`]"
        );
        assert_eq!(rewrite("`  foo bar `"), "`\"foo bar \"`");
        assert_eq!(rewrite("`a\\nb`"), "`\"a\\nb\"`");
    }

    #[test]
    fn json_literals_and_other_strings_are_kept() {
        for kept in [
            "a[?b==`\"x\"`]",
            "`1`",
            "`[1, 2]`",
            "`{\"a\": true}`",
            "`null`",
            "a == 'it`s'",
            "\"we`ird\".a",
            "no literal at all",
        ] {
            assert!(matches!(rewrite(kept), Cow::Borrowed(_)), "{kept}");
        }
    }

    #[test]
    fn text_that_cannot_be_a_string_is_left_for_the_compiler() {
        // An unescaped quote makes the quoted form invalid too, as in jmespath.py.
        assert_eq!(rewrite("`a\"b`"), "`a\"b`");
        // An unclosed literal stays as written.
        assert_eq!(rewrite("a == `abc"), "a == `abc");
    }

    #[test]
    fn backticks_inside_the_literal_stay_escaped() {
        assert_eq!(rewrite("`a\\`b`"), "`\"a\\`b\"`");
        let compiled = jmespath::compile(&rewrite("`a\\`b`")).expect("compiles");
        let found = compiled.search(serde_json::Value::Null).expect("runs");
        assert_eq!(found.as_string().map(String::as_str), Some("a`b"));
    }
}
