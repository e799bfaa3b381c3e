//! One running script: its pipes serviced while it runs, its calls answered by the driver,
//! its time limit enforced from the start of the process, and everything it started killed
//! when it ends, times out, or ssmrun is interrupted.
//!
//! Threads do the blocking I/O (writing the job to stdin, reading stdout, stderr and the
//! runner's requests, writing answers); this thread only waits on a queue with a deadline,
//! so no full pipe on either side can stall the run past its time limit.

use super::ScriptError;
use super::capture::Capture;
use super::interrupt::Guard;
use super::launch::{Launch, Running};
use super::report::{self, Raised};
use super::runtime::Interpreter;
use crate::driver::CloudDriver;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::ExitStatus;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Longest line the runner may send (a request or the result).
pub const MAX_MESSAGE_BYTES: u64 = 16 * 1024 * 1024;
/// How often the wait for the runner looks at signals.
const TICK: Duration = Duration::from_millis(100);
/// After the runner has ended, how long output still held open by others is awaited.
const DRAIN: Duration = Duration::from_secs(2);

enum Event {
    Message(Value),
    Garbled(String),
    Closed,
}

pub struct Session {
    running: Running,
    events: Receiver<Event>,
    answers: Sender<Vec<u8>>,
    stdout: JoinHandle<Capture>,
    stderr: JoinHandle<Capture>,
    started: Instant,
    limit: Duration,
}

/// How the conversation with the runner ended.
enum End {
    Returned(Value),
    Raised(Raised),
    Silent,
    TimedOut,
    Interrupted(i32),
    Broken(String),
}

