#!/usr/bin/env python3
"""Make "scans" of plain-text reports: pages set as a 公文 (GB/T 9704 layout), signed
with a red seal over the sign-off, then printed-and-scanned: a slight rotation, paper
tone, noise, blur, JPEG compression. For the OCR tests and the OCR measurement.

    scripts/make-scans.py REPORT.txt... --out DIR [--bin fazhi-lint] [--form pdf|tif|png|jpg]
                          [--dpi 200] [--seed 1] [--clean] [--gray]

The report's structure comes from `fazhi-lint outline --format json REPORT.txt` (run with
--bin, default `fazhi-lint` on PATH): which lines are headings and their levels, the title,
and the sign-off (the last lines after the last section's text that name the unit or a
date). Pages are drawn with Pillow in the Noto CJK fonts (fonts-noto-cjk) and WenQuanYi
Zen Hei when present: title 22 pt centred, level-1 headings in a sans face, level-2 in a
bold face, body 16 pt with two characters of first-line indent, 28 characters a line,
"— N —" page numbers, the unit and date right-aligned at the end with a red seal drawn
over them.

Output per report, named after the input's stem:

  pdf   STEM.pdf: one JPEG per page, embedded as is (DCTDecode, as scanners write) by img2pdf
  tif   STEM.tif: all pages in one multi-page TIFF (LZW)
  png   STEM.png (first page only) / jpg STEM.jpg (first page only)

Each report gets its own random look (font, size, rotation, noise, JPEG quality, paper)
from --seed and its name, so a set of reports varies while a run is reproducible.
--clean turns the scanner effects off (no rotation, noise, blur; JPEG quality 95).
--gray writes grey scans (the seal then cannot be told by its colour); --bilevel black and
white ones (the seal turns black), TIFF pages then in CCITT group 4 as fax-mode scanners
write them. --rotate, --noise and --quality fix what is otherwise random.

Needs Pillow, numpy and img2pdf (pip), fonts-noto-cjk. `.ci/run` installs them when missing.
"""

import argparse
import hashlib
import io
import json
import math
import os
import random
import re
import subprocess
import sys

try:
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont
except ImportError as e:  # pragma: no cover
    sys.exit(f"make-scans: needs Pillow and numpy ({e})")

RENDER_DPI = 300
MM = RENDER_DPI / 25.4
PT = RENDER_DPI / 72.0

FONT_FILES = {
    "serif": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "serif-bold": "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "sans": "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "sans-bold": "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
}
# Index of the Simplified Chinese face in the Noto CJK collections (JP, KR, SC, TC, HK).
SC_INDEX = 2


def font(name, size_px):
    path = FONT_FILES[name]
    if not os.path.exists(path):
        path = FONT_FILES["serif"] if os.path.exists(FONT_FILES["serif"]) else None
    if path is None:
        sys.exit("make-scans: no CJK font found (install fonts-noto-cjk)")
    index = SC_INDEX if "Noto" in path else 0
    return ImageFont.truetype(path, int(round(size_px)), index=index)


def outline_of(binary, path):
    try:
        out = subprocess.run([binary, "outline", "--format", "json", path], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit(f"make-scans: cannot run {binary} outline: {e}")
    return json.loads(out.stdout)


def flatten(sections, out):
    for s in sections:
        out.append(s)
        flatten(s.get("children", []), out)
    return out


def blocks_of(text, outline):
    """(kind, text) per non-empty line: title, h1, h2, h3, para, sign."""
    lines = [l.strip() for l in text.splitlines()]
    heads = {s["line"]: s["level"] for s in flatten(outline.get("sections", []), [])}
    title = re.sub(r"\s", "", outline.get("title") or "")
    unit = outline.get("unit") or ""
    first_head = min(heads) if heads else len(lines) + 1
    last_head = max(heads) if heads else 0
    out = []
    seen = ""
    for no, line in enumerate(lines, start=1):
        if not line:
            continue
        if no in heads:
            out.append((f"h{min(heads[no], 3)}", line))
        elif no < first_head and title and title.startswith(seen + line.replace(" ", "")) and len(seen) < len(title):
            seen += line.replace(" ", "")
            out.append(("title", line))
        elif no > last_head and len(line) <= 30 and (
            (unit and line == unit) or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line)
        ):
            out.append(("sign", line))
        else:
            out.append(("para", line))
    return out


CLOSING = set("，。、；：！？）》”’」』】〕…%")


