#!/usr/bin/env python3
"""Labelled synthetic year pairs for the follow-through (整改闭环) links.

Composes annual reports of fictional units over two or three consecutive years from an
issue bank (tests/fixtures/follow/bank-dev.yaml or bank-held.yaml): each issue is one
concrete matter stated as a shortcoming, a measure and a result. The composer knows which
issue every item comes from, so the labels follow:

- a shortcoming has a measure when the same report's plan holds a measure of its issue
  (a measure of another issue of the same area is a neighbour that must not count);
- a shortcoming of a later report is repeated when the previous report listed its issue
  (the same wording — near verbatim — or another wording of the issue — reworded);
- a plan item is followed when the next report's achievements hold a result of its issue
  (a result of another issue of the same area must not count).

Wording varies: problems and plans as 一是…二是… runs, （一） lines, 1. lists or plain
sentences after a lead-in; boilerplate (依法行政, 法治, 进一步) wrapped around items;
two measures merged into one plan item; causes after the problems.

Usage: follow-set.py --bank dev|held --out DIR [--units N] [--seed S]
Writes DIR/*.txt and DIR/labels.json (every labelled item with its line and columns,
1-based, columns in characters as in the JSON contract).
"""

import argparse
import json
import os
import random
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BANKS = os.path.join(HERE, "..", "tests", "fixtures", "follow")

AREA_HEADINGS = {
    "lead": ["加强党对法治政府建设的领导", "压紧压实法治建设责任"],
    "func": ["依法全面履行政府职能", "持续优化法治化营商环境"],
    "norm": ["健全依法行政制度体系", "加强行政规范性文件监督管理"],
    "dec": ["推进行政决策科学化民主化法治化", "严格落实重大行政决策程序"],
    "enf": ["严格规范公正文明执法", "深化行政执法规范化建设"],
    "em": ["依法预防处置突发事件", "提升突发事件依法应对能力"],
    "dis": ["依法有效化解社会矛盾纠纷", "发挥行政复议应诉和调解作用"],
    "sup": ["强化行政权力制约和监督", "全面推进政务公开"],
    "dig": ["加快推进数字法治政府建设", "提升政务服务数字化水平"],
    "pf": ["深入开展法治宣传教育", "推进法治社会建设"],
    "tm": ["加强法治工作队伍建设", "提升干部依法行政能力"],
}

PLACES = ["东湖", "西岭", "南川", "北塘", "青原", "白沙", "金川", "云溪", "临江", "长宁", "安平", "永丰",
          "凤鸣", "石门", "丰泽", "清河", "海陵", "柳林", "松涛", "桃源", "明溪", "天宁", "双桥", "华阳"]
PLACE_KINDS = ["区", "县", "市"]
DEPTS = ["司法局", "市场监督管理局", "生态环境局", "自然资源局", "卫生健康委员会", "应急管理局", "交通运输局",
         "住房和城乡建设局", "人力资源和社会保障局", "民政局", "教育局", "农业农村局", "城市管理局", "文化和旅游局",
         "信访局", "人民政府", "税务局", "医疗保障局", "退役军人事务局", "水务局"]

PROBLEM_HEADINGS = ["存在的不足和原因", "存在的问题", "存在的主要问题及原因", "工作中存在的不足", "存在的短板和不足"]
PLAN_HEADINGS = ["{ny}年工作打算", "下一步工作计划", "下一年度工作安排", "{ny}年推进法治政府建设的主要安排", "下步工作思路"]
ACH_HEADINGS = ["{y}年推进法治政府建设的主要举措和成效", "主要工作举措和成效", "工作开展情况", "主要做法和成效"]
LEAD_HEADING = "党政主要负责人履行推进法治建设第一责任人职责情况"

PROBLEM_WRAP = [("", ""), ("", ""), ("", ""), ("在依法行政方面，", ""), ("", "，依法行政水平还需进一步提升"),
                ("", "，与法治政府建设的要求还有一定差距"), ("法治建设推进中，", ""), ("", "，法治化水平有待进一步提高")]
PLAN_WRAP = [("", ""), ("", ""), ("", ""), ("进一步", ""), ("坚持依法行政，", ""), ("", "，不断提升法治化水平"),
             ("持续推进法治政府建设，", ""), ("", "，推动法治政府建设再上新台阶"), ("着力", "")]
