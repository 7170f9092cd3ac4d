//! Reading a roster file into units: the file into tables (one per sheet; text and Word
//! files are one column of lines), then each table's unit column, found by its header or
//! by its content, read from the row after the header (or the first unit) on, junk left
//! out.
//!
//! A roster is a document like any other and gets the same limits: the file size, and
//! for a zip container (XLSX, ODS, .docx) every entry's inflated size checked against
//! its declaration and the shared limits before anything is parsed; sheets are read
//! cell by cell (never as a dense grid a far-away cell would blow up), at most
//! [`MAX_COLUMNS`] columns and [`MAX_ROWS`] rows each; an XLS file's cell records are
//! checked for the grid they span before it is opened.

use super::names::{is_date, is_junk, is_unit_header, looks_like_unit, serial_len, strip_serial};
use super::Roster;
use crate::input::docx::{xml_events, Limited};
use crate::input::{BlockKind, InputError, MAX_PART_BYTES};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::ops::ControlFlow;
use std::path::Path;

/// Longest roster read (units); a longer list is refused.
pub const MAX_UNITS: usize = 100_000;
/// Largest roster file read (bytes).
pub const MAX_ROSTER_BYTES: u64 = 20 * 1024 * 1024;
/// Most bytes all entries of a zipped roster (XLSX, ODS, .docx) may inflate to together;
/// each entry also stays within the readers' `MAX_PART_BYTES`.
pub const MAX_ROSTER_INFLATED: u64 = 128 * 1024 * 1024;
/// Columns read per sheet (a unit column further right is not looked for).
pub const MAX_COLUMNS: u32 = 256;
/// Rows read per sheet.
pub const MAX_ROWS: u32 = MAX_UNITS as u32 + 10_000;
/// Non-empty cells read in all.
const MAX_CELLS: usize = 4_000_000;
/// Largest grid (rows × columns) an XLS sheet's cells may span: the XLS reader builds
/// the whole grid in memory.
const MAX_XLS_GRID: u64 = 8_000_000;
/// Rows at the top of a table in which a header row is looked for.
const HEADER_ROWS: usize = 30;

/// One table of a roster: a sheet, or the lines of a text or document.
struct Table {
    /// The sheet's name (None for text and documents).
    name: Option<String>,
    rows: Vec<Vec<String>>,
    /// Each row's 1-based number in the file (sheet row, text line), for the notes;
    /// None for documents (paragraphs and cells have no row number a user sees).
    numbers: Option<Vec<u32>>,
}

impl Table {
    fn lines(rows: Vec<Vec<String>>) -> Table {
        let numbers = Some((1..=rows.len() as u32).collect());
        Table { name: None, rows, numbers }
    }
}

fn err(path: &Path, what: impl std::fmt::Display) -> String {
    format!("无法读取名单 {}：{what}", path.display())
}

/// Read a roster file.
pub fn load(path: &Path) -> Result<Roster, String> {
    let meta = std::fs::metadata(path).map_err(|e| err(path, e))?;
    if !meta.is_file() {
        return Err(format!("名单 {} 不是普通文件", path.display()));
    }
    if meta.len() > MAX_ROSTER_BYTES {
        return Err(format!("名单 {} 过大（{} 字节，上限 {} 字节）", path.display(), meta.len(), MAX_ROSTER_BYTES));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_ROSTER_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| err(path, e))?;
    if bytes.len() as u64 > MAX_ROSTER_BYTES {
        return Err(format!("名单 {} 过大（上限 {} 字节）", path.display(), MAX_ROSTER_BYTES));
    }
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let tables = tables(&bytes, &ext, &name).map_err(|e| err(path, e))?;
    let (units, notes) = units_of(&tables);
    if units.len() > MAX_UNITS {
        return Err(format!("名单 {} 的单位过多（{} 个，上限 {MAX_UNITS} 个）", path.display(), units.len()));
    }
    let mut roster = Roster::new(units);
    roster.notes = notes;
    if roster.units.is_empty() {
        return Err(format!("名单 {} 中没有找到单位名称（每行一个单位，或表格中有“单位名称”列）", path.display()));
    }
    Ok(roster)
}

