#!/usr/bin/env bash
# Times `brief` on notes built to be slow (issue 16 points 7 and 11): many
# footnotes in one note, many invalid actors, many watch items without `due`.
# Usage: tools/bench-pathological-text.sh BRIEF_BINARY [SIZES…]
# Prints one line per case: wall seconds and peak RSS (GNU time).
set -euo pipefail
bin=$(realpath "$1"); shift
sizes=("${@:-5000 50000 100000}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

workspace() { # name → a fresh workspace with one brief
  local dir="$work/$1"
  mkdir -p "$dir/briefs/t"
  printf 'title: Bench\nbriefs:\n  t: { title: Bench }\n' > "$dir/brief.yaml"
  echo "$dir"
}
front() { printf -- '---\ntitle: Bench note\ndate: 2026-11-20\nconfidence: moderate\n'; }

footnotes() { # n footnotes, referenced from What happened, defined after it
  local dir; dir=$(workspace "footnotes-$1")
  { front; printf 'actors:\n  - { name: Iran, leverage: 1, stakes: 2 }\n---\n## What happened\n'
    seq "$1" | awk '{printf "Claim %d.[^n%d] ", $1, $1} END {print ""}'
    seq "$1" | awk '{printf "\n[^n%d]: Source %d.\n", $1, $1}'
  } > "$dir/briefs/t/2026-11-20-a.md"
  echo "$dir"
}
invalid_actors() { # n actors each with an out-of-range leverage
  local dir; dir=$(workspace "actors-$1")
  { front; echo 'actors:'
    seq "$1" | awk '{printf "  - { name: Actor %d, leverage: 9, stakes: 2 }\n", $1}'
    printf -- '---\nBody.\n'
  } > "$dir/briefs/t/2026-11-20-a.md"
  echo "$dir"
}
undated_watch() { # n watch items without `due` (a warning each)
  local dir; dir=$(workspace "watch-$1")
  { front; printf 'actors:\n  - { name: Iran, leverage: 1, stakes: 2 }\nwatch:\n'
    seq "$1" | awk '{printf "  - indicator: Item %d\n", $1}'
    printf -- '---\nBody.\n'
  } > "$dir/briefs/t/2026-11-20-a.md"
  echo "$dir"
}
measure() { # label dir args…
  local label=$1 dir=$2; shift 2
  # `check` exits 1 on these notes; only the time matters.
  local status=0
  (cd "$dir" && /usr/bin/time -o "$work/time" -f '%e s %M KB' timeout 300 "$bin" "$@" >/dev/null 2>&1) || status=$?
  local t; t=$(tail -1 "$work/time")
  [ "$status" -eq 124 ] && t="killed at 300 s"
  printf '%-44s %s\n' "$label" "$t"
}

for n in "${sizes[@]}"; do
  dir=$(footnotes "$n")
  measure "check, $n footnotes" "$dir" check
  for f in html json pdf; do
    measure "build --format $f, $n footnotes" "$dir" build --format "$f" --as-of 2026-11-20
  done
done
for n in 5000 20000; do
  measure "check, $n invalid actors" "$(invalid_actors "$n")" check
done
measure "check, 20000 watch items without due" "$(undated_watch 20000)" check
