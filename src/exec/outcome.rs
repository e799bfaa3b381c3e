//! What one attempt of an action produced. Failure is data here, not an `Err`: it drives
//! `onFailure`, `maxAttempts` and the final status.

use crate::compile::Target;
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Built-in outputs, and the object user `outputs:` selectors apply to.
    Success {
        outputs: Map<String, Value>,
        response: Option<Value>,
        notes: Vec<String>,
    },
    Failed {
        message: String,
        stage: &'static str,
        kind: &'static str,
    },
    TimedOut {
        message: String,
    },
    /// The step waits for a signal (aws:approve, aws:pause).
    Wait,
    /// aws:branch chose this step (or a loop body left for it).
    Goto(Target),
}

impl Outcome {
    pub fn success(outputs: Map<String, Value>) -> Outcome {
        Outcome::Success {
            outputs,
            response: None,
            notes: Vec::new(),
        }
    }

    pub fn empty() -> Outcome {
        Outcome::success(Map::new())
    }

    /// The action ran and failed (FailureStage Invocation, FailureType Action).
    pub fn failed(message: impl Into<String>) -> Outcome {
        Outcome::Failed {
            message: message.into(),
            stage: "Invocation",
            kind: "Action",
        }
    }

    /// Inputs were wrong for the action (FailureStage InputValidation).
    pub fn invalid_input(message: impl Into<String>) -> Outcome {
        Outcome::Failed {
            message: message.into(),
            stage: "InputValidation",
            kind: "Verification",
        }
    }

    /// A check the action makes failed (assertions, wrong state).
    pub fn verification(message: impl Into<String>) -> Outcome {
        Outcome::Failed {
            message: message.into(),
            stage: "Invocation",
            kind: "Verification",
        }
    }
}
