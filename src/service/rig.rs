//! What the engine runs with, gathered in one place so that every operation builds its
//! engine the same way.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::state::{MockUses, Runtime, Setup, StepMockSource};
use super::{Service, ServiceError};
use crate::document::Document;
use crate::driver::external::{DriverSettings, ExternalDriver};
use crate::driver::{CallLog, CloudDriver, DriverChain};
use crate::exec::{
    AutomationApi, DocumentSource, Engine, Execution, IdSource, LoadedDocument, Observer, Options,
};
use crate::store::{DocumentStore, ExecutionStore};

/// The child executions one engine started, and the document each ran, by execution id.
#[derive(Default)]
pub struct ChildRuns {
    pub executions: Vec<Execution>,
    pub documents: BTreeMap<String, LoadedDocument>,
}

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
        let external = match &setup.driver {
            Some(settings) => Some(self.external_driver(settings, setup, &runtime)?),
            None => None,
        };
        let mut rig = Rig::new(
            document,
            runtime,
            setup,
            self.id_source()?,
            self.calls.clone(),
            external,
        )?;
        rig.options.interrupt = self.interrupt;
        Ok(rig)
    }

    /// Hands the service a real back end started for `settings` (the one that confirmed the
    /// account), so that the execution runs on it: one driver process, and one STS call, per
    /// command, however many times the command advances the execution.
    pub fn lend_driver(&self, settings: DriverSettings, driver: Box<dyn CloudDriver>) {
        *self.driver.borrow_mut() = Some(KeptDriver { settings, driver });
    }

    /// The runtime a rig leaves; its real back end is kept for the next rig.
    pub(super) fn release_rig(&self, rig: Rig, setup: &Setup) -> Runtime {
        let (runtime, driver) = rig.into_parts();
        if let (Some(settings), Some(driver)) = (&setup.driver, driver) {
            self.lend_driver(settings.clone(), driver);
        }
        runtime
    }

    /// The real back end of `settings`: the one kept, if it was started for them, else a
    /// new one, which checks that the credentials are still those of the recorded account.
    fn external_driver(
        &self,
        settings: &DriverSettings,
        setup: &Setup,
        runtime: &Runtime,
    ) -> Result<Box<dyn CloudDriver>, ServiceError> {
        if settings.reaches_aws() && !self.real_aws {
            return Err(ServiceError::RealAwsNotAllowed);
        }
        if let Some(kept) = self.driver.borrow_mut().take()
            && kept.settings == *settings
        {
            return Ok(kept.driver);
        }
        let python = setup.scripts.python.as_deref();
        let driver = ExternalDriver::start(settings, python, &runtime.world.region())
            .map_err(ServiceError::DriverUnavailable)?;
        Ok(Box::new(driver))
    }
}

/// A started real back end and the settings it was started with.
pub struct KeptDriver {
    settings: DriverSettings,
    driver: Box<dyn CloudDriver>,
}

impl Rig {
    pub fn new(
        document: Document,
        runtime: Runtime,
        setup: &Setup,
        ids: Box<dyn IdSource>,
        calls: CallLog,
        external: Option<Box<dyn CloudDriver>>,
    ) -> Result<Rig, ServiceError> {
        let (api_mocks, mocks) = setup.mocks(&runtime.uses())?;
        let mut driver = DriverChain::new(runtime.world, api_mocks, setup.strict);
        if let Some(external) = external {
            driver = driver.with_external(external);
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
                // A real back end synthesizes nothing, children included: their calls would
                // never reach it.
                strict: setup.strict || setup.driver.is_some(),
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
        let lookup = |param: &crate::document::Parameter, name: &str, version: Option<&str>| {
            crate::exec::ssm_parameter(&mut **driver.borrow_mut(), param, name, version)
        };
        crate::params::resolve_parameters(&self.document, supplied, &lookup)
            .map_err(|e| ServiceError::InvalidParameters(e.to_string()))
    }

    /// Runs `f` with an engine over this rig; returns its result and the child executions
    /// the engine started, with their documents. `automations` answers the runbook's calls
    /// about executions.
    pub fn with_engine<T>(
        &mut self,
        observer: &mut dyn Observer,
        children: &dyn DocumentSource,
        automations: Option<&dyn AutomationApi>,
        f: impl FnOnce(&mut Engine<'_>) -> T,
    ) -> (T, ChildRuns) {
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
        let runs = ChildRuns {
            executions: std::mem::take(&mut engine.children),
            documents: std::mem::take(&mut engine.child_documents),
        };
        (out, runs)
    }

    /// The world and mock counts as the engine left them, for the last use of the rig (the
    /// world is moved out, not cloned), and the real back end, if any, for another rig.
    pub fn into_parts(self) -> (Runtime, Option<Box<dyn CloudDriver>>) {
        let uses = self.uses();
        let (world, external) = self.driver.into_parts();
        let runtime = Runtime {
            world,
            api_mock_uses: uses.api_mock_uses,
            step_mock_uses: uses.step_mock_uses,
        };
        (runtime, external)
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
