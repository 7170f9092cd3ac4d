#!/usr/bin/env python3
"""Measure how scans are judged against their own text: synthetic reports
(scripts/synth_reports.py), printed and scanned (scripts/make-scans.py), checked as text
and as scans; a scan counts as judged right when all six required parts come out as for
its text (present or missing alike).

    scripts/ocr_measure.py --out DIR [--bin target/release/fazhi-lint] [--count 40]
                           [--seed 7] [--jobs 2] [--keep]

Seeds: the OCR code was tuned on seeds 1–3; the held-out measurement uses seeds from 7 on
(different reports, fonts, sizes, rotations, noise). The scans vary by report: most are
image-only PDFs of JPEG pages (colour, red seal), every fourth a grey PDF (the seal
cannot be told by colour), every fifth a multi-page TIFF, every seventh a clean scan.

Prints the agreement, the disagreements per part, the files that disagree and the mean
OCR confidence. Exit status 0; the figures are the result.
"""

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
KEYS = ["achievements", "problems", "problem_causes", "lead_responsibility", "next_year_plan", "xi_thought_study"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def elements(binary, paths, extra):
    out = subprocess.run([binary, "check", "--format", "json", "--no-config", *extra, *paths], capture_output=True)
    if out.returncode not in (0, 1):
        sys.stderr.write(out.stderr.decode("utf-8", "replace"))
    result = {}
    for f in json.loads(out.stdout or b"[]"):
        stem = os.path.splitext(os.path.basename(f["path"]))[0]
        els = f.get("elements")
        if els is None:
            result[stem] = ("error", f.get("error") or "not judged")
        else:
            result[stem] = tuple(bool(els.get(k, {}).get("present")) for k in KEYS)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--bin", default="fazhi-lint")
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", action="store_true", help="reuse scans already in --out")
    args = ap.parse_args()
    txt = os.path.join(args.out, "txt")
    scans = os.path.join(args.out, "scans")
    cache = os.path.join(args.out, "cache")
    os.makedirs(scans, exist_ok=True)
    run([sys.executable, os.path.join(HERE, "synth_reports.py"), "--out", txt, "--count", str(args.count), "--seed", str(args.seed)])
    stems = sorted(f[:-4] for f in os.listdir(txt) if f.endswith(".txt"))
    groups = {"pdf": [], "gray": [], "tif": [], "clean": []}
    for i, stem in enumerate(stems):
        kind = "clean" if i % 7 == 6 else "tif" if i % 5 == 4 else "gray" if i % 4 == 3 else "pdf"
        groups[kind].append(stem)
    for kind, members in groups.items():
        todo = [m for m in members if not (args.keep and any(os.path.exists(os.path.join(scans, f"{m}.{e}")) for e in ("pdf", "tif")))]
        if not todo:
            continue
        form = "tif" if kind == "tif" else "pdf"
        flags = {"gray": ["--gray"], "clean": ["--clean"]}.get(kind, [])
        run([sys.executable, os.path.join(HERE, "make-scans.py"), *[os.path.join(txt, f"{m}.txt") for m in todo],
             "--out", scans, "--bin", args.bin, "--form", form, "--seed", str(args.seed), *flags], stdout=subprocess.DEVNULL)
    truth = elements(args.bin, [os.path.join(txt, f"{s}.txt") for s in stems], [])
    files = sorted(os.path.join(scans, f) for f in os.listdir(scans) if f.endswith((".pdf", ".tif")))
    start = time.time()
    got = elements(args.bin, files, ["--cache-dir", cache, "-j", str(args.jobs)])
    took = time.time() - start
    agree = 0
    per_part = {k: 0 for k in KEYS}
    wrong = []
    for s in stems:
        t, g = truth.get(s), got.get(s)
        if t == g:
            agree += 1
            continue
        wrong.append((s, t, g))
        if isinstance(t, tuple) and isinstance(g, tuple):
            for k, a, b in zip(KEYS, t, g):
                per_part[k] += a != b
    n = len(stems)
    print(f"reports: {n}  judged as their text: {agree} ({100.0 * agree / max(n, 1):.1f}%)  OCR run: {took:.0f} s")
    print("disagreements per part: " + ", ".join(f"{k} {v}" for k, v in per_part.items()))
    for s, t, g in wrong:
        fmt = lambda v: "".join("1" if x else "0" for x in v) if isinstance(v, tuple) else str(v)
        print(f"  {s}: text {fmt(t)}  scan {fmt(g)}")


if __name__ == "__main__":
    main()
