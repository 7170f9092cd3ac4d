//! Word 97–2003 (.doc) and WPS Office (.wps) reader.
//!
//! Both are compound files (OLE2/CFB, read with the `cfb` crate) holding a
//! `WordDocument` stream and a table stream (`0Table` or `1Table`), as [MS-DOC]
//! describes:
//!
//! - the FIB at the start of `WordDocument` gives the flags (encryption, which table
//!   stream), `ccpText` (how many characters of main-document text come first) and the
//!   offsets of the structures in the table stream;
//! - the CLX's piece table (PlcPcd) maps character positions to bytes: 8-bit pieces
//!   (cp1252 with the mappings of [MS-DOC] 2.4.1, or GBK/Big5 in a Chinese file written
//!   that way) and UTF-16LE pieces;
//! - paragraph properties (PlcBtePapx → PAPX FKPs) give each paragraph its style (istd)
//!   and its own outline level, list and table flags; the stylesheet (STSH) gives each
//!   style its built-in identifier (sti), name, base style and outline level;
//! - lists (PlfLst/PlfLfo with sprmPIlfo/sprmPIlvl) render the automatic numbers.
//!
//! Only the main document text is read (no headers, footnotes, comments, text boxes).
//! Fields are reduced to their result. Every offset read is checked: hostile bytes get
//! an [`InputError`], never a panic.

use super::{BlockKind, DocBuilder, DocMeta, Document, Format, InputError, MAX_NESTING, MAX_PART_BYTES};
use std::io::{Cursor, Read};

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Largest number of pieces accepted in the piece table (Word writes a few hundred at
/// most even for heavily edited files).
const MAX_PIECES: usize = 1 << 20;

/// Longest base-style chain followed (Word allows 11 levels; loops are cut here).
const MAX_STYLE_DEPTH: usize = 16;

pub fn decode(bytes: &[u8], ext: &str) -> Result<Document, InputError> {
    if !bytes.starts_with(&CFB_MAGIC) {
        // Word's "web page" saved under .doc, and the HTML many systems export as a
        // "Word" file: read as the web page it is.
        let head = &bytes[..bytes.len().min(1024)];
        if [b"<html".as_slice(), b"<!doctype html", b"xmlns:w=\"urn:schemas-microsoft-com:office:word\""]
            .iter()
            .any(|pat| head.windows(pat.len()).any(|w| w.eq_ignore_ascii_case(pat)))
        {
            return super::html::decode(bytes);
        }
        return Err(if ext == "wps" {
            InputError::Unsupported(
                ext.to_string(),
                "不是 WPS 文字 2003 及以后版本的文档（旧版 WPS 格式无法读取），请在 WPS 中另存为 .docx 后再检查",
            )
        } else {
            malformed("文件头", "不是 Word 97–2003 文档（缺少复合文档文件头）")
        });
    }
    let format = if ext == "wps" { Format::Wps } else { Format::Doc };
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|_| malformed("复合文档", "文件结构损坏或不完整（可能已截断）"))?;
    if cf.is_stream("EncryptionInfo") || cf.is_stream("EncryptedPackage") {
        return Err(InputError::Encrypted);
    }
    if !cf.is_stream("WordDocument") {
        let what = if cf.is_stream("Workbook") || cf.is_stream("Book") {
            "不是 Word 文档（是 Excel 工作簿）"
        } else if cf.is_stream("PowerPoint Document") {
            "不是 Word 文档（是 PowerPoint 演示文稿）"
        } else {
            "不是 Word 文档（复合文档中没有 WordDocument 流）"
        };
        return Err(InputError::Unsupported(ext.to_string(), what));
    }
    let word = read_stream(&mut cf, "WordDocument")?.unwrap_or_default();
    let fib = Fib::parse(&word, ext)?;
    let table_name = if fib.which_table { "1Table" } else { "0Table" };
    let table = read_stream(&mut cf, table_name)?
        .ok_or_else(|| malformed("WordDocument", &format!("缺少表格流 {table_name}（文件可能已损坏）")))?;
    let meta = match read_stream(&mut cf, "\u{5}SummaryInformation") {
        Ok(Some(s)) => summary_date(&s).map_or_else(DocMeta::default, |d| DocMeta {
            date: Some(d),
            date_source: Some("文档属性"),
            ..DocMeta::default()
        }),
        _ => DocMeta::default(),
    };
    let doc = WordDoc::read(&word, &table, &fib)?;
    let any_legacy = doc.any_legacy;
    let builder = doc.blocks();
    if builder.is_empty() {
        return Err(InputError::NoText);
    }
    // Word 97+ text is UTF-16LE and [MS-DOC]'s 8-bit form of it; a file that also has
    // pieces in the Chinese code page says so.
    let encoding = match any_legacy {
        Some(enc) if enc == encoding_rs::BIG5 => "Big5/UTF-16LE",
        Some(_) => "GBK/UTF-16LE",
        None => "UTF-16LE",
    };
    Ok(builder.finish(format, encoding, meta))
}

fn malformed(part: &str, detail: &str) -> InputError {
    InputError::Malformed { part: part.to_string(), detail: detail.to_string() }
}

fn corrupt(what: &str) -> InputError {
    malformed("WordDocument", &format!("{what}超出文件范围，文件可能已截断或损坏"))
}

/// A stream of the compound file, read whole within [`MAX_PART_BYTES`]; `None` when the
/// file has no such stream.
fn read_stream(cf: &mut cfb::CompoundFile<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<u8>>, InputError> {
    if !cf.is_stream(name) {
        return Ok(None);
    }
    let shown = name.trim_start_matches('\u{5}');
    let too_large = || InputError::PartTooLarge { part: shown.to_string(), limit: MAX_PART_BYTES };
    let len = cf.entry(name).map(|e| e.len()).map_err(|_| malformed(shown, "无法读取"))?;
    if len > MAX_PART_BYTES {
        return Err(too_large());
    }
    let stream = cf.open_stream(name).map_err(|_| malformed(shown, "无法读取"))?;
    let mut out = Vec::new();
    stream
        .take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|_| malformed(shown, "数据不完整，文件可能已截断或损坏"))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(too_large());
    }
    Ok(Some(out))
}

fn u8_at(b: &[u8], off: usize) -> Option<u8> {
    b.get(off).copied()
}

fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    let s = b.get(off..off.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    let s = b.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn slice(b: &[u8], off: u32, len: u32) -> Option<&[u8]> {
    let off = usize::try_from(off).ok()?;
    let len = usize::try_from(len).ok()?;
    b.get(off..off.checked_add(len)?)
}

/// The parts of the File Information Block this reader uses.
#[derive(Debug)]
struct Fib {
    which_table: bool,
    lid: u16,
    lid_fe: u16,
    ccp_text: u32,
    /// (fc, lcb) pairs of FibRgFcLcb, indexed as in [MS-DOC] 2.5.6.
    fc_lcb: Vec<(u32, u32)>,
}

const FC_STSHF: usize = 1;
const FC_PLCF_BTE_CHPX: usize = 12;
const FC_PLCF_BTE_PAPX: usize = 13;
const FC_CLX: usize = 33;
const FC_PLF_LST: usize = 73;
const FC_PLF_LFO: usize = 74;

impl Fib {
    fn parse(w: &[u8], ext: &str) -> Result<Fib, InputError> {
        let short = || malformed("WordDocument", "文件信息块（FIB）不完整，文件可能已截断或损坏");
        let ident = u16_at(w, 0).ok_or_else(short)?;
        if ident != 0xA5EC && ident != 0xA5DC {
            return Err(malformed("WordDocument", "不是 Word 文档（文件信息块标识不符）"));
        }
        let nfib = u16_at(w, 2).ok_or_else(short)?;
        let flags = u16_at(w, 0x0A).ok_or_else(short)?;
        // fEncrypted (XOR obfuscation or RC4); fObfuscated only counts with fEncrypted.
        if flags & 0x0100 != 0 {
            return Err(InputError::Encrypted);
        }
        if ident == 0xA5DC || nfib < 0x00C0 {
            return Err(InputError::Unsupported(
                ext.to_string(),
                "Word 6.0/95 及更早版本的文档无法读取，请在 Word 或 WPS 中另存为 .docx 后再检查",
            ));
        }
        let lid = u16_at(w, 6).ok_or_else(short)?;
        let csw = usize::from(u16_at(w, 32).ok_or_else(short)?);
        let rgw = 34;
        let lid_fe = if csw >= 14 { u16_at(w, rgw + 13 * 2).unwrap_or(0) } else { 0 };
        let cslw_at = rgw + csw * 2;
        let cslw = usize::from(u16_at(w, cslw_at).ok_or_else(short)?);
        let rglw = cslw_at + 2;
        if cslw < 4 {
            return Err(short());
        }
        let ccp_text = u32_at(w, rglw + 3 * 4).ok_or_else(short)?;
        let cb_at = rglw + cslw * 4;
        let cb = usize::from(u16_at(w, cb_at).ok_or_else(short)?);
        let mut fc_lcb = Vec::with_capacity(cb);
        for i in 0..cb {
            let at = cb_at + 2 + i * 8;
            match (u32_at(w, at), u32_at(w, at + 4)) {
                (Some(fc), Some(lcb)) => fc_lcb.push((fc, lcb)),
                _ => break,
            }
        }
        if fc_lcb.len() <= FC_CLX {
            return Err(short());
        }
        Ok(Fib { which_table: flags & 0x0200 != 0, lid, lid_fe, ccp_text, fc_lcb })
    }

    /// A structure of the table stream, if the FIB gives it a non-empty extent.
    fn part<'t>(&self, table: &'t [u8], index: usize) -> Option<&'t [u8]> {
        let &(fc, lcb) = self.fc_lcb.get(index)?;
        if lcb == 0 {
            return None;
        }
        slice(table, fc, lcb)
    }

    /// The code page an 8-bit piece may be in when the writer did not follow [MS-DOC]
    /// (Chinese WPS and old converters put GBK bytes there).
    fn legacy_encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        [self.lid_fe, self.lid].into_iter().find_map(|lid| match lid {
            0x0804 | 0x1004 => Some(encoding_rs::GBK),
            0x0404 | 0x0C04 | 0x1404 => Some(encoding_rs::BIG5),
            _ => None,
        })
    }
}

/// One piece of the piece table: characters `cp..cp_end` start at byte `fc` of the
/// `WordDocument` stream, one byte each (`compressed`) or two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The PlcPcd inside a CLX: skip the Prc records (clxt 1), then read the Pcdt (clxt 2).
fn parse_clx(clx: &[u8]) -> Result<Vec<Piece>, InputError> {
    let bad = |d: &str| malformed("片段表（CLX）", d);
    let mut at = 0usize;
    loop {
        match u8_at(clx, at) {
            Some(1) => {
                let cb = u16_at(clx, at + 1).ok_or_else(|| bad("不完整"))?;
                at += 3 + usize::from(cb);
            }
            Some(2) => break,
            Some(_) => return Err(bad("记录类型无效")),
            None => return Err(bad("没有片段表")),
        }
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(|| bad("不完整"))? as usize;
    let plc =
        clx.get(at + 5..).and_then(|r| r.get(..lcb)).ok_or_else(|| bad("片段表超出范围，文件可能已截断或损坏"))?;
    if plc.len() < 4 || (plc.len() - 4) % 12 != 0 {
        return Err(bad("片段表长度无效"));
    }
    let n = (plc.len() - 4) / 12;
    if n > MAX_PIECES {
        return Err(bad("片段数量超过上限"));
    }
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let (Some(cp), Some(cp_end), Some(raw)) =
            (u32_at(plc, i * 4), u32_at(plc, i * 4 + 4), u32_at(plc, (n + 1) * 4 + i * 8 + 2))
        else {
            return Err(bad("不完整"));
        };
        if cp_end < cp {
            return Err(bad("片段位置不是递增的"));
        }
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        pieces.push(Piece { cp, cp_end, fc: if compressed { fc / 2 } else { fc }, compressed });
    }
    Ok(pieces)
}

/// [MS-DOC] 2.4.1: bytes of a compressed piece that are not their own code point.
fn cp1252_special(b: u8) -> u16 {
    match b {
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9F => 0x0178,
        b => u16::from(b),
    }
}

/// Marks a position whose character a multi-byte legacy piece folded into the previous
/// one (keeps the index of a code unit equal to its character position).
const FILLER: u16 = 0xFFFF;

