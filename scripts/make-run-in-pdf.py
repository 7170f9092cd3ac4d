#!/usr/bin/env python3
"""Write tests/fixtures/pdf/run-in-headings.pdf: a synthetic report whose level-2 headings
run into their paragraphs ("（一）完善制度体系。修订……", the heading in bold) and whose
shortcomings paragraph is bold throughout, through python-docx and LibreOffice
(soffice --headless --convert-to pdf). tests/annotate.rs checks that the Word copy
`annotate` writes from it gives Heading styles to the real headings only.

    scripts/make-run-in-pdf.py [OUT.pdf]

Needs python-docx and LibreOffice. All text is invented.
"""

import os
import shutil
import subprocess
import sys
import tempfile

import docx

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "tests", "fixtures", "pdf", "run-in-headings.pdf"
)
body = (
    "修订本局规范性文件3件，清理废止2件，重大行政决策全部经过合法性审查，全面落实行政执法公示、执法全过程记录、"
    "重大执法决定法制审核制度，组织执法人员培训4次，培训120人次，办理行政复议案件12件，行政诉讼案件3件，"
    "均依法履行出庭应诉职责。"
)
d = docx.Document()
d.add_paragraph("某区水务局2023年度法治政府建设情况报告", style="Title")
d.add_paragraph("2023年，区水务局以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，现将有关情况报告如下。")
d.add_paragraph("一、2023年推进法治政府建设的主要举措和成效")
for h in ["（一）完善制度体系。", "（二）规范执法行为。", "（三）强化普法宣传。", "（四）化解矛盾纠纷。"]:
    p = d.add_paragraph()
    p.add_run(h).bold = True
    p.add_run(body * 2)
d.add_paragraph("二、存在的不足和原因")
p = d.add_paragraph()
p.add_run("一是执法人员专业能力有待提高；二是普法宣传形式比较单一。究其原因，主要是培训投入不足，创新意识不强。" * 3).bold = True
d.add_paragraph("三、党政主要负责人履行推进法治建设第一责任人职责情况")
d.add_paragraph("局主要负责人带头学法用法，全年主持召开党组会议专题研究法治工作3次。" * 3)
d.add_paragraph("四、2024年工作打算")
for h in ["（一）加强执法队伍建设。", "（二）创新普法方式。"]:
    p = d.add_paragraph()
    p.add_run(h).bold = True
    p.add_run(body)
d.add_paragraph("某区水务局")
d.add_paragraph("2024年1月15日")
with tempfile.TemporaryDirectory() as work:
    src = os.path.join(work, "run-in-headings.docx")
    d.save(src)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, src], check=True, capture_output=True, timeout=300)
    shutil.copy(os.path.join(work, "run-in-headings.pdf"), out)
