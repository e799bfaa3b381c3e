//! A driver program running beside ssmrun: started once per process that needs it, spoken to
//! over its stdin and stdout (one line each way per call), and killed when dropped. A thread
//! reads its answers so that a driver that hangs costs a bounded wait, never a stuck run.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use super::protocol::{self, Greeting};
use crate::driver::ApiError;

/// Longest answer line read: a larger one is a broken driver, not a response.
const MAX_LINE_BYTES: u64 = 64 * 1024 * 1024;
/// Longest greeting read: a few fields, so anything longer is not a driver speaking.
const MAX_GREETING_BYTES: u64 = 64 * 1024;
/// How long the driver may take to start (boto3 imports in about a second).
const START_LIMIT: Duration = Duration::from_secs(60);
/// How long one call may take: boto3's own timeouts and retries end well before.
const CALL_LIMIT: Duration = Duration::from_secs(300);
/// The end of the driver's stderr kept for messages.
const STDERR_KEPT: usize = 2048;

/// How long a driver may take to greet, and to answer one call; a driver that takes longer
/// is broken, so that a hung driver costs a bounded wait.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub start: Duration,
    pub call: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            start: START_LIMIT,
            call: CALL_LIMIT,
        }
    }
}

pub struct DriverProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<Result<String, String>>,
    stderr: Arc<Mutex<String>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
    next_id: u64,
    call_limit: Duration,
    /// Set once the driver broke: every later call fails with it.
    broken: Option<String>,
    /// `boto3 1.44.8`, from the greeting.
    pub name: String,
}

impl DriverProcess {
    /// Starts `command` and reads its greeting. The error is one line saying what to do.
    pub fn start(command: Command, what: &str) -> Result<DriverProcess, String> {
        DriverProcess::start_within(command, what, Limits::default())
    }

    /// [`DriverProcess::start`] with other limits than the default ones.
    pub fn start_within(
        mut command: Command,
        what: &str,
        limits: Limits,
    ) -> Result<DriverProcess, String> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {what}: {e}"))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || read_lines(stdout, &tx));
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_reader = child.stderr.take().map(|pipe| {
            let kept = Arc::clone(&stderr);
            std::thread::spawn(move || keep_tail(pipe, &kept))
        });
        let mut process = DriverProcess {
            stdin: child.stdin.take(),
            child,
            lines,
            stderr,
            stderr_reader,
            next_id: 0,
            call_limit: limits.call,
            broken: None,
            name: String::new(),
        };
        let first = process.next_line(limits.start)?;
        match Greeting::parse(&first).map_err(|e| format!("{what} is not a driver: {e}"))? {
            Greeting::Ready { driver, version } => {
                process.name = format!("{driver} {version}").trim().to_string();
                Ok(process)
            }
            Greeting::Fatal(why) => Err(why),
        }
    }

    /// One call, answered by the driver; a broken driver is an `ApiError` too, so the step
    /// that made the call fails with the reason.
    pub fn call(
        &mut self,
        service: &str,
        operation: &str,
        params: &Value,
        region: &str,
    ) -> Result<Value, ApiError> {
        if let Some(why) = &self.broken {
            return Err(driver_failed(why));
        }
        self.next_id += 1;
        let id = self.next_id;
        let line = protocol::request(id, service, operation, params, region);
        let sent = self.stdin.as_mut().map(|stdin| {
            stdin
                .write_all(line.as_bytes())
                .and_then(|()| stdin.flush())
        });
        let answer = match sent {
            Some(Ok(())) => self
                .next_line(self.call_limit)
                .and_then(|line| protocol::answer(id, &line)),
            _ => Err(format!("the driver stopped reading{}", self.stderr_tail())),
        };
        answer.unwrap_or_else(|why| {
            let error = driver_failed(&why);
            self.broken = Some(why);
            self.kill();
            Err(error)
        })
    }

    fn next_line(&mut self, limit: Duration) -> Result<String, String> {
        match self.lines.recv_timeout(limit) {
            Ok(Ok(line)) => Ok(line),
            Ok(Err(why)) => Err(why),
            Err(RecvTimeoutError::Timeout) => Err(format!(
                "the driver did not answer within {} s",
                limit.as_secs()
            )),
            Err(RecvTimeoutError::Disconnected) => {
                // Its stderr says why it ended: let the reader collect it, for a bounded
                // time, as a process it started may hold the pipe open.
                let _ = self.child.wait();
                if let Some(reader) = &self.stderr_reader {
                    for _ in 0..100 {
                        if reader.is_finished() {
                            break;
                        }
                        std::thread::sleep(Duration::from_millis(10));
                    }
                }
                Err(format!("the driver ended{}", self.stderr_tail()))
            }
        }
    }

    fn stderr_tail(&self) -> String {
        let text = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        match text.lines().rev().find(|l| !l.trim().is_empty()) {
            Some(last) => format!(": {}", last.trim()),
            None => String::new(),
        }
    }

    fn kill(&mut self) {
        self.stdin = None;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for DriverProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

fn driver_failed(why: &str) -> ApiError {
    ApiError::new("DriverFailed", format!("the API driver failed: {why}"))
}

fn read_lines(stdout: impl Read, lines: &mpsc::Sender<Result<String, String>>) {
    let mut reader = BufReader::new(stdout);
    let mut first = true;
    loop {
        let limit = if first {
            MAX_GREETING_BYTES
        } else {
            MAX_LINE_BYTES
        };
        let mut line = Vec::new();
        match (&mut reader).take(limit + 1).read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(n) if n as u64 > limit => {
                let _ = lines.send(Err(if first {
                    format!("its first line is longer than {} KiB", limit >> 10)
                } else {
                    format!("an answer is longer than {} MiB", limit >> 20)
                }));
                return;
            }
            Ok(_) => {
                let text = String::from_utf8_lossy(&line).into_owned();
                if lines.send(Ok(text)).is_err() {
                    return;
                }
                first = false;
            }
        }
    }
}

fn keep_tail(stderr: impl Read, kept: &Mutex<String>) {
    let reader = BufReader::new(stderr);
    for line in reader.lines().map_while(Result::ok) {
        let Ok(mut kept) = kept.lock() else { return };
        kept.push_str(&line);
        kept.push('\n');
        if kept.len() > STDERR_KEPT {
            let cut = kept.len() - STDERR_KEPT;
            let cut = (cut..kept.len())
                .find(|&i| kept.is_char_boundary(i))
                .unwrap_or(0);
            kept.drain(..cut);
        }
    }
}
