#!/usr/bin/env bash
# Benchmark `brief check` against merely parsing the same notes (parse-only).
#
#   bash tools/bench-check.sh            # corpora and results in /tmp/brief-bench
#   BENCH_DIR=/some/dir bash tools/bench-check.sh
#
# Generates two deterministic corpora (1,000 notes in 10 briefs; 10,000 notes
# in 40 briefs), builds release binaries, runs hyperfine on both commands for
# each corpus and exports markdown tables, then records peak memory with
# /usr/bin/time -v. Results: $BENCH_DIR/results/. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR=${BENCH_DIR:-/tmp/brief-bench}
SEED=${SEED:-42}
RESULTS="$BENCH_DIR/results"
mkdir -p "$RESULTS"
rm -f "$RESULTS/memory.txt" "$RESULTS/ratio.txt"

need() { # command, apt package
  command -v "$1" >/dev/null && return
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$2" >/dev/null
}
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

echo "--- build (release)"
cargo build --release --quiet --bin brief --example gen-corpus --example parse-only
BRIEF=$PWD/target/release/brief
GEN=$PWD/target/release/examples/gen-corpus
PARSE=$PWD/target/release/examples/parse-only

{
  echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo "unknown (not a git checkout)")
  git diff --quiet HEAD -- src 2>/dev/null || commit="$commit + uncommitted changes in src/"
  echo "commit:  $commit"
  echo "rustc:   $(rustc --version)"
  echo "cores:   $(nproc)"
  echo "cpu:     $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "kernel:  $(uname -sr)"
  echo "hyperfine: $(hyperfine --version)"
} | tee "$RESULTS/machine.txt"

for spec in 1000:10 10000:40; do
  notes=${spec%%:*}
  briefs=${spec##*:}
  dir="$BENCH_DIR/notes-$notes"
  echo "--- corpus: $notes notes in $briefs briefs -> $dir"
  "$GEN" --notes "$notes" --briefs "$briefs" --seed "$SEED" --out "$dir" --tradecraft-warnings
  echo "    $(du -sh --apparent-size "$dir/briefs" | cut -f1) of notes"
  # The corpus must be valid, or check would be timing its error path
  # (warnings are fine: they are part of check's work). Show the summary only.
  "$BRIEF" check --color never --root "$dir" 2>&1 | tail -n 1

  echo "--- hyperfine: $notes notes"
  hyperfine --warmup 2 --runs 10 -N \
    --export-markdown "$RESULTS/hyperfine-$notes.md" \
    --export-json "$RESULTS/hyperfine-$notes.json" \
    --command-name "brief check ($notes notes)" "$BRIEF check --quiet --root $dir" \
    --command-name "parse-only ($notes notes)" "$PARSE $dir"

  echo "--- peak memory: $notes notes"
  for name in check parse-only; do
    if [ "$name" = check ]; then cmd=("$BRIEF" check --quiet --root "$dir"); else cmd=("$PARSE" "$dir"); fi
    /usr/bin/time -v "${cmd[@]}" >/dev/null 2>"$RESULTS/time-$name-$notes.txt"
    rss=$(grep 'Maximum resident set size' "$RESULTS/time-$name-$notes.txt" | awk '{print $NF}')
    echo "$name ($notes notes): max RSS ${rss} KiB" | tee -a "$RESULTS/memory.txt"
  done
done

echo "--- ratio check / parse-only (mean; min, the least disturbed run; user CPU time)"
for notes in 1000 10000; do
  python3 - "$RESULTS/hyperfine-$notes.json" "$notes" <<'EOF' | tee -a "$RESULTS/ratio.txt"
import json, sys
results = json.load(open(sys.argv[1]))["results"]
check, parse = results
def ratio(key):
    return f"{check[key]*1000:.1f} / {parse[key]*1000:.1f} ms = {check[key]/parse[key]:.2f}x"
print(f"{sys.argv[2]} notes, check / parse-only: mean {ratio('mean')}; min {ratio('min')}; user CPU {ratio('user')}")
EOF
done
echo "results in $RESULTS"
