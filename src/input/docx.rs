//! .docx: the body text of a Word (or WPS) document, one line per paragraph.
//!
//! Reads `word/document.xml` as a stream (quick-xml, no DOM, no recursion): body
//! paragraphs in order, table cells and text boxes included; tracked changes resolved
//! (inserted text in, deleted and moved-away text out); field codes, headers, footers,
//! comments and footnotes left out (they live in other parts or in skipped elements).
//! Word's automatic numbering is rendered from `numbering.xml` (and list styles in
//! `styles.xml`) so an auto-numbered heading reads "一、…" exactly like typed text.
//!
//! Each body paragraph becomes one [`Block`](super::Block) (table cells as [`BlockKind::Cell`]): its
//! heading level comes from the paragraph style (Heading 1–4 / 标题 1–4 by id or name,
//! or any `w:outlineLvl`, in the paragraph or along the style's `w:basedOn` chain), the
//! Title style gives the title, and `generated` counts the rendered numbering. The
//! creation date in `docProps/core.xml` goes into [`DocMeta::date`].
//!
//! Every zip entry is inflated through a counting reader that stops at
//! [`MAX_PART_BYTES`]: a zip bomb is refused after at most that many bytes, which are
//! streamed, never held.

use super::{BlockKind, DocBuilder, DocMeta, Document, Format, InputError, MAX_NESTING, MAX_PART_BYTES};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};

const DOCUMENT: &str = "word/document.xml";
const NUMBERING: &str = "word/numbering.xml";
const STYLES: &str = "word/styles.xml";
const CORE: &str = "docProps/core.xml";

/// Decode a .docx file's bytes.
pub fn decode(bytes: &[u8]) -> Result<Document, InputError> {
    decode_with_limit(bytes, MAX_PART_BYTES)
}

pub(crate) fn decode_with_limit(bytes: &[u8], limit: u64) -> Result<Document, InputError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        InputError::NotDocx(format!("无法按 zip 格式打开，文件可能已损坏、不完整或实为其他格式（{e}）"))
    })?;
    let styles = match open_part(&mut zip, STYLES, limit)? {
        Some(r) => Styles::read(r, STYLES, limit)?,
        None => Styles::default(),
    };
    let numbering = match open_part(&mut zip, NUMBERING, limit)? {
        Some(r) => Numbering::read(r, NUMBERING, limit)?,
        None => Numbering::default(),
    };
    let Some(body) = open_part(&mut zip, DOCUMENT, limit)? else {
        return Err(InputError::NotDocx(format!("缺少正文部件 {DOCUMENT}（不是 Word 文档）")));
    };
    let builder = Body::read(body, limit, &styles, numbering)?;
    if builder.is_empty() {
        return Err(InputError::NoText);
    }
    // The date is a fact about the file, not its text: a broken core.xml loses only it.
    let date = match open_part(&mut zip, CORE, limit) {
        Ok(Some(r)) => core_date(r, limit),
        _ => None,
    };
    let meta = DocMeta { date_source: date.as_ref().map(|_| "core.xml"), date, ..DocMeta::default() };
    Ok(builder.finish(Format::Docx, "UTF-8", meta))
}

/// `dcterms:created` (else `dcterms:modified`) of `docProps/core.xml`, as `YYYY-MM-DD`.
fn core_date(part: Part<'_, '_>, limit: u64) -> Option<String> {
    let (mut created, mut modified) = (None, None);
    let mut current: Option<bool> = None;
    let mut text = String::new();
    let read = for_each_event(part, CORE, limit, |ev, _| match ev {
        Event::Start(e) => {
            current = match e.local_name().as_ref() {
                "created" => Some(true),
                "modified" => Some(false),
                _ => None,
            };
            text.clear();
        }
        Event::Text(t) if current.is_some() && text.len() < 64 => text.push_str(&t.xml10_content()),
        Event::End(_) => {
            if let Some(is_created) = current.take() {
                let d = iso_date(&text);
                if is_created {
                    created = d
                } else {
                    modified = d
                }
            }
        }
        _ => {}
    });
    read.ok()?;
    created.or(modified)
}

