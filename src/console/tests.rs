//! The console answered in-process, over a store in a temporary folder: routes, the token,
//! escaping, the manual execution flow, and bad requests getting 4xx.

use super::{Console, Method, Request, Response, Settings};
use crate::driver::SimWorld;
use crate::exec::Status;
use crate::service::IdPolicy;
use crate::store::{DocumentStore, SqliteStore};

struct Fixture {
    console: Console,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open(&dir.path().join("ssmrun.db")).expect("store");
    let settings = Settings {
        port: 0,
        world: SimWorld::default_world(),
        mocks: None,
        ids: IdPolicy::Sequential,
        allow_scripts: false,
        scripts: Default::default(),
    };
    Fixture {
        console: Console::new(store, settings),
        _dir: dir,
    }
}

impl Fixture {
    fn get(&self, target: &str) -> Response {
        self.console.handle(&Request::new(Method::Get, target))
    }

    /// A POST of `body` with this console's token in front.
    fn post(&self, target: &str, body: &str) -> Response {
        let form = format!("token={}&{body}", self.console.token());
        self.console
            .handle(&Request::new(Method::Post, target).with_form(&form))
    }

    fn status_of(&self, id: &str) -> Status {
        self.console
            .with_service(|s| s.execution(id))
            .expect("execution")
            .status
    }
}

/// The execution id a start redirected to.
fn started(r: &Response) -> String {
    assert_eq!(r.status, 303, "{}", r.body);
    let location = r.location.clone().expect("a redirect");
    location
        .strip_prefix("/executions/")
        .expect("an execution page")
        .to_string()
}

const RESTART: &str = "document=AWS-RestartEC2Instance&version=1&mode=Interactive\
                       &param.InstanceId=i-1234567890abcdef0&param.AutomationAssumeRole=";

#[test]
fn the_document_list_shows_bundled_documents_with_their_description() {
    let f = fixture();
    let r = f.get("/");
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("href=\"/documents/AWS-RestartEC2Instance\"")
    );
    assert!(r.body.contains("Restart EC2 instances"));
}

#[test]
fn the_parameters_form_is_typed_and_carries_the_token() {
    let f = fixture();
    let r = f.get("/documents/AWS-RestartEC2Instance");
    assert_eq!(r.status, 200);
    assert!(r.body.contains(&format!("value=\"{}\"", f.console.token())));
    // StringList as a text area, String as a text field, both modes offered.
    assert!(
        r.body
            .contains("<textarea id=\"p-InstanceId\" name=\"param.InstanceId\"")
    );
    assert!(r.body.contains("name=\"param.AutomationAssumeRole\""));
    assert!(r.body.contains("value=\"Interactive\""));
}

#[test]
fn allowed_values_become_a_select() {
    let f = fixture();
    let doc = "schemaVersion: '0.3'\nparameters:\n  Size:\n    type: String\n    \
               allowedValues: [small, large]\n    default: large\nmainSteps:\n  \
               - name: s\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    let store = &f.console.store;
    store
        .create_document("Sized", doc, "YAML", "Automation", 0.0)
        .expect("registered");
    let r = f.get("/documents/Sized");
    assert!(
        r.body
            .contains("<select id=\"p-Size\" name=\"param.Size\">"),
        "{}",
        r.body
    );
    assert!(r.body.contains("<option selected>large</option>"));
}

#[test]
fn text_from_a_document_is_escaped() {
    let f = fixture();
    let doc = "schemaVersion: '0.3'\ndescription: \"<script>alert(1)</script>\"\n\
               mainSteps:\n  - name: s\n    action: aws:sleep\n    inputs: {Duration: PT1S}\n";
    let store = &f.console.store;
    store
        .create_document("Loud", doc, "YAML", "Automation", 0.0)
        .expect("registered");
    for page in ["/", "/documents/Loud"] {
        let r = f.get(page);
        assert!(!r.body.contains("<script>alert"), "{page}");
        assert!(
            r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{page}"
        );
    }
}

#[test]
fn a_post_without_the_token_is_forbidden() {
    let f = fixture();
    for form in [RESTART.to_string(), format!("token=wrong&{RESTART}")] {
        let r = f
            .console
            .handle(&Request::new(Method::Post, "/executions").with_form(&form));
        assert_eq!(r.status, 403);
    }
    let none = f.get("/executions");
    assert!(none.body.contains("No executions yet"));
}

