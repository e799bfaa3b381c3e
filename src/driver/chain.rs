//! [`DriverChain`]: the driver a run uses. A call is checked against the service model
//! (as boto3 checks it), then answered by the mocks file, else by the simulated world, else,
//! unless strict, by an answer synthesized from the operation's output shape. Every call is
//! recorded in the [`CallLog`] with who answered it. With a real back end
//! ([`DriverChain::with_external`]) that back end answers in place of the world, and nothing
//! is synthesized.

use serde_json::Value;

use super::call_log::{AnsweredBy, ApiCall, CallLog};
use super::request_check::check_request;
use super::synth::{Expectation, Synthesizer};
use super::{
    ApiError, Backend, CloudDriver, LocalApi, MockingDriver, Mocks, SimWorld,
    forward_clock_and_identity,
};
use crate::models;

pub struct DriverChain {
    pub mocking: MockingDriver<Backend>,
    /// Fail what nobody answers with `NotSimulated` instead of synthesizing.
    pub strict: bool,
    pub log: CallLog,
    step: Option<String>,
}

impl DriverChain {
    pub fn new(world: SimWorld, mocks: Mocks, strict: bool) -> DriverChain {
        DriverChain {
            mocking: MockingDriver::new(Backend::simulated(world), mocks),
            strict,
            log: CallLog::default(),
            step: None,
        }
    }

    /// The chain with `driver` answering what the mocks do not, instead of the world.
    pub fn with_external(mut self, driver: Box<dyn CloudDriver>) -> DriverChain {
        self.mocking.inner.external = Some(driver);
        self
    }

    pub fn world(&self) -> &SimWorld {
        &self.mocking.inner.world
    }

    /// The world, for a driver that is done.
    pub fn into_world(self) -> SimWorld {
        self.mocking.inner.world
    }

    /// The world and the real back end, if any, for a driver that is done.
    pub fn into_parts(self) -> (SimWorld, Option<Box<dyn CloudDriver>>) {
        let backend = self.mocking.inner;
        (backend.world, backend.external)
    }

    pub fn mocks(&self) -> &Mocks {
        &self.mocking.mocks
    }

    fn answer(
        &mut self,
        service: &str,
        api: &str,
        params: &Value,
        expect: &[Expectation],
        local: Option<&dyn LocalApi>,
    ) -> (String, Value, Result<Value, ApiError>, AnsweredBy) {
        let Some(model) = models::service(service) else {
            let result = self.mocked_or_local(service, api, params, local);
            let by = self.answered_by(&result);
            return (api.to_string(), params.clone(), result, by);
        };
        let Some(op) = model.operation(api) else {
            let error = ApiError::new(
                "InvalidAction",
                format!(
                    "`{}` has no operation `{api}` (boto3 client `{}`)",
                    model.name, model.name
                ),
            );
            return (
                api.to_string(),
                params.clone(),
                Err(error),
                AnsweredBy::Rejected,
            );
        };
        let request = match check_request(model, op, params) {
            Ok(request) => request,
            Err(e) => {
                return (
                    op.name.clone(),
                    params.clone(),
                    Err(e),
                    AnsweredBy::Rejected,
                );
            }
        };
        let result = self.mocked_or_local(model.name, &op.name, &request, local);
        let by = self.answered_by(&result);
        if by == AnsweredBy::Unanswered && !self.strict {
            let synth = Synthesizer {
                model,
                region: self.mocking.region(),
                account: self.mocking.account_id(),
                now: iso_time(self.mocking.now_millis()),
                metadata: response_metadata(self.log.len()),
            };
            let response = synth.answer(op, &request, expect);
            return (
                op.name.clone(),
                request,
                Ok(response),
                AnsweredBy::Synthesized,
            );
        }
        (op.name.clone(), request, result, by)
    }

    /// The mocks file's answer, else the caller's own (not with a real back end, which holds
    /// executions of its own), else the back end's.
    fn mocked_or_local(
        &mut self,
        service: &str,
        api: &str,
        request: &Value,
        local: Option<&dyn LocalApi>,
    ) -> Result<Value, ApiError> {
        if let Some(answer) = self.mocking.mock_answer(service, api, request) {
            return answer;
        }
        let local = local.filter(|_| self.mocking.inner.external.is_none());
        let world = &self.mocking.inner.world;
        if let Some(answer) = local.and_then(|l| l.answer(service, api, request, world)) {
            return answer;
        }
        self.mocking.inner.call(service, api, request)
    }

