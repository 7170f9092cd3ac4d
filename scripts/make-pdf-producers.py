#!/usr/bin/env python3
"""Print synthetic reports to PDF with many real producers, for the differential test.

    scripts/make-pdf-producers.py REPORT.txt... --out DIR [--producers a,b,...] [--list]

Each REPORT.txt is one of our own synthetic reports (tests/fixtures/pdf/reports/: first line
the title, GB/T 9704 markers 一、 （一） 1. or 第X部分 for headings, the last two lines the
sign-off). For every report and producer the script writes DIR/STEM.PRODUCER.pdf and, when
pdftotext is installed, DIR/STEM.PRODUCER.pdftotext.txt (poppler's text of the file, which
the test compares with fazhi-lint's own extraction). A producer whose tool is missing is
skipped with a line on stderr; `--list` prints which are available.

Producers (the layout of a 公文: 16 pt body indented two characters, 22 pt centred title,
level-1 headings in a sans (黑体-like) face, a running header and a "— N —" page number):

  chromium          headless Chromium --print-to-pdf (Skia: Type 3 and CFF fonts with
                    one-byte ToUnicode maps), with Chromium's own header and footer
  wkhtmltopdf       wkhtmltopdf (Qt), Noto CJK (its ToUnicode maps hold Kangxi radicals)
  wkhtmltopdf-wqy   wkhtmltopdf with WenQuanYi Zen Hei (TrueType glyphs)
  weasyprint        WeasyPrint, page number from @page margin boxes
  libreoffice       python-docx .docx (header and PAGE field footer) → soffice
  reportlab-stsong  reportlab, STSong-Light not embedded (Adobe-GB1, UniGB-UCS2-H, no ToUnicode)
  reportlab-gbk     reportlab, STSong-Light with the GBK-EUC-H CMap (needs poppler-data's CMaps)
  reportlab-msung   reportlab, MSung-Light (Adobe-CNS1; reportlab names the UniGB-UCS2-H CMap,
                    which poppler refuses) — traditional reports only
  fpdf2             fpdf2 with an embedded TrueType subset (WenQuanYi Zen Hei)
  truetype-no-tounicode
                    the fpdf2 file without its ToUnicode maps: text only through the
                    embedded TrueType program's cmap (beyond poppler, which reads garbage)
  ghostscript       Ghostscript pdfwrite re-distilling the LibreOffice PDF (CFF fonts)
  ocrmypdf          OCRmyPDF --force-ocr of the LibreOffice PDF: image pages, invisible text
  qpdf-aes256       the LibreOffice PDF encrypted by qpdf, owner password only, AES-256
  qpdf-rc4          the same with RC4 128-bit and copying forbidden
  qpdf-objstm       object streams generated and the file linearised by qpdf
  incremental       an incremental update (MuPDF saveIncr) that rewrites the Info dictionary
                    and appends an annotation to page 1
  type3-names       hand-written: Type 3 fonts, glyph names uniXXXX, no ToUnicode
  type1-diff        hand-written: Latin and digits in Times-Roman (standard 14, not embedded)
                    re-coded with /Differences; CJK in a non-embedded Adobe-GB1 CID font
                    addressed by CID (Identity-H) without ToUnicode
  truetype-symbolic hand-written: digits and Latin in an embedded symbolic TrueType font
                    with a (3,0) cmap, no /Encoding, no ToUnicode; CJK in a GBK-EUC-H CID font

Needs what each producer names (.ci/run installs them): chromium, wkhtmltopdf, LibreOffice,
ghostscript, qpdf, poppler-utils and poppler-data, tesseract-ocr-chi-sim, fonts-noto-cjk,
fonts-wqy-zenhei; PyPI reportlab, fpdf2, weasyprint, ocrmypdf, python-docx, PyMuPDF,
fonttools.
"""

import argparse
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

NOTO_SERIF = "Noto Serif CJK SC"
NOTO_SANS = "Noto Sans CJK SC"
WQY = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
HEADER = "某市人民政府办公室"
POPPLER_CMAPS = "/usr/share/poppler/cMap"

H1 = re.compile(r"^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
H2 = re.compile(r"^（[一二三四五六七八九十]+）")


def die(msg):
    print(f"make-pdf-producers: {msg}", file=sys.stderr)
    sys.exit(2)


def blocks_of(text):
    """(kind, text): title, h1, h2, para, sign (the sign-off lines)."""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    out = [("title", lines[0])]
    body, sign = lines[1:-2], lines[-2:]
    for line in body:
        if H1.match(line):
            out.append(("h1", line))
        elif H2.match(line) and len(line) <= 30 and "。" not in line:
            out.append(("h2", line))
        else:
            out.append(("para", line))
    out.extend(("sign", s) for s in sign)
    return out


# ---------------------------------------------------------------------------- HTML

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "%(serif)s", serif; font-size: 16pt; line-height: 28pt; margin: 0; }
h1.title { font-family: "%(sans)s", sans-serif; font-size: 22pt; line-height: 34pt;
           text-align: center; font-weight: bold; margin: 0 0 28pt 0; }
