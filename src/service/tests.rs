//! The service over the in-memory store: the protocol, the typed errors and the open-record
//! window, with no file or process in the way.

use std::collections::BTreeMap;
use std::time::Duration;

use super::{IdPolicy, Service, ServiceError, StartRequest, StoredDocument};
use crate::driver::SimWorld;
use crate::exec::{
    DocumentSource, LoadError, LoadedDocument, Mode, NoObserver, Signal, Status, StopType,
};
use crate::store::{Claim, ClaimOutcome, ExecutionQuery, ExecutionStore, MemoryStore};

pub(super) struct NoChildren;

impl DocumentSource for NoChildren {
    fn load(&self, name: &str, _version: Option<&str>) -> Result<LoadedDocument, LoadError> {
        Err(LoadError::NotFound(format!(
            "no child document `{name}` in these tests"
        )))
    }
}

const TICK: &str = "schemaVersion: '0.3'
mainSteps:
  - name: tick
    action: aws:sleep
    inputs: {Duration: PT1S}
  - name: tock
    action: aws:sleep
    inputs: {Duration: PT1S}
";

pub(super) const PAUSE: &str = "schemaVersion: '0.3'
mainSteps:
  - name: before
    action: aws:sleep
    inputs: {Duration: PT1S}
  - name: hold
    action: aws:pause
    inputs: {}
  - name: after
    action: aws:sleep
    inputs: {Duration: PT1S}
";

pub(super) fn request(text: &str, mode: Mode) -> StartRequest {
    StartRequest {
        strict: false,
        document: StoredDocument {
            name: "Doc".into(),
            version: "1".into(),
            text: text.into(),
            label: "doc.yaml".into(),
        },
        checked: None,
        parameters: BTreeMap::new(),
        mode,
        world: SimWorld::default_world(),
        mocks: None,
        allow_scripts: false,
        scripts: Default::default(),
        driver: None,
    }
}

fn service(store: &MemoryStore) -> Service<'_, MemoryStore> {
    Service::new(store, &NoChildren, IdPolicy::Sequential)
}

fn step(name: &str) -> BTreeMap<String, Vec<String>> {
    BTreeMap::from([("StepName".to_string(), vec![name.to_string()])])
}

fn status(s: &Service<'_, MemoryStore>, id: &str) -> Status {
    s.execution(id).expect("stored execution").status
}

#[test]
fn an_auto_run_that_pauses_is_stored_listed_and_resumed() {
    let store = MemoryStore::new();
    let s = service(&store);
    let id = s
        .start(request(PAUSE, Mode::Auto), &mut NoObserver)
        .unwrap();
    assert_eq!(status(&s, &id), Status::Waiting);
    let listed = s.describe(&ExecutionQuery::default()).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    s.signal(&id, Signal::Resume, &step("hold"), &mut NoObserver)
        .unwrap();
    let done = s.get(&id).unwrap();
    assert_eq!(done.execution.status, Status::Success);
    let names: Vec<_> = done
        .execution
        .steps
        .iter()
        .map(|r| r.step_name.as_str())
        .collect();
    assert_eq!(names, ["before", "hold", "after"]);
    assert!(done.pending.is_empty());
}

