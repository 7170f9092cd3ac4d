#!/usr/bin/env bash
# Regenerate tests/fixtures/pdf and tests/fixtures/ofd from synthetic reports written
# by scripts/make_pdf_ofd_reports.py, through real writers:
#   - LibreOffice (soffice --headless): .docx → .pdf (report-marked.pdf, report-bold.pdf)
#   - easyofd (PyPI): .pdf → .ofd (report-marked.ofd, report-bold.ofd)
#   - MuPDF (PyMuPDF, installed with easyofd): a CID-font PDF (Type0/Identity-H with a
#     ToUnicode map, as Word and WPS write Chinese) and an image-only "scan" of two pages
#   - LibreOffice again: a PDF that needs a password and a copy-protected one
#   - corrupt.pdf / corrupt.ofd: the real files cut short.
# Needs: python3 with python-docx, easyofd and PyMuPDF; LibreOffice; fonts-noto-cjk.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pdf_dir="$root/tests/fixtures/pdf"
ofd_dir="$root/tests/fixtures/ofd"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$pdf_dir" "$ofd_dir"

python3 "$root/scripts/make_pdf_ofd_reports.py" "$work"
(cd "$work" && timeout 300 soffice --headless --convert-to pdf report-marked.docx report-bold.docx >/dev/null 2>&1)
cp "$work/report-marked.pdf" "$work/report-bold.pdf" "$pdf_dir/"

python3 - "$work" "$pdf_dir" "$ofd_dir" <<'PY' 2>/dev/null | grep -v "uuid_map" || true
import os, sys, warnings
warnings.filterwarnings("ignore")
work, pdf_dir, ofd_dir = sys.argv[1:4]
import logging
logging.disable(logging.CRITICAL)
try:
    from loguru import logger
    logger.remove()
except Exception:
    pass
import fitz
from easyofd.ofd import OFD

# OFD from LibreOffice's PDFs. easyofd writes a scratch folder "./test" in the current
# directory, so each conversion runs in its own empty one.
for name in ("report-marked", "report-bold"):
    d = os.path.join(work, "ofd-" + name)
    os.mkdir(d)
    os.chdir(d)
    data = OFD().pdf2ofd(open(os.path.join(pdf_dir, name + ".pdf"), "rb").read(), optional_text=True)
    open(os.path.join(ofd_dir, name + ".ofd"), "wb").write(data)
os.chdir(work)

# A CID-font PDF: the marked report's text through MuPDF with an embedded CJK font,
# 16 pt body, paragraphs indented with two ideographic spaces, "- N -" footers.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)) if "__file__" in dir() else ".")
import importlib.util
spec = importlib.util.spec_from_file_location("reports", os.path.join(os.path.dirname(pdf_dir), "..", "..", "scripts", "make_pdf_ofd_reports.py"))
reports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reports)
paras = [("title", reports.TITLE)]
paras.append(("body", "2024年，县政府坚持依法行政，扎实推进法治政府建设各项工作，现将有关情况报告如下。"))
for mark, head, subs in reports.SECTIONS:
    paras.append(("head", mark + head))
    for sub_mark, sub_head, texts in subs:
        if sub_head:
            paras.append(("body", sub_mark + sub_head))
        for t in texts:
            paras.append(("body", t))
# Embed only the characters used (fontTools subsetter, font 2 of the collection = SC).
from fontTools import subset
chars = "".join(t for _, t in paras) + "\u3000- 0123456789"
fonts = {}
for key, ttc in (("R", "NotoSerifCJK-Regular.ttc"), ("B", "NotoSerifCJK-Bold.ttc")):
    out = os.path.join(work, key + ".otf")
    opts = subset.Options()
    opts.font_number = 2
    font = subset.load_font("/usr/share/fonts/opentype/noto/" + ttc, opts)
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    subset.save_font(font, out, opts)
    fonts[key] = out
regular, bold = fonts["R"], fonts["B"]
doc = fitz.open()
W, H, left, right, top, bottom = 595, 842, 79, 516, 100, 760
size, pitch = 16, 28
page, y, n = None, 0, 0
def new_page():
    global page, y, n
    n += 1
    page = doc.new_page(width=W, height=H)
    page.insert_font(fontname="R", fontfile=regular)
    page.insert_font(fontname="B", fontfile=bold)
    page.insert_text((W / 2 - 20, 800), "- %d -" % n, fontname="R", fontsize=12)
    y = top
new_page()
per_line = int((right - left) // size)
for kind, text in paras:
    if kind == "title":
        page.insert_text((left + (right - left - len(text) * 22) / 2, y), text, fontname="B", fontsize=22)
        y += 2 * pitch
        continue
    text = "\u3000\u3000" + text
    lines = [text[i:i + per_line] for i in range(0, len(text), per_line)]
    for line in lines:
        if y > bottom:
            new_page()
        page.insert_text((left, y), line, fontname="B" if kind == "head" else "R", fontsize=size)
        y += pitch
doc.set_metadata({"creationDate": "D:20250320093000+08'00'", "producer": "MuPDF"})
doc.save(os.path.join(pdf_dir, "report-cid.pdf"), garbage=3, deflate=True)

# A scan: two pages of the marked report as images only.
src = fitz.open(os.path.join(pdf_dir, "report-marked.pdf"))
scan = fitz.open()
for i in range(2):
    pix = src[i].get_pixmap(dpi=40, colorspace=fitz.csGRAY)
    p = scan.new_page(width=src[i].rect.width, height=src[i].rect.height)
    p.insert_image(p.rect, pixmap=pix)
scan.save(os.path.join(pdf_dir, "scan.pdf"), deflate=True)

PY

# Encrypted by LibreOffice: one needs a password to open (encrypted.pdf), one only
# restricts editing with an owner password (owner-only.pdf, the usual "copy-protected"
# government PDF, which readers open with the empty user password).
(cd "$work" && timeout 300 soffice --headless --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' --outdir enc report-marked.docx >/dev/null 2>&1)
cp "$work/enc/report-marked.pdf" "$pdf_dir/encrypted.pdf"
(cd "$work" && timeout 300 soffice --headless --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"RestrictPermissions":{"type":"boolean","value":"true"},"PermissionPassword":{"type":"string","value":"owner"}}' --outdir owner report-marked.docx >/dev/null 2>&1)
cp "$work/owner/report-marked.pdf" "$pdf_dir/owner-only.pdf"

# Corrupt files: the real ones cut short.
head -c 2000 "$pdf_dir/report-marked.pdf" > "$pdf_dir/corrupt.pdf"
head -c 3000 "$ofd_dir/report-marked.ofd" > "$ofd_dir/corrupt.ofd"
ls -la "$pdf_dir" "$ofd_dir"
