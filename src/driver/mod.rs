//! The cloud boundary. The executor reaches AWS only through [`CloudDriver`], so a run can
//! target the simulated account ([`SimWorld`]), answers from a mocks file layered over it
//! ([`MockingDriver`]), or a real back end ([`external::ExternalDriver`]: an emulator or AWS,
//! through a driver program) without the executor knowing.

pub mod backend;
pub mod call_log;
pub mod chain;
pub mod external;
mod local;
pub mod mocking_driver;
pub mod mocks;
mod request_check;
pub mod sim;
pub mod synth;
mod synth_values;
mod world_file;

use std::fmt;

pub use backend::Backend;
pub use call_log::{AnsweredBy, ApiCall, CallLog};
pub use chain::DriverChain;
pub use local::LocalApi;
pub use mocking_driver::MockingDriver;
pub use mocks::{Mocks, StepMock};
pub use sim::SimWorld;
pub use synth::{Expectation, Wanted};

/// An error answered by a service, shaped like botocore's `ClientError`: the AWS error code
/// (`InvalidInstanceID.NotFound`) and its message. Runbook steps fail with these, so the
/// code is kept verbatim for `onFailure` decisions and for users comparing with real runs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            code: code.into(),
            message: message.into(),
        }
    }

    /// The answer for an operation nobody simulates. The message names the fix because the
    /// user hits it mid-run and a mock is the only way forward.
    pub fn not_simulated(service: &str, api: &str) -> ApiError {
        let service = service.to_ascii_lowercase();
        ApiError::new(
            "NotSimulated",
            format!(
                "{service}.{api} is not simulated: add a mock for Service {service}, Api {api} in a --mocks file"
            ),
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

/// The clock and identity methods of [`CloudDriver`] for a driver that wraps another and
/// changes only how calls are answered (mocks, the chain, a run's Automation calls): each is
/// handed to the wrapped driver `$inner`.
macro_rules! forward_clock_and_identity {
    ($inner:ident) => {
        fn now_millis(&self) -> i64 {
            self.$inner.now_millis()
        }

        fn advance(&mut self, millis: i64) {
            self.$inner.advance(millis);
        }

        fn region(&self) -> String {
            self.$inner.region()
        }

        fn account_id(&self) -> String {
            self.$inner.account_id()
        }

        fn name(&self) -> &'static str {
            self.$inner.name()
        }

        fn follows_real_clock(&self) -> bool {
            self.$inner.follows_real_clock()
        }
    };
}
pub(crate) use forward_clock_and_identity;

/// What the executor needs from a cloud: API calls and a clock. Time is part of the driver
/// because waits (`aws:sleep`, polling for instance states) must move the simulated world
/// forward instead of sleeping for real.
pub trait CloudDriver {
    /// service: boto3 client name, case-insensitive ("ec2", "ssm", "cloudformation"); api: PascalCase operation name.
    fn call(
        &mut self,
        service: &str,
        api: &str,
        params: &serde_json::Value,
    ) -> Result<serde_json::Value, ApiError>;
    /// A call whose answer the caller will test against `expect` (a wait, an assertion, a
    /// step's outputs). A driver that makes answers up makes this one satisfy it; others
    /// just call.
    fn call_expecting(
        &mut self,
        service: &str,
        api: &str,
        params: &serde_json::Value,
        expect: &[Expectation],
    ) -> Result<serde_json::Value, ApiError> {
        let _ = expect;
        self.call(service, api, params)
    }
    /// A call that `local` may answer where the simulated world would (the executions of
    /// the calling run). A driver without a world of its own just calls.
    fn call_local(
        &mut self,
        service: &str,
        api: &str,
        params: &serde_json::Value,
        expect: &[Expectation],
        local: &dyn LocalApi,
    ) -> Result<serde_json::Value, ApiError> {
        let _ = local;
        self.call_expecting(service, api, params, expect)
    }
    /// The step whose calls follow, for drivers that keep a call log.
    fn enter_step(&mut self, step: &str) {
        let _ = step;
    }
    /// Virtual time in milliseconds since the Unix epoch.
    fn now_millis(&self) -> i64;
    /// Let `millis` of (simulated) time pass; the world evolves (instances change state).
    fn advance(&mut self, millis: i64);
    fn region(&self) -> String;
    fn account_id(&self) -> String;
    /// Who answers, for the call log: `simulated`, or a real back end's name (`boto3`).
    fn name(&self) -> &'static str {
        "simulated"
    }
    /// Whether time is the wall clock: the script runner then adds no running time, which
    /// has already passed.
    fn follows_real_clock(&self) -> bool {
        false
    }
    /// An answer made up in place of the simulated world's refusal of the call just made,
    /// when the refusal only means the simulated account lacks what the user's account has
    /// (a Parameter Store parameter a default reads). `make` builds the response from the
    /// world; the call log then shows the call as synthesized. `None` where nothing is made
    /// up: `--strict`, a real back end, a mock's answer, a test's scripted cloud.
    fn stand_in(
        &mut self,
        request: &serde_json::Value,
        make: &mut dyn FnMut(&SimWorld) -> Option<serde_json::Value>,
    ) -> Option<serde_json::Value> {
        let _ = (request, make);
        None
    }
}

#[cfg(test)]
mod docs_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_simulated_names_the_mock_to_add() {
        let error = ApiError::not_simulated("Lambda", "Invoke");
        assert_eq!(error.code, "NotSimulated");
        assert_eq!(
            error.message,
            "lambda.Invoke is not simulated: add a mock for Service lambda, Api Invoke in a --mocks file"
        );
    }

    #[test]
    fn sim_world_answers_not_simulated_for_unknown_operations() {
        let mut world = SimWorld::default_world();
        let error = world
            .call(
                "lambda",
                "Invoke",
                &serde_json::json!({"FunctionName": "f"}),
            )
            .unwrap_err();
        assert_eq!(error, ApiError::not_simulated("lambda", "Invoke"));
        let error = world
            .call("ec2", "DescribeAddresses", &serde_json::json!({}))
            .unwrap_err();
        assert_eq!(error.code, "NotSimulated");
        assert!(
            error
                .message
                .starts_with("ec2.DescribeAddresses is not simulated")
        );
    }
}
