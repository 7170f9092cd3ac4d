//! Scans: image-only PDFs and page images (PNG, JPEG, TIFF) read with Tesseract.
//!
//! A PDF without a text layer (see [`super::pdf`]) and an image file come here. With OCR
//! turned on ([`Ocr::On`]) each page becomes an image ([`raster`]: the page's own JPEG or
//! samples, or poppler's `pdftoppm`), is prepared ([`prep`]: red seals dropped through
//! the red channel, straightened, scaled to the text height the recogniser reads best),
//! read by the `tesseract` program ([`engine`], words with boxes and confidences), and
//! the words go through the same layout reconstruction as a PDF's text ([`words`] →
//! `layout`), so a scan gets its title, headings and paragraphs by the same rules. Pages
//! are read in parallel on the thread pool; what was read is kept in a cache keyed by
//! the file's content ([`cache`]), so a second run does no OCR.
//!
//! Language: every page is read with the simplified-Chinese model; when the first page
//! with text is read with low confidence and the traditional model is installed, that
//! page is read again with it, and if that reads better the whole file is read with it.
//!
//! The document says where its text came from ([`super::Document::ocr`]): engine,
//! model, mean confidence per page, so outputs can say that the text is a reading and
//! which pages were read poorly.
//!
//! Without the `ocr` feature (the web build) the types exist and every scan gets the
//! error that OCR is unavailable in this build.

#[cfg(feature = "ocr")]
mod cache;
#[cfg(feature = "ocr")]
mod engine;
#[cfg(feature = "ocr")]
mod prep;
#[cfg(feature = "ocr")]
mod raster;
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
mod repair;
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
mod words;

use super::{Document, InputError};
use std::path::PathBuf;
use std::sync::Arc;

/// A PDF's OCR layer, the pages whose only text is invisible over a scan (what OCRmyPDF
/// and Acrobat write): read as our own OCR's reading is read, through the same layout
/// reconstruction and repairs ([`words`]: punctuation, typed markers, the level-1
/// numbering, the rule set's words in `vocabulary`). The pages come back repaired, in
/// order, each with its number and height; the document's text is the repaired text.
pub(crate) fn repair_layer(pages: &[super::layout::Page], vocabulary: &[String]) -> Vec<super::layout::Page> {
    let read: Vec<words::OcrPage> = pages.iter().map(words::from_layer).collect();
    words::to_layout(&read, vocabulary)
}

/// Most pages of one file read by OCR (a yearly report has tens; each page takes
/// seconds).
pub const MAX_OCR_PAGES: usize = 300;
/// A page read with a mean confidence below this is "poorly read" (outputs say so).
pub const LOW_CONFIDENCE: u8 = 75;
/// Below this mean confidence on the first page, the traditional model is tried too.
#[cfg(feature = "ocr")]
const TRY_TRADITIONAL_BELOW: f32 = 90.0;
/// Below this mean confidence a page is checked for lying on its side or upside down.
#[cfg(feature = "ocr")]
const TRY_ORIENTATION_BELOW: f32 = 60.0;
/// What changes a reading besides the file and the engine: part of the cache key.
#[cfg(feature = "ocr")]
const PIPELINE: &str = "fazhi-lint-ocr-4 psm6 red-channel deskew line40 stroke text-height osd";

/// Whether and how scans are read.
#[derive(Clone, Default)]
pub enum Ocr {
    /// Not asked for (the library's default): a scan is refused with the advice to OCR it.
    #[default]
    Off,
    /// Turned off by the user (`--no-ocr`, `ocr: false`): a scan is refused at once.
    Refused,
    /// Read scans with Tesseract.
    On(OcrOptions),
}

/// How scans are read.
#[derive(Clone, Default)]
pub struct OcrOptions {
    /// The cache folder (None: no cache).
    pub cache: Option<PathBuf>,
    /// Words the rule set looks for (the part cues): restored where the recogniser
    /// garbled them (see `words`).
    pub vocabulary: Arc<[String]>,
    /// Told about pages as they are read (a progress bar).
    pub progress: Option<Arc<dyn Fn(OcrEvent) + Send + Sync>>,
}