/// The file's tables, by its content (a renamed file is read as what it is).
fn tables(bytes: &[u8], ext: &str, name: &str) -> Result<Vec<Table>, String> {
    if bytes.is_empty() {
        return Err("文件为空".into());
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let kind = check_zip(bytes)?;
        return match kind {
            Zip::Xlsx => read_xlsx(bytes),
            Zip::Ods => read_ods(bytes),
            Zip::Other => document(bytes, name),
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return if is_xls(bytes) { read_xls(bytes) } else { document(bytes, name) };
    }
    if bytes.starts_with(b"%PDF-") || bytes.starts_with(b"{\\rtf") || matches!(ext, "html" | "htm" | "ofd") {
        return document(bytes, name);
    }
    let text = crate::input::decode_bytes(bytes, "roster.txt").map(|d| d.text).map_err(|e| e.to_string())?;
    if ext == "csv" || ext == "tsv" {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(if ext == "tsv" { b'\t' } else { b',' })
            .from_reader(text.as_bytes());
        let (mut rows, mut numbers) = (Vec::new(), Vec::new());
        for rec in r.records() {
            let rec = rec.map_err(|e| format!("不是有效的 CSV：{e}"))?;
            // The record's first line (the reader's own position may point at the blank
            // lines before it).
            let at = rec.position().map_or(0, |p| p.byte() as usize).min(text.len());
            let start = at + text[at..].len() - text[at..].trim_start_matches(['\r', '\n']).len();
            numbers.push(text.as_bytes()[..start].iter().filter(|&&b| b == b'\n').count() as u32 + 1);
            rows.push(rec.iter().map(str::to_string).collect());
            if rows.len() > MAX_ROWS as usize {
                return Err(format!("行数超过 {MAX_ROWS} 行上限"));
            }
        }
        return Ok(vec![Table { name: None, rows, numbers: Some(numbers) }]);
    }
    Ok(vec![Table::lines(text_rows(&text)?)])
}

/// Lines of text as rows: tab-separated (or wide-space-separated) cells, `#` comments out;
/// a line listing several units (西青区信访办、西青区司法局、…) is one row per unit.
fn text_rows(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('#') {
            continue;
        }
        match split_list(l) {
            Some(units) => rows.extend(units.into_iter().map(|u| vec![u])),
            None if l.contains('\t') => rows.push(l.split('\t').map(|c| c.trim().to_string()).collect()),
            None => rows.push(split_wide(l)),
        }
        if rows.len() > MAX_ROWS as usize {
            return Err(format!("行数超过 {MAX_ROWS} 行上限"));
        }
    }
    Ok(rows)
}

/// The units of a line that lists several, separated by 、，,；; (after a label ending in a
/// colon: 区直部门：西青区信访办、西青区司法局), when every item reads as a unit name.
fn split_list(line: &str) -> Option<Vec<String>> {
    let list = line.rsplit(['：', ':']).next().unwrap_or(line);
    let items: Vec<&str> = list
        .split(['、', '，', ',', '；', ';'])
        .map(|s| strip_serial(s.trim().trim_end_matches(['。', '.'])))
        .filter(|s| !s.is_empty())
        .collect();
    (items.len() >= 2 && items.iter().all(|s| looks_like_unit(s)))
        .then(|| items.iter().map(|s| s.to_string()).collect())
}

/// A line cut at runs of two or more spaces or a full-width space (columns aligned by
/// spaces); one space stays inside a name.
fn split_wide(l: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut spaces = 0;
    for c in l.chars() {
        if c == ' ' || c == '\u{3000}' {
            spaces += if c == ' ' { 1 } else { 2 };
            continue;
        }
        if spaces >= 2 && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        } else if spaces == 1 {
            cur.push(' ');
        }
        spaces = 0;
        cur.push(c);
    }
    out.push(cur);
    out
}

/// A Word, PDF, RTF, OFD or web-page roster: its paragraphs as one column. A table
/// cell that does not read as a unit name (a contact, a telephone number, a note) is
/// another column of a table and left out.
fn document(bytes: &[u8], name: &str) -> Result<Vec<Table>, String> {
    let doc = crate::input::decode_bytes(bytes, name).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    if doc.blocks.is_empty() {
        return Ok(vec![Table { numbers: None, ..Table::lines(text_rows(&doc.text)?) }]);
    }
    for b in &doc.blocks {
        let t = b.span.slice(&doc.text).trim();
        if let Some(units) = split_list(t) {
            rows.extend(units.into_iter().map(|u| vec![u]));
            continue;
        }
        if b.kind == BlockKind::Cell && !looks_like_unit(t) && !is_unit_header(t) {
            continue;
        }
        rows.push(vec![t.to_string()]);
    }
    Ok(vec![Table { name: None, rows, numbers: None }])
}

