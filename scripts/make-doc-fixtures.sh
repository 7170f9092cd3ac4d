#!/usr/bin/env bash
# Regenerate the .doc/.wps fixtures of tests/input_doc.rs from synthetic reports, with
# real writers: python-docx writes .docx files (Word heading styles, automatic
# numbering, a table, a field, tracked changes) and LibreOffice converts them, and the
# typed-marker REPORT of tests/input_support as plain text, to Word 97–2003 .doc. The
# encrypted, truncated and .wps fixtures are derived copies (see below). Needs soffice
# and python3 with python-docx.
#
#   scripts/make-doc-fixtures.sh [OUT_DIR]   (default tests/fixtures/doc)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$repo/tests/fixtures/doc}")
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME="$work" # a private LibreOffice profile: no clash with another soffice

python3 - <<'PY'
import docx
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

def el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), v)
    return e

def field(p, instr, result):
    p.add_run()._r.append(el('w:fldChar', **{'w:fldCharType': 'begin'}))
    it = el('w:instrText'); it.set(qn('xml:space'), 'preserve'); it.text = instr
    p.add_run()._r.append(it)
    p.add_run()._r.append(el('w:fldChar', **{'w:fldCharType': 'separate'}))
    p.add_run(result)
    p.add_run()._r.append(el('w:fldChar', **{'w:fldCharType': 'end'}))

# 1. Heading styles without typed markers, a table and a PAGE field.
d = docx.Document()
d.add_paragraph('某县司法局2025年法治政府建设年度报告', style='Title')
d.add_paragraph('今年以来，我局坚持以习近平法治思想为指导，推进依法行政。')
d.add_heading('主要举措和成效', level=1)
d.add_heading('深入学习贯彻习近平法治思想', level=2)
p = d.add_paragraph('组织专题学习会议十二次，见第')
field(p, ' PAGE ', '1')
p.add_run('页。')
d.add_heading('存在的不足和原因', level=1)
d.add_paragraph('行政执法规范化水平仍需提高。')
t = d.add_table(rows=2, cols=2)
t.cell(0, 0).text = '项目'; t.cell(0, 1).text = '数量'
t.cell(1, 0).text = '行政复议案件'; t.cell(1, 1).text = '15件'
d.add_heading('下一年度工作安排', level=1)
last = d.add_paragraph('主要负责人切实履行推进法治建设第一责任人职责。')
# A header, a footer and a comment: not main-document text, never read.
d.sections[0].header.paragraphs[0].text = '页眉：一、不应出现'
d.sections[0].footer.paragraphs[0].text = '页脚：二、不应出现'
d.add_comment(last.runs, text='批注：三、不应出现', author='fixture')
d.save('styled.docx')

# 2. Heading styles with Word automatic numbering 一、/（一）（no typed markers).
d = docx.Document()
numbering = d.part.numbering_part.element
absn = el('w:abstractNum', **{'w:abstractNumId': '90'})
for ilvl, text in ((0, '%1、'), (1, '（%2）')):
    lvl = el('w:lvl', **{'w:ilvl': str(ilvl)})
    lvl.append(el('w:start', **{'w:val': '1'}))
    lvl.append(el('w:numFmt', **{'w:val': 'chineseCounting'}))
    lvl.append(el('w:suff', **{'w:val': 'nothing'}))
    lvl.append(el('w:lvlText', **{'w:val': text}))
    absn.append(lvl)
numbering.insert(0, absn)
num = el('w:num', **{'w:numId': '90'})
num.append(el('w:abstractNumId', **{'w:val': '90'}))
numbering.append(num)
for level in (1, 2):
    ppr = d.styles['Heading %d' % level].element.get_or_add_pPr()
    numpr = el('w:numPr')
    numpr.append(el('w:ilvl', **{'w:val': str(level - 1)}))
    numpr.append(el('w:numId', **{'w:val': '90'}))
    ppr.insert(0, numpr)
d.add_paragraph('某区2025年法治政府建设情况报告', style='Title')
d.add_heading('主要工作成效', level=1)
d.add_heading('健全依法决策机制', level=2)
d.add_paragraph('重大行政决策全部经过合法性审查。')
d.add_heading('规范行政执法', level=2)
d.add_paragraph('全面推行行政执法三项制度。')
d.add_heading('存在的问题', level=1)
d.add_paragraph('基层执法力量不足。')
d.save('numbered.docx')