class Typesetter:
    """Lays out blocks on A4 pages the way a 公文 is set."""

    def __init__(self, rnd):
        self.rnd = rnd
        self.body_pt = rnd.choice([16, 16, 16, 15, 14])
        body_face = rnd.choice(["serif", "serif", "sans", "zenhei"])
        self.faces = {
            "para": body_face,
            "sign": body_face,
            "h1": rnd.choice(["sans-bold", "sans", "zenhei"]),
            "h2": rnd.choice(["serif-bold", body_face]),
            "h3": body_face,
            "title": rnd.choice(["serif-bold", "sans-bold"]),
        }
        self.left = 28 * MM
        self.right = (210 - 26) * MM
        self.top = 37 * MM
        self.bottom = (297 - 35) * MM
        self.pitch = (self.bottom - self.top) / rnd.choice([22, 22, 23, 20])
        self.pages = []
        self.new_page()

    def new_page(self):
        img = Image.new("RGB", (int(210 * MM), int(297 * MM)), "white")
        self.pages.append(img)
        self.draw = ImageDraw.Draw(img)
        self.y = self.top

    def chars_per_line(self, size_pt):
        return int((self.right - self.left) / (size_pt * PT))

    def line(self, chars, x, size_pt, face, pitch_x):
        f = font(face, size_pt * PT)
        for c in chars:
            w = f.getlength(c)
            full = w > size_pt * PT * 0.7
            adv = pitch_x if full else w
            self.draw.text((x, self.y), c, font=f, fill=(20, 20, 20))
            x += adv
        return x

    def paragraph(self, text, kind):
        size = {"title": 22}.get(kind, self.body_pt)
        face = self.faces[kind]
        f = font(face, size * PT)
        width = self.right - self.left
        per_line = int(width / (size * PT))
        pitch_x = width / per_line
        if kind == "title":
            self.y += self.pitch * 0.2
            chars = list(text)
            # Wrap a long title in centred lines.
            n = math.ceil(len(chars) / (per_line - 2))
            step = math.ceil(len(chars) / n)
            for k in range(n):
                part = chars[k * step:(k + 1) * step]
                w = sum(size * PT if f.getlength(c) > size * PT * 0.7 else f.getlength(c) for c in part)
                self.page_break_if_needed(size)
                self.line(part, self.left + (width - w) / 2, size, face, size * PT)
                self.y += self.pitch * 1.2
            self.y += self.pitch * 0.4
            return
        if kind == "sign":
            if not self.sign_boxes:
                # The sign-off stands apart from the text above it.
                self.y += self.pitch * self.rnd.choice([1, 2, 2, 3])
            w = sum(size * PT if f.getlength(c) > size * PT * 0.7 else f.getlength(c) for c in text)
            self.page_break_if_needed(size)
            self.line(text, self.right - w - 4 * size * PT, size, face, size * PT)
            self.sign_boxes.append((self.right - w - 4 * size * PT, self.y, self.right - 4 * size * PT, self.y + size * PT))
            self.y += self.pitch
            return
        chars = list(text)
        i = 0
        first = True
        while i < len(chars):
            indent = 2 if first else 0
            room = per_line - indent
            # Half-width characters take half a place.
            taken, used = 0, 0.0
            while i + taken < len(chars):
                c = chars[i + taken]
                cw = 1.0 if f.getlength(c) > size * PT * 0.7 else f.getlength(c) / pitch_x
                if used + cw > room + 0.01:
                    break
                used += cw
                taken += 1
            # Closing punctuation never starts a line: it hangs at the end of this one.
            while i + taken < len(chars) and chars[i + taken] in CLOSING:
                taken += 1
            self.page_break_if_needed(size)
            self.line(chars[i:i + taken], self.left + indent * pitch_x, size, face, pitch_x)
            self.y += self.pitch
            i += taken
            first = False

    def page_break_if_needed(self, size):
        if self.y + size * PT > self.bottom:
            self.new_page()

    def set(self, blocks):
        self.sign_boxes = []
        for kind, text in blocks:
            self.paragraph(text, kind)
        f = font("serif", 14 * PT)
        for n, img in enumerate(self.pages, start=1):
            d = ImageDraw.Draw(img)
            label = f"— {n} —"
            w = f.getlength(label)
            x = (img.width - w) / 2 if n % 2 else img.width - 26 * MM - w
            d.text((x, (297 - 25) * MM), label, font=f, fill=(20, 20, 20))
        if self.sign_boxes:
            seal(self.pages[-1], self.sign_boxes, self.rnd)
        return self.pages


def seal(img, boxes, rnd):
    """A round red seal over the sign-off: a ring, a star, an arc of characters, drawn
    with multiply blending, as ink over the printed text."""
    x0 = min(b[0] for b in boxes)
    x1 = max(b[2] for b in boxes)
    y0 = min(b[1] for b in boxes)
    y1 = max(b[3] for b in boxes)
    cx = (x0 + x1) / 2 + rnd.uniform(-8, 8) * MM / 4
    cy = (y0 + y1) / 2 + rnd.uniform(-4, 4) * MM / 4
    r = 21 * MM
    layer = Image.new("RGB", img.size, "white")
    d = ImageDraw.Draw(layer)
    red = (rnd.randint(200, 235), rnd.randint(20, 60), rnd.randint(30, 70))
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=int(1.2 * MM))
    # Five-pointed star.
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = 6 * MM if k % 2 == 0 else 2.4 * MM
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=red)
    f = font("sans-bold", 5 * MM)
    name = "专用章样例印章某单位"
    span = math.radians(240)
    for k, c in enumerate(name):
        a = math.radians(150) + span * k / (len(name) - 1)
        tx = cx + (r - 5 * MM) * math.cos(a)
        ty = cy + (r - 5 * MM) * math.sin(a)
        glyph = Image.new("L", (int(6 * MM), int(6 * MM)), 0)
        ImageDraw.Draw(glyph).text((0.5 * MM, 0), c, font=f, fill=255)
        glyph = glyph.rotate(-math.degrees(a) - 90, expand=True, resample=Image.BICUBIC)
        layer.paste(Image.new("RGB", glyph.size, red), (int(tx - glyph.width / 2), int(ty - glyph.height / 2)), glyph)
    # Ink is uneven: lighten random patches.
    arr = np.asarray(layer).astype(np.float32)
    mask = np.random.default_rng(rnd.randint(0, 2**31)).random(arr.shape[:2]) < 0.15
    arr[mask] = 255
    layer = Image.fromarray(arr.astype(np.uint8))
    out = np.asarray(img).astype(np.float32) * np.asarray(layer).astype(np.float32) / 255.0
    img.paste(Image.fromarray(out.astype(np.uint8)))


