#!/usr/bin/env python3
"""Write one plain-text report in every form an office receives, with real writers.

    scripts/make-forms.py REPORT.txt... --out DIR [--forms txt,docx,...] [--from typed|styled]
                          [--outline OUTLINE.json | --bin path/to/fazhi-lint]

The report's structure comes from `fazhi-lint outline --format json REPORT.txt` (run with
--bin, default `fazhi-lint` on PATH, or read from --outline): which lines are headings, their
levels and markers. Forms written into DIR, named after the input's stem:

  STEM.txt          the input, copied
  STEM.docx         python-docx: headings in Word heading styles *and* with typed markers
                    (一、 （一） 1. （1））, title in the Title style
  STEM.styled.docx  python-docx: headings in heading styles only, markers removed (a run-in
                    heading "二、存在的不足。一是……" becomes a heading and a paragraph)
  STEM.doc / .odt / .rtf / .pdf
                    LibreOffice (one `soffice --headless --convert-to` run per target
                    format for all the inputs at once, the runs in parallel) from STEM.docx, or from STEM.styled.docx
                    with --from styled
  STEM.wps          a copy of the .doc bytes: LibreOffice cannot write .wps (WPS Office's own
                    binary is the same compound-file family and WPS opens and saves .doc)
  STEM.ofd          easyofd (PyPI) converting STEM.pdf with optional_text=True (TextObject
                    and TextCode with X/Y; without it easyofd writes one JPEG per page)

Needs python-docx (>= 1.2), LibreOffice (soffice) for doc/odt/rtf/pdf/wps and easyofd for
ofd. Exit status 2 with a message on stderr when a needed tool is missing.
"""

import argparse
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ALL_FORMS = ["txt", "docx", "styled.docx", "doc", "wps", "odt", "rtf", "pdf", "ofd"]
OFFICE_FORMS = {"doc": "doc:MS Word 97", "odt": "odt", "rtf": "rtf", "pdf": "pdf:writer_pdf_Export"}


def die(msg):
    print(f"make-forms: {msg}", file=sys.stderr)
    sys.exit(2)


