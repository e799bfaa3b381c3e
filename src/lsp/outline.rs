//! Where the cursor is in a YAML document that may not parse while it is being typed: the
//! chain of enclosing keys and list items, read from indentation alone.

/// One enclosing level, outermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Level {
    Key(String),
    /// A list item starting on this 0-based line.
    Item(usize),
}

/// The key a line sets, if any: (indent of the key, the key, whether the line opens a list
/// item, indent of the dash).
fn key_of(line: &str) -> Option<(usize, Option<String>, Option<usize>)> {
    let indent = line.len() - line.trim_start().len();
    let rest = line.trim_start();
    if rest.is_empty() || rest.starts_with('#') {
        return None;
    }
    let (dash, rest, key_indent) = match rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix('-').filter(|r| r.is_empty()))
    {
        Some(after) => {
            let inner = after.len() - after.trim_start().len();
            (Some(indent), after.trim_start(), indent + 2 + inner)
        }
        None => (None, rest, indent),
    };
    let key = rest
        .split_once(':')
        .map(|(k, _)| k.trim().trim_matches(['"', '\'']).to_string())
        .filter(|k| !k.is_empty() && !k.contains(' ') && !k.starts_with(['{', '[']));
    Some((key_indent, key, dash))
}

/// The enclosing levels of a position whose content starts at `indent` on `line` (0-based).
pub fn enclosing(lines: &[&str], line: usize, indent: usize) -> Vec<Level> {
    let mut out = Vec::new();
    let mut threshold = indent;
    // After a list item at dash indent d, its owner may sit at the same indent (`mainSteps:`
    // followed by `- name:` at the margin).
    let mut item_indent: Option<usize> = None;
    for l in (0..line).rev() {
        let Some((key_indent, key, dash)) = key_of(lines[l]) else {
            continue;
        };
        if let Some(d) = dash
            && d < threshold
        {
            out.push(Level::Item(l));
            threshold = d;
            item_indent = Some(d);
            continue;
        }
        let owner = key_indent < threshold || (item_indent == Some(key_indent) && dash.is_none());
        if owner && let Some(k) = key {
            out.push(Level::Key(k));
            threshold = key_indent;
            item_indent = None;
        }
        if threshold == 0 && item_indent.is_none() {
            break;
        }
    }
    out.reverse();
    out
}

/// The value of `key` set directly in the list item starting on `item` (0-based): the item's
/// own line, then the lines indented under it.
pub fn item_value(lines: &[&str], item: usize, key: &str) -> Option<String> {
    let (key_indent, _, dash) = key_of(lines[item])?;
    let dash = dash?;
    for (i, l) in lines.iter().enumerate().skip(item) {
        let Some((indent, k, d)) = key_of(l) else {
            continue;
        };
        if i > item && (indent <= dash || d.is_some_and(|d| d <= dash)) {
            break;
        }
        if indent == key_indent && k.as_deref() == Some(key) {
            let value = l.split_once(':').map(|(_, v)| v.trim())?;
            return Some(value.trim_matches(['"', '\'']).to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "schemaVersion: '0.3'\nmainSteps:\n  - name: stop\n    action: aws:changeInstanceState\n    inputs:\n      Desired\n  - name: l\n    action: aws:loop\n    inputs:\n      Steps:\n      - name: inner\n        ";

    #[test]
    fn finds_the_enclosing_step_and_inputs() {
        let lines: Vec<&str> = DOC.lines().collect();
        assert_eq!(
            enclosing(&lines, 5, 6),
            [
                Level::Key("mainSteps".into()),
                Level::Item(2),
                Level::Key("inputs".into())
            ]
        );
        assert_eq!(
            item_value(&lines, 2, "action").as_deref(),
            Some("aws:changeInstanceState")
        );
        assert_eq!(
            enclosing(&lines, 11, 8),
            [
                Level::Key("mainSteps".into()),
                Level::Item(6),
                Level::Key("inputs".into()),
                Level::Key("Steps".into()),
                Level::Item(10),
            ]
        );
        assert_eq!(enclosing(&lines, 1, 0), []);
    }
}