h2 { font-family: "%(sans)s", sans-serif; font-size: 16pt; font-weight: normal;
     text-indent: 2em; margin: 0; line-height: 28pt; }
h3 { font-family: "%(serif)s", serif; font-size: 16pt; font-weight: bold; text-indent: 2em;
     margin: 0; line-height: 28pt; }
p { text-indent: 2em; margin: 0; text-align: justify; }
p.sign { text-align: right; text-indent: 0; padding-right: 4em; }
p.sign.first { margin-top: 28pt; }
"""

WEASY_PAGE = """
@page { @top-center { content: "%(header)s"; font-family: "%(serif)s"; font-size: 10.5pt; }
        @bottom-center { content: "— " counter(page) " —"; font-family: "%(serif)s"; font-size: 14pt; } }
"""


def html_of(blocks, serif=NOTO_SERIF, sans=NOTO_SANS, extra_css=""):
    css = CSS % {"serif": serif, "sans": sans} + extra_css
    parts = [f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{html.escape(blocks[0][1])}</title><style>{css}</style></head><body>"]
    first_sign = True
    for kind, text in blocks:
        t = html.escape(text)
        if kind == "title":
            parts.append(f"<h1 class=\"title\">{t}</h1>")
        elif kind == "h1":
            parts.append(f"<h2>{t}</h2>")
        elif kind == "h2":
            parts.append(f"<h3>{t}</h3>")
        elif kind == "sign":
            parts.append(f"<p class=\"sign{' first' if first_sign else ''}\">{t}</p>")
            first_sign = False
        else:
            parts.append(f"<p>{t}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=kw.pop("timeout", 600), **kw)
    if r.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exit {r.returncode}: {r.stderr.decode(errors='replace')[-800:]}")
    return r


# ---------------------------------------------------------------------------- producers


def chromium_bin():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def p_chromium(ctx, blocks, out):
    src = os.path.join(ctx.tmp, "chromium.html")
    write(src, html_of(blocks))
    profile = tempfile.mkdtemp(dir=ctx.tmp)
    run([chromium_bin(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", f"--print-to-pdf={out}", "file://" + src])


def p_wkhtmltopdf(ctx, blocks, out, serif=NOTO_SERIF, sans=NOTO_SANS):
    src = os.path.join(ctx.tmp, "wk.html")
    write(src, html_of(blocks, serif, sans, "@page { margin: 0; }"))
    run(["wkhtmltopdf", "--quiet", "-s", "A4", "-T", "37mm", "-B", "35mm", "-L", "28mm", "-R", "26mm",
         "--header-center", HEADER, "--header-font-name", serif, "--header-font-size", "10",
         "--footer-center", "— [page] —", "--footer-font-name", serif, "--footer-font-size", "12",
         "--enable-local-file-access", src, out])


def p_wkhtmltopdf_wqy(ctx, blocks, out):
    p_wkhtmltopdf(ctx, blocks, out, "WenQuanYi Zen Hei", "WenQuanYi Zen Hei")


def p_weasyprint(ctx, blocks, out):
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint import HTML

    HTML(string=html_of(blocks, extra_css=WEASY_PAGE % {"header": HEADER, "serif": NOTO_SERIF})).write_pdf(out)


def docx_of(blocks, path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()

    def fonts(style_or_run, name):
        style_or_run.font.name = name
        rpr = style_or_run.element.get_or_add_rPr()
        f = rpr.find(qn("w:rFonts"))
        if f is None:
            f = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(f)
        for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            f.set(qn(a), name)
        for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            f.attrib.pop(qn(a), None)

    normal = d.styles["Normal"]
    fonts(normal, NOTO_SERIF)
    normal.font.size = Pt(16)
    normal.paragraph_format.line_spacing = Pt(28)
    normal.paragraph_format.space_after = Pt(0)
    for name, size, face in (("Title", 22, NOTO_SANS), ("Heading 1", 16, NOTO_SANS), ("Heading 2", 16, NOTO_SERIF)):
        st = d.styles[name]
        fonts(st, face)
        st.font.size = Pt(size)
        st.font.bold = name != "Heading 1"
        st.font.italic = False
        st.font.color.rgb = None
        st.paragraph_format.space_before = Pt(0)
        st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.line_spacing = Pt(34 if name == "Title" else 28)
    sec = d.sections[0]
    hp = sec.header.paragraphs[0]
    hp.text = HEADER
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("— ")
    run_ = fp.add_run()
    for tag, attrs in (("w:fldChar", {"w:fldCharType": "begin"}), ("w:instrText", None), ("w:fldChar", {"w:fldCharType": "end"})):
        el = OxmlElement(tag)
        if attrs:
            for k, v in attrs.items():
                el.set(qn(k), v)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = "PAGE"
        run_._r.append(el)
    fp.add_run(" —")
    for kind, text in blocks:
        if kind == "title":
            p = d.add_paragraph(text, style="Title")
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind in ("h1", "h2"):
            p = d.add_heading(text, level=1 if kind == "h1" else 2)
            p.paragraph_format.first_line_indent = Pt(32)
        elif kind == "sign":
            p = d.add_paragraph(text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            p = d.add_paragraph(text)
            p.paragraph_format.first_line_indent = Pt(32)
    import datetime

    d.core_properties.created = datetime.datetime(2025, 3, 20, 9, 0, 0)
    d.save(path)


def libreoffice_pdf(ctx, blocks):
    """The report through LibreOffice, cached per report (other producers start from it)."""
    if ctx.lo_pdf is None:
        src = os.path.join(ctx.tmp, ctx.stem + ".docx")
        docx_of(blocks, src)
        outdir = os.path.join(ctx.tmp, "lo")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        profile = "file://" + os.path.join(ctx.tmp, "lo-profile")
        run([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
             "--outdir", outdir, src])
        ctx.lo_pdf = os.path.join(outdir, ctx.stem + ".pdf")
    return ctx.lo_pdf


def p_libreoffice(ctx, blocks, out):
    shutil.copyfile(libreoffice_pdf(ctx, blocks), out)


def reportlab_doc(blocks, out, body, bold):
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    base = ParagraphStyle("b", fontName=body, fontSize=16, leading=28, firstLineIndent=32, wordWrap="CJK")
    styles = {
        "title": ParagraphStyle("t", parent=base, fontName=bold, fontSize=22, leading=34, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=28),
        "h1": ParagraphStyle("h1", parent=base, fontName=bold),
        "h2": base,
        "para": base,
        "sign": ParagraphStyle("s", parent=base, alignment=TA_RIGHT, firstLineIndent=0, rightIndent=64),
    }

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont(body, 10.5)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 20 * mm, HEADER)
        canvas.setFont(body, 14)
        canvas.drawCentredString(A4[0] / 2, 18 * mm, "— %d —" % doc.page)
        canvas.restoreState()

    story = []
    seen_sign = False
    for kind, text in blocks:
        if kind == "sign" and not seen_sign:
            story.append(Spacer(1, 28))
            seen_sign = True
        story.append(Paragraph(html.escape(text), styles[kind]))
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm, bottomMargin=35 * mm,
                            title=blocks[0][1], creator="reportlab")
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def p_reportlab_stsong(ctx, blocks, out):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    reportlab_doc(blocks, out, "STSong-Light", "STSong-Light")


def p_reportlab_msung(ctx, blocks, out):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    # reportlab declares MSung-Light with UniGB-UCS2-H (its default table pairs them),
    # a CMap of another collection: poppler then reads nothing; readers that decode
    # the UCS-2 codes themselves read the text.
    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light"))
    reportlab_doc(blocks, out, "MSung-Light", "MSung-Light")


def p_reportlab_gbk(ctx, blocks, out):
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import CIDFont

    rl_config.CMapSearchPath.append(os.path.join(POPPLER_CMAPS, "Adobe-GB1"))
    font = CIDFont("STSong-Light", "GBK-EUC-H")
    pdfmetrics.registerFont(font)
    name = font.fontName
    # reportlab's CIDFont takes text in the CMap's own encoding, one str character per
    # byte: encode before drawing. Platypus would wrap by those bytes, so this producer
    # lays out its lines itself.
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas as rl_canvas

    c = rl_canvas.Canvas(out, pagesize=A4)
    c.setTitle(blocks[0][1])
    W, H = A4
    left, right, top, bottom = 28 * mm, W - 26 * mm, H - 37 * mm, 35 * mm
    per_line = int((right - left) // 16)
    page = [1]
    y = [top]

    def furniture():
        c.setFont(name, 10.5)
        t = HEADER.encode("gbk").decode("latin-1")
        c.drawString(W / 2 - len(HEADER) * 5.25, H - 20 * mm, t)
        c.setFont(name, 14)
        s = ("— %d —" % page[0]).encode("gbk").decode("latin-1")
        c.drawString(W / 2 - 28, 18 * mm, s)

    def newline(pitch=28):
        y[0] -= pitch
        if y[0] < bottom:
            c.showPage()
            page[0] += 1
            furniture()
            y[0] = top

    def text_width(t, size):
        return sum(size * (0.5 if ord(ch) < 128 else 1.0) for ch in t)

    furniture()
    for kind, text in blocks:
        if kind == "title":
            c.setFont(name, 22)
            c.drawString((W - text_width(text, 22)) / 2, y[0], text.encode("gbk").decode("latin-1"))
            newline(56)
            continue
        if kind == "sign":
            c.setFont(name, 16)
            c.drawString(right - 64 - text_width(text, 16), y[0], text.encode("gbk").decode("latin-1"))
            newline()
            continue
        c.setFont(name, 16)
        first, rest = True, text
        while rest:
            x0 = left + (32 if first else 0)
            room = right - x0
            n, w = 0, 0.0
            while n < len(rest) and w + text_width(rest[n], 16) <= room + 0.1:
                w += text_width(rest[n], 16)
                n += 1
            c.drawString(x0, y[0], rest[:n].encode("gbk").decode("latin-1"))
            rest = rest[n:]
            first = False
            newline()
    c.save()


def p_fpdf2(ctx, blocks, out):
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            self.set_font("wqy", size=10.5)
            self.set_y(18)
            self.cell(0, 6, HEADER, align="C")
            self.set_y(37)

        def footer(self):
            self.set_y(-25)
            self.set_font("wqy", size=14)
            self.cell(0, 8, "— %d —" % self.page_no(), align="C")

    pdf = Doc(format="A4", unit="mm")
    pdf.add_font("wqy", fname=WQY, collection_font_number=0)
    pdf.set_margins(28, 37, 26)
    pdf.set_auto_page_break(True, 35)
    pdf.set_title(blocks[0][1])
    pdf.add_page()
    lh = 28 * 25.4 / 72
    for kind, text in blocks:
        if kind == "title":
            pdf.set_font("wqy", size=22)
            pdf.multi_cell(0, 34 * 25.4 / 72, text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(lh)
        elif kind == "sign":
            pdf.set_font("wqy", size=16)
            pdf.cell(0, lh, text + "\u3000\u3000\u3000\u3000", align="R", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("wqy", size=16)
            pdf.multi_cell(0, lh, "\u3000\u3000" + text, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.output(out)


def p_truetype_no_tounicode(ctx, blocks, out):
    """The fpdf2 file with its ToUnicode maps removed: an Identity-H CID font whose only
    way back to text is the embedded TrueType program's cmap (as WPS and some Chinese
    writers produce; poppler reads such CIDs as Unicode, i.e. garbage)."""
    import pikepdf

    src = os.path.join(ctx.tmp, "fpdf2-src.pdf")
    p_fpdf2(ctx, blocks, src)
    pdf = pikepdf.open(src)
    for page in pdf.pages:
        for _, font in page.Resources.get("/Font", {}).items():
            if "/ToUnicode" in font:
                del font["/ToUnicode"]
    pdf.save(out)


def p_ghostscript(ctx, blocks, out):
    run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}",
         libreoffice_pdf(ctx, blocks)])


def p_ocrmypdf(ctx, blocks, out):
    run(["ocrmypdf", "--quiet", "--force-ocr", "-l", "chi_sim", "--output-type", "pdf", "--optimize", "0",
         "--jobs", "1", libreoffice_pdf(ctx, blocks), out], timeout=1800)


def p_qpdf_aes256(ctx, blocks, out):
    run(["qpdf", "--encrypt", "", "owner-secret", "256", "--print=none", "--modify=none", "--",
         libreoffice_pdf(ctx, blocks), out])


def p_qpdf_rc4(ctx, blocks, out):
    run(["qpdf", "--allow-weak-crypto", "--encrypt", "", "owner-secret", "128", "--use-aes=n", "--extract=n",
         "--modify=none", "--", libreoffice_pdf(ctx, blocks), out])


def p_qpdf_objstm(ctx, blocks, out):
    run(["qpdf", "--object-streams=generate", "--linearize", libreoffice_pdf(ctx, blocks), out])


def p_incremental(ctx, blocks, out):
    import pymupdf

    shutil.copyfile(libreoffice_pdf(ctx, blocks), out)
    doc = pymupdf.open(out)
    doc.set_metadata({"title": blocks[0][1], "producer": "incremental update", "creationDate": "D:20250320093000+08'00'"})
    page = doc[0]
    page.add_text_annot((20, 20), "已审阅")
    doc.saveIncr()
    doc.close()


# ---------------------------------------------------------------- hand-written PDFs


class RawPdf:
    """A minimal PDF writer: numbered objects, optional deflated streams, one xref."""

    def __init__(self):
        self.objects = []

    def add(self, body, stream=None):
        self.objects.append((body, stream))
        return len(self.objects)

    def reserve(self):
        self.objects.append(None)
        return len(self.objects)

    def set(self, num, body, stream=None):
        self.objects[num - 1] = (body, stream)

    def save(self, path, root, info=None):
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, (body, stream) in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode()
            if stream is not None:
                data = zlib.compress(stream)
                out += body.encode("latin-1") if isinstance(body, str) else body
                out += f"\n/Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode()
                out += data + b"\nendstream"
            else:
                out += body.encode("latin-1") if isinstance(body, str) else body
            out += b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        for o in offsets:
            out += f"{o:010d} 00000 n \n".encode()
        trailer = f"trailer\n<< /Size {len(self.objects) + 1} /Root {root} 0 R"
        if info:
            trailer += f" /Info {info} 0 R"
        out += (trailer + f" >>\nstartxref\n{xref}\n%%EOF\n").encode()
        with open(path, "wb") as f:
            f.write(out)


def hexstr(b):
    return "<" + b.hex() + ">"


def pdf_text_string(s):
    return "<FEFF" + s.encode("utf-16-be").hex() + ">"


def layout_lines(blocks, per_line=28):
    """(kind, x_chars, text) lines of a 公文 page layout, wrapped at per_line characters
    (a Latin character counts half)."""
    def width(t):
        return sum(0.5 if ord(c) < 128 else 1.0 for c in t)

    lines = []
    for kind, text in blocks:
        if kind in ("title", "sign"):
            lines.append((kind, 0, text))
            continue
        first, rest = True, text
        while rest:
            room = per_line - (2 if first else 0)
            n, w = 0, 0.0
            while n < len(rest) and w + width(rest[n]) <= room:
                w += width(rest[n])
                n += 1
            lines.append((kind, 2 if first else 0, rest[:n]))
            rest = rest[n:]
            first = False
    return lines


def unicode_to_cid(collection="Adobe-GB1", cmap="UniGB-UCS2-H"):
    """Unicode → CID from poppler-data's copy of Adobe's CMap."""
    path = os.path.join(POPPLER_CMAPS, collection, cmap)
    out = {}
    mode = None
    with open(path, encoding="latin-1") as f:
        for line in f:
            line = line.strip()
            if line.endswith("begincidrange"):
                mode = "range"
            elif line.endswith("begincidchar"):
                mode = "char"
            elif line.startswith("end"):
                mode = None
            elif mode == "range":
                m = re.match(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)", line)
                if m:
                    a, b, cid = int(m[1], 16), int(m[2], 16), int(m[3])
                    for u in range(a, b + 1):
                        out.setdefault(u, cid + u - a)
            elif mode == "char":
                m = re.match(r"<([0-9a-fA-F]+)>\s*(\d+)", line)
                if m:
                    out.setdefault(int(m[1], 16), int(m[2]))
    return out


def untab(blocks):
    """A tab on a printed page is white space, not a character: the hand-written producers,
    which give every character a code and place it themselves, draw it as two spaces."""
    return [(kind, text.replace("\t", "  ")) for kind, text in blocks]


def raw_report(blocks, out, font_setup, show):
    """Lay out the report's lines with fixed metrics and draw each run with `show`
    (returns content bytes for one run: (font key, text, x, y, size) → bytes)."""
    pdf = RawPdf()
    pages_id = pdf.reserve()
    fonts = font_setup(pdf)
    W, H = 595.0, 842.0
    left, top, bottom = 80.0, 740.0, 100.0
    lines = layout_lines(blocks)
    page_contents, cur, y, n = [], [], top, 1

    def furniture(n):
        return [show("body", HEADER, W / 2 - len(HEADER) * 5.25, H - 56, 10.5),
                show("body", "— %d —" % n, W / 2 - 28, 50, 14)]

    cur = furniture(1)
    for kind, indent, text in lines:
        size = 22 if kind == "title" else 16
        pitch = 56 if kind == "title" else 28
        if y < bottom:
            page_contents.append(cur)
            n += 1
            cur, y = furniture(n), top
        width = sum(size * (0.5 if ord(c) < 128 else 1.0) for c in text)
        if kind == "title":
            x = (W - width) / 2
        elif kind == "sign":
            x = W - 80 - 64 - width
        else:
            x = left + indent * 16
        key = "head" if kind in ("title", "h1") else "body"
        cur.append(show(key, text, x, y, size))
        y -= pitch
    page_contents.append(cur)
    kids = []
    res = "<< /Font << " + " ".join(f"/{k} {v} 0 R" for k, v in fonts.items()) + " >> >>"
    for runs in page_contents:
        content = pdf.add("<<", b"\n".join(runs))
        kids.append(pdf.add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {W:g} {H:g}] /Resources {res} /Contents {content} 0 R >>"))
    pdf.set(pages_id, f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>")
    root = pdf.add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>")
    info = pdf.add(f"<< /Title {pdf_text_string(blocks[0][1])} /Producer (make-pdf-producers) /CreationDate (D:20250320093000+08'00') >>")
    pdf.save(out, root, info)


def run_bytes(fontname, codes, x, y, size, widths=None):
    return f"BT /{fontname} {size:g} Tf {x:.2f} {y:.2f} Td {hexstr(codes)} Tj ET".encode()


AGL_ASCII = {" ": "space", "-": "hyphen", ".": "period", ",": "comma", "(": "parenleft", ")": "parenright",
             ":": "colon", "%": "percent", "/": "slash"}
AGL_ASCII.update(zip("0123456789", ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]))
AGL_ASCII.update({c: c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"})


def p_type3_names(ctx, blocks, out):
    """Type 3 fonts of 255 glyphs each (a filled box per glyph), named uniXXXX, no
    ToUnicode: text only through the glyph names (Adobe Glyph List rules)."""
    blocks = untab(blocks)
    chars = sorted({c for _, t in blocks for c in t + HEADER + "— 0123456789"} - {" ", "m"})
    # Each font also carries an (unused) "m": poppler sizes Type 3 text by the width of
    # that letter when a font has one, else by any glyph's width.
    chunks = [chars[i:i + 254] + ["m"] for i in range(0, len(chars), 254)]
    where = {}
    for fi, chunk in enumerate(chunks):
        for ci, c in enumerate(chunk):
            where[c] = (fi, ci + 1)

    def setup(pdf):
        fonts = {}
        for fi, chunk in enumerate(chunks):
            procs = []
            names = []
            widths = []
            for ci, c in enumerate(chunk):
                wide = ord(c) >= 128
                w = 1000 if wide else (600 if c == "m" else 500)
                name = AGL_ASCII.get(c) or ("uni%04X" % ord(c) if ord(c) < 0x10000 else "u%05X" % ord(c))
                names.append("/" + name)
                widths.append(str(w))
                procs.append(f"/{name} {pdf.add('<<', f'{w} 0 0 0 {w - 100} 800 d1 50 0 {w - 150} 700 re f'.encode())} 0 R")
            cp = pdf.add("<< " + " ".join(procs) + " >>")
            fonts[f"T{fi}"] = pdf.add(
                f"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
                f"/CharProcs {cp} 0 R /Encoding << /Type /Encoding /Differences [1 {' '.join(names)}] >> "
                f"/FirstChar 1 /LastChar {len(chunk)} /Widths [{' '.join(widths)}] /Resources << >> >>")
        return fonts

    def show(key, text, x, y, size):
        parts = [f"BT {x:.2f} {y:.2f} Td".encode()]
        cur = None
        for c in text:
            if c == " ":
                c = "\u3000" if "\u3000" in where else c
                if c == " ":
                    continue
            fi, code = where[c]
            if fi != cur:
                parts.append(f"/T{fi} {size:g} Tf".encode())
                cur = fi
            parts.append(f"<{code:02x}> Tj".encode())
        parts.append(b"ET")
        return b" ".join(parts)

    raw_report(blocks, out, setup, show)


def p_type1_diff(ctx, blocks, out):
    """ASCII in Times-Roman (not embedded) through /Differences that put every glyph at a
    scrambled code; CJK in a non-embedded Adobe-GB1 CID font addressed by CID
    (Identity-H) with no ToUnicode — poppler reads it through Adobe-GB1's CID→Unicode."""
    blocks = untab(blocks)
    u2cid = unicode_to_cid()
    agl = AGL_ASCII
    latin = sorted({c for _, t in blocks for c in t + HEADER + "— 0123456789" if ord(c) < 128})
    code_of = {c: 200 - i for i, c in enumerate(latin)}

    def setup(pdf):
        diffs = " ".join(f"{code_of[c]} /{agl[c]}" for c in latin)
        lat = pdf.add(f"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{diffs}] >> >>")
        desc = pdf.add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
        cidf = pdf.add(f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor {desc} 0 R /DW 1000 >>")
        cjk = pdf.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-Identity-H /Encoding /Identity-H /DescendantFonts [{cidf} 0 R] >>")
        return {"L": lat, "C": cjk}

    def show(key, text, x, y, size):
        parts = [f"BT {x:.2f} {y:.2f} Td".encode()]
        i = 0
        while i < len(text):
            j = i
            if ord(text[i]) < 128:
                while j < len(text) and ord(text[j]) < 128:
                    j += 1
                codes = bytes(code_of[c] for c in text[i:j])
                parts.append(f"/L {size:g} Tf {hexstr(codes)} Tj".encode())
            else:
                while j < len(text) and ord(text[j]) >= 128:
                    j += 1
                codes = b"".join(struct.pack(">H", u2cid[ord(c)]) for c in text[i:j])
                parts.append(f"/C {size:g} Tf {hexstr(codes)} Tj".encode())
            i = j
        parts.append(b"ET")
        return b" ".join(parts)

    raw_report(blocks, out, setup, show)


def p_truetype_symbolic(ctx, blocks, out):
    """Digits and Latin in an embedded symbolic TrueType subset whose only cmap is (3,0)
    at 0xF000 + code (no /Encoding, no ToUnicode, as Word writes symbol fonts); CJK in
    STSong-Light through the GBK-EUC-H CMap (GBK bytes, no ToUnicode)."""
    blocks = untab(blocks)
    from fontTools import subset
    from fontTools.ttLib.tables._c_m_a_p import cmap_format_4

    latin = sorted({c for _, t in blocks for c in t + HEADER + "— 0123456789" if ord(c) < 128})
    opts = subset.Options()
    opts.font_number = 0
    opts.notdef_outline = True
    font = subset.load_font(WQY, opts)
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(latin))
    sub.subset(font)
    best = font.getBestCmap()
    table = cmap_format_4(4)
    table.platformID, table.platEncID, table.language = 3, 0, 0
    table.cmap = {0xF000 + ord(c): best[ord(c)] for c in latin if ord(c) in best and best[ord(c)] in font.getGlyphOrder()}
    font["cmap"].tables = [table]
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    widths = []
    for code in range(32, 127):
        g = table.cmap.get(0xF000 + code)
        widths.append(str(round(hmtx[g][0] * 1000 / upm)) if g else "0")
    path = os.path.join(ctx.tmp, "sym.ttf")
    font.save(path)
    data = open(path, "rb").read()

    def setup(pdf):
        ff = pdf.add(f"<< /Length1 {len(data)}", data)
        desc = pdf.add(f"<< /Type /FontDescriptor /FontName /ABCDEF+WenQuanYiZenHei /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 {ff} 0 R >>")
        sym = pdf.add(f"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+WenQuanYiZenHei /FirstChar 32 /LastChar 126 /Widths [{' '.join(widths)}] /FontDescriptor {desc} 0 R >>")
        desc2 = pdf.add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
        cidf = pdf.add(f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor {desc2} 0 R /DW 1000 /W [814 [500] 815 908 500] >>")
        cjk = pdf.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-GBK-EUC-H /Encoding /GBK-EUC-H /DescendantFonts [{cidf} 0 R] >>")
        return {"S": sym, "C": cjk}

    def show(key, text, x, y, size):
        parts = [f"BT {x:.2f} {y:.2f} Td".encode()]
        i = 0
        while i < len(text):
            j = i
            if ord(text[i]) < 128:
                while j < len(text) and ord(text[j]) < 128:
                    j += 1
                parts.append(f"/S {size:g} Tf {hexstr(text[i:j].encode('ascii'))} Tj".encode())
            else:
                while j < len(text) and ord(text[j]) >= 128:
                    j += 1
                parts.append(f"/C {size:g} Tf {hexstr(text[i:j].encode('gbk'))} Tj".encode())
            i = j
        parts.append(b"ET")
        return b" ".join(parts)

    raw_report(blocks, out, setup, show)


# ---------------------------------------------------------------------------- driver


def have_py(mod):
    import importlib.util

    return importlib.util.find_spec(mod) is not None


PRODUCERS = {
    "chromium": (p_chromium, lambda: chromium_bin() is not None, "chromium"),
    "wkhtmltopdf": (p_wkhtmltopdf, lambda: shutil.which("wkhtmltopdf") is not None, "wkhtmltopdf"),
    "wkhtmltopdf-wqy": (p_wkhtmltopdf_wqy, lambda: shutil.which("wkhtmltopdf") is not None and os.path.exists(WQY), "wkhtmltopdf, fonts-wqy-zenhei"),
    "weasyprint": (p_weasyprint, lambda: have_py("weasyprint"), "weasyprint"),
    "libreoffice": (p_libreoffice, lambda: bool(shutil.which("soffice")) and have_py("docx"), "LibreOffice, python-docx"),
    "reportlab-stsong": (p_reportlab_stsong, lambda: have_py("reportlab"), "reportlab"),
    "reportlab-gbk": (p_reportlab_gbk, lambda: have_py("reportlab") and os.path.exists(os.path.join(POPPLER_CMAPS, "Adobe-GB1", "GBK-EUC-H")), "reportlab, poppler-data"),
    "reportlab-msung": (p_reportlab_msung, lambda: have_py("reportlab"), "reportlab"),
    "fpdf2": (p_fpdf2, lambda: have_py("fpdf") and os.path.exists(WQY), "fpdf2, fonts-wqy-zenhei"),
    "truetype-no-tounicode": (p_truetype_no_tounicode, lambda: have_py("fpdf") and have_py("pikepdf") and os.path.exists(WQY), "fpdf2, pikepdf, fonts-wqy-zenhei"),
    "ghostscript": (p_ghostscript, lambda: bool(shutil.which("gs") and shutil.which("soffice")) and have_py("docx"), "ghostscript, LibreOffice"),
    "ocrmypdf": (p_ocrmypdf, lambda: bool(shutil.which("ocrmypdf") and shutil.which("soffice") and shutil.which("tesseract")), "ocrmypdf, tesseract-ocr-chi-sim, LibreOffice"),
    "qpdf-aes256": (p_qpdf_aes256, lambda: bool(shutil.which("qpdf") and shutil.which("soffice")), "qpdf, LibreOffice"),
    "qpdf-rc4": (p_qpdf_rc4, lambda: bool(shutil.which("qpdf") and shutil.which("soffice")), "qpdf, LibreOffice"),
    "qpdf-objstm": (p_qpdf_objstm, lambda: bool(shutil.which("qpdf") and shutil.which("soffice")), "qpdf, LibreOffice"),
    "incremental": (p_incremental, lambda: have_py("pymupdf") and bool(shutil.which("soffice")), "PyMuPDF, LibreOffice"),
    "type3-names": (p_type3_names, lambda: True, "-"),
    "type1-diff": (p_type1_diff, lambda: os.path.exists(os.path.join(POPPLER_CMAPS, "Adobe-GB1", "UniGB-UCS2-H")), "poppler-data"),
    "truetype-symbolic": (p_truetype_symbolic, lambda: have_py("fontTools") and os.path.exists(WQY), "fonttools, fonts-wqy-zenhei"),
}

# Producers for traditional-character reports only, and those that cannot print them.
TRADITIONAL_ONLY = {"reportlab-msung"}
SIMPLIFIED_ONLY = {"reportlab-stsong", "reportlab-gbk", "type1-diff", "truetype-symbolic"}


class Ctx:
    pass


def is_traditional(text):
    return any(c in text for c in "們為國會進設與發報學習責職規務機關開題實經體處")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*", metavar="REPORT.txt")
    ap.add_argument("--out", help="output folder (created)")
    ap.add_argument("--producers", default=",".join(PRODUCERS), help="comma-separated: " + ",".join(PRODUCERS))
    ap.add_argument("--list", action="store_true", help="list the producers and whether each is available")
    args = ap.parse_args()
    if args.list:
        for name, (_, ok, needs) in PRODUCERS.items():
            print(f"{name:22} {'available' if ok() else 'missing: ' + needs}")
        return
    if not args.inputs or not args.out:
        die("give REPORT.txt... and --out DIR")
    wanted = [p.strip() for p in args.producers.split(",") if p.strip()]
    bad = [p for p in wanted if p not in PRODUCERS]
    if bad:
        die("unknown producers: " + ", ".join(bad))
    os.makedirs(args.out, exist_ok=True)
    failed = []
    for path in args.inputs:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        blocks = blocks_of(text)
        trad = is_traditional(text)
        stem = os.path.splitext(os.path.basename(path))[0]
        with tempfile.TemporaryDirectory(prefix="pdf-producers-") as tmp:
            ctx = Ctx()
            ctx.tmp, ctx.stem, ctx.lo_pdf = tmp, stem, None
            for name in wanted:
                fn, ok, needs = PRODUCERS[name]
                if (trad and name in SIMPLIFIED_ONLY) or (not trad and name in TRADITIONAL_ONLY):
                    continue
                if not ok():
                    print(f"skip {name}: missing {needs}", file=sys.stderr)
                    continue
                out = os.path.join(args.out, f"{stem}.{name}.pdf")
                try:
                    fn(ctx, blocks, out)
                except Exception as e:  # one producer failing does not stop the others
                    failed.append(f"{stem}.{name}: {e}")
                    print(f"FAILED {stem}.{name}: {e}", file=sys.stderr)
                    continue
                if shutil.which("pdftotext"):
                    r = subprocess.run(["pdftotext", "-enc", "UTF-8", out, "-"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                    with open(os.path.join(args.out, f"{stem}.{name}.pdftotext.txt"), "wb") as f:
                        f.write(r.stdout)
                print(f"{stem}.{name}.pdf", file=sys.stderr)
    if failed:
        die("some producers failed:\n  " + "\n  ".join(failed))


if __name__ == "__main__":
    main()
