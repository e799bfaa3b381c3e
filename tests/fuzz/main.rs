//! Mutation fuzzing on the stable toolchain (issue 11). Each target runs for
//! `SSMRUN_FUZZ_SECONDS` (default 10) from seed `SSMRUN_FUZZ_SEED` (default: the time);
//! every target is ignored by `cargo test` and run by `.ci/run`:
//!
//!     cargo test --test fuzz -- --ignored --test-threads 1
//!
//! A panic, or an input running longer than `SSMRUN_FUZZ_HANG_SECONDS` (default 30), fails
//! the target and leaves the input in `target/fuzz-findings/` (a stack overflow aborts the
//! process and leaves it as `<target>-last.bin`). A long campaign runs the same targets on
//! a release build, each target printing its count, rate and slowest input:
//!
//!     SSMRUN_FUZZ_SECONDS=600 nice -n 19 cargo test --release --test fuzz -- --ignored --test-threads 1 --nocapture
//!
//! docs/limits.md records the last long campaign.

mod mutate;
mod seeds;
mod targets;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn findings_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings")
}

fn save(target: &str, kind: &str, input: &[u8]) -> std::path::PathBuf {
    let dir = findings_dir();
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{target}-{kind}-{}.bin", input.len()));
    let _ = std::fs::write(&path, input);
    path
}

fn campaign(name: &str) {
    let target = targets::TARGETS
        .iter()
        .find(|t| t.name == name)
        .expect("a known target");
    let seconds = env_u64("SSMRUN_FUZZ_SECONDS", 10);
    let hang = Duration::from_secs(env_u64("SSMRUN_FUZZ_HANG_SECONDS", 30));
    let seed = env_u64(
        "SSMRUN_FUZZ_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    );
    let seeds = (target.seeds)();
    assert!(!seeds.is_empty(), "target `{name}` has no seeds");
    // A watchdog sees the current input and its start; a hang saves it and ends the process.
    let current: Arc<Mutex<(Instant, Vec<u8>)>> =
        Arc::new(Mutex::new((Instant::now(), Vec::new())));
    let done = Arc::new(AtomicU64::new(0));
    {
        let (current, done, name) = (current.clone(), done.clone(), name.to_string());
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(200));
                if done.load(Ordering::Relaxed) == u64::MAX {
                    return;
                }
                let guard = current.lock().unwrap_or_else(|e| e.into_inner());
                if guard.0.elapsed() > hang {
                    let path = save(&name, "hang", &guard.1);
                    eprintln!(
                        "fuzz `{name}`: an input ran over {hang:?}; saved to {}",
                        path.display()
                    );
                    std::process::exit(101);
                }
            }
        });
    }
    let mut rng = mutate::Rng::new(seed);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut inputs, mut slowest, mut slowest_len) = (0u64, Duration::ZERO, 0usize);
    // Seeds first, unmutated, then mutations until the time is up.
    let mut queue = seeds.clone().into_iter();
    // A stack overflow aborts the process before any handler runs: the input it died on
    // is the last one written here.
    let _ = std::fs::create_dir_all(findings_dir());
    let last = findings_dir().join(format!("{name}-last.bin"));
    // Opened once and overwritten in place: a fresh file per input costs more than most
    // inputs take to run.
    let last_file = std::fs::File::create(&last).expect("create the last-input file");
    while Instant::now() < deadline {
        let input = queue
            .next()
            .unwrap_or_else(|| mutate::mutate(&mut rng, &seeds));
        {
            let mut guard = current.lock().unwrap_or_else(|e| e.into_inner());
            *guard = (Instant::now(), input.clone());
        }
        remember(&last_file, &input);
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| (target.run)(&input));
        let took = started.elapsed();
        if outcome.is_err() {
            let path = save(name, "crash", &input);
            done.store(u64::MAX, Ordering::Relaxed);
            panic!(
                "fuzz `{name}` (seed {seed}): a panic after {inputs} inputs; input saved to {}",
                path.display()
            );
        }
        if took > slowest {
            slowest = took;
            slowest_len = input.len();
        }
        inputs += 1;
        // Keep the watchdog quiet between inputs.
        current.lock().unwrap_or_else(|e| e.into_inner()).0 = Instant::now();
    }
    done.store(u64::MAX, Ordering::Relaxed);
    drop(last_file);
    let _ = std::fs::remove_file(&last);
    eprintln!(
        "fuzz `{name}`: seed {seed}, {inputs} inputs in {seconds} s ({:.0}/s), 0 crashes, slowest {:.3} s ({slowest_len} bytes)",
        inputs as f64 / seconds.max(1) as f64,
        slowest.as_secs_f64()
    );
}

/// Leaves `input` as the whole content of `file`.
fn remember(file: &std::fs::File, input: &[u8]) {
    use std::os::unix::fs::FileExt;
    let _ = file.write_all_at(input, 0);
    let _ = file.set_len(input.len() as u64);
}

macro_rules! fuzz_targets {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            #[ignore = "fuzzing; run by .ci/run with --ignored"]
            fn $test() {
                campaign($name);
            }
        )*
    };
}

fuzz_targets! {
    fuzz_parse => "parse",
    fuzz_validate => "validate",
    fuzz_shorthand => "shorthand",
    fuzz_template => "template",
    fuzz_selector => "selector",
    fuzz_condition => "condition",
    fuzz_world => "world",
    fuzz_mocks => "mocks",
    fuzz_run => "run",
}