/// The main-document text as UTF-16 code units, one per character position.
/// Returns the units and the legacy encoding (GBK/Big5) of a piece written in one.
fn piece_text(
    word: &[u8],
    pieces: &[Piece],
    ccp: u32,
    legacy: Option<&'static encoding_rs::Encoding>,
) -> Result<(Vec<u16>, Option<&'static encoding_rs::Encoding>), InputError> {
    // No document has more characters than its stream has bytes: a hostile ccpText
    // cannot make the reader allocate more.
    let ccp = ccp.min(u32::try_from(word.len()).unwrap_or(u32::MAX));
    let mut units: Vec<u16> = Vec::new();
    let mut any_legacy = None;
    for p in pieces {
        if p.cp >= ccp {
            break;
        }
        let end = p.cp_end.min(ccp);
        // Pieces are contiguous; a gap (a hostile table) is filled so positions stay right.
        while (units.len() as u64) < u64::from(p.cp) {
            units.push(FILLER);
        }
        let n = end - p.cp;
        if p.compressed {
            let bytes = slice(word, p.fc, n).ok_or_else(|| corrupt("文本片段"))?;
            let decoded = legacy.filter(|_| bytes.iter().any(|&b| b >= 0x81)).and_then(|enc| legacy_piece(bytes, enc));
            match decoded {
                Some(u) => {
                    any_legacy = legacy;
                    units.extend(u);
                }
                None => units.extend(bytes.iter().map(|&b| cp1252_special(b))),
            }
        } else {
            let bytes = slice(word, p.fc, n.checked_mul(2).ok_or_else(|| corrupt("文本片段"))?)
                .ok_or_else(|| corrupt("文本片段"))?;
            units.extend(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])));
        }
        units.truncate(end as usize);
    }
    Ok((units, any_legacy))
}

/// A compressed piece that is really GBK/Big5 (a writer that ignored [MS-DOC] 2.4.1):
/// accepted only when it decodes without error and yields CJK characters. Each double
/// byte character fills its second position with [`FILLER`].
fn legacy_piece(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> Option<Vec<u16>> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    // Two ideographs at least: a lone accented Latin letter followed by ASCII ("ül")
    // is also a valid GBK pair.
    if had_errors || text.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).nth(1).is_none() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    for c in text.chars() {
        let width = enc.encode(c.encode_utf8(&mut [0; 4])).0.len().max(1);
        let mut u = [0u16; 2];
        let units = c.encode_utf16(&mut u);
        out.extend_from_slice(units);
        out.extend(std::iter::repeat_n(FILLER, width.saturating_sub(units.len())));
    }
    (out.len() == bytes.len()).then_some(out)
}

/// Paragraph properties from a PAPX (direct formatting) or a style's UpxPapx.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Props {
    istd: u16,
    outline: Option<u8>,
    in_table: bool,
    row_end: bool,
    ilfo: Option<u16>,
    ilvl: Option<u8>,
}

/// Call `f` with each sprm of a grpprl and its operand; a truncated sprm ends the list.
fn for_each_sprm(grpprl: &[u8], mut f: impl FnMut(u16, &[u8])) {
    let mut at = 0usize;
    while let Some(sprm) = u16_at(grpprl, at) {
        at += 2;
        let (skip, size) = match sprm >> 13 {
            0 | 1 => (0, 1),
            2 | 4 | 5 => (0, 2),
            3 => (0, 4),
            7 => (0, 3),
            // sprmTDefTable has a two-byte length (counting one byte of itself);
            // sprmPChgTabs with cb 255 (a Word 6 layout) has a computed one: stop there.
            _ if sprm == 0xD608 => match u16_at(grpprl, at) {
                Some(n) => (2, usize::from(n).saturating_sub(1)),
                None => return,
            },
            _ if sprm == 0xC615 && u8_at(grpprl, at) == Some(255) => return,
            _ => match u8_at(grpprl, at) {
                Some(n) => (1, usize::from(n)),
                None => return,
            },
        };
        let Some(op) = grpprl.get(at + skip..at + skip + size) else { return };
        f(sprm, op);
        at += skip + size;
    }
}

/// Read the sprms of a grpprl that matter here into `p`.
fn apply_sprms(grpprl: &[u8], p: &mut Props) {
    for_each_sprm(grpprl, |sprm, op| {
        let flag = op.first().is_some_and(|&v| v != 0);
        match sprm {
            0x2640 => p.outline = op.first().copied(),                     // sprmPOutLvl
            0x2416 => p.in_table |= flag,                                  // sprmPFInTable
            0x2417 | 0x244C => p.row_end |= flag,                          // sprmPFTtp, sprmPFInnerTtp
            0x6649 => p.in_table |= u32_at(op, 0).is_some_and(|v| v != 0), // sprmPItap
            0x260A => p.ilvl = op.first().copied(),                        // sprmPIlvl
            0x460B => p.ilfo = u16_at(op, 0),                              // sprmPIlfo
            _ => {}
        }
    });
}

/// One run of paragraph properties: bytes `fc..fc_end` of the `WordDocument` stream.
#[derive(Debug)]
struct PapRun {
    fc: u32,
    fc_end: u32,
    props: Props,
}

/// PlcBtePapx → PAPX FKPs (512-byte pages of the `WordDocument` stream).
fn parse_papx(word: &[u8], plc: Option<&[u8]>) -> Vec<PapRun> {
    let mut runs = Vec::new();
    for fkp in fkp_pages(word, plc) {
        let crun = usize::from(fkp[511]);
        for j in 0..crun {
            let (Some(fc), Some(fc_end)) = (u32_at(fkp, j * 4), u32_at(fkp, j * 4 + 4)) else { break };
            let Some(boff) = u8_at(fkp, (crun + 1) * 4 + j * 13) else { break };
            let mut props = Props::default();
            if boff != 0 {
                let at = usize::from(boff) * 2;
                let grp = match u8_at(fkp, at) {
                    Some(0) => u8_at(fkp, at + 1).and_then(|cb| fkp.get(at + 2..at + 2 + usize::from(cb) * 2)),
                    Some(cb) => fkp.get(at + 1..at + 1 + usize::from(cb) * 2 - 1),
                    None => None,
                };
                if let Some(grp) = grp {
                    props.istd = u16_at(grp, 0).unwrap_or(0);
                    apply_sprms(grp.get(2..).unwrap_or_default(), &mut props);
                }
            }
            if fc_end > fc {
                runs.push(PapRun { fc, fc_end, props });
            }
        }
    }
    runs.sort_by_key(|r| r.fc);
    runs
}