def scanned(page, rnd, dpi, clean, gray, rotate=None, noise=None):
    """Print and scan one page: paper tone, rotation, blur, noise, resolution."""
    img = page
    if not clean:
        angle = rnd.choice([0.0, rnd.uniform(-1.5, 1.5), rnd.uniform(-0.6, 0.6)]) if rotate is None else rotate
        if angle:
            img = img.rotate(angle, resample=Image.BICUBIC, fillcolor=(255, 255, 255))
        blur = rnd.uniform(0.3, 0.9)
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if dpi != RENDER_DPI:
        img = img.resize((round(img.width * dpi / RENDER_DPI), round(img.height * dpi / RENDER_DPI)), Image.LANCZOS)
    arr = np.asarray(img).astype(np.float32)
    if not clean:
        rng = np.random.default_rng(rnd.randint(0, 2**31))
        paper = np.array([rnd.uniform(232, 250), rnd.uniform(230, 248), rnd.uniform(222, 244)])
        arr = arr * (paper / 255.0)
        arr += rng.normal(0, rnd.uniform(3, 9) if noise is None else noise, arr.shape[:2])[..., None]
        # Specks: dust on the glass.
        specks = rng.random(arr.shape[:2]) < rnd.uniform(0.00005, 0.0004)
        arr[specks] = rng.uniform(0, 90)
        arr = np.clip(arr, 0, 255)
    img = Image.fromarray(arr.astype(np.uint8))
    if gray:
        img = img.convert("L")
    return img


def jpeg_bytes(img, quality):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, dpi=(img.info.get("dpi") or (200, 200)))
    return buf.getvalue()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reports", nargs="+")
    ap.add_argument("--out", required=True)
    ap.add_argument("--bin", default="fazhi-lint")
    ap.add_argument("--form", choices=["pdf", "tif", "png", "jpg"], default="pdf")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clean", action="store_true")
    ap.add_argument("--gray", action="store_true")
    ap.add_argument("--bilevel", action="store_true", help="black and white (as fax-mode scanners; TIFF in CCITT G4)")
    ap.add_argument("--pages", type=int, default=0, help="at most this many pages (0: all)")
    ap.add_argument("--rotate", type=float, help="turn every page by this many degrees (default: random)")
    ap.add_argument("--noise", type=float, help="noise sigma (default: random 3–9)")
    ap.add_argument("--quality", type=int, help="JPEG quality (default: random 45–85)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for path in args.reports:
        stem = os.path.splitext(os.path.basename(path))[0]
        digest = hashlib.sha256(f"{args.seed}:{stem}".encode()).digest()
        rnd = random.Random(int.from_bytes(digest[:8], "big"))
        with open(path, encoding="utf-8") as f:
            text = f.read()
        blocks = blocks_of(text, outline_of(args.bin, path))
        pages = Typesetter(rnd).set(blocks)
        if args.pages:
            pages = pages[: args.pages]
        quality = 95 if args.clean else rnd.randint(45, 85)
        if args.quality:
            quality = args.quality
        scans = [scanned(p, rnd, args.dpi, args.clean, args.gray, args.rotate, args.noise) for p in pages]
        if args.bilevel:
            scans = [s.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1") for s in scans]
        for s in scans:
            s.info["dpi"] = (args.dpi, args.dpi)
        target = os.path.join(args.out, f"{stem}.{args.form}")
        if args.form == "pdf":
            try:
                import img2pdf
            except ImportError:
                sys.exit("make-scans: --form pdf needs img2pdf (pip install img2pdf)")
            data = img2pdf.convert([jpeg_bytes(s, quality) for s in scans])
            with open(target, "wb") as f:
                f.write(data)
        elif args.form == "tif":
            compression = "group4" if args.bilevel else "tiff_lzw"
            scans[0].save(target, save_all=True, append_images=scans[1:], compression=compression, dpi=(args.dpi, args.dpi))
        elif args.form == "png":
            scans[0].save(target, dpi=(args.dpi, args.dpi), optimize=True)
        else:
            scans[0].save(target, "JPEG", quality=quality, dpi=(args.dpi, args.dpi))
        print(f"{target}: {len(scans)} page(s)")


if __name__ == "__main__":
    main()
