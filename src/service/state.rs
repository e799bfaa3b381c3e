//! How an execution is laid out in the store, and the part of it a process loads.
//!
//! The engine's `Execution` is stored without its step records (they are rows of their own);
//! a process that advances an execution loads only the records a later call may still read
//! or change (`ExecutionStore::open_steps`), so the cost of a signal does not grow with the
//! history. The records before them are final.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ServiceError;
use crate::driver::{Mocks, SimWorld, StepMock};
use crate::exec::{Cursor, Execution, StepMockOutcome, StepMocks, StepRecord};
use crate::source::SourceFile;
use crate::store::{ExecutionRow, StepRow};

/// A document's text with the name and version an execution records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredDocument {
    pub name: String,
    pub version: String,
    pub text: String,
    /// What diagnostics name the text by: a path, `<bundled>/NAME.yaml` or
    /// `<registry>/NAME@VERSION.yaml`.
    pub label: String,
}

impl StoredDocument {
    /// The document parsed and lowered again. It was validated when the execution started,
    /// so the rules do not run again on every signal.
    pub fn parse(&self, id: &str) -> Result<crate::document::Document, ServiceError> {
        let source = SourceFile::new(self.label.clone(), self.text.clone());
        let lowered = crate::parse::parse(&source)
            .ok()
            .map(crate::document::lower);
        match lowered {
            Some((Some(d), diagnostics)) if !diagnostics.iter().any(|d| d.is_error()) => Ok(d),
            _ => Err(ServiceError::UnreadableState {
                id: id.to_string(),
                detail: "its stored document can no longer be read".into(),
            }),
        }
    }
}

/// What an execution was started with and never changes: the `setup` part in the store.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Setup {
    pub document: StoredDocument,
    pub mocks: Option<Value>,
    pub allow_scripts: bool,
    /// How scripts run (sandbox, interpreter, attachments); absent in older stores.
    #[serde(default)]
    pub scripts: crate::script::ScriptSettings,
    /// Calls nobody simulates or mocks fail (`NotSimulated`) instead of being synthesized.
    #[serde(default)]
    pub strict: bool,
    /// A real back end (`--driver boto3`, `--driver-program`) instead of the simulated
    /// world; absent in older stores.
    #[serde(default)]
    pub driver: Option<crate::driver::external::DriverSettings>,
}

impl Setup {
    /// The API mocks for the driver and the step mocks, each from its own copy of the file,
    /// with the counts of earlier uses.
    pub fn mocks(&self, runtime: &MockUses) -> Result<(Mocks, StepMockSource), ServiceError> {
        let load = |uses: &[usize]| match &self.mocks {
            Some(v) => Mocks::from_json(v)
                .map_err(ServiceError::InvalidMocks)
                .map(|mut m| {
                    m.set_uses(uses);
                    m
                }),
            None => Ok(Mocks::default()),
        };
        Ok((
            load(&runtime.api_mock_uses)?,
            StepMockSource(load(&runtime.step_mock_uses)?),
        ))
    }
}

/// Step mocks are the `Step:` entries of the mocks file; API entries live in the driver.
pub struct StepMockSource(pub Mocks);

impl StepMocks for StepMockSource {
    fn take(&mut self, step: &str) -> Option<StepMockOutcome> {
        Some(match self.0.step_mock(step)? {
            StepMock::Outputs(o) => StepMockOutcome::Outputs(o),
            StepMock::Error(e) => StepMockOutcome::Error {
                code: e.code,
                message: e.message,
            },
        })
    }
}

/// An execution as loaded for work: `execution.steps` holds the records from `base` on, and
/// a blocked cursor counts from `base`, so the engine never sees the final records before.
pub struct Loaded {
    pub execution: Execution,
    pub base: usize,
    /// The stored text of each loaded record, to write back only those that changed.
    pub texts: Vec<String>,
}

fn unreadable(id: &str, what: &str, e: serde_json::Error) -> ServiceError {
    ServiceError::UnreadableState {
        id: id.to_string(),
        detail: format!("its {what} is not valid: {e}"),
    }
}

impl Loaded {
    /// Decodes a row and the records `steps`, consecutive from position `base`.
    pub fn decode(
        row: &ExecutionRow,
        base: usize,
        steps: Vec<StepRow>,
    ) -> Result<Loaded, ServiceError> {
        let mut execution: Execution =
            serde_json::from_str(&row.state).map_err(|e| unreadable(&row.id, "state", e))?;
        let mut texts = Vec::with_capacity(steps.len());
        execution.steps = Vec::with_capacity(steps.len());
        for s in steps {
            let record: StepRecord = serde_json::from_str(&s.record)
                .map_err(|e| unreadable(&row.id, "step record", e))?;
            execution.steps.push(record);
            texts.push(s.record);
        }
        if let Cursor::Blocked { record } = &mut execution.cursor {
            *record = record
                .checked_sub(base)
                .ok_or_else(|| ServiceError::UnreadableState {
                    id: row.id.clone(),
                    detail: "it waits on a step record that is not open".into(),
                })?;
        }
        Ok(Loaded {
            execution,
            base,
            texts,
        })
    }

