#!/usr/bin/env python3
"""Write synthetic 法治政府建设年度报告 in many layouts, with their labels.

    scripts/make-layouts.py --set dev|heldout --count N --seed S --out DIR
                            [--forms txt,docx,styled.docx,html,doc,odt,rtf,pdf,ofd]

Every report is our own synthetic text, composed from the phrase banks below: units of
every kind (province, city, county, township, department), years 2019–2024 (in Arabic and
Chinese numerals), and layouts: GB/T 9704 markers, 第X部分 / 第X章 tops with 一、 inside,
Arabic tops (1、 / 1. / １．) with （1） or （一） below, unmarked headings, markers as people
type them (一. 二． 三、 mixed, mismatched brackets, spaces inside headings), run-in
headings. Parts are standalone, embedded in a paragraph or as a level-2 heading, or
absent; the lead part first, in the regulation's place, last, or inside 其他事项. Furniture
from other programs and office practice: page numbers and running headers inside the
text, tab-separated and Markdown pipe tables, 发文字号 and 签发人, 主送机关, 特此报告, 附件,
抄送, 印发, 联系人; titles over two lines.

The two sets draw on different phrase banks and partly different layouts: `dev` is for
developing the checker, `heldout` only for measuring it (its banks are never tuned on).

DIR gets one file per report and form (STEM.txt, STEM.docx …) and labels.yaml in the
corpus format (../shared/corpus/README.md), one entry per file, so

    fazhi-lint eval DIR

measures every element, the year and the level-1 outline, per form. Forms: txt (the
report as typed), docx (python-docx: heading styles *and* typed markers, title in the Title
style, tables as Word tables), styled.docx (heading styles only, no typed markers), html
(h1/h2/p and table elements), and doc / odt / rtf / pdf (LibreOffice from the docx), ofd
(easyofd from the pdf); with --from styled LibreOffice converts the styled.docx, so no form
but the txt spells out a marker. Needs python-docx for docx, soffice for doc/odt/rtf/pdf, easyofd
for ofd; exit status 2 when a needed tool is missing.
"""

import argparse
import contextlib
import html as htmlmod
import os
import random
import shutil
import subprocess
import sys
import tempfile

CN = "〇一二三四五六七八九"


