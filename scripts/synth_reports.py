#!/usr/bin/env python3
"""Write synthetic 法治政府建设年度报告 as plain text, for the OCR measurement.

    scripts/synth_reports.py --out DIR --count N [--seed S] [--traditional-share F]

Every report is composed from phrase banks written for this project (no text from any
real report): a title in one of several wordings, an optional addressee, a preamble, the
parts in one of several shapes (typed 一、/（一） markers, 第X部分, Arabic top levels,
run-in headings), some parts left out on purpose so that a report is not always complete,
a sign-off with the unit and a date. The same seed gives the same reports.

The texts are what the scans are made from (scripts/make-scans.py); what a report *is* is
decided by the checker on the text itself, so no labels are written here.
"""

import argparse
import os
import random

PROVINCES = ["江南省", "河西省", "东岭省", "北川省", "南屏省"]
CITIES = ["青州市", "临河市", "云岭市", "丰泽市", "石门市", "安平市", "长宁市", "望江市"]
COUNTIES = ["白河县", "清溪县", "龙泉县", "太和县", "永安县", "平山县", "桃源县", "松阳县"]
BUREAUS = [
    "司法局", "自然资源局", "生态环境局", "市场监督管理局", "交通运输局", "应急管理局",
    "卫生健康委员会", "教育局", "人力资源和社会保障局", "住房和城乡建设局", "农业农村局",
    "水利局", "文化和旅游局", "林业局", "统计局", "审计局",
]
TOWNS = ["城关镇", "河口镇", "新桥镇", "石岭乡", "东坝街道", "西湖街道"]

TITLE_FORMS = [
    "{unit}关于{year}年度法治政府建设情况的报告",
    "{unit}{year}年法治政府建设年度报告",
    "{unit}关于{year}年法治政府建设工作情况的报告",
    "{year}年度{unit}法治政府建设工作报告",
    "{unit}{year}年度法治政府建设情况报告",
]

PREAMBLES = [
    "{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实上级关于法治政府建设的决策部署，"
    "扎实推进依法行政各项工作。现将有关情况报告如下。",
    "今年以来，{short}在上级党委政府的坚强领导下，紧紧围绕法治政府建设目标任务，统筹推进各项工作，"
    "取得了阶段性成效。根据有关要求，现将{year}年度法治政府建设情况报告如下。",
    "{year}年，{short}认真履行法定职责，把法治政府建设作为一项基础性工作来抓，推动各项任务落地见效。"
    "按照工作要求，现将本年度情况报告如下：",
]

XI_SENTENCES = [
    "把学习宣传贯彻习近平法治思想作为首要政治任务，列入党组理论学习中心组年度学习计划，全年开展专题学习{n}次。",
    "坚持把习近平法治思想纳入干部教育培训的重要内容，组织领导干部参加专题培训班，引导干部职工增强法治观念。",
    "深入学习贯彻习近平法治思想，结合工作实际制定学习方案，通过集中学习、专题研讨等方式推动学习走深走实。",
]

ACHIEVEMENT_TOPICS = [
    ("健全依法决策机制", [
        "严格落实重大行政决策程序规定，制定年度重大行政决策事项目录，向社会公开征求意见{n}次。",
        "对涉及群众切身利益的决策事项，坚持开展风险评估和合法性审查，全年审查各类决策事项{n}件。",
        "充分发挥法律顾问和公职律师作用，法律顾问列席重要会议{n}次，提出法律意见建议{m}条。",
    ]),
    ("严格规范公正文明执法", [
        "全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，规范执法行为。",
        "组织开展行政执法案卷评查，抽查案卷{n}卷，对发现的问题逐项整改，执法质量稳步提升。",
        "推行包容审慎监管，对轻微违法行为依法不予处罚，全年办理不予处罚案件{n}件。",
        "加强执法人员资格管理，组织执法人员参加业务培训，持证上岗率保持在较高水平。",
    ]),
    ("加强行政规范性文件监督管理", [
        "严格执行规范性文件合法性审核机制，全年审核规范性文件{n}件，提出修改意见{m}条。",
        "开展规范性文件清理工作，废止和修改不适应改革发展要求的文件{n}件，并及时向社会公布。",
        "落实规范性文件备案审查制度，做到有件必备、有备必审、有错必纠。",
    ]),
    ("持续优化法治化营商环境", [
        "深化行政审批制度改革，政务服务事项网上可办率进一步提高，企业开办时间持续压缩。",
        "全面推行证明事项告知承诺制，取消各类证明材料{n}项，切实减轻企业和群众负担。",
        "建立健全涉企政策制定的听取意见机制，召开企业座谈会{n}次，回应市场主体关切。",
    ]),
    ("推进政务公开", [
        "坚持以公开为常态、不公开为例外，依法主动公开政府信息{n}条，办理依申请公开{m}件。",
        "完善政府信息公开平台，及时发布政策解读材料，提高政策知晓度和透明度。",
    ]),
    ("依法化解矛盾纠纷", [
        "畅通行政复议渠道，全年办理行政复议案件{n}件，依法纠正违法或者不当的行政行为。",
        "认真落实行政机关负责人出庭应诉制度，负责人出庭应诉率保持较高水平。",
        "坚持和发展新时代枫桥经验，健全人民调解、行政调解、司法调解联动工作体系，调解各类纠纷{n}件。",
    ]),
    ("深入开展普法宣传", [
        "认真落实谁执法谁普法普法责任制，制定普法责任清单，开展法治宣传活动{n}场次。",
        "利用宪法宣传周、民法典宣传月等节点，组织法律进机关、进乡村、进社区、进学校、进企业活动。",
        "加强法治文化阵地建设，新建法治文化广场{n}个，营造尊法学法守法用法的良好氛围。",
    ]),
    ("强化行政权力制约监督", [
        "自觉接受人大监督和政协民主监督，办理人大代表建议和政协委员提案{n}件，办结率百分之百。",
        "加强审计监督和统计监督，对发现的问题建立台账，督促整改到位。",
    ]),
]

