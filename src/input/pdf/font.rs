//! Fonts: how a shown string splits into codes, what text each code stands for, how far
//! it advances, and whether the face is bold.
//!
//! Text comes from, in order (as poppler does):
//! 1. the font's `/ToUnicode` CMap;
//! 2. Type 0 (CID) fonts: a Unicode CMap's own codes (UniGB-UCS2-H …), else the CID
//!    through the collection's CID → Unicode table ([`super::data`]: Adobe-GB1, -CNS1,
//!    -Japan1, -Korea1); for Adobe-Identity the CID itself, as readers do;
//! 3. simple fonts (Type 1, TrueType, Type 3): the glyph name of the code from
//!    `/Encoding` (`/BaseEncoding` + `/Differences`), else from the embedded Type 1
//!    program's built-in encoding, else the standard encoding for the font type; names go
//!    through the Adobe Glyph List and its `uniXXXX` / `uXXXX` rules;
//! 4. a code whose name is unknown but no generated glyph id stands for itself.
//!
//! A code none of these reach is "undecoded"; the caller counts them per font.

use super::cmap::{self, CMap};
use super::data::{self, Utf};
use lopdf::{Dictionary, Object};
use pdf_encoding::{Encoding as Base, ForwardMap};
use std::collections::{BTreeMap, HashMap};

/// Where a code's text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Decoded {
    /// A map or table said so.
    Mapped,
    /// The code (or CID) itself taken as the character: usable only if it looks like text.
    Guess,
    None,
}

enum Codes {
    /// One byte per code (simple fonts).
    OneByte,
    /// A Type 0 font's CMap (Identity-H, a predefined or an embedded one).
    CMap(CMap),
}

/// Glyph id → character from an embedded program's cmap, and the font's CID → glyph id
/// map (`None`: identity).
type GidText = (HashMap<u16, char>, Option<Vec<u16>>);

pub(super) struct Font {
    /// `/BaseFont`, for messages.
    pub name: String,
    codes: Codes,
    to_unicode: Option<CMap>,
    /// Simple fonts: text per code from the encoding's glyph names.
    simple: Vec<Option<Box<str>>>,
    /// Simple fonts: codes whose unknown glyph name lets the code stand for itself.
    pass_through: Vec<bool>,
    /// Type 0 fonts addressed through a Unicode CMap.
    utf: Option<Utf>,
    /// Type 0 fonts: the character collection ("Adobe-GB1") when its table is known.
    collection: Option<String>,
    /// Type 0 fonts of the Adobe-Identity / Adobe-UCS collections: CID = Unicode.
    identity_text: bool,
    /// Type 0 fonts without ToUnicode whose embedded TrueType/OpenType program has a
    /// Unicode cmap: glyph id → character, with `/CIDToGIDMap` (identity when absent).
    gid_text: Option<GidText>,
    first_char: u32,
    widths: Vec<f32>,
    cid_widths: BTreeMap<u32, f32>,
    default_width: f32,
    /// Text-space advance per width unit: 1/1000, or a Type 3 font's `FontMatrix[0]`.
    pub unit: f32,
    /// The em height relative to the `Tf` size (1 but for Type 3 fonts whose glyph space
    /// is not 1000 units to the em).
    pub em: f32,
    pub bold: bool,
    /// Vertical writing (WMode 1).
    pub vertical: bool,
}

/// Read a stream's bytes (decompressed, within the document's budget).
pub(super) type Inflate<'d> = dyn FnMut(&lopdf::Stream, &str) -> Result<Vec<u8>, super::super::InputError> + 'd;

/// A font's name says it is bold (or 黑体, the heading face of 公文).
pub(super) fn bold_name(name: &[u8]) -> bool {
    let name = name.splitn(2, |&b| b == b'+').last().unwrap_or(name);
    let lower = String::from_utf8_lossy(name).to_ascii_lowercase();
    let gbk = encoding_rs::GBK.decode(name).0;
    ["bold", "black", "heavy", "demi", "semibold", "hei", "xbs", "-bd", ",bd"].iter().any(|w| lower.contains(w))
        || gbk.contains("黑体")
        || gbk.contains("粗")
}

