//! [`Backend`]: what answers the calls no mock answers, either the simulated world or a real
//! back end. The world is kept in both cases: it is stored with the execution, and a real
//! back end leaves it untouched.

use serde_json::Value;

use super::{ApiError, CloudDriver, SimWorld};

pub struct Backend {
    pub world: SimWorld,
    /// A real back end (`--driver boto3`, `--driver-program`), which then answers every call and keeps time.
    pub external: Option<Box<dyn CloudDriver>>,
}

impl Backend {
    pub fn simulated(world: SimWorld) -> Backend {
        Backend {
            world,
            external: None,
        }
    }

    fn active(&self) -> &dyn CloudDriver {
        match &self.external {
            Some(driver) => driver.as_ref(),
            None => &self.world,
        }
    }

    fn active_mut(&mut self) -> &mut dyn CloudDriver {
        match &mut self.external {
            Some(driver) => driver.as_mut(),
            None => &mut self.world,
        }
    }
}

impl CloudDriver for Backend {
    fn call(&mut self, service: &str, api: &str, params: &Value) -> Result<Value, ApiError> {
        self.active_mut().call(service, api, params)
    }

    fn now_millis(&self) -> i64 {
        self.active().now_millis()
    }

    fn advance(&mut self, millis: i64) {
        self.active_mut().advance(millis);
    }

    fn region(&self) -> String {
        self.active().region()
    }

    fn account_id(&self) -> String {
        self.active().account_id()
    }

    fn name(&self) -> &'static str {
        self.active().name()
    }

    fn follows_real_clock(&self) -> bool {
        self.active().follows_real_clock()
    }
}