/// The `YYYY-MM-DD` at the start of a W3CDTF date ("2023-01-05T08:00:00Z").
fn iso_date(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    let b = d.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10);
    let (m, day) = (d[5..7].parse::<u8>().ok()?, d[8..10].parse::<u8>().ok()?);
    (ok && (1..=12).contains(&m) && (1..=31).contains(&day)).then(|| d.to_string())
}

/// A zip entry's inflated bytes, refused past `limit`.
pub(crate) struct Limited<R> {
    inner: R,
    read: u64,
    limit: u64,
    pub(crate) exceeded: bool,
}

impl<R> Limited<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Self {
        Limited { inner, read: 0, limit, exceeded: false }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = self.limit.saturating_sub(self.read).saturating_add(1);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.read += n as u64;
        if self.read > self.limit {
            self.exceeded = true;
            return Err(std::io::Error::other("part too large"));
        }
        Ok(n)
    }
}

pub(crate) type Part<'z, 'b> = BufReader<Limited<zip::read::ZipFile<'z, Cursor<&'b [u8]>>>>;

/// Open one entry; `None` when the archive has no such entry.
pub(crate) fn open_part<'z, 'b>(
    zip: &'z mut zip::ZipArchive<Cursor<&'b [u8]>>,
    name: &str,
    limit: u64,
) -> Result<Option<Part<'z, 'b>>, InputError> {
    if zip.index_for_name(name).is_none() {
        return Ok(None);
    }
    let file = zip.by_name(name).map_err(|e| InputError::NotDocx(format!("无法读取 {name}（{e}）")))?;
    if file.size() > limit {
        return Err(InputError::PartTooLarge { part: name.to_string(), limit });
    }
    Ok(Some(BufReader::new(Limited { inner: file, read: 0, limit, exceeded: false })))
}

/// Turn a reader error into the right message: the size limit, or broken XML/zip data.
fn part_error(reader: &Reader<Part<'_, '_>>, part: &str, limit: u64, e: quick_xml::Error) -> InputError {
    let limited = reader.get_ref().get_ref();
    if limited.exceeded {
        return InputError::PartTooLarge { part: part.to_string(), limit };
    }
    match e {
        // The zip reader stops an entry that inflates past its declared size (zip 9 says
        // so only in its message; should that change, the error below still applies).
        quick_xml::Error::Io(io) if io.to_string().contains("declared uncompressed size") => {
            InputError::PartLies(part.to_string())
        }
        quick_xml::Error::Io(io) => InputError::NotDocx(format!("{part} 的压缩数据已损坏或不完整（{io}）")),
        other => InputError::Malformed {
            part: part.to_string(),
            detail: format!("不是有效的 XML（字节位置 {}：{other}）", reader.error_position()),
        },
    }
}

/// Pull every event of one part, tracking nesting depth, and hand each to `f`.
fn for_each_event(
    part: Part<'_, '_>,
    name: &str,
    limit: u64,
    mut f: impl FnMut(&Event<'_>, usize),
) -> Result<(), InputError> {
    let mut reader = Reader::from_reader(part);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        let ev = match reader.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => return Err(part_error(&reader, name, limit, e)),
        };
        match &ev {
            Event::Eof => break,
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(InputError::TooDeep(name.to_string(), MAX_NESTING));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        f(&ev, depth);
        buf.clear();
    }
    Ok(())
}

/// The value of the attribute `w:<local>` (any prefix).
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == local).map(|a| a.value.into_owned())
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

// ---------------------------------------------------------------------------------
// styles.xml: which paragraph styles carry numbering (Heading 1 with a multilevel list).

#[derive(Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// `w:name` ("heading 1", "标题 1", "Title").
    name: Option<String>,
    /// `w:outlineLvl` in the style's paragraph properties (0 = level 1, 9 = body text).
    outline: Option<u8>,
}

/// What a paragraph style makes of its paragraphs, by its id or name.
fn style_kind_by_name(id: &str, name: Option<&str>) -> Option<BlockKind> {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let by = |s: &str| -> Option<BlockKind> {
        let s = norm(s);
        if s == "title" || s == "标题" {
            return Some(BlockKind::Title);
        }
        let n = s.strip_prefix("heading").or_else(|| s.strip_prefix("标题"))?;
        match n.parse::<u8>().ok()? {
            l @ 1..=4 => Some(BlockKind::Heading(l)),
            // Heading 5–9: deeper than GB/T 9704's four levels; running text.
            _ => Some(BlockKind::Paragraph),
        }
    };
    // Names are what writers agree on ("heading 1" under the id "1" in Chinese Word);
    // an id is used only when it spells a heading itself ("Heading1").
    name.and_then(by).or_else(|| by(id))
}

