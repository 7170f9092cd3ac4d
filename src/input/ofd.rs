//! OFD (GB/T 33190, the national fixed-layout format): the text of its pages, with the
//! layout rebuilt by [`super::layout`] exactly as for PDF.
//!
//! The container is a zip: `OFD.xml` names the document root (`DocBody/DocRoot`, e.g.
//! `Doc_0/Document.xml`); the document lists its pages (`Pages/Page@BaseLoc`, relative to
//! the document's folder) and its fonts (`PublicRes`/`DocumentRes` files); each page's
//! `Content.xml` holds `Layer`s of `TextObject`s (`Boundary`, `Size`, `Font`, `Weight`,
//! optional `CTM`) whose `TextCode`s give a start point (`X`, `Y`, the baseline) and the
//! advance of each further character (`DeltaX`, with the `g N v` repeat form).
//! Namespaces vary in the wild (`ofd:` prefixed or not, and different URIs), so elements
//! and attributes are matched by local name, attributes case-insensitively.
//!
//! Bounded like .docx: each entry inflates through the counting reader of
//! [`super::docx`] up to [`MAX_PART_BYTES`], all parts together up to
//! [`MAX_TOTAL_BYTES`], XML nesting up to [`MAX_NESTING`](super::MAX_NESTING) (the shared
//! event loop), at most [`MAX_PAGES`] pages.

use super::docx::{slice_events, Limited};
use super::layout::{self, Glyph, Page};
use super::{DocMeta, Document, Format, InputError, MAX_PART_BYTES};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::ops::ControlFlow;

/// Most pages read from one file.
pub const MAX_PAGES: usize = 5_000;
/// Most bytes inflated from all parts of one file together.
pub const MAX_TOTAL_BYTES: u64 = 4 * MAX_PART_BYTES;
/// Most characters collected from one file.
pub const MAX_GLYPHS: usize = 10_000_000;

type Zip<'b> = zip::ZipArchive<Cursor<&'b [u8]>>;

pub fn decode(bytes: &[u8], _ext: &str) -> Result<Document, InputError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| InputError::NotOfd(format!("无法按 zip 格式打开，文件可能已损坏、不完整或实为其他格式（{e}）")))?;
    let mut ofd = Ofd { zip: &mut zip, inflated: 0, glyphs: 0 };
    let root = ofd.read("OFD.xml")?.ok_or_else(|| InputError::NotOfd("缺少入口文件 OFD.xml".into()))?;
    let (doc_root, created) = entry(&root)?;
    let doc_root = doc_root.ok_or_else(|| InputError::NotOfd("OFD.xml 没有指明文档根（DocRoot）".into()))?;
    let doc_path = resolve("", &doc_root);
    let doc_dir = doc_path.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let document = ofd.read(&doc_path)?.ok_or_else(|| InputError::NotOfd(format!("缺少文档根 {doc_path}")))?;
    let info = document_info(&document, &doc_path)?;
    if info.pages.is_empty() {
        return Err(InputError::NotOfd("文档中没有页面".into()));
    }
    if info.pages.len() > MAX_PAGES {
        return Err(InputError::NotOfd(format!("共 {} 页，超过 {MAX_PAGES} 页上限", info.pages.len())));
    }
    let mut fonts = HashMap::new();
    for res in &info.resources {
        let path = resolve(&doc_dir, res);
        if let Some(xml) = ofd.read(&path)? {
            read_fonts(&xml, &path, &mut fonts)?;
        }
    }
    let count = u32::try_from(info.pages.len()).unwrap_or(u32::MAX);
    let mut pages = Vec::with_capacity(info.pages.len());
    for (i, loc) in info.pages.iter().enumerate() {
        let path = resolve(&doc_dir, loc);
        let xml =
            ofd.read(&path)?.ok_or_else(|| InputError::NotOfd(format!("缺少第 {} 页的内容文件 {path}", i + 1)))?;
        let page =
            read_page(&xml, &path, u32::try_from(i + 1).unwrap_or(u32::MAX), info.height, &fonts, &mut ofd.glyphs)?;
        pages.push(page);
    }
    if pages.iter().all(|p| p.glyphs.is_empty()) {
        return Err(InputError::NotOfd(format!(
            "没有文字层（共 {count} 页，可能是扫描件或图片）：请先做文字识别（OCR），或使用原始 .docx 文件"
        )));
    }
    let date = created.as_deref().and_then(iso_date);
    let meta = DocMeta { date_source: date.as_ref().map(|_| "OFD.xml"), date, published: None, pages: Some(count) };
    let doc = layout::build(&pages, Format::Ofd, meta);
    if doc.text.trim().is_empty() {
        return Err(InputError::NoText);
    }
    Ok(doc)
}

