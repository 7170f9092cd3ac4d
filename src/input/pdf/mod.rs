//! PDF: the text layer, with its layout rebuilt into paragraphs and heading candidates.
//!
//! lopdf parses the file (cross-reference repair, object streams, incremental updates,
//! decryption with the empty user password that "copy-protected" government PDFs use).
//! This module walks the page tree itself (each page once, whatever the `Kids` say) and
//! interprets each page's content stream, because the layout needs what lopdf's own
//! `extract_text` drops: where every glyph is drawn, how wide it is, its size and whether
//! its font is bold. [`font`] turns codes into text for every font type (Type 0/CID with
//! Identity or predefined CMaps, TrueType, Type 1, CFF, Type 3), as poppler does;
//! invisible text (render mode 3: the OCR layer over a scan) is read like any other, and
//! a page whose only text is invisible over an image is another program's OCR: its text
//! goes through the repairs of our own OCR's reading ([`super::ocr::repair_layer`]).
//! [`super::layout`] turns the glyphs into blocks.
//!
//! Bounds, per document: at most [`MAX_PAGES`] pages; every stream inflated (content,
//! forms, fonts' maps and programs) counted against [`MAX_INFLATED`] in all and
//! [`MAX_PART_BYTES`] each, a stream shared by many pages inflated once; at most
//! [`MAX_OPERATIONS`] content operators and [`MAX_GLYPHS`] glyphs in all (pages that
//! share their content and resources are interpreted once); form XObjects nested at most
//! [`MAX_FORM_DEPTH`] deep.

mod cmap;
mod data;
mod font;

use super::layout::{self, Glyph, Page};
use super::{DocMeta, Document, Format, InputError, MAX_PART_BYTES};
use font::{Decoded, Font};
use lopdf::content::Content;
use lopdf::{Dictionary, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Most pages read from one file (a yearly report has tens).
pub const MAX_PAGES: usize = 5_000;
/// Most bytes inflated from all the streams of one file together.
pub const MAX_INFLATED: u64 = 4 * MAX_PART_BYTES;
/// Most content-stream operators interpreted in one file.
pub const MAX_OPERATIONS: usize = 20_000_000;
/// Most glyphs collected from one file.
pub const MAX_GLYPHS: usize = 10_000_000;
/// Deepest nesting of form XObjects followed.
pub const MAX_FORM_DEPTH: usize = 8;

/// Read a PDF's text layer into a document. `vocabulary`: the rule set's words, restored
/// where an OCR layer garbled them (see [`super::ocr::repair_layer`]; may be empty).
pub fn decode(bytes: &[u8], _ext: &str, vocabulary: &[String]) -> Result<Document, InputError> {
    let (mut pages, layer, meta) = guarded(|| read_pages(bytes))?;
    let count = meta.pages.unwrap_or(0);
    // Pages whose only text is an OCR layer are read as OCR text, with its repairs.
    let ocr: Vec<usize> = (0..pages.len()).filter(|&i| layer[i]).collect();
    if !ocr.is_empty() {
        let taken: Vec<Page> = ocr.iter().map(|&i| std::mem::take(&mut pages[i])).collect();
        for (i, page) in ocr.into_iter().zip(super::ocr::repair_layer(&taken, vocabulary)) {
            pages[i] = page;
        }
    }
    let document = layout::build(&pages, Format::Pdf, meta);
    if document.text.trim().is_empty() {
        return Err(InputError::PdfScanned { pages: count });
    }
    Ok(document)
}

/// The text of every page as `pdftotext` gives it (all lines, running headers and page
/// numbers included, in reading order; pages separated by form feeds): what the
/// differential tests compare with poppler.
pub fn page_texts(bytes: &[u8]) -> Result<String, InputError> {
    let (pages, _, _) = guarded(|| read_pages(bytes))?;
    Ok(pages.iter().map(layout::page_text).collect::<Vec<_>>().join("\x0c"))
}

fn guarded<T>(f: impl FnOnce() -> Result<T, InputError>) -> Result<T, InputError> {
    // lopdf is written not to panic on bad input, and is fuzzed; the guard is the last
    // line should a crafted file still reach a panic in it.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(_) => Err(InputError::NotPdf("解析器无法处理该文件的结构（文件可能已损坏）".into())),
    }
}

