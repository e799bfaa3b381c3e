//! [`LocalApi`]: answers that only the caller of a driver holds. The executions of a run
//! live in the engine and the store, not in the simulated world, so the engine hands the
//! driver chain a `LocalApi` with each call; the chain asks it where it would ask the world
//! (after the mocks, before a synthesized answer), and the driver stays ignorant of
//! executions.

use serde_json::Value;

use super::{ApiError, SimWorld};

pub trait LocalApi {
    /// The answer to `service`.`api` (the model's names) with `request` (checked against the
    /// model), or `None` when this caller does not answer that operation. `world` is the
    /// simulated account as it is now.
    fn answer(
        &self,
        service: &str,
        api: &str,
        request: &Value,
        world: &SimWorld,
    ) -> Option<Result<Value, ApiError>>;
}
