//! XLSX (rust_xlsxwriter), in Chinese: sheet 报告 with one row per file (bold header,
//! frozen header row, autofilter, column widths; the parts as 有 / 缺 / 附带 with every
//! 缺 filled red by a conditional format; the file cell a hyperlink to the file), sheet
//! 问题清单 with one row per finding, 复制组 with each copy family's members, 未报送 with
//! the roster units that sent nothing, 已报送但无法读取 with the files that could not be
//! read (and the unit each names), 名单外 with the reports matching no unit, 整改闭环 with
//! each shortcoming → its measure → the next year's result (see `follow.rs`), and 汇总
//! with the coverage summary.
//!
//! Every text is written as a string cell, never as a formula, whatever it starts with.
//! The two long sheets stream their rows to a temporary file (constant-memory mode).
//! Excel's limits are kept: 1,048,576 rows per sheet, 65,530 hyperlinks per sheet,
//! 32,767 characters per cell; a list cut short says so in its first row.

use super::summary::Summary;
use super::{Audit, Cell, FIRST_PART_COLUMN, HEAD_COLUMNS, TAIL_COLUMNS};
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, Format, Url, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// Rows of a worksheet (Excel's limit), the header included.
pub const MAX_ROWS: u32 = 1_048_576;
/// Hyperlinks per worksheet (Excel's limit).
pub const MAX_LINKS: usize = 65_530;
/// Characters per cell (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

/// Column widths (characters) of `HEAD_COLUMNS`, of each part column, of `TAIL_COLUMNS`
/// and of the roster's.
const HEAD_WIDTHS: [f64; HEAD_COLUMNS.len()] = [30.0, 40.0, 22.0, 7.0, 9.0];
const PART_WIDTH: f64 = 9.0;
const TAIL_WIDTHS: [f64; TAIL_COLUMNS.len()] = [6.0, 6.0, 6.0, 12.0, 8.0, 30.0, 24.0, 8.0, 14.0, 30.0, 6.0, 8.0];
const ROSTER_WIDTHS: [f64; 3] = [22.0, 22.0, 16.0];
/// Widths of the summary sheet's columns before the parts, and of the contract's six.
const SUMMARY_WIDTHS: [f64; 3] = [8.0, 12.0, 8.0];
const SUMMARY_PART_WIDTHS: [f64; 6] = [16.0, 12.0, 12.0, 16.0, 18.0, 24.0];

fn widths(audit: &Audit) -> Vec<f64> {
    let mut w = HEAD_WIDTHS.to_vec();
    w.extend(std::iter::repeat_n(PART_WIDTH, audit.parts.len()));
    w.extend(TAIL_WIDTHS);
    w.extend(ROSTER_WIDTHS);
    w
}

/// A text for a cell, cut to Excel's limit: control and bidi characters shown (`␛`,
/// `\u{202E}`: a bidi override would reorder a file name in the sheet), and U+FFFE and
/// U+FFFF, which XML 1.0 does not have, as U+FFFD.
pub(super) fn cut(s: &str) -> String {
    let s = crate::output::escape::visible(s);
    let s: std::borrow::Cow<str> =
        if s.contains(['\u{FFFE}', '\u{FFFF}']) { s.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}").into() } else { s };
    if s.chars().count() <= MAX_CELL_CHARS {
        s.into_owned()
    } else {
        let mut t: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
        t.push('…');
        t
    }
}

