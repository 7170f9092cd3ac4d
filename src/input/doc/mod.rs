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
//! One file per structure: `fib.rs` (the FIB), `piece.rs` (the piece table and its
//! text), `props.rs` (SPRMs, PAPX and CHPX FKPs), `styles.rs` (the stylesheet),
//! `lists.rs` (list levels and numbers), `meta.rs` (the creation date); this file reads
//! the streams and assembles the paragraphs (`WordDoc`).
//!
//! Only the main document text is read (no headers, footnotes, comments, text boxes).
//! Fields are reduced to their result. Every offset read is checked: hostile bytes get
//! an [`InputError`], never a panic.

use super::{BlockKind, DocBuilder, DocMeta, Document, Format, InputError, MAX_NESTING, MAX_PART_BYTES};
use std::io::{Cursor, Read};

mod fib;
mod lists;
mod meta;
mod piece;
mod props;
mod styles;

use fib::*;
use lists::*;
use meta::*;
use piece::*;
use props::*;
use styles::*;

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
