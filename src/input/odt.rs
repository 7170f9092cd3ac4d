//! OpenDocument text (.odt, LibreOffice / WPS "ODF"): the body of `content.xml`, one
//! block per paragraph.
//!
//! Streaming quick-xml over zip entries inflated through the .docx reader's bounded
//! reader and its XML event loop ([`MAX_PART_BYTES`], [`MAX_NESTING`]). Blocks:
//! - `text:h` → `Heading(text:outline-level)` (1 when absent, as ODF says; levels past 4
//!   are `Heading(0)`: the parser decides);
//! - `text:p` → `Heading(n)` when its paragraph style, or a style it inherits from
//!   (`style:parent-style-name`), has `style:default-outline-level` n or is a heading style
//!   ("Heading 1" / "标题 1"); `Title` for the Title style; else `Paragraph`;
//! - paragraphs in `table:table-cell` → `Cell`.
//!
//! Inside a paragraph: `text:span`, links and fields give their text; `text:s` (with
//! `text:c`), `text:tab` and `text:line-break` give white space. Lists (`text:list`,
//! `text:list-item`): numbered lists are rendered from their list style
//! (`text:list-level-style-number`: `loext:num-list-format` such as `%1%、`, else
//! `style:num-prefix`, the `text:display-levels` counters and `style:num-suffix`; formats
//! 1, a, A, i, I and LibreOffice's 一/壹/①/１/甲 sequences), counted per list style, restarted by each
//! new `text:list` unless it says `text:continue-numbering` / `text:continue-list`,
//! `text:start-value` honoured; headings take the document's `text:outline-style`
//! numbering the same way. A `text:number` element (the number a writer rendered into
//! the file) is used as it is instead. Rendered numbers count as [`Block::generated`].
//! Left out: tracked changes (`text:tracked-changes`, which hold the deleted text;
//! insertions stay in the body), notes (`text:note`), annotations, tables of contents
//! and indexes (generated copies of the headings), drawing titles and descriptions.
//! `meta.xml` `meta:creation-date` gives [`DocMeta::date`]. Each piece of body text is
//! recorded with its byte range in `content.xml` ([`Provenance`]), where the comment
//! writer inserts its `office:annotation` elements.
//!
//! [`Block::generated`]: super::Block::generated
//! [`MAX_NESTING`]: super::MAX_NESTING

use super::docx::{attr, for_each_event, general_ref, open_part, At, Part};
use super::provenance::{offset32, RawPiece, Squeeze};
use super::{
    BlockKind, DocBuilder, DocMeta, Document, Format, InputError, Piece, PieceKind, Provenance, MAX_PART_BYTES,
};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Cursor;

const CONTENT: &str = "content.xml";
const STYLES: &str = "styles.xml";
const META: &str = "meta.xml";

/// Decode an .odt file's bytes.
pub fn decode(bytes: &[u8], _ext: &str) -> Result<Document, InputError> {
    decode_with_limit(bytes, MAX_PART_BYTES)
}

/// [`decode`] for the comment writer, which needs the provenance of a file it was given.
pub(crate) fn decode_bytes(bytes: &[u8]) -> Result<Document, InputError> {
    decode_with_limit(bytes, MAX_PART_BYTES)
}

pub(crate) fn decode_with_limit(bytes: &[u8], limit: u64) -> Result<Document, InputError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_odt(format!("无法按 zip 格式打开（{e}）")))?;
    let mut styles = Styles::default();
    // Common styles first, then content.xml's automatic styles (which name them as parents).
    if let Some(part) = open(&mut zip, STYLES, limit)? {
        for_each_event(part, STYLES, limit, not_odt, |ev, _| styles.event(ev))?;
    }
    let meta = match open(&mut zip, META, limit)? {
        Some(part) => read_meta(part, limit)?,
        None => DocMeta::default(),
    };
    let Some(part) = open(&mut zip, CONTENT, limit)? else {
        return Err(not_odt(format!("缺少正文部件 {CONTENT}")));
    };
    let mut body = Body::default();
    for_each_event(part, CONTENT, limit, not_odt, |ev, at| {
        if !body.in_body {
            styles.event(ev);
        }
        body.event(ev, at, &styles);
    })?;
    if body.out.is_empty() {
        return Err(InputError::NoText);
    }
    let mut doc = body.out.finish(Format::Odt, "UTF-8", meta);
    doc.provenance =
        Some(Box::new(Provenance { part: CONTENT, pieces: body.pieces, runs: Vec::new(), max_comment_id: None }));
    Ok(doc)
}