# 4. Tracked changes: a deletion and an insertion (the text reads as accepted).
d = docx.Document()
d.add_paragraph('2025年法治政府建设年度报告', style='Title')
p = d.add_paragraph('行政执法人员')
rev = {'w:id': '1', 'w:author': 'fixture', 'w:date': '2025-01-01T00:00:00Z'}
dl = el('w:del', **rev)
r = el('w:r'); t = el('w:delText'); t.text = '已删除的字'; r.append(t); dl.append(r)
p._p.append(dl)
ins = el('w:ins', **dict(rev, **{'w:id': '2'}))
r = el('w:r'); t = el('w:t'); t.text = '全部'; r.append(t); ins.append(r)
p._p.append(ins)
p.add_run('持证上岗。')
d.add_paragraph('行政复议决定全部按期作出。')
d.save('tracked.docx')

# 5. Outline levels without heading styles: a custom style with w:outlineLvl, a
# paragraph with its own w:outlineLvl, a custom style based on Heading 2, and a
# Heading 5 (deeper than the four levels a report uses).
from docx.enum.style import WD_STYLE_TYPE
d = docx.Document()
own = d.styles.add_style('报告一级标题', WD_STYLE_TYPE.PARAGRAPH)
own.base_style = d.styles['Normal']
own.element.get_or_add_pPr().append(el('w:outlineLvl', **{'w:val': '0'}))
derived = d.styles.add_style('报告二级标题', WD_STYLE_TYPE.PARAGRAPH)
derived.base_style = d.styles['Heading 2']
d.add_paragraph('主要工作成效', style='报告一级标题')
d.add_paragraph('完善依法行政制度体系', style='报告二级标题')
p = d.add_paragraph('加强行政执法监督')
p._p.get_or_add_pPr().append(el('w:outlineLvl', **{'w:val': '2'}))
d.add_heading('第五级标题', level=5)
d.add_paragraph('正文段落。')
d.save('outline.docx')
PY

# 3. A typed-marker report as plain UTF-8 text: the synthetic REPORT the other input
# tests use (tests/input_support/mod.rs), so the .doc can be held to the same reading.
python3 - "$repo/tests/input_support/mod.rs" <<'PY'
import sys
src = open(sys.argv[1], encoding='utf-8').read()
start = src.index('pub const REPORT: &str = "\\\n') + len('pub const REPORT: &str = "\\\n')
open('typed.txt', 'w', encoding='utf-8').write(src[start:src.index('";', start)])
PY

soffice --headless --convert-to doc styled.docx numbered.docx tracked.docx outline.docx >/dev/null 2>&1
soffice --headless --infilter='Text (encoded):UTF8,LF,,' --convert-to doc typed.txt >/dev/null 2>&1
# LibreOffice 7.4 cannot be told a file-open password on the command line (the
# Password media-descriptor property is UNO-only), so the encrypted fixture is a copy
# of a real file with the FIB's fEncrypted flag set, as an RC4-encrypted Word file has
# it. The WordDocument stream starts on a sector (64 bytes in the mini stream of a
# small file) with the FIB ident 0xA5EC.
python3 - <<'PY'
data = bytearray(open('typed.doc', 'rb').read())
for off in range(512, len(data), 64):
    if data[off:off + 2] == b'\xec\xa5':
        data[off + 0x0B] |= 0x01  # fEncrypted: bit 8 of the flags word at 0x0A
        break
else:
    raise SystemExit('no FIB found')
open('encrypted.doc', 'wb').write(data)
PY
cp styled.doc numbered.doc typed.doc tracked.doc outline.doc "$out/"
cp encrypted.doc "$out/encrypted.doc"
# WPS Office writes .wps as the same Word binary in a compound file: a .doc renamed.
cp styled.doc "$out/styled.wps"
# The first half of a real file: the compound-file header is intact, its streams are not.
head -c "$(( $(stat -c %s typed.doc) / 2 ))" typed.doc > "$out/truncated.doc"
ls -l "$out"
