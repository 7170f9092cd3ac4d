#!/usr/bin/env python3
"""Build data/pdf/fonts.bin.z, the font data the PDF reader embeds, from Adobe's own files.

    scripts/make-pdf-font-data.py CMAP_RESOURCES [--out data/pdf]

CMAP_RESOURCES is a checkout of github.com/adobe-type-tools/cmap-resources (BSD-3-Clause;
its licence file is copied next to the data). Nothing in the output is typed by hand
(glyph names go through the Adobe Glyph List of the pdf_encoding crate):

- the predefined CMaps of the Chinese, Japanese and Korean collections (GB-EUC-H,
  GBK-EUC-H, GBK2K-H, B5pc-H, ETen-B5-H, HKscs-B5-H, 90ms-RKSJ-H, KSCms-UHC-H …, with
  their -V forms), as Adobe wrote them minus comments; the Unicode ones (Uni*-UCS2/UTF8/
  UTF16/UTF32) are not stored: their codes are Unicode and the reader decodes them;
- per collection (Adobe-GB1, Adobe-CNS1, Adobe-Japan1, Adobe-Korea1) CID → Unicode, from
  cid2code.txt: of the Unicode values a CID has, a horizontal one before a vertical one,
  and a plain character before a radical, compatibility ideograph, vertical presentation
  form or private-use point; a CID with no Unicode value at all (the half-width Latin of
  GB1 and CNS1, the half-width pinyin letters) takes the character its code in the
  collection's legacy encoding (GBK, Big5, Shift-JIS, EUC-KR) stands for.

Format (then deflated, zlib; "v" is an unsigned LEB128 varint, "z" a zigzag one): b"FZPDF1",
then two sections, each u32 LE length + bytes:
  1. CID → Unicode: per collection "name\\0", v count, count × z (difference from the
     previous CID's value; 0 = none);
  2. CMaps: per CMap "name\\0", "usecmap\\0" (empty when none), u8 WMode, v codespace
     count, each (u8 bytes, v low, v high); v entry count, each cidrange or cidchar sorted by
     (bytes, low): (u8 bytes, z low - previous high, v high - low, z CID - previous end CID).
"""

import argparse
import os
import re
import shutil
import struct
import sys
import zlib

COLLECTIONS = [
    # (folder, collection, Unicode columns in cid2code.txt, legacy columns and their codec)
    ("Adobe-GB1-6", "Adobe-GB1", ["UniGB-UCS2", "UniGB-UTF32"], [("GB-EUC", "gbk"), ("GBK-EUC", "gbk")]),
    ("Adobe-CNS1-7", "Adobe-CNS1", ["UniCNS-UCS2", "UniCNS-UTF32"], [("B5pc", "big5"), ("ETen-B5", "big5"), ("HKscs-B5", "big5hkscs")]),
    ("Adobe-Japan1-7", "Adobe-Japan1", ["UniJIS-UCS2", "UniJIS-UTF32"], [("90ms-RKSJ", "cp932"), ("RKSJ", "shift_jis")]),
    ("Adobe-Korea1-2", "Adobe-Korea1", ["UniKS-UCS2", "UniKS-UTF32"], [("KSCms-UHC", "cp949"), ("KSC-EUC", "euc_kr")]),
]


def rank(u):
    """Lower is better when a CID has several Unicode values."""
    if 0xE000 <= u <= 0xF8FF or 0xF0000 <= u:
        return 9
    if 0x2E80 <= u <= 0x2FDF or 0xF900 <= u <= 0xFAFF or 0x2F800 <= u <= 0x2FA1F:
        return 3
    if 0xFE10 <= u <= 0xFE1F or 0xFE30 <= u <= 0xFE4F:
        return 2
    return 0