fn not_odt(detail: String) -> InputError {
    InputError::Malformed { part: "OpenDocument 文本（.odt）".into(), detail }
}

fn open<'z, 'b>(
    zip: &'z mut zip::ZipArchive<Cursor<&'b [u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<Part<'z, 'b>>, InputError> {
    open_part(zip, name, limit).map_err(|e| match e {
        InputError::NotDocx(_) => not_odt(format!("无法读取 {name}")),
        other => other,
    })
}

// ---------------------------------------------------------------------------------
// Paragraph styles: outline levels and the title style, through parent styles.

#[derive(Default)]
struct Style {
    display: Option<String>,
    parent: Option<String>,
    outline: Option<u8>,
}

/// One level of a numbered list style.
#[derive(Clone, Default)]
struct LevelFmt {
    /// `style:num-format` ("1", "a", "一, 二, 三, ..." …); empty: no number.
    format: String,
    prefix: String,
    suffix: String,
    start: u32,
    display_levels: usize,
    /// `loext:num-list-format` ("%1%.%2%、").
    template: Option<String>,
}

/// The name the document's heading numbering (`text:outline-style`) is kept under.
const OUTLINE: &str = "\0outline";

#[derive(Default)]
struct Styles {
    map: HashMap<String, Style>,
    lists: HashMap<String, [Option<LevelFmt>; 10]>,
    /// The list style being read.
    list: Option<String>,
}

impl Styles {
    fn event(&mut self, ev: &Event<'_>) {
        if let Event::End(e) = ev {
            if matches!(e.local_name().as_ref(), "list-style" | "outline-style") {
                self.list = None;
            }
            return;
        }
        let (Event::Start(e) | Event::Empty(e)) = ev else { return };
        match e.local_name().as_ref() {
            "list-style" | "outline-style" if matches!(ev, Event::Start(_)) => {
                let name = if e.local_name().as_ref() == "outline-style" {
                    Some(OUTLINE.to_string())
                } else {
                    attr(e, "name")
                };
                if let Some(n) = &name {
                    self.lists.insert(n.clone(), Default::default());
                }
                self.list = name;
                return;
            }
            "list-level-style-number"
            | "outline-level-style"
            | "list-level-style-bullet"
            | "list-level-style-image" => {
                let Some(list) = self.list.as_ref().and_then(|n| self.lists.get_mut(n)) else { return };
                let Some(level) =
                    attr(e, "level").and_then(|v| v.trim().parse::<usize>().ok()).filter(|l| (1..=10).contains(l))
                else {
                    return;
                };
                let numbered = matches!(e.local_name().as_ref(), "list-level-style-number" | "outline-level-style");
                list[level - 1] = numbered.then(|| LevelFmt {
                    format: attr(e, "num-format").unwrap_or_default(),
                    prefix: attr(e, "num-prefix").unwrap_or_default(),
                    suffix: attr(e, "num-suffix").unwrap_or_default(),
                    start: attr(e, "start-value").and_then(|v| v.trim().parse().ok()).unwrap_or(1),
                    display_levels: attr(e, "display-levels")
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 10),
                    template: attr(e, "num-list-format").filter(|t| !t.is_empty()),
                });
                return;
            }
            _ => {}
        }
        if e.local_name().as_ref() != "style" || attr(e, "family").as_deref() != Some("paragraph") {
            return;
        }
        let Some(name) = attr(e, "name") else { return };
        let style = Style {
            display: attr(e, "display-name"),
            parent: attr(e, "parent-style-name"),
            outline: attr(e, "default-outline-level").and_then(|v| v.trim().parse().ok()),
        };
        self.map.insert(name, style);
    }

    /// What a paragraph of this style is, following parent styles (bounded, so a cycle
    /// of parents ends).
    fn kind(&self, name: &str) -> Option<BlockKind> {
        let mut name = name.to_string();
        for _ in 0..32 {
            if let Some(k) = named_kind(&name) {
                return Some(k);
            }
            let st = self.map.get(&name)?;
            if let Some(n) = st.outline.filter(|&n| n > 0) {
                return Some(heading(n));
            }
            if let Some(k) = st.display.as_deref().and_then(named_kind) {
                return Some(k);
            }
            name = st.parent.clone()?;
        }
        None
    }
}

/// Heading and title styles by name: `Heading_20_1` (the encoded `Heading 1`),
/// `Heading 1`, `标题 1`, `Title`, `标题`.
fn named_kind(name: &str) -> Option<BlockKind> {
    let name = name.replace("_20_", " ");
    let name = name.trim();
    if name.eq_ignore_ascii_case("title") || name == "标题" {
        return Some(BlockKind::Title);
    }
    let rest =
        name.strip_prefix("Heading").or_else(|| name.strip_prefix("heading")).or_else(|| name.strip_prefix("标题"))?;
    let n: u8 = rest.trim().parse().ok()?;
    (n > 0).then(|| heading(n))
}

fn heading(level: u8) -> BlockKind {
    BlockKind::Heading(if level <= 4 { level } else { 0 })
}

/// A counter in an ODF number format (LibreOffice writes CJK formats as their first
/// members: "一, 二, 三, ..."), rendered by the Word number formatter of the .docx
/// reader under the equivalent ECMA-376 format name.
fn format_number(n: u32, format: &str) -> String {
    let word = match format.split(',').next().unwrap_or("").trim() {
        "" => return String::new(),
        // ODF counts letters bijectively (z, aa, ab), Word repeats them (z, aa, bb).
        "a" => return letters(n).to_lowercase(),
        "A" => return letters(n),
        "i" => "lowerRoman",
        "I" => "upperRoman",
        "一" => "chineseCounting",
        "壹" => "chineseLegalSimplified",
        "①" => "decimalEnclosedCircle",
        "甲" => "ideographTraditional",
        "１" => "decimalFullWidth",
        _ => "decimal",
    };
    super::docx::format_number(i64::from(n), word)
}

fn letters(n: u32) -> String {
    let mut n = n.max(1);
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push((b'A' + (n % 26) as u8) as char);
        n /= 26;
    }
    out.iter().rev().collect()
}

