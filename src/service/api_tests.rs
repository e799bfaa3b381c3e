//! A runbook's Automation calls, answered by the service over `MemoryStore`: the running
//! execution in place of its stored row, filters, pages and the service's errors.

use serde_json::{Value, json};

use super::tests::{NoChildren, PAUSE, request};
use super::{IdPolicy, Service};
use crate::driver::SimWorld;
use crate::exec::{AutomationApi, Execution, Live, Mode, NoObserver, Status};
use crate::store::MemoryStore;

fn start(s: &Service<'_, MemoryStore>, name: &str) -> String {
    let mut request = request(PAUSE, Mode::Auto);
    request.document.name = name.into();
    s.start(request, &mut NoObserver).expect("started")
}

/// Asks `api` with the stored execution `running` made to run again, as if its engine held
/// it, with its last step back in progress.
fn ask(s: &Service<'_, MemoryStore>, running: &str, api: &str, request: Value) -> Value {
    let mut exec: Execution = s.execution(running).expect("stored");
    exec.status = Status::InProgress;
    if let Some(last) = exec.steps.last_mut() {
        last.status = Status::InProgress;
    }
    exec.cursor = crate::exec::Cursor::End;
    let compiled = crate::compile::compile(&s.document(running).expect("document"));
    let live = Live {
        running: &exec,
        compiled: &compiled,
        children: &[],
    };
    let answer = s.answer(api, &request, &live, &SimWorld::default_world());
    match answer.expect("answered") {
        Ok(v) => v,
        Err(e) => json!({"Error": e.code, "Message": e.message}),
    }
}

#[test]
fn the_running_execution_replaces_its_stored_row_in_listings_and_pages() {
    let store = MemoryStore::new();
    let s = Service::new(&store, &NoChildren, IdPolicy::Sequential);
    let older = start(&s, "Older");
    let running = start(&s, "Running");
    let in_progress = json!({"Filters": [{"Key": "ExecutionStatus", "Values": ["InProgress"]}]});
    let listed = ask(&s, &running, "DescribeAutomationExecutions", in_progress);
    let list = listed["AutomationExecutionMetadataList"]
        .as_array()
        .unwrap();
    assert_eq!(list.len(), 1, "{listed}");
    assert_eq!(list[0]["AutomationExecutionId"], json!(running));
    assert_eq!(list[0]["CurrentStepName"], "hold");
    assert_eq!(list[0]["ExecutionStartTime"], "2026-01-01T00:00:00.000Z");
    let first = ask(
        &s,
        &running,
        "DescribeAutomationExecutions",
        json!({"MaxResults": 1}),
    );
    assert_eq!(
        first["AutomationExecutionMetadataList"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let token = first["NextToken"].clone();
    let second = ask(
        &s,
        &running,
        "DescribeAutomationExecutions",
        json!({"MaxResults": 1, "NextToken": token}),
    );
    let ids = [&first, &second]
        .map(|p| p["AutomationExecutionMetadataList"][0]["AutomationExecutionId"].clone());
    assert_eq!(ids.len(), 2);
    assert!(
        ids.contains(&json!(older)) && ids.contains(&json!(running)),
        "{ids:?}"
    );
    assert!(second.get("NextToken").is_none(), "{second}");
    let steps = json!({"AutomationExecutionId": running, "ReverseOrder": true});
    let steps = ask(&s, &running, "DescribeAutomationStepExecutions", steps);
    assert_eq!(steps["StepExecutions"][0]["StepName"], "hold");
    assert_eq!(steps["StepExecutions"][0]["StepStatus"], "InProgress");
}

#[test]
fn requests_the_service_refuses_get_its_errors() {
    let store = MemoryStore::new();
    let s = Service::new(&store, &NoChildren, IdPolicy::Sequential);
    let running = start(&s, "Running");
    let unknown = json!({"AutomationExecutionId": "00000000-0000-0000-0000-00000000dead"});
    for api in [
        "GetAutomationExecution",
        "DescribeAutomationStepExecutions",
        "StopAutomationExecution",
    ] {
        let answer = ask(&s, &running, api, unknown.clone());
        assert_eq!(
            answer["Error"], "AutomationExecutionNotFoundException",
            "{api}"
        );
    }
    let bad_key = json!({"Filters": [{"Key": "Colour", "Values": ["red"]}]});
    let answer = ask(&s, &running, "DescribeAutomationExecutions", bad_key);
    assert_eq!(answer["Error"], "InvalidFilterKey");
    let answer = ask(
        &s,
        &running,
        "DescribeAutomationExecutions",
        json!({"NextToken": "x"}),
    );
    assert_eq!(answer["Error"], "InvalidNextToken");
    let start = json!({"DocumentName": "Missing"});
    let answer = ask(&s, &running, "StartAutomationExecution", start);
    assert_eq!(answer["Error"], "AutomationDefinitionNotFoundException");
    // The running execution itself is not stopped from inside: left to the world.
    let own = json!({"AutomationExecutionId": running});
    let live_exec = s.execution(&running).unwrap();
    let compiled = crate::compile::compile(&s.document(&running).unwrap());
    let live = Live {
        running: &live_exec,
        compiled: &compiled,
        children: &[],
    };
    let world = SimWorld::default_world();
    assert!(
        s.answer("StopAutomationExecution", &own, &live, &world)
            .is_none()
    );
}