struct Ofd<'z, 'b> {
    zip: &'z mut Zip<'b>,
    inflated: u64,
    glyphs: usize,
}

impl Ofd<'_, '_> {
    /// One entry's bytes (`None` when the archive has none by that name), bounded.
    fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, InputError> {
        let index = self.zip.index_for_name(name).or_else(|| {
            // Some writers differ in case or lead with "./".
            let want = name.trim_start_matches("./");
            self.zip.file_names().position(|n| n.is_ok_and(|n| n.trim_start_matches('/').eq_ignore_ascii_case(want)))
        });
        let Some(index) = index else { return Ok(None) };
        let file = self.zip.by_index(index).map_err(|e| InputError::NotOfd(format!("无法读取 {name}（{e}）")))?;
        let room = MAX_TOTAL_BYTES.saturating_sub(self.inflated);
        let limit = MAX_PART_BYTES.min(room);
        if file.size() > limit {
            return Err(InputError::PartTooLarge { part: name.to_string(), limit });
        }
        let mut reader = Limited::new(file, limit);
        let mut out = Vec::new();
        if let Err(e) = reader.read_to_end(&mut out) {
            return Err(if reader.exceeded {
                InputError::PartTooLarge { part: name.to_string(), limit }
            } else if e.to_string().contains("declared uncompressed size") {
                InputError::PartLies(name.to_string())
            } else {
                InputError::NotOfd(format!("{name} 的压缩数据已损坏或不完整（{e}）"))
            });
        }
        self.inflated += out.len() as u64;
        Ok(Some(out))
    }
}

/// A path inside the container: absolute ("/Doc_0/…") from the root, otherwise relative
/// to `dir`; "." and ".." resolved, backslashes read as slashes.
fn resolve(dir: &str, path: &str) -> String {
    let path = path.trim().replace('\\', "/");
    let mut parts: Vec<&str> =
        if path.starts_with('/') { Vec::new() } else { dir.split('/').filter(|s| !s.is_empty()).collect() };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn local(name: &str) -> &[u8] {
    let name = name.as_bytes();
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

/// The value of an attribute by local name, any prefix and case. Values here are
/// numbers, IDs, paths and font names: taken as written.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| local(a.key.as_ref()).eq_ignore_ascii_case(name.as_bytes()))
        .map(|a| a.value.into_owned())
}

/// Pull every event of one XML part (the shared bounded loop), tracking the element
/// path by local names.
fn events(
    xml: &[u8],
    part: &str,
    mut f: impl FnMut(&Event<'_>, &[Vec<u8>]) -> Result<(), InputError>,
) -> Result<(), InputError> {
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut failed = None;
    slice_events(xml, part, |ev, _| {
        let r = match ev {
            Event::Start(e) => {
                path.push(local(e.name().as_ref()).to_vec());
                f(ev, &path)
            }
            Event::End(_) => {
                let r = f(ev, &path);
                path.pop();
                r
            }
            _ => f(ev, &path),
        };
        match r {
            Ok(()) => ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                ControlFlow::Break(())
            }
        }
    })?;
    failed.map_or(Ok(()), Err)
}

fn text_of(ev: &Event<'_>) -> Option<String> {
    match ev {
        Event::Text(t) => Some(t.xml10_content().into_owned()),
        Event::CData(t) => Some(t.xml10_content().into_owned()),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => Some(c.to_string()),
            _ => match r.as_ref() {
                "lt" => Some("<".into()),
                "gt" => Some(">".into()),
                "amp" => Some("&".into()),
                "apos" => Some("'".into()),
                "quot" => Some("\"".into()),
                _ => None,
            },
        },
        _ => None,
    }
}

