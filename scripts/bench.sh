#!/usr/bin/env bash
# Whole-process benchmark: fazhi-lint against ripgrep on the same synthetic reports.
#
#   bash scripts/bench.sh [N]        (default N=5000)
#
# Generates N and 2N synthetic reports (examples/gen_corpus.rs, templates written for this
# project), then measures with hyperfine, side by side in one run:
#   1. `check --format json` over N reports vs `rg` scanning them for the required-part keywords;
#   2. `check` of one report (process start included) vs one `rg` run on that file;
#   3. linear growth: 2N reports vs N;
# and peak memory of (1) with /usr/bin/time. Prints the ratios against the goals.
# Each comparison runs in three alternating rounds; ratios are of the median times.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2 …" >&2; apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release --quiet --bin fazhi-lint --example gen_corpus
BIN=target/release/fazhi-lint
GEN=target/release/examples/gen_corpus
WORK=target/bench
rm -rf "$WORK" && mkdir -p "$WORK"
"$GEN" "$WORK/n" "$N" 1 >/dev/null
"$GEN" "$WORK/2n" "$((2 * N))" 2 >/dev/null
ONE="$WORK/n/report-000000.txt"
SIZE=$(du -sb "$WORK/n" | cut -f1)
KEYS=(-e 举措 -e 成效 -e 不足 -e 问题 -e 原因 -e 第一责任人 -e 下一步 -e 打算 -e 习近平法治思想)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "corpus: $N reports, $((SIZE / 1024 / 1024)) MiB"

# The machine is shared and its speed drifts over seconds: each comparison runs in
# three alternating rounds, and the ratios use the medians of all runs of each command.
for r in 1 2 3; do
  hyperfine -N --warmup 2 --runs 5 -i --style none --export-json "$WORK/bulk$r.json" \
    -n rg "rg -c ${KEYS[*]} $WORK/n" \
    -n fazhi-lint "$BIN check --format json $WORK/n" >/dev/null
  hyperfine -N --warmup 3 --runs 20 -i --style none --export-json "$WORK/one$r.json" \
    -n rg-one "rg -c ${KEYS[*]} $ONE" \
    -n fazhi-lint-one "$BIN check --format json $ONE" >/dev/null
  hyperfine -N --warmup 1 --runs 3 -i --style none --export-json "$WORK/linear$r.json" \
    -n fazhi-lint-n "$BIN check --format json $WORK/n" \
    -n fazhi-lint-2n "$BIN check --format json $WORK/2n" >/dev/null
done
PEAK_KB=$( { /usr/bin/time -v "$BIN" check --format json "$WORK/n" >/dev/null || true; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')

python3 - "$WORK" "$PEAK_KB" <<'PY'
import json, sys
work, peak_kb = sys.argv[1], int(sys.argv[2])
import statistics
def medians(name):
    runs = {}
    for r in (1, 2, 3):
        for res in json.load(open(f"{work}/{name}{r}.json"))["results"]:
            runs.setdefault(res["command"], []).extend(res["times"])
    return {cmd: statistics.median(t) for cmd, t in runs.items()}
b, o, l = medians("bulk"), medians("one"), medians("linear")
rows = [
    ("bulk: fazhi-lint / rg", b["fazhi-lint"], b["rg"], 5.0),
    ("one file: fazhi-lint / rg", o["fazhi-lint-one"], o["rg-one"], 5.0),
    ("linear: 2N / N", l["fazhi-lint-2n"], l["fazhi-lint-n"], 2.1),
]
ok = True
for name, a, c, goal in rows:
    r = a / c
    ok &= r <= goal
    print(f"{name:28} {a*1000:9.1f} ms / {c*1000:8.1f} ms = {r:5.2f}x  (goal <= {goal}x) {'OK' if r <= goal else 'MISSED'}")
mb = peak_kb / 1024
ok &= mb <= 64
print(f"{'bulk peak memory':28} {mb:9.1f} MiB                 (goal <= 64 MiB) {'OK' if mb <= 64 else 'MISSED'}")
print("all goals met" if ok else "some goals missed")
PY