enum Zip {
    Xlsx,
    Ods,
    Other,
}

/// The zip limits every reader applies: each entry's declared size within
/// `MAX_PART_BYTES`, all together within `MAX_ROSTER_INFLATED`, and each entry inflated
/// (to nowhere) through the counting reader, so an entry that inflates past its
/// declaration is refused before a spreadsheet reader trusts it.
fn check_zip(bytes: &[u8]) -> Result<Zip, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("不是有效的压缩文件（{e}）"))?;
    let mut total = 0u64;
    let (mut xlsx, mut ods) = (false, false);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| format!("压缩文件已损坏（{e}）"))?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if name == "xl/workbook.xml" {
            xlsx = true;
        }
        if name == "content.xml" {
            ods = true;
        }
        let size = f.size();
        if size > MAX_PART_BYTES {
            return Err(format!("其中的 {name} 解压后超过 {MAX_PART_BYTES} 字节上限，已拒绝读取（可能是压缩炸弹）"));
        }
        total = total.saturating_add(size);
        if total > MAX_ROSTER_INFLATED {
            return Err(format!("解压后超过 {MAX_ROSTER_INFLATED} 字节上限，已拒绝读取（可能是压缩炸弹）"));
        }
        let mut limited = Limited::new(&mut f, size);
        if let Err(e) = std::io::copy(&mut limited, &mut std::io::sink()) {
            return Err(if limited.exceeded || e.to_string().contains("declared uncompressed size") {
                format!("其中的 {name} 解压后超过其声明的大小，已拒绝读取（可能是压缩炸弹）")
            } else {
                format!("其中的 {name} 已损坏（{e}）")
            });
        }
    }
    if ods {
        let mut mime = String::new();
        if let Ok(f) = zip.by_name("mimetype") {
            let _ = f.take(200).read_to_string(&mut mime);
        }
        if mime.contains("spreadsheet") {
            return Ok(Zip::Ods);
        }
    }
    Ok(if xlsx { Zip::Xlsx } else { Zip::Other })
}

/// A merged region: its first and last cell (row, column).
type Region = ((u32, u32), (u32, u32));

/// Sparse cells of one sheet into rows (empty rows dropped, columns kept in place).
struct Grid {
    rows: BTreeMap<u32, Vec<(u32, String)>>,
}

impl Grid {
    fn new() -> Self {
        Grid { rows: BTreeMap::new() }
    }
    fn put(&mut self, row: u32, col: u32, s: String, cells: &mut usize) -> Result<(), String> {
        if col >= MAX_COLUMNS || s.trim().is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS {
            return Err(format!("工作表行数超过 {MAX_ROWS} 行上限"));
        }
        *cells += 1;
        if *cells > MAX_CELLS {
            return Err(format!("单元格超过 {MAX_CELLS} 个上限"));
        }
        self.rows.entry(row).or_default().push((col, s));
        Ok(())
    }
    /// Copy the value of each merged region's first cell over the region (a header
    /// merged over two columns heads both), within the cell budget.
    fn fill_merged(&mut self, regions: &[Region], cells: &mut usize) {
        for &((r0, c0), (r1, c1)) in regions {
            let Some(v) = self.get(r0, c0).map(str::to_string) else { continue };
            let (r1, c1) = (r1.min(MAX_ROWS - 1), c1.min(MAX_COLUMNS - 1));
            let area = u64::from(r1.saturating_sub(r0) + 1) * u64::from(c1.saturating_sub(c0) + 1);
            if *cells as u64 + area > MAX_CELLS as u64 {
                continue;
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    if (r, c) != (r0, c0) && self.get(r, c).is_none() {
                        *cells += 1;
                        self.rows.entry(r).or_default().push((c, v.clone()));
                    }
                }
            }
        }
    }
    fn get(&self, r: u32, c: u32) -> Option<&str> {
        self.rows.get(&r)?.iter().find(|x| x.0 == c).map(|x| x.1.as_str())
    }
    fn into_table(self, name: String) -> Table {
        let mut numbers = Vec::with_capacity(self.rows.len());
        let mut rows = Vec::with_capacity(self.rows.len());
        for (r, cells) in self.rows {
            let width = cells.iter().map(|c| c.0 as usize + 1).max().unwrap_or(0);
            let mut row = vec![String::new(); width];
            for (c, s) in cells {
                row[c as usize] = s;
            }
            numbers.push(r + 1);
            rows.push(row);
        }
        Table { name: Some(name), rows, numbers: Some(numbers) }
    }
}