#[test]
fn the_manual_flow_runs_each_step_then_completes() {
    let f = fixture();
    let id = started(&f.post("/executions", RESTART));
    assert_eq!(f.status_of(&id), Status::Waiting);
    let page = f.get(&format!("/executions/{id}"));
    assert!(page.body.contains("id=\"execute-stopInstances\""));
    // The step graph, each node linking to its row.
    assert!(page.body.contains("<svg class=\"graph\""));
    assert!(page.body.contains("<a href=\"#step-startInstances\">"));
    assert!(page.body.contains("Complete and view results"));
    for step in ["stopInstances", "startInstances"] {
        let r = f.post(
            &format!("/executions/{id}/signal"),
            &format!("type=StartStep&step={step}"),
        );
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let r = f.post(&format!("/executions/{id}/stop"), "type=Complete");
    assert_eq!(r.status, 303);
    assert_eq!(f.status_of(&id), Status::Success);
    let page = f.get(&format!("/executions/{id}"));
    assert!(page.body.contains("status-success"));
    assert!(!page.body.contains("Execute this step"));
    let list = f.get("/executions");
    assert!(list.body.contains(&id));
}

#[test]
fn input_overrides_are_sent_with_start_step_and_recorded() {
    let f = fixture();
    let id = started(&f.post("/executions", RESTART));
    let r = f.post(
        &format!("/executions/{id}/signal"),
        "type=StartStep&step=stopInstances&input.DesiredState=running&input.InstanceIds=",
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let exec = f
        .console
        .with_service(|s| s.execution(&id))
        .expect("execution");
    let record = &exec.steps[0];
    assert_eq!(record.inputs["DesiredState"], "running");
    assert_eq!(
        record.overridden_parameters.keys().collect::<Vec<_>>(),
        ["DesiredState"]
    );
}

#[test]
fn a_simple_execution_runs_to_the_end() {
    let f = fixture();
    let form = RESTART.replace("mode=Interactive", "mode=Auto");
    let id = started(&f.post("/executions", &form));
    assert_eq!(f.status_of(&id), Status::Success);
}

#[test]
fn cancel_ends_a_waiting_execution() {
    let f = fixture();
    let id = started(&f.post("/executions", RESTART));
    f.post(&format!("/executions/{id}/stop"), "type=Cancel");
    assert_eq!(f.status_of(&id), Status::Cancelled);
}

#[test]
fn a_waiting_approval_offers_approve_and_reject() {
    let f = fixture();
    let form = "document=Example-ApproveThenStop&mode=Auto\
                &param.InstanceId=i-1234567890abcdef0&param.Approvers=arn:aws:iam::123456789012:user/ssmrun";
    let id = started(&f.post("/executions", form));
    let page = f.get(&format!("/executions/{id}"));
    assert!(page.body.contains("id=\"signal-approve\""), "{}", page.body);
    assert!(page.body.contains("id=\"signal-reject\""));
    let r = f.post(
        &format!("/executions/{id}/signal"),
        "type=Reject&comment=no",
    );
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(f.status_of(&id), Status::Failed);
}

#[test]
fn bad_requests_get_4xx_answers() {
    let f = fixture();
    let cases = [
        (f.get("/nowhere"), 404),
        (f.get("/documents/NoSuchDocument"), 404),
        (f.get("/documents/file:%2F%2F%2Fetc%2Fpasswd"), 404),
        (f.get("/executions/not-an-id"), 404),
        (f.get("/executions/x/signal"), 405),
        (f.post("/executions", "mode=Auto"), 400),
        (
            f.post(
                "/executions",
                "document=AWS-RestartEC2Instance&mode=Sideways",
            ),
            400,
        ),
        (
            f.post("/executions", "document=AWS-RestartEC2Instance&mode=Auto"),
            400,
        ),
        (f.post("/executions/x/signal", "type=Wave"), 400),
        (f.post("/executions/x/signal", "type=StartStep&step=a"), 404),
        (f.post("/executions/x/stop", "type=Pause"), 400),
        (
            f.console
                .handle(&Request::new(Method::Other, "/executions")),
            405,
        ),
    ];
    for (i, (r, status)) in cases.into_iter().enumerate() {
        assert_eq!(r.status, status, "case {i}: {}", r.body);
    }
}

#[test]
fn a_refused_signal_names_the_exception() {
    let f = fixture();
    let id = started(&f.post("/executions", RESTART));
    let r = f.post(
        &format!("/executions/{id}/signal"),
        "type=StartStep&step=nope",
    );
    assert_eq!(r.status, 404);
    assert!(
        r.body.contains("AutomationStepNotFoundException"),
        "{}",
        r.body
    );
    assert!(r.body.contains("nope"));
}

#[test]
fn the_host_must_be_a_loopback_name_with_the_port() {
    use super::server::host_is_local;
    assert!(host_is_local(Some("127.0.0.1:8080"), 8080));
    assert!(host_is_local(Some("localhost:8080"), 8080));
    assert!(!host_is_local(Some("evil.example:8080"), 8080));
    assert!(!host_is_local(Some("127.0.0.1:8081"), 8080));
    assert!(!host_is_local(None, 8080));
}