/// A `w:outlineLvl` value as a block kind: 0..=3 → Heading(1..=4); 4..=8 (deeper) and
/// 9 (body text) → running text.
fn outline_kind(lvl: u8) -> BlockKind {
    if lvl <= 3 {
        BlockKind::Heading(lvl + 1)
    } else {
        BlockKind::Paragraph
    }
}

#[derive(Default)]
struct Styles {
    map: HashMap<String, Style>,
}

impl Styles {
    fn read(part: Part<'_, '_>, name: &str, limit: u64) -> Result<Styles, InputError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, Style)> = None;
        for_each_event(part, name, limit, |ev, _| match ev {
            Event::Start(e) | Event::Empty(e) => match local(e).as_str() {
                "style" => {
                    if let Some((id, st)) = current.take() {
                        styles.map.insert(id, st);
                    }
                    match (ev, attr(e, "styleId")) {
                        (Event::Start(_), id) => current = id.map(|id| (id, Style::default())),
                        // An empty style element: known by its id alone ("Heading4").
                        (_, Some(id)) => {
                            styles.map.insert(id, Style::default());
                        }
                        _ => {}
                    }
                }
                "basedOn" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.based_on = val(e);
                    }
                }
                "name" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.name = val(e);
                    }
                }
                "outlineLvl" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.outline = val(e).and_then(|v| v.parse().ok());
                    }
                }
                "numId" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.num_id = val(e);
                    }
                }
                "ilvl" => {
                    if let Some((_, st)) = current.as_mut() {
                        st.ilvl = val(e).and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, st)) = current.take() {
                    styles.map.insert(id, st);
                }
            }
            _ => {}
        })?;
        Ok(styles)
    }

    /// The kind of block a paragraph style makes, following `basedOn` (bounded): the
    /// first style along the chain with an outline level or a heading/title id or name.
    fn kind(&self, style: &str) -> Option<BlockKind> {
        let mut id = style;
        for _ in 0..16 {
            let st = self.map.get(id)?;
            if let Some(l) = st.outline {
                return Some(outline_kind(l));
            }
            if let Some(k) = style_kind_by_name(id, st.name.as_deref()) {
                return Some(k);
            }
            id = st.based_on.as_deref()?;
        }
        None
    }

    /// The numbering a paragraph style carries, following `basedOn` (bounded: cycles
    /// in a broken file end the search).
    fn numbering(&self, style: &str) -> Option<(String, Option<u8>)> {
        let mut id = style;
        for _ in 0..16 {
            let st = self.map.get(id)?;
            if let Some(n) = &st.num_id {
                return Some((n.clone(), st.ilvl));
            }
            id = st.based_on.as_deref()?;
        }
        None
    }
}

// ---------------------------------------------------------------------------------
// numbering.xml: list definitions and the counters that render visible markers.

#[derive(Clone, Debug)]
struct Level {
    start: i64,
    fmt: String,
    text: String,
    /// `w:lvlRestart`: 0 never restarts; n restarts after a use of level n (1-based).
    restart: Option<u32>,
    legal: bool,
    /// `w:suff`: what follows the marker (tab by default, space, nothing).
    suffix: bool,
    style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 1,
            fmt: "decimal".into(),
            text: String::new(),
            restart: None,
            legal: false,
            suffix: true,
            style: None,
        }
    }
}

const LEVELS: usize = 9;

/// Longest `w:lvlText` kept (bytes) and longest marker rendered from it: real markers
/// ("第一章", "（一）", "1.1.1") are a few characters. A longer template renders no
/// marker, so a 1 MiB `lvlText` cannot be repeated into every paragraph.
pub(crate) const MAX_LABEL_BYTES: usize = 256;

/// Total bytes of markers one document may render (a generous 1 MiB: ~100,000 markers).
/// Past it, paragraphs keep their text without a rendered marker.
pub(crate) const MAX_NUMBERING_BYTES: usize = 1 << 20;