/// The pages with their glyphs, whether each is an OCR layer ([`Ink::ocr_layer`]), and
/// the document's metadata.
fn read_pages(bytes: &[u8]) -> Result<(Vec<Page>, Vec<bool>, DocMeta), InputError> {
    let limit = usize::try_from(MAX_PART_BYTES).unwrap_or(usize::MAX);
    let options = lopdf::LoadOptions { max_decompressed_size: Some(limit), ..Default::default() };
    let doc = match lopdf::Document::load_mem_with_options(bytes, options) {
        Ok(doc) => doc,
        Err(e) => return Err(load_error(bytes, &e)),
    };
    // lopdf opens a file encrypted with an empty user password by itself (the usual
    // "copy-protected" PDF); one that needs a password keeps its objects encrypted, so
    // its page tree cannot be read.
    if doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none() {
        return Err(InputError::PdfEncrypted);
    }
    let pages = page_tree(&doc)?;
    if pages.is_empty() {
        return Err(InputError::NotPdf("文件中没有页面".into()));
    }
    let count = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    let mut reader = Reader::new(&doc);
    // Content used by more than one page: its glyphs are kept for the others.
    let mut uses: HashMap<Vec<ObjectId>, usize> = HashMap::new();
    for &id in &pages {
        *uses.entry(doc.get_page_contents(id)).or_default() += 1;
    }
    reader.reused = uses.into_iter().filter(|(c, n)| *n > 1 && !c.is_empty()).map(|(c, _)| c).collect();
    let mut out = Vec::with_capacity(pages.len());
    let mut layer = Vec::with_capacity(pages.len());
    for (i, &id) in pages.iter().enumerate() {
        let (page, ink) = reader.page(u32::try_from(i + 1).unwrap_or(u32::MAX), id)?;
        out.push(page);
        layer.push(ink.ocr_layer());
    }
    if reader.glyphs == 0 {
        return Err(InputError::PdfScanned { pages: count });
    }
    // Most glyphs undecodable: the text cannot be had; name the font that failed most.
    if reader.undecoded * 2 > reader.glyphs {
        let worst = reader.unmapped.values().max_by_key(|u| u.count);
        let (name, page) = worst.map_or(("", 1), |u| (u.name.as_str(), u.first_page));
        let name = if name.is_empty() { "（无名）" } else { name };
        return Err(InputError::PdfUnmapped(format!(
            "第 {page} 页起的字体 {name} 没有可用的字符映射（无 ToUnicode、编码或字形名可还原文字）：请使用原始文档或带文字层的 PDF"
        )));
    }
    let date = creation_date(&doc);
    let meta = DocMeta { date_source: date.as_ref().map(|_| "PDF Info"), date, published: None, pages: Some(count) };
    Ok((out, layer, meta))
}

/// The pages in order, each once: the page tree walked depth first, a node seen before
/// (a `Kids` entry pointing back up the tree, or one page listed twice) skipped.
fn page_tree(doc: &lopdf::Document) -> Result<Vec<ObjectId>, InputError> {
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|o| o.as_reference().ok())
        .ok_or_else(|| InputError::NotPdf("找不到页面树（Pages）".into()))?;
    let mut pages = Vec::new();
    let mut seen = HashSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Ok(dict) = doc.get_dictionary(id) else { continue };
        let kids = dict.get(b"Kids").ok().and_then(|o| doc.dereference(o).ok()).and_then(|(_, o)| o.as_array().ok());
        match kids {
            Some(kids) if !dict.get(b"Type").and_then(Object::as_name).is_ok_and(|t| t == b"Page") => {
                for k in kids.iter().rev() {
                    if let Ok(kid) = k.as_reference() {
                        stack.push(kid);
                    }
                }
            }
            _ => {
                pages.push(id);
                if pages.len() > MAX_PAGES {
                    return Err(InputError::PdfLimit(format!("页数超过 {MAX_PAGES} 页上限（年度报告通常只有几十页）")));
                }
            }
        }
        if seen.len() > 4 * MAX_PAGES + 1024 {
            break;
        }
    }
    Ok(pages)
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

/// A font resource: by object id, or (a font dictionary written inline) by address.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Id(ObjectId),
    Inline(usize),
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    font: Option<(FontKey, f32)>,
    render: i64,
}

/// What a page draws: glyphs shown and hidden, images.
#[derive(Clone, Copy, Default)]
struct Ink {
    visible: usize,
    /// Glyphs in render mode 3 or 7 (neither filled nor stroked).
    invisible: usize,
    images: usize,
}