/// The text of a glyph name: the Adobe Glyph List, `uniXXXX[XXXX…]`, `uXXXX[XX]`,
/// ligatures joined by `_`, suffixes after `.` dropped (AGL specification).
pub(crate) fn glyph_name_text(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or("");
    if base.is_empty() {
        return None;
    }
    let mut out = String::new();
    for part in base.split('_') {
        out.push_str(&component(part)?);
    }
    (!out.is_empty()).then_some(out)
}

fn component(part: &str) -> Option<String> {
    if let Some(t) = pdf_encoding::glyphname_to_unicode(part) {
        return Some(t.to_string());
    }
    let hex_scalar = |h: &str| u32::from_str_radix(h, 16).ok().filter(|v| !(0xD800..=0xDFFF).contains(v));
    if let Some(h) = part.strip_prefix("uni") {
        if h.len() >= 4 && h.len() % 4 == 0 && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return (0..h.len()).step_by(4).map(|i| hex_scalar(&h[i..i + 4]).and_then(char::from_u32)).collect();
        }
    }
    if let Some(h) = part.strip_prefix('u') {
        if (4..=6).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return hex_scalar(h).and_then(char::from_u32).map(String::from);
        }
    }
    None
}

/// Names writers generate for glyphs by index (`g12`, `g2AA9`, `glyph7`, `cid123`,
/// `index5`, `G3`): they say nothing about the character.
fn generated_name(name: &str) -> bool {
    let strip = |p: &str| name.strip_prefix(p).filter(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_hexdigit()));
    ["g", "G", "glyph", "cid", "index", "gid", "c", "C"].iter().any(|p| strip(p).is_some())
}

fn base_map(name: &[u8]) -> Option<&'static ForwardMap> {
    match name {
        b"WinAnsiEncoding" => Base::WinAnsiEncoding.forward_map(),
        b"MacRomanEncoding" => Base::MacRomanEncoding.forward_map(),
        b"MacExpertEncoding" => Base::AdobeExpert.forward_map(),
        b"StandardEncoding" => Base::AdobeStandard.forward_map(),
        _ => None,
    }
}

fn deref<'d>(doc: &'d lopdf::Document, o: &'d Object) -> &'d Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

fn float_array(doc: &lopdf::Document, obj: Option<&Object>) -> Vec<f32> {
    let Some(Object::Array(a)) = obj.map(|o| deref(doc, o)) else { return Vec::new() };
    a.iter().take(65_536).map(|o| deref(doc, o).as_float().unwrap_or(0.0)).collect()
}

/// The built-in encoding of an embedded Type 1 program (`/Encoding StandardEncoding def`
/// or `dup 65 /A put` entries in its clear-text part), as glyph names per code.
fn type1_encoding(program: &[u8]) -> Option<Vec<Option<String>>> {
    let at = memchr::memmem::find(program, b"/Encoding")?;
    let rest = &program[at + 9..program.len().min(at + 9 + 64 * 1024)];
    let text = String::from_utf8_lossy(rest);
    let head: String = text.chars().take(40).collect();
    if head.trim_start().starts_with("StandardEncoding") {
        // The default for a Type 1 font anyway.
        return None;
    }
    let mut names: Vec<Option<String>> = vec![None; 256];
    let mut any = false;
    let words: Vec<&str> = text.split_whitespace().take(20_000).collect();
    for w in words.windows(4) {
        if w[0] == "dup" && w[3].starts_with("put") {
            if let (Ok(code), Some(name)) = (w[1].parse::<usize>(), w[2].strip_prefix('/')) {
                if code < 256 {
                    names[code] = Some(name.to_string());
                    any = true;
                }
            }
        }
        if any && (w[0] == "readonly" || w[0] == "def") {
            break;
        }
    }
    any.then_some(names)
}

