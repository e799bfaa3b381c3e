//! boto3's operation names. A client method is the operation's name through botocore's
//! `xform_name` (`DescribeInstances` → `describe_instances`), and Automation looks the
//! method up the same way, so `DescribeInstances`, `describeInstances` and
//! `describe_instances` all name one operation while `describeinstances` names none.

use regex::Regex;
use std::sync::LazyLock;

static FIRST_CAP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("(.)([A-Z][a-z]+)").expect("regex"));
static END_CAP: LazyLock<Regex> = LazyLock::new(|| Regex::new("([a-z0-9])([A-Z])").expect("regex"));
static PLURAL_ACRONYM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[A-Z]{2,}s$").expect("regex"));

/// botocore's `xform_name(name)`: a name with an underscore is taken as already converted.
pub fn xform_name(name: &str) -> String {
    if name.contains('_') {
        return name.to_string();
    }
    if let Some((_, snake)) = super::index::XFORM_EXCEPTIONS
        .iter()
        .find(|(n, _)| *n == name)
    {
        return (*snake).to_string();
    }
    let mut name = name.to_string();
    if let Some(m) = PLURAL_ACRONYM.find(&name) {
        let (start, tail) = (m.start(), m.as_str().to_ascii_lowercase());
        name = format!("{}_{tail}", &name[..start]);
    }
    let first = FIRST_CAP.replace_all(&name, "${1}_${2}");
    END_CAP
        .replace_all(&first, "${1}_${2}")
        .to_ascii_lowercase()
}