impl Ink {
    /// An OCR layer: text, all of it invisible, over an image (the scan).
    fn ocr_layer(self) -> bool {
        self.invisible > 0 && self.visible == 0 && self.images > 0
    }
}

/// Glyphs of the codes no map decodes, per font.
struct Unmapped {
    name: String,
    count: usize,
    first_page: u32,
}

/// A page's content streams and the key of its resources ([`Reader::resource_key`]).
type SharedKey = (Vec<ObjectId>, u64);

struct Reader<'a> {
    doc: &'a lopdf::Document,
    fonts: HashMap<FontKey, Option<Rc<Font>>>,
    /// Inflated content and form streams by object id.
    streams: HashMap<ObjectId, Rc<Vec<u8>>>,
    /// Glyphs of a page by its content streams and resources, for pages that share both.
    shared: HashMap<SharedKey, (Rc<Vec<Glyph>>, Ink)>,
    /// Content stream lists that more than one page uses.
    reused: HashSet<Vec<ObjectId>>,
    inflated: u64,
    operations: usize,
    glyphs: usize,
    undecoded: usize,
    unmapped: HashMap<FontKey, Unmapped>,
    page: u32,
    /// What the page being read draws.
    ink: Ink,
}

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().map(|o| o.as_float().unwrap_or(0.0)).collect()
}

fn matrix(ops: &[Object]) -> Option<Matrix> {
    let n = nums(ops);
    (n.len() == 6 && n.iter().all(|v| v.is_finite())).then(|| [n[0], n[1], n[2], n[3], n[4], n[5]])
}

/// Inflate one stream within the document's budget (`inflated` so far).
fn inflate(stream: &lopdf::Stream, what: &str, inflated: &mut u64) -> Result<Vec<u8>, InputError> {
    let room = MAX_INFLATED.saturating_sub(*inflated).min(MAX_PART_BYTES);
    let limit = usize::try_from(room).unwrap_or(usize::MAX);
    let data = match stream.decompressed_content_with_limit(limit) {
        Ok(d) => d,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err(InputError::PartTooLarge { part: what.to_string(), limit: room });
        }
        // A filter lopdf does not know, or broken data: the raw bytes (as readers do; a
        // content stream then yields what it can).
        Err(_) => stream.content.clone(),
    };
    *inflated += data.len() as u64;
    Ok(data)
}

impl<'a> Reader<'a> {
    fn new(doc: &'a lopdf::Document) -> Self {
        Reader {
            doc,
            fonts: HashMap::new(),
            streams: HashMap::new(),
            shared: HashMap::new(),
            reused: HashSet::new(),
            inflated: 0,
            operations: 0,
            glyphs: 0,
            undecoded: 0,
            unmapped: HashMap::new(),
            page: 0,
            ink: Ink::default(),
        }
    }

    fn stream(&mut self, id: ObjectId, what: impl Fn() -> String) -> Result<Option<Rc<Vec<u8>>>, InputError> {
        if let Some(s) = self.streams.get(&id) {
            return Ok(Some(s.clone()));
        }
        let Ok(Object::Stream(s)) = self.doc.get_object(id) else { return Ok(None) };
        let data = Rc::new(inflate(s, &what(), &mut self.inflated)?);
        self.streams.insert(id, data.clone());
        Ok(Some(data))
    }

