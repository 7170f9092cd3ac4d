//! RTF (Rich Text Format, as Word, WPS and LibreOffice write it): the body text, one block
//! per paragraph, with heading levels.
//!
//! Hand-written, one pass over the bytes, no recursion: the crates on crates.io for RTF
//! (rtf-parser and its forks) lex from a `&str`, so they cannot take the code-page bytes
//! `\'hh` stand for (GBK in Chinese documents) and they build a whole document model
//! with wasm-bindgen dependencies; a tokenizer is a few dozen lines here.
//!
//! - Text: literal bytes and `\'hh` in the font's code page (`\fcharsetN` / `\cpgN` in the
//!   font table; 134 = GB2312 → GBK), else the document's (`\ansicpgN`, 936 → GBK; no
//!   `\ansicpg` → Windows-1252); `\uN` (negative N as Word writes them, surrogate pairs
//!   joined) followed by `\ucN` fallback characters (default 1) that are skipped.
//! - Blocks: `\par` (and a backslash before a line end) ends a paragraph; `\line` and
//!   `\tab` are white space; `\cell` ends a table cell (`Cell`), a `\par` inside a table
//!   (`\intbl`) too; `\row` ends nothing more.
//! - Headings: `\outlinelevelN` on the paragraph (0 → level 1; 9 is body text), else its
//!   style (`\sN`) in the stylesheet, through `\sbasedonN`: an `\outlinelevelN` there, or a
//!   name "heading N" / "标题 N"; "Title" / "标题" → `Title`.
//! - Left out: destination groups `{\*\…}`, the font, colour and style tables, `\info`
//!   (but its `\creatim` gives [`DocMeta::date`]), pictures, objects' data, headers,
//!   footers, footnotes, annotations, shape properties (a text box's text is read once,
//!   from `\shpinst`, not again from `\shprslt`); field instructions (a field gives
//!   its result, `\fldrslt`); text marked `\deleted` (tracked deletions).
//! - `{\listtext …}` / `{\pntext …}`, the list number Word renders into the file, are
//!   kept and counted as [`Block::generated`].
//!
//! Bounded: group depth [`MAX_NESTING`]; the output is never larger than a few times the
//! input (which the caller bounds).
//!
//! [`Block::generated`]: super::Block::generated

use super::{encoding_name, BlockKind, DocBuilder, DocMeta, Document, Format, InputError, MAX_NESTING};
use encoding_rs::Encoding;
use std::collections::HashMap;

/// Decode an RTF file's bytes.
pub fn decode(bytes: &[u8], _ext: &str) -> Result<Document, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let bytes = &bytes[bytes.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(bytes.len())..];
    if !bytes.starts_with(b"{\\rtf") {
        return Err(InputError::Malformed { part: "RTF 文件".into(), detail: "开头不是 {\\rtf".into() });
    }
    let mut p = Parser::new();
    p.run(bytes)?;
    p.flush_bytes();
    if !p.para.is_empty() {
        p.end_para(false);
    }
    if p.out.is_empty() {
        return Err(InputError::NoText);
    }
    let enc = encoding_name(p.doc_encoding);
    let meta = match p.created {
        Some((y, m, d)) => DocMeta {
            date: Some(format!("{y:04}-{m:02}-{d:02}")),
            date_source: Some("RTF \\creatim"),
            ..DocMeta::default()
        },
        None => DocMeta::default(),
    };
    Ok(p.out.finish(Format::Rtf, enc, meta))
}

/// Where a group's text goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dest {
    Body,
    /// Ignored, with everything inside.
    Skip,
    FontTable,
    StyleSheet,
    Info,
    Creatim,
}

#[derive(Clone, Copy)]
struct Group {
    dest: Dest,
    /// Fallback characters after `\uN`.
    uc: usize,
    font: Option<i32>,
    /// Rendered list numbering (`\listtext`).
    generated: bool,
    deleted: bool,
}

#[derive(Default)]
struct StyleDef {
    name: String,
    based_on: Option<i32>,
    outline: Option<i32>,
}