    /// Who gave `result`: a mock when the mocks file has an entry that was just used, a
    /// real back end by its name, nobody for `NotSimulated`, else the world.
    fn answered_by(&self, result: &Result<Value, ApiError>) -> AnsweredBy {
        let external = self.mocking.inner.external.as_ref();
        match result {
            Err(e) if e.code == "NotSimulated" && external.is_none() => AnsweredBy::Unanswered,
            _ if self.mocking.last_answer_was_mocked() => AnsweredBy::Mocked,
            _ if external.is_some() => AnsweredBy::Driver(self.mocking.name()),
            _ => AnsweredBy::Simulated,
        }
    }

    fn call_logged(
        &mut self,
        service: &str,
        api: &str,
        params: &Value,
        expect: &[Expectation],
        local: Option<&dyn LocalApi>,
    ) -> Result<Value, ApiError> {
        let (operation, request, mut result, answered_by) =
            self.answer(service, api, params, expect, local);
        if let Ok(Value::Object(response)) = &mut result
            && !response.contains_key("ResponseMetadata")
        {
            response.insert("ResponseMetadata".into(), response_metadata(self.log.len()));
        }
        self.log.record(ApiCall {
            step: self.step.clone(),
            service: service.to_ascii_lowercase(),
            operation,
            request,
            result: result.clone(),
            answered_by,
            repeats: 1,
        });
        result
    }
}

impl CloudDriver for DriverChain {
    fn call(&mut self, service: &str, api: &str, params: &Value) -> Result<Value, ApiError> {
        self.call_logged(service, api, params, &[], None)
    }

    fn call_expecting(
        &mut self,
        service: &str,
        api: &str,
        params: &Value,
        expect: &[Expectation],
    ) -> Result<Value, ApiError> {
        self.call_logged(service, api, params, expect, None)
    }

    fn call_local(
        &mut self,
        service: &str,
        api: &str,
        params: &Value,
        expect: &[Expectation],
        local: &dyn LocalApi,
    ) -> Result<Value, ApiError> {
        self.call_logged(service, api, params, expect, Some(local))
    }

    fn enter_step(&mut self, step: &str) {
        if self.step.as_deref() != Some(step) {
            self.step = Some(step.to_string());
        }
    }

    forward_clock_and_identity!(mocking);

    fn stand_in(
        &mut self,
        request: &Value,
        make: &mut dyn FnMut(&SimWorld) -> Option<Value>,
    ) -> Option<Value> {
        if self.strict || self.mocking.inner.external.is_some() {
            return None;
        }
        // Only the world's refusal of this very request: a mock's answer is the user's word.
        let last = self.log.last()?;
        let refused = last.answered_by == AnsweredBy::Simulated
            && last.step == self.step
            && &last.request == request
            && last.result.is_err();
        if !refused {
            return None;
        }
        let mut response = make(self.world())?;
        if let Value::Object(map) = &mut response {
            // Numbered as the call it answers, the last one logged.
            let number = self.log.len().saturating_sub(1);
            map.insert("ResponseMetadata".into(), response_metadata(number));
        }
        self.log.replace_last(ApiCall {
            result: Ok(response.clone()),
            answered_by: AnsweredBy::Synthesized,
            repeats: 1,
            ..last
        });
        Some(response)
    }
}

/// What boto3 adds to every response; the request id is deterministic, numbered by call.
fn response_metadata(sequence: usize) -> Value {
    serde_json::json!({
        "RequestId": format!("00000000-0000-4000-8000-{sequence:012}"),
        "HTTPStatusCode": 200,
        "HTTPHeaders": {},
        "RetryAttempts": 0
    })
}

/// The simulated clock as botocore renders a timestamp in JSON output.
fn iso_time(millis: i64) -> String {
    jiff::Timestamp::from_millisecond(millis)
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "chain_tests.rs"]
mod tests;
