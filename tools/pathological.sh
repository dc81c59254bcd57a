#!/usr/bin/env bash
# The pathological notes of issue 16 point 6, each in a workspace of its
# own, and the time and peak memory of building each as PDF.
#
#   bash tools/pathological.sh            # target/release/brief, 120 s limit
#   BRIEF=/path/to/brief LIMIT=60 MEM_MB=4096 OUT=/tmp/patho bash tools/pathological.sh
#
# Each workspace is the repository's brief.yaml and one note of
# briefs/hormuz-shipping with its body (or title) replaced. A case is
# KIND-SIZE, SIZE a count with k or m: word (one word of SIZE letters), url
# (a URL of SIZE letters), title (the note's title), marks (SIZE combining
# accents on one letter), amp (SIZE `&amp;` in a row); plain is the note
# as it is, brief-title-7m the brief's own title 7 MB long. Prints one
# line per case: wall time and peak RSS (`/usr/bin/time`), or the limit
# when the build was stopped there.
#
#   CASES="word-80k word-800k word-8m" bash tools/pathological.sh   # scaling
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
BRIEF=${BRIEF:-$REPO/target/release/brief}
LIMIT=${LIMIT:-120}
# Address space each build may take (ulimit -v), so that a quadratic one
# fails rather than take the machine's memory.
MEM_MB=${MEM_MB:-8192}
OUT=${OUT:-/tmp/brief-pathological}
NOTE=$REPO/briefs/hormuz-shipping/2026-11-06-transits-recover.md
CASES=${CASES:-plain word-80k url-3m title-7m brief-title-7m marks-1m amp-500k}

# make_case NAME: writes $OUT/NAME/ with the note's body or title replaced.
make_case() {
  local ws=$OUT/$1
  rm -rf "$ws"
  mkdir -p "$ws/briefs/hormuz-shipping"
  if [ "$1" = brief-title-7m ]; then
    # The brief's own title: its title block, outline and every running head.
    python3 -c 'import sys; print(open(sys.argv[1]).read().replace("title: Strait of Hormuz shipping", "title: " + ("abcdefghijklmnopqrstuvwxyz" * 269231)[:7000000]), end="")' \
      "$REPO/brief.yaml" > "$ws/brief.yaml"
  else
    cp "$REPO/brief.yaml" "$ws/"
  fi
  python3 - "$1" "$NOTE" "$ws/briefs/hormuz-shipping/$(basename "$NOTE")" <<'EOF'
import sys
case, src, dst = sys.argv[1:]
text = open(src, encoding="utf-8").read()
_, front, body = text.split("---\n", 2)
kind, _, size = case.rpartition("-") if "-" in case else (case, "", "")
n = int(size[:-1]) * {"k": 1_000, "m": 1_000_000}.get(size[-1:], 0) if size[:-1].isdigit() else 0
letters = "abcdefghijklmnopqrstuvwxyz"
def word(n):
    return (letters * (n // len(letters) + 1))[:n]
if kind == "word":
    body = "A word of many letters: " + word(n) + " and after it.\n"
elif kind == "url":
    body = "See <https://example.com/" + word(n) + "> for more.\n"
elif kind == "title":
    lines = ["title: " + word(n) if l.startswith("title:") else l for l in front.split("\n")]
    front = "\n".join(lines)
elif kind == "marks":
    body = "One letter with many accents: a" + "\u0301" * n + " end.\n"
elif kind == "amp":
    body = "Ampersands: " + "&amp;" * n + " end.\n"
elif kind not in ("plain", "brief-title"):
    sys.exit(f"unknown case {case}")
open(dst, "w", encoding="utf-8").write("---\n" + front + "---\n" + body)
EOF
}

for case in $CASES; do
  make_case "$case"
  ws=$OUT/$case
  status=0
  ( ulimit -v $((MEM_MB * 1024))
    exec /usr/bin/time -f "%e s %M KB" -o "$ws/time" timeout "$LIMIT" "$BRIEF" build --root "$ws" \
      --format pdf --brief hormuz-shipping --out "$ws/out" -q >/dev/null 2>"$ws/stderr" ) || status=$?
  result=$(tail -1 "$ws/time")
  [ "$status" = 124 ] && result="stopped at $LIMIT s ($result)"
  [ "$status" != 0 ] && [ "$status" != 124 ] && result="exit $status ($result)"
  pages=$(pdfinfo "$ws/out/hormuz-shipping.pdf" 2>/dev/null | awk '/^Pages/{print $2}' || true)
  printf '%-10s %s, %s pages\n' "$case" "$result" "${pages:-no}"
done