CAUSES = [
    "究其原因，主要是部分干部对法治建设的重要性认识不足，学法用法的主动性不强；工作机制还不够健全，统筹协调力度不够。",
    "产生这些问题的原因：一方面，思想认识还不到位，存在重业务轻法治的倾向；另一方面，法治工作力量相对薄弱，专业人才不足。",
    "原因分析：对新形势下法治政府建设的要求研究不深，推进措施不够有力，督促检查还不够经常。",
]
FILLER = [
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面推进依法行政。",
    "严格落实法治政府建设年度工作要点，各项工作任务有序推进。",
    "坚持把法治建设与业务工作同谋划、同部署、同推进、同考核。",
    "全年未发生因行政行为违法引发的重大群体性事件。",
]
LEAD_TEXT = [
    "主要负责人认真履行推进法治建设第一责任人职责，亲自部署、亲自过问重要工作，年内主持召开会议研究部署法治建设工作，带头尊法学法守法用法。",
    "党组书记切实履行第一责任人职责，把法治建设列入年度工作要点，与业务工作同部署同推进，对法治建设重要工作亲自督办。",
]
PREAMBLE = "{y}年，{u}坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻习近平法治思想，认真落实法治政府建设各项任务。现将有关情况报告如下："

NUMS = "一二三四五六七八九十"


def cn(n):
    return NUMS[n - 1] if n <= 10 else "十" + NUMS[n - 11]


def wrap(rng, text, wraps):
    pre, post = rng.choice(wraps)
    if pre.endswith("进一步") or pre == "着力":
        return pre + text + post
    return pre + text + post


class Writer:
    """Builds the text line by line and records the labelled items' places."""

    def __init__(self):
        self.lines = []
        self.items = []

    def line(self, s=""):
        self.lines.append(s)

    def pieces(self, pieces):
        """A line made of (text, label or None) pieces; labelled pieces are recorded."""
        out = ""
        for text, label in pieces:
            if label is not None:
                start = len(out) + 1
                end = start + len(text) - 1
                self.items.append(dict(label, line=len(self.lines) + 1, col_start=start, col_end=end))
            out += text
        self.lines.append(out)

    def text(self):
        return "\n".join(self.lines) + "\n"


def list_block(w, rng, texts, labels, lead_in=None, allow_sentences=True, numbers=("（", "）"), shapes=None):
    """Items in one of the shapes reports use."""
    if shapes is None:
        shapes = ["runs", "paren", "arabic", "sentences", "headed"] if allow_sentences else ["runs", "paren", "arabic", "headed"]
    shape = rng.choice(shapes)
    if shape == "headed":
        # A short sub-heading (the item's first clause) on its own line, the item below it.
        if lead_in:
            w.line(lead_in)
        for k, (t, lab) in enumerate(zip(texts, labels)):
            clauses = [c for c in t.split("，") if not any(c.startswith(x) for x in ("法治建设推进中", "在依法行政方面", "坚持依法行政", "持续推进法治政府建设"))]
            head = (clauses or [t])[0]
            w.pieces([(f"{numbers[0]}{cn(k + 1)}{numbers[1]}{head}", lab)])
            w.line(t + "。")
        return shape
    if shape == "runs":
        pieces = []
        if lead_in:
            pieces.append((lead_in, None))
        for k, (t, lab) in enumerate(zip(texts, labels)):
            end = "。" if k == len(texts) - 1 else "；"
            pieces.append((f"{cn(k + 1)}是{t}{end}", lab))
        w.pieces(pieces)
    elif shape == "paren":
        if lead_in:
            w.line(lead_in)
        for k, (t, lab) in enumerate(zip(texts, labels)):
            w.pieces([(f"（{cn(k + 1)}）{t}。", lab)])
    elif shape == "arabic":
        if lead_in:
            w.line(lead_in)
        for k, (t, lab) in enumerate(zip(texts, labels)):
            w.pieces([(f"{k + 1}.{t}。", lab)])
    else:
        pieces = [(lead_in or "", None)] if lead_in else []
        for t, lab in zip(texts, labels):
            pieces.append((f"{t}。", lab))
        w.pieces(pieces)
    return shape


def unit_names(rng, n):
    seen = set()
    out = []
    while len(out) < n:
        place = rng.choice(PLACES) + rng.choice(PLACE_KINDS)
        dept = rng.choice(DEPTS)
        name = place + dept
        if name in seen:
            continue
        seen.add(name)
        out.append(name)
    return out