/// Counters of one list style, and the label of an item at `level` (1-based) after
/// counting it.
#[derive(Default)]
struct Counters {
    values: [u32; 10],
}

impl Counters {
    fn next(&mut self, levels: &[Option<LevelFmt>; 10], level: usize, start: Option<u32>) -> Option<String> {
        let i = level.clamp(1, 10) - 1;
        let fmt = levels[i].as_ref()?;
        self.values[i] = match start {
            Some(s) => s,
            None if self.values[i] == 0 => fmt.start,
            None => self.values[i].saturating_add(1),
        };
        for v in &mut self.values[i + 1..] {
            *v = 0;
        }
        let value = |k: usize| {
            let start = levels[k].as_ref().map_or(1, |f| f.start);
            let v = if self.values[k] == 0 { start } else { self.values[k] };
            format_number(v, levels[k].as_ref().map_or("1", |f| f.format.as_str()))
        };
        let label = match &fmt.template {
            Some(t) => {
                let mut out = String::new();
                let mut rest = t.as_str();
                while let Some(p) = rest.find('%') {
                    out.push_str(&rest[..p]);
                    rest = &rest[p + 1..];
                    match rest.find('%').and_then(|q| rest[..q].parse::<usize>().ok().map(|k| (q, k))) {
                        Some((q, k)) if (1..=10).contains(&k) => {
                            out.push_str(&value(k - 1));
                            rest = &rest[q + 1..];
                        }
                        _ => out.push('%'),
                    }
                }
                out.push_str(rest);
                out
            }
            None => {
                if fmt.format.is_empty() {
                    return None;
                }
                let first = (i + 1).saturating_sub(fmt.display_levels);
                let parts: Vec<String> = (first..=i).map(value).collect();
                format!("{}{}{}", fmt.prefix, parts.join("."), fmt.suffix)
            }
        };
        (!label.is_empty()).then_some(label)
    }
}

// ---------------------------------------------------------------------------------
// meta.xml

fn read_meta(part: Part<'_, '_>, limit: u64) -> Result<DocMeta, InputError> {
    let mut meta = DocMeta::default();
    let mut in_date = false;
    let mut text = String::new();
    for_each_event(part, META, limit, not_odt, |ev, _| match ev {
        Event::Start(e) if e.local_name().as_ref() == "creation-date" => in_date = true,
        Event::End(e) if e.local_name().as_ref() == "creation-date" => in_date = false,
        Event::Text(t) if in_date && text.len() < 64 => text.push_str(&t.xml10_content()),
        _ => {}
    })?;
    if let Some(d) = iso_date(text.trim()) {
        meta.date = Some(d);
        meta.date_source = Some("meta.xml");
    }
    Ok(meta)
}

