#!/usr/bin/env bash
# Before/after check of a refactoring: the same output bytes and the same bulk speed.
#
#   bash scripts/bench-compare.sh REV|BINARY [N]     (default N=5000)
#
# Builds this tree's release binary and the one of REV (a git revision, built in a
# temporary worktree), or takes BINARY as the "before" binary. Then, on both corpora of
# scripts/bench.sh — N synthetic reports (examples/gen_corpus.rs) and, when
# ../shared/corpus/dev is present, N real-text reports (../shared/bench/make_corpus.py):
#   1. compares `check --format json` and `audit --format jsonl` of both, byte for byte;
#   2. times `check --format json` of both with hyperfine, alternating, three rounds, and
#      prints after/before of the medians (goal: within 5 %).
# Exit status 1 when an output differs or the goal is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:?usage: bench-compare.sh REV|BINARY [N]}
N=${2:-5000}
command -v hyperfine >/dev/null || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null; }

cargo build --release --quiet --bin fazhi-lint --example gen_corpus
WORK=target/bench-compare
rm -rf "$WORK" && mkdir -p "$WORK"
cp target/release/fazhi-lint "$WORK/after"
if [ -x "$BEFORE" ] && [ -f "$BEFORE" ]; then
  cp "$BEFORE" "$WORK/before"
else
  REV=$(git rev-parse --verify "$BEFORE^{commit}")
  TREE=$(mktemp -d)
  git worktree add -q --detach "$TREE" "$REV"
  trap 'git worktree remove --force "$TREE"' EXIT
  # The same target directory: only what changed between the two trees is rebuilt.
  (cd "$TREE" && CARGO_TARGET_DIR="$OLDPWD/target/bench-compare-target" cargo build --release --quiet --bin fazhi-lint)
  cp target/bench-compare-target/release/fazhi-lint "$WORK/before"
fi
target/release/examples/gen_corpus "$WORK/n" "$N" 1 >/dev/null
CORPORA=(n)
SHARED=${SHARED:-../shared}
if [ -f "$SHARED/bench/make_corpus.py" ] && [ -d "$SHARED/corpus/dev" ]; then
  python3 "$SHARED/bench/make_corpus.py" "$SHARED/corpus/dev" "$WORK/real" "$N"
  CORPORA+=(real)
else
  echo "real-text corpus skipped: $SHARED/bench/make_corpus.py or $SHARED/corpus/dev not found" >&2
fi

status=0
for c in "${CORPORA[@]}"; do
  for cmd in "check --format json" "audit --format jsonl"; do
    # Exit 1 means findings; only the bytes matter here.
    (cd "$WORK" && ./before $cmd "$c" >"before.out" 2>/dev/null || true)
    (cd "$WORK" && ./after $cmd "$c" >"after.out" 2>/dev/null || true)
    if cmp -s "$WORK/before.out" "$WORK/after.out"; then
      echo "$c: $cmd: byte-identical ($(wc -c <"$WORK/after.out") bytes)"
    else
      echo "$c: $cmd: OUTPUT DIFFERS (cmp $WORK/before.$c.${cmd// /_} $WORK/after.$c.${cmd// /_})"
      cp "$WORK/before.out" "$WORK/before.$c.${cmd// /_}"
      cp "$WORK/after.out" "$WORK/after.$c.${cmd// /_}"
      status=1
    fi
  done
done

for c in "${CORPORA[@]}"; do
  for r in 1 2 3; do
    (cd "$WORK" && hyperfine -N --warmup 2 --runs 5 -i --style none --export-json "$c-round$r.json" \
      -n before "./before check --format json $c" -n after "./after check --format json $c" >/dev/null 2>&1)
  done
  python3 - "$WORK" "$c" <<'PY' || status=1
import json, statistics, sys
work, corpus = sys.argv[1], sys.argv[2]
runs = {}
for r in (1, 2, 3):
    for res in json.load(open(f"{work}/{corpus}-round{r}.json"))["results"]:
        runs.setdefault(res["command"], []).extend(res["times"])
b, a = statistics.median(runs["before"]), statistics.median(runs["after"])
ratio = a / b
name = "real text" if corpus == "real" else "synthetic"
print(f"bulk check, {name}: after / before = {a*1000:.1f} ms / {b*1000:.1f} ms = {ratio:.3f}  (goal <= 1.05) {'OK' if ratio <= 1.05 else 'MISSED'}")
sys.exit(0 if ratio <= 1.05 else 1)
PY
done
exit $status