#[derive(Default)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<u8, i64>,
    levels: HashMap<u8, Level>,
}

#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    /// Last value used per level, per abstract list (Word continues a list across
    /// instances of the same abstract definition unless a start override restarts it).
    counters: HashMap<String, [Option<i64>; LEVELS]>,
    started: HashSet<String>,
    /// Bytes of markers rendered so far (bounded by `MAX_NUMBERING_BYTES`).
    rendered: usize,
}

/// Where the numbering.xml reader is.
enum NumScope {
    None,
    Abstract(String),
    Num(String),
}

impl Numbering {
    fn read(part: Part<'_, '_>, name: &str, limit: u64) -> Result<Numbering, InputError> {
        let mut n = Numbering::default();
        let mut scope = NumScope::None;
        // The level being read: (ilvl, level, inside a num's lvlOverride).
        let mut level: Option<(u8, Level)> = None;
        let mut override_lvl: Option<u8> = None;
        for_each_event(part, name, limit, |ev, _| match ev {
            Event::Start(e) | Event::Empty(e) => {
                let is_start = matches!(ev, Event::Start(_));
                match local(e).as_str() {
                    "abstractNum" if is_start => {
                        scope = attr(e, "abstractNumId").map_or(NumScope::None, NumScope::Abstract);
                    }
                    "num" if is_start => {
                        scope = attr(e, "numId").map_or(NumScope::None, NumScope::Num);
                    }
                    "abstractNumId" => {
                        if let (NumScope::Num(id), Some(v)) = (&scope, val(e)) {
                            n.nums.entry(id.clone()).or_default().abstract_id = v;
                        }
                    }
                    "lvlOverride" if is_start => override_lvl = attr(e, "ilvl").and_then(|v| v.parse().ok()),
                    "startOverride" => {
                        if let (NumScope::Num(id), Some(l), Some(v)) =
                            (&scope, override_lvl, val(e).and_then(|v| v.parse().ok()))
                        {
                            n.nums.entry(id.clone()).or_default().start_overrides.insert(l, v);
                        }
                    }
                    "lvl" if is_start => {
                        level = attr(e, "ilvl").and_then(|v| v.parse::<u8>().ok()).map(|i| (i, Level::default()));
                    }
                    tag => {
                        if let Some((_, l)) = level.as_mut() {
                            let v = val(e);
                            match (tag, v) {
                                ("start", Some(v)) => l.start = v.parse().unwrap_or(1),
                                ("numFmt", Some(v)) => l.fmt = v,
                                // Too long to be a marker: kept empty (renders none).
                                ("lvlText", Some(v)) => {
                                    l.text = if v.len() <= MAX_LABEL_BYTES { v } else { String::new() }
                                }
                                ("lvlRestart", Some(v)) => l.restart = v.parse().ok(),
                                ("isLgl", v) => l.legal = v.is_none_or(|v| v != "0" && v != "false"),
                                ("suff", Some(v)) => l.suffix = v != "nothing",
                                ("pStyle", Some(v)) => l.style = Some(v),
                                _ => {}
                            }
                        }
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "lvl" => {
                    if let Some((i, l)) = level.take() {
                        let i = i.min(LEVELS as u8 - 1);
                        match (&scope, override_lvl) {
                            (NumScope::Abstract(id), _) => {
                                let v = n.abstracts.entry(id.clone()).or_insert_with(|| vec![Level::default(); LEVELS]);
                                v[i as usize] = l;
                            }
                            (NumScope::Num(id), Some(_)) => {
                                n.nums.entry(id.clone()).or_default().levels.insert(i, l);
                            }
                            _ => {}
                        }
                    }
                }
                "lvlOverride" => override_lvl = None,
                "abstractNum" | "num" => scope = NumScope::None,
                _ => {}
            },
            _ => {}
        })?;
        Ok(n)
    }

    /// The level a style is attached to inside a list (`w:pStyle` on a `w:lvl`).
    fn level_of_style(&self, num_id: &str, style: &str) -> Option<u8> {
        let abs = self.abstracts.get(&self.nums.get(num_id)?.abstract_id)?;
        abs.iter().position(|l| l.style.as_deref() == Some(style)).and_then(|i| u8::try_from(i).ok())
    }

    /// Advance the list `num_id` at level `ilvl` and render the visible marker.
    fn next(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let ilvl = usize::from(ilvl.min(LEVELS as u8 - 1));
        let level_at = |i: usize| -> &Level { num.levels.get(&(i as u8)).unwrap_or(&levels[i]) };
        let counters = self.counters.entry(num.abstract_id.clone()).or_insert([None; LEVELS]);
        if self.started.insert(num_id.to_string()) {
            for (&l, &s) in &num.start_overrides {
                if let Some(c) = counters.get_mut(usize::from(l)) {
                    *c = Some(s - 1);
                }
            }
        }
        let lvl = level_at(ilvl);
        counters[ilvl] = Some(counters[ilvl].map_or(lvl.start, |v| v.saturating_add(1)));
        for (d, c) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart_after = level_at(d).restart.unwrap_or(d as u32);
            if restart_after != 0 && (ilvl as u32) < restart_after {
                *c = None;
            }
        }
        if lvl.fmt == "bullet" {
            return None;
        }
        let mut out = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => {
                    chars.next();
                    let k = k as usize - 1;
                    let at = level_at(k);
                    let value = counters[k].unwrap_or(at.start);
                    let fmt = if lvl.legal { "decimal" } else { at.fmt.as_str() };
                    out.push_str(&format_number(value, fmt));
                }
                _ => out.push(c),
            }
            if out.len() > MAX_LABEL_BYTES {
                return None;
            }
        }
        if out.is_empty() {
            return None;
        }
        // Typed reports write "一、加强…" with nothing after the mark; keep that shape.
        // A marker ending in a letter or digit ("第一章") is followed by a space.
        if lvl.suffix && out.chars().last().is_some_and(char::is_alphanumeric) {
            out.push(' ');
        }
        if self.rendered + out.len() > MAX_NUMBERING_BYTES {
            return None;
        }
        self.rendered += out.len();
        Some(out)
    }
}