PROBLEM_SENTENCES = [
    "部分干部职工对法治政府建设的认识还不够到位，运用法治思维和法治方式解决问题的能力有待提高",
    "基层执法力量相对薄弱，执法人员专业素养与新形势新任务的要求还有一定差距",
    "普法宣传的形式较为单一，针对性和实效性还不够强",
    "行政规范性文件管理还存在薄弱环节，个别文件的起草程序不够规范",
    "政务公开的深度和广度还需进一步拓展，信息发布的及时性有待加强",
    "行政复议和应诉工作仍需加强，案件办理的质量和效率还有提升空间",
]
CAUSE_SENTENCES = [
    "究其原因，主要是对法治建设的重视程度不够，考核评价的导向作用发挥不够充分。",
    "分析原因，一方面是法治培训的针对性不强，另一方面是工作机制还不够健全。",
    "产生这些问题的原因，主要在于基层人员编制不足，专业人才引进和培养力度不够。",
]
LEAD_SENTENCES = [
    "{lead}切实履行推进法治建设第一责任人职责，对法治建设重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、重要任务亲自督办。",
    "{lead}坚持把法治建设摆在全局工作的重要位置，全年主持召开专题会议{n}次，研究解决法治建设中的重点难点问题。",
    "{lead}带头学法用法，带头参加旁听庭审活动，并在年终述职中专门报告履行推进法治建设第一责任人职责的情况。",
]
PLAN_ITEMS = [
    ("持续深化学习宣传", "持续推动习近平法治思想学习宣传走深走实，不断提高干部队伍的法治素养。"),
    ("提升依法决策水平", "严格落实重大行政决策程序，确保决策制度科学、程序正当、过程公开、责任明确。"),
    ("提高执法规范化水平", "加强执法队伍建设，完善执法程序，推动严格规范公正文明执法。"),
    ("加强规范性文件管理", "严把规范性文件合法性审核关，定期开展文件清理，维护法制统一。"),
    ("深化普法工作", "创新普法形式和载体，推动普法工作与依法治理有机融合。"),
    ("推动矛盾纠纷化解", "完善多元化解机制，推动行政争议实质性化解。"),
]

CN = "一二三四五六七八九十"


def cn(n):
    if n <= 10:
        return CN[n - 1]
    return "十" + CN[n - 11] if n < 20 else "二十"


def fill(s, rnd, **kw):
    return s.format(n=rnd.randint(2, 60), m=rnd.randint(5, 90), **kw)


def paragraph(rnd, bank, k):
    return "".join(fill(s, rnd) for s in rnd.sample(bank, min(k, len(bank))))


