//! PDF: the text layer, with its layout rebuilt into paragraphs and heading candidates.
//!
//! lopdf parses the file (cross-reference repair, object streams, decryption with the
//! empty user password that "copy-protected" government PDFs use, bounded inflation).
//! This module interprets each page's content stream itself, because the layout needs
//! what lopdf's own `extract_text` drops: where every glyph is drawn, how wide it is,
//! its size and whether its font is bold. Glyph codes are decoded per font through
//! lopdf's encodings (ToUnicode CMaps for the CID fonts Chinese PDFs use, the standard
//! single-byte encodings and `/Differences` otherwise); widths come from `/Widths` or the
//! CID font's `/W` array. [`super::layout`] turns the glyphs into blocks.
//!
//! Bounds: at most [`MAX_PAGES`] pages, each page's decompressed content (and every
//! stream lopdf inflates) at most [`MAX_PART_BYTES`], at most [`MAX_OPERATIONS`] content
//! operators and [`MAX_GLYPHS`] glyphs in all, form XObjects nested at most
//! [`MAX_FORM_DEPTH`] deep.

use super::layout::{self, Glyph, Page};
use super::{DocMeta, Document, Format, InputError, MAX_PART_BYTES};
use lopdf::content::Content;
use lopdf::{Dictionary, Encoding, Object, ObjectId};
use std::collections::{BTreeMap, HashMap};

/// Most pages read from one file (a yearly report has tens).
pub const MAX_PAGES: usize = 5_000;
/// Most content-stream operators interpreted in one file.
pub const MAX_OPERATIONS: usize = 20_000_000;
/// Most glyphs collected from one file.
pub const MAX_GLYPHS: usize = 10_000_000;
/// Deepest nesting of form XObjects followed.
pub const MAX_FORM_DEPTH: usize = 8;

pub fn decode(bytes: &[u8], _ext: &str) -> Result<Document, InputError> {
    // lopdf is written not to panic on bad input, and is fuzzed; the guard is the last
    // line should a crafted file still reach a panic in it.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decode_inner(bytes))) {
        Ok(r) => r,
        Err(_) => Err(InputError::NotPdf("解析器无法处理该文件的结构（文件可能已损坏）".into())),
    }
}

fn limit() -> usize {
    usize::try_from(MAX_PART_BYTES).unwrap_or(usize::MAX)
}

fn decode_inner(bytes: &[u8]) -> Result<Document, InputError> {
    let options = lopdf::LoadOptions { max_decompressed_size: Some(limit()), ..Default::default() };
    let doc = match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) => return Err(load_error(bytes, &e)),
    };
    // lopdf opens a file encrypted with an empty user password by itself (the usual
    // "copy-protected" PDF); one that needs a password keeps its objects encrypted, so
    // its page tree cannot be read.
    // (lopdf 0.47 fails to open some writers' owner-password-only files, MuPDF's among
    // them; those are reported as encrypted too.)
    if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        return Err(InputError::PdfEncrypted);
    }
    let pages = doc.get_pages();
    let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    if pages.is_empty() {
        return Err(InputError::NotPdf("文件中没有页面".into()));
    }
    if pages.len() > MAX_PAGES {
        return Err(InputError::NotPdf(format!("共 {} 页，超过 {MAX_PAGES} 页上限", pages.len())));
    }
    let mut reader = Reader { doc: &doc, fonts: HashMap::new(), operations: 0, glyphs: 0, undecoded: 0, images: 0 };
    let mut out = Vec::with_capacity(pages.len());
    for (&number, &id) in &pages {
        out.push(reader.page(number, id)?);
    }
    let glyphs: usize = out.iter().map(|p| p.glyphs.len()).sum();
    if glyphs == 0 {
        return Err(InputError::PdfScanned { pages: count });
    }
    if reader.undecoded * 2 > reader.glyphs {
        return Err(InputError::NotPdf(
            "文字使用的字体没有可用的字符映射（ToUnicode），无法还原为文字：请使用原始文档".into(),
        ));
    }
    let date = creation_date(&doc);
    let meta = DocMeta { date_source: date.as_ref().map(|_| "PDF Info"), date, published: None, pages: Some(count) };
    let document = layout::build(&out, Format::Pdf, meta);
    if document.text.trim().is_empty() {
        return Err(InputError::PdfScanned { pages: count });
    }
    Ok(document)
}

