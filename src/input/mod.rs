//! Input: find the files to check, detect their format and decode them to text.
//! The parser only ever sees decoded text.
//!
//! One submodule per format: `text` (BOM, UTF-8, UTF-16, GB18030 and other legacy
//! encodings), `markdown` (heading and emphasis marks blanked out in place), `docx/`
//! (Word body text with automatic numbering rendered), `doc` (Word 97–2003 .doc and WPS
//! .wps), `odt` (OpenDocument text), `rtf`, `html` (the article of a web page), `pdf/`
//! (text layer), `ofd` (China's fixed-layout format), `ocr/` (scans and page images
//! through Tesseract); `layout` turns the glyphs of PDF, OFD and OCR pages into lines and
//! paragraphs; `provenance` records where each piece of a .docx's or .odt's text lies in
//! its part (for the comment writers); `walk` finds the files in directories. Content
//! decides the format before the extension ([`decode_bytes`]). Every failure is an
//! [`InputError`] value with a Chinese message; nothing here panics on bad bytes.

mod doc;
// The annotate writer shares the XML event loop and the zip entry reader.
pub(crate) mod docx;
mod html;
mod layout;
pub(crate) mod markdown;
pub mod ocr;
// The .odt comment writer reads a file's provenance through its reader.
pub(crate) mod odt;
mod ofd;
mod pdf;
mod provenance;
mod rtf;
pub(crate) mod text;
mod walk;

pub use ocr::{Ocr, OcrEvent, OcrInfo, OcrOptions};
pub use pdf::{page_texts as pdf_page_texts, MAX_PAGES as PDF_MAX_PAGES};
pub use provenance::{Piece, PieceKind, Provenance, RunSource};
pub use walk::{
    collect_paths, collect_paths_with, is_annotated_copy, WalkOptions, ANNOTATED_ODT_SUFFIX, ANNOTATED_SUFFIX,
};

use crate::span::Span;
use std::path::{Path, PathBuf};

/// Largest file read by default (bytes).
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// Largest size one part of a .docx (a zip entry) may inflate to. Anything larger is
/// refused while streaming, so a zip bomb never reaches memory.
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Deepest element nesting accepted in XML and HTML. Real documents stay far below;
/// deeper input is refused with a clear error instead of costing time or stack.
pub const MAX_NESTING: usize = 2_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Docx,
    Html,
    /// Word 97–2003 binary (.doc).
    Doc,
    /// WPS Office binary (.wps), the same compound-file family as .doc.
    Wps,
    Pdf,
    Ofd,
    Odt,
    Rtf,
    /// A page image (PNG, JPEG, TIFF), read by OCR.
    Image,
}

impl Format {
    /// Formats whose positions are pages (diagnostics also name 第 N 页).
    pub fn is_paged(self) -> bool {
        matches!(self, Format::Pdf | Format::Ofd | Format::Image)
    }
}

/// What a block of a document is, as the document itself says (styles, outline levels,
/// layout), independent of any typed marker in its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The document's title (Word's Title style, the largest line on the first page …).
    Title,
    /// A heading. `1..=4`: the level the document gives it (Heading 1 / 标题 1 /
    /// `w:outlineLvl` 0 → 1). `0`: a heading candidate whose level the document does not
    /// say (a short bold or centred line in a PDF); the parser decides.
    Heading(u8),
    /// Running text.
    Paragraph,
    /// The text of one table cell.
    Cell,
}

/// One block of a structured document: a paragraph, heading or table cell.
///
/// `span` is a byte range of [`Document::text`] (one line: blocks are joined by `\n` and
/// never contain a line break). `generated` is how many bytes at the start of `span` the
/// reader produced itself and are not in the source's runs (rendered automatic
/// numbering such as `一、`), so a writer mapping back to the source (Word comments) can
/// skip them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
    /// 1-based page number, for paged formats (PDF, OFD).
    pub page: Option<u32>,
    pub generated: u32,
}

/// Facts the file states about itself besides its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct DocMeta {
    /// Creation or modification date the container records (docx core.xml
    /// `dcterms:created`, PDF Info `/CreationDate`, OFD `CreationDate`), as `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Where `date` came from (`core.xml`, `PDF Info` …), for messages.
    pub date_source: Option<&'static str>,
    /// 发布时间 of a web page, as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Number of pages, for paged formats.
    pub pages: Option<u32>,
}

/// Builds a [`Document`] from blocks: each block's text becomes one line of the decoded
/// text (line breaks inside a block become spaces), so line N is the N-th block.
#[derive(Debug)]
pub struct DocBuilder {
    text: String,
    blocks: Vec<Block>,
}

impl DocBuilder {
    pub fn new() -> Self {
        DocBuilder { text: String::new(), blocks: Vec::new() }
    }