struct Parser {
    out: DocBuilder,
    stack: Vec<Group>,
    g: Group,
    doc_encoding: &'static Encoding,
    default_font: Option<i32>,
    font_enc: HashMap<i32, &'static Encoding>,
    font_in_table: Option<i32>,
    styles: HashMap<i32, StyleDef>,
    /// The style entry being read in the stylesheet: (number, definition, group depth).
    style_entry: Option<(i32, StyleDef, usize)>,
    /// Code-page bytes not yet decoded, and the encoding they are in.
    bytes: Vec<u8>,
    bytes_enc: &'static Encoding,
    /// Fallback characters still to skip after a `\uN`.
    skip_chars: usize,
    /// A high surrogate from `\uN` waiting for its low half.
    high: Option<u16>,
    // The paragraph being read.
    para: String,
    para_generated: usize,
    style: i32,
    outline: Option<i32>,
    in_table: bool,
    // \creatim
    created: Option<(i32, i32, i32)>,
    date_parts: [Option<i32>; 3],
    /// Group depth of the stylesheet destination.
    sheet_depth: usize,
    /// `\*` seen: the group's destination is ignorable.
    starred: bool,
    /// The next control word is the first of its group (where destinations are named).
    group_start: bool,
}

impl Parser {
    fn new() -> Self {
        let g = Group { dest: Dest::Body, uc: 1, font: None, generated: false, deleted: false };
        Parser {
            out: DocBuilder::new(),
            stack: Vec::new(),
            g,
            doc_encoding: encoding_rs::WINDOWS_1252,
            default_font: None,
            font_enc: HashMap::new(),
            font_in_table: None,
            styles: HashMap::new(),
            style_entry: None,
            bytes: Vec::new(),
            bytes_enc: encoding_rs::WINDOWS_1252,
            skip_chars: 0,
            high: None,
            para: String::new(),
            para_generated: 0,
            style: 0,
            outline: None,
            in_table: false,
            created: None,
            date_parts: [None; 3],
            sheet_depth: 0,
            starred: false,
            group_start: false,
        }
    }