/// `OFD.xml`: the first document's root and the creation date.
fn entry(xml: &[u8]) -> Result<(Option<String>, Option<String>), InputError> {
    let (mut root, mut date) = (None, None);
    let mut field: Option<&'static str> = None;
    events(xml, "OFD.xml", |ev, path| {
        match ev {
            Event::Start(e) => {
                field = match local(e.name().as_ref()) {
                    b"DocRoot" if root.is_none() => Some("root"),
                    b"CreationDate" if date.is_none() && path.iter().any(|p| p == b"DocInfo") => Some("date"),
                    _ => None,
                };
            }
            Event::End(_) => field = None,
            ev => {
                if let (Some(f), Some(t)) = (field, text_of(ev)) {
                    let slot = if f == "root" { &mut root } else { &mut date };
                    slot.get_or_insert_with(String::new).push_str(&t);
                }
            }
        }
        Ok(())
    })?;
    Ok((root.map(|s| s.trim().to_string()), date))
}

struct DocInfo {
    pages: Vec<String>,
    resources: Vec<String>,
    /// Default page height (CommonData/PageArea/PhysicalBox).
    height: f32,
}

fn boxed(s: &str) -> Option<[f32; 4]> {
    let n: Vec<f32> = s.split_whitespace().filter_map(|v| v.parse().ok()).collect();
    (n.len() == 4 && n.iter().all(|v| v.is_finite())).then(|| [n[0], n[1], n[2], n[3]])
}

