//! A script's stdout or stderr, read while it runs so that a chatty script never blocks on
//! a full pipe. Only the end is kept (failure messages quote it); the rest is counted.

use std::io::Read;

/// Bytes kept of each stream.
pub const KEPT_BYTES: usize = 64 * 1024;

#[derive(Debug, Default)]
pub struct Capture {
    tail: Vec<u8>,
    /// Everything the stream carried, kept or not.
    pub total: u64,
}

impl Capture {
    /// Read `stream` to its end.
    pub fn read_all(mut stream: impl Read) -> Capture {
        let mut capture = Capture::default();
        let mut chunk = vec![0u8; 16 * 1024];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => capture.push(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => break,
            }
        }
        capture
    }

    fn push(&mut self, bytes: &[u8]) {
        self.total += bytes.len() as u64;
        self.tail.extend_from_slice(bytes);
        // Trim in batches, so that a stream of small writes costs linear time.
        if self.tail.len() > 2 * KEPT_BYTES {
            let cut = self.tail.len() - KEPT_BYTES;
            self.tail.drain(..cut);
        }
    }

    /// The last `lines` lines, at most `bytes` long in all, and how many lines they are of.
    pub fn last_lines(&self, lines: usize, bytes: usize) -> (Vec<String>, usize) {
        let start = self.tail.len().saturating_sub(KEPT_BYTES);
        let text = String::from_utf8_lossy(&self.tail[start..]);
        let all: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let mut kept = Vec::new();
        let mut size = 0;
        for line in all.iter().rev().take(lines) {
            size += line.len();
            if size > bytes && !kept.is_empty() {
                break;
            }
            kept.push(cut(line, bytes));
        }
        kept.reverse();
        (kept, all.len())
    }
}

fn cut(line: &str, bytes: usize) -> String {
    if line.len() <= bytes {
        return line.to_string();
    }
    let mut end = bytes;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &line[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_end_and_counts_everything() {
        let text: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
        let capture = Capture::read_all(text.as_bytes());
        assert_eq!(capture.total, text.len() as u64);
        assert!(capture.tail.len() <= 2 * KEPT_BYTES);
        let (lines, _) = capture.last_lines(2, 1000);
        assert_eq!(lines, ["line 99998", "line 99999"]);
    }

    #[test]
    fn long_lines_are_cut_to_the_byte_budget() {
        let capture = Capture::read_all("é".repeat(3000).as_bytes());
        let (lines, count) = capture.last_lines(5, 11);
        assert_eq!(count, 1);
        assert_eq!(lines, [format!("{}…", "é".repeat(5))]);
    }
}