    fn run(&mut self, b: &[u8]) -> Result<(), InputError> {
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            match c {
                b'{' => {
                    self.flush_bytes();
                    if self.stack.len() >= MAX_NESTING {
                        return Err(InputError::TooDeep("RTF 文件".into(), MAX_NESTING));
                    }
                    self.stack.push(self.g);
                    self.skip_chars = 0;
                    self.starred = false;
                    self.group_start = true;
                    i += 1;
                }
                b'}' => {
                    self.flush_bytes();
                    self.end_group();
                    self.skip_chars = 0;
                    self.group_start = false;
                    i += 1;
                }
                b'\\' => {
                    i = self.control(b, i + 1);
                }
                b'\r' | b'\n' => i += 1,
                _ => {
                    self.group_start = false;
                    if self.skip_chars > 0 {
                        self.skip_chars -= 1;
                    } else {
                        self.byte(c);
                    }
                    i += 1;
                }
            }
        }
        Ok(())
    }

    /// A control word or symbol starting after its backslash at `i`; returns the index
    /// after it.
    fn control(&mut self, b: &[u8], mut i: usize) -> usize {
        let Some(&c) = b.get(i) else { return i };
        if !c.is_ascii_alphabetic() {
            let first = self.group_start;
            self.group_start = false;
            // Control symbols.
            i += 1;
            if c == b'*' {
                self.starred = first || self.starred;
                self.group_start = first;
                return i;
            }
            if c == b'\'' {
                let hex = b
                    .get(i..i + 2)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(v) = hex else { return i };
                if self.skip_chars > 0 {
                    self.skip_chars -= 1;
                } else {
                    self.byte(v);
                }
                return i + 2;
            }
            if self.skip_chars > 0 {
                self.skip_chars -= 1;
                return i;
            }
            match c {
                b'\\' | b'{' | b'}' => self.byte(c),
                b'~' => self.text("\u{a0}"),
                b'_' => self.text("-"),
                b'\r' | b'\n' => self.word("par", None),
                b'\t' => self.text("\t"),
                _ => {}
            }
            return i;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphabetic() && i - start < 32 {
            i += 1;
        }
        let name = std::str::from_utf8(&b[start..i]).unwrap_or("");
        let num_start = i;
        if i < b.len() && b[i] == b'-' {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_digit() && i - num_start < 11 {
            i += 1;
        }
        let param = std::str::from_utf8(&b[num_start..i])
            .ok()
            .and_then(|s| s.parse::<i64>().ok())
            .map(|v| v.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
        if i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if name == "bin" {
            // Binary data: skipped whatever the group.
            self.flush_bytes();
            let n = usize::try_from(param.unwrap_or(0).max(0)).unwrap_or(0);
            return i.saturating_add(n).min(b.len());
        }
        if name == "u" {
            self.group_start = false;
            if self.skip_chars > 0 {
                self.skip_chars -= 1;
                return i;
            }
            if let Some(n) = param {
                self.unicode(n);
            }
            self.skip_chars = self.g.uc;
            return i;
        }
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return i;
        }
        let first = std::mem::replace(&mut self.group_start, false);
        if first {
            if let Some(dest) = self.destination(name) {
                self.flush_bytes();
                self.g.dest = dest;
                if dest == Dest::StyleSheet {
                    self.sheet_depth = self.stack.len();
                }
                return i;
            } else if self.starred {
                self.flush_bytes();
                self.g.dest = Dest::Skip;
                return i;
            }
        }
        self.word(name, param);
        i
    }

    /// The destination a group's first control word opens, if it is one.
    fn destination(&self, name: &str) -> Option<Dest> {
        if self.g.dest == Dest::Skip {
            return Some(Dest::Skip);
        }
        if self.g.dest == Dest::Info {
            return Some(if name == "creatim" { Dest::Creatim } else { Dest::Skip });
        }
        Some(match name {
            "fonttbl" => Dest::FontTable,
            "stylesheet" => Dest::StyleSheet,
            "info" => Dest::Info,
            // A shape's instructions hold its text box (`\shptxt`); its properties
            // (`\sp`) are skipped below and `\shprslt`, the same text for old readers, too.
            "shpinst" => Dest::Body,
            "colortbl" | "pict" | "object" | "objdata" | "objclass" | "objname" | "header" | "headerl" | "headerr"
            | "headerf" | "footer" | "footerl" | "footerr" | "footerf" | "footnote" | "annotation" | "atnid"
            | "atnauthor" | "atndate" | "atnref" | "fldinst" | "datafield" | "sp" | "sn" | "sv" | "shprslt"
            | "nonshppict" | "shppict" | "xe" | "tc" | "txe" | "rxe" | "ftnsep" | "ftnsepc" | "aftnsep"
            | "aftnsepc" | "pn" | "filetbl" | "revtbl" | "listtable" | "listoverridetable" | "rsidtbl" | "template"
            | "userprops" | "private" | "bkmkstart" | "bkmkend" | "do" | "generator" | "themedata"
            | "colorschememapping" | "latentstyles" | "pgdsctbl" | "xmlnstbl" | "mmathPr" | "fchars" | "lchars"
            | "pgp" | "protusertbl" => Dest::Skip,
            _ => return None,
        })
    }

    fn word(&mut self, name: &str, param: Option<i32>) {
        match self.g.dest {
            Dest::Skip => return,
            Dest::FontTable => {
                match name {
                    "f" => self.font_in_table = param,
                    "fcharset" => {
                        if let (Some(f), Some(enc)) = (self.font_in_table, param.and_then(charset_encoding)) {
                            self.font_enc.insert(f, enc);
                        }
                    }
                    "cpg" => {
                        if let (Some(f), Some(enc)) = (self.font_in_table, param.and_then(codepage_encoding)) {
                            self.font_enc.insert(f, enc);
                        }
                    }
                    _ => {}
                }
                return;
            }
            Dest::StyleSheet => {
                let depth = self.stack.len();
                match name {
                    "s" => self.style_entry = Some((param.unwrap_or(0), StyleDef::default(), depth)),
                    "sbasedon" => {
                        if let Some((_, st, _)) = self.style_entry.as_mut() {
                            st.based_on = param;
                        }
                    }
                    "outlinelevel" => {
                        if let Some((_, st, _)) = self.style_entry.as_mut() {
                            st.outline = param;
                        }
                    }
                    _ => {}
                }
                // A style group without \s is style 0 (Normal).
                if self.style_entry.is_none() && depth > self.sheet_depth && !matches!(name, "s" | "cs" | "ds" | "ts") {
                    self.style_entry = Some((0, StyleDef::default(), depth));
                }
                if matches!(name, "uc") {
                    self.g.uc = usize::try_from(param.unwrap_or(1).max(0)).unwrap_or(1);
                }
                return;
            }
            Dest::Info => return,
            Dest::Creatim => {
                let slot = match name {
                    "yr" => 0,
                    "mo" => 1,
                    "dy" => 2,
                    _ => return,
                };
                self.date_parts[slot] = param;
                return;
            }
            Dest::Body => {}
        }
        match name {
            "ansicpg" => {
                if let Some(enc) = param.and_then(codepage_encoding) {
                    self.doc_encoding = enc;
                }
            }
            "deff" => self.default_font = param,
            "uc" => self.g.uc = usize::try_from(param.unwrap_or(1).clamp(0, 16)).unwrap_or(1),
            "f" => {
                self.flush_bytes();
                self.g.font = param;
            }
            "plain" => {
                self.flush_bytes();
                self.g.font = None;
                self.g.deleted = false;
            }
            "deleted" => {
                self.flush_bytes();
                self.g.deleted = param != Some(0);
            }
            "listtext" | "pntext" => {
                self.flush_bytes();
                self.g.generated = true;
            }
            "pard" => {
                self.style = 0;
                self.outline = None;
                self.in_table = false;
            }
            "s" => self.style = param.unwrap_or(0),
            "outlinelevel" => self.outline = param,
            "intbl" => self.in_table = true,
            "par" => self.end_para(false),
            "sect" if !self.para.is_empty() => self.end_para(false),
            "cell" | "nestcell" => self.end_para(true),
            "line" => self.text("\n"),
            "tab" => self.text("\t"),
            "emdash" => self.text("—"),
            "endash" => self.text("–"),
            "emspace" | "enspace" | "qmspace" => self.text(" "),
            "bullet" => self.text("•"),
            "lquote" => self.text("‘"),
            "rquote" => self.text("’"),
            "ldblquote" => self.text("“"),
            "rdblquote" => self.text("”"),
            _ => {}
        }
    }

    fn end_group(&mut self) {
        let depth = self.stack.len();
        if self.g.dest == Dest::StyleSheet {
            if let Some((n, mut st, d)) = self.style_entry.take() {
                if d >= depth {
                    st.name = st.name.trim().trim_end_matches(';').trim().to_string();
                    self.styles.insert(n, st);
                } else {
                    self.style_entry = Some((n, st, d));
                }
            }
        }
        if self.g.dest == Dest::Creatim {
            if let [Some(y), Some(m), Some(d)] = self.date_parts {
                if (1900..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
                    self.created = Some((y, m, d));
                }
            }
        }
        if self.g.dest == Dest::FontTable {
            self.font_in_table = None;
        }
        // An unmatched `}` (the document has ended; stray ones) changes nothing.
        if let Some(g) = self.stack.pop() {
            self.g = g;
        }
    }

    fn encoding(&self) -> &'static Encoding {
        self.g.font.or(self.default_font).and_then(|f| self.font_enc.get(&f).copied()).unwrap_or(self.doc_encoding)
    }

    fn byte(&mut self, c: u8) {
        let enc = self.encoding();
        if !self.bytes.is_empty() && enc != self.bytes_enc {
            self.flush_bytes();
        }
        self.bytes_enc = enc;
        self.bytes.push(c);
    }

    fn flush_bytes(&mut self) {
        if self.bytes.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.bytes);
        let (s, _, _) = self.bytes_enc.decode(&bytes);
        let s: String = s.chars().filter(|&c| c == '\t' || !c.is_control()).collect();
        self.text(&s);
    }

    fn unicode(&mut self, n: i32) {
        self.flush_bytes();
        let u = if n < 0 { (n + 65536) as u32 } else { n as u32 };
        let Ok(u16v) = u16::try_from(u) else { return };
        if (0xD800..0xDC00).contains(&u16v) {
            self.high = Some(u16v);
            return;
        }
        let c = if (0xDC00..0xE000).contains(&u16v) {
            match self.high.take() {
                Some(h) => char::from_u32(0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u16v) - 0xDC00)),
                None => None,
            }
        } else {
            char::from_u32(u)
        };
        self.high = None;
        if let Some(c) = c.filter(|c| !c.is_control() || *c == '\t') {
            self.text(c.encode_utf8(&mut [0; 4]));
        }
    }

    /// Decoded text for the current destination.
    fn text(&mut self, s: &str) {
        if !self.bytes.is_empty() {
            self.flush_bytes();
        }
        match self.g.dest {
            Dest::Body if !self.g.deleted => {
                if self.g.generated && self.para_generated == self.para.len() {
                    self.para_generated += s.len();
                }
                self.para.push_str(s);
            }
            Dest::StyleSheet => {
                if let Some((_, st, _)) = self.style_entry.as_mut() {
                    if st.name.len() < 256 {
                        st.name.push_str(s);
                    }
                }
            }
            _ => {}
        }
    }

    fn end_para(&mut self, cell: bool) {
        self.flush_bytes();
        let kind = if cell || self.in_table {
            BlockKind::Cell
        } else if let Some(n) = self.outline.filter(|n| (0..9).contains(n)) {
            heading(n + 1)
        } else {
            self.style_kind(self.style).unwrap_or(BlockKind::Paragraph)
        };
        let text = std::mem::take(&mut self.para);
        self.out.push(kind, &text, None, std::mem::take(&mut self.para_generated));
    }

    /// A style's block kind, through `\sbasedon` (bounded, so cycles end).
    fn style_kind(&self, mut n: i32) -> Option<BlockKind> {
        for _ in 0..32 {
            let st = self.styles.get(&n)?;
            if let Some(k) = st.outline.filter(|n| (0..9).contains(n)) {
                return Some(heading(k + 1));
            }
            if let Some(k) = named_kind(&st.name) {
                return Some(k);
            }
            n = st.based_on?;
        }
        None
    }
}