    fn page(&mut self, number: u32, id: ObjectId) -> Result<(Page, Ink), InputError> {
        self.page = number;
        self.ink = Ink::default();
        let doc = self.doc;
        let page_dict = doc.get_dictionary(id).ok();
        let media = page_dict.and_then(|d| page_box(doc, d, b"MediaBox")).unwrap_or([0.0, 0.0, 595.0, 842.0]);
        // The visible area: the CropBox within the MediaBox (text outside it is not on
        // the page; poppler drops it too).
        let crop = page_dict.and_then(|d| page_box(doc, d, b"CropBox")).unwrap_or(media);
        let (top, height) = (media[1].max(media[3]), (media[3] - media[1]).abs());
        let resources = page_dict.map(|d| self.page_resources(d)).unwrap_or_default();
        let contents = doc.get_page_contents(id);
        let key = (contents.clone(), self.resource_key(&resources));
        let mut glyphs: Vec<Glyph> = if let Some((g, ink)) = self.shared.get(&key) {
            self.ink = *ink;
            self.glyphs += g.len();
            if self.glyphs > MAX_GLYPHS {
                return Err(InputError::PdfLimit(format!("文字超过 {MAX_GLYPHS} 个字符上限")));
            }
            g.as_ref().clone()
        } else {
            let mut content = Vec::new();
            for (i, cid) in contents.iter().enumerate() {
                let what = || {
                    if contents.len() > 1 {
                        format!("第 {number} 页的内容（第 {} 段）", i + 1)
                    } else {
                        format!("第 {number} 页的内容")
                    }
                };
                // Kept for later pages only when other pages use it too.
                if self.reused.contains(&contents) {
                    if let Some(s) = self.stream(*cid, what)? {
                        content.extend_from_slice(&s);
                    }
                } else if let Ok(Object::Stream(s)) = doc.get_object(*cid) {
                    content.extend_from_slice(&inflate(s, &what(), &mut self.inflated)?);
                }
                content.push(b'\n');
            }
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
            let mut glyphs = Vec::new();
            self.run(&content, &resources, state, 0, &mut glyphs)?;
            if self.reused.contains(&key.0) {
                self.shared.insert(key, (Rc::new(glyphs.clone()), self.ink));
            }
            glyphs
        };
        let (x0, x1) =
            (crop[0].min(crop[2]).max(media[0].min(media[2])), crop[0].max(crop[2]).min(media[0].max(media[2])));
        let (y0, y1) =
            (crop[1].min(crop[3]).max(media[1].min(media[3])), crop[1].max(crop[3]).min(media[1].max(media[3])));
        if x0 < x1 && y0 < y1 {
            // A glyph counts when its middle lies on the page.
            glyphs.retain(|g| {
                let (cx, cy) = (g.x + g.width / 2.0, g.y + g.size / 3.0);
                (x0..=x1).contains(&cx) && (y0..=y1).contains(&cy)
            });
        }
        // Top-down coordinates for the layout.
        for g in &mut glyphs {
            g.y = top - g.y;
        }
        Ok((Page { number, height, glyphs }, self.ink))
    }

    /// The page's resource dictionaries, nearest first (its own, then inherited).
    fn page_resources(&self, page: &'a Dictionary) -> Vec<&'a Dictionary> {
        let doc = self.doc;
        let mut out = Vec::new();
        let mut node = Some(page);
        let mut depth = 0;
        while let Some(d) = node {
            if let Ok(r) = d.get(b"Resources").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_dict()) {
                out.push(r);
            }
            depth += 1;
            if depth > 32 {
                break;
            }
            node = d.get(b"Parent").and_then(|o| doc.dereference(o)).and_then(|(_, o)| o.as_dict()).ok();
        }
        out
    }

