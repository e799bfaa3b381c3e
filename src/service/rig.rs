//! What the engine runs with, gathered in one place so that every operation builds its
//! engine the same way.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::state::{MockUses, Runtime, Setup, StepMockSource};
use super::{Service, ServiceError};
use crate::document::Document;
use crate::driver::boto3::Boto3Driver;
use crate::driver::{CallLog, CloudDriver, DriverChain};
use crate::exec::{AutomationApi, DocumentSource, Engine, Execution, IdSource, Observer, Options};
use crate::store::{DocumentStore, ExecutionStore};

pub struct Rig {
    pub document: Document,
    pub driver: DriverChain,
    pub mocks: StepMockSource,
    pub ids: Box<dyn IdSource>,
    pub options: Options,
}

impl<S: ExecutionStore + DocumentStore> Service<'_, S> {
    /// The rig for an execution of `setup`, with this service's ids and call log.
    pub(super) fn rig(
        &self,
        document: Document,
        runtime: Runtime,
        setup: &Setup,
    ) -> Result<Rig, ServiceError> {
        let mut rig = Rig::new(
            document,
            runtime,
            setup,
            self.id_source()?,
            self.calls.clone(),
            self.real_aws,
        )?;
        rig.options.interrupt = self.interrupt;
        Ok(rig)
    }
}

impl Rig {
    pub fn new(
        document: Document,
        runtime: Runtime,
        setup: &Setup,
        ids: Box<dyn IdSource>,
        calls: CallLog,
        real_aws: bool,
    ) -> Result<Rig, ServiceError> {
        let (api_mocks, mocks) = setup.mocks(&runtime.uses())?;
        let region = runtime.world.region();
        let mut driver = DriverChain::new(runtime.world, api_mocks, setup.strict);
        if let Some(settings) = &setup.driver {
            if settings.reaches_aws() && !real_aws {
                return Err(ServiceError::RealAwsNotAllowed);
            }
            let python = setup.scripts.python.as_deref();
            let external = Boto3Driver::start(settings, python, &region)
                .map_err(ServiceError::DriverUnavailable)?;
            driver = driver.with_external(Box::new(external));
        }
        driver.log = calls;
        Ok(Rig {
            document,
            driver,
            mocks,
            ids,
            options: Options {
                allow_scripts: setup.allow_scripts,
                scripts: setup.scripts.clone(),
                ..Options::default()
            },
        })
    }

    /// Start-time parameters, converted and checked, with `{{ssm:…}}` defaults read from the
    /// simulated world.
    pub fn resolve_parameters(
        &mut self,
        supplied: &BTreeMap<String, Vec<String>>,
    ) -> Result<Map<String, Value>, ServiceError> {
        let driver = std::cell::RefCell::new(&mut self.driver);
        let lookup = |name: &str, version: Option<&str>| {
            crate::exec::ssm_parameter(&mut **driver.borrow_mut(), name, version)
        };
        crate::params::resolve_parameters(&self.document, supplied, &lookup)
            .map_err(|e| ServiceError::InvalidParameters(e.to_string()))
    }

    /// Runs `f` with an engine over this rig; returns its result and the child executions
    /// the engine started. `automations` answers the runbook's calls about executions.
    pub fn with_engine<T>(
        &mut self,
        observer: &mut dyn Observer,
        children: &dyn DocumentSource,
        automations: Option<&dyn AutomationApi>,
        f: impl FnOnce(&mut Engine<'_>) -> T,
    ) -> (T, Vec<Execution>) {
        let mut engine = Engine::new(
            &self.document,
            &mut self.driver,
            &mut self.mocks,
            &mut *self.ids,
            observer,
            children,
            &self.options,
        );
        engine.automations = automations;
        let out = f(&mut engine);
        (out, std::mem::take(&mut engine.children))
    }

    /// The world and mock counts as the engine left them, for the last use of the rig: the
    /// world is moved out, not cloned.
    pub fn into_runtime(self) -> Runtime {
        let uses = self.uses();
        Runtime {
            world: self.driver.into_world(),
            api_mock_uses: uses.api_mock_uses,
            step_mock_uses: uses.step_mock_uses,
        }
    }

    /// The text [`Runtime::encode`] gives for the runtime as it is now, without a clone.
    pub fn encode_runtime(&self) -> String {
        Runtime::encode_parts(self.driver.world(), &self.uses())
    }

    fn uses(&self) -> MockUses {
        MockUses {
            api_mock_uses: self.driver.mocks().uses(),
            step_mock_uses: self.mocks.0.uses(),
        }
    }
}