/// The message for a file lopdf refuses.
fn load_error(bytes: &[u8], e: &lopdf::Error) -> InputError {
    use lopdf::Error as E;
    match e {
        E::Decryption(_) | E::InvalidPassword => InputError::PdfEncrypted,
        E::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            InputError::PartTooLarge { part: "PDF 数据流".into(), limit: MAX_PART_BYTES }
        }
        _ if memchr::memmem::find(bytes, b"/Encrypt").is_some() && !matches!(e, E::Parse(_)) => {
            InputError::PdfEncrypted
        }
        other => InputError::NotPdf(format!("文件已损坏或不完整（{other}）")),
    }
}

/// `/CreationDate (D:20250320…)` of the Info dictionary, as `YYYY-MM-DD`.
fn creation_date(doc: &lopdf::Document) -> Option<String> {
    let info = doc.trailer.get_deref(b"Info", doc).ok()?.as_dict().ok()?;
    let raw = info.get_deref(b"CreationDate", doc).ok()?.as_str().ok()?;
    let s: String = if raw.starts_with(&[0xFE, 0xFF]) {
        encoding_rs::UTF_16BE.decode(&raw[2..]).0.into_owned()
    } else {
        String::from_utf8_lossy(raw).into_owned()
    };
    let s = s.trim().trim_start_matches("D:");
    let d: Vec<u32> =
        [0..4, 4..6, 6..8].into_iter().map(|r| s.get(r).and_then(|p| p.parse().ok())).collect::<Option<_>>()?;
    ((1900..=2200).contains(&d[0]) && (1..=12).contains(&d[1]) && (1..=31).contains(&d[2]))
        .then(|| format!("{:04}-{:02}-{:02}", d[0], d[1], d[2]))
}

/// What the layout needs from a font.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Codes are two bytes (Type0 / CID fonts).
    two_byte: bool,
    first_char: u32,
    widths: Vec<f32>,
    /// CID widths from `/W`.
    cid_widths: BTreeMap<u32, f32>,
    default_width: f32,
    bold: bool,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    font: Option<(ObjectId, f32)>,
    render: i64,
}

struct Reader<'a> {
    doc: &'a lopdf::Document,
    fonts: HashMap<ObjectId, Option<Font<'a>>>,
    operations: usize,
    glyphs: usize,
    undecoded: usize,
    images: usize,
}

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().map(|o| o.as_float().unwrap_or(0.0)).collect()
}

fn matrix(ops: &[Object]) -> Option<Matrix> {
    let n = nums(ops);
    (n.len() == 6 && n.iter().all(|v| v.is_finite())).then(|| [n[0], n[1], n[2], n[3], n[4], n[5]])
}

