//! The call log: every API call of a run, with its step, request, answer and who gave the
//! answer. The driver chain writes it; the command line prints it under each step
//! (`--trace`), adds it to JSON output (`ApiCalls`) and turns it into a mocks file.

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{Map, Value, json};

use super::ApiError;

/// Who answered a call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnsweredBy {
    /// The simulated world.
    Simulated,
    /// An entry of the mocks file.
    Mocked,
    /// Made up from the operation's output shape: nobody simulates or mocks the call.
    Synthesized,
    /// Refused before sending, as boto3 refuses a request that breaks the model.
    Rejected,
    /// Nobody answers (the strict mode's `NotSimulated`).
    Unanswered,
    /// A real back end, by its name (`boto3`).
    Driver(&'static str),
}

impl AnsweredBy {
    pub fn as_str(self) -> &'static str {
        match self {
            AnsweredBy::Simulated => "simulated",
            AnsweredBy::Mocked => "mocked",
            AnsweredBy::Synthesized => "synthesized",
            AnsweredBy::Rejected => "rejected",
            AnsweredBy::Unanswered => "unanswered",
            AnsweredBy::Driver(name) => name,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ApiCall {
    /// The step that made the call; None for calls made before any step (parameter lookups).
    pub step: Option<String>,
    pub service: String,
    /// The operation's model name (`DescribeInstances`), whatever spelling the runbook used.
    pub operation: String,
    pub request: Value,
    pub result: Result<Value, ApiError>,
    pub answered_by: AnsweredBy,
    /// How many times in a row this same call got this same answer (polling).
    pub repeats: u64,
}

impl ApiCall {
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(step) = &self.step {
            out.insert("StepName".into(), Value::String(step.clone()));
        }
        out.insert("Service".into(), Value::String(self.service.clone()));
        out.insert("Api".into(), Value::String(self.operation.clone()));
        out.insert("Request".into(), self.request.clone());
        match &self.result {
            Ok(response) => out.insert("Response".into(), response.clone()),
            Err(e) => out.insert(
                "Error".into(),
                json!({"Code": e.code, "Message": e.message}),
            ),
        };
        out.insert(
            "AnsweredBy".into(),
            Value::String(self.answered_by.as_str().into()),
        );
        if self.repeats > 1 {
            out.insert("Calls".into(), Value::from(self.repeats));
        }
        Value::Object(out)
    }
}

/// Most calls a log keeps; a run that polls for days would otherwise grow without bound.
/// Later calls are counted, not kept.
pub const MAX_CALLS: usize = 10_000;

#[derive(Debug, Default)]
pub struct Calls {
    pub calls: Vec<ApiCall>,
    /// Calls not kept because the log was full.
    pub dropped: u64,
}

/// Equal answers apart from boto3's `ResponseMetadata`, whose request id differs per call.
fn same_answer(a: &Result<Value, ApiError>, b: &Result<Value, ApiError>) -> bool {
    match (a, b) {
        (Ok(Value::Object(x)), Ok(Value::Object(y))) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| k == "ResponseMetadata" || y.get(k) == Some(v))
        }
        _ => a == b,
    }
}

/// A shared handle: the driver writes, the printer of a running execution reads.
#[derive(Clone, Debug, Default)]
pub struct CallLog(Rc<RefCell<Calls>>);

impl CallLog {
    pub fn record(&self, call: ApiCall) {
        let mut inner = self.0.borrow_mut();
        if let Some(last) = inner.calls.last_mut()
            && last.step == call.step
            && last.service == call.service
            && last.operation == call.operation
            && last.request == call.request
            && same_answer(&last.result, &call.result)
            && last.answered_by == call.answered_by
        {
            last.repeats += 1;
            return;
        }
        if inner.calls.len() >= MAX_CALLS {
            inner.dropped += 1;
        } else {
            inner.calls.push(call);
        }
    }

    /// The last call logged.
    pub fn last(&self) -> Option<ApiCall> {
        self.0.borrow().calls.last().cloned()
    }

    /// Puts `call` in place of the last call logged (one of its repeats): a made-up answer
    /// replaces the refusal it stands in for.
    pub fn replace_last(&self, call: ApiCall) {
        let mut inner = self.0.borrow_mut();
        match inner.calls.last_mut() {
            Some(last) if last.repeats > 1 => {
                last.repeats -= 1;
                inner.calls.push(call);
            }
            Some(last) => *last = call,
            None => inner.calls.push(call),
        }
    }

    /// A copy of the calls kept so far.
    pub fn calls(&self) -> Vec<ApiCall> {
        self.0.borrow().calls.clone()
    }

    pub fn len(&self) -> usize {
        self.0.borrow().calls.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls from index `from` on, to show what a step did since the last look.
    pub fn since(&self, from: usize) -> Vec<ApiCall> {
        self.0
            .borrow()
            .calls
            .get(from..)
            .map(<[ApiCall]>::to_vec)
            .unwrap_or_default()
    }

    pub fn dropped(&self) -> u64 {
        self.0.borrow().dropped
    }
}