/// Render a list counter in a Word number format (ECMA-376 ST_NumberFormat).
pub(crate) fn format_number(n: i64, fmt: &str) -> String {
    let small = |base: u32, max: i64| (1..=max).contains(&n).then(|| char::from_u32(base + n as u32 - 1)).flatten();
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n, &CN_LOWER),
        "chineseLegalSimplified" => chinese(n, &CN_LEGAL),
        "ideographLegalTraditional" => chinese(n, &CN_LEGAL_TRAD),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => n
            .to_string()
            .chars()
            .map(|c| {
                c.to_digit(10).map_or(c, |d| ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize])
            })
            .collect(),
        "ideographTraditional" => cycle(n, &['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸']),
        "ideographZodiac" => cycle(n, &['子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥']),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)).unwrap_or(c))
            .collect(),
        "decimalEnclosedParen" => small(0x2474, 20).map_or_else(|| format!("({n})"), String::from),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            small(0x2460, 20).map_or_else(|| n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" => small(0x2488, 20).map_or_else(|| format!("{n}."), String::from),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

const CN_LOWER: [char; 14] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '零'];
const CN_LEGAL: [char; 14] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖', '拾', '佰', '仟', '零'];
const CN_LEGAL_TRAD: [char; 14] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖', '拾', '佰', '仟', '零'];

/// Chinese counting numerals: 1 一, 10 十, 11 十一, 20 二十, 101 一百零一. Values outside
/// 1..=9999 fall back to Arabic digits.
fn chinese(n: i64, d: &[char; 14]) -> String {
    if !(1..=9999).contains(&n) {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let units = [Some(d[12]), Some(d[11]), Some(d[10]), None];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &v) in digits.iter().enumerate() {
        if v == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push(d[13]);
            pending_zero = false;
        }
        // 十一 rather than 一十一 when ten is the leading unit.
        if !(i == 2 && v == 1 && out.is_empty()) {
            out.push(d[v as usize]);
        }
        if let Some(u) = units[i] {
            out.push(u);
        }
    }
    out
}

