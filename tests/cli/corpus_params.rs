//! Parameters for dry runs of the real runbooks: a plausible value for each required
//! parameter, chosen from its name, type, allowed values and pattern.

use serde_json::Value;
use std::path::Path;

/// A value for a required parameter, chosen from its name and type so that the simulated
/// world can answer (the default world's running instance, its image, its Auto Scaling
/// group and zone, an instance type, a tag its instances carry, its Automation role; a
/// resource of no named kind is its running instance).
fn plausible(name: &str, ty: &str) -> Value {
    let lower = name.to_lowercase();
    // Runbooks that select instances by tag are run on a tag the account uses, as a user
    // would: `Environment=dev`, which the default world's web instances carry.
    // A map of tags stays empty: runbooks that take two (a primary and a secondary group)
    // would get the same instances twice.
    let tag = lower.contains("tag") && ty == "String";
    let text = if tag && lower.contains("value") {
        "dev"
    } else if tag && (lower.contains("key") || lower.contains("name")) {
        "Environment"
    } else if lower.contains("autoscalinggroup") || lower.contains("asg") {
        "ssmrun-example-asg"
    } else if lower.contains("availabilityzone") {
        "us-east-1a"
    } else if lower.contains("instancetype") {
        "t3.micro"
    } else if (lower.contains("instance") && lower.contains("id")) || lower == "resourceid" {
        "i-1234567890abcdef0"
    } else if lower.contains("ami") || lower.contains("imageid") {
        "ami-0abcdef1234567890"
    } else if lower.contains("roleid") {
        // The default world's Automation role, by its id.
        "AROA5EXAMPLE000000001"
    } else if lower.contains("role") || lower.contains("arn") {
        "arn:aws:iam::123456789012:role/AutomationServiceRole"
    } else if lower.contains("bucket") {
        "example-bucket"
    } else if lower.contains("region") {
        "us-east-1"
    } else {
        "example"
    };
    match ty {
        "StringList" | "List<AWS::EC2::Instance::Id>" => Value::from(vec![text]),
        "Integer" => Value::from(1),
        "Boolean" => Value::from(false),
        "StringMap" => serde_json::json!({}),
        "MapList" => serde_json::json!([]),
        _ => Value::from(text),
    }
}

/// Required parameters (no default) of a document, read through ssmrun's own parser.
pub fn required_parameters(path: &Path) -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(path).expect("read corpus file");
    let source = ssmrun::source::SourceFile::new(path.display().to_string(), text);
    let mut out = serde_json::Map::new();
    let Ok(root) = ssmrun::parse::parse(&source) else {
        return out;
    };
    let Some(params) = root.get("parameters").and_then(|p| p.map()) else {
        return out;
    };
    for (k, v) in params {
        if v.get("default").is_none() {
            let ty = v.get("type").and_then(|t| t.str()).unwrap_or("String");
            let allowed = v
                .get("allowedValues")
                .and_then(|a| a.seq())
                .and_then(|a| a.first());
            let pattern = v.get("allowedPattern").and_then(|p| p.str());
            let fits = |s: &str| {
                pattern.is_none_or(|p| {
                    ssmrun::params::Pattern::compile(p).is_ok_and(|re| re.is_match(s))
                })
            };
            let value = match allowed {
                Some(first) => first.to_json(),
                None => {
                    let guess = plausible(&k.name, ty);
                    let guess_text = guess
                        .as_str()
                        .or_else(|| guess.get(0)?.as_str())
                        .unwrap_or("");
                    let example = pattern.and_then(|p| {
                        ssmrun::params::pattern_examples(p)
                            .into_iter()
                            .find(|e| fits(e))
                    });
                    match example {
                        Some(example) if !fits(guess_text) => {
                            if guess.is_array() {
                                Value::from(vec![example])
                            } else {
                                Value::from(example)
                            }
                        }
                        _ => guess,
                    }
                }
            };
            let as_list = match value {
                Value::Array(items) => Value::Array(items),
                Value::String(s) => Value::from(vec![s]),
                other => Value::from(vec![other.to_string()]),
            };
            out.insert(k.name.clone(), as_list);
        }
    }
    out
}
