//! XLSX (rust_xlsxwriter): sheet 报告 with one row per file (bold header, frozen header
//! row, autofilter, column widths, parts as TRUE/FALSE booleans so they filter and
//! count), sheet 汇总 with the coverage summary, sheet 相似报告 with the pairs.

use super::summary::Summary;
use super::{Audit, Cell, COLUMNS, ELEMENT_LABELS};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// Column widths (characters) in `COLUMNS` order.
const WIDTHS: [f64; 19] = [36.0, 40.0, 24.0, 7.0, 11.0, 13.0, 10.0, 15.0, 20.0, 16.0, 17.0, 8.0, 9.0, 7.0, 36.0, 11.0, 36.0, 15.0, 30.0];

fn header(ws: &mut Worksheet, names: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (c, (name, w)) in names.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &bold)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn build(audit: &Audit, summary: &Summary) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let pct = Format::new().set_num_format("0.0%");
    let two = Format::new().set_num_format("0.00");

    let ws = wb.add_worksheet();
    ws.set_name("报告")?;
    header(ws, &COLUMNS, &WIDTHS)?;
    for i in 0..audit.rows.len() {
        let r = (i + 1) as u32;
        for (c, cell) in audit.cells(i).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s).map(|_| ())?,
                Cell::Int(n) => ws.write_number(r, c, n as f64).map(|_| ())?,
                Cell::Float(f) => ws.write_number_with_format(r, c, f, &two).map(|_| ())?,
                Cell::Bool(b) => ws.write_boolean(r, c, b).map(|_| ())?,
                Cell::Empty => {}
            }
        }
    }
    ws.autofilter(0, 0, audit.rows.len() as u32, (COLUMNS.len() - 1) as u16)?;

    let ws = wb.add_worksheet();
    ws.set_name("汇总")?;
    let mut names = vec!["分组", "类别", "报告数"];
    names.extend(ELEMENT_LABELS);
    header(ws, &names, &[8.0, 12.0, 8.0, 16.0, 12.0, 12.0, 16.0, 18.0, 24.0])?;
    for (i, (dim, c)) in summary.groups().into_iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, dim)?;
        ws.write_string(r, 1, &c.label)?;
        ws.write_number(r, 2, c.reports as f64)?;
        for k in 0..6 {
            ws.write_number_with_format(r, (3 + k) as u16, c.share(k), &pct)?;
        }
    }
    let r = (summary.groups().len() + 2) as u32;
    ws.write_string(r, 0, format!("共 {} 个文件，其中 {} 个无法读取（不计入比例）", summary.files, summary.unreadable))?;

    let ws = wb.add_worksheet();
    ws.set_name("相似报告")?;
    header(ws, &["相似度", "报告甲", "报告乙", "同一单位连续两年"], &[9.0, 40.0, 40.0, 18.0])?;
    for (i, p) in audit.pairs.iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_number_with_format(r, 0, p.similarity, &two)?;
        ws.write_string(r, 1, &audit.rows[p.a].path)?;
        ws.write_string(r, 2, &audit.rows[p.b].path)?;
        ws.write_boolean(r, 3, p.previous_year)?;
    }
    Ok(wb)
}

/// Write the workbook to `path`.
pub fn write(audit: &Audit, summary: &Summary, path: &Path) -> Result<(), String> {
    let mut wb = build(audit, summary).map_err(|e| e.to_string())?;
    wb.save(path).map_err(|e| e.to_string())
}