fn document_info(xml: &[u8], part: &str) -> Result<DocInfo, InputError> {
    let mut info = DocInfo { pages: Vec::new(), resources: Vec::new(), height: 0.0 };
    let mut field: Option<u8> = None;
    let mut text = String::new();
    events(xml, part, |ev, path| {
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let qname = e.name();
                let name = local(qname.as_ref());
                if name == b"Page" && path.iter().any(|p| p == b"Pages") {
                    if let Some(loc) = attr(e, "BaseLoc") {
                        info.pages.push(loc);
                    }
                }
                field = match name {
                    b"PublicRes" | b"DocumentRes" if path.iter().any(|p| p == b"CommonData") => Some(0),
                    b"PhysicalBox" if path.iter().any(|p| p == b"CommonData") => Some(1),
                    _ => None,
                };
                text.clear();
                if matches!(ev, Event::Empty(_)) {
                    field = None;
                }
            }
            Event::End(_) => {
                match field {
                    Some(0) if !text.trim().is_empty() => info.resources.push(text.trim().to_string()),
                    Some(1) => info.height = boxed(&text).map_or(0.0, |b| b[3]),
                    _ => {}
                }
                field = None;
            }
            ev => {
                if field.is_some() {
                    if let Some(t) = text_of(ev) {
                        text.push_str(&t);
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(info)
}

fn read_fonts(xml: &[u8], part: &str, fonts: &mut HashMap<String, bool>) -> Result<(), InputError> {
    events(xml, part, |ev, _| {
        if let Event::Start(e) | Event::Empty(e) = ev {
            if local(e.name().as_ref()) == b"Font" {
                if let Some(id) = attr(e, "ID") {
                    let name = format!(
                        "{} {}",
                        attr(e, "FontName").unwrap_or_default(),
                        attr(e, "FamilyName").unwrap_or_default()
                    )
                    .to_lowercase();
                    let bold = attr(e, "Bold").is_some_and(|b| b == "true")
                        || ["bold", "black", "heavy", "hei", "黑体", "粗"].iter().any(|w| name.contains(w));
                    fonts.insert(id, bold);
                }
            }
        }
        Ok(())
    })
}

/// `DeltaX`/`DeltaY`: numbers, with `g N v` meaning N times v.
fn deltas(s: &str) -> Vec<f32> {
    let mut out = Vec::new();
    let mut it = s.split_whitespace();
    while let Some(t) = it.next() {
        if t == "g" {
            let n: usize = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            let v: f32 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            out.extend(std::iter::repeat_n(v, n.min(100_000)));
        } else if let Ok(v) = t.parse() {
            out.push(v);
        }
        if out.len() > 1_000_000 {
            break;
        }
    }
    out
}

#[derive(Default)]
struct TextObject {
    x: f32,
    y: f32,
    /// Boundary width: the object's clip box, so no glyph of it lies further right.
    w: f32,
    size: f32,
    bold: bool,
    ctm: Option<[f32; 6]>,
    /// The pen: where the next TextCode starts when it gives no X or Y.
    pen: (f32, f32),
}

struct Code {
    x: Option<f32>,
    y: Option<f32>,
    dx: Vec<f32>,
    text: String,
}

fn read_page(
    xml: &[u8],
    part: &str,
    number: u32,
    default_height: f32,
    fonts: &HashMap<String, bool>,
    glyphs: &mut usize,
) -> Result<Page, InputError> {
    let mut page = Page::new(number, default_height);
    let mut obj: Option<TextObject> = None;
    let mut code: Option<Code> = None;
    let mut in_box = false;
    let mut box_text = String::new();
    events(xml, part, |ev, path| {
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let qname = e.name();
                let name = local(qname.as_ref());
                match name {
                    b"TextObject" => {
                        let b = attr(e, "Boundary").as_deref().and_then(boxed).unwrap_or([0.0; 4]);
                        let size = attr(e, "Size")
                            .and_then(|v| v.parse::<f32>().ok())
                            .filter(|v| v.is_finite() && *v > 0.0)
                            .unwrap_or(3.5);
                        let weight = attr(e, "Weight").and_then(|v| v.parse::<f32>().ok()).unwrap_or(400.0);
                        let font_bold = attr(e, "Font").and_then(|f| fonts.get(&f).copied()).unwrap_or(false);
                        let ctm = attr(e, "CTM").and_then(|v| {
                            let n: Vec<f32> = v.split_whitespace().filter_map(|t| t.parse().ok()).collect();
                            (n.len() == 6 && n.iter().all(|v| v.is_finite()))
                                .then(|| [n[0], n[1], n[2], n[3], n[4], n[5]])
                        });
                        obj = Some(TextObject {
                            x: b[0],
                            y: b[1],
                            w: b[2],
                            size,
                            bold: font_bold || weight >= 600.0,
                            ctm,
                            pen: (0.0, 0.0),
                        });
                    }
                    b"TextCode" if obj.is_some() => {
                        let num = |k: &str| attr(e, k).and_then(|v| v.parse::<f32>().ok()).filter(|v| v.is_finite());
                        code = Some(Code {
                            x: num("X"),
                            y: num("Y"),
                            dx: attr(e, "DeltaX").map(|d| deltas(&d)).unwrap_or_default(),
                            text: String::new(),
                        });
                        if matches!(ev, Event::Empty(_)) {
                            code = None;
                        }
                    }
                    b"PhysicalBox" if path.iter().any(|p| p == b"PageArea") && !matches!(ev, Event::Empty(_)) => {
                        in_box = true;
                        box_text.clear();
                    }
                    _ => {}
                }
                if matches!(ev, Event::Empty(_)) && name == b"TextObject" {
                    obj = None;
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                b"TextCode" => {
                    if let (Some(o), Some(c)) = (obj.as_mut(), code.take()) {
                        place(o, &c, &mut page.glyphs);
                        *glyphs += c.text.chars().count();
                        if *glyphs > MAX_GLYPHS {
                            return Err(InputError::NotOfd(format!("文字超过 {MAX_GLYPHS} 个字符上限")));
                        }
                    }
                }
                b"TextObject" => obj = None,
                b"PhysicalBox" if in_box => {
                    in_box = false;
                    if let Some(b) = boxed(&box_text) {
                        page.height = b[3];
                    }
                }
                _ => {}
            },
            ev => {
                if let Some(t) = text_of(ev) {
                    if let Some(c) = code.as_mut() {
                        c.text.push_str(&t);
                    } else if in_box {
                        box_text.push_str(&t);
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok(page)
}

/// Put one TextCode's characters on the page.
fn place(o: &mut TextObject, c: &Code, out: &mut Vec<Glyph>) {
    let (mut x, y) = (c.x.unwrap_or(o.pen.0), c.y.unwrap_or(o.pen.1));
    // Glyph size and position in page space: the CTM scales and moves the object's
    // own coordinates; rotated objects (stamps, watermarks) are not running text.
    let (scale_x, scale_y, upright) = match o.ctm {
        Some(m) => (
            (m[0] * m[0] + m[1] * m[1]).sqrt(),
            (m[2] * m[2] + m[3] * m[3]).sqrt(),
            m[0] > 0.0 && m[3] > 0.0 && m[1].abs() < m[0] * 0.05 && m[2].abs() < m[3] * 0.05,
        ),
        None => (1.0, 1.0, true),
    };
    let to_page = |px: f32, py: f32| -> (f32, f32) {
        match o.ctm {
            Some(m) => (o.x + m[0] * px + m[2] * py + m[4], o.y + m[1] * px + m[3] * py + m[5]),
            None => (o.x + px, o.y + py),
        }
    };
    let n = c.text.chars().count();
    for (i, ch) in c.text.chars().enumerate() {
        let adv = c.dx.get(i).copied().unwrap_or_else(|| if layout::is_cjk(ch) { o.size } else { o.size * 0.5 });
        if upright {
            let (mut gx, gy) = to_page(x, y);
            // The Boundary clips the object (GB/T 33190): a run whose advances overshoot
            // it (a writer's wrong DeltaX) is drawn inside it.
            if o.ctm.is_none() && o.w > 0.0 {
                gx = gx.min(o.x + o.w - adv.min(o.w)).max(o.x);
            }
            let width = if i + 1 < n {
                adv * scale_x
            } else if layout::is_cjk(ch) {
                o.size * scale_x
            } else {
                o.size * scale_x * 0.5
            };
            out.push(Glyph { c: ch, x: gx, y: gy, size: o.size * scale_y, width: width.max(0.0), bold: o.bold });
        }
        x += adv;
    }
    o.pen = (x, y);
}

/// "2025-03-20", "2025-03-20T09:30:00", "2025-03-20 09:30:00.12" → "2025-03-20".
fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let d: Vec<u32> =
        [0..4, 5..7, 8..10].into_iter().map(|r| s.get(r).and_then(|p| p.parse().ok())).collect::<Option<_>>()?;
    let seps = s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-');
    (seps && (1900..=2200).contains(&d[0]) && (1..=12).contains(&d[1]) && (1..=31).contains(&d[2]))
        .then(|| s[..10].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::MAX_NESTING;
    use std::io::Write;

    #[test]
    fn delta_repeats() {
        assert_eq!(deltas("g 3 2.5 1 g 2 0.5"), vec![2.5, 2.5, 2.5, 1.0, 0.5, 0.5]);
        assert_eq!(deltas(""), Vec::<f32>::new());
        assert!(deltas("g 99999999999 1").len() <= 100_000);
    }

    #[test]
    fn paths() {
        assert_eq!(resolve("", "Doc_0/Document.xml"), "Doc_0/Document.xml");
        assert_eq!(resolve("", "/Doc_0/Document.xml"), "Doc_0/Document.xml");
        assert_eq!(resolve("Doc_0", "Pages/Page_0/Content.xml"), "Doc_0/Pages/Page_0/Content.xml");
        assert_eq!(resolve("Doc_0", "/Doc_0/Pages/P1.xml"), "Doc_0/Pages/P1.xml");
        assert_eq!(resolve("Doc_0", "../Res/a.xml"), "Res/a.xml");
        assert_eq!(resolve("Doc_0", "Pages\\Page_0\\Content.xml"), "Doc_0/Pages/Page_0/Content.xml");
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date("2025-03-20"), Some("2025-03-20".into()));
        assert_eq!(iso_date("2025-03-20 20:26:22.634972"), Some("2025-03-20".into()));
        assert_eq!(iso_date("20250320"), None);
        assert_eq!(iso_date("2025-13-01"), None);
    }

    fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, body) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// Unprefixed elements in the standard namespace, absolute paths, a CTM, a bold
    /// font by resource, and a page number in the footer.
    #[test]
    fn unprefixed_document() {
        let ofd = r#"<OFD xmlns="http://www.ofdspec.org/2016" Version="1.0"><DocBody><DocInfo><CreationDate>2025-03-20</CreationDate></DocInfo><DocRoot>/Doc_0/Document.xml</DocRoot></DocBody></OFD>"#;
        let document = r#"<Document xmlns="http://www.ofdspec.org/2016"><CommonData><PageArea><PhysicalBox>0 0 210 297</PhysicalBox></PageArea><PublicRes>PublicRes.xml</PublicRes></CommonData><Pages><Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></Pages></Document>"#;
        let res = r#"<Res xmlns="http://www.ofdspec.org/2016"><Fonts><Font ID="2" FontName="黑体"/><Font ID="3" FontName="仿宋"/></Fonts></Res>"#;
        let content = r#"<Page xmlns="http://www.ofdspec.org/2016"><Content><Layer>
            <TextObject ID="10" Font="2" Size="5.6" Boundary="70 30 80 8"><TextCode X="0" Y="5.6" DeltaX="g 5 5.6">一、主要成效</TextCode></TextObject>
            <TextObject ID="11" Font="3" Size="5.6" Boundary="0 0 160 8" CTM="1 0 0 1 27 50"><TextCode X="11.2" Y="5.6" DeltaX="g 3 5.6">县政府&amp;部门</TextCode></TextObject>
            <TextObject ID="12" Font="3" Size="4" Boundary="100 280 20 6"><TextCode X="0" Y="4">- 1 -</TextCode></TextObject>
        </Layer></Content></Page>"#;
        let bytes = zip(&[
            ("OFD.xml", ofd),
            ("Doc_0/Document.xml", document),
            ("Doc_0/PublicRes.xml", res),
            ("Doc_0/Pages/Page_0/Content.xml", content),
        ]);
        let doc = decode(&bytes, "ofd").unwrap();
        assert_eq!(doc.text, "一、主要成效\n县政府&部门");
        assert_eq!(doc.meta.date.as_deref(), Some("2025-03-20"));
        assert_eq!(doc.meta.pages, Some(1));
        assert!(doc.blocks.iter().all(|b| b.page == Some(1)));
    }

    #[test]
    fn broken_files() {
        let e = decode(b"PK\x03\x04garbage", "ofd").unwrap_err();
        assert!(matches!(e, InputError::NotOfd(_)), "{e:?}");
        let e = decode(&zip(&[("OFD.xml", "<OFD><DocBody></DocBody></OFD>")]), "ofd").unwrap_err();
        assert!(e.to_string().contains("DocRoot"), "{e}");
        let e = decode(&zip(&[("OFD.xml", "<OFD><DocBody><DocRoot>D/Document.xml</DocRoot></DocBody>")]), "ofd")
            .unwrap_err();
        assert!(matches!(e, InputError::Malformed { .. } | InputError::NotOfd(_)), "{e:?}");
        let deep = format!("<OFD>{}</OFD>", "<a>".repeat(MAX_NESTING + 1));
        let e = decode(&zip(&[("OFD.xml", &deep)]), "ofd").unwrap_err();
        assert!(matches!(e, InputError::TooDeep(..)), "{e:?}");
    }
}