impl Session {
    pub fn start(launch: Launch, input: &Value, limit: Duration) -> Result<Session, ScriptError> {
        let started = Instant::now();
        let mut running = launch.spawn().map_err(|e| {
            ScriptError::Unavailable(format!("cannot start the script's interpreter: {e}"))
        })?;
        let job = input.to_string().into_bytes();
        if let Some(mut stdin) = running.child.stdin.take() {
            // A runner that dies before reading leaves this write to fail, not to block us.
            std::thread::spawn(move || {
                quiet_broken_pipes();
                let _ = stdin.write_all(&job);
            });
        }
        let take = |s: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || s.map(Capture::read_all).unwrap_or_default())
        };
        let stdout = take(running.child.stdout.take().map(|s| Box::new(s) as _));
        let stderr = take(running.child.stderr.take().map(|s| Box::new(s) as _));
        let (events_tx, events) = mpsc::channel();
        let requests = running
            .requests
            .try_clone()
            .map_err(|e| ScriptError::Unavailable(format!("cannot read from the script: {e}")))?;
        std::thread::spawn(move || read_messages(requests, &events_tx));
        let (answers, answers_rx) = mpsc::channel::<Vec<u8>>();
        let mut out = running
            .answers
            .try_clone()
            .map_err(|e| ScriptError::Unavailable(format!("cannot write to the script: {e}")))?;
        std::thread::spawn(move || {
            quiet_broken_pipes();
            for line in answers_rx {
                if out.write_all(&line).is_err() {
                    break;
                }
            }
        });
        Ok(Session {
            running,
            events,
            answers,
            stdout,
            stderr,
            started,
            limit,
        })
    }

    /// Answer the runner until it reports, then collect its end.
    pub fn serve(
        mut self,
        driver: &mut dyn CloudDriver,
        python: &Interpreter,
        guard: &Guard,
    ) -> Result<Value, ScriptError> {
        let mut clock = Clock::default();
        let end = self.converse(driver, &mut clock, guard);
        // The runner exits by itself after reporting; whatever it left running goes now.
        let status = self.wait_exit(matches!(end, End::TimedOut | End::Interrupted(_)));
        self.running.kill();
        clock.sync(driver, self.started.elapsed());
        if matches!(end, End::TimedOut) || (matches!(end, End::Silent) && status.is_none()) {
            clock.reach_limit(driver, self.limit);
        }
        let stderr = join(self.stderr);
        let _ = join(self.stdout);
        let seconds = self.limit.as_secs();
        match end {
            End::Returned(value) => Ok(value),
            // Closed its channel but kept running until the limit.
            End::Silent if status.is_none() => Err(ScriptError::TimedOut(format!(
                "Step timed out after {seconds} seconds: the script was stopped"
            ))),
            End::Interrupted(signal) => Err(ScriptError::Failed(format!(
                "the script was stopped because ssmrun received signal {signal}"
            ))),
            End::TimedOut => Err(ScriptError::TimedOut(format!(
                "Step timed out after {seconds} seconds: the script was stopped"
            ))),
            End::Raised(raised) => Err(ScriptError::Failed(report::failure(
                Some(&raised),
                status,
                &stderr,
                python,
            ))),
            End::Silent => Err(ScriptError::Failed(report::failure(
                None, status, &stderr, python,
            ))),
            End::Broken(why) => Err(ScriptError::Failed(why)),
        }
    }

    fn converse(&mut self, driver: &mut dyn CloudDriver, clock: &mut Clock, guard: &Guard) -> End {
        loop {
            let used = self.started.elapsed() + clock.slept;
            let Some(left) = self.limit.checked_sub(used).filter(|d| !d.is_zero()) else {
                return End::TimedOut;
            };
            if let Some(signal) = guard.received() {
                return End::Interrupted(signal);
            }
            let event = match self.events.recv_timeout(left.min(TICK)) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => Event::Closed,
            };
            let message = match event {
                Event::Message(message) => message,
                Event::Garbled(why) => return End::Broken(why),
                Event::Closed => return End::Silent,
            };
            if let Some(value) = message.get("result") {
                return End::Returned(value.clone());
            }
            if let Some(error) = message.get("error") {
                return serde_json::from_value(error.clone())
                    .map(End::Raised)
                    .unwrap_or_else(|e| {
                        End::Broken(format!("the script's runner sent a bad report: {e}"))
                    });
            }
            if let Some(call) = message.get("call") {
                clock.sync(driver, self.started.elapsed());
                self.answer(&call_driver(driver, call));
            } else if let Some(seconds) = message.get("sleep").and_then(Value::as_f64) {
                let asked = Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX);
                if asked >= left {
                    clock.sleep(driver, left);
                    return End::TimedOut;
                }
                clock.sleep(driver, asked);
                self.answer(&json!({ "slept": seconds }));
            } else {
                let shown: String = message.to_string().chars().take(200).collect();
                return End::Broken(format!(
                    "the script's runner sent an unknown message: {shown}"
                ));
            }
        }
    }

    fn answer(&self, value: &Value) {
        let mut line = value.to_string().into_bytes();
        line.push(b'\n');
        let _ = self.answers.send(line);
    }

    /// The runner's exit status, waiting for it within the time limit (not at all when it is
    /// to be stopped).
    fn wait_exit(&mut self, stop: bool) -> Option<ExitStatus> {
        let deadline = self.started + self.limit;
        loop {
            if let Ok(Some(status)) = self.running.child.try_wait() {
                return Some(status);
            }
            if stop || Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

/// The simulated clock's view of the script: real running time plus the sleeps it asked for.
#[derive(Default)]
struct Clock {
    slept: Duration,
    /// Real time already accounted for.
    synced: Duration,
    /// Milliseconds added to the driver's clock so far. Advancing to a running total, rather
    /// than by each truncated piece, keeps the pieces' rounding from adding up: a script
    /// stopped at its 20 s limit has taken 20 s, not 19.999.
    advanced: i64,
}

impl Clock {
    fn sync(&mut self, driver: &mut dyn CloudDriver, elapsed: Duration) {
        // On the wall clock the script's running time has passed already.
        if elapsed > self.synced && !driver.follows_real_clock() {
            self.synced = elapsed;
            self.catch_up(driver);
        }
    }

    fn sleep(&mut self, driver: &mut dyn CloudDriver, length: Duration) {
        self.slept += length;
        if driver.follows_real_clock() {
            driver.advance(millis(length));
        } else {
            self.catch_up(driver);
        }
    }

    /// A script stopped at its limit has used all of it, whatever the last sync measured.
    fn reach_limit(&mut self, driver: &mut dyn CloudDriver, limit: Duration) {
        if !driver.follows_real_clock() && self.synced + self.slept < limit {
            self.synced = limit.saturating_sub(self.slept);
            self.catch_up(driver);
        }
    }

    fn catch_up(&mut self, driver: &mut dyn CloudDriver) {
        let total = millis(self.synced.saturating_add(self.slept));
        if total > self.advanced {
            driver.advance(total - self.advanced);
            self.advanced = total;
        }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// One AWS call of the script, answered by the run's driver.
fn call_driver(driver: &mut dyn CloudDriver, call: &Value) -> Value {
    let field = |name: &str| call.get(name).and_then(Value::as_str).unwrap_or_default();
    let params = call.get("params").cloned().unwrap_or_else(|| json!({}));
    match driver.call(field("service"), field("operation"), &params) {
        Ok(response) => json!({ "response": response }),
        Err(e) => json!({ "error": { "code": e.code, "message": e.message } }),
    }
}

fn read_messages(requests: std::fs::File, events: &Sender<Event>) {
    let mut reader = BufReader::new(requests);
    loop {
        let mut line = Vec::new();
        let read = (&mut reader)
            .take(MAX_MESSAGE_BYTES + 1)
            .read_until(b'\n', &mut line);
        let event = match read {
            Ok(0) | Err(_) => Event::Closed,
            Ok(_) if line.len() as u64 > MAX_MESSAGE_BYTES => Event::Garbled(format!(
                "the script sent a message over {} MiB to ssmrun",
                MAX_MESSAGE_BYTES / (1024 * 1024)
            )),
            Ok(_) => match serde_json::from_slice(&line) {
                Ok(value) => Event::Message(value),
                Err(e) => Event::Garbled(format!(
                    "the script sent ssmrun a line that is not JSON: {e}"
                )),
            },
        };
        let last = !matches!(event, Event::Message(_));
        if events.send(event).is_err() || last {
            return;
        }
    }
}

/// In this thread, a write to a runner that has died fails with `EPIPE` instead of raising
/// SIGPIPE, whose default action (kept by `main` for `ssmrun … | head`) would end ssmrun.
fn quiet_broken_pipes() {
    // SAFETY: building a signal set and blocking it for the calling thread only.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGPIPE);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// A reader's capture, unless something outside the runner still holds the pipe open.
fn join(reader: JoinHandle<Capture>) -> Capture {
    let deadline = Instant::now() + DRAIN;
    while !reader.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    if reader.is_finished() {
        reader.join().unwrap_or_default()
    } else {
        Capture::default()
    }
}
