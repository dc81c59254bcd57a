#!/usr/bin/env bash
# Issue 22's figures side by side, in one run: check against parsing alone,
# HTML+JSON against bare pulldown-cmark rendering on one core, a windowed
# build against check, and time and peak memory of full builds at 1,000
# and 10,000 notes. Also `brief lsp` start-up against `check` (issue 20).
#   bash tools/bench-years.sh            # results in $BENCH_DIR (default /tmp/brief-years)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR=${BENCH_DIR:-/tmp/brief-years}
RUNS=${RUNS:-5}
mkdir -p "$BENCH_DIR"
need() { command -v "$1" >/dev/null || { echo "needs $1 (apt-get install $2)" >&2; exit 2; }; }
need hyperfine hyperfine
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

cargo build --release --quiet --bin brief --example gen-corpus --example parse-only
BRIEF=$PWD/target/release/brief
GEN=$PWD/target/release/examples/gen-corpus
PARSE=$PWD/target/release/examples/parse-only

packets='packets:
  all-amber:
    title: All briefs
    audience: TLP:AMBER
    briefs: [us-iran-talks, hormuz-shipping, red-sea-transits, iaea-access, gulf-air-defence, iraq-militias, saudi-iran-detente, lng-exports]
  four-green:
    title: Four briefs
    audience: TLP:GREEN
    briefs: [us-iran-talks, hormuz-shipping, red-sea-transits, iaea-access]'

# corpus NAME NOTES SPAN [WINDOW]: 8 briefs, the issue's two packets.
corpus() {
  local dir="$BENCH_DIR/$1"
  [ -f "$dir/brief.yaml" ] && return
  "$GEN" --notes "$2" --briefs 8 --seed 42 --span-days "$3" --out "$dir" >/dev/null
  python3 - "$dir/brief.yaml" "$packets" "${4:-}" <<'PY'
import sys
path, packets, window = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
text = text[:text.index("packets:")] + (f"window_days: {window}\n" if window else "") + packets + "\n"
open(path, "w").write(text)
PY
}
corpus notes-1000 1000 120
corpus notes-10000 10000 120
corpus notes-12000-window 12000 1000 90

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
echo "== check against parsing alone (10,000 notes, both cores)"
hyperfine -N --warmup 1 --runs "$RUNS" \
  "$BRIEF check -q --root $BENCH_DIR/notes-10000" "$PARSE $BENCH_DIR/notes-10000"
echo "== build --format html,json against pulldown-cmark rendering, one core (10,000 notes)"
RAYON_NUM_THREADS=1 hyperfine -N --warmup 1 --runs "$RUNS" \
  "$BRIEF build -q --root $BENCH_DIR/notes-10000 --format html,json --out $BENCH_DIR/out-hj" \
  "$PARSE --render $BENCH_DIR/notes-10000"
echo "== windowed build against check (12,000 notes over 1,000 days, window_days: 90)"
hyperfine -N --warmup 1 --runs 3 \
  "$BRIEF check -q --root $BENCH_DIR/notes-12000-window" \
  "$BRIEF build -q --root $BENCH_DIR/notes-12000-window --out $BENCH_DIR/out-w"
echo "== full builds (HTML, PDF, JSON, both packets): time and peak memory"
for n in 1000 10000; do
  /usr/bin/time -f "notes-$n: %e s wall, %U s user, %M KB peak" \
    "$BRIEF" build -q --root "$BENCH_DIR/notes-$n" --out "$BENCH_DIR/out-full-$n"
done
echo "== brief lsp start-up against check (10,000 notes)"
note=$(cd "$BENCH_DIR/notes-10000" && ls briefs/us-iran-talks/*.md | head -n 1)
for i in 1 2 3; do
  python3 tools/bench_lsp.py "$BRIEF" "$BENCH_DIR/notes-10000" "$note" | sed -n 1,3p
  /usr/bin/time -f "check: %e s" "$BRIEF" check -q --root "$BENCH_DIR/notes-10000"
done
if [ -n "${BIG:-}" ]; then
  echo "== 100,000 notes over five years, window_days: 90"
  corpus notes-100000-window 100000 1825 90
  /usr/bin/time -f "check: %e s wall, %M KB peak" "$BRIEF" check -q --root "$BENCH_DIR/notes-100000-window"
  /usr/bin/time -f "build: %e s wall, %U s user, %M KB peak" \
    "$BRIEF" build -q --root "$BENCH_DIR/notes-100000-window" --out "$BENCH_DIR/out-100k"
fi