def compose(bank, rng, units, first_year_range=(2021, 2023)):
    by_area = {}
    for iss in bank:
        by_area.setdefault(iss["area"], []).append(iss)
    ids = {iss["id"]: iss for iss in bank}
    reports = []
    for unit in unit_names(rng, units):
        years = 3 if rng.random() < 0.3 else 2
        y0 = rng.randint(*first_year_range)
        prev = None  # previous year's state
        for t in range(years):
            y = y0 + t
            state = {"year": y, "problems": [], "plan": [], "results": []}
            # Problems: repeats of last year's (same or other wording), then new issues.
            k = rng.randint(3, 5)
            probs = []  # (issue id, variant index, repeated)
            if prev:
                for iid, var, _ in prev["problems"]:
                    if rng.random() < 0.45 and len(probs) < k:
                        n_var = len(ids[iid]["p"])
                        same = rng.random() < 0.5
                        v = var if same else rng.choice([i for i in range(n_var) if i != var] or [var])
                        probs.append((iid, v, True))
            taken = {p[0] for p in probs}
            if prev:
                taken |= {p[0] for p in prev["problems"]}
            pool = [iss["id"] for iss in bank if iss["id"] not in taken]
            rng.shuffle(pool)
            while len(probs) < k and pool:
                iid = pool.pop()
                probs.append((iid, rng.randrange(len(ids[iid]["p"])), False))
            rng.shuffle(probs)
            state["problems"] = probs
            # Plan: a measure for most problems; for some of the others a measure of a
            # neighbouring issue (same area); a few measures of unrelated issues.
            plan = []  # list of lists of issue ids (merged items hold two)
            prob_ids = [p[0] for p in probs]
            for iid in prob_ids:
                if rng.random() < 0.65:
                    plan.append([iid])
                elif rng.random() < 0.6:
                    area = ids[iid]["area"]
                    nb = [x["id"] for x in by_area[area] if x["id"] not in prob_ids]
                    if nb:
                        plan.append([rng.choice(nb)])
            extra_pool = [iss["id"] for iss in bank if iss["id"] not in prob_ids and [iss["id"]] not in plan]
            for iid in rng.sample(extra_pool, rng.randint(0, 2)):
                plan.append([iid])
            if len(plan) >= 3 and rng.random() < 0.3:
                a = rng.randrange(len(plan) - 1)
                plan[a] = plan[a] + plan[a + 1]
                del plan[a + 1]
            if not plan:
                plan.append([rng.choice(extra_pool)])
            state["plan"] = plan
            # Results: last year's plan items carried out (or not; then sometimes a result
            # of a neighbouring issue), plus results of unrelated issues.
            results = []
            prev_plan_ids = {i for item in (prev["plan"] if prev else []) for i in item}
            followed = {}
            if prev:
                for item in prev["plan"]:
                    for iid in item:
                        if iid in followed:
                            continue
                        if rng.random() < 0.6:
                            followed[iid] = True
                            results.append(iid)
                        else:
                            followed[iid] = False
                            if rng.random() < 0.5:
                                area = ids[iid]["area"]
                                nb = [x["id"] for x in by_area[area] if x["id"] not in prev_plan_ids and x["id"] not in results]
                                if nb:
                                    results.append(rng.choice(nb))
            filler_pool = [iss["id"] for iss in bank if iss["id"] not in prev_plan_ids and iss["id"] not in results]
            results += rng.sample(filler_pool, min(len(filler_pool), rng.randint(3, 6)))
            state["results"] = results
            state["followed_prev"] = followed
            reports.append((unit, state, prev))
            prev = state
    return reports, ids


TITLES = ["{u}{y}年法治政府建设年度报告", "{u}{y}年度法治政府建设情况报告", "{u}关于{y}年法治政府建设情况的报告"]