def cn_num(n):
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    if n < 20:
        return "十" + (d[n % 10] if n % 10 else "")
    return d[n // 10] + "十" + (d[n % 10] if n % 10 else "")


def cn_year(y):
    return "".join(CN[int(c)] for c in str(y))


# ---------------------------------------------------------------- phrase banks

PLACES = {
    "dev": ["青川", "东山", "南湖", "西岭", "北塘", "白河", "红叶", "绿洲", "远山", "松林", "桃源", "清溪", "石门", "金沙", "云台"],
    "heldout": ["临江", "安平", "永丰", "长宁", "凤翔", "宁远", "平川", "怀德", "嘉禾", "泰和", "柳城", "汉川", "崇信", "兴隆", "望江"],
}

DEPTS = {
    "dev": ["司法局", "市场监督管理局", "自然资源局", "生态环境局", "教育局", "信访局", "应急管理局", "农业农村局"],
    "heldout": ["交通运输局", "住房和城乡建设局", "卫生健康委员会", "人力资源和社会保障局", "民政局", "文化和旅游局", "水利局", "统计局"],
}

ACH_HEADS = {
    "dev": ["{Y}年推进法治政府建设的主要举措和成效", "主要举措和成效", "工作开展情况", "{Y}年工作成效", "主要工作及成效",
            "法治政府建设工作推进情况", "推动落实情况", "主要做法和成效"],
    "heldout": ["{Y}年度法治政府建设工作情况", "取得的主要成效", "主要工作开展情况", "年度重点工作完成情况", "一年来的主要做法",
                "法治政府建设总体情况", "重点任务推进及成效", "{Y}年法治建设工作回顾"],
}

TOPIC_HEADS = {
    "dev": ["依法全面履行政府职能", "健全依法决策机制", "严格规范公正文明执法", "强化行政权力制约监督", "深化法治宣传教育",
            "依法化解社会矛盾纠纷", "加强规范性文件管理"],
    "heldout": ["持续优化法治化营商环境", "推进政务公开标准化", "提升行政复议应诉水平", "夯实基层法治建设基础", "健全法治督察机制",
                "推动执法权限下沉", "加强法治队伍建设"],
}

SUB_HEADS = {
    "dev": ["加强组织领导", "完善制度建设", "规范行政执法", "推进政务公开", "强化法治宣传", "深化放管服改革", "化解矛盾纠纷",
            "加强执法监督", "提升复议质效", "优化营商环境"],
    "heldout": ["压实工作责任", "健全审查机制", "推行包容审慎监管", "拓展普法阵地", "畅通诉求渠道", "严格备案审查", "落实公职律师制度",
                "抓好示范创建", "推进数字法治", "规范涉企检查"],
}

ACH_SENT = {
    "dev": [
        "全年审查规范性文件{n}件，纠正问题条款{m}处。",
        "组织开展执法案卷评查{m}次，评查案卷{n}卷。",
        "办理行政复议案件{n}件，按期办结率达到百分之百。",
        "开展法治宣传活动{n}场次，覆盖群众{k}人次。",
        "修订完善内部管理制度{m}项，推动工作规范运行。",
        "落实行政执法公示、执法全过程记录、重大执法决定法制审核三项制度。",
        "聘请法律顾问{m}名，参与重大决策论证{n}次。",
        "办理人大代表建议和政协委员提案{n}件，满意率持续提升。",
        "全面推行证明事项告知承诺制，取消证明事项{m}项。",
        "组织领导干部集中学法{m}次，参加网上考试人数{k}人。",
    ],
    "heldout": [
        "清理涉及市场主体的规章和文件{n}件，废止{m}件。",
        "推行“综合查一次”，减少入企检查{n}次。",
        "全年受理政府信息公开申请{n}件，均在法定期限内答复。",
        "组建公职律师队伍{m}人，提供法律意见{n}条。",
        "建成村级法治文化阵地{n}个，培育法律明白人{k}名。",
        "调处矛盾纠纷{n}起，调解成功率达到百分之九十以上。",
        "对{m}个重大项目开展社会稳定风险评估。",
        "开展行政执法人员轮训{m}期，培训{k}人次。",
        "在门户网站主动公开各类信息{k}条。",
        "出庭应诉案件{n}件，行政机关负责人出庭率保持百分之百。",
    ],
}

XI_SENT = {
    "dev": ["坚持以习近平法治思想为指导，", "深入学习贯彻习近平法治思想，", "把学习贯彻习近平法治思想作为首要政治任务，"],
    "heldout": ["认真落实习近平法治思想的部署要求，", "以习近平法治思想统领法治建设各项工作，", "持续深化习近平法治思想学习宣传，"],
}

PREAMBLE = {
    "dev": ["{Y}年，{U}在上级党委政府的坚强领导下，{XI}扎实推进法治政府建设，各项工作取得新进展。现将有关情况报告如下。",
            "{Y}年以来，{U}{XI}紧紧围绕中心工作，全面推进依法行政。现将{Y}年度法治政府建设情况报告如下："],
    "heldout": ["今年以来，{U}{XI}对标法治政府建设实施纲要，各项任务有序推进。现就有关情况报告如下。",
                "一年来，{U}{XI}把法治建设摆在全局工作的重要位置，取得了积极成效。具体情况报告如下："],
}

PROB_HEADS = {
    "dev": ["存在的不足", "存在的问题", "存在的不足和原因", "问题与不足", "存在问题及原因分析", "差距和短板", "薄弱环节"],
    "heldout": ["当前存在的主要问题", "面临的困难和挑战", "工作中的不足", "差距与不足", "存在的短板弱项", "问题和原因",
                "需要改进的方面", "主要短板"],
}

PROB_ITEMS = {
    "dev": ["执法人员专业素质参差不齐", "法治宣传形式较为单一", "规范性文件审查力量薄弱", "基层执法装备保障不足",
            "行政复议应诉能力有待提高", "信息化建设相对滞后"],
    "heldout": ["部分干部运用法治思维的能力不强", "综合执法协调机制还不顺畅", "普法的针对性和实效性不够", "法律顾问作用发挥不充分",
                "执法监督覆盖面不够广", "专业人才储备不足"],
}

CAUSE_TEXT = {
    "dev": ["究其原因，主要是对法治建设重视程度不够，培训针对性不强。", "产生这些问题的原因，主要是人员编制紧张、经费保障有限。",
            "主要原因在于制度执行不到位，督促检查不够有力。", "从主观上看，学习不够深入；从客观上看，基层力量配备不足。"],
    "heldout": ["深入剖析，症结在于责任传导层层递减。", "这些问题的根子在于部分干部法治意识淡薄。", "分析起来，根源在于考核激励机制不健全。",
                "之所以出现这些问题，一方面是思想认识有偏差，另一方面是专业力量不足。"],
}

PROB_EMBED = {
    "dev": ["同时也应看到，{U}法治政府建设工作仍有差距：", "但对照上级要求，我们仍存在一些不足：",
            "在肯定成绩的同时，我们也清醒认识到，工作中还存在一些问题："],
    "heldout": ["当然，我们的工作还有不少短板，主要表现在：", "不过，对照新形势新要求，我们还存在一定差距：",
                "客观地说，当前工作还有一些薄弱环节：", "与此同时，我们的工作也面临一些困难和挑战："],
}

LEAD_HEADS = {
    "dev": ["党政主要负责人履行推进法治建设第一责任人职责情况", "主要负责人履行法治建设第一责任人职责情况", "第一责任人职责履行情况"],
    "heldout": ["{Y}年度党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设的有关情况",
                "主要负责同志履行推进法治建设第一责任人职责情况", "主要领导履行法治建设第一责任人职责情况"],
}

LEAD_TEXT = {
    "dev": ["主要负责人切实履行推进法治建设第一责任人职责，主持召开专题会议{m}次，研究解决重大问题。",
            "{U}主要负责同志认真履行法治建设第一责任人职责，带头学法、带头讲法。"],
    "heldout": ["主要领导牢固树立法治观念，认真履行推进法治建设第一责任人职责，亲自部署重要工作{m}次。",
                "党政主要负责人自觉履行第一责任人职责，把法治建设纳入年度工作要点。"],
}

PLAN_HEADS = {
    "dev": ["{Y1}年工作打算", "下一步工作打算", "下步工作计划", "{Y1}年推进法治政府建设的主要安排", "下一年度工作安排", "今后工作思路"],
    "heldout": ["{CY1}年工作安排", "下步思路", "工作谋划", "今后方向", "下一阶段工作重点", "{Y1}年工作谋划", "明年工作思路",
                "下一步努力方向"],
}

PLAN_ITEMS = {
    "dev": ["持续深化学习宣传", "完善依法决策机制", "提升执法规范化水平", "加强法治队伍建设", "推进行政争议实质性化解"],
    "heldout": ["健全法治督察长效机制", "扩大政务公开覆盖面", "加快数字政府建设", "强化合法性审查把关", "培育基层法治示范点"],
}

PLAN_EMBED = {
    "dev": ["下一步，我们将重点抓好以下工作：", "明年，{U}将着力做好以下几方面工作："],
    "heldout": ["{Y1}年，我们将围绕以下重点推进：", "新的一年，我们将聚焦以下方面持续用力：", "今后，我们将着重抓好以下工作："],
}

OTHER_HEADS = {"dev": ["其他事项", "其他需要报告的事项"], "heldout": ["其他有关情况", "其他需要说明的事项"]}

# Phrases that sound like a part but are not one (negatives keep them).
DISTRACT = {
    "dev": ["坚持问题导向，聚焦群众反映强烈的突出问题开展专项整治。", "这些做法为下一步工作打下了基础。",
            "针对上述不足，及时制定整改方案并逐项销号。"],
    "heldout": ["坚持目标导向和问题导向相结合，推动各项任务落地见效。", "为明年工作的开展奠定了良好基础。",
                "对排查发现的问题，建立台账、限期整改。", "针对巡察反馈意见，逐条制定整改措施。"],
}

# ---------------------------------------------------------------- layouts


def marker(scheme, level, n, rng, quirks):
    """The marker of the n-th heading at a level (1-based) in a scheme."""
    if level - 1 < len(scheme):
        lv = scheme[level - 1]
    else:
        # Deeper than the scheme: a family the scheme does not use, else no marker.
        used = {"ar_dun": "ar", "ar_full": "ar"}
        fams = {used.get(f, f) for f in scheme}
        lv = next((f for f in ["ar_paren", "ar", "cn_paren"] if f not in fams), "unmarked")
    if lv == "part":
        sep = rng.choice(["", " ", "　", "：", "、"]) if quirks else "　"
        return f"第{cn_num(n)}部分{sep}"
    if lv == "chapter":
        return f"第{cn_num(n)}章　"
    if lv == "cn":
        if quirks:
            return cn_num(n) + rng.choice(["、", "、", ".", "．", " 、"])
        return cn_num(n) + "、"
    if lv == "cn_paren":
        if quirks:
            return rng.choice(["（", "(", "（"]) + cn_num(n) + rng.choice(["）", ")", "）"])
        return f"（{cn_num(n)}）"
    if lv == "ar":
        return f"{n}."
    if lv == "ar_dun":
        return f"{n}、"
    if lv == "ar_full":
        return "".join("０１２３４５６７８９"[int(c)] for c in str(n)) + "．"
    if lv == "ar_paren":
        return f"（{n}）"
    if lv == "unmarked":
        return ""
    raise ValueError(lv)


SCHEMES = {
    "dev": {
        "gbt": ["cn", "cn_paren", "ar", "ar_paren"],
        "part": ["part", "cn", "cn_paren", "ar"],
        "ar_dun": ["ar_dun", "ar_paren"],
        "ar_dot": ["ar", "cn_paren"],
        "unmarked": ["unmarked", "cn_paren", "ar"],
    },
    "heldout": {
        "gbt": ["cn", "cn_paren", "ar", "ar_paren"],
        "part": ["part", "cn", "cn_paren", "ar"],
        "chapter": ["chapter", "cn", "cn_paren"],
        "ar_dun": ["ar_dun", "ar_paren"],
        "ar_full": ["ar_full", "cn_paren"],
        "unmarked": ["unmarked", "cn_paren", "ar"],
    },
}


class Report:
    """Blocks: (kind, level, text); kind: title, para, heading, table, furniture."""

    def __init__(self):
        self.blocks = []
        self.labels = {}

    def add(self, kind, level, text):
        self.blocks.append((kind, level, text))


def sentences(bank, rng, k):
    out = []
    for s in rng.sample(ACH_SENT[bank], min(k, len(ACH_SENT[bank]))):
        out.append(s.format(n=rng.randint(3, 60), m=rng.randint(2, 12), k=rng.randint(200, 9000)))
    return "".join(out)


def enumerate_items(items):
    return "；".join(f"{cn_num(i + 1)}是{t}" for i, t in enumerate(items)) + "。"


def make_report(bank, rng, idx):
    r = Report()
    place = rng.choice(PLACES[bank])
    kind = rng.choice(["province", "city", "county", "township", "dept", "dept", "dept"])
    unit = {
        "province": f"{place}省人民政府",
        "city": f"{place}市人民政府",
        "county": f"{place}县人民政府",
        "township": f"{place}镇人民政府",
        "dept": f"{place}{rng.choice(['市', '县', '区'])}{rng.choice(DEPTS[bank])}",
    }[kind]
    short = {"province": "省政府", "city": "市政府", "county": "县政府", "township": "我镇", "dept": "我局"}[kind]
    year = rng.randint(2019, 2024)
    chinese_year = rng.random() < 0.15
    ystr = cn_year(year) if chinese_year else str(year)
    fmt = dict(Y=ystr, Y1=str(year + 1), CY1=cn_year(year + 1), U=short)
    schemes = SCHEMES[bank]
    scheme_name = rng.choice(list(schemes))
    scheme = schemes[scheme_name]
    quirks = rng.random() < 0.3
    long = rng.random() < 0.35
    tiny = not long and rng.random() < 0.2

    # Which parts, and how.
    xi = rng.random() < 0.85
    prob_mode = rng.choices(["head", "sub", "para", "none"], [0.6, 0.08, 0.17, 0.15])[0]
    plan_mode = rng.choices(["head", "para", "sub", "none"], [0.62, 0.18, 0.05, 0.15])[0]
    lead_mode = rng.choices(["head", "text", "other", "none"], [0.4, 0.25, 0.1, 0.25])[0]
    lead_pos = rng.choice(["first", "regular", "regular", "last"])
    causes = prob_mode != "none" and rng.random() < 0.6
    topic = rng.random() < 0.2 and scheme_name in ("gbt", "part", "chapter")
    if scheme_name == "unmarked" and prob_mode == "sub":
        prob_mode = "head"

    # ---- front furniture and title
    if rng.random() < 0.15:
        r.add("furniture", 0, f"{unit}文件" if kind != "dept" else f"{unit}")
    if rng.random() < 0.2:
        abbr = rng.choice(["府报", "司报", "政报", "办字"])
        sign = f"　　　　签发人：{rng.choice(['李明', '王强', '张华'])}" if rng.random() < 0.5 else ""
        r.add("furniture", 0, f"{place}{abbr}〔{year + 1}〕{rng.randint(1, 40)}号{sign}")
    title_forms = [
        f"{unit}关于{ystr}年度法治政府建设情况的报告",
        f"{unit}{ystr}年法治政府建设工作报告",
        f"{unit}{ystr}年度法治政府建设年度报告",
    ]
    title = rng.choice(title_forms)
    if rng.random() < 0.2:
        cut = title.index("法治")
        r.add("title", 0, title[:cut])
        r.add("title", 0, title[cut:])
    else:
        r.add("title", 0, title)
    if rng.random() < 0.2:
        r.add("furniture", 0, rng.choice(["市委依法治市办：", "县人民政府：", "市人民政府：", "区委全面依法治区委员会办公室："]))
    xi_s = rng.choice(XI_SENT[bank]) if xi else ""
    r.add("para", 0, rng.choice(PREAMBLE[bank]).format(U=unit if kind != "dept" else short, XI=xi_s, Y=ystr))

    # ---- the parts as a list of (label, heading, builder)
    def ach_body(level):
        subs = rng.sample(SUB_HEADS[bank], rng.randint(2, 5) if long else (1 if tiny else rng.randint(1, 3)))
        out = []
        for s in subs:
            text = sentences(bank, rng, rng.randint(1, 3) if not tiny else 1)
            if rng.random() < 0.2:
                text += rng.choice(DISTRACT[bank])
            if rng.random() < 0.3:
                out.append(("runin", level + 1, s, text))
            else:
                out.append(("heading", level + 1, s, None))
                out.append(("para", 0, text, None))
                if long and rng.random() < 0.5:
                    for k, s3 in enumerate(rng.sample(SUB_HEADS[bank], 2)):
                        out.append(("runin", level + 2, s3, sentences(bank, rng, 1)))
        return out

    def prob_text(with_causes):
        items = rng.sample(PROB_ITEMS[bank], rng.randint(2, 3))
        t = enumerate_items(items)
        if with_causes:
            t += rng.choice(CAUSE_TEXT[bank])
        return t

    def plan_text():
        items = rng.sample(PLAN_ITEMS[bank], rng.randint(2, 4))
        return enumerate_items(items)

    parts = []  # (key, heading, content)
    if topic:
        for th in rng.sample(TOPIC_HEADS[bank], rng.randint(2, 4)):
            parts.append(("ach", th, ach_body(1)))
    else:
        parts.append(("ach", rng.choice(ACH_HEADS[bank]).format(**fmt), ach_body(1)))
    if prob_mode == "head":
        ph = rng.choice(PROB_HEADS[bank])
        with_c = causes and "原因" not in ph
        body = []
        if long:
            for it in rng.sample(PROB_ITEMS[bank], 3):
                body.append(("heading", 2, it, None))
                body.append(("para", 0, sentences(bank, rng, 1), None))
            if with_c:
                body.append(("para", 0, rng.choice(CAUSE_TEXT[bank]), None))
        elif rng.random() < 0.25:
            body = [("runin_self", 0, prob_text(with_c), None)]
        else:
            body.append(("para", 0, prob_text(with_c), None))
        if causes and "原因" in ph and rng.random() < 0.5:
            body.append(("para", 0, rng.choice(CAUSE_TEXT[bank]), None))
        parts.append(("prob", ph, body))
        # A heading that names the causes (存在的不足和原因) states them.
        causes = causes or "原因" in ph
    elif prob_mode == "sub":
        sub = rng.choice(["存在的不足", "存在的问题", "问题和不足"] if bank == "dev" else ["不足之处", "存在的主要问题", "短板和不足"])
        parts[-1][2].append(("heading", 2, sub, None))
        parts[-1][2].append(("para", 0, prob_text(causes), None))
    elif prob_mode == "para":
        parts[-1][2].append(("para", 0, rng.choice(PROB_EMBED[bank]).format(U=short) + prob_text(causes)[:-1] + "。", None))
    # The lead part.
    lead_part = None
    if lead_mode == "head":
        lead_part = ("lead", rng.choice(LEAD_HEADS[bank]).format(**fmt),
                     [("para", 0, rng.choice(LEAD_TEXT[bank]).format(m=rng.randint(2, 9), U=short), None)])
    elif lead_mode == "text":
        parts[0][2].append(("para", 0, rng.choice(LEAD_TEXT[bank]).format(m=rng.randint(2, 9), U=short), None))
    if lead_part and lead_pos == "first":
        parts.insert(0, lead_part)
    elif lead_part and lead_pos == "regular":
        parts.append(lead_part)
    plan_part = None
    if plan_mode == "head":
        plan_body = []
        if long:
            for it in rng.sample(PLAN_ITEMS[bank], 3):
                plan_body.append(("runin", 2, it, sentences(bank, rng, 1)))
        else:
            plan_body.append(("para", 0, plan_text(), None))
        plan_part = ("plan", rng.choice(PLAN_HEADS[bank]).format(**fmt), plan_body)
        parts.append(plan_part)
    elif plan_mode == "sub":
        parts[-1][2].append(("heading", 2, rng.choice(["下一步工作打算", "下步工作计划"] if bank == "dev" else ["下一步努力方向", "下一阶段工作思路"]), None))
        parts[-1][2].append(("para", 0, plan_text(), None))
    if lead_part and lead_pos == "last":
        parts.append(lead_part)
    if lead_mode == "other" or (rng.random() < 0.1):
        other = [("para", 0, "无其他需要报告的事项。", None)]
        if lead_mode == "other":
            other = [("heading", 2, rng.choice(LEAD_HEADS[bank]).format(**fmt), None),
                     ("para", 0, rng.choice(LEAD_TEXT[bank]).format(m=rng.randint(2, 9), U=short), None)]
        parts.append(("other", rng.choice(OTHER_HEADS[bank]), other))
    if plan_mode == "para":
        # Next year's measures in a paragraph after the last part.
        parts[-1][2].append(("para", 0, rng.choice(PLAN_EMBED[bank]).format(U=short, Y1=year + 1) + plan_text(), None))
    if prob_mode == "none" and rng.random() < 0.5:
        parts[0][2].append(("para", 0, rng.choice(DISTRACT[bank]), None))
    if plan_mode == "none" and rng.random() < 0.5:
        parts[0][2].append(("para", 0, rng.choice(DISTRACT[bank]), None))

    # ---- render the parts with the scheme
    headings = []
    counters = [0] * 6
    for key, head, content in parts:
        counters[0] += 1
        for i in range(1, 6):
            counters[i] = 0
        m = marker(scheme, 1, counters[0], rng, quirks)
        shown = head
        if quirks and rng.random() < 0.3 and len(head) >= 4:
            # Spaces between words, never inside a number ("2023年" stays whole).
            cuts = [i for i in range(1, len(head)) if not (head[i - 1].isdigit() or head[i].isdigit())]
            for c in sorted(rng.sample(cuts, min(2, len(cuts))), reverse=True):
                shown = shown[:c] + " " + shown[c:]
        headings.append(head if shown == head else shown)
        first = content[0] if content else None
        if first and first[0] == "runin_self":
            r.add("heading_runin", 1, (m, shown, first[2]))
            content = content[1:]
        else:
            r.add("heading", 1, (m, shown))
        for kind_, level, text, rest in content:
            if kind_ in ("heading", "runin"):
                counters[level - 1] += 1
                for i in range(level, 6):
                    counters[i] = 0
                mk = marker(scheme, level, counters[level - 1], rng, quirks)
                if not mk and level > 1:
                    # No marker left at this depth: the sub-item is running text.
                    r.add("para", 0, text + ("。" + rest if rest else "。"))
                elif kind_ == "heading":
                    r.add("heading", level, (mk, text))
                else:
                    r.add("heading_runin", level, (mk, text, rest))
            else:
                r.add("para", 0, text)
        # A table inside the achievements.
        if key == "ach" and rng.random() < 0.2:
            pipe = rng.random() < 0.4
            rows = [["序号", "事项", "数量"], ["1", "行政复议", str(rng.randint(3, 50))], ["2", "行政诉讼", str(rng.randint(1, 20))],
                    ["3", "规范性文件审查", str(rng.randint(5, 40))]]
            r.add("table", 0, (rows, pipe))
    if rng.random() < 0.3:
        r.add("furniture", 0, "特此报告。")
    if rng.random() < 0.15:
        r.add("furniture", 0, "附件：1.法治政府建设重点任务完成情况统计表")
        r.add("furniture", 0, "　　　2.行政执法数据汇总表")
    r.add("signoff", 0, unit)
    r.add("signoff", 0, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
    if rng.random() < 0.15:
        r.add("furniture", 0, f"（联系人：{rng.choice(['赵敏', '陈亮'])}，联系电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}）")
    if rng.random() < 0.12:
        r.add("furniture", 0, "抄送：市委依法治市办，市司法局。")
        r.add("furniture", 0, f"{unit}办公室　　　　{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日印发")

    r.labels = {
        "unit": unit,
        "year": year,
        "kind": "report",
        "complete": True,
        "has": {
            "achievements": True,
            "problems": prob_mode != "none",
            "problems_with_causes": causes,
            "lead_responsibility": lead_mode != "none",
            "next_year_plan": plan_mode != "none",
            "xi_rule_of_law_thought": xi,
        },
        "headings": headings,
        "notes": [f"layout {scheme_name}{' quirks' if quirks else ''}; problems {prob_mode}; plan {plan_mode}; "
                  f"lead {lead_mode}/{lead_pos}; {'long' if long else 'tiny' if tiny else 'short'}"],
    }
    r.txt_options = dict(
        page_numbers=rng.random() < 0.25,
        running_header=rng.random() < 0.12,
        blank_lines=rng.random() < 0.3,
        indent=rng.choice(["", "　　", ""]),
        page_style=rng.choice(["— {n} —", "-{n}-", "第{n}页 共{t}页", "- {n} -"]),
        split_paragraphs=rng.random() < 0.5,
    )
    r.rng = random.Random(rng.random())
    return r


# ---------------------------------------------------------------- writers


def text_lines(r):
    """The report as typed in a plain text: one line per block."""
    out = []
    o = r.txt_options
    for kind, level, v in r.blocks:
        if kind == "heading":
            m, h = v
            out.append(("h", f"{m}{h}"))
        elif kind == "heading_runin":
            m, h, rest = v
            out.append(("p", f"{o['indent']}{m}{h}。{rest}"))
        elif kind == "table":
            rows, pipe = v
            if pipe:
                out.append(("t", "| " + " | ".join(rows[0]) + " |"))
                out.append(("t", "|" + "---|" * len(rows[0])))
                for row in rows[1:]:
                    out.append(("t", "| " + " | ".join(row) + " |"))
            else:
                for row in rows:
                    out.append(("t", "\t".join(row)))
        elif kind == "para":
            out.append(("p", o["indent"] + v))
        else:
            out.append(("x", v))
    return out


def write_txt(r, path):
    o = r.txt_options
    rng = r.rng
    lines = text_lines(r)
    # Pages of about 14 lines: page numbers and a running header between them; a
    # paragraph may be split by the page break.
    out = []
    page = 1
    since = 0
    total = len(lines) // 14 + 2
    header = r.labels["unit"] + "法治政府建设情况报告" if o["running_header"] else None
    for i, (k, s) in enumerate(lines):
        since += 1
        if (o["page_numbers"] or header) and since >= 14 and k == "p" and i < len(lines) - 3:
            since = 0
            body = s
            if o["split_paragraphs"] and len(s) > 30:
                cut = len(s) // 2
                # Never a punctuation mark at either side of the break (避头尾).
                while cut < len(s) - 1 and (s[cut - 1] in "，。；：、“”（）" or s[cut] in "，。；：、”）"):
                    cut += 1
                out.append(s[:cut])
                body = s[cut:]
            else:
                out.append(s)
                body = None
            if o["page_numbers"]:
                out.append("")
                out.append(o["page_style"].format(n=page, t=total))
            out.append("\f" if rng.random() < 0.3 else "")
            if header:
                out.append(header)
            page += 1
            if body is not None:
                out.append(body)
            continue
        out.append(s)
        if o["blank_lines"]:
            out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_docx(r, path, typed):
    import docx

    d = docx.Document()
    for kind, level, v in r.blocks:
        if kind == "title":
            d.add_paragraph(v, style="Title")
        elif kind == "heading":
            m, h = v
            d.add_heading((m + h) if typed else h, level=min(level, 9))
        elif kind == "heading_runin":
            m, h, rest = v
            if typed:
                d.add_paragraph(f"{m}{h}。{rest}")
            else:
                d.add_heading(h, level=min(level, 9))
                d.add_paragraph(rest)
        elif kind == "table":
            rows, _ = v
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for i, row in enumerate(rows):
                for j, c in enumerate(row):
                    t.cell(i, j).text = c
        else:
            d.add_paragraph(v)
    import datetime

    d.core_properties.created = datetime.datetime(2024, 1, 15, 9, 0, 0)
    d.save(path)


def write_html(r, path):
    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>报告</title></head><body>",
             "<div class=\"nav\">首页 &gt; 政务公开 &gt; 法治政府建设</div><div class=\"article\">"]
    e = htmlmod.escape
    for kind, level, v in r.blocks:
        if kind == "title":
            parts.append(f"<h1>{e(v)}</h1>")
        elif kind == "heading":
            m, h = v
            parts.append(f"<p><strong>{e(m + h)}</strong></p>")
        elif kind == "heading_runin":
            m, h, rest = v
            parts.append(f"<p>{e(m + h)}。{e(rest)}</p>")
        elif kind == "table":
            rows, _ = v
            parts.append("<table>" + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows) + "</table>")
        else:
            parts.append(f"<p>{e(v)}</p>")
    parts.append("</div></body></html>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))


def yaml_str(s):
    return "'" + str(s).replace("'", "''") + "'"


def write_labels(entries, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Synthetic reports written by scripts/make-layouts.py (our own texts).\n")
        for file, lab in entries:
            f.write(f"- file: {file}\n")
            f.write(f"  unit: {yaml_str(lab['unit'])}\n  year: {lab['year']}\n  kind: report\n  complete: true\n  has:\n")
            for k, v in lab["has"].items():
                f.write(f"    {k}: {'true' if v else 'false'}\n")
            f.write("  headings:\n" if lab["headings"] else "  headings: []\n")
            for h in lab["headings"]:
                f.write(f"  - {yaml_str(h)}\n")
            f.write("  notes:\n")
            for n in lab["notes"]:
                f.write(f"  - {yaml_str(n)}\n")


def die(msg):
    print(f"make-layouts: {msg}", file=sys.stderr)
    sys.exit(2)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--set", choices=["dev", "heldout"], required=True)
    p.add_argument("--count", type=int, default=60)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", required=True)
    p.add_argument("--forms", default="txt")
    p.add_argument("--from", dest="source", choices=["typed", "styled"], default="typed",
                   help="which .docx LibreOffice converts: typed markers and styles (default), or styles only")
    a = p.parse_args()
    forms = [f for f in a.forms.split(",") if f]
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(f"{a.set}-{a.seed}")
    entries = []
    docx_paths = []
    for i in range(a.count):
        r = make_report(a.set, rng, i)
        stem = f"{a.set}-{a.seed}-{i:03d}"
        if "txt" in forms:
            write_txt(r, os.path.join(a.out, stem + ".txt"))
            entries.append((stem + ".txt", r.labels))
        if "html" in forms:
            write_html(r, os.path.join(a.out, stem + ".html"))
            entries.append((stem + ".html", r.labels))
        if any(f in forms for f in ("docx", "doc", "odt", "rtf", "pdf", "ofd")):
            try:
                write_docx(r, os.path.join(a.out, stem + ".docx"), typed=True)
            except ImportError:
                die("python-docx is needed for docx")
            docx_paths.append((stem, r.labels))
            if "docx" in forms:
                entries.append((stem + ".docx", r.labels))
        if "styled.docx" in forms:
            write_docx(r, os.path.join(a.out, stem + ".styled.docx"), typed=False)
            entries.append((stem + ".styled.docx", r.labels))
    office = [f for f in forms if f in ("doc", "odt", "rtf", "pdf")]
    if "ofd" in forms and "pdf" not in office:
        office.append("pdf")
    if office and docx_paths:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            die("LibreOffice (soffice) not found")
        with tempfile.TemporaryDirectory() as tmp:
            for form in office:
                filt = {"doc": "doc:MS Word 97", "odt": "odt", "rtf": "rtf", "pdf": "pdf:writer_pdf_Export"}[form]
                src_suffix = ".docx" if a.source == "typed" else ".styled.docx"
                if a.source == "styled":
                    for s, lab in docx_paths:
                        write_styled = os.path.join(a.out, s + ".styled.docx")
                        if not os.path.exists(write_styled):
                            raise SystemExit("make-layouts: --from styled needs the styled.docx form")
                srcs = [os.path.join(a.out, s + src_suffix) for s, _ in docx_paths]
                subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/p-{form}", "--headless", "--norestore",
                                "--convert-to", filt, "--outdir", a.out, *srcs], check=True, capture_output=True, timeout=1800)
                if a.source == "styled":
                    # soffice names its output after the input: STEM.styled.pdf → STEM.pdf.
                    for s, _ in docx_paths:
                        made = os.path.join(a.out, s + ".styled." + form)
                        if os.path.exists(made):
                            os.replace(made, os.path.join(a.out, s + "." + form))
                if form in forms:
                    entries += [(s + "." + form, lab) for s, lab in docx_paths]
    if "ofd" in forms and docx_paths:
        # make-forms.py's writer: easyofd in a private working directory, its log silenced.
        import importlib.util

        spec = importlib.util.spec_from_file_location("make_forms", os.path.join(os.path.dirname(__file__), "make-forms.py"))
        make_forms = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(make_forms)
        for s, lab in docx_paths:
            make_forms.write_ofd(os.path.join(a.out, s + ".pdf"), os.path.join(a.out, s + ".ofd"))
            entries.append((s + ".ofd", lab))
    if "docx" not in forms:
        for s, _ in docx_paths:
            with contextlib.suppress(OSError):
                os.remove(os.path.join(a.out, s + ".docx"))
    if "pdf" not in forms and "ofd" in forms:
        for s, _ in docx_paths:
            with contextlib.suppress(OSError):
                os.remove(os.path.join(a.out, s + ".pdf"))
    write_labels(entries, os.path.join(a.out, "labels.yaml"))


if __name__ == "__main__":
    main()
