//! A small mutation engine on the stable toolchain: a seeded xorshift generator, byte- and
//! token-level mutations, and splicing between seeds. No coverage feedback; the seeds (our
//! runbooks and the public corpus) already reach deep into every front end.

/// xorshift64*: fast, reproducible from its seed, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Fragments that matter to our grammars: YAML and JSON structure, templates, selectors,
/// shorthand, huge numbers and deep nesting.
const TOKENS: &[&str] = &[
    "{{ ",
    " }}",
    "{{",
    "}}",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\t",
    "'",
    "\"",
    "&a ",
    "*a",
    "!!str ",
    "|\n  ",
    ">-\n  ",
    "? ",
    "#",
    ",",
    "=",
    "$.",
    "$..",
    "[*]",
    "[?(@",
    "..",
    "\\u0000",
    "\u{feff}",
    "é",
    "0.3",
    "-1",
    "0",
    "9223372036854775807",
    "99999999999999999999",
    "1e400",
    "NaN",
    "true",
    "null",
    "~",
    "aws:sleep",
    "aws:executeAutomation",
    "aws:branch",
    "aws:loop",
    "aws:approve",
    "aws:waitForAwsResourceProperty",
    "nextStep: ",
    "isEnd: true",
    "onFailure: step:",
    "maxAttempts: ",
    "timeoutSeconds: ",
    "Choices:",
    "Variable: ",
    "StringEquals: ",
    "And: ",
    "Or: ",
    "Not: ",
    "NextStep: ",
    "{{ global:DATE }}",
    "{{ automation:EXECUTION_ID }}",
    "{{ ssm:/a }}",
    "{{ variable:v }}",
    "Name=a,Values=b",
    "Key=k,Value=v",
    "file://",
    "[[[[[[[[",
    "]]]]]]]]",
    "{{{{",
    "((((",
];

/// One mutated input from `seeds`: one to eight mutations of a random seed.
pub fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..=rng.below(8) {
        mutate_once(rng, &mut data, seeds);
    }
    data
}

fn mutate_once(rng: &mut Rng, data: &mut Vec<u8>, seeds: &[Vec<u8>]) {
    let len = data.len();
    let at = rng.below(len + 1);
    match rng.below(9) {
        0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
        1 if len > 0 => data[at.min(len - 1)] = rng.next() as u8,
        2 => {
            let end = (at + rng.below(64)).min(len);
            data.drain(at..end);
        }
        3 => {
            let token = TOKENS[rng.below(TOKENS.len())];
            data.splice(at..at, token.bytes());
        }
        4 => {
            // Repeat a slice: long lines, deep nesting, many references.
            let end = (at + 1 + rng.below(16)).min(len);
            if at < end {
                let piece = data[at..end].to_vec();
                let most = if rng.below(16) == 0 { 5000 } else { 8 };
                let times = 1 + rng.below(most);
                for _ in 0..times {
                    data.splice(end..end, piece.iter().copied());
                }
            }
        }
        5 => {
            // Splice in a piece of another seed.
            let other = &seeds[rng.below(seeds.len())];
            let from = rng.below(other.len());
            let to = (from + rng.below(256)).min(other.len());
            data.splice(at..at, other[from..to].iter().copied());
        }
        6 if len > 1 => {
            // Swap two lines' order by moving a chunk.
            let end = (at + rng.below(128)).min(len);
            let chunk: Vec<u8> = data.drain(at..end).collect();
            let to = rng.below(data.len() + 1);
            data.splice(to..to, chunk);
        }
        7 => {
            let digits = format!("{}", rng.next());
            data.splice(at..at, digits.bytes());
        }
        _ => data.truncate(at),
    }
}