    /// Append one block. `generated` bytes at the start of `text` are reader-made (see
    /// [`Block::generated`]). Empty blocks are kept as empty lines.
    pub fn push(&mut self, kind: BlockKind, text: &str, page: Option<u32>, generated: usize) {
        if !self.blocks.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        for c in text.chars() {
            self.text.push(if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}') {
                ' '
            } else {
                c
            });
        }
        let end = self.text.len();
        let generated = u32::try_from(generated.min(end - start)).unwrap_or(u32::MAX);
        self.blocks.push(Block { span: Span::new(start, end), kind, page, generated });
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Where the text of the next block pushed starts in the document's text.
    pub(crate) fn next_start(&self) -> usize {
        if self.blocks.is_empty() {
            0
        } else {
            self.text.len() + 1
        }
    }

    pub fn finish(self, format: Format, encoding: &'static str, meta: DocMeta) -> Document {
        Document { text: self.text, format, encoding, blocks: self.blocks, meta, ocr: None, provenance: None }
    }
}

impl Default for DocBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// A decoded document.
///
/// How `text` maps back to the file: for text and Markdown, byte for byte in the
/// decoded text (stripped marks become spaces of the same length, so lines and columns
/// are the file's own); for .docx, line N is the N-th paragraph of the body (table cells
/// included), and [`Document::provenance`] maps every piece of the text to its bytes in
/// `word/document.xml` (`content.xml` for .odt); for HTML, line N is the N-th non-empty
/// block of the article.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub format: Format,
    /// The encoding the bytes were decoded from (UTF-8, GB18030, UTF-16LE …).
    pub encoding: &'static str,
    /// The document's own structure, in text order (empty for plain text and Markdown,
    /// whose structure is only what the text spells out).
    pub blocks: Vec<Block>,
    pub meta: DocMeta,
    /// Set when the text was read by OCR from a scan: engine, model, confidences.
    pub ocr: Option<OcrInfo>,
    /// Where each piece of `text` lies in the container part (.docx and .odt), for the
    /// comment writers; `None` for every other format.
    pub provenance: Option<Box<Provenance>>,
}

impl Document {
    /// A document that is only text (no blocks, no metadata).
    pub fn plain(text: String, format: Format, encoding: &'static str) -> Self {
        Document { text, format, encoding, blocks: Vec::new(), meta: DocMeta::default(), ocr: None, provenance: None }
    }

    /// The page a byte offset of `text` lies on, for paged formats.
    pub fn page_at(&self, offset: usize) -> Option<u32> {
        let i = self.blocks.partition_point(|b| b.span.end < offset);
        self.blocks.get(i).or_else(|| self.blocks.last()).and_then(|b| b.page)
    }
}

/// Why a file could not be checked. Messages are in Chinese and name no path: the
/// caller shows the path beside them.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("文件不存在")]
    NotFound,
    #[error("没有读取权限")]
    PermissionDenied,
    #[error("读取失败：{0}")]
    Io(String),
    #[error("文件为空")]
    Empty,
    #[error("文件过大（{size} 字节，上限 {limit} 字节；可用 --max-bytes 调整）")]
    TooLarge { size: u64, limit: u64 },
    #[error("不是文本文件（含二进制数据）")]
    Binary,
    #[error("无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030、Big5）")]
    Encoding,
    #[error("不支持的文件类型 .{0}：{1}")]
    Unsupported(String, &'static str),
    #[error("不是有效的 .docx 文件：{0}")]
    NotDocx(String),
    #[error("文档中的 {part} 解压后超过 {limit} 字节上限，已拒绝读取（可能是压缩炸弹）")]
    PartTooLarge { part: String, limit: u64 },
    #[error("文档中的 {0} 解压后超过其声明的大小，已拒绝读取（可能是压缩炸弹）")]
    PartLies(String),
    #[error("网页文件过大（{size} 字节，网页上限 {limit} 字节）：请复制正文另存为 .txt 后检查")]
    PageTooLarge { size: u64, limit: u64 },
    #[error("{part} 格式错误：{detail}")]
    Malformed { part: String, detail: String },
    #[error("{0} 的元素嵌套超过 {1} 层，已拒绝读取")]
    TooDeep(String, usize),
    #[error("文档已加密，无法读取：请在原软件中取消密码后另存，再检查")]
    Encrypted,
    #[error("没有找到正文文字")]
    NoText,
    #[error("不是有效的 PDF 文件：{0}")]
    NotPdf(String),
    #[error("PDF 超过读取上限，未读取：{0}")]
    PdfLimit(String),
    #[error("PDF 的文字无法还原：{0}")]
    PdfUnmapped(String),
    #[error("PDF 已加密，需要密码才能打开：请提供未加密的文件")]
    PdfEncrypted,
    #[error("PDF 没有文字层，是扫描件或图片（共 {pages} 页）：请先做文字识别（OCR），或使用原始 .docx 文件")]
    PdfScanned { pages: u32 },
    #[error("{what}，没有文字层：请先做文字识别（OCR），或使用原始 .docx 文件")]
    OcrNeeded { what: String },
    #[error("{what}，已按设置不做文字识别（--no-ocr 或配置 ocr: false）：请使用原始 .docx 文件，或去掉该设置")]
    OcrRefused { what: String },
    #[error("{what}，但无法做文字识别（OCR）：{reason}。{}", OCR_PACKAGES)]
    OcrUnavailable { what: String, reason: String },
    #[error("{what}，文字识别（OCR）失败：{reason}")]
    OcrFailed { what: String, reason: String },
    #[error("不是有效的 OFD 文件：{0}")]
    NotOfd(String),
    #[error("符号链接构成循环（指向 {0}）")]
    SymlinkLoop(PathBuf),
}

