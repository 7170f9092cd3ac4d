#!/usr/bin/env python3
"""Write src/common_words/common-words.txt: the two-character words of everyday Chinese with
their inverse document frequency, from the IDF table jieba ships (jieba-rs, MIT licence,
`src/data/idf.txt`, found in the local cargo registry or given as the first argument).

The follow-through links weigh a shared character pair by how rare it is in general
text: 活动, 人员, 信息 (IDF 4.7–5.6) say little about which matter an item is about,
裁量, 积案 (11+) say a lot. Only words below IDF 9 are kept (about 14,000): any other
pair weighs fully. One line per IDF step of 0.5: the step, a tab, then the words run
together (each is two characters)."""
import glob
import os
import sys
from collections import defaultdict

CUT = 9.0
src = sys.argv[1] if len(sys.argv) > 1 else None
if src is None:
    found = sorted(glob.glob(os.path.expanduser("~/.cargo/registry/src/*/jieba-rs-0.11.0/src/data/idf.txt")))
    if not found:
        sys.exit("jieba-rs 0.11.0 not in the cargo registry: run `cargo fetch`, or give the path of idf.txt")
    src = found[0]
steps = defaultdict(list)
with open(src, encoding="utf-8") as f:
    for line in f:
        w, v = line.split()
        v = float(v)
        if len(w) == 2 and v < CUT and all("\u4e00" <= c <= "\u9fff" for c in w):
            steps[round(v * 2) / 2].append(w)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "common_words", "common-words.txt")
with open(out, "w", encoding="utf-8") as f:
    f.write("# Two-character words with their IDF (steps of 0.5) from jieba's idf.txt (MIT); see scripts/make-common-words.py\n")
    for k in sorted(steps):
        f.write(f"{k}\t{''.join(sorted(steps[k]))}\n")
print(f"{sum(len(v) for v in steps.values())} words", file=sys.stderr)