impl std::fmt::Debug for OcrOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OcrOptions")
            .field("cache", &self.cache)
            .field("vocabulary", &self.vocabulary.len())
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl std::fmt::Debug for Ocr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ocr::Off => f.write_str("Off"),
            Ocr::Refused => f.write_str("Refused"),
            Ocr::On(o) => f.debug_tuple("On").field(o).finish(),
        }
    }
}

/// What the OCR reports while it works.
#[derive(Clone, Debug)]
pub enum OcrEvent {
    /// A file of this many pages is being read.
    Started { pages: usize },
    /// One page was read.
    PageDone,
    /// The reading could not be stored in the cache (the check goes on).
    CacheFailed(String),
}

/// Where a document's text came from when it was read by OCR.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OcrInfo {
    /// "tesseract 5.3.0"
    pub engine: String,
    /// The model used: "chi_sim" or "chi_tra".
    pub language: String,
    /// Mean confidence over the document's characters, 0–100.
    pub confidence: u8,
    /// Mean confidence of each page, 0–100 (0: nothing read on it).
    pub pages: Vec<u8>,
    /// The reading came from the cache.
    #[serde(skip)]
    pub cached: bool,
}

impl OcrInfo {
    /// 1-based numbers of the pages read with a confidence below [`LOW_CONFIDENCE`].
    pub fn low_pages(&self) -> Vec<u32> {
        self.pages.iter().enumerate().filter(|(_, &c)| c < LOW_CONFIDENCE).map(|(i, _)| i as u32 + 1).collect()
    }
}

/// A file that needs OCR.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
pub(super) enum Scan<'a> {
    /// A PDF without text, and its page count.
    Pdf(&'a [u8], u32),
    /// An image file.
    Image(&'a [u8]),
}

impl Scan<'_> {
    /// What the file is, for messages.
    fn describe(&self) -> String {
        match self {
            Scan::Pdf(_, pages) => format!("PDF 没有文字层，是扫描件或图片（共 {pages} 页）"),
            Scan::Image(bytes) => format!("图片文件（{}）", image_kind(bytes)),
        }
    }
}

/// PNG, JPEG or TIFF by its first bytes.
pub(super) fn image_kind(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "PNG"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "JPEG"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF"
    } else {
        ""
    }
}

/// Read a scan as the options say.
pub(super) fn read_scan(scan: Scan<'_>, ocr: &Ocr) -> Result<Document, InputError> {
    match ocr {
        Ocr::Off => Err(match scan {
            Scan::Pdf(_, pages) => InputError::PdfScanned { pages },
            Scan::Image(_) => InputError::OcrNeeded { what: scan.describe() },
        }),
        Ocr::Refused => Err(InputError::OcrRefused { what: scan.describe() }),
        Ocr::On(options) => read_on(scan, options),
    }
}

#[cfg(not(feature = "ocr"))]
fn read_on(scan: Scan<'_>, _: &OcrOptions) -> Result<Document, InputError> {
    Err(InputError::OcrUnavailable { what: scan.describe(), reason: "此版本不含文字识别功能".into() })
}