fn cycle(n: i64, set: &[char]) -> String {
    if n < 1 {
        return n.to_string();
    }
    set[((n - 1) as usize) % set.len()].to_string()
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// A, B, … Z, AA, BB … (Word repeats the letter).
fn letters(n: i64) -> String {
    if !(1..=780).contains(&n) {
        return n.to_string();
    }
    let c = char::from(b'A' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
}

// ---------------------------------------------------------------------------------
// document.xml: the body.

/// One paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    num_id: Option<String>,
    ilvl: Option<u8>,
    style: Option<String>,
    /// `w:outlineLvl` set on the paragraph itself.
    outline: Option<u8>,
    /// The paragraph mark itself was deleted (tracked): the text joins the next paragraph.
    mark_deleted: bool,
    /// Inside a table cell.
    in_cell: bool,
}

/// A paragraph read, waiting for the builder.
struct Line {
    kind: BlockKind,
    text: String,
    /// Bytes of rendered numbering at the start of `text`.
    generated: usize,
}

/// Elements whose content is not part of the visible, accepted text.
const SKIPPED: &[&str] = &[
    "del",          // tracked deletion
    "moveFrom",     // tracked move, old place
    "delText",      // deleted text
    "delInstrText", // deleted field code
    "instrText",    // field code (the field's result is kept)
    "Fallback",     // mc:AlternateContent fallback: the same content again
    "pPrChange",    // former paragraph properties
    "rPrChange",    // former run properties
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "numberingChange",
];

struct Body<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    lines: Vec<Line>,
    /// Open paragraphs: more than one only inside text boxes.
    stack: Vec<Para>,
    /// Text of paragraphs whose mark was deleted, waiting for the next paragraph (with
    /// the bytes of rendered numbering at its start).
    carry: Option<(String, usize)>,
    /// Depth inside `w:tc` (table cells).
    in_cell: usize,
    /// Depth inside skipped elements (0: reading).
    skip: usize,
    in_text: bool,
    /// Inside `w:pPr` (paragraph properties: numbering and style are read here, and the
    /// `w:tab` elements are tab stops, not tabs).
    in_ppr: usize,
    in_rpr_of_ppr: bool,
}

impl<'s> Body<'s> {
    fn read(
        part: Part<'_, '_>,
        limit: u64,
        styles: &'s Styles,
        numbering: Numbering,
    ) -> Result<DocBuilder, InputError> {
        let mut b = Body {
            styles,
            numbering,
            lines: Vec::new(),
            stack: Vec::new(),
            carry: None,
            in_cell: 0,
            skip: 0,
            in_text: false,
            in_ppr: 0,
            in_rpr_of_ppr: false,
        };
        for_each_event(part, DOCUMENT, limit, |ev, _| b.event(ev))?;
        while !b.stack.is_empty() {
            b.end_paragraph();
        }
        if let Some((text, generated)) = b.carry.take() {
            b.lines.push(Line { kind: BlockKind::Paragraph, text, generated });
        }
        let mut out = DocBuilder::new();
        for l in b.lines {
            // A line break inside a paragraph (w:br) starts a new line of the text, as
            // typed reports do: one block per line, of the paragraph's kind.
            let mut generated = l.generated;
            for piece in l.text.split('\n') {
                out.push(l.kind, piece, None, generated.min(piece.len()));
                generated = 0;
            }
        }
        // The text ends with a line break, as a saved text file does (an empty last block).
        if !out.is_empty() {
            out.push(BlockKind::Paragraph, "", None, 0);
        }
        Ok(out)
    }

    fn push_text(&mut self, s: &str) {
        if self.stack.is_empty() {
            self.stack.push(Para::default());
        }
        if let Some(p) = self.stack.last_mut() {
            p.text.push_str(s);
        }
    }

