#!/usr/bin/env python3
"""Score the follow-through rules on a labelled set of year pairs (scripts/follow-set.py).

Runs `fazhi-lint audit DIR --format jsonl` once: its objects hold each report's `check`
diagnostics (problem-without-measure) and the cross-year ones (problem-repeated on the
later report, plan-not-followed on the earlier). A diagnostic belongs to the labelled
item whose line holds its start, between the item's first and last column; one that
belongs to no item counts as a false positive.

Prints, for each rule, precision and recall of the finding (a shortcoming without a
measure; a repeated shortcoming) and, for the plans, the balanced accuracy of followed
(no finding) against dropped (a finding); with --errors, every miss.

Usage: follow-score.py DIR [--bin target/debug/fazhi-lint] [--rules FILE] [--errors] [--json]
"""
import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict


def run_audit(binary, d, rules=None):
    extra = ["--rules", rules] if rules else []
    out = subprocess.run([binary, "audit", "--no-config", d, "--format", "jsonl", *extra], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"audit failed ({out.returncode}): {out.stderr[:2000]}")
    diags = defaultdict(list)
    for line in out.stdout.splitlines():
        obj = json.loads(line)
        name = os.path.basename(obj["path"])
        for dg in obj.get("diagnostics", []):
            diags[name].append(dg)
    return diags


def belongs(dg, it):
    return dg["line"] == it["line"] and it["col_start"] <= dg["column"] <= it["col_end"]


def score(labels, diags, errors):
    out = {}
    by_file = defaultdict(list)
    for it in labels:
        by_file[it["file"]].append(it)
    lines_of = {}

    def text(it):
        if it["file"] not in lines_of:
            lines_of[it["file"]] = open(os.path.join(score.dir, it["file"]), encoding="utf-8").read().split("\n")
        return lines_of[it["file"]][it["line"] - 1][it["col_start"] - 1: it["col_end"]]

    for rule, kind, key, positive in [
        ("problem-without-measure", "problem", "measure", False),
        ("problem-repeated", "problem", "repeated", True),
    ]:
        tp = fp = fn = tn = stray = 0
        for f, its in by_file.items():
            ds = [d for d in diags.get(f, []) if d["rule"] == rule]
            labelled = [it for it in its if it["kind"] == kind and key in it]
            if key == "repeated" and not labelled:
                continue
            for d in ds:
                if not any(belongs(d, it) for it in its):
                    stray += 1
                    if errors:
                        print(f"{rule} STRAY {f}:{d['line']}:{d['column']} {d['message'][:80]}")
            for it in labelled:
                pred = any(belongs(d, it) for d in ds)
                gold = it[key] == positive
                if pred and gold:
                    tp += 1
                elif pred:
                    fp += 1
                    if errors:
                        print(f"{rule} FP {f}:{it['line']} {text(it)}")
                elif gold:
                    fn += 1
                    if errors:
                        print(f"{rule} FN {f}:{it['line']} {text(it)} {it.get('repeat_kind', '')}")
                else:
                    tn += 1
        fp_all = fp + stray
        p = tp / (tp + fp_all) if tp + fp_all else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[rule] = {"precision": round(p, 3), "recall": round(r, 3), "tp": tp, "fp": fp, "stray": stray, "fn": fn, "tn": tn}
    # Plans: followed (no finding) against dropped (a finding).
    rule = "plan-not-followed"
    tp = fp = fn = tn = stray = 0
    for f, its in by_file.items():
        ds = [d for d in diags.get(f, []) if d["rule"] == rule]
        for d in ds:
            if not any(belongs(d, it) for it in its):
                stray += 1
        for it in its:
            if it["kind"] != "plan" or "followed" not in it:
                continue
            dropped_pred = any(belongs(d, it) for d in ds)
            dropped = not it["followed"]
            if dropped_pred and dropped:
                tp += 1
            elif dropped_pred:
                fp += 1
                if errors:
                    print(f"{rule} FP(followed, said dropped) {f}:{it['line']} {text(it)}")
            elif dropped:
                fn += 1
                if errors:
                    print(f"{rule} FN(dropped, said followed) {f}:{it['line']} {text(it)}")
            else:
                tn += 1
    tpr = tp / (tp + fn) if tp + fn else 1.0
    tnr = tn / (tn + fp) if tn + fp else 1.0
    out[rule] = {"balanced_accuracy": round((tpr + tnr) / 2, 3), "dropped_recall": round(tpr, 3),
                 "followed_recall": round(tnr, 3), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "stray": stray}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "debug", "fazhi-lint"))
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rules", help="a rule file added to the embedded rules (another topic table, other thresholds)")
    a = ap.parse_args()
    with open(os.path.join(a.dir, "labels.json"), encoding="utf-8") as f:
        labels = json.load(f)
    score.dir = a.dir
    res = score(labels, run_audit(a.bin, a.dir, a.rules), a.errors)
    if a.json:
        print(json.dumps(res, ensure_ascii=False))
        return
    m, r, p = res["problem-without-measure"], res["problem-repeated"], res["plan-not-followed"]
    print(f"problem-without-measure  P={m['precision']:.3f} R={m['recall']:.3f}  (tp {m['tp']}, fp {m['fp']}+{m['stray']} stray, fn {m['fn']})")
    print(f"problem-repeated         P={r['precision']:.3f} R={r['recall']:.3f}  (tp {r['tp']}, fp {r['fp']}+{r['stray']} stray, fn {r['fn']})")
    print(f"plan-not-followed        BA={p['balanced_accuracy']:.3f} (dropped found {p['dropped_recall']:.3f}, followed kept {p['followed_recall']:.3f})")


if __name__ == "__main__":
    main()