/// `YYYY-MM-DD` from the start of an ISO 8601 date-time.
pub(crate) fn iso_date(s: &str) -> Option<String> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    (digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)).then(|| d.to_string())
}

// ---------------------------------------------------------------------------------
// content.xml body

/// One paragraph being read (paragraphs nest through text boxes: a stack).
struct Para {
    kind: BlockKind,
    text: String,
    generated: usize,
    /// Depth of its element.
    depth: usize,
    /// Starts with a number rendered from the list style (a `text:number` replaces it).
    rendered: bool,
    /// Where its text came from, relative to `text` (rendered numbers are in no piece).
    pieces: Vec<RawPiece>,
}

#[derive(Default)]
struct Body {
    in_body: bool,
    out: DocBuilder,
    stack: Vec<Para>,
    /// Depth of the element being skipped (and everything inside it), if any.
    skip: Option<usize>,
    /// Depths of the open table cells.
    cells: Vec<usize>,
    /// Inside a `text:number` (rendered numbering): its depth.
    number: Option<usize>,
    /// Open `text:list` elements: (depth, list style name).
    lists: Vec<(usize, Option<String>)>,
    /// The open list item's own start value, for its first paragraph.
    item_start: Option<u32>,
    /// Whether the open list item's paragraph is still to be numbered (only its first
    /// paragraph is; `text:list-header` items never).
    item_pending: bool,
    counters: HashMap<String, Counters>,
    /// Provenance of the text written so far.
    pieces: Vec<Piece>,
}

/// Elements whose content is not body text.
const SKIPPED: &[&str] = &[
    "tracked-changes",
    "note",
    "annotation",
    "table-of-content",
    "alphabetical-index",
    "illustration-index",
    "table-index",
    "object-index",
    "user-index",
    "bibliography",
    "sequence-decls",
    "variable-decls",
    "user-field-decls",
    "title",
    "desc",
    "forms",
];

