#!/usr/bin/env bash
# Regenerate tests/fixtures/scans: the synthetic reports there (plain text, written for
# the tests) printed and scanned by scripts/make-scans.py, small enough to commit:
#   typed.jpg        one page, colour, turned 1.2°, red seal over the sign-off
#   report.pdf       two pages of JPEGs in a PDF (as scanners write), turned −0.8°, red seal
#   unmarked.tif     a black-and-white multi-page TIFF (CCITT G4; the seal turns black),
#                    headings without typed markers (only their bold type says so)
#   traditional.png  one black-and-white page in traditional characters (chi_tra)
# Needs the binary (cargo build), python3 with Pillow, numpy and img2pdf, fonts-noto-cjk.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/tests/fixtures/scans"
bin="${FAZHI_LINT_BIN:-$root/target/debug/fazhi-lint}"
make() { python3 "$root/scripts/make-scans.py" "$dir/$1.txt" --out "$dir" --bin "$bin" --seed 30 --noise 3 --quality 50 "${@:2}"; }
make typed --form jpg --rotate 1.2
make report --form pdf --rotate -0.8
make unmarked --form tif --bilevel --rotate 0.4
make traditional --form png --bilevel --rotate 0
