"""Write the synthetic reports behind tests/fixtures/{pdf,ofd} as .docx (python-docx).

Called by scripts/make-pdf-ofd-fixtures.sh, which turns them into PDF (LibreOffice), OFD
(easyofd) and an image-only "scan" PDF (MuPDF). The texts are written for the tests, not
taken from any real report.
"""
import sys
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

TITLE = "某县人民政府关于2024年度法治政府建设情况的报告"

SECTIONS = [
    ("一、", "2024年度推进法治政府建设的主要举措和成效", [
        ("（一）", "深入学习贯彻习近平法治思想", [
            "县政府常务会议把学习习近平法治思想列为会前学法的固定内容，全年安排专题学习十二次，"
            "组织领导干部旁听庭审两次，举办依法行政专题培训班一期，参训人员覆盖各乡镇和县直部门的"
            "主要负责人，学习成果转化为推进依法行政的具体举措。",
        ]),
        ("（二）", "持续优化法治化营商环境", [
            "全面推行证明事项告知承诺制，清理规范涉企收费项目，政务服务事项网上可办率达到百分之九十八，"
            "企业开办时间压缩至一个工作日以内，市场主体的获得感明显增强，投诉举报数量同比下降。",
            "推进包容审慎监管，对轻微违法行为依法不予处罚，编制免罚清单并向社会公布，"
            "在市场监管、生态环境等领域落实首违不罚，执法的温度和力度得到统一。",
        ]),
        ("（三）", "严格规范公正文明执法", [
            "全面落实行政执法公示、执法全过程记录和重大执法决定法制审核三项制度，组织执法案卷评查，"
            "评查案卷一百二十卷，发现的问题逐项整改到位，执法人员持证上岗率保持百分之百。",
        ]),
    ]),
    ("二、", "存在的不足和原因", [
        (None, None, [
            "一是部分单位对法治政府建设的重视程度不够，推进工作的主动性不强；二是基层执法力量相对薄弱，"
            "执法人员专业能力与新形势新任务的要求还有差距；三是行政复议和应诉工作仍需加强。"
            "究其原因，主要是法治培训的针对性不强，考核评价的导向作用发挥不够充分。",
        ]),
    ]),
    ("三、", "党政主要负责人履行推进法治建设第一责任人职责情况", [
        (None, None, [
            "县政府主要负责人切实履行推进法治建设第一责任人职责，对法治政府建设重要工作亲自部署、"
            "重大问题亲自过问、重点环节亲自协调、重要任务亲自督办，全年主持召开专题会议四次，"
            "研究解决法治政府建设中的重点难点问题，并在年终述职中专门报告履行法治建设职责的情况。",
        ]),
    ]),
    ("四、", "2025年度推进法治政府建设的主要安排", [
        (None, None, [
            "一是持续深化习近平法治思想的学习宣传和贯彻落实；二是加强行政规范性文件的合法性审核；"
            "三是提升基层综合行政执法能力；四是加强行政复议规范化建设，推动行政争议实质性化解，"
            "确保法治政府建设各项任务落到实处。",
        ]),
    ]),
]

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号


def indent(par, chars=2):
    par.paragraph_format.first_line_indent = Pt(BODY_PT * chars)


def page_field(par):
    """— PAGE — in the footer, as a real field (LibreOffice renders the number)."""
    par.add_run("— ")
    run = par.add_run()
    for tag, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            el.text = text
            if text.strip() == "PAGE":
                el.set(qn("xml:space"), "preserve")
        run._r.append(el)
    par.add_run(" —")


def report(path, marked):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(BODY_PT)
    style.font.name = "Noto Serif CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    sec = doc.sections[0]
    header = sec.header.paragraphs[0]
    header.text = "某县人民政府文件"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_field(footer)

    t = doc.add_paragraph()
    t.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = t.add_run(TITLE)
    r.font.size = Pt(TITLE_PT)
    r.bold = True
    doc.add_paragraph()
    p = doc.add_paragraph(
        "2024年，在县委的坚强领导下，县政府坚持以习近平新时代中国特色社会主义思想为指导，"
        "深入贯彻落实法治政府建设实施纲要，扎实推进依法行政各项工作，现将有关情况报告如下。")
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent(p)
    for mark, head, subs in SECTIONS:
        h = doc.add_paragraph()
        indent(h)
        run = h.add_run((mark if marked else "") + head)
        run.bold = True
        if not marked:
            h.alignment = WD_ALIGN_PARAGRAPH.CENTER
            h.paragraph_format.first_line_indent = Pt(0)
        for sub_mark, sub_head, paras in subs:
            if sub_head:
                s = doc.add_paragraph()
                indent(s)
                run = s.add_run((sub_mark if marked else "") + sub_head)
                run.bold = not marked
            for text in paras:
                p = doc.add_paragraph(text)
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                indent(p)
    doc.add_paragraph()
    for line in ("某县人民政府", "2025年3月20日"):
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(path)


if __name__ == "__main__":
    out = sys.argv[1]
    report(f"{out}/report-marked.docx", marked=True)
    report(f"{out}/report-bold.docx", marked=False)