    /// A new execution, all of whose records are about to be written.
    pub fn fresh(execution: Execution) -> Loaded {
        Loaded {
            execution,
            base: 0,
            texts: Vec::new(),
        }
    }

    /// The row, and the records that are new or changed since loading.
    pub fn encode(&mut self) -> (ExecutionRow, Vec<StepRow>) {
        let base = self.base;
        let changed = self
            .execution
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let text = serde_json::to_string(r).unwrap_or_default();
                (self.texts.get(i) != Some(&text)).then(|| StepRow {
                    seq: base + i,
                    status: r.status,
                    critical: r.is_critical,
                    record: text,
                })
            })
            .collect();
        (encode_row(&mut self.execution, base), changed)
    }
}

/// The execution's row: metadata and the state without records, cursor counted from 0.
fn encode_row(e: &mut Execution, base: usize) -> ExecutionRow {
    let steps = std::mem::take(&mut e.steps);
    let cursor = e.cursor.clone();
    if let Cursor::Blocked { record } = &mut e.cursor {
        *record += base;
    }
    // An `Execution` is plain data (strings, numbers, maps with string keys): serializing
    // it cannot fail.
    let state = serde_json::to_string(e).unwrap_or_default();
    e.cursor = cursor;
    e.steps = steps;
    row_metadata(e, state)
}

/// The row's columns for `e`, with `state` as its state. The current step is read from the
/// records, so `e` must hold them.
pub(super) fn row_metadata(e: &Execution, state: String) -> ExecutionRow {
    let current = e.current_step();
    ExecutionRow {
        id: e.id.clone(),
        document_name: e.document_name.clone(),
        document_version: e.document_version.clone(),
        status: e.status,
        mode: e.mode,
        start_time: e.start_ms as f64 / 1000.0,
        end_time: e.end_ms.map(|m| m as f64 / 1000.0),
        parent_id: e.parent_id.clone(),
        current_step: current.map(|r| r.step_name.clone()),
        current_action: current.map(|r| r.action.clone()),
        state,
    }
}

/// What changes as an execution advances besides the execution itself: the simulated world,
/// and how often each mock has answered (so `Responses` continue, and unused mocks can be
/// reported, across processes). The `world` part in the store.
#[derive(Clone, Debug, Deserialize)]
pub struct Runtime {
    pub world: SimWorld,
    #[serde(default)]
    pub api_mock_uses: Vec<usize>,
    #[serde(default)]
    pub step_mock_uses: Vec<usize>,
}

/// The mock counts of a stored [`Runtime`], read without the world beside them: serde skips
/// the world's text instead of building it, so reporting unused mocks after a run does not
/// cost a decode of a world of 100,000 instances.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct MockUses {
    #[serde(default)]
    pub api_mock_uses: Vec<usize>,
    #[serde(default)]
    pub step_mock_uses: Vec<usize>,
}

impl MockUses {
    pub fn decode(id: &str, text: &str) -> Result<MockUses, ServiceError> {
        serde_json::from_str(text).map_err(|e| unreadable(id, "simulated world", e))
    }
}

/// [`Runtime`] as it is written, borrowing the world.
#[derive(Serialize)]
struct RuntimeRef<'a> {
    world: &'a SimWorld,
    api_mock_uses: &'a [usize],
    step_mock_uses: &'a [usize],
}

impl Runtime {
    /// The same text as [`Runtime::encode`] without owning (or cloning) the world.
    pub fn encode_parts(world: &SimWorld, uses: &MockUses) -> String {
        let view = RuntimeRef {
            world,
            api_mock_uses: &uses.api_mock_uses,
            step_mock_uses: &uses.step_mock_uses,
        };
        serde_json::to_string(&view).unwrap_or_default()
    }

    pub fn uses(&self) -> MockUses {
        MockUses {
            api_mock_uses: self.api_mock_uses.clone(),
            step_mock_uses: self.step_mock_uses.clone(),
        }
    }

    pub fn new(world: SimWorld) -> Runtime {
        Runtime {
            world,
            api_mock_uses: Vec::new(),
            step_mock_uses: Vec::new(),
        }
    }

    pub fn encode(&self) -> String {
        Runtime::encode_parts(&self.world, &self.uses())
    }

    pub fn decode(id: &str, text: &str) -> Result<Runtime, ServiceError> {
        serde_json::from_str(text).map_err(|e| unreadable(id, "simulated world", e))
    }
}

pub fn decode_setup(id: &str, text: &str) -> Result<Setup, ServiceError> {
    serde_json::from_str(text).map_err(|e| unreadable(id, "setup", e))
}