fn cell_text(v: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef as D;
    match v {
        D::String(s) | D::DateTimeIso(s) | D::DurationIso(s) => s.clone(),
        D::SharedString(s) => s.to_string(),
        D::Int(i) => i.to_string(),
        D::Float(f) => f.to_string(),
        D::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Table>, String> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("不是有效的 XLSX 文件（{e}）"))?;
    let _ = wb.load_merged_regions();
    let mut out = Vec::new();
    let mut cells = 0usize;
    for name in wb.sheet_names() {
        let merged: Vec<Region> = wb.merged_regions_by_sheet(&name).iter().map(|(_, _, d)| (d.start, d.end)).collect();
        let mut grid = Grid::new();
        {
            let mut reader = wb.worksheet_cells_reader(&name).map_err(|e| format!("无法读取工作表“{name}”（{e}）"))?;
            while let Some(cell) = reader.next_cell().map_err(|e| format!("工作表“{name}”有误（{e}）"))? {
                let (r, c) = cell.get_position();
                grid.put(r, c, cell_text(cell.get_value()), &mut cells)?;
            }
        }
        grid.fill_merged(&merged, &mut cells);
        out.push(grid.into_table(name));
    }
    Ok(out)
}

/// ODS `content.xml`, streamed: tables, rows and cells with their repeat counts (an
/// empty run costs nothing; a repeated value at most the row and column limits).
fn read_ods(bytes: &[u8]) -> Result<Vec<Table>, String> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("不是有效的 ODS 文件（{e}）"))?;
    let part = zip.by_name("content.xml").map_err(|e| format!("不是有效的 ODS 文件（{e}）"))?;
    let mut out = Vec::new();
    let mut cells = 0usize;
    let mut grid: Option<(String, Grid)> = None;
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    let mut row_cells: Vec<(u32, String)> = Vec::new();
    let mut cell: Option<(u32, String)> = None;
    let mut in_p = 0usize;
    let mut failed: Option<String> = None;
    let num = |e: &quick_xml::events::BytesStart<'_>, attr: &str| -> u32 {
        crate::input::docx::attr(e, attr).and_then(|v| v.parse().ok()).unwrap_or(1).max(1)
    };
    // The shared bounded event loop; its errors keep this reader's wording.
    let src = std::io::BufReader::new(Limited::new(part, MAX_PART_BYTES));
    let read = xml_events(
        src,
        "content.xml",
        |r, e| {
            InputError::Io(if r.get_ref().get_ref().exceeded {
                format!("content.xml 解压后超过 {MAX_PART_BYTES} 字节上限")
            } else {
                format!("content.xml 不是有效的 XML（{e}）")
            })
        },
        |ev, _| {
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    match e.local_name().as_ref() {
                        "table" => {
                            let name = crate::input::docx::attr(e, "name").unwrap_or_default();
                            grid = Some((name, Grid::new()));
                            row = 0;
                        }
                        "table-row" => {
                            row_repeat = num(e, "number-rows-repeated");
                            col = 0;
                            row_cells.clear();
                            if empty {
                                row = row.saturating_add(row_repeat);
                            }
                        }
                        "table-cell" | "covered-table-cell" => {
                            let n = num(e, "number-columns-repeated");
                            if empty {
                                col = col.saturating_add(n);
                            } else {
                                cell = Some((n, String::new()));
                            }
                        }
                        "p" if !empty && cell.is_some() => {
                            in_p += 1;
                            if let Some((_, s)) = &mut cell {
                                if !s.is_empty() {
                                    s.push(' ');
                                }
                            }
                        }
                        "s" if in_p > 0 => {
                            if let Some((_, s)) = &mut cell {
                                s.push(' ');
                            }
                        }
                        _ => {}
                    }
                }
                Event::Text(t) if in_p > 0 => {
                    if let Some((_, s)) = &mut cell {
                        if s.len() < 4096 {
                            s.push_str(&t.xml10_content());
                        }
                    }
                }
                Event::GeneralRef(r) if in_p > 0 => {
                    if let (Some((_, s)), Some(c)) = (&mut cell, crate::input::docx::general_ref(r)) {
                        s.push(c);
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "p" => in_p = in_p.saturating_sub(1),
                    "table-cell" | "covered-table-cell" => {
                        if let Some((n, s)) = cell.take() {
                            if !s.trim().is_empty() {
                                for k in 0..n.min(MAX_COLUMNS.saturating_sub(col)) {
                                    row_cells.push((col + k, s.clone()));
                                }
                            }
                            col = col.saturating_add(n);
                        }
                    }
                    "table-row" => {
                        if let Some((_, g)) = &mut grid {
                            let times = if row_cells.is_empty() { 0 } else { row_repeat };
                            for k in 0..times {
                                for (c, s) in &row_cells {
                                    if let Err(e) = g.put(row.saturating_add(k), *c, s.clone(), &mut cells) {
                                        failed = Some(e);
                                        return ControlFlow::Break(());
                                    }
                                }
                            }
                        }
                        row = row.saturating_add(row_repeat);
                    }
                    "table" => {
                        if let Some((name, g)) = grid.take() {
                            out.push(g.into_table(name));
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
            ControlFlow::Continue(())
        },
    );
    match read {
        Err(InputError::TooDeep(..)) => return Err("content.xml 嵌套过深".into()),
        Err(InputError::Io(m)) => return Err(m),
        Err(e) => return Err(e.to_string()),
        Ok(()) => {}
    }
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(out)
}

/// The workbook stream of an XLS compound file.
fn xls_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).ok()?;
    for name in ["/Workbook", "/Book"] {
        if let Ok(mut s) = cf.open_stream(name) {
            let mut v = Vec::new();
            s.by_ref().take(MAX_ROSTER_BYTES).read_to_end(&mut v).ok()?;
            return Some(v);
        }
    }
    None
}