#[cfg(feature = "ocr")]
fn read_on(scan: Scan<'_>, options: &OcrOptions) -> Result<Document, InputError> {
    use words::OcrPage;
    let what = || scan.describe();
    let engine = engine::engine().map_err(|reason| InputError::OcrUnavailable { what: what(), reason })?;
    let bytes = match scan {
        Scan::Pdf(b, _) => b,
        Scan::Image(b) => b,
    };
    let key = options.cache.as_ref().map(|_| cache::key(bytes, &engine.name(), &engine.languages));
    let cached = match (&options.cache, &key) {
        (Some(dir), Some(k)) => cache::get(dir, k),
        _ => None,
    };
    let from_cache = cached.is_some();
    let (pages, language): (Vec<OcrPage>, String) = match cached {
        Some(entry) => (entry.pages, entry.language),
        None => {
            let source = match scan {
                Scan::Pdf(b, _) => raster::Pages::Pdf(Box::new(
                    raster::PdfPages::open(b).map_err(|reason| InputError::OcrFailed { what: what(), reason })?,
                )),
                Scan::Image(b) => {
                    raster::Pages::of_image(b).map_err(|reason| InputError::OcrFailed { what: what(), reason })?
                }
            };
            let read =
                recognise(engine, &source, options).map_err(|reason| InputError::OcrFailed { what: what(), reason })?;
            if let (Some(dir), Some(k)) = (&options.cache, &key) {
                let entry = cache::Entry { engine: engine.name(), language: read.1.clone(), pages: read.0 };
                if let Err(e) = cache::put(dir, k, &entry) {
                    if let Some(p) = &options.progress {
                        p(OcrEvent::CacheFailed(format!("无法写入文字识别缓存 {}：{e}", dir.display())));
                    }
                }
                (entry.pages, entry.language)
            } else {
                read
            }
        }
    };
    let format = match scan {
        Scan::Pdf(..) => super::Format::Pdf,
        Scan::Image(_) => super::Format::Image,
    };
    let meta = super::DocMeta { pages: Some(pages.len() as u32), ..Default::default() };
    let layout_pages = words::to_layout(&pages, &options.vocabulary);
    let mut doc = super::layout::build(&layout_pages, format, meta);
    if doc.text.trim().is_empty() {
        return Err(InputError::OcrFailed { what: what(), reason: "没有识别出文字".into() });
    }
    let confs: Vec<Option<f32>> = pages.iter().map(OcrPage::confidence).collect();
    let weights: Vec<usize> =
        pages.iter().map(|p| p.lines.iter().flat_map(|l| &l.words).map(|w| w.text.chars().count()).sum()).collect();
    let total: usize = weights.iter().sum();
    let mean = confs.iter().zip(&weights).map(|(c, &n)| f64::from(c.unwrap_or(0.0)) * n as f64).sum::<f64>()
        / total.max(1) as f64;
    doc.ocr = Some(OcrInfo {
        engine: engine.name(),
        language,
        confidence: mean.round().clamp(0.0, 100.0) as u8,
        pages: confs.iter().map(|c| c.unwrap_or(0.0).round().clamp(0.0, 100.0) as u8).collect(),
        cached: from_cache,
    });
    Ok(doc)
}

/// Read every page (in parallel), choosing the model as the module documentation says.
#[cfg(feature = "ocr")]
fn recognise(
    engine: &engine::Engine,
    source: &raster::Pages<'_>,
    options: &OcrOptions,
) -> Result<(Vec<words::OcrPage>, String), String> {
    use rayon::prelude::*;
    let n = source.count();
    if n > MAX_OCR_PAGES {
        return Err(format!("共 {n} 页，超过文字识别上限 {MAX_OCR_PAGES} 页"));
    }
    if let Some(p) = &options.progress {
        p(OcrEvent::Started { pages: n });
    }
    let read_all = |language: &str, skip: Option<usize>| -> Vec<Result<Option<words::OcrPage>, String>> {
        (0..n)
            .into_par_iter()
            .map(|i| {
                if Some(i) == skip {
                    return Ok(None);
                }
                let page = read_page(engine, source, i, language).map(Some);
                if let Some(p) = &options.progress {
                    p(OcrEvent::PageDone);
                }
                page
            })
            .collect()
    };
    let mut pages: Vec<Option<words::OcrPage>> = Vec::with_capacity(n);
    for (i, r) in read_all("chi_sim", None).into_iter().enumerate() {
        pages.push(r.map_err(|e| format!("第 {} 页：{e}", i + 1))?);
    }
    let mut language = "chi_sim".to_string();
    let first = pages.iter().position(|p| p.as_ref().is_some_and(|p| p.confidence().is_some()));
    if let (Some(i), true) = (first, engine.has("chi_tra")) {
        let sim = pages[i].as_ref().and_then(words::OcrPage::confidence).unwrap_or(0.0);
        if sim < TRY_TRADITIONAL_BELOW {
            let tra = read_page(engine, source, i, "chi_tra").map_err(|e| format!("第 {} 页：{e}", i + 1))?;
            if tra.confidence().unwrap_or(0.0) > sim + 2.0 {
                language = "chi_tra".to_string();
                if let Some(p) = &options.progress {
                    p(OcrEvent::Started { pages: n - 1 });
                }
                let rest = read_all("chi_tra", Some(i));
                for (k, r) in rest.into_iter().enumerate() {
                    if let Some(p) = r.map_err(|e| format!("第 {} 页：{e}", k + 1))? {
                        pages[k] = Some(p);
                    }
                }
                pages[i] = Some(tra);
            }
        }
    }
    Ok((pages.into_iter().flatten().collect(), language))
}

