#!/usr/bin/env python3
"""Write one synthetic roster (应报送单位名单) in the shapes offices write it, with real writers.

    scripts/make-rosters.py --out DIR

The same seven units in every file, laid out differently (tests/audit_office.rs reads them
all and expects the same units from each):

  编号.txt   a title line, group labels (一、区直部门（5个）), units numbered 1. 2、 （3） 4．
             ① ②, a note at the end
  表格.csv   a title row and a blank row above 序号 / 单位名称 / 联系人 / 联系电话, a total row
  多表.xlsx  openpyxl: a 说明 sheet of instructions (no unit column), a sheet whose title row
             is merged over the table and whose 单位名称 header is merged over two columns,
             and a sheet without a header (serial, unit, contact: found by content)
  旧版.xls   xlwt (Excel 97-2003): a title row, then 序号 / 备注 / 报送单位 (the unit column
             is not the first one after the serial)
  表格.ods   odfpy: 单位 / 联系电话 with repeated empty cells and rows between
  表格.docx  python-docx: a title paragraph, then a Word table 序号 / 单位名称 / 联系人

Needs openpyxl, xlwt, odfpy and python-docx (pip). Exit status 2 with a message when one
is missing. All names and numbers are invented.
"""

import argparse
import csv
import os
import sys

UNITS = [
    ("区直部门", ["西青区信访办", "西青区司法局", "西青区财政局", "西青区卫生健康委员会", "西青区审计局"]),
    ("街道", ["西营门街道办事处", "李七庄街道"]),
]
ALL = [u for _, g in UNITS for u in g]
TITLE = "西青区2023年度法治政府建设年度报告应报送单位名单"


def phone(i):
    return f"022-2739{i:04d}"


def text(path):
    markers = ["1. ", "2、", "（3）", "4．", "5 "]
    lines = [TITLE, ""]
    lines.append(f"一、区直部门（{len(UNITS[0][1])}个）")
    for m, u in zip(markers, UNITS[0][1]):
        lines.append(m + u)
    lines.append(f"二、街道（{len(UNITS[1][1])}个）")
    for m, u in zip(["① ", "② "], UNITS[1][1]):
        lines.append(m + u)
    lines.append("注：请于2024年3月1日前报送，逾期未报送的予以通报。")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def table_csv(path):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([TITLE])
        w.writerow([])
        w.writerow(["序号", "单位名称", "联系人", "联系电话"])
        for i, u in enumerate(ALL, 1):
            w.writerow([i, u, f"联络员{i}", phone(i)])
        w.writerow(["合计", f"{len(ALL)}个"])


def xlsx(path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "说明"
    ws["A1"] = "填表说明：本表列出应报送法治政府建设年度报告的单位，请各单位于3月1日前报送。"
    ws["A2"] = "报送方式：电子版发送至指定邮箱。"
    ws = wb.create_sheet("区直部门")
    ws.merge_cells("A1:E1")
    ws["A1"] = TITLE + "（区直部门）"
    ws["A2"] = "序号"
    ws.merge_cells("B2:C2")
    ws["B2"] = "单位名称"
    ws["D2"] = "联系人"
    ws["E2"] = "联系电话"
    for i, u in enumerate(UNITS[0][1], 1):
        ws.cell(row=2 + i, column=1, value=i)
        ws.cell(row=2 + i, column=2, value=u)
        ws.cell(row=2 + i, column=4, value=f"联络员{i}")
        ws.cell(row=2 + i, column=5, value=phone(i))
    ws = wb.create_sheet("街道")
    for i, u in enumerate(UNITS[1][1], 1):
        ws.cell(row=i, column=1, value=i)
        ws.cell(row=i, column=2, value=u)
        ws.cell(row=i, column=3, value=f"联络员{10 + i}")
    wb.save(path)


def xls(path):
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("名单")
    ws.write_merge(0, 0, 0, 2, TITLE)
    for c, h in enumerate(["序号", "备注", "报送单位"]):
        ws.write(2, c, h)
    for i, u in enumerate(ALL, 1):
        ws.write(2 + i, 0, i)
        ws.write(2 + i, 1, "")
        ws.write(2 + i, 2, u)
    wb.save(path)


def ods(path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow, TableCell
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    t = Table(name="名单")

    def row(values, repeat=None):
        tr = TableRow() if repeat is None else TableRow(numberrowsrepeated=repeat)
        for v in values:
            if v is None:
                tr.addElement(TableCell(numbercolumnsrepeated=3))
                continue
            tc = TableCell(valuetype="string")
            tc.addElement(P(text=str(v)))
            tr.addElement(tc)
        t.addElement(tr)

    row(["单位", None, "联系电话"])
    for i, u in enumerate(ALL, 1):
        row([u, None, phone(i)])
        if i == 3:
            row([None], repeat=5)
    doc.spreadsheet.addElement(t)
    doc.save(path)


def docx(path):
    import docx as pydocx

    d = pydocx.Document()
    d.add_paragraph(TITLE)
    table = d.add_table(rows=1, cols=3)
    for c, h in zip(table.rows[0].cells, ["序号", "单位名称", "联系人"]):
        c.text = h
    for i, u in enumerate(ALL, 1):
        cells = table.add_row().cells
        cells[0].text = str(i)
        cells[1].text = u
        cells[2].text = f"联络员{i}"
    d.add_paragraph("注：以上单位均应报送。")
    d.save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    try:
        import openpyxl, xlwt, odf, docx as _  # noqa: F401
    except ImportError as e:
        print(f"missing Python package: {e.name} (pip install openpyxl xlwt odfpy python-docx)", file=sys.stderr)
        sys.exit(2)
    text(os.path.join(a.out, "编号.txt"))
    table_csv(os.path.join(a.out, "表格.csv"))
    xlsx(os.path.join(a.out, "多表.xlsx"))
    xls(os.path.join(a.out, "旧版.xls"))
    ods(os.path.join(a.out, "表格.ods"))
    docx(os.path.join(a.out, "表格.docx"))


if __name__ == "__main__":
    main()