def cid_to_unicode(path, uni_cols, legacy_cols):
    header, out = None, {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if fields[0] == "CID":
                header = fields
                continue
            cid = int(fields[0])
            cands = []
            for col in uni_cols:
                for v in fields[header.index(col)].split(","):
                    if v == "*":
                        continue
                    u = int(v.rstrip("v"), 16)
                    cands.append((rank(u), v.endswith("v"), u))
            val = 0
            if cands:
                best = min(cands, key=lambda t: (t[0], t[1]))
                if best[0] < 9:
                    val = best[2]
            if not val:
                for col, codec in legacy_cols:
                    if col not in header:
                        continue
                    for v in fields[header.index(col)].split(","):
                        if v == "*" or v.endswith("v"):
                            continue
                        try:
                            s = bytes.fromhex(v).decode(codec)
                        except (UnicodeDecodeError, ValueError):
                            continue
                        if len(s) == 1 and s.isprintable() and rank(ord(s)) < 9:
                            val = ord(s)
                            break
                    if val:
                        break
            out[cid] = val
    n = max(out) + 1
    return [out.get(i, 0) for i in range(n)]


def varint(z, out):
    while True:
        c, z = z & 0x7F, z >> 7
        if z:
            out.append(c | 0x80)
        else:
            out.append(c)
            return


def zigzag(d):
    return d << 1 if d >= 0 else ((-d) << 1) - 1


def packed_cmap(name, text):
    """One CMap file in the binary form of section 3."""
    out = bytearray(name.encode() + b"\0")
    use = re.search(r"/([A-Za-z0-9-]+)\s+usecmap", text)
    out += (use.group(1).encode() if use else b"") + b"\0"
    wmode = re.search(r"/WMode\s+(\d)", text)
    out.append(int(wmode.group(1)) if wmode else 0)
    spaces = []
    for block in re.findall(r"begincodespacerange(.*?)endcodespacerange", text, re.S):
        for m in re.finditer(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            spaces.append((len(m[1]) // 2, int(m[1], 16), int(m[2], 16)))
    varint(len(spaces), out)
    for n, lo, hi in spaces:
        out.append(n)
        varint(lo, out)
        varint(hi, out)
    entries = []
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, re.S):
        for m in re.finditer(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)", block):
            entries.append((len(m[1]) // 2, int(m[1], 16), int(m[2], 16), int(m[3])))
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, re.S):
        for m in re.finditer(r"<([0-9a-fA-F]+)>\s*(\d+)", block):
            entries.append((len(m[1]) // 2, int(m[1], 16), int(m[1], 16), int(m[2])))
    entries.sort()
    varint(len(entries), out)
    prev_hi = prev_cid = 0
    for n, lo, hi, cid in entries:
        out.append(n)
        varint(zigzag(lo - prev_hi), out)
        varint(hi - lo, out)
        varint(zigzag(cid - prev_cid), out)
        prev_hi, prev_cid = hi, cid + hi - lo
    return out


def section(data):
    return struct.pack("<I", len(data)) + data


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmap_resources")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "pdf"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    cid_bytes = bytearray()
    cmap_bytes = bytearray()
    count = 0
    for folder, coll, uni_cols, legacy in COLLECTIONS:
        table = cid_to_unicode(os.path.join(args.cmap_resources, folder, "cid2code.txt"), uni_cols, legacy)
        cid_bytes += coll.encode() + b"\0"
        varint(len(table), cid_bytes)
        prev = 0
        for v in table:
            varint(zigzag(v - prev), cid_bytes)
            prev = v
        cmap_dir = os.path.join(args.cmap_resources, folder, "CMap")
        for name in sorted(os.listdir(cmap_dir)):
            # Unicode CMaps are decoded from their codes; the collection's own CMaps
            # (Adobe-GB1-5 …) only map CIDs to themselves.
            if name.startswith("Uni") or name.startswith("Adobe-"):
                continue
            with open(os.path.join(cmap_dir, name), encoding="latin-1") as f:
                cmap_bytes += packed_cmap(name, f.read())
            count += 1
    blob = b"FZPDF1" + section(bytes(cid_bytes)) + section(bytes(cmap_bytes))
    packed = zlib.compress(blob, 9)
    with open(os.path.join(args.out, "fonts.bin.z"), "wb") as f:
        f.write(packed)
    shutil.copyfile(os.path.join(args.cmap_resources, "LICENSE.md"), os.path.join(args.out, "LICENSE-cmap-resources.md"))
    print(f"{len(COLLECTIONS)} collections, {count} CMaps: "
          f"{len(blob)} bytes, {len(packed)} deflated", file=sys.stderr)


if __name__ == "__main__":
    main()
