#!/usr/bin/env python3
"""Write the .docx fixtures of tests/structure.rs with python-docx (a real writer, not
this project): a synthetic report whose headings carry Word heading styles and no typed
markers, and one whose heading levels come only from style inheritance and outline
levels. Run from the repository root:

    python3 scripts/make-docx-fixtures.py [OUT_DIR]   # default tests/fixtures/docx

The texts are synthetic (written for these tests); keep them in step with
`STYLED_TYPED` in tests/structure.rs, the same report with typed markers.
"""

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

TITLE = "青川县水务局关于2023年度法治政府建设情况的报告"

# (level, text): level 0 = paragraph, 1/2 = heading levels.
BODY = [
    (0, "2023年，我局坚持以习近平法治思想为指导，扎实推进依法行政，现将有关情况报告如下。"),
    (1, "2023年推进法治政府建设的主要举措和成效"),
    (2, "健全依法决策机制"),
    (0, "制定重大行政决策程序规定，全年三项重大决策均经合法性审查。"),
    (2, "规范行政执法行为"),
    (0, "全面落实行政执法三项制度，开展执法案卷评查两次。"),
    (1, "存在的不足和原因"),
    (0, "基层执法人员专业能力不足，主要原因是培训针对性不强、经费保障有限。"),
    (1, "党政主要负责人履行推进法治建设第一责任人职责情况"),
    (0, "局主要负责人带头学法，主持召开专题会议四次，研究解决法治建设重大问题。"),
    (1, "2024年推进法治政府建设的主要安排"),
    (0, "继续加强执法队伍建设，完善决策程序，推动各项工作落实。"),
]


def set_outline(ppr_owner, level):
    """Add <w:outlineLvl w:val=level/> to a paragraph's or a style's pPr."""
    ppr = ppr_owner.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.append(el)


def styled(out: Path):
    doc = Document()
    doc.add_paragraph(TITLE, style="Title")
    for level, text in BODY:
        if level == 0:
            doc.add_paragraph(text)
        else:
            doc.add_heading(text, level=level)
    doc.core_properties.created = __import__("datetime").datetime(2024, 1, 15, 9, 30)
    doc.save(out / "styled-no-markers.docx")


def inherited(out: Path):
    doc = Document()
    styles = doc.styles
    # 部门标题基础 carries outline level 0; 部门一级 inherits it through basedOn, and
    # 部门一级甲 inherits from that: a two-step chain with no "heading" in any name.
    base = styles.add_style("部门标题基础", WD_STYLE_TYPE.PARAGRAPH)
    set_outline(base.element, 0)
    mid = styles.add_style("部门一级", WD_STYLE_TYPE.PARAGRAPH)
    mid.base_style = base
    top = styles.add_style("部门一级甲", WD_STYLE_TYPE.PARAGRAPH)
    top.base_style = mid
    doc.add_paragraph(TITLE)
    for level, text in BODY:
        if level == 0:
            doc.add_paragraph(text)
        elif level == 1:
            doc.add_paragraph(text, style="部门一级甲")
        else:
            # Level 2 from the paragraph's own outline level only.
            p = doc.add_paragraph(text)
            set_outline(p._p, 1)
    doc.save(out / "inherited-outline.docx")


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/docx")
    out.mkdir(parents=True, exist_ok=True)
    styled(out)
    inherited(out)


if __name__ == "__main__":
    main()