impl Font {
    /// The next code of a shown string (not empty) and its length.
    pub(super) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match &self.codes {
            Codes::OneByte => (u32::from(bytes[0]), 1),
            Codes::CMap(map) => match self.utf {
                // A Unicode CMap's codes are the text itself: UTF-8 sequences, UTF-16
                // units or pairs, UTF-32 words.
                Some(Utf::Utf8) => {
                    let n = match bytes[0] {
                        0xF0..=0xF7 => 4,
                        0xE0..=0xEF => 3,
                        0xC0..=0xDF => 2,
                        _ => 1,
                    }
                    .min(bytes.len());
                    (bytes[..n].iter().fold(0, |a, &b| a << 8 | u32::from(b)), n)
                }
                Some(Utf::Utf16) => {
                    let n = if bytes.len() >= 4 && (0xD8..=0xDB).contains(&bytes[0]) { 4 } else { 2.min(bytes.len()) };
                    (bytes[..n].iter().fold(0, |a, &b| a << 8 | u32::from(b)), n)
                }
                Some(Utf::Utf32) => {
                    let n = 4.min(bytes.len());
                    (bytes[..n].iter().fold(0, |a, &b| a << 8 | u32::from(b)), n)
                }
                None => map.next_code(bytes),
            },
        }
    }

    fn cid(&self, code: u32, len: usize) -> Option<u32> {
        match &self.codes {
            Codes::OneByte => Some(code),
            Codes::CMap(map) => match self.utf {
                Some(_) => {
                    let c = self.utf_char(code, len)?;
                    self.collection.as_deref().and_then(|coll| data::unicode_to_cid(coll, c))
                }
                None => map.cid(code, len),
            },
        }
    }

    fn utf_char(&self, code: u32, len: usize) -> Option<char> {
        let bytes = code.to_be_bytes();
        let bytes = &bytes[4 - len.min(4)..];
        match self.utf? {
            Utf::Utf8 => std::str::from_utf8(bytes).ok()?.chars().next(),
            Utf::Utf16 => {
                let units: Vec<u16> =
                    bytes.chunks(2).map(|p| u16::from(p[0]) << 8 | u16::from(p.get(1).copied().unwrap_or(0))).collect();
                char::decode_utf16(units).next()?.ok()
            }
            Utf::Utf32 => char::from_u32(code),
        }
    }

    /// Append the text of a code to `out`.
    pub(super) fn text(&self, code: u32, len: usize, out: &mut String) -> Decoded {
        let start = out.len();
        if let Some(tu) = &self.to_unicode {
            if tu.unicode(code, out) {
                // An empty or NUL-only mapping is no mapping (some writers map every code
                // to U+0000 or to nothing).
                if out[start..].chars().any(|c| c != '\0' && c != '\u{FFFD}') {
                    return Decoded::Mapped;
                }
                out.truncate(start);
            }
        }
        match &self.codes {
            Codes::OneByte => {
                let i = code as usize;
                if let Some(Some(t)) = self.simple.get(i) {
                    out.push_str(t);
                    return Decoded::Mapped;
                }
                if self.pass_through.get(i).copied().unwrap_or(false) {
                    if let Some(c) = char::from_u32(code).filter(|c| !c.is_control()) {
                        out.push(c);
                        return Decoded::Guess;
                    }
                }
                Decoded::None
            }
            Codes::CMap(_) => {
                if self.utf.is_some() {
                    if let Some(c) = self.utf_char(code, len) {
                        out.push(c);
                        return Decoded::Mapped;
                    }
                    return Decoded::None;
                }
                let Some(cid) = self.cid(code, len) else { return Decoded::None };
                if let Some(coll) = &self.collection {
                    if let Some(c) = data::cid_to_unicode(coll, cid) {
                        out.push(c);
                        return Decoded::Mapped;
                    }
                    return Decoded::None;
                }
                if let Some((gids, map)) = &self.gid_text {
                    let gid = match map {
                        Some(m) => m.get(cid as usize).copied(),
                        None => u16::try_from(cid).ok(),
                    };
                    if let Some(c) = gid.and_then(|g| gids.get(&g)) {
                        out.push(*c);
                        return Decoded::Mapped;
                    }
                }
                if self.identity_text {
                    if let Some(c) = char::from_u32(cid).filter(|c| !c.is_control()) {
                        out.push(c);
                        return Decoded::Guess;
                    }
                }
                Decoded::None
            }
        }
    }

    /// The advance of a code in text space per unit of font size.
    pub(super) fn advance(&self, code: u32, len: usize) -> f32 {
        let w = match &self.codes {
            Codes::OneByte => code
                .checked_sub(self.first_char)
                .and_then(|i| self.widths.get(i as usize))
                .copied()
                .unwrap_or(self.default_width),
            Codes::CMap(_) => {
                self.cid(code, len).and_then(|cid| self.cid_widths.get(&cid)).copied().unwrap_or(self.default_width)
            }
        };
        let w = w * self.unit;
        if w.is_finite() {
            w
        } else {
            0.0
        }
    }
}