impl<'a> Reader<'a> {
    fn page(&mut self, number: u32, id: ObjectId) -> Result<Page, InputError> {
        let doc = self.doc;
        let page_dict = doc.get_dictionary(id).ok();
        let media = page_dict.and_then(|d| media_box(doc, d, 0)).unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let (top, height) = (media[1].max(media[3]), (media[3] - media[1]).abs());
        let content = match doc.get_page_content_with_limit(id, limit()) {
            Ok(c) => c,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
                return Err(InputError::PartTooLarge {
                    part: format!("第 {number} 页的内容"), limit: MAX_PART_BYTES
                });
            }
            // A page whose content cannot be read has no text; the rest still counts.
            Err(_) => Vec::new(),
        };
        let resources = self.page_resources(id);
        let mut glyphs = Vec::new();
        let state = State {
            ctm: IDENTITY,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font: None,
            render: 0,
        };
        self.run(&content, &resources, state, 0, &mut glyphs)?;
        // Top-down coordinates for the layout.
        for g in &mut glyphs {
            g.y = top - g.y;
        }
        Ok(Page { number, height, glyphs })
    }

    /// The page's resource dictionaries, nearest first.
    fn page_resources(&self, id: ObjectId) -> Vec<&'a Dictionary> {
        let doc = self.doc;
        let mut out = Vec::new();
        if let Ok((dict, ids)) = doc.get_page_resources(id) {
            out.extend(dict);
            out.extend(ids.into_iter().filter_map(|i| doc.get_dictionary(i).ok()));
        }
        out
    }

    /// A named resource (`/Font /F1`, `/XObject /Im0`) from the nearest dictionary that has it.
    fn resource(
        &self,
        resources: &[&'a Dictionary],
        kind: &[u8],
        name: &[u8],
    ) -> Option<(Option<ObjectId>, &'a Object)> {
        let doc = self.doc;
        resources.iter().find_map(|r| {
            let group = r.get_deref(kind, doc).ok()?.as_dict().ok()?;
            let obj = group.get(name).ok()?;
            doc.dereference(obj).ok()
        })
    }

    fn font(&mut self, id: ObjectId) -> Option<&Font<'a>> {
        if !self.fonts.contains_key(&id) {
            let font = self.doc.get_dictionary(id).ok().map(|d| load_font(self.doc, d));
            self.fonts.insert(id, font);
        }
        self.fonts.get(&id).and_then(Option::as_ref)
    }

    fn run(
        &mut self,
        content: &[u8],
        resources: &[&'a Dictionary],
        mut gs: State,
        depth: usize,
        out: &mut Vec<Glyph>,
    ) -> Result<(), InputError> {
        let doc = self.doc;
        let mut stack: Vec<State> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for op in Content::decode_iter(content) {
            // A broken operator ends the page's stream; what was read so far stays.
            let Ok(op) = op else { break };
            self.operations += 1;
            if self.operations > MAX_OPERATIONS {
                return Err(InputError::NotPdf(format!("页面内容超过 {MAX_OPERATIONS} 条绘制指令上限")));
            }
            let ops = &op.operands;
            match op.operator.as_str() {
                "q" if stack.len() < 1_000 => {
                    stack.push(gs.clone());
                }
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(ops) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    let size = ops.get(1).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                    let name = ops.first().and_then(|o| o.as_name().ok());
                    gs.font = name
                        .and_then(|n| self.resource(resources, b"Font", n))
                        .and_then(|(id, _)| id)
                        .map(|id| (id, size));
                }
                "Tc" => gs.char_spacing = nums(ops).first().copied().unwrap_or(0.0),
                "Tw" => gs.word_spacing = nums(ops).first().copied().unwrap_or(0.0),
                "Tz" => gs.scale = nums(ops).first().copied().unwrap_or(100.0) / 100.0,
                "TL" => gs.leading = nums(ops).first().copied().unwrap_or(0.0),
                "Ts" => gs.rise = nums(ops).first().copied().unwrap_or(0.0),
                "Tr" => gs.render = ops.first().and_then(|o| o.as_i64().ok()).unwrap_or(0),
                "Td" | "TD" => {
                    let n = nums(ops);
                    if n.len() == 2 {
                        if op.operator == "TD" {
                            gs.leading = -n[1];
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, n[0], n[1]], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = matrix(ops) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "TJ" | "'" | "\"" => {
                    if op.operator == "'" || op.operator == "\"" {
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                        if op.operator == "\"" {
                            let n = nums(ops);
                            if n.len() >= 2 {
                                gs.word_spacing = n[0];
                                gs.char_spacing = n[1];
                            }
                        }
                    }
                    let items: &[Object] = match (op.operator.as_str(), ops.first()) {
                        ("TJ", Some(Object::Array(a))) => a,
                        ("\"", _) => ops.get(2..).unwrap_or(&[]),
                        _ => ops.get(..1).unwrap_or(&[]),
                    };
                    self.show(items, &gs, &mut tm, out)?;
                }
                "Do" => {
                    let Some(name) = ops.first().and_then(|o| o.as_name().ok()) else { continue };
                    let Some((_, obj)) = self.resource(resources, b"XObject", name) else { continue };
                    let Ok(stream) = obj.as_stream() else { continue };
                    match stream.dict.get(b"Subtype").and_then(Object::as_name) {
                        Ok(b"Image") => self.images += 1,
                        Ok(b"Form") if depth < MAX_FORM_DEPTH => {
                            let Ok(data) = stream.decompressed_content_with_limit(limit()).or_else(|e| match e {
                                lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => Err(e),
                                _ => Ok(stream.content.clone()),
                            }) else {
                                return Err(InputError::PartTooLarge {
                                    part: "PDF 表单对象".into(),
                                    limit: MAX_PART_BYTES,
                                });
                            };
                            let mut inner = resources.to_vec();
                            if let Ok(r) = stream.dict.get_deref(b"Resources", doc).and_then(Object::as_dict) {
                                inner.insert(0, r);
                            }
                            let mut form_gs = gs.clone();
                            if let Ok(Object::Array(m)) = stream.dict.get(b"Matrix") {
                                if let Some(m) = matrix(m) {
                                    form_gs.ctm = mul(&m, &gs.ctm);
                                }
                            }
                            self.run(&data, &inner, form_gs, depth + 1, out)?;
                        }
                        _ => {}
                    }
                }
                "BI" | "ID" => self.images += 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// Show a string (or a TJ array of strings and kerning numbers), advancing `tm`.
    fn show(&mut self, items: &[Object], gs: &State, tm: &mut Matrix, out: &mut Vec<Glyph>) -> Result<(), InputError> {
        let Some((font_id, size)) = gs.font else { return Ok(()) };
        // Take the font out of the cache for the borrow's sake; put it back after.
        self.font(font_id);
        let Some(font) = self.fonts.remove(&font_id).flatten() else {
            self.fonts.insert(font_id, None);
            return Ok(());
        };
        let result = self.show_with(&font, size, items, gs, tm, out);
        self.fonts.insert(font_id, Some(font));
        result
    }

    fn show_with(
        &mut self,
        font: &Font<'a>,
        size: f32,
        items: &[Object],
        gs: &State,
        tm: &mut Matrix,
        out: &mut Vec<Glyph>,
    ) -> Result<(), InputError> {
        let bold = font.bold || gs.render == 2;
        let mut text = String::new();
        for item in items {
            let bytes = match item {
                Object::String(b, _) => b.as_slice(),
                other => {
                    // A kerning number: thousandths of text space, moving left.
                    if let Ok(k) = other.as_float() {
                        if k.is_finite() {
                            *tm = mul(&[1.0, 0.0, 0.0, 1.0, -k / 1000.0 * size * gs.scale, 0.0], tm);
                        }
                    }
                    continue;
                }
            };
            let step = if font.two_byte { 2 } else { 1 };
            for code_bytes in bytes.chunks(step) {
                let code = code_bytes.iter().fold(0u32, |a, &b| a << 8 | u32::from(b));
                let w = font.width(code) / 1000.0;
                let trm = mul(&[size * gs.scale, 0.0, 0.0, size, 0.0, gs.rise], &mul(tm, &gs.ctm));
                let x_scale = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
                let y_scale = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                // Rotated text (stamps, watermarks, vertical margins) is not running text.
                let upright =
                    trm[0] > 0.0 && trm[1].abs() < trm[0] * 0.05 && trm[2].abs() < trm[3].abs() * 0.05 && trm[3] > 0.0;
                text.clear();
                if let Some(enc) = &font.encoding {
                    let _ = enc.write_to_string(code_bytes, &mut text);
                }
                let decoded = !text.is_empty() && !text.contains('\u{FFFD}');
                if upright {
                    self.glyphs += 1;
                    if self.glyphs > MAX_GLYPHS {
                        return Err(InputError::NotPdf(format!("文字超过 {MAX_GLYPHS} 个字符上限")));
                    }
                    if !decoded {
                        self.undecoded += 1;
                    } else {
                        let n = text.chars().count().max(1) as f32;
                        let mut x = trm[4];
                        for c in text.chars() {
                            let width = w * x_scale / n;
                            out.push(Glyph { c, x, y: trm[5], size: y_scale, width, bold });
                            x += width;
                        }
                    }
                }
                let space = if code_bytes == [32] { gs.word_spacing } else { 0.0 };
                let tx = (w * size + gs.char_spacing + space) * gs.scale;
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
            }
        }
        Ok(())
    }
}

impl Font<'_> {
    /// Glyph width in thousandths of an em.
    fn width(&self, code: u32) -> f32 {
        if self.two_byte {
            return self.cid_widths.get(&code).copied().unwrap_or(self.default_width);
        }
        code.checked_sub(self.first_char)
            .and_then(|i| self.widths.get(i as usize))
            .copied()
            .filter(|w| *w > 0.0)
            .unwrap_or(self.default_width)
    }
}

fn media_box(doc: &lopdf::Document, page: &Dictionary, depth: usize) -> Option<[f32; 4]> {
    if let Ok(b) = page.get_deref(b"MediaBox", doc).and_then(Object::as_array) {
        let n: Vec<f32> =
            b.iter().filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_float().ok())).collect();
        if n.len() == 4 && n.iter().all(|v| v.is_finite()) {
            return Some([n[0], n[1], n[2], n[3]]);
        }
    }
    if depth > 32 {
        return None;
    }
    let parent = page.get_deref(b"Parent", doc).ok()?.as_dict().ok()?;
    media_box(doc, parent, depth + 1)
}

fn float_array(doc: &lopdf::Document, obj: Option<&Object>) -> Vec<f32> {
    let Some(obj) = obj.and_then(|o| doc.dereference(o).ok()).map(|(_, o)| o) else { return Vec::new() };
    obj.as_array()
        .map(|a| {
            a.iter().map(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_float().ok()).unwrap_or(0.0)).collect()
        })
        .unwrap_or_default()
}