/// Read page `i`: its image, prepared, through Tesseract, into points. A page read with
/// little confidence is checked for lying on its side or upside down (Tesseract's
/// orientation detection) and, if so, read again turned upright.
#[cfg(feature = "ocr")]
fn read_page(
    engine: &engine::Engine,
    source: &raster::Pages<'_>,
    i: usize,
    language: &str,
) -> Result<words::OcrPage, String> {
    let image = source.page(i)?;
    let prepared = prep::prepare(image.image, image.dpi);
    let pgm = prep::pgm(&prepared.gray);
    let page = read_prepared(engine, &prepared, &pgm, i, language)?;
    let conf = page.confidence().unwrap_or(0.0);
    if conf >= TRY_ORIENTATION_BELOW {
        return Ok(page);
    }
    let Some(turns) = engine.orientation(&pgm, prepared.dpi.round() as u32) else { return Ok(page) };
    let turned = prep::prepare(image::DynamicImage::ImageLuma8(prep::turn(&prepared.gray, turns)), prepared.dpi);
    let again = read_prepared(engine, &turned, &prep::pgm(&turned.gray), i, language)?;
    Ok(if again.confidence().unwrap_or(0.0) > conf { again } else { page })
}

/// Recognise a prepared page (`pgm`: its image as Tesseract reads it).
#[cfg(feature = "ocr")]
fn read_prepared(
    engine: &engine::Engine,
    prepared: &prep::Prepared,
    pgm: &[u8],
    i: usize,
    language: &str,
) -> Result<words::OcrPage, String> {
    let dpi = prepared.dpi.round().max(1.0) as u32;
    let rows = engine.recognise(pgm, dpi, language)?;
    let pt = 72.0 / prepared.dpi;
    let mut lines: Vec<words::OcrLine> = Vec::new();
    let mut current: Option<(u32, u32, u32)> = None;
    for r in rows {
        let bbox = [r.left as f32 * pt, r.top as f32 * pt, r.width as f32 * pt, r.height as f32 * pt];
        if r.level == 4 {
            let (g, t) = (&prepared.gray, prepared.threshold);
            let stroke = prep::stroke(g, t, r.left, r.top, r.width, r.height) * pt;
            let text_h = prep::text_height(g, t, r.left, r.top, r.width, r.height) * pt;
            lines.push(words::OcrLine {
                x: bbox[0],
                y: bbox[1],
                w: bbox[2],
                h: bbox[3],
                text_h,
                stroke,
                words: Vec::new(),
            });
            current = Some(r.line);
        } else if current == Some(r.line) {
            if let Some(l) = lines.last_mut() {
                l.words.push(words::OcrWord {
                    x: bbox[0],
                    y: bbox[1],
                    w: bbox[2],
                    h: bbox[3],
                    conf: r.conf,
                    text: r.text,
                });
            }
        }
    }
    lines.retain(|l| !l.words.is_empty());
    let (w, h) = prepared.gray.dimensions();
    Ok(words::OcrPage { number: i as u32 + 1, width: w as f32 * pt, height: h as f32 * pt, lines })
}
