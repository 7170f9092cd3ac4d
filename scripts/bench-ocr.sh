#!/usr/bin/env bash
# OCR benchmark (issue 30): seconds per page of `fazhi-lint check` on scanned PDFs against
# running `tesseract` alone on the same page images (goal ≤ 1.2×), and a second run
# served from the page cache (goal ≤ 50 ms per file).
#
#   scripts/bench-ocr.sh [DIR]   the image-only PDFs in DIR (default: REPORTS synthetic
#                                reports, default 6, scanned by scripts/make-scans.py)
#
# The page images are the PDFs' own JPEGs (pdfimages -j), which is what fazhi-lint reads
# from such a PDF. Reference runs, one page after another as a user would type them:
#   tesseract          `tesseract PAGE.jpg - -l chi_sim` (defaults: --psm 3, OpenMP threads)
#   tesseract --psm 6  the settings fazhi-lint uses (--psm 6, OMP_THREAD_LIMIT=1)
# fazhi-lint runs once with one job (-j 1, pages one after another) and once with the
# default jobs (pages in parallel on every core).
#
# Needs target/release/fazhi-lint (cargo build --release), tesseract with chi_sim,
# pdfimages (poppler-utils); to make scans, python3 with Pillow, numpy and img2pdf.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${CARGO_TARGET_DIR:-$root/target}/release/fazhi-lint"
[ -x "$bin" ] || { echo "缺少 $bin：请先运行 cargo build --release" >&2; exit 2; }
command -v tesseract >/dev/null || { echo "缺少 tesseract（tesseract-ocr、tesseract-ocr-chi-sim）" >&2; exit 2; }
command -v pdfimages >/dev/null || { echo "缺少 pdfimages（poppler-utils）" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [ $# -ge 1 ]; then
  mkdir "$work/scans"
  cp "$1"/*.pdf "$work/scans/"
else
  python3 "$root/scripts/synth_reports.py" --out "$work/txt" --count "${REPORTS:-6}" --seed 11
  python3 "$root/scripts/make-scans.py" "$work"/txt/*.txt --out "$work/scans" --bin "$bin" --form pdf --seed 11 >/dev/null
fi
mkdir "$work/pages"
for f in "$work"/scans/*.pdf; do
  pdfimages -j "$f" "$work/pages/$(basename "$f" .pdf)"
done
files=$(ls "$work"/scans/*.pdf | wc -l)
pages=$(ls "$work"/pages/* | wc -l)
echo "$files 个扫描 PDF，共 $pages 页"

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

t0=$(now)
for p in "$work"/pages/*; do tesseract "$p" - -l chi_sim >/dev/null 2>&1; done
t1=$(now)
for p in "$work"/pages/*; do OMP_THREAD_LIMIT=1 tesseract "$p" - -l chi_sim --psm 6 >/dev/null 2>&1; done
t2=$(now)
"$bin" check --no-config --no-cache -j 1 --format json "$work"/scans/*.pdf >/dev/null || true
t3=$(now)
"$bin" check --no-config --no-cache --format json "$work"/scans/*.pdf >/dev/null || true
t4=$(now)
"$bin" check --no-config --cache-dir "$work/cache" --format json "$work"/scans/*.pdf >/dev/null || true
t5=$(now)
"$bin" check --no-config --cache-dir "$work/cache" --format json "$work"/scans/*.pdf >/dev/null || true
t6=$(now)
"$bin" audit --no-config --cache-dir "$work/cache" --format jsonl "$work/scans" >/dev/null 2>&1 || true
t7=$(now)

python3 - "$pages" "$files" "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")" "$(elapsed "$t2" "$t3")" \
  "$(elapsed "$t3" "$t4")" "$(elapsed "$t5" "$t6")" "$(elapsed "$t6" "$t7")" <<'PY'
import sys
pages, files = int(sys.argv[1]), int(sys.argv[2])
alone, psm6, j1, jn, cached, audit = map(float, sys.argv[3:9])
print(f"tesseract 单独（默认设置，逐页）        {alone:7.2f} s  {alone / pages:5.2f} s/页")
print(f"tesseract 单独（--psm 6，单线程，逐页） {psm6:7.2f} s  {psm6 / pages:5.2f} s/页")
print(f"fazhi-lint check -j 1（无缓存）          {j1:7.2f} s  {j1 / pages:5.2f} s/页  {j1 / alone:4.2f}× / {j1 / psm6:4.2f}×")
print(f"fazhi-lint check（默认线程，无缓存）     {jn:7.2f} s  {jn / pages:5.2f} s/页  {jn / alone:4.2f}× / {jn / psm6:4.2f}×")
print(f"fazhi-lint check 再次运行（缓存）        {cached:7.2f} s  {1000 * cached / files:5.0f} ms/文件")
print(f"fazhi-lint audit 再次运行（缓存）        {audit:7.2f} s  {1000 * audit / files:5.0f} ms/文件")
PY
