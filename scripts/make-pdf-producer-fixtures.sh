#!/usr/bin/env bash
# Regenerate tests/fixtures/pdf/producers: one short synthetic report per producer (the
# traditional-character one for reportlab-msung), each with poppler's text beside it, so
# `cargo test --test pdf_producers` covers every font path without the producers. The
# OCRmyPDF file keeps its text layer exactly as OCRmyPDF wrote it; its page images are
# replaced by 1×1 ones to keep the fixture small.
# Needs what scripts/make-pdf-producers.py --list names, plus pikepdf for the OCR file.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/fixtures/pdf/producers"
reports="$root/tests/fixtures/pdf/reports"
mkdir -p "$out"
rm -f "$out"/*.pdf "$out"/*.pdftotext.txt
python3 "$root/scripts/make-pdf-producers.py" "$reports/plain.txt" --out "$out"
python3 "$root/scripts/make-pdf-producers.py" "$reports/traditional.txt" --out "$out" --producers reportlab-msung
python3 - "$out/plain.ocrmypdf.pdf" <<'PY'
import sys, zlib, pikepdf
path = sys.argv[1]
pdf = pikepdf.open(path, allow_overwriting_input=True)
for page in pdf.pages:
    for name, xobj in list(page.Resources.get("/XObject", {}).items()):
        if xobj.get("/Subtype") == "/Image":
            xobj.write(zlib.compress(b"\xff"), filter=pikepdf.Name.FlateDecode)
            for key in ("/DecodeParms", "/SMask", "/Mask"):
                if key in xobj:
                    del xobj[key]
            xobj.Width, xobj.Height, xobj.BitsPerComponent = 1, 1, 8
            xobj.ColorSpace = pikepdf.Name.DeviceGray
pdf.save(path)
PY
ls -la "$out"
