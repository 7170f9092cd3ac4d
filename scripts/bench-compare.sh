#!/usr/bin/env bash
# Before/after check of a refactoring: the same output bytes and the same bulk speed.
#
#   bash scripts/bench-compare.sh REV|BINARY [N]     (default N=5000)
#
# Builds this tree's release binary and the one of REV (a git revision, built in a
# temporary worktree), or takes BINARY as the "before" binary. Then, on N synthetic reports
# (examples/gen_corpus.rs, the corpus of scripts/bench.sh):
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

status=0
for cmd in "check --format json" "audit --format jsonl"; do
  # Exit 1 means findings; only the bytes matter here.
  (cd "$WORK" && ./before $cmd n >"before.out" 2>/dev/null || true)
  (cd "$WORK" && ./after $cmd n >"after.out" 2>/dev/null || true)
  if cmp -s "$WORK/before.out" "$WORK/after.out"; then
    echo "$cmd: byte-identical ($(wc -c <"$WORK/after.out") bytes)"
  else
    echo "$cmd: OUTPUT DIFFERS (cmp $WORK/before.out $WORK/after.out)"
    cp "$WORK/before.out" "$WORK/before.${cmd// /_}"
    cp "$WORK/after.out" "$WORK/after.${cmd// /_}"
    status=1
  fi
done

for r in 1 2 3; do
  (cd "$WORK" && hyperfine -N --warmup 2 --runs 5 -i --style none --export-json "round$r.json" \
    -n before "./before check --format json n" -n after "./after check --format json n" >/dev/null 2>&1)
done
python3 - "$WORK" <<'PY' || status=1
import json, statistics, sys
work = sys.argv[1]
runs = {}
for r in (1, 2, 3):
    for res in json.load(open(f"{work}/round{r}.json"))["results"]:
        runs.setdefault(res["command"], []).extend(res["times"])
b, a = statistics.median(runs["before"]), statistics.median(runs["after"])
ratio = a / b
print(f"bulk check: after / before = {a*1000:.1f} ms / {b*1000:.1f} ms = {ratio:.3f}  (goal <= 1.05) {'OK' if ratio <= 1.05 else 'MISSED'}")
sys.exit(0 if ratio <= 1.05 else 1)
PY
exit $status