def make_report(rnd):
    year = rnd.choice([2020, 2021, 2022, 2023, 2024])
    kind = rnd.random()
    if kind < 0.35:
        unit = rnd.choice(COUNTIES) + "人民政府"
        short, lead = "县政府", "县政府主要负责人"
    elif kind < 0.55:
        unit = rnd.choice(CITIES) + "人民政府"
        short, lead = "市政府", "市政府主要负责同志"
    elif kind < 0.85:
        unit = rnd.choice(COUNTIES + CITIES) + rnd.choice(BUREAUS)
        short, lead = "我局", "局党组书记、局长"
    else:
        town = rnd.choice(TOWNS)
        unit = rnd.choice(COUNTIES) + town + ("办事处" if town.endswith("街道") else "人民政府")
        short, lead = ("我街道", "街道党工委书记、办事处主任") if town.endswith("街道") else ("我镇", "镇党委书记、镇长")
    title = rnd.choice(TITLE_FORMS).format(unit=unit, year=year)
    lines = []
    if rnd.random() < 0.25:
        # Title on two lines: the unit, then the report's name.
        lines += [unit, title.replace(unit, "", 1)]
    else:
        lines.append(title)
    if rnd.random() < 0.4:
        lines.append(rnd.choice(["市人民政府：", "县委、县政府：", "市委全面依法治市委员会办公室：", "省司法厅："]))
    pre = rnd.choice(PREAMBLES).format(year=year, short=short)
    lines.append(pre)

    style = rnd.choices(["typed", "part", "arabic", "runin"], [0.6, 0.15, 0.1, 0.15])[0]
    has = {
        "problems": rnd.random() > 0.1,
        "causes": rnd.random() > 0.2,
        "lead": rnd.random() > 0.15,
        "plan": rnd.random() > 0.1,
        "xi": rnd.random() > 0.15,
        "lead_section": rnd.random() > 0.3,
    }
    sections = []  # (heading, [(subheading or None, paragraph)])
    topics = rnd.sample(ACHIEVEMENT_TOPICS, rnd.randint(2, 5))
    subs = []
    if has["xi"]:
        subs.append(("深入学习贯彻习近平法治思想", paragraph(rnd, XI_SENTENCES, 2)))
    for name, bank in topics:
        subs.append((name, paragraph(rnd, bank, rnd.randint(1, 3))))
    if has["lead"] and not has["lead_section"]:
        subs.append(("压实法治建设责任", fill(rnd.choice(LEAD_SENTENCES), rnd, lead=lead)))
    ach = rnd.choice([
        f"{year}年推进法治政府建设的主要举措和成效",
        "主要工作及成效",
        "推进法治政府建设的主要举措",
        f"{year}年度法治政府建设工作开展情况",
    ])
    sections.append((ach, subs))
    if has["problems"]:
        probs = rnd.sample(PROBLEM_SENTENCES, rnd.randint(2, 3))
        text = "；".join(f"{cn(i + 1)}是{p}" for i, p in enumerate(probs)) + "。"
        if has["causes"]:
            text += rnd.choice(CAUSE_SENTENCES)
        head = rnd.choice(["存在的不足和原因", "存在的问题及原因分析", "存在的主要问题", "工作中存在的不足"])
        if has["causes"] and "原因" not in head and rnd.random() < 0.5:
            head += "及原因"
        sections.append((head, [(None, text)]))
    if has["lead"] and has["lead_section"]:
        text = "".join(fill(s, rnd, lead=lead) for s in rnd.sample(LEAD_SENTENCES, 2))
        head = rnd.choice([
            "党政主要负责人履行推进法治建设第一责任人职责情况",
            "主要负责人履行推进法治建设第一责任人职责情况",
            "履行推进法治建设第一责任人职责情况",
        ])
        sections.append((head, [(None, text)]))
    if has["plan"]:
        items = rnd.sample(PLAN_ITEMS, rnd.randint(2, 4))
        head = rnd.choice([
            f"{year + 1}年推进法治政府建设的主要安排",
            "下一步工作打算",
            f"{year + 1}年工作计划",
            "下一步工作安排",
        ])
        if rnd.random() < 0.5:
            sections.append((head, [(name, text) for name, text in items]))
        else:
            text = "".join(f"{cn(i + 1)}是{t}" for i, (_, t) in enumerate(items))
            sections.append((head, [(None, text)]))

    for i, (head, subs) in enumerate(sections, start=1):
        if style == "typed" or style == "runin":
            marker = f"{cn(i)}、"
        elif style == "part":
            marker = f"第{cn(i)}部分 "
        else:
            marker = f"{i}."
        lines.append(marker + head)
        for j, (sub, text) in enumerate(subs, start=1):
            if sub is None:
                lines.append(text)
            elif style == "runin":
                lines.append(f"（{cn(j)}）{sub}。{text}")
            elif style == "arabic":
                lines.append(f"（{j}）{sub}")
                lines.append(text)
            else:
                lines.append(f"（{cn(j)}）{sub}")
                lines.append(text)
    lines.append(unit)
    month, day = rnd.randint(1, 3), rnd.randint(1, 28)
    lines.append(f"{year + 1}年{month}月{day}日")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--traditional-share", type=float, default=0.0,
                    help="share of reports written in traditional characters (needs OpenCC: opencc-python-reimplemented)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    convert = None
    if args.traditional_share > 0:
        try:
            from opencc import OpenCC
        except ImportError:
            raise SystemExit("synth_reports: --traditional-share needs the opencc module (pip install opencc-python-reimplemented)")
        convert = OpenCC("s2t").convert
    for k in range(args.count):
        rnd = random.Random(args.seed * 100_003 + k)
        text = make_report(rnd)
        if convert and rnd.random() < args.traditional_share:
            text = convert(text)
        with open(os.path.join(args.out, f"r{args.seed:02d}-{k:03d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