    fn event(&mut self, ev: &Event<'_>) {
        match ev {
            Event::Start(e) => {
                if self.skip > 0 {
                    self.skip += 1;
                    return;
                }
                let name = local(e);
                if SKIPPED.contains(&name.as_str()) {
                    self.skip = 1;
                    return;
                }
                self.element(e, &name);
                match name.as_str() {
                    "p" => self.stack.push(Para { in_cell: self.in_cell > 0, ..Para::default() }),
                    "tc" => self.in_cell += 1,
                    "pPr" => self.in_ppr += 1,
                    "rPr" if self.in_ppr > 0 => self.in_rpr_of_ppr = true,
                    "t" if self.in_ppr == 0 => self.in_text = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if self.skip > 0 {
                    return;
                }
                let name = local(e);
                if name == "p" {
                    self.stack.push(Para { in_cell: self.in_cell > 0, ..Para::default() });
                    self.end_paragraph();
                } else if name == "del" && self.in_rpr_of_ppr {
                    if let Some(p) = self.stack.last_mut() {
                        p.mark_deleted = true;
                    }
                } else if !SKIPPED.contains(&name.as_str()) {
                    self.element(e, &name);
                }
            }
            Event::End(e) => {
                if self.skip > 0 {
                    self.skip -= 1;
                    return;
                }
                match e.local_name().as_ref() {
                    "p" => self.end_paragraph(),
                    "tc" => self.in_cell = self.in_cell.saturating_sub(1),
                    "pPr" => self.in_ppr = self.in_ppr.saturating_sub(1),
                    "rPr" => self.in_rpr_of_ppr = false,
                    "t" => self.in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if self.skip == 0 && self.in_text => self.push_text(&t.xml10_content()),
            Event::CData(t) if self.skip == 0 && self.in_text => {
                let s = t.xml10_content().into_owned();
                self.push_text(&s);
            }
            Event::GeneralRef(r) if self.skip == 0 && self.in_text => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match r.as_ref() {
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "amp" => Some('&'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }

    /// Properties and in-run marks carried by a start or empty element.
    fn element(&mut self, e: &BytesStart<'_>, name: &str) {
        if self.in_ppr > 0 {
            let Some(p) = self.stack.last_mut() else { return };
            match name {
                "pStyle" => p.style = val(e),
                "numId" => p.num_id = val(e),
                "ilvl" => p.ilvl = val(e).and_then(|v| v.parse().ok()),
                "outlineLvl" => p.outline = val(e).and_then(|v| v.parse().ok()),
                _ => {}
            }
            return;
        }
        match name {
            "tab" | "ptab" => self.push_text("\t"),
            "br" | "cr" => self.push_text("\n"),
            "noBreakHyphen" => self.push_text("-"),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.stack.pop() else { return };
        self.in_text = false;
        // Explicit numbering wins; numId 0 removes the style's numbering.
        let num = match (&p.num_id, &p.style) {
            (Some(id), _) => Some((id.clone(), p.ilvl)),
            (None, Some(style)) => self.styles.numbering(style).map(|(id, il)| {
                let il = p.ilvl.or(il).or_else(|| self.numbering.level_of_style(&id, style));
                (id, il)
            }),
            (None, None) => None,
        };
        let marker = num.filter(|(id, _)| id != "0").and_then(|(id, il)| self.numbering.next(&id, il.unwrap_or(0)));
        let (mut line, carried) = self.carry.take().unwrap_or_default();
        // Rendered numbering counts as generated only at the start of the line.
        let generated = if line.is_empty() { marker.as_ref().map_or(0, String::len) } else { carried };
        if let Some(m) = marker {
            line.push_str(&m);
        }
        line.push_str(&p.text);
        if p.mark_deleted {
            self.carry = Some((line, generated));
            return;
        }
        // The paragraph's own outline level wins over its style's.
        let kind = if p.in_cell {
            BlockKind::Cell
        } else {
            p.outline
                .map(outline_kind)
                .or_else(|| p.style.as_deref().and_then(|s| self.styles.kind(s)))
                .unwrap_or(BlockKind::Paragraph)
        };
        self.lines.push(Line { kind, text: line, generated });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let got: Vec<String> =
            [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 1000, 1001].iter().map(|&n| chinese(n, &CN_LOWER)).collect();
        assert_eq!(
            got,
            [
                "一",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一千",
                "一千零一"
            ]
        );
        assert_eq!(chinese(0, &CN_LOWER), "0");
        assert_eq!(format_number(3, "chineseLegalSimplified"), "叁");
    }

    #[test]
    fn other_formats() {
        assert_eq!(format_number(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(format_number(21, "decimalEnclosedParen"), "(21)");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(11, "ideographTraditional"), "甲");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(105, "ideographDigital"), "一〇五");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(-3, "upperRoman"), "-3");
    }
}