/// Load a font dictionary. `inflate` reads its streams (ToUnicode, embedded CMap, font
/// program) within the document's budget; an over-budget stream is an error, not a
/// missing map.
pub(super) fn load(
    doc: &lopdf::Document,
    dict: &Dictionary,
    inflate: &mut Inflate<'_>,
) -> Result<Font, super::super::InputError> {
    let subtype = dict.get(b"Subtype").map(|o| deref(doc, o)).ok().and_then(|o| o.as_name().ok()).unwrap_or(b"");
    let base = dict.get(b"BaseFont").map(|o| deref(doc, o)).ok().and_then(|o| o.as_name().ok()).unwrap_or(b"");
    let name = String::from_utf8_lossy(base).into_owned();
    let type0 = subtype == b"Type0";
    let type3 = subtype == b"Type3";
    let descendant = type0
        .then(|| match dict.get(b"DescendantFonts").map(|o| deref(doc, o)) {
            Ok(Object::Array(a)) => a.first().map(|o| deref(doc, o)).and_then(|o| o.as_dict().ok()),
            _ => None,
        })
        .flatten();
    let descriptor = dict
        .get(b"FontDescriptor")
        .map(|o| deref(doc, o))
        .ok()
        .and_then(|o| o.as_dict().ok())
        .or_else(|| descendant.and_then(|d| d.get(b"FontDescriptor").map(|o| deref(doc, o)).ok()?.as_dict().ok()));
    let shown = if name.is_empty() { "（无名）".to_string() } else { name.clone() };
    let what = |kind: &str| format!("字体 {shown} 的{kind}");

    let to_unicode = match dict.get(b"ToUnicode").map(|o| deref(doc, o)) {
        Ok(Object::Stream(s)) => {
            let bytes = inflate(s, &what("字符映射（ToUnicode）"))?;
            Some(cmap::parse(&bytes)).filter(CMap::has_unicode)
        }
        // `/ToUnicode /Identity-H`: codes are UTF-16 (rare, but written).
        _ => None,
    };

    let mut font = Font {
        name,
        codes: Codes::OneByte,
        to_unicode,
        simple: Vec::new(),
        pass_through: Vec::new(),
        utf: None,
        collection: None,
        identity_text: false,
        gid_text: None,
        first_char: 0,
        widths: Vec::new(),
        cid_widths: BTreeMap::new(),
        default_width: 500.0,
        unit: 0.001,
        em: 1.0,
        bold: bold_name(base),
        vertical: false,
    };

    if type0 {
        font.default_width = 1000.0;
        let mut wmode = 0;
        match dict.get(b"Encoding").map(|o| deref(doc, o)) {
            Ok(Object::Name(n)) => {
                let n = String::from_utf8_lossy(n);
                if let Some((utf, w)) = data::unicode_cmap(&n) {
                    font.utf = Some(utf);
                    wmode = w;
                    font.codes = Codes::CMap(CMap::default());
                } else if let Some(map) = data::predefined(&n) {
                    wmode = map.wmode;
                    font.codes = Codes::CMap(map);
                } else {
                    font.codes = Codes::CMap(CMap::identity(0));
                }
            }
            Ok(Object::Stream(s)) => {
                let bytes = inflate(s, &what("编码（CMap）"))?;
                let mut map = cmap::parse(&bytes);
                if let Some(parent) = map.usecmap.take() {
                    map.parent = data::predefined(&parent).map(Box::new);
                }
                if map.spaces.is_empty() && map.parent.is_none() {
                    map.spaces.extend(cmap::Space::new(2, 0, 0xFFFF));
                }
                wmode = map.wmode;
                font.codes = Codes::CMap(map);
            }
            _ => font.codes = Codes::CMap(CMap::identity(0)),
        }
        font.vertical = wmode == 1;
        if let Some(d) = descendant {
            let info = d.get(b"CIDSystemInfo").map(|o| deref(doc, o)).ok().and_then(|o| o.as_dict().ok());
            let field = |k: &[u8]| {
                info.and_then(|i| i.get(k).map(|o| deref(doc, o)).ok())
                    .and_then(|o| o.as_str().ok())
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .unwrap_or_default()
            };
            let collection = format!("{}-{}", field(b"Registry"), field(b"Ordering"));
            if data::knows_collection(&collection) {
                font.collection = Some(collection);
            } else if collection == "Adobe-Identity" || collection == "Adobe-UCS" {
                font.identity_text = true;
            }
            if font.to_unicode.is_none() && font.collection.is_none() && font.utf.is_none() {
                font.gid_text = embedded_unicode(doc, d, inflate, &font.name)?;
            }
            if let Ok(dw) = d.get(b"DW").map(|o| deref(doc, o)).and_then(Object::as_float) {
                font.default_width = dw;
            }
            if let Ok(Object::Array(w)) = d.get(b"W").map(|o| deref(doc, o)) {
                cid_widths(doc, w, &mut font.cid_widths);
            }
        }
    } else {
        font.first_char = dict
            .get(b"FirstChar")
            .map(|o| deref(doc, o))
            .and_then(Object::as_i64)
            .ok()
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0);
        font.widths = float_array(doc, dict.get(b"Widths").ok());
        let known: Vec<f32> = font.widths.iter().copied().filter(|w| *w > 0.0).collect();
        if let Some(m) = descriptor
            .and_then(|d| d.get(b"MissingWidth").map(|o| deref(doc, o)).and_then(Object::as_float).ok())
            .filter(|w| *w > 0.0)
        {
            font.default_width = m;
        } else if !known.is_empty() {
            font.default_width = known.iter().sum::<f32>() / known.len() as f32;
        }
        if type3 {
            let m = float_array(doc, dict.get(b"FontMatrix").ok());
            if m.len() == 6 && m.iter().all(|v| v.is_finite()) && m[0] != 0.0 {
                font.unit = m[0].abs();
                // Glyph space to the em: 1000 units to the em when FontMatrix scales by
                // 1/1000, otherwise judged from the widths (an ideograph is an em wide).
                let per_em = m[3].abs() * 1000.0;
                font.em = if (0.5..=2.0).contains(&per_em) {
                    1.0
                } else {
                    let mut w: Vec<f32> = known.iter().map(|w| w * font.unit).collect();
                    w.sort_by(f32::total_cmp);
                    w.get(w.len() / 2).copied().filter(|v| *v > 0.0).unwrap_or(1.0)
                };
            }
        }
        simple_encoding(doc, dict, descriptor, subtype, base, type3, inflate, &mut font)?;
    }
    if let Some(d) = descriptor {
        let weight = d.get(b"FontWeight").map(|o| deref(doc, o)).and_then(Object::as_float).unwrap_or(0.0);
        let flags = d.get(b"Flags").map(|o| deref(doc, o)).and_then(Object::as_i64).unwrap_or(0);
        let fname = d.get(b"FontName").map(|o| deref(doc, o)).and_then(Object::as_name).unwrap_or(b"");
        font.bold |= weight >= 600.0 || flags & (1 << 18) != 0 || bold_name(fname);
    }
    Ok(font)
}

