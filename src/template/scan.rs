//! Finding `{{ … }}` in a string and classifying what is inside.
//!
//! The scanner works on bytes: `{` and `}` are ASCII, so every offset it slices at is a
//! character boundary whatever else the string holds, and no input can make it panic.

use super::{Occurrence, Reference};

/// Every `{{ … }}` in `s`, in order, non-overlapping. See the module docs of
/// [`crate::template`] for how unclosed and piled-up braces are read.
pub fn scan(s: &str) -> Vec<Occurrence> {
    let mut found = Vec::new();
    let mut pos = 0;
    while let Some(open) = s[pos..].find("{{").map(|i| pos + i) {
        let Some(close) = s[open + 2..].find("}}").map(|i| open + 2 + i) else {
            break; // no `}}` anywhere after: the rest is literal text
        };
        // The innermost `{{` before the first `}}`: in `{"a":{{{X}}}}` the reference is
        // `{{X}}`, and the extra braces belong to the JSON around it.
        let start = s[open..close].rfind("{{").map_or(open, |i| open + i);
        let end = close + 2;
        found.push(Occurrence {
            reference: classify(&s[start + 2..close]),
            raw: s[start..end].to_string(),
            start,
            end,
        });
        pos = end;
    }
    found
}

/// The reference `s` consists of, if `s` is exactly one `{{ … }}` with nothing around it
/// (not even whitespace: see the module docs). Invalid references are returned too, so the
/// caller can tell "one bad reference" from "text".
pub fn whole(s: &str) -> Option<Reference> {
    let mut found = scan(s);
    match found.as_slice() {
        [only] if only.start == 0 && only.end == s.len() => found.pop().map(|o| o.reference),
        _ => None,
    }
}

/// What the text between the braces names. `inner` is kept verbatim for `Invalid`.
fn classify(inner: &str) -> Reference {
    let text = inner.trim();
    let invalid = || Reference::Invalid(inner.to_string());
    if let Some((prefix, rest)) = text.split_once(':') {
        return match prefix {
            "variable" if is_name(rest) => Reference::Variable(rest.to_string()),
            "automation" if is_name(rest) => Reference::Automation(rest.to_string()),
            "global" if is_name(rest) => Reference::Global(rest.to_string()),
            "ssm" => match ssm_parts(rest) {
                Some((name, version)) => Reference::Ssm {
                    name: name.to_string(),
                    version: version.map(str::to_string),
                },
                None => invalid(),
            },
            "ssm-secure" if ssm_parts(rest).is_some() => Reference::SsmSecure(rest.to_string()),
            _ => invalid(),
        };
    }
    match text.split_once('.') {
        Some((step, output)) if is_name(step) && output.split('.').all(is_name) => {
            Reference::StepOutput {
                step: step.to_string(),
                output: output.to_string(),
            }
        }
        None if is_name(text) => Reference::Parameter(text.to_string()),
        _ => invalid(),
    }
}