def outline_of(args, path):
    if args.outline:
        with open(args.outline, encoding="utf-8") as f:
            return json.load(f)
    try:
        out = subprocess.run([args.bin, "outline", "--format", "json", path], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        die(f"cannot run {args.bin} outline: {e}")
    return json.loads(out.stdout)


def flatten(sections, out):
    for s in sections:
        out.append(s)
        flatten(s.get("children", []), out)
    return out


def blocks_of(text, outline):
    """(kind, level, text) per non-empty line: kind is title, heading, runin or para."""
    lines = text.splitlines()
    heads = {s["line"]: s for s in flatten(outline.get("sections", []), [])}
    title = re.sub(r"\s", "", outline.get("title") or "")
    first_head = min(heads) if heads else len(lines) + 1
    blocks = []
    seen_title = ""
    for no, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        s = heads.get(no)
        if s is not None:
            marker, heading = s["marker"], s["heading"]
            rest = line[len(marker):] if line.startswith(marker) else line
            rest = rest.strip()
            if rest.startswith(heading) and rest[len(heading):].strip():
                blocks.append(("runin", s["level"], (marker, heading, rest[len(heading):].lstrip("。．. ").strip(), line)))
            else:
                blocks.append(("heading", s["level"], (marker, heading, "", line)))
            continue
        if no < first_head and title and title.startswith(seen_title + line.replace(" ", "")) and len(seen_title) < len(title):
            seen_title += line.replace(" ", "")
            blocks.append(("title", 0, line))
            continue
        blocks.append(("para", 0, line))
    return blocks


FONT = "Noto Sans CJK SC"


def use_one_font(d):
    """One CJK font for every script in the styles used, so the PDF embeds one font
    subset (smaller fixtures) and no Latin fallback font mixes into lines."""
    from docx.oxml.ns import qn

    for name in ["Normal", "Title"] + [f"Heading {i}" for i in range(1, 10)]:
        try:
            style = d.styles[name]
        except KeyError:
            continue
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def write_docx(blocks, path, typed):
    import docx  # python-docx

    d = docx.Document()
    use_one_font(d)
    for kind, level, value in blocks:
        if kind == "title":
            d.add_paragraph(value, style="Title")
        elif kind == "para":
            d.add_paragraph(value)
        else:
            marker, heading, rest, line = value
            if typed:
                if kind == "runin":
                    # A run-in heading stays one paragraph of running text, as typed.
                    d.add_paragraph(line)
                else:
                    d.add_heading(line, level=min(level, 9))
            else:
                d.add_heading(heading, level=min(level, 9))
                if rest:
                    d.add_paragraph(rest)
    # A fixed creation date keeps the output reproducible (core.xml dcterms:created).
    import datetime

    d.core_properties.created = datetime.datetime(2024, 1, 15, 9, 0, 0)
    d.core_properties.modified = datetime.datetime(2024, 1, 15, 9, 0, 0)
    d.save(path)


def convert_office(srcs, tmp, forms):
    """Convert every source .docx to each form: one soffice run per target format (a
    --convert-to names one filter) over all the files at once, the runs side by side (each
    with its own profile, which two running instances cannot share), so LibreOffice starts
    once per format however many reports there are. Yields (form, src, converted path)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        die("LibreOffice (soffice) not found: needed for " + ", ".join(forms))
    runs = []
    for form in forms:
        work = os.path.join(tmp, "conv-" + form)
        os.makedirs(work)
        # A private profile: no clash with another soffice running, no first-start dialogs.
        profile = "file://" + os.path.join(tmp, "profile-" + form)
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", OFFICE_FORMS[form], "--outdir", work, *srcs]
        runs.append((form, work, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
    for form, work, proc in runs:
        try:
            _, err = proc.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            proc.kill()
            die(f"soffice took too long writing .{form}")
        for src in srcs:
            stem = os.path.splitext(os.path.basename(src))[0]
            made = os.path.join(work, stem + "." + form)
            if not os.path.exists(made):
                die(f"soffice could not write {stem}.{form} (exit {proc.returncode}): {err.decode(errors='replace').strip()}")
            yield form, src, made


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="REPORT.txt", help="reports as UTF-8 plain text")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--forms", default=",".join(ALL_FORMS), help="comma-separated: " + ",".join(ALL_FORMS))
    p.add_argument("--from", dest="source", choices=["typed", "styled"], default="typed",
                   help="which .docx LibreOffice converts: with typed markers (default) or styles only")
    p.add_argument("--outline", help="outline JSON, with one input only (else run --bin outline --format json)")
    p.add_argument("--bin", default="fazhi-lint", help="the fazhi-lint binary")
    args = p.parse_args()

    forms = [f.strip() for f in args.forms.split(",") if f.strip()]
    bad = [f for f in forms if f not in ALL_FORMS]
    if bad:
        die("unknown forms: " + ", ".join(bad))
    if args.outline and len(args.inputs) != 1:
        die("--outline goes with exactly one input")
    stems = [os.path.splitext(os.path.basename(i))[0] for i in args.inputs]
    if len(set(stems)) != len(stems):
        die("two inputs have the same file stem")
    try:
        import docx  # noqa: F401
    except ImportError:
        die("python-docx not installed (pip install python-docx)")
    os.makedirs(args.out, exist_ok=True)
    out = lambda stem, ext: os.path.join(args.out, f"{stem}.{ext}")

    with tempfile.TemporaryDirectory(prefix="make-forms-") as tmp:
        srcdir = os.path.join(tmp, "src")
        os.makedirs(srcdir)
        srcs = []
        for path, stem in zip(args.inputs, stems):
            with open(path, encoding="utf-8-sig") as f:
                text = f.read()
            blocks = blocks_of(text, outline_of(args, path))
            dest = out(stem, "txt")
            if "txt" in forms and not (os.path.exists(dest) and os.path.samefile(path, dest)):
                with open(dest, "w", encoding="utf-8") as f:
                    f.write(text)
            typed, styled = os.path.join(tmp, stem + ".typed.docx"), os.path.join(tmp, stem + ".styled.docx")
            write_docx(blocks, typed, True)
            write_docx(blocks, styled, False)
            if "docx" in forms:
                shutil.copyfile(typed, out(stem, "docx"))
            if "styled.docx" in forms:
                shutil.copyfile(styled, out(stem, "styled.docx"))
            src = os.path.join(srcdir, stem + ".docx")
            shutil.copyfile(typed if args.source == "typed" else styled, src)
            srcs.append(src)
        office = [f for f in OFFICE_FORMS if f in forms or (f == "doc" and "wps" in forms) or (f == "pdf" and "ofd" in forms)]
        for form, src, made in convert_office(srcs, tmp, office) if office else []:
            stem = os.path.splitext(os.path.basename(src))[0]
            if form in forms:
                shutil.copyfile(made, out(stem, form))
            if form == "doc" and "wps" in forms:
                # LibreOffice has no .wps export filter: the .doc bytes stand in for it.
                shutil.copyfile(made, out(stem, "wps"))
            if form == "pdf" and "ofd" in forms:
                write_ofd(made, out(stem, "ofd"))


def write_ofd(pdf, dest):
    try:
        import logging
        import warnings

        warnings.filterwarnings("ignore")
        logging.disable(logging.CRITICAL)
        try:
            from loguru import logger  # easyofd logs through loguru

            logger.remove()
        except ImportError:
            pass
        from easyofd.ofd import OFD
    except ImportError:
        die("easyofd not installed (pip install easyofd)")
    with open(pdf, "rb") as f:
        pdf_bytes = f.read()
    # easyofd builds the package in ./test of the working directory: give it its own.
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="make-forms-ofd-") as tmp:
        os.chdir(tmp)
        try:
            # It prints its resource map on stdout; keep stdout for this script's callers.
            with contextlib.redirect_stdout(io.StringIO()):
                data = OFD().pdf2ofd(pdf_bytes, optional_text=True)
        finally:
            os.chdir(cwd)
    with open(dest, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