#[test]
fn interactive_steps_append_records_and_finished_ones_are_never_reloaded() {
    let store = MemoryStore::new();
    let s = service(&store);
    let id = s
        .start(request(TICK, Mode::Interactive), &mut NoObserver)
        .unwrap();
    assert_eq!(s.get(&id).unwrap().pending.len(), 2);
    for _ in 0..5 {
        s.signal(&id, Signal::StartStep, &step("tick"), &mut NoObserver)
            .unwrap();
    }
    let records = store.steps(&id).unwrap();
    assert_eq!(records.len(), 5);
    assert_eq!(
        records.iter().map(|r| r.seq).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    // Every record is final, so the next signal loads none of them.
    assert_eq!(store.open_steps(&id).unwrap(), (5, vec![]));
    s.signal(&id, Signal::StartStep, &step("tock"), &mut NoObserver)
        .unwrap();
    s.stop(&id, StopType::Complete).unwrap();
    let done = s.execution(&id).unwrap();
    assert_eq!(done.status, Status::Success);
    assert_eq!(done.steps.len(), 6);
    assert_eq!(done.steps[5].step_name, "tock");
    // Ids stay unique across the separate calls.
    let mut ids: Vec<_> = done
        .steps
        .iter()
        .map(|r| r.step_execution_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6);
}

#[test]
fn refusals_and_unknown_ids_are_their_own_variants() {
    let store = MemoryStore::new();
    let s = service(&store);
    let missing = s.signal("nope", Signal::Resume, &BTreeMap::new(), &mut NoObserver);
    assert!(matches!(missing, Err(ServiceError::ExecutionNotFound(ref id)) if id == "nope"));
    assert!(matches!(
        s.get("nope"),
        Err(ServiceError::ExecutionNotFound(_))
    ));
    let id = s
        .start(request(TICK, Mode::Interactive), &mut NoObserver)
        .unwrap();
    let refused = s.signal(&id, Signal::Approve, &BTreeMap::new(), &mut NoObserver);
    match refused {
        Err(ServiceError::Refused(e)) => {
            assert_eq!(e.exception, "InvalidAutomationSignalException")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A refused signal still releases the claim.
    s.signal(&id, Signal::StartStep, &step("tick"), &mut NoObserver)
        .unwrap();
    let bad = s.start(
        request(
            "schemaVersion: '0.3'\nmainSteps:\n  - name: a\n    action: aws:nope\n",
            Mode::Auto,
        ),
        &mut NoObserver,
    );
    assert!(
        matches!(bad, Err(ServiceError::InvalidDocument(_))),
        "{bad:?}"
    );
    let mut params = request(TICK, Mode::Auto);
    params.parameters.insert("Nope".into(), vec!["x".into()]);
    let bad = s.start(params, &mut NoObserver);
    assert!(
        matches!(bad, Err(ServiceError::InvalidParameters(_))),
        "{bad:?}"
    );
}

/// A claim by a process that still runs: the parent of this test process.
fn live_claim() -> Option<Claim> {
    let pid = std::os::unix::process::parent_id();
    Some(Claim {
        pid,
        started: Some(super::process::start_time(pid)?),
        token: "other".into(),
        operation: "StartStep tick".into(),
        step: Some("tick".into()),
    })
}

#[test]
fn a_live_claim_makes_the_caller_wait_then_report_busy() {
    let Some(claim) = live_claim() else {
        return; // no /proc: liveness cannot be told from pid reuse here
    };
    let store = MemoryStore::new();
    let s = service(&store).with_claim_wait(Duration::from_millis(20));
    let id = s
        .start(request(TICK, Mode::Interactive), &mut NoObserver)
        .unwrap();
    let taken = store.claim(&id, &claim, &|_| false).unwrap();
    assert_eq!(taken, ClaimOutcome::Claimed { replaced: None });
    let busy = s.signal(&id, Signal::StartStep, &step("tick"), &mut NoObserver);
    assert!(
        matches!(busy, Err(ServiceError::Busy { ref operation, .. }) if operation == "StartStep tick"),
        "{busy:?}"
    );
    // Released by hand: the interruption is recorded and the holder can no longer commit.
    let released = s.release(&id).unwrap();
    assert_eq!(released.map(|c| c.token), Some("other".to_string()));
    let exec = s.execution(&id).unwrap();
    assert_eq!(exec.status, Status::Waiting);
    assert_eq!(exec.steps.len(), 1);
    assert_eq!(exec.steps[0].status, Status::Failed);
    assert!(
        exec.steps[0]
            .failure_message
            .as_deref()
            .unwrap_or_default()
            .contains("interrupted")
    );
    let row = store.get(&id).unwrap().unwrap();
    assert!(store.commit(&row, "{}", &[], "other").is_err());
    s.signal(&id, Signal::StartStep, &step("tick"), &mut NoObserver)
        .unwrap();
}

#[test]
fn a_dead_claim_is_taken_over_and_an_auto_run_ends_failed() {
    let store = MemoryStore::new();
    let s = service(&store);
    let id = s
        .start(request(PAUSE, Mode::Auto), &mut NoObserver)
        .unwrap();
    let mut child = std::process::Command::new("true")
        .spawn()
        .expect("spawn `true`");
    let dead = Claim {
        pid: child.id(),
        started: None,
        token: "dead".into(),
        operation: "Resume hold".into(),
        step: None,
    };
    child.wait().expect("wait");
    store.claim(&id, &dead, &|_| false).unwrap();
    s.signal(&id, Signal::Resume, &step("hold"), &mut NoObserver)
        .unwrap_err();
    let exec = s.execution(&id).unwrap();
    assert_eq!(exec.status, Status::Failed);
    assert!(
        exec.failure_message
            .unwrap_or_default()
            .contains("`Resume hold`")
    );
}

#[test]
fn prune_keeps_waiting_executions() {
    let store = MemoryStore::new();
    let s = service(&store);
    let waiting = s
        .start(request(PAUSE, Mode::Auto), &mut NoObserver)
        .unwrap();
    let done = s.start(request(TICK, Mode::Auto), &mut NoObserver).unwrap();
    assert_eq!(status(&s, &done), Status::Success);
    assert_eq!(s.prune(&crate::store::PruneRule::default()).unwrap(), 1);
    assert!(matches!(
        s.get(&done),
        Err(ServiceError::ExecutionNotFound(_))
    ));
    assert_eq!(status(&s, &waiting), Status::Waiting);
}