/// A font's name says it is bold (or 黑体, the heading face of 公文).
fn bold_name(name: &[u8]) -> bool {
    let name = name.splitn(2, |&b| b == b'+').last().unwrap_or(name);
    let lower = String::from_utf8_lossy(name).to_ascii_lowercase();
    let gbk = encoding_rs::GBK.decode(name).0;
    ["bold", "black", "heavy", "demi", "semibold", "hei", "xbs", "-bd", ",bd"].iter().any(|w| lower.contains(w))
        || gbk.contains("黑体")
        || gbk.contains("粗")
}

fn load_font<'a>(doc: &'a lopdf::Document, dict: &'a Dictionary) -> Font<'a> {
    let limit = limit();
    let encoding = dict.get_font_encoding_with_limit(doc, limit).ok();
    let two_byte = dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"Type0");
    let base = dict.get_deref(b"BaseFont", doc).and_then(Object::as_name).unwrap_or(b"");
    let mut bold = bold_name(base);
    let mut descriptor = dict.get_deref(b"FontDescriptor", doc).and_then(Object::as_dict).ok();
    let mut font = Font {
        encoding,
        two_byte,
        first_char: 0,
        widths: Vec::new(),
        cid_widths: BTreeMap::new(),
        default_width: 500.0,
        bold: false,
    };
    if two_byte {
        font.default_width = 1000.0;
        let descendant = dict
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
            .ok()
            .and_then(|a| a.first())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_dict().ok());
        if let Some(d) = descendant {
            if let Ok(dw) = d.get_deref(b"DW", doc).and_then(Object::as_float) {
                font.default_width = dw;
            }
            descriptor = descriptor.or_else(|| d.get_deref(b"FontDescriptor", doc).and_then(Object::as_dict).ok());
            if let Ok(w) = d.get_deref(b"W", doc).and_then(Object::as_array) {
                cid_widths(doc, w, &mut font.cid_widths);
            }
        }
    } else {
        font.first_char = dict
            .get_deref(b"FirstChar", doc)
            .and_then(Object::as_i64)
            .ok()
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0);
        font.widths = float_array(doc, dict.get(b"Widths").ok());
        let known: Vec<f32> = font.widths.iter().copied().filter(|w| *w > 0.0).collect();
        if let Some(m) = descriptor
            .and_then(|d| d.get_deref(b"MissingWidth", doc).and_then(Object::as_float).ok())
            .filter(|w| *w > 0.0)
        {
            font.default_width = m;
        } else if !known.is_empty() {
            font.default_width = known.iter().sum::<f32>() / known.len() as f32;
        }
    }
    if let Some(d) = descriptor {
        let weight = d.get_deref(b"FontWeight", doc).and_then(Object::as_float).unwrap_or(0.0);
        let flags = d.get_deref(b"Flags", doc).and_then(Object::as_i64).unwrap_or(0);
        let name = d.get_deref(b"FontName", doc).and_then(Object::as_name).unwrap_or(b"");
        bold |= weight >= 600.0 || flags & (1 << 18) != 0 || bold_name(name);
    }
    font.bold = bold;
    font
}

