//! What the console tests share: `ssmrun console` started in a sandbox (stopped when dropped)
//! and a small HTTP/1.1 client over a socket, enough for the console and a WebDriver.

use crate::harness::{Sandbox, bin};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ChildStdout;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `ssmrun console` on a free port, over the sandbox's store.
pub struct ConsoleProcess {
    child: Child,
    /// Kept open: the console must be able to write to its standard output.
    _stdout: BufReader<ChildStdout>,
    pub url: String,
}

impl ConsoleProcess {
    pub fn start(sandbox: &Sandbox) -> ConsoleProcess {
        let mut child = Command::new(bin())
            .args(["console", "--port", "0"])
            .current_dir(sandbox.path())
            .env("SSMRUN_HOME", sandbox.path().join(".ssmrun"))
            .env("SSMRUN_DETERMINISTIC", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start `ssmrun console`");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        stdout
            .read_line(&mut first)
            .expect("the console prints its URL");
        let url = first.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
            "first line: {url:?}"
        );
        ConsoleProcess {
            child,
            _stdout: stdout,
            url,
        }
    }

    /// `path` under the console's URL.
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path.trim_start_matches('/'))
    }
}

impl Drop for ConsoleProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One request on a fresh connection (`Connection: close`), with `extra` headers. Reads are
/// bounded so that a server that never answers fails the test instead of hanging it.
pub fn http(method: &str, url: &str, extra: &[(&str, &str)], body: &str) -> Answer {
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream =
        TcpStream::connect(authority).unwrap_or_else(|e| panic!("connect to {authority}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .expect("timeout");
    let mut head = format!(
        "{method} /{path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("Host")) {
        head.push_str(&format!("Host: {authority}\r\n"));
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).expect("send head");
    stream.write_all(body.as_bytes()).expect("send body");
    parse_answer(&read_answer(&mut stream))
}

/// Reads one answer: up to its `Content-Length`, to the last chunk, or to the end of the
/// stream (some servers keep the connection open after the answer despite `close`).
fn read_answer(stream: &mut TcpStream) -> Vec<u8> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            let body = &raw[split + 4..];
            let done = match length {
                Some(n) => body.len() >= n,
                None if head.contains("chunked") => body.ends_with(b"0\r\n\r\n"),
                None => false,
            };
            if done {
                return raw;
            }
        }
        match stream.read(&mut buf) {
            Ok(0) => return raw,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) => panic!("read answer: {e}"),
        }
    }
}

fn parse_answer(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an HTTP head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if size == 0 || data.len() < end + 2 + size {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[(end + 4 + size).min(data.len())..];
    }
    out
}

/// The form token of a console page.
pub fn token_of(page: &str) -> String {
    let marker = "name=\"token\" value=\"";
    let start = page.find(marker).expect("a page with a form token") + marker.len();
    page[start..]
        .split('"')
        .next()
        .expect("token value")
        .to_string()
}