    /// What a content stream can reach through the page's resources: every named font,
    /// form and property list with the object it names (or, written inline, where it
    /// is). Pages with the same content and the same key draw the same glyphs.
    fn resource_key(&self, resources: &[&'a Dictionary]) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for r in resources {
            for kind in [&b"Font"[..], b"XObject", b"Properties", b"ExtGState"] {
                let Ok(group) = r.get(kind) else { continue };
                let group = self.doc.dereference(group).ok();
                match group {
                    Some((id, Object::Dictionary(d))) => {
                        id.hash(&mut h);
                        for (name, obj) in d.iter() {
                            name.hash(&mut h);
                            match obj {
                                Object::Reference(id) => id.hash(&mut h),
                                other => (other as *const Object as usize).hash(&mut h),
                            }
                        }
                    }
                    _ => 0u8.hash(&mut h),
                }
            }
            0xFFu8.hash(&mut h);
        }
        h.finish()
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

    fn font(&mut self, key: FontKey, dict: &'a Dictionary) -> Result<Option<Rc<Font>>, InputError> {
        if let Some(f) = self.fonts.get(&key) {
            return Ok(f.clone());
        }
        let inflated = &mut self.inflated;
        let mut inflate_fn = |s: &lopdf::Stream, what: &str| inflate(s, what, inflated);
        let font = font::load(self.doc, dict, &mut inflate_fn)?;
        let font = Some(Rc::new(font));
        self.fonts.insert(key, font.clone());
        Ok(font)
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
        // Marked content: the open sequences, each with its /ActualText (the text that
        // replaces the glyphs shown inside, as Chromium writes for characters whose font
        // maps to a compatibility form), where the glyphs inside start, and the undecoded
        // count at its start.
        let mut marked: Vec<Option<(String, usize, usize)>> = Vec::new();
        for op in Content::decode_iter(content) {
            // A broken operator ends the page's stream; what was read so far stays.
            let Ok(op) = op else { break };
            self.operations += 1;
            if self.operations > MAX_OPERATIONS {
                return Err(InputError::PdfLimit(format!("页面内容超过 {MAX_OPERATIONS} 条绘制指令上限")));
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
                    gs.font = None;
                    if let Some((id, obj)) = name.and_then(|n| self.resource(resources, b"Font", n)) {
                        if let Ok(dict) = obj.as_dict() {
                            let key = match id {
                                Some(id) => FontKey::Id(id),
                                None => FontKey::Inline(obj as *const Object as usize),
                            };
                            self.font(key, dict)?;
                            gs.font = Some((key, size));
                        }
                    }
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
                "BI" | "EI" => self.ink.images += 1,
                "BMC" if marked.len() < 1_000 => marked.push(None),
                "BDC" if marked.len() < 1_000 => {
                    let props = match ops.get(1) {
                        Some(Object::Dictionary(d)) => Some(d),
                        Some(Object::Name(n)) => {
                            self.resource(resources, b"Properties", n).and_then(|(_, o)| o.as_dict().ok())
                        }
                        _ => None,
                    };
                    let actual = props
                        .and_then(|d| d.get(b"ActualText").ok())
                        .and_then(|o| doc.dereference(o).ok())
                        .and_then(|(_, o)| lopdf::decode_text_string(o).ok());
                    // Only the outermost replacement counts.
                    let inside = marked.iter().any(Option::is_some);
                    marked.push(actual.filter(|_| !inside).map(|t| (t, out.len(), self.undecoded)));
                }
                "EMC" => {
                    if let Some(Some((text, start, undecoded))) = marked.pop() {
                        actual_text(out, start, &text);
                        self.undecoded = undecoded;
                    }
                }
                "Do" => {
                    let Some(name) = ops.first().and_then(|o| o.as_name().ok()) else { continue };
                    let Some((id, obj)) = self.resource(resources, b"XObject", name) else { continue };
                    let Ok(stream) = obj.as_stream() else { continue };
                    if stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|t| t == b"Image") {
                        self.ink.images += 1;
                        continue;
                    }
                    if depth >= MAX_FORM_DEPTH
                        || !stream.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|t| t == b"Form")
                    {
                        continue;
                    }
                    let page = self.page;
                    let what = move || format!("第 {page} 页的表单对象");
                    let data = match id {
                        Some(id) => self.stream(id, what)?,
                        None => Some(Rc::new(inflate(stream, &what(), &mut self.inflated)?)),
                    };
                    let Some(data) = data else { continue };
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
        Ok(())
    }

    /// Show a string (or a TJ array of strings and kerning numbers), advancing `tm`.
    fn show(&mut self, items: &[Object], gs: &State, tm: &mut Matrix, out: &mut Vec<Glyph>) -> Result<(), InputError> {
        let Some((key, size)) = gs.font else { return Ok(()) };
        let Some(font) = self.fonts.get(&key).cloned().flatten() else { return Ok(()) };
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
            let mut rest = bytes;
            while !rest.is_empty() {
                let (code, len) = font.next_code(rest);
                rest = &rest[len..];
                let w = font.advance(code, len);
                let trm = mul(&[size * gs.scale, 0.0, 0.0, size, 0.0, gs.rise], &mul(tm, &gs.ctm));
                let x_scale = (trm[0] * trm[0] + trm[1] * trm[1]).sqrt();
                let y_scale = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
                // Rotated text (stamps, watermarks, vertical margins) is not running text.
                let upright =
                    trm[0] > 0.0 && trm[1].abs() < trm[0] * 0.05 && trm[2].abs() < trm[3].abs() * 0.05 && trm[3] > 0.0;
                text.clear();
                let decoded = font.text(code, len, &mut text);
                if upright && !font.vertical {
                    self.glyphs += 1;
                    if self.glyphs > MAX_GLYPHS {
                        return Err(InputError::PdfLimit(format!("文字超过 {MAX_GLYPHS} 个字符上限")));
                    }
                    let usable = match decoded {
                        Decoded::Mapped => true,
                        // A code taken as itself counts only if it reads as text.
                        Decoded::Guess => text.chars().all(plausible),
                        Decoded::None => false,
                    };
                    if !usable {
                        self.undecoded += 1;
                        let page = self.page;
                        let u = self.unmapped.entry(key).or_insert_with(|| Unmapped {
                            name: font.name.clone(),
                            count: 0,
                            first_page: page,
                        });
                        u.count += 1;
                    } else {
                        let n = text.chars().count().max(1) as f32;
                        if matches!(gs.render, 3 | 7) {
                            self.ink.invisible += text.chars().count();
                        } else {
                            self.ink.visible += text.chars().count();
                        }
                        let mut x = trm[4];
                        for c in text.chars() {
                            let width = w * x_scale / n;
                            out.push(Glyph { c, x, y: trm[5], size: y_scale * font.em, width, bold });
                            x += width;
                        }
                    }
                }
                let space = if len == 1 && code == 32 { gs.word_spacing } else { 0.0 };
                let tx = (w * size + gs.char_spacing + space) * gs.scale;
                *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
            }
        }
        Ok(())
    }
}

/// Replace the glyphs from `start` on by `text`, spread over the box they cover (poppler
/// and MuPDF read /ActualText the same way). Nothing drawn: nothing to replace.
fn actual_text(out: &mut Vec<Glyph>, start: usize, text: &str) {
    let Some(first) = out.get(start).copied() else { return };
    let end = out[start..].iter().map(|g| g.x + g.width).fold(first.x, f32::max);
    out.truncate(start);
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    let n = chars.len().max(1) as f32;
    let width = (end - first.x).max(0.0) / n;
    for (i, c) in chars.into_iter().enumerate() {
        out.push(Glyph { c, x: first.x + width * i as f32, width, ..first });
    }
}

/// A character taken from a code or CID as itself is believable text: letters, digits,
/// punctuation and ideographs, not control, private-use or unassigned-looking points.
fn plausible(c: char) -> bool {
    let u = c as u32;
    !(c.is_control() || (0xE000..=0xF8FF).contains(&u) || (0xD800..=0xDFFF).contains(&u) || u >= 0xF0000)
        && (c.is_alphanumeric()
            || c.is_whitespace()
            || c.is_ascii_punctuation()
            || (0x2000..=0x206F).contains(&u)
            || (0x3000..=0x303F).contains(&u)
            || (0xFF00..=0xFFEF).contains(&u))
}

/// A page's box (`MediaBox`, `CropBox`), inherited through the page tree.
fn page_box(doc: &lopdf::Document, page: &Dictionary, key: &[u8]) -> Option<[f32; 4]> {
    let mut node = Some(page);
    for _ in 0..32 {
        let d = node?;
        if let Ok(b) = d.get_deref(key, doc).and_then(Object::as_array) {
            let n: Vec<f32> =
                b.iter().filter_map(|o| doc.dereference(o).ok().and_then(|(_, o)| o.as_float().ok())).collect();
            if n.len() == 4 && n.iter().all(|v| v.is_finite()) {
                return Some([n[0], n[1], n[2], n[3]]);
            }
        }
        node = d.get_deref(b"Parent", doc).ok().and_then(|o| o.as_dict().ok());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_clear_error() {
        for bytes in [
            &b"%PDF-1.7\n"[..],
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"%PDF-\x00\xff\xfe",
        ] {
            let e = decode(bytes, "pdf", &[]).unwrap_err();
            assert!(matches!(e, InputError::NotPdf(_)), "{e:?}");
        }
    }

    /// Cut and damaged copies of a real file: an error or a document, never a panic
    /// (called without the catch_unwind guard, so a panic fails the test).
    #[test]
    fn damaged_files_do_not_panic() {
        let good: &[u8] = include_bytes!("../../../tests/fixtures/pdf/report-cid.pdf");
        let mut seed = 0x2545_f491_u32;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize
        };
        for _ in 0..40 {
            let cut = next() % good.len();
            let _ = read_pages(&good[..cut]);
            let mut bad = good.to_vec();
            for _ in 0..8 {
                let i = next() % bad.len();
                bad[i] = next() as u8;
            }
            let _ = read_pages(&bad);
        }
    }
}