impl InputError {
    fn from_io(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::NotFound => InputError::NotFound,
            std::io::ErrorKind::PermissionDenied => InputError::PermissionDenied,
            _ => InputError::Io(e.to_string()),
        }
    }
}

/// What enables reading scans, for the message of a scan that cannot be read.
pub const OCR_PACKAGES: &str = "安装 Tesseract 及中文模型后即可检查扫描件（Debian/Ubuntu：apt install tesseract-ocr tesseract-ocr-chi-sim，繁体报告另装 tesseract-ocr-chi-tra），或使用原始 .docx 文件";

/// File extensions `check` reads when walking a directory.
pub const SUPPORTED_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "docx", "doc", "wps", "pdf", "ofd", "odt", "rtf", "html", "htm", "xhtml", "shtml",
];

/// The conventional name of an encoding (encoding_rs spells GB18030 in lower case).
fn encoding_name(enc: &'static encoding_rs::Encoding) -> &'static str {
    if enc == encoding_rs::GB18030 {
        "GB18030"
    } else {
        enc.name()
    }
}

/// Page images, read by OCR. A directory walk takes them only when asked
/// ([`WalkOptions::images`]); a file named on the command line is always read.
pub const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "tif", "tiff"];

/// How files are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Largest file read (bytes).
    pub max_bytes: u64,
    /// Whether and how scans are read.
    pub ocr: Ocr,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: DEFAULT_MAX_BYTES, ocr: Ocr::Off }
    }
}

impl ReadOptions {
    /// The defaults with another size limit.
    pub fn with_max_bytes(max_bytes: u64) -> Self {
        ReadOptions { max_bytes, ..Default::default() }
    }
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// The calendar date (year, month, day) of a day counted from 1970-01-01, for the
/// readers' metadata dates and the comments' timestamps (H. Hinnant's civil-from-days).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Read and decode one file (scans are refused: see [`read_path_with`]).
pub fn read_path(path: &Path, max_bytes: u64) -> Result<Document, InputError> {
    read_path_with(path, &ReadOptions::with_max_bytes(max_bytes))
}

/// Read and decode one file with options (OCR of scans).
pub fn read_path_with(path: &Path, options: &ReadOptions) -> Result<Document, InputError> {
    let max_bytes = options.max_bytes;
    // One path lookup and no metadata call per file (a bulk run opens thousands): the
    // size limit is enforced while reading, and the file system is asked for the size
    // only to report a file that exceeds it.
    let file = std::fs::File::open(path).map_err(InputError::from_io)?;
    // Read at most one byte past the limit: a file that grows (or a device that never
    // ends) cannot make us read more than the limit. Most reports fit the first buffer.
    let mut bytes =
        Vec::with_capacity(READ_BUFFER.min(usize::try_from(max_bytes).unwrap_or(usize::MAX).saturating_add(1)));
    let read = std::io::Read::read_to_end(&mut std::io::Read::take(&file, max_bytes.saturating_add(1)), &mut bytes);
    if let Err(e) = read {
        return Err(if e.kind() == std::io::ErrorKind::IsADirectory {
            InputError::Io("是目录".into())
        } else {
            InputError::from_io(e)
        });
    }
    if bytes.len() as u64 > max_bytes {
        let size = file.metadata().map_or(bytes.len() as u64, |m| m.len().max(bytes.len() as u64));
        return Err(InputError::TooLarge { size, limit: max_bytes });
    }
    decode_bytes_with(&bytes, &path.to_string_lossy(), &options.ocr)
}

/// The first read buffer: larger than most reports as plain text.
const READ_BUFFER: usize = 64 * 1024;

/// What a zip container holds: OFD (OFD.xml at the root), OpenDocument (a `mimetype`
/// entry naming it) or anything else (read as .docx, which reports what is missing).
fn zip_kind(bytes: &[u8], ext: &str) -> Format {
    let Ok(zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // A broken zip: its name says which reader explains the damage.
        return match ext {
            "ofd" => Format::Ofd,
            "odt" => Format::Odt,
            _ => Format::Docx,
        };
    };
    let mut names = zip.file_names();
    if names.any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("OFD.xml"))) {
        return Format::Ofd;
    }
    if zip.index_for_name("content.xml").is_some() && zip.index_for_name("word/document.xml").is_none() {
        return Format::Odt;
    }
    Format::Docx
}

