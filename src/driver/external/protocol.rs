//! The driver line protocol (docs/driver-protocol.md): the greeting a driver program writes
//! first, one JSON request per line to it, one JSON answer per line from it. Kept apart
//! from the process handling so that the shapes are tested without a driver running.

use serde_json::{Value, json};

use crate::driver::ApiError;

/// The protocol version this build speaks.
pub const PROTOCOL: u64 = 1;

/// The first line of a driver program.
#[derive(Debug, PartialEq)]
pub enum Greeting {
    /// Ready to answer: the driver's name and version, for messages.
    Ready { driver: String, version: String },
    /// The driver cannot work here (a missing library); the text says why.
    Fatal(String),
}

impl Greeting {
    pub fn parse(line: &str) -> Result<Greeting, String> {
        let value: Value = serde_json::from_str(line.trim()).map_err(|_| {
            format!(
                "its first line is not the protocol's greeting: `{}`",
                short(line)
            )
        })?;
        let protocol = value.get("protocol").and_then(Value::as_u64);
        if protocol != Some(PROTOCOL) {
            return Err(format!(
                "it speaks protocol {}, this ssmrun speaks protocol {PROTOCOL}",
                protocol.map_or_else(|| "(none)".to_string(), |p| p.to_string())
            ));
        }
        if let Some(fatal) = value.get("fatal") {
            return Ok(Greeting::Fatal(text(fatal)));
        }
        Ok(Greeting::Ready {
            driver: value.get("driver").map(text).unwrap_or_default(),
            version: value.get("version").map(text).unwrap_or_default(),
        })
    }
}

/// One request line: the call, numbered so that an answer is matched to it.
pub fn request(id: u64, service: &str, operation: &str, params: &Value, region: &str) -> String {
    let mut line = json!({
        "id": id,
        "service": service.to_ascii_lowercase(),
        "operation": operation,
        "params": params,
        "region": region,
    })
    .to_string();
    line.push('\n');
    line
}

/// An answer line as the call's result, or why the line breaks the protocol.
pub fn answer(id: u64, line: &str) -> Result<Result<Value, ApiError>, String> {
    let value: Value = serde_json::from_str(line.trim())
        .map_err(|_| format!("an answer is not JSON: `{}`", short(line)))?;
    if value.get("id").and_then(Value::as_u64) != Some(id) {
        return Err(format!(
            "an answer is not for request {id}: `{}`",
            short(line)
        ));
    }
    if let Some(error) = value.get("error") {
        // `http_status` is informational: a step fails on the code, and its message is the
        // service's own, as a real run shows it.
        let field = |name: &str| error.get(name).map(text).unwrap_or_default();
        return Ok(Err(ApiError::new(field("code"), field("message"))));
    }
    match value.get("result") {
        Some(result @ Value::Object(_)) => Ok(Ok(result.clone())),
        _ => Err(format!(
            "an answer has neither `result` nor `error`: `{}`",
            short(line)
        )),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The start of a line, for messages about it.
fn short(line: &str) -> String {
    let line = line.trim();
    match line.char_indices().nth(120) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_one_line_with_the_call_and_its_region() {
        let line = request(
            7,
            "EC2",
            "DescribeInstances",
            &json!({"InstanceIds": ["i-1"]}),
            "eu-west-1",
        );
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            json!({"id": 7, "service": "ec2", "operation": "DescribeInstances",
                   "params": {"InstanceIds": ["i-1"]}, "region": "eu-west-1"})
        );
    }

    #[test]
    fn answers_are_results_or_service_errors() {
        let ok = answer(1, r#"{"id": 1, "result": {"Reservations": []}}"#).unwrap();
        assert_eq!(ok, Ok(json!({"Reservations": []})));
        let failed = answer(
            2,
            r#"{"id": 2, "error": {"code": "InvalidInstanceID.NotFound", "message": "no such instance", "http_status": 400}}"#,
        )
        .unwrap();
        assert_eq!(
            failed,
            Err(ApiError::new(
                "InvalidInstanceID.NotFound",
                "no such instance"
            ))
        );
    }

    #[test]
    fn broken_answers_are_protocol_errors() {
        assert!(
            answer(1, "Traceback (most recent call last):")
                .unwrap_err()
                .contains("not JSON")
        );
        assert!(
            answer(1, r#"{"id": 2, "result": {}}"#)
                .unwrap_err()
                .contains("not for request 1")
        );
        assert!(answer(1, r#"{"id": 1}"#).unwrap_err().contains("neither"));
    }

    #[test]
    fn the_greeting_says_ready_or_why_not() {
        assert_eq!(
            Greeting::parse(r#"{"protocol": 1, "driver": "boto3", "version": "1.44.8"}"#),
            Ok(Greeting::Ready {
                driver: "boto3".into(),
                version: "1.44.8".into()
            })
        );
        assert_eq!(
            Greeting::parse(r#"{"protocol": 1, "fatal": "boto3 is not installed"}"#),
            Ok(Greeting::Fatal("boto3 is not installed".into()))
        );
        assert!(
            Greeting::parse(r#"{"protocol": 2}"#)
                .unwrap_err()
                .contains("protocol 2")
        );
        assert!(Greeting::parse("hello").unwrap_err().contains("greeting"));
    }

    /// The JSON examples of docs/driver-protocol.md, in order.
    fn documented_lines() -> Vec<&'static str> {
        const DOC: &str = include_str!("../../../docs/driver-protocol.md");
        DOC.split("```json\n")
            .skip(1)
            .filter_map(|block| block.split("```").next())
            .map(str::trim)
            .collect()
    }

    #[test]
    fn the_documented_examples_are_what_ssmrun_reads_and_writes() {
        let lines = documented_lines();
        assert_eq!(lines.len(), 5, "{lines:#?}");
        assert!(matches!(
            Greeting::parse(lines[0]),
            Ok(Greeting::Ready { .. })
        ));
        assert!(matches!(Greeting::parse(lines[1]), Ok(Greeting::Fatal(_))));
        let documented: Value = serde_json::from_str(lines[2]).unwrap();
        let written = request(
            1,
            "ec2",
            "DescribeInstances",
            &documented["params"],
            "us-east-1",
        );
        assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), documented);
        assert!(matches!(answer(1, lines[3]), Ok(Ok(_))));
        let Ok(Err(error)) = answer(1, lines[4]) else {
            panic!("the documented error is an error");
        };
        assert_eq!(error.code, "InvalidInstanceID.NotFound");
    }
}