/// Glyph names per code of a simple font and the text they stand for.
#[allow(clippy::too_many_arguments)]
fn simple_encoding(
    doc: &lopdf::Document,
    dict: &Dictionary,
    descriptor: Option<&Dictionary>,
    subtype: &[u8],
    base_font: &[u8],
    type3: bool,
    inflate: &mut Inflate<'_>,
    font: &mut Font,
) -> Result<(), super::super::InputError> {
    // Text per code from a base encoding table, names per code from a built-in encoding
    // or /Differences (names win).
    let mut text: Vec<Option<Box<str>>> = vec![None; 256];
    let mut names: Vec<Option<String>> = vec![None; 256];
    let encoding = dict.get(b"Encoding").map(|o| deref(doc, o)).ok();
    let mut base: Option<&ForwardMap> = None;
    let mut differences: Option<&Vec<Object>> = None;
    match encoding {
        Some(Object::Name(n)) => base = base_map(n),
        Some(Object::Dictionary(d)) => {
            base = d.get(b"BaseEncoding").map(|o| deref(doc, o)).ok().and_then(|o| o.as_name().ok()).and_then(base_map);
            if let Ok(Object::Array(a)) = d.get(b"Differences").map(|o| deref(doc, o)) {
                differences = Some(a);
            }
        }
        _ => {}
    }
    let bare = base_font.splitn(2, |&b| b == b'+').last().unwrap_or(base_font);
    let symbolic_builtin = if bare.starts_with(b"Symbol") {
        Base::AdobeSymbol.forward_map()
    } else if bare.starts_with(b"ZapfDingbats") {
        Base::AdobeZdingbat.forward_map()
    } else {
        None
    };
    if base.is_none() {
        // The embedded program's own encoding: a Type 1 program's /Encoding, a CFF
        // program's encoding and charset (glyph names), gaps filled from Standard.
        let stream = |key: &[u8]| {
            descriptor.and_then(|d| d.get(key).map(|o| deref(doc, o)).ok()).and_then(|o| o.as_stream().ok())
        };
        if let (Some(s), b"Type1" | b"MMType1") = (stream(b"FontFile"), subtype) {
            let bytes = inflate(s, &format!("字体 {} 的字形程序", font.name))?;
            if let Some(builtin) = type1_encoding(&bytes) {
                names = builtin;
            }
        } else if let Some(s) = stream(b"FontFile3") {
            let bytes = inflate(s, &format!("字体 {} 的字形程序", font.name))?;
            if let Some(cff) = ttf_parser::cff::Table::parse(&bytes) {
                for (code, slot) in names.iter_mut().enumerate() {
                    let gid = cff.glyph_index(code as u8).filter(|g| g.0 != 0);
                    *slot = gid.and_then(|g| cff.glyph_name(g)).filter(|n| *n != ".notdef").map(String::from);
                }
                if names.iter().any(Option::is_some) {
                    let standard = Base::AdobeStandard.forward_map();
                    for (code, slot) in text.iter_mut().enumerate() {
                        if names[code].is_none() {
                            *slot = standard.and_then(|m| m.get(code as u8)).map(|c| c.to_string().into());
                        }
                    }
                }
            }
        }
    }
    if base.is_none() && names.iter().all(Option::is_none) && text.iter().all(Option::is_none) && !type3 {
        let embedded = descriptor.is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"));
        base = if symbolic_builtin.is_some() && !embedded {
            symbolic_builtin
        } else if subtype == b"TrueType" {
            Base::WinAnsiEncoding.forward_map()
        } else {
            Base::AdobeStandard.forward_map()
        };
    }
    if let Some(map) = base {
        for (code, slot) in text.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = map.get(code as u8).map(|c| c.to_string().into());
            }
        }
    }
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for o in diffs.iter().take(4096) {
            match deref(doc, o) {
                Object::Integer(i) => code = usize::try_from(*i).unwrap_or(usize::MAX),
                Object::Real(r) => code = if *r >= 0.0 { *r as usize } else { usize::MAX },
                Object::Name(n) => {
                    if code < 256 {
                        names[code] = Some(String::from_utf8_lossy(n).into_owned());
                        text[code] = None;
                    }
                    code = code.saturating_add(1);
                }
                _ => {}
            }
        }
    }
    font.pass_through = vec![false; 256];
    for code in 0..256 {
        if let Some(n) = &names[code] {
            match glyph_name_text(n) {
                Some(t) => text[code] = Some(t.into()),
                None => {
                    // An unknown name that is no generated glyph id: the code stands for
                    // itself (poppler's pass-through for unknown names).
                    font.pass_through[code] = n != ".notdef" && !generated_name(n);
                }
            }
        }
    }
    font.simple = text;
    Ok(())
}