/// `/W [c [w1 w2 …] cfirst clast w …]`, bounded to 65 536 entries.
fn cid_widths(doc: &lopdf::Document, w: &[Object], out: &mut BTreeMap<u32, f32>) {
    fn get<'d>(doc: &'d lopdf::Document, o: &'d Object) -> Option<&'d Object> {
        doc.dereference(o).ok().map(|(_, o)| o)
    }
    let get = |o| get(doc, o);
    let mut i = 0;
    while i < w.len() && out.len() < 65_536 {
        let Some(first) = get(&w[i]).and_then(|o| o.as_i64().ok()).and_then(|v| u32::try_from(v).ok()) else { break };
        match w.get(i + 1).and_then(get) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate().take(65_536) {
                    if let Some(v) = get(o).and_then(|o| o.as_float().ok()) {
                        out.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let Some(last) = last.as_i64().ok().and_then(|v| u32::try_from(v).ok()) else { break };
                let v = w.get(i + 2).and_then(get).and_then(|o| o.as_float().ok()).unwrap_or(1000.0);
                for c in first..=last.min(first.saturating_add(65_535)) {
                    out.insert(c, v);
                }
                i += 3;
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_names() {
        assert!(bold_name(b"ABCDEF+NotoSerifCJKsc-Bold"));
        assert!(bold_name(b"SimHei"));
        assert!(bold_name(&encoding_rs::GBK.encode("黑体").0));
        assert!(!bold_name(b"ABCDEF+FangSong_GB2312"));
        assert!(!bold_name(b"NotoSerifCJKjp-Regular"));
    }

    #[test]
    fn widths_array() {
        let doc = lopdf::Document::new();
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(1000),
        ];
        let mut out = BTreeMap::new();
        cid_widths(&doc, &w, &mut out);
        assert_eq!(out.get(&2), Some(&600.0));
        assert_eq!(out.get(&11), Some(&1000.0));
        assert_eq!(out.len(), 5);
    }

    #[test]
    fn garbage_is_a_clear_error() {
        for bytes in [
            &b"%PDF-1.7\n"[..],
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"%PDF-\x00\xff\xfe",
        ] {
            let e = decode(bytes, "pdf").unwrap_err();
            assert!(matches!(e, InputError::NotPdf(_)), "{e:?}");
        }
    }

    /// Cut and damaged copies of a real file: an error or a document, never a panic
    /// (called without the catch_unwind guard, so a panic fails the test).
    #[test]
    fn damaged_files_do_not_panic() {
        let good: &[u8] = include_bytes!("../../tests/fixtures/pdf/report-cid.pdf");
        let mut seed = 0x2545_f491_u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize
        };
        for _ in 0..40 {
            let cut = next() % good.len();
            let _ = decode_inner(&good[..cut]);
            let mut bad = good.to_vec();
            for _ in 0..8 {
                let i = next() % bad.len();
                bad[i] = next() as u8;
            }
            let _ = decode_inner(&bad);
        }
    }
}