fn heading(level: i32) -> BlockKind {
    BlockKind::Heading(if (1..=4).contains(&level) { level as u8 } else { 0 })
}

/// "heading 1" / "Heading 1" / "标题 1" → level 1; "Title" / "标题" → the title.
fn named_kind(name: &str) -> Option<BlockKind> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("title") || name == "标题" {
        return Some(BlockKind::Title);
    }
    let lower = name.to_ascii_lowercase();
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?;
    let n: i32 = rest.trim().parse().ok()?;
    (n > 0).then(|| heading(n))
}

/// The encoding of a Windows code page.
fn codepage_encoding(cp: i32) -> Option<&'static Encoding> {
    use encoding_rs::*;
    Some(match cp {
        936 => GBK,
        54936 => GB18030,
        950 => BIG5,
        932 => SHIFT_JIS,
        949 => EUC_KR,
        874 => WINDOWS_874,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1252 => WINDOWS_1252,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        65001 => UTF_8,
        _ => return None,
    })
}

/// The encoding of a font's `\fcharsetN` (ANSI, default and symbol charsets follow the
/// document's code page: `None`).
fn charset_encoding(cs: i32) -> Option<&'static Encoding> {
    codepage_encoding(match cs {
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span.start..b.span.end])).collect()
    }

    #[test]
    fn unicode_code_page_and_headings_from_styles_and_outline_levels() {
        // 一、 = \u19968 + \'a1\'a2 (GBK for 、 would be \'a1\'a2): here 、 comes as GBK bytes.
        let rtf = br"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}{\f1\fnil\fcharset0 Arial;}}
{\stylesheet{\s0 Normal;}{\s1\sbasedon0 heading 1;}{\s2\sbasedon0 \'b1\'ea\'cc\'e2 2;}{\s3\sbasedon0 Mine;}{\s4\sbasedon3 Child;}{\s5 Title;}{\s3\outlinelevel2 Mine;}}
{\info{\title \'d6\'d0}{\creatim\yr2024\mo1\dy15\hr9\min0}}
{\*\generator Test;}
\pard\plain\s5 \'c4\'b3\'be\'d6\'b1\'a8\'b8\'e6\par
\pard\plain\s1\uc1\u19968?\'a1\'a2\u20027?\u35201?\par
\pard\plain\s2 \'cd\'ea\'c9\'c6\par
\pard\plain\s4 deep\par
\pard\plain\outlinelevel0 \u-30079?\par
\pard\plain text\tab x\line y\~z\par
\pard\intbl A1\cell B\'b1\'ea\cell\row
\pard after}";
        let doc = decode(rtf, "rtf").unwrap();
        assert_eq!(
            blocks(&doc),
            vec![
                (BlockKind::Title, "某局报告"),
                (BlockKind::Heading(1), "一、主要"),
                (BlockKind::Heading(2), "完善"),
                (BlockKind::Heading(3), "deep"),
                (BlockKind::Heading(1), "\u{8a81}"),
                (BlockKind::Paragraph, "text\tx y\u{a0}z"),
                (BlockKind::Cell, "A1"),
                (BlockKind::Cell, "B标"),
                (BlockKind::Paragraph, "after"),
            ]
        );
        assert_eq!(doc.meta.date.as_deref(), Some("2024-01-15"));
        assert_eq!(doc.encoding, "GBK");
        assert_eq!(doc.format, Format::Rtf);
    }

    #[test]
    fn destinations_fields_deletions_and_list_numbers() {
        let rtf = br"{\rtf1\ansi{\header H\par}{\footer F\par}\pard {\listtext 1.\tab}Item{\footnote\pard note\par}{\*\atnid me}{\annotation x}\par
\pard {\field{\*\fldinst HYPERLINK x}{\fldrslt shown}} kept {\deleted gone}back{\pict\bin4 {{{{ abc}\par
\pard \uc2\u20013 ab\u25991 \'3f\'3f end\par
{\shp{\*\shpinst{\sp{\sn fillColor}{\sv 255}}{\shptxt \pard box\par}}}{\shprslt{\*\do\dobxcolumn{\dptxbxtext \pard box\par}}}}";
        let doc = decode(rtf, "rtf").unwrap();
        assert_eq!(doc.text, "1.\tItem\nshown kept back\n中文 end\nbox");
        assert_eq!(doc.blocks[0].generated, 3);
    }

    /// Every prefix (by steps) and byte-flipped copies of a LibreOffice-written RTF
    /// decode to a value or an error, never a panic.
    #[test]
    fn truncated_and_damaged_files_never_panic() {
        let file: &[u8] = include_bytes!("../../tests/fixtures/forms/typed.rtf");
        let full = decode(file, "rtf").unwrap();
        assert!(full.text.contains("第一责任人"), "{}", full.text);
        for end in (0..file.len()).step_by(61) {
            let _ = decode(&file[..end], "rtf");
        }
        let mut seed = 0x2545_f491_u32;
        for _ in 0..64 {
            let mut damaged = file.to_vec();
            for _ in 0..16 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let at = seed as usize % damaged.len();
                damaged[at] = [b'{', b'}', b'\\', b'\'', b'-', b'9', 0xB1, 0x00][(seed >> 24) as usize % 8];
            }
            let _ = decode(&damaged, "rtf");
        }
    }

    #[test]
    fn surrogate_pairs_and_bad_input() {
        let doc = decode(br"{\rtf1 \u-10179?\u-8704?x\par}", "rtf").unwrap();
        assert_eq!(doc.text, "\u{1F600}x");
        assert!(matches!(decode(br"{\rtf1 {\fonttbl}}", "rtf"), Err(InputError::NoText)));
        let deep = format!("{{\\rtf1 {}x", "{".repeat(MAX_NESTING + 1));
        assert!(matches!(decode(deep.as_bytes(), "rtf"), Err(InputError::TooDeep(..))));
        // Truncated and odd input never panics.
        for cut in [
            b"{\\rtf1 \\'".as_slice(),
            b"{\\rtf1 \\u",
            b"{\\rtf1 \\bin99999 x",
            b"{\\rtf1 }}}}x\\",
            b"{\\rtf1 \\u-99999999999 y",
        ] {
            let _ = decode(cut, "rtf");
        }
    }
}