pub(super) fn header(ws: &mut Worksheet, names: &[&str], widths: &[f64]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_background_color(Color::RGB(0xF3F3F3));
    for (c, name) in names.iter().enumerate() {
        ws.set_column_width(c as u16, widths.get(c).copied().unwrap_or(14.0))?;
        ws.write_string_with_format(0, c as u16, cut(name), &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The `file:` URL of a path, when it fits Excel's URL limit. None for a path with a
/// control, bidi or non-XML character: the relationship target and the tooltip are
/// written as they are (rust_xlsxwriter escapes neither), which would make the
/// workbook unreadable or the tooltip a terminal attack; the cell then holds the name.
///
/// rust_xlsxwriter takes `file:///` off a link and keeps the rest as the relationship's
/// target; a rest that is not a Windows drive or share path is written as a relative
/// target. A Unix path must therefore come after `file:///` with its own leading `/`
/// (`file:////home/…` → `Target="/home/…"`), or the link would lose it and open
/// `home/…` beside the workbook (UOS and Kylin desktops, LibreOffice).
fn file_url(path: &str) -> Option<Url> {
    if path.chars().any(|c| crate::output::escape::is_hazard(c) || matches!(c, '\u{FFFE}' | '\u{FFFF}')) {
        return None;
    }
    let abs = std::path::absolute(path).ok()?;
    let s = abs.to_string_lossy().replace('\\', "/");
    let url = format!("file:///{s}");
    (url.chars().count() < 2_000).then(|| Url::new(url).set_tip(path.to_string()))
}

fn reports_sheet(wb: &mut Workbook, audit: &Audit) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("报告")?;
    let columns = audit.columns();
    header(ws, &columns, &widths(audit))?;
    let two = Format::new().set_num_format("0.00");
    let wrap = Format::new().set_text_wrap();
    let capacity = (MAX_ROWS - 2) as usize;
    let n = audit.rows.len().min(capacity);
    let mut r: u32 = 1;
    if audit.rows.len() > capacity {
        ws.write_string(
            r,
            0,
            format!(
                "共 {} 个文件，超出工作表行数上限，只列出前 {} 个；全部结果见 --format jsonl 或 csv",
                audit.rows.len(),
                n
            ),
        )?;
        r += 1;
    }
    let first_row = r;
    for i in 0..n {
        for (c, cell) in audit.cells(i).into_iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) if c == 0 => {
                    let short = audit.rows[i].short_name();
                    match file_url(&s).filter(|_| i < MAX_LINKS) {
                        Some(url) => ws.write_url_with_text(r, c, url, cut(&short)).map(|_| ())?,
                        None => ws.write_string(r, c, cut(&s)).map(|_| ())?,
                    }
                }
                Cell::Text(s) if c == 1 => ws.write_string_with_format(r, c, cut(&s), &wrap).map(|_| ())?,
                Cell::Text(s) => ws.write_string(r, c, cut(&s)).map(|_| ())?,
                Cell::Int(v) => ws.write_number(r, c, v as f64).map(|_| ())?,
                Cell::Float(f) => ws.write_number_with_format(r, c, f, &two).map(|_| ())?,
                Cell::Bool(b) => ws.write_boolean(r, c, b).map(|_| ())?,
                Cell::Empty => {}
            }
        }
        r += 1;
    }
    let last = r.saturating_sub(1).max(first_row);
    ws.autofilter(0, 0, last, (columns.len() - 1) as u16)?;
    // Every missing part in red.
    let red = Format::new().set_background_color(Color::RGB(0xF4C7C3)).set_font_color(Color::RGB(0x9C0006));
    let rule =
        ConditionalFormatText::new().set_rule(ConditionalFormatTextRule::BeginsWith("缺".to_string())).set_format(red);
    if !audit.parts.is_empty() {
        let last_part = (FIRST_PART_COLUMN + audit.parts.len() - 1) as u16;
        ws.add_conditional_format(first_row, FIRST_PART_COLUMN as u16, last, last_part, &rule)?;
    }
    Ok(())
}

