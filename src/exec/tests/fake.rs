//! A scripted cloud: it answers each call from a script and records every call, on a clock
//! that moves only when the engine waits. Tests state exactly what the cloud says.

use crate::driver::{ApiError, CloudDriver};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

/// `service.Api` → answers in order; the last answer of an operation repeats (for polls).
#[derive(Default)]
pub struct ScriptedDriver {
    answers: HashMap<String, VecDeque<Result<Value, ApiError>>>,
    /// Every call made, as (`service.Api`, request).
    pub calls: Vec<(String, Value)>,
    pub now: i64,
}

/// The epoch of every scripted run: 2024-01-01T00:00:00Z.
pub const START_MS: i64 = 1_704_067_200_000;

impl ScriptedDriver {
    pub fn new() -> ScriptedDriver {
        ScriptedDriver {
            now: START_MS,
            ..ScriptedDriver::default()
        }
    }

    /// Answer the next call of `operation` (`ec2.StartInstances`) with `response`.
    pub fn answer(mut self, operation: &str, response: Value) -> ScriptedDriver {
        self.push(operation, Ok(response));
        self
    }

    /// Fail the next call of `operation` with the service error `code`.
    pub fn fail(mut self, operation: &str, code: &str, message: &str) -> ScriptedDriver {
        self.push(operation, Err(ApiError::new(code, message)));
        self
    }

    fn push(&mut self, operation: &str, answer: Result<Value, ApiError>) {
        self.answers
            .entry(operation.to_string())
            .or_default()
            .push_back(answer);
    }

    /// The operations called, in order.
    pub fn operations(&self) -> Vec<&str> {
        self.calls.iter().map(|(op, _)| op.as_str()).collect()
    }

    /// Simulated milliseconds since the start.
    pub fn elapsed(&self) -> i64 {
        self.now - START_MS
    }
}

impl CloudDriver for ScriptedDriver {
    fn call(&mut self, service: &str, api: &str, params: &Value) -> Result<Value, ApiError> {
        let operation = format!("{}.{api}", service.to_ascii_lowercase());
        self.calls.push((operation.clone(), params.clone()));
        let Some(queue) = self.answers.get_mut(&operation) else {
            return Err(ApiError::new(
                "Unscripted",
                format!("{operation} has no scripted answer"),
            ));
        };
        match queue.len() {
            0 => Err(ApiError::new("Unscripted", operation)),
            1 => queue[0].clone(),
            _ => queue
                .pop_front()
                .unwrap_or_else(|| Err(ApiError::new("Unscripted", ""))),
        }
    }

    fn now_millis(&self) -> i64 {
        self.now
    }

    fn advance(&mut self, millis: i64) {
        self.now = self.now.saturating_add(millis);
    }

    fn region(&self) -> String {
        "us-east-1".into()
    }

    fn account_id(&self) -> String {
        "123456789012".into()
    }
}
