#!/usr/bin/env bash
# PDF benchmark: checking PDFs one process per file against poppler's pdftotext
# extracting the same files (issue 14, goal: ≤ 1.5×).
#
#   scripts/bench-pdf.sh [DIR]   PDFs in DIR (default: the readable fixtures in
#                                tests/fixtures/pdf and the producer files of
#                                tests/fixtures/pdf/producers), each copied COPIES times
#                                (default 10)
#
# Needs target/release/fazhi-lint (cargo build --release) and pdftotext; uses hyperfine
# when installed, else a timed loop. Prints both times and the ratio.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${CARGO_TARGET_DIR:-$root/target}/release/fazhi-lint"
[ -x "$bin" ] || { echo "缺少 $bin：请先运行 cargo build --release" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "缺少 pdftotext（poppler-utils）" >&2; exit 2; }
copies="${COPIES:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ $# -ge 1 ]; then
  src=("$1"/*.pdf)
else
  src=("$root"/tests/fixtures/pdf/report-*.pdf "$root/tests/fixtures/pdf/owner-only.pdf" "$root"/tests/fixtures/pdf/producers/*.pdf)
fi
n=0
for f in "${src[@]}"; do
  for i in $(seq "$copies"); do
    cp "$f" "$work/$n-$(basename "$f")"
    n=$((n + 1))
  done
done
printf '%s\n' "$work"/*.pdf > "$work/list"
lint="while read -r f; do '$bin' check --format json \"\$f\" >/dev/null || true; done < '$work/list'"
extract="while read -r f; do pdftotext \"\$f\" - >/dev/null; done < '$work/list'"
echo "$n 个 PDF 文件（$(du -ch "$work"/*.pdf | tail -1 | cut -f1)），每个文件一个进程"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json "$work/h.json" \
    -n fazhi-lint "bash -c \"$lint\"" -n pdftotext "bash -c \"$extract\"" >&2
  python3 - "$work/h.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
a, b = r["fazhi-lint"]["median"], r["pdftotext"]["median"]
print(f"fazhi-lint check: {a*1000:.0f} ms, pdftotext: {b*1000:.0f} ms (medians), ratio {a/b:.2f}×")
PY
else
  t() { local s e; s=$(date +%s%N); bash -c "$1"; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
  best_a=; best_b=
  for i in 1 2 3 4 5; do
    a=$(t "$lint"); b=$(t "$extract")
    [ -z "$best_a" ] || [ "$a" -lt "$best_a" ] && best_a=$a
    [ -z "$best_b" ] || [ "$b" -lt "$best_b" ] && best_b=$b
  done
  echo "fazhi-lint check: ${best_a} ms, pdftotext: ${best_b} ms (best of 5), ratio $(python3 -c "print(f'{$best_a/$best_b:.2f}')")×"
fi