fn is_xls(bytes: &[u8]) -> bool {
    xls_stream(bytes).is_some()
}

/// The grid each sheet of an XLS workbook spans (its cell records and its declared
/// dimensions), checked before the XLS reader, which allocates the whole grid, opens it.
fn check_xls_grid(stream: &[u8]) -> Result<(), String> {
    let mut at = 0usize;
    let rd = |b: &[u8], i: usize| -> u32 {
        b.get(i..i + 2).map(|x| u32::from(u16::from_le_bytes([x[0], x[1]]))).unwrap_or(0)
    };
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let check = |b: Option<(u32, u32, u32, u32)>| -> Result<(), String> {
        if let Some((r0, r1, c0, c1)) = b {
            let grid = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if grid > MAX_XLS_GRID {
                return Err(format!(
                    "工作表的单元格范围过大（{grid} 格，上限 {MAX_XLS_GRID} 格）：请另存为 .xlsx 或 .csv"
                ));
            }
        }
        Ok(())
    };
    while at + 4 <= stream.len() {
        let typ = rd(stream, at);
        let len = rd(stream, at + 2) as usize;
        let data = stream.get(at + 4..at + 4 + len).unwrap_or(&[]);
        at += 4 + len;
        let mut cell = |r: u32, c0: u32, c1: u32| {
            bounds = Some(match bounds {
                None => (r, r, c0, c1),
                Some((a, b, c, d)) => (a.min(r), b.max(r), c.min(c0), d.max(c1)),
            });
        };
        match typ {
            0x0809 => bounds = None,
            0x000A => {
                check(bounds)?;
                bounds = None;
            }
            0x0200 if len == 14 || len == 10 => {
                let (r0, r1, c0, c1) = if len == 14 {
                    let u32at = |i: usize| u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
                    (u32at(0), u32at(4), rd(data, 8), rd(data, 10))
                } else {
                    (rd(data, 0), rd(data, 2), rd(data, 4), rd(data, 6))
                };
                let grid = u64::from(r1.saturating_sub(r0)) * u64::from(c1.saturating_sub(c0));
                if grid > MAX_XLS_GRID {
                    return Err(format!(
                        "工作表声明的单元格范围过大（{grid} 格，上限 {MAX_XLS_GRID} 格）：请另存为 .xlsx 或 .csv"
                    ));
                }
            }
            0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 if len >= 4 => {
                let c = rd(data, 2);
                cell(rd(data, 0), c, c);
            }
            0x00BD if len >= 6 => cell(rd(data, 0), rd(data, 2), rd(data, len - 2)),
            _ => {}
        }
    }
    check(bounds)
}