/// The FKP pages a PlcBte (PlcBtePapx, PlcBteChpx) names, each once: a hostile table
/// repeating a page costs nothing, and there are never more pages than the stream has.
fn fkp_pages<'w>(word: &'w [u8], plc: Option<&[u8]>) -> Vec<&'w [u8]> {
    let Some(plc) = plc.filter(|p| p.len() >= 4) else { return Vec::new() };
    let n = (plc.len() - 4) / 8;
    let mut pns: Vec<u32> = (0..n).filter_map(|i| u32_at(plc, (n + 1) * 4 + i * 4)).map(|pn| pn & 0x3F_FFFF).collect();
    pns.sort_unstable();
    pns.dedup();
    pns.into_iter().filter_map(|pn| slice(word, pn.checked_mul(512)?, 512)).collect()
}

/// CHPX FKPs: the byte ranges whose character properties mark a tracked deletion
/// (sprmCFRMarkDel).
fn parse_deleted(word: &[u8], plc: Option<&[u8]>) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for fkp in fkp_pages(word, plc) {
        let crun = usize::from(fkp[511]);
        for j in 0..crun {
            let (Some(fc), Some(fc_end), Some(off)) =
                (u32_at(fkp, j * 4), u32_at(fkp, j * 4 + 4), u8_at(fkp, (crun + 1) * 4 + j))
            else {
                break;
            };
            if off == 0 || fc_end <= fc {
                continue;
            }
            let at = usize::from(off) * 2;
            let Some(grpprl) = u8_at(fkp, at).and_then(|cb| fkp.get(at + 1..at + 1 + usize::from(cb))) else {
                continue;
            };
            if sprm_operand(grpprl, 0x0800).is_some_and(|v| v == 1 || v == 0x81) {
                out.push((fc, fc_end));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Whether byte `fc` lies in one of the sorted, disjoint ranges (CHPX runs do not
/// overlap; pieces of a fast-saved file visit them in any order, so no cursor).
fn is_deleted(ranges: &[(u32, u32)], fc: u32) -> bool {
    let i = ranges.partition_point(|r| r.0 <= fc);
    i.checked_sub(1).and_then(|i| ranges.get(i)).is_some_and(|r| fc < r.1)
}

/// The first operand byte of `want` in a grpprl.
fn sprm_operand(grpprl: &[u8], want: u16) -> Option<u8> {
    let mut found = None;
    for_each_sprm(grpprl, |sprm, op| {
        if sprm == want && found.is_none() {
            found = op.first().copied();
        }
    });
    found
}

/// One style of the stylesheet.
#[derive(Clone, Debug, Default)]
struct Style {
    sti: u16,
    name: String,
    base: u16,
    props: Props,
}

/// STSH: the styles, indexed by istd (`None` for empty slots).
fn parse_stsh(stsh: Option<&[u8]>) -> Vec<Option<Style>> {
    let mut styles = Vec::new();
    let Some(stsh) = stsh else { return styles };
    let Some(cb_stshi) = u16_at(stsh, 0) else { return styles };
    let (Some(cstd), Some(cb_base)) = (u16_at(stsh, 2), u16_at(stsh, 4)) else { return styles };
    let cb_base = usize::from(cb_base);
    let mut at = 2 + usize::from(cb_stshi);
    for _ in 0..cstd {
        let Some(cb) = u16_at(stsh, at) else { break };
        let cb = usize::from(cb);
        let Some(std) = stsh.get(at + 2..at + 2 + cb) else { break };
        at += 2 + cb;
        if cb == 0 {
            styles.push(None);
            continue;
        }
        styles.push(parse_std(std, cb_base));
    }
    styles
}

fn parse_std(std: &[u8], cb_base: usize) -> Option<Style> {
    let sti = u16_at(std, 0)? & 0x0FFF;
    let w2 = u16_at(std, 2)?;
    let stk = w2 & 0xF;
    let base = w2 >> 4;
    let cch = usize::from(u16_at(std, cb_base)?);
    let name_bytes = std.get(cb_base + 2..cb_base + 2 + cch * 2)?;
    let name = String::from_utf16_lossy(
        &name_bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>(),
    );
    let mut props = Props::default();
    // UpxPapx of a paragraph style: after the name and its terminating zero, on an even offset.
    if stk == 1 {
        let mut upx = cb_base + 2 + cch * 2 + 2;
        upx += upx % 2;
        if let Some(cb) = u16_at(std, upx) {
            if let Some(grp) = std.get(upx + 2..upx + 2 + usize::from(cb)) {
                apply_sprms(grp.get(2..).unwrap_or_default(), &mut props);
            }
        }
    }
    Some(Style { sti, name, base, props })
}

/// The heading level a built-in style name or identifier gives: Word's "heading 1" …
/// "heading 9" (sti 1–9), Chinese Word/WPS "标题 1" ….
fn heading_of_style(s: &Style) -> Option<u8> {
    if (1..=9).contains(&s.sti) {
        return Some(s.sti as u8);
    }
    let name = s.name.trim().to_lowercase();
    let rest = name.strip_prefix("heading").or_else(|| name.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (1..=9).contains(&n).then_some(n)
}

fn is_title_style(s: &Style) -> bool {
    s.sti == 62 || matches!(s.name.trim().to_lowercase().as_str(), "title" | "标题")
}

/// What the stylesheet says about a style, following its base styles: its outline level
/// (0-based; 9 = body text) and its list.
#[derive(Clone, Copy, Debug, Default)]
struct Resolved {
    outline: Option<u8>,
    title: bool,
    ilfo: Option<u16>,
    ilvl: Option<u8>,
}

fn resolve(styles: &[Option<Style>], istd: u16) -> Resolved {
    let mut r = Resolved::default();
    let mut cur = istd;
    let mut first = true;
    for _ in 0..MAX_STYLE_DEPTH {
        let Some(Some(s)) = styles.get(usize::from(cur)) else { break };
        if r.outline.is_none() {
            r.outline = s.props.outline.or_else(|| heading_of_style(s).map(|l| l - 1));
        }
        if first && is_title_style(s) {
            r.title = true;
        }
        if r.ilfo.is_none() {
            r.ilfo = s.props.ilfo;
        }
        if r.ilvl.is_none() {
            r.ilvl = s.props.ilvl;
        }
        first = false;
        if s.base == 0x0FFF || s.base == cur {
            break;
        }
        cur = s.base;
    }
    r
}

/// One level of a list: its number format, start, text and the follow character.
#[derive(Clone, Debug, Default)]
struct Level {
    start: i64,
    nfc: u8,
    legal: bool,
    no_restart: bool,
    /// The number text: code units below 9 stand for the number of that level.
    text: Vec<u16>,
    /// ixchFollow 1: a space follows the number.
    space: bool,
}

/// Parse an LVL at `at`; returns it and the offset after it.
fn parse_lvl(b: &[u8], at: usize) -> Option<(Level, usize)> {
    let start = u32_at(b, at)? as i32;
    let nfc = u8_at(b, at + 4)?;
    let flags = u8_at(b, at + 5)?;
    let follow = u8_at(b, at + 15)?;
    let cb_chpx = usize::from(u8_at(b, at + 24)?);
    let cb_papx = usize::from(u8_at(b, at + 25)?);
    let xst = at.checked_add(28 + cb_chpx + cb_papx)?;
    let cch = usize::from(u16_at(b, xst)?);
    let raw = b.get(xst + 2..xst + 2 + cch * 2)?;
    let text = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    Some((
        Level {
            start: i64::from(start),
            nfc,
            legal: flags & 0x04 != 0,
            no_restart: flags & 0x08 != 0,
            text,
            space: follow == 1,
        },
        xst + 2 + cch * 2,
    ))
}

/// An LFOLVL: the level it applies to, a new start, a replacement level.
type LevelOverride = (u8, Option<i64>, Option<Level>);

#[derive(Debug, Default)]
struct Lists {
    /// lsid → levels.
    lists: Vec<(i32, Vec<Level>)>,
    /// LFOs (sprmPIlfo is 1-based): lsid, start overrides per level, level overrides.
    lfos: Vec<(i32, Vec<LevelOverride>)>,
    /// Counters per lsid.
    counters: Vec<(i32, [Option<i64>; 9])>,
    /// LFOs whose start overrides were applied.
    started: Vec<u16>,
}

impl Lists {
    fn parse(table: &[u8], fib: &Fib) -> Lists {
        let mut l = Lists::default();
        // Offsets start inside the table stream (checked by `part`), so none overflows.
        let start_of = |index: usize| fib.part(table, index).and(fib.fc_lcb.get(index)).map(|&(fc, _)| fc as usize);
        if let Some(base) = start_of(FC_PLF_LST) {
            {
                let c_lst = u16_at(table, base).unwrap_or(0) as usize;
                let mut lvl_at = base + 2 + c_lst * 28;
                for i in 0..c_lst {
                    let lstf = base + 2 + i * 28;
                    let (Some(lsid), Some(flags)) = (u32_at(table, lstf), u8_at(table, lstf + 26)) else { break };
                    let count = if flags & 1 != 0 { 1 } else { 9 };
                    let mut levels = Vec::with_capacity(count);
                    for _ in 0..count {
                        let Some((lvl, next)) = parse_lvl(table, lvl_at) else { break };
                        levels.push(lvl);
                        lvl_at = next;
                    }
                    if levels.len() < count {
                        break;
                    }
                    l.lists.push((lsid as i32, levels));
                }
            }
        }
        if let Some(base) = start_of(FC_PLF_LFO) {
            {
                let n = (u32_at(table, base).unwrap_or(0) as usize).min(table.len() / 16);
                let mut data_at = base + 4 + n * 16;
                for i in 0..n {
                    let lfo = base + 4 + i * 16;
                    let (Some(lsid), Some(clfolvl)) = (u32_at(table, lfo), u8_at(table, lfo + 12)) else { break };
                    // LFOData: cp, then the level overrides.
                    let mut overrides = Vec::new();
                    let mut at = data_at + 4;
                    for _ in 0..clfolvl {
                        let (Some(start), Some(flags)) = (u32_at(table, at), u32_at(table, at + 4)) else { break };
                        at += 8;
                        let ilvl = (flags & 0xF) as u8;
                        let start = (flags & 0x10 != 0).then_some(i64::from(start as i32));
                        let mut lvl = None;
                        if flags & 0x20 != 0 {
                            let Some((v, next)) = parse_lvl(table, at) else { break };
                            at = next;
                            lvl = Some(v);
                        }
                        overrides.push((ilvl, start, lvl));
                    }
                    data_at = at;
                    l.lfos.push((lsid as i32, overrides));
                }
            }
        }
        l
    }

    /// Advance list `ilfo` (1-based) at level `ilvl` and render its marker.
    fn next(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let (lsid, overrides) = self.lfos.get(usize::from(ilfo).checked_sub(1)?)?;
        let (lsid, overrides) = (*lsid, overrides.clone());
        let levels = &self.lists.iter().find(|(id, _)| *id == lsid)?.1;
        let ilvl = usize::from(ilvl.min(8)).min(levels.len().saturating_sub(1));
        let level_at = |i: usize| -> Option<&Level> {
            overrides
                .iter()
                .find(|(l, _, _)| usize::from(*l) == i)
                .and_then(|(_, _, v)| v.as_ref())
                .or_else(|| levels.get(i))
        };
        let ci = match self.counters.iter().position(|(id, _)| *id == lsid) {
            Some(i) => i,
            None => {
                self.counters.push((lsid, [None; 9]));
                self.counters.len() - 1
            }
        };
        let counters = &mut self.counters[ci].1;
        if !self.started.contains(&ilfo) {
            self.started.push(ilfo);
            for (l, s, _) in &overrides {
                if let (Some(s), Some(c)) = (s, counters.get_mut(usize::from(*l))) {
                    *c = Some(s - 1);
                }
            }
        }
        let lvl = level_at(ilvl)?;
        counters[ilvl] = Some(counters[ilvl].map_or(lvl.start, |v| v.saturating_add(1)));
        for (d, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            if !level_at(d).is_some_and(|l| l.no_restart) {
                *c = None;
            }
        }
        if lvl.nfc == 0x17 {
            return None; // bullet
        }
        let mut out = String::new();
        for ch in char::decode_utf16(lvl.text.iter().copied()) {
            let Ok(ch) = ch else { continue };
            let k = ch as usize;
            if k < 9 {
                let Some(at) = level_at(k) else { continue };
                let value = counters[k].unwrap_or(at.start);
                let fmt = if lvl.legal { "decimal" } else { nfc_name(at.nfc) };
                out.push_str(&super::docx::format_number(value, fmt));
            } else {
                out.push(ch);
            }
        }
        if out.is_empty() {
            return None;
        }
        if lvl.space && out.chars().last().is_some_and(char::is_alphanumeric) {
            out.push(' ');
        }
        Some(out)
    }
}

/// [MS-DOC] MSONFC → the ECMA-376 number format name the .docx reader renders.
fn nfc_name(nfc: u8) -> &'static str {
    match nfc {
        0x01 => "upperRoman",
        0x02 => "lowerRoman",
        0x03 => "upperLetter",
        0x04 => "lowerLetter",
        0x0A => "ideographDigital",
        0x0B => "japaneseCounting",
        0x0E | 0x13 => "decimalFullWidth",
        0x12 => "decimalEnclosedCircle",
        0x16 => "decimalZero",
        0x1A => "decimalEnclosedFullstop",
        0x1B => "decimalEnclosedParen",
        0x1C => "decimalEnclosedCircleChinese",
        0x1E => "ideographTraditional",
        0x1F => "ideographZodiac",
        0x21 | 0x23 => "taiwaneseCounting",
        0x22 => "ideographLegalTraditional",
        0x24 => "taiwaneseDigital",
        0x25 | 0x27 => "chineseCounting",
        0x26 => "chineseLegalSimplified",
        0x28 => "ideographDigital",
        0xFF => "none",
        _ => "decimal",
    }
}

/// The parsed parts of a Word binary document.
struct WordDoc {
    units: Vec<u16>,
    pieces: Vec<Piece>,
    runs: Vec<PapRun>,
    styles: Vec<Option<Style>>,
    lists: Lists,
    /// Byte ranges of `WordDocument` in tracked deletions, sorted.
    deleted: Vec<(u32, u32)>,
    any_legacy: Option<&'static encoding_rs::Encoding>,
}

impl WordDoc {
    fn read(word: &[u8], table: &[u8], fib: &Fib) -> Result<WordDoc, InputError> {
        let clx = fib
            .part(table, FC_CLX)
            .ok_or_else(|| malformed("片段表（CLX）", "缺失或超出表格流范围，文件可能已截断或损坏"))?;
        let pieces = parse_clx(clx)?;
        let (units, any_legacy) = piece_text(word, &pieces, fib.ccp_text, fib.legacy_encoding())?;
        Ok(WordDoc {
            units,
            pieces,
            runs: parse_papx(word, fib.part(table, FC_PLCF_BTE_PAPX)),
            styles: parse_stsh(fib.part(table, FC_STSHF)),
            lists: Lists::parse(table, fib),
            deleted: parse_deleted(word, fib.part(table, FC_PLCF_BTE_CHPX)),
            any_legacy,
        })
    }

    /// The byte offset in `WordDocument` of character position `cp`.
    fn fc_of(&self, cp: usize) -> Option<u32> {
        let cp = u32::try_from(cp).ok()?;
        let i = self.pieces.partition_point(|p| p.cp_end <= cp);
        let p = self.pieces.get(i).filter(|p| p.cp <= cp)?;
        let d = cp - p.cp;
        p.fc.checked_add(if p.compressed { d } else { d.checked_mul(2)? })
    }

    /// The paragraph properties of the paragraph whose mark is at `cp`.
    fn props_at(&self, cp: usize) -> Props {
        let Some(fc) = self.fc_of(cp) else { return Props::default() };
        let i = self.runs.partition_point(|r| r.fc <= fc);
        i.checked_sub(1)
            .and_then(|i| self.runs.get(i))
            .filter(|r| fc < r.fc_end)
            .map_or_else(Props::default, |r| r.props)
    }

    /// Walk the text: paragraphs, cells and fields, into blocks.
    fn blocks(mut self) -> DocBuilder {
        let mut b = DocBuilder::new();
        let mut line: Vec<u16> = Vec::new();
        // One entry per open field: true once its separator was met (showing the
        // result). `hidden` counts the entries still in their instructions; fields
        // nested deeper than MAX_NESTING are only counted, as hidden.
        let mut fields: Vec<bool> = Vec::new();
        let mut hidden = 0usize;
        let mut deep_fields = 0usize;
        let units = std::mem::take(&mut self.units);
        let deleted = std::mem::take(&mut self.deleted);
        let mut after_break = false;
        for (cp, &u) in units.iter().enumerate() {
            if u != 0x0C && after_break && !matches!(u, 0x0D | FILLER) {
                after_break = false;
            }
            // Text of a tracked deletion is not the document's (nor is a deleted
            // paragraph mark: its paragraph runs on into the next).
            if !deleted.is_empty() {
                if let Some(fc) = self.fc_of(cp) {
                    if is_deleted(&deleted, fc) {
                        continue;
                    }
                }
            }
            match u {
                0x13 => {
                    if fields.len() < MAX_NESTING && deep_fields == 0 {
                        fields.push(false);
                        hidden += 1;
                    } else {
                        deep_fields += 1;
                    }
                }
                0x14 => {
                    if deep_fields == 0 {
                        if let Some(f) = fields.last_mut().filter(|f| !**f) {
                            *f = true;
                            hidden -= 1;
                        }
                    }
                }
                0x15 => {
                    if deep_fields > 0 {
                        deep_fields -= 1;
                    } else if fields.pop() == Some(false) {
                        hidden -= 1;
                    }
                }
                // A page or section break ends the text before it as a paragraph; the
                // paragraph mark right after a break ends nothing more.
                0x0C => {
                    if !line.is_empty() {
                        self.end_block(&mut b, &mut line, cp, false);
                        after_break = true;
                    }
                    continue;
                }
                0x0D if after_break && line.is_empty() => after_break = false,
                0x0D | 0x07 => self.end_block(&mut b, &mut line, cp, u == 0x07),
                _ if deep_fields > 0 || hidden > 0 => {}
                0x0B => line.push(u16::from(b'\n')),
                0x09 => line.push(u),
                0x1E => line.push(u16::from(b'-')),
                FILLER => {}
                // Pictures, drawn objects, note and comment references, separators …
                0x00..=0x1F => {}
                _ => line.push(u),
            }
        }
        if line.iter().any(|&u| u != 0x20) {
            self.end_block(&mut b, &mut line, units.len().saturating_sub(1), false);
        }
        b
    }

    fn end_block(&mut self, b: &mut DocBuilder, line: &mut Vec<u16>, cp: usize, cell_mark: bool) {
        let props = self.props_at(cp);
        let text = String::from_utf16_lossy(line);
        line.clear();
        if cell_mark && props.row_end {
            return;
        }
        let style = resolve(&self.styles, props.istd);
        let outline = props.outline.or(style.outline);
        let kind = if cell_mark || props.in_table {
            BlockKind::Cell
        } else {
            match outline {
                Some(l @ 0..=3) => BlockKind::Heading(l + 1),
                _ if style.title => BlockKind::Title,
                _ => BlockKind::Paragraph,
            }
        };
        let ilfo = props.ilfo.or(style.ilfo).filter(|&i| i != 0 && i < 0xF801);
        let marker = ilfo.and_then(|i| self.lists.next(i, props.ilvl.or(style.ilvl).unwrap_or(0)));
        match marker {
            Some(m) => {
                let full = format!("{m}{text}");
                b.push(kind, &full, None, m.len());
            }
            None => b.push(kind, &text, None, 0),
        }
    }
}

/// The creation date in a SummaryInformation property set (PIDSI_CREATE_DTM, a
/// FILETIME), as `YYYY-MM-DD`.
fn summary_date(s: &[u8]) -> Option<String> {
    if u16_at(s, 0)? != 0xFFFE {
        return None;
    }
    let set = u32_at(s, 44)? as usize;
    if set >= s.len() {
        return None;
    }
    let count = (u32_at(s, set + 4)? as usize).min(s.len() / 8);
    for i in 0..count {
        let id = u32_at(s, set + 8 + i * 8)?;
        let off = u32_at(s, set + 12 + i * 8)? as usize;
        if id == 12 {
            let at = set.checked_add(off)?;
            if u32_at(s, at)? != 0x40 {
                return None;
            }
            let lo = u64::from(u32_at(s, at + 4)?);
            let hi = u64::from(u32_at(s, at + 8)?);
            return filetime_date((hi << 32) | lo);
        }
    }
    None
}

/// A FILETIME (100 ns since 1601-01-01 UTC) as a calendar date; `None` for zero or
/// implausible values.
fn filetime_date(ft: u64) -> Option<String> {
    let secs = ft / 10_000_000;
    let unix = i64::try_from(secs).ok()? - 11_644_473_600;
    if unix <= 0 {
        return None;
    }
    let (y, m, d) = super::civil_from_days(unix / 86_400);
    (1980..=9999).contains(&y).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A CLX with one Prc record and a piece table of two pieces: "Ab" compressed at
    /// byte 0x100 and "中文" in UTF-16 at byte 0x200.
    fn clx_two_pieces() -> Vec<u8> {
        let mut clx = vec![1u8, 3, 0, 0x00, 0x00, 0x00]; // Prc with a 3-byte grpprl
        let mut plc = Vec::new();
        for cp in [0u32, 2, 4] {
            plc.extend_from_slice(&cp.to_le_bytes());
        }
        for (fc, compressed) in [(0x100u32, true), (0x200u32, false)] {
            plc.extend_from_slice(&[0, 0]);
            let raw = if compressed { (fc * 2) | 0x4000_0000 } else { fc };
            plc.extend_from_slice(&raw.to_le_bytes());
            plc.extend_from_slice(&[0, 0]);
        }
        clx.push(2);
        clx.extend_from_slice(&(plc.len() as u32).to_le_bytes());
        clx.extend_from_slice(&plc);
        clx
    }

    #[test]
    fn piece_table_decodes_both_kinds_of_piece() {
        let pieces = parse_clx(&clx_two_pieces()).unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece { cp: 0, cp_end: 2, fc: 0x100, compressed: true },
                Piece { cp: 2, cp_end: 4, fc: 0x200, compressed: false }
            ]
        );
        let mut word = vec![0u8; 0x210];
        word[0x100] = b'A';
        word[0x101] = 0x93; // “ by the mapping of [MS-DOC] 2.4.1
        word[0x200..0x204].copy_from_slice(&[0x2D, 0x4E, 0x87, 0x65]); // 中文
        let (units, legacy) = piece_text(&word, &pieces, 4, None).unwrap();
        assert_eq!(String::from_utf16_lossy(&units), "A\u{201C}中文");
        assert!(legacy.is_none());
        // The same compressed bytes in a Chinese file that wrote GBK there.
        let mut gbk_word = word.clone();
        gbk_word[0x100..0x102].copy_from_slice(&[0xB7, 0xA8]); // 法
        let mut two = pieces.clone();
        two[0].cp_end = 2;
        let (units, legacy) = piece_text(&gbk_word, &two, 4, Some(encoding_rs::GBK)).unwrap();
        // One ideograph is not enough evidence: read per [MS-DOC].
        assert!(legacy.is_none(), "{:?}", String::from_utf16_lossy(&units));
        // Two are: each takes two positions, the second one a filler.
        gbk_word[0x100..0x104].copy_from_slice(&encoding_rs::GBK.encode("法治").0);
        let one = [Piece { cp: 0, cp_end: 4, fc: 0x100, compressed: true }];
        let (units, legacy) = piece_text(&gbk_word, &one, 4, Some(encoding_rs::GBK)).unwrap();
        assert_eq!(units, vec![0x6CD5, FILLER, 0x6CBB, FILLER]);
        assert_eq!(legacy, Some(encoding_rs::GBK));
        // ccpText cuts the text (what follows is headers and notes).
        let (units, _) = piece_text(&word, &pieces, 3, None).unwrap();
        assert_eq!(String::from_utf16_lossy(&units), "A\u{201C}中");
        // A piece past the end of the stream is an error, not a panic.
        assert!(piece_text(&word[..0x202], &pieces, 4, None).is_err());
    }

    #[test]
    fn piece_table_rejects_bad_tables() {
        assert!(parse_clx(&[]).is_err());
        assert!(parse_clx(&[7]).is_err());
        assert!(parse_clx(&[1, 0xFF, 0xFF]).is_err());
        let mut clx = clx_two_pieces();
        clx.truncate(clx.len() - 3);
        assert!(parse_clx(&clx).is_err());
        // Decreasing positions.
        let mut clx = clx_two_pieces();
        let at = 6 + 5 + 4;
        clx[at..at + 4].copy_from_slice(&9u32.to_le_bytes());
        assert!(parse_clx(&clx).is_err());
    }

    #[test]
    fn gbk_bytes_in_a_compressed_piece_of_a_chinese_file() {
        let bytes = encoding_rs::GBK.encode("法治a").0.into_owned();
        let units = legacy_piece(&bytes, encoding_rs::GBK).unwrap();
        assert_eq!(units.len(), bytes.len());
        let text: String = char::decode_utf16(units.into_iter().filter(|&u| u != FILLER)).map(|c| c.unwrap()).collect();
        assert_eq!(text, "法治a");
        // Latin text with accents is not taken for GBK.
        assert!(legacy_piece(b"caf\xe9 au lait", encoding_rs::GBK).is_none());
        assert!(legacy_piece(b"M\xfcller", encoding_rs::GBK).is_none());
    }

    #[test]
    fn sprms_give_outline_list_and_table() {
        let mut p = Props::default();
        // sprmPOutLvl 1, sprmPJc 1 (skipped), a variable sprm (skipped), sprmPIlfo 3, sprmPIlvl 2, sprmPFInTable, sprmPFTtp
        let grpprl = [
            0x40, 0x26, 1, 0x61, 0x24, 1, 0x0D, 0xC6, 2, 9, 9, 0x0B, 0x46, 3, 0, 0x0A, 0x26, 2, 0x16, 0x24, 1, 0x17,
            0x24, 1,
        ];
        apply_sprms(&grpprl, &mut p);
        assert_eq!(p, Props { istd: 0, outline: Some(1), in_table: true, row_end: true, ilfo: Some(3), ilvl: Some(2) });
        // A truncated operand ends the list quietly.
        let mut q = Props::default();
        apply_sprms(&[0x0B, 0x46, 3], &mut q);
        apply_sprms(&[0x15, 0xC6], &mut q);
        assert_eq!(q.ilfo, None);
        // sprmTDefTable's two-byte length is skipped whole.
        let mut t = Props::default();
        apply_sprms(&[0x08, 0xD6, 3, 0, 0xAA, 0x0B, 0x40, 0x26, 2], &mut t);
        assert_eq!(t.outline, Some(2));
    }

    #[test]
    fn styles_resolve_through_their_base() {
        let style = |sti: u16, name: &str, base: u16, outline: Option<u8>| {
            Some(Style { sti, name: name.into(), base, props: Props { outline, ..Props::default() } })
        };
        let styles = vec![
            style(0, "Normal", 0x0FFF, None),
            style(0x0FFE, "标题 2", 0, None),
            style(0x0FFE, "My heading", 1, None),
            style(0x0FFE, "Body", 0, Some(9)),
            style(62, "Title", 0, None),
            style(0x0FFE, "Loop", 5, None),
        ];
        assert_eq!(resolve(&styles, 1).outline, Some(1));
        assert_eq!(resolve(&styles, 2).outline, Some(1));
        assert_eq!(resolve(&styles, 3).outline, Some(9));
        assert!(resolve(&styles, 4).title);
        assert_eq!(resolve(&styles, 5).outline, None);
        assert_eq!(resolve(&styles, 99).outline, None);
    }

    fn walk(text: &str) -> Vec<(BlockKind, String)> {
        let doc = WordDoc {
            units: text.encode_utf16().collect(),
            pieces: Vec::new(),
            runs: Vec::new(),
            styles: Vec::new(),
            lists: Lists::default(),
            deleted: Vec::new(),
            any_legacy: None,
        };
        let d = doc.blocks().finish(Format::Doc, "UTF-16LE", DocMeta::default());
        d.blocks.iter().map(|b| (b.kind, d.text[b.span.start..b.span.end].to_string())).collect()
    }

    #[test]
    fn fields_reduce_to_their_results_and_specials_drop() {
        use BlockKind::*;
        // A hyperlink whose result holds a PAGE field; an IF whose instructions hold a
        // field; a field without a separator (shows nothing); a picture, a note mark.
        let text = "A\u{13} HYPERLINK \"x\" \u{14}B\u{13} PAGE \u{14}3\u{15}C\u{15}D\r\
                    \u{13} IF \u{13} PAGE \u{14}1\u{15} = 1 \u{14}是\u{15}\u{13} TC \"x\" \u{15}\u{1}\u{2}\u{5}\u{8}否\r\
                    行一\u{b}行二\u{1e}三\u{1f}\t\u{c}\r\
                    格\u{7}\u{7}";
        assert_eq!(
            walk(text),
            vec![
                (Paragraph, "AB3CD".to_string()),
                (Paragraph, "是否".to_string()),
                (Paragraph, "行一 行二-三\t".to_string()),
                (Cell, "格".to_string()),
                (Cell, String::new()),
            ]
        );
        // A break between paragraphs, a break at the end of one, empty paragraphs kept.
        assert_eq!(
            walk("甲\r\u{c}乙\u{c}\r\r丙\r"),
            vec![
                (Paragraph, "甲".to_string()),
                (Paragraph, "乙".to_string()),
                (Paragraph, String::new()),
                (Paragraph, "丙".to_string())
            ]
        );
        // Unbalanced marks: a stray end, an unclosed field at the end of the text.
        assert_eq!(
            walk("\u{15}\u{14}甲\r乙\u{13}丙"),
            vec![(Paragraph, "甲".to_string()), (Paragraph, "乙".to_string())]
        );
        // Fields nested past the limit are hidden, and the text after them reads again.
        let deep = format!("{}{}后\r", "\u{13}".repeat(MAX_NESTING + 5), "\u{15}".repeat(MAX_NESTING + 5));
        assert_eq!(walk(&deep), vec![(Paragraph, "后".to_string())]);
    }

    #[test]
    fn filetime_dates() {
        // 2025-03-01T08:00:00Z
        assert_eq!(filetime_date((1_740_816_000 + 11_644_473_600) * 10_000_000).as_deref(), Some("2025-03-01"));
        assert_eq!(filetime_date(0), None);
    }
}
