#!/usr/bin/env bash
# Whole-process benchmark: fazhi-lint against ripgrep on the same reports, two corpora.
#
#   bash scripts/bench.sh [N]        (default N=5000)
#
# Corpora:
#   - real text: N and 2N reports made from the real reports of ../shared/corpus/dev by
#     ../shared/bench/make_corpus.py (years and units varied), when that folder is present;
#   - synthetic: N reports from examples/gen_corpus.rs (templates written for this project).
# Measured with hyperfine, side by side in one run:
#   1. `check --format json` over N reports vs `rg` scanning them for the required-part
#      keywords, on each corpus (goals: real text <= 4x, synthetic <= 3x);
#   2. `check` of one report (process start included) vs one `rg` run on that file (<= 3x);
#   3. linear growth: 2N reports vs N (<= 2.1x; real text when present, else synthetic);
# and peak memory of (1) with /usr/bin/time (<= 64 MiB). Prints the ratios against the goals.
# Each comparison runs in three alternating rounds; ratios are of the median times.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2 …" >&2; apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need rg ripgrep
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release --quiet --bin fazhi-lint --example gen_corpus
GEN=target/release/examples/gen_corpus
WORK=target/bench
rm -rf "$WORK" && mkdir -p "$WORK"
# Measured as a copy, as `cargo install` or a package installs it: a binary the linker has
# just written sits in the page cache in small pieces, and each start then takes some
# hundred more page faults than a copy (or the same file read back after a reboot).
BIN="$WORK/fazhi-lint"
cp target/release/fazhi-lint "$BIN"
"$GEN" "$WORK/n" "$N" 1 >/dev/null
SHARED=${SHARED:-../shared}
if [ -f "$SHARED/bench/make_corpus.py" ] && [ -d "$SHARED/corpus/dev" ]; then
  python3 "$SHARED/bench/make_corpus.py" "$SHARED/corpus/dev" "$WORK/real" "$N"
  python3 "$SHARED/bench/make_corpus.py" "$SHARED/corpus/dev" "$WORK/2n" "$((2 * N))"
  REAL="$WORK/real"
  ONE="$WORK/real/r00000.txt"
else
  echo "real-text corpus skipped: $SHARED/bench/make_corpus.py or $SHARED/corpus/dev not found" >&2
  "$GEN" "$WORK/2n" "$((2 * N))" 2 >/dev/null
  REAL=""
  ONE="$WORK/n/report-000000.txt"
fi
LINEAR_N=${REAL:-$WORK/n}
SIZE=$(du -sb "$WORK/n" | cut -f1)
KEYS=(-e 举措 -e 成效 -e 不足 -e 问题 -e 原因 -e 第一责任人 -e 下一步 -e 打算 -e 习近平法治思想)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "synthetic corpus: $N reports, $((SIZE / 1024 / 1024)) MiB"
[ -n "$REAL" ] && echo "real-text corpus: $N reports, $(($(du -sb "$REAL" | cut -f1) / 1024 / 1024)) MiB (make_corpus.py from $SHARED/corpus/dev)"

# The machine is shared and its speed drifts over seconds: each comparison runs in
# three alternating rounds, and the ratios use the medians of all runs of each command.
for r in 1 2 3; do
  hyperfine -N --warmup 2 --runs 5 -i --style none --export-json "$WORK/bulk$r.json" \
    -n rg "rg -c ${KEYS[*]} $WORK/n" \
    -n fazhi-lint "$BIN check --format json $WORK/n" >/dev/null
  if [ -n "$REAL" ]; then
    hyperfine -N --warmup 2 --runs 5 -i --style none --export-json "$WORK/real$r.json" \
      -n rg "rg -c ${KEYS[*]} $REAL" \
      -n fazhi-lint "$BIN check --format json $REAL" >/dev/null
  fi
  hyperfine -N --warmup 3 --runs 20 -i --style none --export-json "$WORK/one$r.json" \
    -n rg-one "rg -c ${KEYS[*]} $ONE" \
    -n fazhi-lint-one "$BIN check --format json $ONE" >/dev/null
  hyperfine -N --warmup 1 --runs 3 -i --style none --export-json "$WORK/linear$r.json" \
    -n fazhi-lint-n "$BIN check --format json $LINEAR_N" \
    -n fazhi-lint-2n "$BIN check --format json $WORK/2n" >/dev/null
done
peak() { { /usr/bin/time -v "$BIN" check --format json "$1" >/dev/null || true; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}'; }
PEAK_KB=$(peak "$WORK/n")
[ -n "$REAL" ] && PEAK_KB=$(( $(peak "$REAL") > PEAK_KB ? $(peak "$REAL") : PEAK_KB ))

python3 - "$WORK" "$PEAK_KB" "$REAL" <<'PY'
import json, sys
work, peak_kb, real = sys.argv[1], int(sys.argv[2]), sys.argv[3]
import statistics
def medians(name):
    runs = {}
    for r in (1, 2, 3):
        for res in json.load(open(f"{work}/{name}{r}.json"))["results"]:
            runs.setdefault(res["command"], []).extend(res["times"])
    return {cmd: statistics.median(t) for cmd, t in runs.items()}
b, o, l = medians("bulk"), medians("one"), medians("linear")
rows = []
if real:
    t = medians("real")
    rows.append(("bulk, real text: fl / rg", t["fazhi-lint"], t["rg"], 4.0))
rows += [
    ("bulk, synthetic: fl / rg", b["fazhi-lint"], b["rg"], 3.0),
    ("one file: fazhi-lint / rg", o["fazhi-lint-one"], o["rg-one"], 3.0),
    ("linear: 2N / N" + (" (real text)" if real else ""), l["fazhi-lint-2n"], l["fazhi-lint-n"], 2.1),
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