/// Ranks a character by how plainly it is text (lower is better), for a glyph that a
/// font's cmap reaches from several code points (人 and the Kangxi radical ⼈ share one).
fn plainness(c: char) -> u8 {
    match c as u32 {
        0xE000..=0xF8FF | 0xF0000.. => 3,
        0x2E80..=0x2FDF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F => 2,
        0xFE10..=0xFE1F | 0xFE30..=0xFE4F => 1,
        _ => 0,
    }
}

/// Glyph id → character from the Unicode cmap of a CID font's embedded TrueType or
/// OpenType program (`FontFile2`, `FontFile3` /OpenType), with its `/CIDToGIDMap`.
fn embedded_unicode(
    doc: &lopdf::Document,
    cid_font: &Dictionary,
    inflate: &mut Inflate<'_>,
    name: &str,
) -> Result<Option<GidText>, super::super::InputError> {
    let descriptor = cid_font.get(b"FontDescriptor").map(|o| deref(doc, o)).ok().and_then(|o| o.as_dict().ok());
    let program = descriptor.and_then(|d| {
        [&b"FontFile2"[..], b"FontFile3"]
            .iter()
            .find_map(|k| d.get(k).map(|o| deref(doc, o)).ok().and_then(|o| o.as_stream().ok()))
    });
    let Some(program) = program else { return Ok(None) };
    let bytes = inflate(program, &format!("字体 {name} 的字形程序"))?;
    let Ok(face) = ttf_parser::Face::parse(&bytes, 0) else { return Ok(None) };
    let mut gids: HashMap<u16, char> = HashMap::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|cp| {
                if let (Some(g), Some(c)) = (sub.glyph_index(cp), char::from_u32(cp)) {
                    if g.0 != 0 && !c.is_control() {
                        let e = gids.entry(g.0).or_insert(c);
                        if (plainness(c), c) < (plainness(*e), *e) {
                            *e = c;
                        }
                    }
                }
            });
        }
    }
    if gids.is_empty() {
        return Ok(None);
    }
    let map = match cid_font.get(b"CIDToGIDMap").map(|o| deref(doc, o)) {
        Ok(Object::Stream(s)) => {
            let raw = inflate(s, &format!("字体 {name} 的 CIDToGIDMap"))?;
            Some(raw.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect())
        }
        _ => None,
    };
    Ok(Some((gids, map)))
}

