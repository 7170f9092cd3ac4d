//! Input: find the files to check, detect their format and decode them to text.
//! The parser only ever sees decoded text.
//!
//! One submodule per format: `text` (BOM, UTF-8, UTF-16, GB18030 and other legacy
//! encodings), `markdown` (heading and emphasis marks blanked out in place), `docx`
//! (Word body text with automatic numbering rendered), `html` (the article of a web
//! page), and `walk` (directories). Every failure is an [`InputError`] value with a
//! Chinese message; nothing here panics on bad bytes.

mod docx;
mod html;
mod markdown;
mod text;
mod walk;

pub use walk::{collect_paths, collect_paths_with, WalkOptions};

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
}

/// A decoded document.
///
/// How `text` maps back to the file: for text and Markdown, byte for byte in the
/// decoded text (stripped marks become spaces of the same length, so lines and columns
/// are the file's own); for .docx, line N is the N-th paragraph of the body (table cells
/// included); for HTML, line N is the N-th non-empty block of the article.
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub format: Format,
    /// The encoding the bytes were decoded from (UTF-8, GB18030, UTF-16LE …).
    pub encoding: &'static str,
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
    #[error("文件内容是{0}格式，与扩展名不符：{1}")]
    Disguised(&'static str, &'static str),
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
    #[error("没有找到正文文字")]
    NoText,
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

/// File extensions `check` reads when walking a directory.
pub const SUPPORTED_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "docx", "html", "htm"];

/// The conventional name of an encoding (encoding_rs spells GB18030 in lower case).
fn encoding_name(enc: &'static encoding_rs::Encoding) -> &'static str {
    if enc == encoding_rs::GB18030 {
        "GB18030"
    } else {
        enc.name()
    }
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Read and decode one file.
pub fn read_path(path: &Path, max_bytes: u64) -> Result<Document, InputError> {
    // One path lookup and no metadata call per file (a bulk run opens thousands): the
    // size limit is enforced while reading, and the file system is asked for the size
    // only to report a file that exceeds it.
    let file = std::fs::File::open(path).map_err(InputError::from_io)?;
    // Read at most one byte past the limit: a file that grows (or a device that never
    // ends) cannot make us read more than the limit. Most reports fit the first buffer.
    let mut bytes = Vec::with_capacity(READ_BUFFER.min(usize::try_from(max_bytes).unwrap_or(usize::MAX).saturating_add(1)));
    let read = std::io::Read::read_to_end(&mut std::io::Read::take(&file, max_bytes.saturating_add(1)), &mut bytes);
    if let Err(e) = read {
        return Err(if e.kind() == std::io::ErrorKind::IsADirectory { InputError::Io("是目录".into()) } else { InputError::from_io(e) });
    }
    if bytes.len() as u64 > max_bytes {
        let size = file.metadata().map_or(bytes.len() as u64, |m| m.len().max(bytes.len() as u64));
        return Err(InputError::TooLarge { size, limit: max_bytes });
    }
    decode_bytes(&bytes, &path.to_string_lossy())
}

/// The first read buffer: larger than most reports as plain text.
const READ_BUFFER: usize = 64 * 1024;

const DOC_HELP: &str = "请在 Word 或 WPS 中另存为 .docx 或 .txt 后再检查";
const PDF_HELP: &str = "请从 PDF 复制正文另存为 .txt，或使用原始 .docx 文件";
const RTF_HELP: &str = "请在 Word 或 WPS 中另存为 .docx 后再检查";

/// A format recognised by its first bytes: its name, the extensions it normally has and
/// how to convert it. `None` for zip (read as .docx) and for anything else.
struct Foreign {
    name: &'static str,
    exts: &'static [&'static str],
    help: &'static str,
}

fn sniff_foreign(bytes: &[u8]) -> Option<Foreign> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Foreign { name: "旧版 Word/WPS（.doc/.wps）或加密 Office 文档", exts: &["doc", "wps", "docx"], help: DOC_HELP })
    } else if bytes.starts_with(b"%PDF-") {
        Some(Foreign { name: "PDF", exts: &["pdf"], help: PDF_HELP })
    } else if bytes.starts_with(b"{\\rtf") {
        Some(Foreign { name: "RTF", exts: &["rtf"], help: RTF_HELP })
    } else {
        None
    }
}

/// Decode bytes by the file name's extension (a front end without a file system uses
/// this). The content decides when it plainly contradicts the name: a zip (a .docx saved
/// under another name) is read as .docx, a PDF renamed .txt gets the PDF advice.
pub fn decode_bytes(bytes: &[u8], name: &str) -> Result<Document, InputError> {
    let ext = extension(Path::new(name));
    if bytes.is_empty() {
        return Err(InputError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return docx::decode(bytes);
    }
    if let Some(f) = sniff_foreign(bytes) {
        return Err(if ext == "docx" {
            InputError::NotDocx(format!("内容是{}格式；{}", f.name, f.help))
        } else if f.exts.contains(&ext.as_str()) {
            InputError::Unsupported(ext, f.help)
        } else {
            InputError::Disguised(f.name, f.help)
        });
    }
    match ext.as_str() {
        "doc" | "wps" => Err(InputError::Unsupported(ext, DOC_HELP)),
        "pdf" => Err(InputError::Unsupported(ext, PDF_HELP)),
        "rtf" => Err(InputError::Unsupported(ext, RTF_HELP)),
        "docx" => docx::decode(bytes),
        "html" | "htm" | "xhtml" | "shtml" => html::decode(bytes),
        "md" | "markdown" => text::decode(bytes).map(|(t, enc)| Document {
            text: markdown::blank_marks(t),
            format: Format::Markdown,
            encoding: enc,
        }),
        _ => text::decode(bytes).map(|(t, enc)| Document { text: t, format: Format::Text, encoding: enc }),
    }
}