/// Decode bytes by the file name's extension (a front end without a file system uses
/// this). The content decides when it plainly contradicts the name: a zip (a .docx saved
/// under another name) is read as .docx, a PDF renamed .txt gets the PDF advice.
pub fn decode_bytes(bytes: &[u8], name: &str) -> Result<Document, InputError> {
    decode_bytes_with(bytes, name, &Ocr::Off)
}

/// [`decode_bytes`], reading scans (image-only PDFs, page images) as `ocr` says (with
/// OCR on, its vocabulary also repairs a PDF's OCR layer).
pub fn decode_bytes_with(bytes: &[u8], name: &str, ocr: &Ocr) -> Result<Document, InputError> {
    let vocabulary: &[String] = match ocr {
        Ocr::On(o) => &o.vocabulary,
        _ => &[],
    };
    decode_with(bytes, name, ocr, vocabulary)
}

/// [`decode_bytes`] with the rule set's words (`vocabulary`: `Parts::cue_words`), which a
/// PDF's OCR layer (a scan another program read) is repaired to: a front end without OCR
/// (the web page) reads such a PDF as the command line does. Scans are refused.
pub fn decode_bytes_with_vocabulary(bytes: &[u8], name: &str, vocabulary: &[String]) -> Result<Document, InputError> {
    decode_with(bytes, name, &Ocr::Off, vocabulary)
}

fn decode_with(bytes: &[u8], name: &str, ocr: &Ocr, vocabulary: &[String]) -> Result<Document, InputError> {
    if !ocr::image_kind(bytes).is_empty() {
        return ocr::read_scan(ocr::Scan::Image(bytes), ocr);
    }
    match decode_known(bytes, name, vocabulary) {
        Err(InputError::PdfScanned { pages }) => ocr::read_scan(ocr::Scan::Pdf(bytes, pages), ocr),
        other => other,
    }
}

fn decode_known(bytes: &[u8], name: &str, vocabulary: &[String]) -> Result<Document, InputError> {
    let ext = extension(Path::new(name));
    if bytes.is_empty() {
        return Err(InputError::Empty);
    }
    // A spreadsheet, presentation or archive named on the command line: read by content
    // (a report saved under such a name still reads), else the walk's reason.
    if let Some(reason) = walk::unsupported_reason(&ext) {
        return decode_content(bytes, &ext, vocabulary).map_err(|_| InputError::Unsupported(ext, reason));
    }
    decode_content(bytes, &ext, vocabulary)
}

fn decode_content(bytes: &[u8], ext: &str, vocabulary: &[String]) -> Result<Document, InputError> {
    let ext = ext.to_string();
    // The content decides, whatever the name says: a .docx saved as .doc, a PDF renamed
    // .txt, an OFD under .zip are all read as what they are.
    if bytes.starts_with(b"PK\x03\x04") {
        return match zip_kind(bytes, &ext) {
            Format::Ofd => ofd::decode(bytes, &ext),
            Format::Odt => odt::decode(bytes, &ext),
            _ => docx::decode(bytes),
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return doc::decode(bytes, &ext);
    }
    if bytes.starts_with(b"%PDF-")
        || (bytes.len() > 5 && memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some())
    {
        return pdf::decode(bytes, &ext, vocabulary);
    }
    if bytes.starts_with(b"{\\rtf") {
        return rtf::decode(bytes, &ext);
    }
    match ext.as_str() {
        "doc" | "wps" => doc::decode(bytes, &ext),
        "pdf" => pdf::decode(bytes, &ext, vocabulary),
        "rtf" => rtf::decode(bytes, &ext),
        "ofd" => ofd::decode(bytes, &ext),
        "odt" => odt::decode(bytes, &ext),
        "docx" => docx::decode(bytes),
        "html" | "htm" | "xhtml" | "shtml" => html::decode(bytes),
        "md" | "markdown" => {
            text::decode(bytes).map(|(t, enc)| Document::plain(markdown::blank_marks(t), Format::Markdown, enc))
        }
        _ => text::decode(bytes).map(|(t, enc)| Document::plain(t, Format::Text, enc)),
    }
}
