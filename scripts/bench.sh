#!/usr/bin/env bash
# Build the release binary, then run every benchmark in benches/bench.rs and print a table.
#
#   scripts/bench.sh                 # all benchmarks (a few minutes)
#   scripts/bench.sh --quick         # fewer runs each
#   scripts/bench.sh signal steps    # only benchmarks whose name contains one of the words
#
# Honours CARGO_TARGET_DIR. SSMRUN_BIN overrides the binary under test; SSMRUN_CORPUS the
# corpus directory (default ../shared/corpus/docs, relative to the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --bin ssmrun
target_dir="${CARGO_TARGET_DIR:-target}"
export SSMRUN_BIN="${SSMRUN_BIN:-$target_dir/release/ssmrun}"
cargo bench --bench bench -- "$@"
