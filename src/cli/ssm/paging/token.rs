//! The AWS CLI's `--starting-token` and the `NextToken` it prints: botocore's paginator
//! tokens, base64 of a JSON object holding the service's `NextToken` and, when `--max-items`
//! stopped inside a page, `boto_truncate_amount` (how many items of that page were printed).
//! Writing them as botocore does keeps them the same as the CLI's; reading them as it does
//! accepts a service token (`--next-token`'s) as a starting token too.

use serde_json::{Map, Value, json};

/// A position to resume a listing at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resume {
    /// The service's token of the page to request; None for the first page.
    pub service: Option<String>,
    /// How many items of that page were already printed.
    pub skip: usize,
}

/// botocore's reading of a starting token: its own JSON form, or else the older
/// `TOKEN___SKIP` form, or else the service token itself. `Err` holds the CLI's message.
pub fn decode(token: &str) -> Result<Resume, String> {
    if let Some(Value::Object(mut map)) = base64_decode(token)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
    {
        let skip = match map.remove("boto_truncate_amount") {
            None => 0,
            Some(n) => n
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| format!("Bad starting token: {token}"))?,
        };
        let service = match map.remove("NextToken") {
            Some(Value::String(s)) if s != "None" && !s.is_empty() => Some(s),
            Some(Value::String(_) | Value::Null) | None => None,
            Some(_) => return Err(format!("Bad starting token: {token}")),
        };
        if !map.is_empty() {
            return Err(format!("Bad starting token: {token}"));
        }
        return Ok(Resume { service, skip });
    }
    // One input token: `A___3` is token A with 3 items printed; `A___B` is taken whole as
    // a service token, and more parts are refused.
    let parts: Vec<&str> = token.split("___").collect();
    let (service, skip) = match parts.as_slice() {
        [one] => (*one, 0),
        [one, n] => match n.parse::<usize>() {
            Ok(n) => (*one, n),
            Err(_) => (token, 0),
        },
        _ => return Err(format!("Bad starting token: {token}")),
    };
    Ok(Resume {
        service: (service != "None").then(|| service.to_string()),
        skip,
    })
}

/// The token printed as `NextToken`, exactly as botocore writes it (`json.dumps`, then
/// base64).
pub fn encode(resume: &Resume) -> String {
    let mut map = Map::new();
    map.insert("NextToken".into(), json!(resume.service));
    if resume.skip > 0 {
        map.insert("boto_truncate_amount".into(), json!(resume.skip));
    }
    base64_encode(python_json(&Value::Object(map)).as_bytes())
}

/// `json.dumps` of a flat object: `", "` and `": "` separators.
fn python_json(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), python_json(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        other => other.to_string(),
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with padding; None for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for (i, quad) in bytes.chunks(4).enumerate() {
        let last = i == bytes.len() / 4 - 1;
        let padding = quad.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &quad[..4 - padding] {
            let v = ALPHABET.iter().position(|&a| a == c)?;
            n = (n << 6) | v as u32;
        }
        n <<= 6 * padding as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - padding]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_written_as_botocore_writes_them() {
        // `base64.b64encode(json.dumps({"NextToken": None, "boto_truncate_amount": 2}))`
        let first = Resume {
            service: None,
            skip: 2,
        };
        assert_eq!(
            encode(&first),
            "eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ=="
        );
        // `... json.dumps({"NextToken": "50"})`
        let boundary = Resume {
            service: Some("50".into()),
            skip: 0,
        };
        assert_eq!(encode(&boundary), "eyJOZXh0VG9rZW4iOiAiNTAifQ==");
    }

    #[test]
    fn tokens_read_back() {
        for resume in [
            Resume {
                service: None,
                skip: 7,
            },
            Resume {
                service: Some("12".into()),
                skip: 0,
            },
            Resume {
                service: Some("a b".into()),
                skip: 3,
            },
        ] {
            assert_eq!(decode(&encode(&resume)), Ok(resume));
        }
    }

    #[test]
    fn older_forms_and_service_tokens_are_accepted() {
        let service = |s: &str, skip| Resume {
            service: Some(s.to_string()),
            skip,
        };
        assert_eq!(decode("12"), Ok(service("12", 0)));
        assert_eq!(decode("12___3"), Ok(service("12", 3)));
        assert_eq!(
            decode("None___3"),
            Ok(Resume {
                service: None,
                skip: 3
            })
        );
        assert!(decode("a___b___3").is_err());
        assert_eq!(decode("a___b"), Ok(service("a___b", 0)));
    }

    #[test]
    fn base64_round_trips() {
        for text in ["", "a", "ab", "abc", "abcd", "{\"NextToken\": null}"] {
            let encoded = base64_encode(text.as_bytes());
            if !text.is_empty() {
                assert_eq!(base64_decode(&encoded).as_deref(), Some(text.as_bytes()));
            }
        }
        assert_eq!(base64_decode("a=bc"), None);
        assert_eq!(base64_decode("ab!="), None);
    }
}