fn read_xls(bytes: &[u8]) -> Result<Vec<Table>, String> {
    use calamine::{Reader, Xls};
    let stream = xls_stream(bytes).ok_or("不是有效的 XLS 文件")?;
    check_xls_grid(&stream)?;
    let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| format!("不是有效的 XLS 文件（{e}）"))?;
    let mut out = Vec::new();
    let mut cells = 0usize;
    for name in wb.sheet_names() {
        let merged: Vec<Region> =
            wb.worksheet_merge_cells(&name).unwrap_or_default().iter().map(|d| (d.start, d.end)).collect();
        let range = wb.worksheet_range(&name).map_err(|e| format!("无法读取工作表“{name}”（{e}）"))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut grid = Grid::new();
        for (r, c, v) in range.used_cells() {
            grid.put(r0 + r as u32, c0 + c as u32, v.to_string(), &mut cells)?;
        }
        grid.fill_merged(&merged, &mut cells);
        out.push(grid.into_table(name));
    }
    Ok(out)
}

/// The spreadsheet column name of a 0-based index (0 → A, 27 → AB).
fn column_name(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Where the units of one table are: their columns, the first row to read, the header row.
struct Found {
    cols: Vec<usize>,
    first: usize,
    header: Option<usize>,
}

/// The unit columns of one table and where their units start. By the header naming them
/// (the columns so headed that hold unit names: 单位名称 merged over two columns heads both,
/// the empty one is dropped), else by content alone (every column whose cells mostly look
/// like unit names, as in a list laid out in two columns). `None` when no column holds any
/// unit name.
fn unit_columns(rows: &[Vec<String>]) -> Option<Found> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let header = rows.iter().take(HEADER_ROWS).position(|r| r.iter().any(|c| is_unit_header(c)));
    let from = header.map_or(0, |h| h + 1);
    let cells = |c: usize| rows[from..].iter().filter_map(move |r| r.get(c)).filter(|s| !is_junk(s));
    let counts: Vec<usize> = (0..width).map(|c| cells(c).filter(|s| looks_like_unit(s)).count()).collect();
    let max = counts.iter().copied().max().unwrap_or(0);
    // Columns of names: many of the table's names, and mostly names.
    let by_content: Vec<usize> =
        (0..width).filter(|&c| counts[c] > 0 && counts[c] * 2 >= max && counts[c] * 2 >= cells(c).count()).collect();
    if let Some(h) = header {
        let headed: Vec<usize> = (0..width).filter(|&c| rows[h].get(c).is_some_and(|s| is_unit_header(s))).collect();
        let named: Vec<usize> = headed.iter().copied().filter(|&c| counts[c] > 0).collect();
        let cols = if !named.is_empty() {
            named
        } else if !by_content.is_empty() {
            // A headed column holding no name loses to columns that hold names.
            by_content
        } else {
            // Names that read as no unit (甲单位): the first headed column with any text.
            headed.into_iter().filter(|&c| cells(c).next().is_some()).take(1).collect()
        };
        return (!cols.is_empty()).then_some(Found { cols, first: h + 1, header: Some(h) });
    }
    if by_content.is_empty() {
        return None;
    }
    let first = rows.iter().position(|r| by_content.iter().any(|&c| r.get(c).is_some_and(|s| looks_like_unit(s))))?;
    Some(Found { cols: by_content, first, header: None })
}