/// Parameter, step, output and variable names. Wider than the step-name pattern (dashes are
/// allowed) so that an odd but plausible name is reported as unknown by validation, with a
/// suggestion, instead of silently staying literal text.
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Splits a Parameter Store reference into name and optional version or label. A plain name
/// has no `:`; an ARN (`arn:aws:ssm:region:account:parameter/name`) has five.
fn ssm_parts(rest: &str) -> Option<(&str, Option<&str>)> {
    let name_colons = if rest.starts_with("arn:") { 5 } else { 0 };
    let colons = rest.matches(':').count();
    let (name, version) = if colons == name_colons {
        (rest, None)
    } else if colons == name_colons + 1 {
        let (name, version) = rest.rsplit_once(':')?;
        (name, Some(version))
    } else {
        return None;
    };
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-/:".contains(&b));
    let version_ok = version.is_none_or(|v| v.split('.').all(is_name));
    (name_ok && version_ok).then_some((name, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(s: &str) -> Reference {
        Reference::Parameter(s.to_string())
    }

    fn output(step: &str, output: &str) -> Reference {
        Reference::StepOutput {
            step: step.to_string(),
            output: output.to_string(),
        }
    }

    fn invalid(s: &str) -> Reference {
        Reference::Invalid(s.to_string())
    }

    #[test]
    fn classifies_every_form() {
        let ssm = |name: &str, version: Option<&str>| Reference::Ssm {
            name: name.to_string(),
            version: version.map(str::to_string),
        };
        let cases = [
            ("{{ InstanceId }}", param("InstanceId")),
            ("{{InstanceId}}", param("InstanceId")),
            ("{{ Instance-Id }}", param("Instance-Id")),
            ("{{\n  ResourceType\n}}", param("ResourceType")),
            ("{{ RESOURCE_ID }}", param("RESOURCE_ID")),
            (
                "{{ getInstance.ImageId }}",
                output("getInstance", "ImageId"),
            ),
            (
                "{{Loop.CurrentIteratorValue}}",
                output("Loop", "CurrentIteratorValue"),
            ),
            ("{{ Step.a.b }}", output("Step", "a.b")),
            (
                "{{ variable:TargetImageState }}",
                Reference::Variable("TargetImageState".into()),
            ),
            (
                "{{automation:EXECUTION_ID}}",
                Reference::Automation("EXECUTION_ID".into()),
            ),
            (
                "{{ global:DATE_TIME }}",
                Reference::Global("DATE_TIME".into()),
            ),
            ("{{ global:TIME }}", Reference::Global("TIME".into())),
            ("{{ssm:/a/b}}", ssm("/a/b", None)),
            ("{{ ssm:latestAmi }}", ssm("latestAmi", None)),
            ("{{ssm:name:3}}", ssm("name", Some("3"))),
            ("{{ssm:name:prod-label}}", ssm("name", Some("prod-label"))),
            (
                "{{ssm:arn:aws:ssm:us-east-1:111122223333:parameter/x:2}}",
                ssm("arn:aws:ssm:us-east-1:111122223333:parameter/x", Some("2")),
            ),
            ("{{ssm-secure:pw}}", Reference::SsmSecure("pw".into())),
            ("{{}}", invalid("")),
            ("{{ }}", invalid(" ")),
            ("{{ Step..Out }}", invalid(" Step..Out ")),
            ("{{ .Out }}", invalid(" .Out ")),
            ("{{ Step. }}", invalid(" Step. ")),
            ("{{ global: REGION }}", invalid(" global: REGION ")),
            ("{{ unknown:x }}", invalid(" unknown:x ")),
            ("{{ssm:a:b:c}}", invalid("ssm:a:b:c")),
            ("{{ssm:}}", invalid("ssm:")),
            ("{{ a b }}", invalid(" a b ")),
            ("{{ color: red; }}", invalid(" color: red; ")),
            ("{{ ünïcode }}", invalid(" ünïcode ")),
        ];
        for (text, expected) in cases {
            assert_eq!(whole(text), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn scan_reports_offsets_and_raw_text() {
        let s = "ami-{{ Name }}_{{global:DATE_TIME}}";
        let found = scan(s);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].start, found[0].end), (4, 14));
        assert_eq!(found[0].raw, "{{ Name }}");
        assert_eq!(found[1].reference, Reference::Global("DATE_TIME".into()));
        assert_eq!(&s[found[1].start..found[1].end], found[1].raw);
    }

    #[test]
    fn scan_reads_braces_like_the_corpus_needs() {
        let refs = |s: &str| -> Vec<(Reference, String)> {
            scan(s).into_iter().map(|o| (o.reference, o.raw)).collect()
        };
        // Unclosed: literal text, and a later real reference is still found.
        assert!(scan("{{ Name ").is_empty());
        assert!(scan("a {{ b } }").is_empty());
        assert!(scan("no braces, { single } ones").is_empty());
        assert_eq!(
            refs("{{ a {{ B }}"),
            vec![(param("B"), "{{ B }}".to_string())]
        );
        // JSON written inside a string (115-aws-patchinstancewithrollback).
        let json = r#"{"CheckCompliance": {{CheckCompliance.Payload}}}"#;
        assert_eq!(
            refs(json),
            vec![(
                output("CheckCompliance", "Payload"),
                "{{CheckCompliance.Payload}}".to_string()
            )]
        );
        assert_eq!(refs("{{{X}}}"), vec![(param("X"), "{{X}}".to_string())]);
        // Nested references are not evaluated as one: the inner one is the reference.
        assert_eq!(refs("{{ {{x}} }}"), vec![(param("x"), "{{x}}".to_string())]);
        // Adjacent references.
        assert_eq!(refs("{{a}}{{b}}").len(), 2);
        // Python f-string braces are code, reported as invalid (hence literal).
        let css = "body {{ font-family: Arial, sans-serif; }}";
        assert_eq!(refs(css)[0].0, invalid(" font-family: Arial, sans-serif; "));
    }

    #[test]
    fn whole_requires_the_reference_alone() {
        assert_eq!(whole("{{ X }}"), Some(param("X")));
        assert_eq!(whole("{{ a b }}"), Some(invalid(" a b ")));
        for text in [
            " {{ X }}",
            "{{ X }} ",
            "{{ X }}\n",
            "x{{ X }}",
            "{{a}}{{b}}",
            "{{{X}}}",
            "",
        ] {
            assert_eq!(whole(text), None, "{text:?}");
        }
    }

    struct Echo;

    impl crate::template::Scope for Echo {
        fn lookup(&self, reference: &Reference) -> Result<serde_json::Value, String> {
            Ok(serde_json::json!([reference.to_string()]))
        }
    }

    /// A fuzz-like sweep: strings glued from awkward pieces (braces, multi-byte characters,
    /// prefixes) must never panic, and every occurrence must satisfy the offset contract.
    #[test]
    fn scan_never_panics_and_keeps_its_contract() {
        const PIECES: &[&str] = &[
            "{",
            "}",
            "{{",
            "}}",
            "{{{",
            "}}}",
            " ",
            "\n",
            "a",
            ".",
            ":",
            "-",
            "é",
            "🦀",
            "ssm:",
            "global:",
            "variable:",
            "Step.Out",
            "\\",
            "\"",
            "$",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..5000 {
            let mut s = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 59) as usize;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            let mut last_end = 0;
            for o in scan(&s) {
                assert!(
                    o.start >= last_end && o.start < o.end && o.end <= s.len(),
                    "{s:?}"
                );
                assert_eq!(&s[o.start..o.end], o.raw, "{s:?}");
                assert!(o.raw.starts_with("{{") && o.raw.ends_with("}}"), "{s:?}");
                last_end = o.end;
            }
            let _ = whole(&s);
            let resolved = crate::template::resolve_str(&s, &Echo).expect("echo never fails");
            assert!(
                resolved.is_string() || whole(&s).is_some_and(|r| !r.is_invalid()),
                "{s:?}"
            );
        }
    }
}
