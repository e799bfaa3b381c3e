//! The console driven through a real browser, as a person would follow the manual execution
//! procedure: open the console, choose AWS-RestartEC2Instance, choose Manual execution, give
//! the default world's instance, Execute, "Execute this step" for both steps, "Complete and
//! view results", and see Success. Then the `ssm` commands on the same store must show the
//! same execution with Success.
//!
//! Headless Chromium through chromedriver (the WebDriver protocol, spoken over the small
//! HTTP client of `console_support`). Skipped with a reason when either is missing, unless
//! SSMRUN_CI_FULL=1 says they must be there. With UPDATE_GOLDEN=1 the final page's
//! screenshot replaces docs/console.png, the README's picture.

use crate::console_support::{ConsoleProcess, http};
use crate::harness::Sandbox;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const INSTANCE: &str = "i-1234567890abcdef0";

#[test]
fn console_in_a_browser_runs_restart_manually_to_success() {
    let Some((chromium, driver)) = browser() else {
        return;
    };
    let sb = Sandbox::new();
    let console = ConsoleProcess::start(&sb);
    let wd = WebDriver::start(&driver, &chromium);
    wd.go(&console.url);
    wd.click(&wd.find("link text", "AWS-RestartEC2Instance"));
    wd.click(&wd.css("#mode-manual"));
    let field = wd.css("#p-InstanceId");
    wd.post(&format!("element/{field}/clear"), json!({}));
    wd.post(
        &format!("element/{field}/value"),
        json!({ "text": INSTANCE }),
    );
    wd.click(&wd.css("#execute"));
    wd.wait_for_text(".summary .status", "Waiting");
    for step in ["stopInstances", "startInstances"] {
        wd.click(&wd.css(&format!("#execute-{step}")));
        wd.wait_for_text(&format!("#step-{step} .status"), "Success");
    }
    wd.click(&wd.css("button.complete"));
    wd.wait_for_text(".summary .status", "Success");
    let png = wd.screenshot();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    let target = if std::env::var_os("UPDATE_GOLDEN").is_some() {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/console.png")
    } else {
        sb.path().join("console.png")
    };
    std::fs::write(&target, &png).expect("write the screenshot");
    let page_url = wd.get("url").as_str().unwrap_or_default().to_string();
    let id = page_url.rsplit('/').next().unwrap_or_default().to_string();
    drop(wd);
    // The terminal sees what the browser did.
    let got = sb
        .cmd([
            "ssm",
            "get-automation-execution",
            "--automation-execution-id",
            &id,
        ])
        .status(0)
        .run()
        .json();
    let exec = &got["AutomationExecution"];
    assert_eq!(exec["AutomationExecutionStatus"], "Success", "{got}");
    assert_eq!(exec["Mode"], "Interactive");
    let steps: Vec<(&str, &str)> = exec["StepExecutions"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s["StepName"].as_str().unwrap_or_default(),
                s["StepStatus"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [("stopInstances", "Success"), ("startInstances", "Success")]
    );
}

/// Chromium and chromedriver, or None after saying why the test is skipped.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| on_path(n));
    let driver = on_path("chromedriver");
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ => {
            let reason = "chromium and chromedriver are needed (Debian: chromium chromium-driver)";
            assert!(
                std::env::var("SSMRUN_CI_FULL").as_deref() != Ok("1"),
                "SSMRUN_CI_FULL=1 but {reason}"
            );
            eprintln!("skipped: {reason}");
            None
        }
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// One chromedriver process with one headless browser session; both end when dropped.
struct WebDriver {
    process: Child,
    base: String,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl WebDriver {
    fn start(driver: &PathBuf, chromium: &PathBuf) -> WebDriver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let process = Command::new(driver)
            .args([format!("--port={port}"), "--silent".to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let root = format!("http://127.0.0.1:{port}/");
        let mut wd = WebDriver {
            process,
            base: String::new(),
        };
        // chromedriver takes a moment to listen; ask until it says it is ready.
        let ready = (0..400).any(|_| {
            std::thread::sleep(Duration::from_millis(50));
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
                && call("GET", &format!("{root}status"), None)["ready"] == true
        });
        assert!(ready, "chromedriver never became ready");
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--disable-background-networking",
                         "--window-size=1280,1100"]
            },
            "timeouts": { "implicit": 20000, "pageLoad": 60000 }
        }}});
        let session = call("POST", &format!("{root}session"), Some(caps));
        let id = session["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {session}"));
        wd.base = format!("{root}session/{id}/");
        wd
    }

    fn post(&self, path: &str, body: Value) -> Value {
        call("POST", &format!("{}{path}", self.base), Some(body))
    }

    fn get(&self, path: &str) -> Value {
        call("GET", &format!("{}{path}", self.base), None)
    }

    fn go(&self, url: &str) {
        self.post("url", json!({ "url": url }));
    }

    /// The element `value` finds with strategy `using` (the session waits for it to appear).
    fn find(&self, using: &str, value: &str) -> String {
        let found = self.post("element", json!({ "using": using, "value": value }));
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element `{value}`: {found}"))
            .to_string()
    }

    fn css(&self, selector: &str) -> String {
        self.find("css selector", selector)
    }

    fn click(&self, element: &str) {
        self.post(&format!("element/{element}/click"), json!({}));
    }

    /// Waits until the element `selector` finds shows `text`: a click on a form button
    /// returns while the next page may still be loading.
    fn wait_for_text(&self, selector: &str, text: &str) {
        let mut last = Value::Null;
        for _ in 0..400 {
            let found = self.post(
                "elements",
                json!({ "using": "css selector", "value": selector }),
            );
            if let Some(e) = found.get(0).and_then(|e| e[ELEMENT].as_str()) {
                // The element may belong to the page being replaced: then ask again.
                let url = format!("{}element/{e}/text", self.base);
                if let Ok(shown) = try_call("GET", &url, None) {
                    last = shown;
                    if last == text {
                        return;
                    }
                }
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("`{selector}` never showed `{text}` (last: {last})");
    }

    fn screenshot(&self) -> Vec<u8> {
        let encoded = self.get("screenshot");
        base64_decode(encoded.as_str().expect("base64 text"))
    }
}

impl Drop for WebDriver {
    fn drop(&mut self) {
        if !self.base.is_empty() {
            let _ = http("DELETE", self.base.trim_end_matches('/'), &[], "");
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A WebDriver command: its `value`, or a panic with the driver's error.
fn call(method: &str, url: &str, body: Option<Value>) -> Value {
    try_call(method, url, body).unwrap_or_else(|e| panic!("{method} {url}: {e}"))
}

/// A WebDriver command: its `value`, or the status and body of the driver's error.
fn try_call(method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    let text = body.map(|b| b.to_string()).unwrap_or_default();
    let headers: &[(&str, &str)] = if text.is_empty() {
        &[]
    } else {
        &[("Content-Type", "application/json")]
    };
    let answer = http(method, url, headers, &text);
    if answer.status != 200 {
        return Err(format!("{} {}", answer.status, answer.body));
    }
    let parsed: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
    Ok(parsed["value"].clone())
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}