/// The units of every table, and a note per table on where they were read.
fn units_of(tables: &[Table]) -> (Vec<String>, Vec<String>) {
    let mut units = Vec::new();
    let mut notes = Vec::new();
    let several = tables.len() > 1;
    for t in tables {
        let place = t.name.as_ref().map(|n| format!("工作表“{n}”：")).unwrap_or_default();
        let found = match unit_columns(&t.rows) {
            Some(f) => f,
            // A plain list whose names read as no unit (甲单位, 乙单位): every line that
            // is not a header, note or number.
            None if !several => match t.rows.iter().position(|r| r.first().is_some_and(|c| !is_junk(c))) {
                Some(first) => Found { cols: vec![0], first, header: None },
                None => continue,
            },
            None => {
                notes.push(format!("{place}没有单位名称列，已跳过"));
                continue;
            }
        };
        // Column by column (a list laid out in two columns reads down the first).
        let mut cells: Vec<&str> = found
            .cols
            .iter()
            .flat_map(|&c| t.rows[found.first..].iter().filter_map(move |r| r.get(c)))
            .map(|s| strip_serial(s))
            .filter(|s| !is_junk(s))
            .collect();
        // A list written as a notice ends with its sender and date: an unnumbered name
        // right before the closing date, after numbered units, is the sign-off.
        let mut signed = None;
        if found.header.is_none() && found.cols == [0] {
            let raw: Vec<&str> = t.rows[found.first..]
                .iter()
                .filter_map(|r| r.first())
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect();
            let numbered = raw.iter().filter(|s| serial_len(s) > 0 && !is_junk(s)).count();
            if let [.., sender, date] = raw.as_slice() {
                if is_date(date)
                    && serial_len(sender) == 0
                    && numbered * 2 >= cells.len()
                    && cells.last() == Some(sender)
                {
                    signed = cells.pop();
                }
            }
        }
        // A sheet of other things (instructions, statistics) beside the roster.
        let like = cells.iter().filter(|s| looks_like_unit(s)).count();
        if several && found.header.is_none() && like * 2 < cells.len() {
            notes.push(format!("{place}没有单位名称列，已跳过"));
            continue;
        }
        let row_no = |i: usize| t.numbers.as_ref().and_then(|n| n.get(i)).map(|n| format!("第 {n} 行"));
        let how = match found.header {
            Some(h) => {
                let at = row_no(h).map(|r| format!("在{r}")).unwrap_or_default();
                format!("表头“{}”{at}", t.rows[h][found.cols[0]].trim())
            }
            None => "按内容判断".into(),
        };
        let column = if t.rows.iter().any(|r| r.len() > 1) {
            let names: Vec<String> = found.cols.iter().map(|&c| column_name(c)).collect();
            format!("第 {} 列（{}）", names.join("、"), how)
        } else {
            how.clone()
        };
        let from = row_no(found.first).map(|r| format!("从{r}起")).unwrap_or_default();
        notes.push(format!("{place}{column}，{from}读出 {} 个单位", cells.len()));
        if let Some(sender) = signed {
            notes.push(format!("{place}末尾日期前的“{sender}”视为落款，未列入名单"));
        }
        units.extend(cells.into_iter().map(str::to_string));
    }
    (units, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(t: &[&[&str]]) -> Vec<Vec<String>> {
        t.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect()
    }

    #[test]
    fn unit_column_by_header_or_content_below_title_rows() {
        let t = rows(&[
            &["2023年度法治政府建设年度报告报送单位名单"],
            &[],
            &["序号", "单位名称", "联系人", "联系电话"],
            &["1", "西青区信访办", "张三", "13800000000"],
            &["2", "东丽区司法局", "李四", "13900000000"],
            &["合计", "2个"],
        ]);
        let f = unit_columns(&t).unwrap();
        assert_eq!((f.cols, f.first, f.header), (vec![1], 3, Some(2)));
        let (u, notes) = units_of(&[Table { name: Some("名单".into()), ..Table::lines(t) }]);
        assert_eq!(u, ["西青区信访办", "东丽区司法局"]);
        assert!(notes[0].contains("第 B 列") && notes[0].contains("单位名称"), "{notes:?}");
        // No header: the column of names, from the first name on.
        let t = rows(&[&["报送名单"], &["1", "西青区信访办", "王五"], &["2", "东丽区司法局", "赵六"]]);
        let f = unit_columns(&t).unwrap();
        assert_eq!((f.cols, f.first, f.header), (vec![1], 1, None));
        // A header over a column of codes: the names win.
        let t = rows(&[&["单位", "名称"], &["A01", "西青区信访办"], &["A02", "东丽区司法局"]]);
        assert_eq!(unit_columns(&t).map(|x| x.cols), Some(vec![1]));
        // A list laid out in two columns, with or without headers; a column of the units'
        // superiors beside a headed unit column is not read.
        let t = rows(&[
            &["1", "西青区信访办", "4", "西营门街道"],
            &["2", "西青区司法局", "5", "李七庄街道"],
            &["3", "西青区财政局"],
        ]);
        assert_eq!(
            units_of(&[Table::lines(t)]).0,
            ["西青区信访办", "西青区司法局", "西青区财政局", "西营门街道", "李七庄街道"]
        );
        let t = rows(&[&["单位名称", "单位名称"], &["西青区信访办", "西营门街道"], &["西青区司法局"]]);
        assert_eq!(units_of(&[Table::lines(t)]).0, ["西青区信访办", "西青区司法局", "西营门街道"]);
        let t = rows(&[
            &["单位名称", "主管单位"],
            &["西青区信访办", "西青区人民政府"],
            &["西青区司法局", "西青区人民政府"],
        ]);
        assert_eq!(units_of(&[Table::lines(t)]).0, ["西青区信访办", "西青区司法局"]);
    }

    #[test]
    fn numbered_lines_group_labels_and_notes() {
        let text = "2023年度法治政府建设报告应报送单位名单\n一、区直部门（3个）\n1. 西青区信访办\n2、西青区司法局\n（3）西青区财政局\n二、街道（1个）\n① 西营门街道\n注：请于3月1日前报送。\n";
        let t = Table::lines(text_rows(text).unwrap());
        let (u, _) = units_of(&[t]);
        assert_eq!(u, ["西青区信访办", "西青区司法局", "西青区财政局", "西营门街道"]);
        let t = Table::lines(text_rows("甲单位\n乙单位\n").unwrap());
        assert_eq!(units_of(&[t]).0, ["甲单位", "乙单位"]);
        assert_eq!(split_wide("1  西青区信访办  张三"), ["1", "西青区信访办", "张三"]);
        // Units listed on one line.
        let text =
            "应报送单位名单\n区直部门：西青区信访办、西青区司法局、西青区财政局。\n街道：西营门街道，李七庄街道\n";
        let t = Table::lines(text_rows(text).unwrap());
        assert_eq!(units_of(&[t]).0, ["西青区信访办", "西青区司法局", "西青区财政局", "西营门街道", "李七庄街道"]);
        assert_eq!(split_list("一、区直部门（3个）"), None);
        // A notice: its sender and date are no units.
        let notice = "关于报送2023年度法治政府建设年度报告的通知\n各有关单位：\n请下列单位于2024年3月1日前报送。\n1. 西青区信访办\n2. 西青区司法局\n西青区人民政府办公室\n2024年1月5日\n";
        let (u, notes) = units_of(&[Table::lines(text_rows(notice).unwrap())]);
        assert_eq!(u, ["西青区信访办", "西青区司法局"]);
        assert!(notes.iter().any(|n| n.contains("“西青区人民政府办公室”视为落款")), "{notes:?}");
        // An unnumbered list ending with a date keeps its last unit.
        let plain = "西青区信访办\n西青区司法局\n西青区财政局\n2024年1月5日\n";
        assert_eq!(
            units_of(&[Table::lines(text_rows(plain).unwrap())]).0,
            ["西青区信访办", "西青区司法局", "西青区财政局"]
        );
        assert_eq!(split_list("请各单位于3月1日前报送，逾期通报"), None);
        assert_eq!(split_wide("东湖区 信访局"), ["东湖区 信访局"]);
    }

    #[test]
    fn xls_grid_bounds() {
        // BOF, two label records far apart, EOF.
        let rec = |t: u16, d: &[u8]| [&t.to_le_bytes()[..], &(d.len() as u16).to_le_bytes()[..], d].concat();
        let cell = |r: u16, c: u16| [&r.to_le_bytes()[..], &c.to_le_bytes()[..], &[0u8; 6][..]].concat();
        let s = [rec(0x0809, &[0; 16]), rec(0x00FD, &cell(0, 0)), rec(0x00FD, &cell(65_000, 250)), rec(0x000A, &[])]
            .concat();
        assert!(check_xls_grid(&s).is_err());
        let s =
            [rec(0x0809, &[0; 16]), rec(0x00FD, &cell(0, 0)), rec(0x00FD, &cell(300, 3)), rec(0x000A, &[])].concat();
        assert!(check_xls_grid(&s).is_ok());
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
    }
}