/// `/W [c [w1 w2 …] cfirst clast w …]`, bounded to 65 536 entries.
pub(super) fn cid_widths(doc: &lopdf::Document, w: &[Object], out: &mut BTreeMap<u32, f32>) {
    let get = |o| deref(doc, o);
    let mut i = 0;
    while i < w.len() && out.len() < 65_536 {
        let Some(first) = get(&w[i]).as_i64().ok().and_then(|v| u32::try_from(v).ok()) else { break };
        match w.get(i + 1).map(get) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate().take(65_536) {
                    if let Ok(v) = get(o).as_float() {
                        out.insert(first.saturating_add(k as u32), v);
                    }
                }
                i += 2;
            }
            Some(last) => {
                let Some(last) = last.as_i64().ok().and_then(|v| u32::try_from(v).ok()) else { break };
                let v = w.get(i + 2).map(get).and_then(|o| o.as_float().ok()).unwrap_or(1000.0);
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
    fn glyph_names() {
        assert_eq!(glyph_name_text("A").as_deref(), Some("A"));
        assert_eq!(glyph_name_text("quotedblleft").as_deref(), Some("“"));
        assert_eq!(glyph_name_text("uni6CD5").as_deref(), Some("法"));
        assert_eq!(glyph_name_text("uni6CD56CBB").as_deref(), Some("法治"));
        assert_eq!(glyph_name_text("u20000").as_deref(), Some("\u{20000}"));
        assert_eq!(glyph_name_text("f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_text("two.oldstyle").as_deref(), Some("2"));
        assert_eq!(glyph_name_text("uniD800"), None);
        assert_eq!(glyph_name_text(".notdef"), None);
        assert_eq!(glyph_name_text("g2AA9"), None);
        assert!(generated_name("g2AA9") && generated_name("glyph12") && generated_name("cid123"));
        assert!(!generated_name("space") && !generated_name("Euro"));
    }

    #[test]
    fn type1_builtin_encoding() {
        let program = b"%!PS-AdobeFont-1.0: Test\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\ndup 65 /uni6CD5 put\ndup 66 /B put\nreadonly def\ncurrentfile eexec";
        let names = type1_encoding(program).unwrap();
        assert_eq!(names[65].as_deref(), Some("uni6CD5"));
        assert_eq!(names[66].as_deref(), Some("B"));
        assert_eq!(names[67], None);
    }
}