def render(unit, state, prev, ids, rng):
    y = state["year"]
    w = Writer()
    w.line(rng.choice(TITLES).format(u=unit, y=y))
    w.line()
    w.line(PREAMBLE.format(y=y, u=unit))
    # Layouts: the parts as level-1 sections; achievements organised by area at level 1;
    # shortcomings and plan in one level-1 section with sub-headings; causes as a
    # sub-section of their own.
    layout = rng.choice(["parts", "parts", "topical", "combined", "causes"])
    by_area = {}
    for iid in state["results"]:
        by_area.setdefault(ids[iid]["area"], []).append(iid)
    areas = list(by_area)
    rng.shuffle(areas)
    sec = 1

    def results(area):
        sents = [rng.choice(ids[i]["r"]) + "。" for i in by_area[area]]
        if rng.random() < 0.4:
            sents.insert(0, rng.choice(FILLER))
        w.line("".join(sents))

    if layout == "topical":
        for area in areas:
            w.line(f"{cn(sec)}、{rng.choice(AREA_HEADINGS[area])}")
            results(area)
            sec += 1
    else:
        w.line(f"{cn(sec)}、{rng.choice(ACH_HEADINGS).format(y=y)}")
        for k, area in enumerate(areas):
            w.line(f"（{cn(k + 1)}）{rng.choice(AREA_HEADINGS[area])}")
            results(area)
        sec += 1
    w.line(f"{cn(sec)}、{LEAD_HEADING}")
    w.line(rng.choice(LEAD_TEXT))
    sec += 1
    if layout == "combined":
        w.line(f"{cn(sec)}、存在的不足和下一步工作打算")
        w.line("（一）存在的不足")
    elif layout == "causes":
        w.line(f"{cn(sec)}、存在的问题及原因")
        w.line("（一）存在的主要问题")
    else:
        w.line(f"{cn(sec)}、{rng.choice(PROBLEM_HEADINGS)}")
    sub_shapes = ["runs", "arabic", "sentences"] if layout in ("combined", "causes") else None
    ptexts, plabels = [], []
    prev_p = {p[0] for p in (prev["problems"] if prev else [])}
    plan_ids = {i for item in state["plan"] for i in item}
    for iid, var, rep in state["problems"]:
        ptexts.append(wrap(rng, ids[iid]["p"][var], PROBLEM_WRAP))
        lab = {"kind": "problem", "issue": iid, "measure": iid in plan_ids}
        if prev is not None:
            lab["repeated"] = iid in prev_p
            if lab["repeated"]:
                same = any(p[0] == iid and p[1] == var for p in prev["problems"])
                lab["repeat_kind"] = "verbatim" if same else "reworded"
        plabels.append(lab)
    lead = rng.choice([None, None, "对照法治政府建设要求，我们的工作还存在一些不足：", "虽然取得了一定成效，但也存在一些问题和不足："])
    list_block(w, rng, ptexts, plabels, lead_in=lead, shapes=sub_shapes)
    if layout == "causes":
        w.line("（二）原因分析")
        w.line(rng.choice(CAUSES).split("：", 1)[-1])
    elif rng.random() < 0.5:
        w.line(rng.choice(CAUSES))
    if layout == "combined":
        w.line("（二）下一步工作打算")
    else:
        sec += 1
        w.line(f"{cn(sec)}、{rng.choice(PLAN_HEADINGS).format(ny=y + 1)}")
    mtexts, mlabels = [], []
    for item in state["plan"]:
        parts = [rng.choice(ids[i]["m"]) for i in item]
        text = "；同时".join(parts) if len(parts) > 1 else parts[0]
        mtexts.append(wrap(rng, text, PLAN_WRAP))
        mlabels.append({"kind": "plan", "issues": item})
    lead = rng.choice([None, None, f"{y + 1}年，我们将重点做好以下工作：", "针对上述问题，下一步将："])
    list_block(w, rng, mtexts, mlabels, lead_in=lead, shapes=sub_shapes)
    w.line()
    w.line(unit)
    w.line(f"{y + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    return w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bank", choices=["dev", "held"], default="dev")
    ap.add_argument("--out", required=True)
    ap.add_argument("--units", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    with open(os.path.join(BANKS, f"bank-{a.bank}.yaml"), encoding="utf-8") as f:
        bank = yaml.safe_load(f)
    rng = random.Random(a.seed)
    reports, ids = compose(bank, rng, a.units)
    os.makedirs(a.out, exist_ok=True)
    labels = []
    files = {}
    for unit, state, prev in reports:
        w = render(unit, state, prev, ids, rng)
        name = f"{unit}{state['year']}年法治政府建设年度报告.txt"
        with open(os.path.join(a.out, name), "w", encoding="utf-8") as f:
            f.write(w.text())
        files[(unit, state["year"])] = name
        for it in w.items:
            it["file"] = name
            it["unit"] = unit
            it["year"] = state["year"]
        labels.extend(w.items)
    # A plan item is followed when the next report has a result of one of its issues.
    by_unit_year = {(u, s["year"]): s for u, s, _ in reports}
    for it in labels:
        if it["kind"] != "plan":
            continue
        unit, year = it["unit"], it["year"]
        nxt = by_unit_year.get((unit, year + 1))
        if nxt is not None:
            it["followed"] = any(nxt["followed_prev"].get(i, False) for i in it["issues"])
            it["next_file"] = files[(unit, year + 1)]
    with open(os.path.join(a.out, "labels.json"), "w", encoding="utf-8") as f:
        json.dump(labels, f, ensure_ascii=False, indent=1)
    n = lambda k, key: sum(1 for x in labels if x["kind"] == k and key in x)
    print(f"{len(reports)} reports, {n('problem', 'measure')} problems, {n('problem', 'repeated')} with a previous year, "
          f"{n('plan', 'followed')} plan items with a next year", file=sys.stderr)


if __name__ == "__main__":
    main()