fn findings_sheet(wb: &mut Workbook, audit: &Audit) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("问题清单")?;
    header(
        ws,
        &["文件", "单位", "规则", "规则编号", "级别", "消息", "详情", "修改建议", "位置", "原文"],
        &[30.0, 22.0, 30.0, 26.0, 6.0, 50.0, 30.0, 60.0, 10.0, 40.0],
    )?;
    let total: usize = audit.rows.iter().map(|r| r.errors + r.warnings + r.infos).sum();
    let capacity = (MAX_ROWS - 2) as usize;
    let mut r: u32 = 1;
    if audit.findings.is_none() {
        ws.write_string(r, 0, "未保留逐条发现")?;
        return Ok(());
    }
    if total > capacity {
        ws.write_string(
            r,
            0,
            format!("共 {total} 条发现，超出工作表行数上限，只列出前 {capacity} 条；全部发现见 --format jsonl"),
        )?;
        r += 1;
    }
    let wrap = Format::new().set_text_wrap();
    let mut written = 0usize;
    'rows: for (i, row) in audit.rows.iter().enumerate() {
        if !row.is_ok() {
            continue;
        }
        for f in audit.findings_of(i) {
            if written >= capacity {
                break 'rows;
            }
            ws.write_string(r, 0, cut(&row.path))?;
            ws.write_string(r, 1, cut(row.unit.as_deref().unwrap_or("")))?;
            ws.write_string(r, 2, cut(&f.rule_name))?;
            ws.write_string(r, 3, cut(&f.rule))?;
            ws.write_string(r, 4, f.severity.label())?;
            ws.write_string_with_format(r, 5, cut(&f.message), &wrap)?;
            ws.write_string(r, 6, cut(&f.detail))?;
            ws.write_string_with_format(r, 7, cut(&f.help), &wrap)?;
            ws.write_string(r, 8, cut(&f.place))?;
            ws.write_string(r, 9, cut(&f.quote))?;
            r += 1;
            written += 1;
        }
    }
    if r > 1 {
        ws.autofilter(0, 0, r - 1, 9)?;
    }
    Ok(())
}

fn families_sheet(wb: &mut Workbook, audit: &Audit) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("复制组")?;
    header(
        ws,
        &["复制组", "份数", "角色", "文件", "单位", "年度", "成文日期", "与来源的相似度"],
        &[8.0, 6.0, 8.0, 40.0, 24.0, 7.0, 12.0, 14.0],
    )?;
    let two = Format::new().set_num_format("0.00");
    let members: usize = audit.families.iter().map(|f| f.members.len()).sum();
    let capacity = (MAX_ROWS - 2) as usize;
    let mut r: u32 = 1;
    if audit.families.is_empty() {
        ws.write_string(r, 0, format!("没有相似度达到 {} 的报告", super::fmt_similarity(audit.threshold)))?;
        return Ok(());
    }
    if members > capacity {
        ws.write_string(r, 0, format!("共 {members} 份报告属于复制组，超出工作表行数上限，只列出前 {capacity} 份"))?;
        r += 1;
    }
    'fams: for f in &audit.families {
        let mut order: Vec<(usize, f64)> = f.members.clone();
        order.sort_by_key(|(m, _)| (*m != f.source, *m));
        for (m, sim) in order {
            if (r as usize) > capacity {
                break 'fams;
            }
            let row = &audit.rows[m];
            ws.write_number(r, 0, f.id as f64)?;
            ws.write_number(r, 1, f.members.len() as f64)?;
            ws.write_string(r, 2, if m == f.source { "来源" } else { "成员" })?;
            ws.write_string(r, 3, cut(&row.path))?;
            ws.write_string(r, 4, cut(row.unit.as_deref().unwrap_or("")))?;
            if let Some(y) = row.year {
                ws.write_number(r, 5, f64::from(y))?;
            }
            ws.write_string(r, 6, cut(row.date.as_deref().unwrap_or("")))?;
            ws.write_number_with_format(r, 7, sim, &two)?;
            r += 1;
        }
    }
    Ok(())
}