impl Body {
    fn event(&mut self, ev: &Event<'_>, at: At, styles: &Styles) {
        let depth = at.depth;
        if let Some(d) = self.skip {
            if matches!(ev, Event::End(_)) && depth == d {
                self.skip = None;
            }
            return;
        }
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name == "text" && e.name().prefix().is_some_and(|p| p.as_ref() == "office") {
                    self.in_body = true;
                    return;
                }
                if !self.in_body {
                    return;
                }
                // `title`/`desc` only as drawing children (svg:), not text:title fields.
                let svg_only = matches!(name, "title" | "desc");
                if SKIPPED.contains(&name) && (!svg_only || e.name().prefix().is_some_and(|p| p.as_ref() == "svg")) {
                    self.skip = Some(depth);
                    return;
                }
                match name {
                    "h" | "p" => self.start_para(e, name == "h", depth, styles),
                    "list" => self.start_list(e, depth),
                    "list-item" => {
                        self.item_pending = true;
                        self.item_start = attr(e, "start-value").and_then(|v| v.trim().parse().ok());
                    }
                    "list-header" => self.item_pending = false,
                    "table-cell" => self.cells.push(depth),
                    "number" if !self.stack.is_empty() => self.number = Some(depth),
                    _ => self.inline(e, at),
                }
            }
            Event::Empty(e) => {
                if !self.in_body {
                    return;
                }
                match e.local_name().as_ref() {
                    "h" | "p" => {
                        self.start_para(e, e.local_name().as_ref() == "h", depth + 1, styles);
                        self.end_para();
                    }
                    _ => self.inline(e, at),
                }
            }
            Event::End(e) => {
                if !self.in_body {
                    return;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "text" if e.name().prefix().is_some_and(|p| p.as_ref() == "office") => {
                        while !self.stack.is_empty() {
                            self.end_para();
                        }
                        self.in_body = false;
                    }
                    "h" | "p" if self.stack.last().is_some_and(|p| p.depth == depth) => self.end_para(),
                    "table-cell" if self.cells.last() == Some(&depth) => {
                        self.cells.pop();
                    }
                    "number" if self.number == Some(depth) => self.number = None,
                    "list" if self.lists.last().is_some_and(|l| l.0 == depth) => {
                        self.lists.pop();
                    }
                    _ => {}
                }
            }
            Event::Text(t) if self.in_body => self.push(&t.xml10_content(), PieceKind::Text, at),
            Event::CData(t) if self.in_body => self.push(&t.xml10_content(), PieceKind::InText, at),
            Event::GeneralRef(r) if self.in_body => {
                if let Some(c) = general_ref(r) {
                    self.push(c.encode_utf8(&mut [0; 4]), PieceKind::InText, at);
                }
            }
            _ => {}
        }
    }

    fn start_para(&mut self, e: &BytesStart<'_>, is_h: bool, depth: usize, styles: &Styles) {
        let style = attr(e, "style-name");
        let by_style = style.as_deref().and_then(|s| styles.kind(s));
        let kind = if is_h {
            let level = attr(e, "outline-level").and_then(|v| v.trim().parse::<u8>().ok());
            match (level, by_style) {
                (Some(n), _) if n > 0 => heading(n),
                (_, Some(k @ BlockKind::Heading(_))) => k,
                _ => BlockKind::Heading(1),
            }
        } else if !self.cells.is_empty() {
            BlockKind::Cell
        } else {
            by_style.unwrap_or(BlockKind::Paragraph)
        };
        // A paragraph in a table cell is a cell, whatever its style.
        let kind = if self.cells.is_empty() { kind } else { BlockKind::Cell };
        // The number the list or the outline numbering gives this paragraph.
        let label = if !self.lists.is_empty() && std::mem::take(&mut self.item_pending) {
            let style = self.lists.iter().rev().find_map(|l| l.1.clone());
            let level = self.lists.len();
            let start = self.item_start.take();
            match style.as_ref().and_then(|s| styles.lists.get(s).map(|l| (s, l))) {
                Some((name, levels)) => self.counters.entry(name.clone()).or_default().next(levels, level, start),
                None => None,
            }
        } else if is_h && self.lists.is_empty() {
            let level = match kind {
                BlockKind::Heading(n) if n > 0 => n as usize,
                _ => attr(e, "outline-level").and_then(|v| v.trim().parse().ok()).unwrap_or(1),
            };
            let numbered = attr(e, "is-list-header").as_deref() != Some("true");
            match styles.lists.get(OUTLINE) {
                Some(levels) if numbered => {
                    self.counters.entry(OUTLINE.to_string()).or_default().next(levels, level, None)
                }
                _ => None,
            }
        } else {
            None
        };
        let mut para = Para { kind, text: String::new(), generated: 0, depth, rendered: false, pieces: Vec::new() };
        if let Some(l) = label {
            para.text = l;
            para.generated = para.text.len();
            para.rendered = true;
        }
        self.stack.push(para);
    }

    fn start_list(&mut self, e: &BytesStart<'_>, depth: usize) {
        let style = attr(e, "style-name");
        if self.lists.is_empty() {
            let continues =
                attr(e, "continue-numbering").as_deref() == Some("true") || attr(e, "continue-list").is_some();
            if !continues {
                if let Some(s) = &style {
                    self.counters.remove(s);
                }
            }
        }
        self.lists.push((depth, style));
    }

    fn end_para(&mut self) {
        if let Some(p) = self.stack.pop() {
            Squeeze::place(&p.text, self.out.next_start(), &p.pieces, &mut self.pieces);
            self.out.push(p.kind, &p.text, None, p.generated);
        }
    }

    /// White space and other in-paragraph empty elements.
    fn inline(&mut self, e: &BytesStart<'_>, at: At) {
        match e.local_name().as_ref() {
            "s" => {
                let n = attr(e, "c").and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, 1024);
                self.push(&" ".repeat(n), PieceKind::Element, at);
            }
            "tab" => self.push("\t", PieceKind::Element, at),
            "line-break" => self.push(" ", PieceKind::Element, at),
            _ => {}
        }
    }

    fn push(&mut self, s: &str, kind: PieceKind, at: At) {
        let number = self.number.is_some();
        if let Some(p) = self.stack.last_mut() {
            // The writer's own rendering of the number wins over ours.
            if number && p.rendered {
                p.text.clear();
                p.pieces.clear();
                p.generated = 0;
                p.rendered = false;
            }
            // Rendered numbering counts as generated only while it leads the paragraph.
            if number && p.generated == p.text.len() {
                p.generated += s.len();
            }
            let start = p.text.len();
            p.text.push_str(s);
            // A number the writer rendered is no place for a comment.
            if !number && !s.is_empty() {
                let xml = (offset32(at.from), offset32(at.to));
                p.pieces.push(RawPiece { start, end: p.text.len(), xml, kind, run: u32::MAX, holder: (0, 0) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::MAX_NESTING;
    use std::io::Write;

    fn odt(content_body: &str, styles: &str, meta: &str) -> Vec<u8> {
        let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0""#;
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:automatic-styles><style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_2"/><style:style style:name="P2" style:family="paragraph" style:parent-style-name="Mine"/></office:automatic-styles><office:body><office:text>{content_body}</office:text></office:body></office:document-content>"#
        );
        let styles = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:styles><style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/><style:style style:name="Mine" style:family="paragraph" style:default-outline-level="3"/>{styles}</office:styles></office:document-styles>"#
        );
        let meta = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ns}><office:meta>{meta}</office:meta></office:document-meta>"#
        );
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in [
            ("mimetype", "application/vnd.oasis.opendocument.text".to_string()),
            ("content.xml", content),
            ("styles.xml", styles),
            ("meta.xml", meta),
        ] {
            w.start_file(name, opts).unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn kinds(doc: &Document) -> Vec<(BlockKind, &str)> {
        doc.blocks.iter().map(|b| (b.kind, &doc.text[b.span.start..b.span.end])).collect()
    }

    #[test]
    fn headings_styles_cells_and_spaces() {
        let body = r#"<text:p text:style-name="Title">某局2023年度报告</text:p><text:h text:outline-level="1">主要<text:span>成效</text:span></text:h><text:p text:style-name="P1">完善制度</text:p><text:p text:style-name="P2">深层</text:p><text:p>甲<text:s text:c="3"/>乙<text:tab/>丙<text:line-break/>丁&amp;</text:p><table:table><table:table-row><table:table-cell><text:p text:style-name="P1">单元格</text:p></table:table-cell></table:table-row></table:table><text:list><text:list-item><text:p>一是列表</text:p></text:list-item></text:list><text:h text:outline-level="7">很深</text:h>"#;
        let doc = decode(&odt(body, "", ""), "odt").unwrap();
        assert_eq!(
            kinds(&doc),
            vec![
                (BlockKind::Title, "某局2023年度报告"),
                (BlockKind::Heading(1), "主要成效"),
                (BlockKind::Heading(2), "完善制度"),
                (BlockKind::Heading(3), "深层"),
                (BlockKind::Paragraph, "甲   乙\t丙 丁&"),
                (BlockKind::Cell, "单元格"),
                (BlockKind::Paragraph, "一是列表"),
                (BlockKind::Heading(0), "很深"),
            ]
        );
        assert_eq!(doc.format, Format::Odt);
    }

    #[test]
    fn tracked_deletions_notes_and_annotations_left_out() {
        let body = r#"<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>删掉的话</text:p></text:deletion></text:changed-region></text:tracked-changes><text:p>保留<text:change text:change-id="c1"/>正文<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注</text:p></text:note-body></text:note><office:annotation><dc:creator>某人</dc:creator><text:p>批注</text:p></office:annotation>结束</text:p><text:table-of-content><text:index-body><text:p>目录一、</text:p></text:index-body></text:table-of-content>"#;
        let doc = decode(&odt(body, "", ""), "odt").unwrap();
        assert_eq!(doc.text, "保留正文结束");
    }

    #[test]
    fn rendered_number_is_generated_and_meta_date_read() {
        let body = r#"<text:h text:outline-level="1"><text:number>一、</text:number>存在的不足</text:h>"#;
        let doc =
            decode(&odt(body, "", "<meta:creation-date>2024-01-15T09:00:00</meta:creation-date>"), "odt").unwrap();
        assert_eq!(doc.text, "一、存在的不足");
        assert_eq!(doc.blocks[0].generated, "一、".len() as u32);
        assert_eq!(doc.meta.date.as_deref(), Some("2024-01-15"));
    }

    #[test]
    fn list_numbering_rendered_from_list_styles() {
        let styles = r#"<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="一, 二, 三, ..." style:num-suffix="、"/><text:list-level-style-number text:level="2" style:num-prefix="（" style:num-format="一, 二, 三, ..." style:num-suffix="）"/><text:list-level-style-number text:level="3" loext:num-list-format="%3%." style:num-format="1"/></text:list-style><text:list-style style:name="B"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style><text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-format=""/></text:outline-style>"#;
        let body = r#"<text:list text:style-name="L1"><text:list-item><text:p>成效</text:p><text:list><text:list-item><text:p>制度</text:p><text:p>续段</text:p></text:list-item><text:list-item><text:p>执法</text:p><text:list><text:list-item><text:p>细项</text:p></text:list-item></text:list></text:list-item></text:list></text:list-item></text:list><text:p>中间</text:p><text:list text:continue-numbering="true" text:style-name="L1"><text:list-item><text:p>不足</text:p></text:list-item><text:list-item text:start-value="9"><text:h text:outline-level="1"><text:number>四、</text:number>计划</text:h></text:list-item></text:list><text:list text:style-name="L1"><text:list-header><text:p>表头</text:p></text:list-header><text:list-item><text:p>重新</text:p></text:list-item></text:list><text:list text:style-name="B"><text:list-item><text:p>圆点</text:p></text:list-item></text:list><text:h text:outline-level="1">无编号</text:h>"#;
        let doc = decode(&odt(body, styles, ""), "odt").unwrap();
        let lines: Vec<&str> = doc.text.lines().collect();
        assert_eq!(
            lines,
            [
                "一、成效",
                "（一）制度",
                "续段",
                "（二）执法",
                "1.细项",
                "中间",
                "二、不足",
                "四、计划",
                "表头",
                "一、重新",
                "圆点",
                "无编号"
            ]
        );
        assert_eq!(doc.blocks[0].generated, "一、".len() as u32);
        assert_eq!(doc.blocks[2].generated, 0);
        assert_eq!(doc.blocks[7].generated, "四、".len() as u32);
        assert_eq!(format_number(3, "I"), "III");
        assert_eq!(format_number(28, "a"), "ab");
        assert_eq!(format_number(12, "壹, 贰, 叁, ..."), "拾贰");
        assert_eq!(format_number(2, "①, ②, ③, ..."), "②");
    }

    #[test]
    fn parent_cycle_and_bad_input_do_not_hang_or_panic() {
        let styles = r#"<style:style style:name="A" style:family="paragraph" style:parent-style-name="B"/><style:style style:name="B" style:family="paragraph" style:parent-style-name="A"/>"#;
        let doc = decode(&odt(r#"<text:p text:style-name="A">正文</text:p>"#, styles, ""), "odt").unwrap();
        assert_eq!(doc.blocks[0].kind, BlockKind::Paragraph);
        assert!(matches!(decode(&odt("", "", ""), "odt"), Err(InputError::NoText)));
        assert!(matches!(decode(&odt("<text:p>未闭合", "", ""), "odt"), Err(InputError::Malformed { .. })));
        let deep = "<text:span>".repeat(MAX_NESTING + 5);
        assert!(matches!(
            decode(&odt(&format!("<text:p>{deep}</text:p>"), "", ""), "odt"),
            Err(InputError::TooDeep(..))
        ));
        assert!(decode(b"PK\x03\x04garbage", "odt").is_err());
    }

    /// A LibreOffice-written file reads; damaged copies give errors, never panics.
    #[test]
    fn real_file_reads_and_damaged_copies_never_panic() {
        let file: &[u8] = include_bytes!("../../tests/fixtures/forms/styled.odt");
        let doc = decode(file, "odt").unwrap();
        assert_eq!(doc.blocks.iter().filter(|b| b.kind == BlockKind::Heading(1)).count(), 4);
        assert_eq!(doc.meta.date.as_deref(), Some("2024-01-15"));
        for end in (0..file.len()).step_by(997) {
            let _ = decode(&file[..end], "odt");
        }
        let mut seed = 0x9e37_79b9_u32;
        for _ in 0..32 {
            let mut damaged = file.to_vec();
            for _ in 0..8 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let at = seed as usize % damaged.len();
                damaged[at] ^= (seed >> 24) as u8 | 1;
            }
            let _ = decode(&damaged, "odt");
        }
    }

    #[test]
    fn zip_bomb_refused() {
        let body = format!("<text:p>{}</text:p>", "法".repeat(4000));
        assert!(matches!(decode_with_limit(&odt(&body, "", ""), 1000), Err(InputError::PartTooLarge { .. })));
    }
}
