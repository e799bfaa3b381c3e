//! [`MockingDriver`]: a [`CloudDriver`] that answers from [`Mocks`] first and passes every
//! other call, and the clock, to the driver it wraps.

use serde_json::Value;

use crate::driver::{ApiError, CloudDriver, Mocks, forward_clock_and_identity};

pub struct MockingDriver<D: CloudDriver> {
    pub inner: D,
    /// Public so the executor can ask for step mocks and report unused entries.
    pub mocks: Mocks,
    /// Whether the last call was answered by a mock, for the call log.
    last_mocked: bool,
}

impl<D: CloudDriver> MockingDriver<D> {
    pub fn new(inner: D, mocks: Mocks) -> MockingDriver<D> {
        MockingDriver {
            inner,
            mocks,
            last_mocked: false,
        }
    }

    pub fn mocks_mut(&mut self) -> &mut Mocks {
        &mut self.mocks
    }

    /// Whether a mock answered the last call.
    pub fn last_answer_was_mocked(&self) -> bool {
        self.last_mocked
    }

    /// The mocks file's answer to the call, if it has one; remembered for the call log.
    pub fn mock_answer(
        &mut self,
        service: &str,
        api: &str,
        params: &Value,
    ) -> Option<Result<Value, ApiError>> {
        let answer = self.mocks.answer(service, api, params);
        self.last_mocked = answer.is_some();
        answer
    }

    /// Gives back the wrapped driver, e.g. to save the simulated world after a run.
    pub fn into_parts(self) -> (D, Mocks) {
        (self.inner, self.mocks)
    }
}

impl<D: CloudDriver> CloudDriver for MockingDriver<D> {
    fn call(&mut self, service: &str, api: &str, params: &Value) -> Result<Value, ApiError> {
        match self.mock_answer(service, api, params) {
            Some(answer) => answer,
            None => self.inner.call(service, api, params),
        }
    }

    forward_clock_and_identity!(inner);
}
