#!/usr/bin/env bash
# Benchmark `brief serve`'s incremental rebuild after a one-note edit
# against a full build, on the 10,000-note corpus.
#
#   bash tools/bench-serve.sh            # corpus and results in /tmp/brief-bench
#   BENCH_DIR=/some/dir RUNS=7 bash tools/bench-serve.sh
#
# Times (1) `brief build` (every format, and html,json only) with the real
# binary, and (2) tools/bench_serve.rs: the serve engine's full build and
# its rebuild after editing one note, in one process. Results:
# $BENCH_DIR/results/serve.txt. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/brief-bench}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
RESULTS="$BENCH_DIR/results"
dir="$BENCH_DIR/notes-10000"
mkdir -p "$RESULTS"

echo "--- build (release)"
cargo build --release --quiet --bin brief --example gen-corpus --example bench-serve
BRIEF=$PWD/target/release/brief

[ -f "$dir/brief.yaml" ] || ./target/release/examples/gen-corpus --notes 10000 --briefs 40 --seed "$SEED" --out "$dir"
"$BRIEF" check --quiet --root "$dir"

# Best (least disturbed) of $RUNS wall-clock runs, in milliseconds.
best_of() {
  local best=""
  for _ in $(seq "$RUNS"); do
    local start end ms
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

{
  echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes in src/')"
  echo "cores:   $(nproc)"
  echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "brief build (html, pdf, json), best of $RUNS: $(best_of "$BRIEF" build --quiet --root "$dir" --out "$BENCH_DIR/out-full") ms"
  echo "brief build --format html,json, best of $RUNS: $(best_of "$BRIEF" build --quiet --format html,json --root "$dir" --out "$BENCH_DIR/out-html") ms"
  echo "--- serve engine (html,json):"
  ./target/release/examples/bench-serve "$dir" "$RUNS" html,json
} | tee "$RESULTS/serve.txt"
echo "results in $RESULTS/serve.txt"
