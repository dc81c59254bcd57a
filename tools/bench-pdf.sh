#!/usr/bin/env bash
# brief build --format pdf beside typst compile of equivalent content
# (tools/typst_equiv.py), same run, same machine. Needs hyperfine,
# /usr/bin/time and `pip install typst`. Usage: bash tools/bench-pdf.sh
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-/tmp/brief-bench}
B="$REPO/target/release/brief"
cargo build --release --quiet --manifest-path "$REPO/Cargo.toml"
[ -d "$BENCH/notes-1000" ] || cargo run --release --quiet --example gen-corpus -- --notes 1000 --briefs 10 --out "$BENCH/notes-1000"
[ -d "$BENCH/notes-350" ] || cargo run --release --quiet --example gen-corpus -- --notes 350 --briefs 10 --out "$BENCH/notes-350"
ONE=${ONE:-red-sea-transits}
RES="$BENCH/pdf-results"; mkdir -p "$RES"
for corpus in notes-1000 notes-350; do
  (cd "$BENCH/$corpus" && "$B" build --format json --out "$BENCH/$corpus-json" -q 2>/dev/null)
  rm -rf "$BENCH/$corpus-typ"
  python3 "$REPO/tools/typst_equiv.py" "$BENCH/$corpus" "$BENCH/$corpus-json" "$BENCH/$corpus-typ"
done
BRIEFS=$(cd "$BENCH/notes-1000/briefs" && for b in *; do printf -- '--brief %s ' "$b"; done)
T1000="$BENCH/notes-1000-typ"
ALL_TYP="$T1000/*.typ $T1000/packets/*.typ"
cmds=(
  "cd $BENCH/notes-1000 && $B build --format pdf --out /tmp/bp-all -q"
  "python3 $REPO/tools/typst_compile.py /tmp/tp-all $ALL_TYP"
  "cd $BENCH/notes-1000 && $B build --format pdf $BRIEFS --out /tmp/bp-briefs -q"
  "python3 $REPO/tools/typst_compile.py /tmp/tp-briefs $T1000/*.typ"
  "cd $BENCH/notes-350 && $B build --format pdf --brief $ONE --out /tmp/bp-one -q"
  "python3 $REPO/tools/typst_compile.py /tmp/tp-one $BENCH/notes-350-typ/$ONE.typ"
)
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$RES/hyperfine.md" "${cmds[@]}" 2>/dev/null
: > "$RES/memory.txt"
for c in "${cmds[@]}"; do
  /usr/bin/time -f "%M KB peak, %e s: $c" bash -c "$c" 2>>"$RES/memory.txt" >/dev/null || true
done
grep "KB peak" "$RES/memory.txt"
# The one-brief pair again, its peak split into file-backed pages (code,
# read-only data, libraries) and anonymous ones (heap, stacks).
echo "brief one brief:"
(cd "$BENCH/notes-350" && python3 "$REPO/tools/rss-split.py" --runs 5 -- "$B" build --format pdf --brief "$ONE" --out /tmp/bp-one -q)
echo "typst one brief:"
python3 "$REPO/tools/rss-split.py" --runs 3 -- python3 "$REPO/tools/typst_compile.py" /tmp/tp-one "$BENCH/notes-350-typ/$ONE.typ"
echo "python3 -c 'import typst' alone:"
python3 "$REPO/tools/rss-split.py" --runs 3 -- python3 -c "import typst"
python3 "$REPO/tools/typst_compile.py" /tmp/tp-all $ALL_TYP 2>&1 | sed 's/^/typst /'
for f in /tmp/bp-all/*.pdf /tmp/bp-all/packets/*.pdf /tmp/bp-one/*.pdf; do echo "brief $f: $(pdfinfo "$f" | awk '/^Pages/{print $2}') pages"; done