fn roster_sheets(wb: &mut Workbook, audit: &Audit) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(super::MISSING_LABEL)?;
    header(ws, &["未报送单位"], &[40.0])?;
    let Some(rr) = &audit.roster else {
        ws.write_string(1, 0, "未提供单位名单（用 --roster 名单文件 指定，每行一个单位，或 CSV/XLSX 的单位列）")?;
        return Ok(());
    };
    if rr.missing.is_empty() {
        ws.write_string(1, 0, format!("名单中的 {} 个单位均已报送", rr.roster.units.len()))?;
    }
    for (k, &u) in rr.missing.iter().enumerate().take((MAX_ROWS - 1) as usize) {
        ws.write_string((k + 1) as u32, 0, cut(&rr.roster.units[u]))?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("已报送但无法读取")?;
    header(ws, &["名单单位", "名单匹配", "文件", "原因"], &[30.0, 20.0, 40.0, 60.0])?;
    if rr.unreadable.is_empty() {
        ws.write_string(1, 0, "所有文件都已读取")?;
    }
    for (k, &i) in rr.unreadable.iter().enumerate().take((MAX_ROWS - 1) as usize) {
        let row = &audit.rows[i];
        let r = (k + 1) as u32;
        match row.roster {
            Some((u, kind)) => {
                ws.write_string(r, 0, cut(&rr.roster.units[u]))?;
                ws.write_string(r, 1, kind.label())?;
            }
            None => {
                ws.write_string(r, 1, "文件名未对应名单单位")?;
            }
        }
        ws.write_string(r, 2, cut(&row.path))?;
        ws.write_string(r, 3, cut(row.error.as_deref().unwrap_or("")))?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("名单外")?;
    header(ws, &["文件", "识别出的单位", "标题"], &[40.0, 30.0, 50.0])?;
    if rr.unmatched.is_empty() {
        ws.write_string(1, 0, "每份可读的报告都对应名单中的单位")?;
    }
    for (k, &i) in rr.unmatched.iter().enumerate().take((MAX_ROWS - 1) as usize) {
        let row = &audit.rows[i];
        ws.write_string((k + 1) as u32, 0, cut(&row.path))?;
        ws.write_string((k + 1) as u32, 1, cut(row.unit.as_deref().unwrap_or("（未识别单位）")))?;
        ws.write_string((k + 1) as u32, 2, cut(row.title.as_deref().unwrap_or("")))?;
    }
    Ok(())
}

fn summary_sheet(wb: &mut Workbook, summary: &Summary) -> Result<(), XlsxError> {
    let pct = Format::new().set_num_format("0.0%");
    let ws = wb.add_worksheet();
    ws.set_name("汇总")?;
    let mut names = vec!["分组", "类别", "报告数"];
    names.extend(summary.parts.iter().map(|p| p.column.as_str()));
    let mut widths = SUMMARY_WIDTHS.to_vec();
    widths.extend(SUMMARY_PART_WIDTHS);
    header(ws, &names, &widths)?;
    for (i, (dim, c)) in summary.groups().into_iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_string(r, 0, dim)?;
        ws.write_string(r, 1, cut(&c.label))?;
        ws.write_number(r, 2, c.reports as f64)?;
        for k in 0..summary.parts.len() {
            ws.write_number_with_format(r, (3 + k) as u16, c.share(k), &pct)?;
        }
    }
    let r = (summary.groups().len() + 2) as u32;
    ws.write_string(
        r,
        0,
        format!("共 {} 个文件，其中 {} 个无法读取（不计入比例）", summary.files, summary.unreadable),
    )?;
    Ok(())
}

fn build(audit: &Audit, summary: &Summary) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    reports_sheet(&mut wb, audit)?;
    findings_sheet(&mut wb, audit)?;
    families_sheet(&mut wb, audit)?;
    super::follow::sheet(&mut wb, audit)?;
    roster_sheets(&mut wb, audit)?;
    summary_sheet(&mut wb, summary)?;
    Ok(wb)
}

/// Write the workbook to `path`, atomically: it is assembled in memory (the zip,
/// compressed) and written with [`crate::fix::write_atomic`], so a full disk leaves no
/// half-written workbook and an earlier one untouched, and a write error is returned,
/// never printed by the zip writer as it is dropped.
pub fn write(audit: &Audit, summary: &Summary, path: &Path) -> std::io::Result<()> {
    let failed = |e: XlsxError| match e {
        XlsxError::IoError(e) => e,
        e => std::io::Error::other(format!("生成 XLSX 失败：{e}")),
    };
    // In constant-memory mode rust_xlsxwriter panics ("Couldn't write to xml file: …")
    // when its temporary files cannot be written (a full temporary folder): an I/O
    // error like any other, said so.
    let built = std::panic::catch_unwind(|| build(audit, summary).and_then(|mut wb| wb.save_to_buffer()));
    let bytes = built
        .map_err(|panic| {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("");
            std::io::Error::other(match what.strip_prefix("Couldn't write to xml file") {
                Some(os) => format!("生成工作簿时无法写入临时文件（临时文件夹所在的磁盘可能已满{os}）"),
                None => "内部错误：生成工作簿时程序异常，请报告此问题".to_string(),
            })
        })?
        .map_err(failed)?;
    crate::fix::write_atomic(path, &bytes)
}
