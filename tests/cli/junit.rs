//! JUnit reports checked by a real XML parser (python3's standard library): well-formed, and
//! the totals agree with the test cases they sum up.

use std::io::Write;
use std::process::{Command, Stdio};

const CHECK: &str = r#"
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
assert root.tag == "testsuites", root.tag
cases = root.findall("./testsuite/testcase")
failed = [c for c in cases if c.find("failure") is not None]
assert int(root.get("tests")) == len(cases), (root.get("tests"), len(cases))
assert int(root.get("failures")) == len(failed), (root.get("failures"), len(failed))
for suite in root.findall("testsuite"):
    assert int(suite.get("tests")) == len(suite.findall("testcase"))
print(len(cases), len(failed))
"#;

/// Parse `xml`, check its totals, return (test cases, failed cases).
pub fn assert_well_formed(xml: &str) -> (usize, usize) {
    let mut child = Command::new("python3")
        .args(["-c", CHECK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed to check JUnit reports");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(xml.as_bytes())
        .expect("write report");
    let out = child.wait_with_output().expect("python3");
    assert!(
        out.status.success(),
        "not a valid JUnit report: {}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut n = counts.split_whitespace().map(|w| w.parse().unwrap_or(0));
    (n.next().unwrap_or(0), n.next().unwrap_or(0))
}
