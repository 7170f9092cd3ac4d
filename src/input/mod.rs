//! Input: find the files to check, detect their format and decode them to text.
//! The parser only ever sees decoded text.

mod text;

use std::path::{Path, PathBuf};

/// Largest file read by default (bytes).
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
}

/// A decoded document.
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
    #[error("文件过大（{size} 字节，上限 {limit} 字节）")]
    TooLarge { size: u64, limit: u64 },
    #[error("不是文本文件（含二进制数据）")]
    Binary,
    #[error("无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030）")]
    Encoding,
    #[error("不支持的文件类型 .{0}：{1}")]
    Unsupported(String, &'static str),
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
pub const SUPPORTED_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// Read and decode one file.
pub fn read_path(path: &Path, max_bytes: u64) -> Result<Document, InputError> {
    let meta = std::fs::metadata(path).map_err(InputError::from_io)?;
    if meta.is_dir() {
        return Err(InputError::Io("是目录".into()));
    }
    if meta.len() > max_bytes {
        return Err(InputError::TooLarge { size: meta.len(), limit: max_bytes });
    }
    let bytes = std::fs::read(path).map_err(InputError::from_io)?;
    decode_bytes(&bytes, &path.to_string_lossy())
}

/// Decode bytes by the file name's extension (a front end without a file system uses this).
pub fn decode_bytes(bytes: &[u8], name: &str) -> Result<Document, InputError> {
    let ext = extension(Path::new(name));
    match ext.as_str() {
        "doc" | "wps" => Err(InputError::Unsupported(ext, "请在 Word 或 WPS 中另存为 .docx 或 .txt 后再检查")),
        "pdf" => Err(InputError::Unsupported(ext, "请从 PDF 复制正文另存为 .txt，或使用原始 .docx 文件")),
        "md" | "markdown" => text::decode(bytes).map(|(t, enc)| Document { text: t, format: Format::Markdown, encoding: enc }),
        _ => text::decode(bytes).map(|(t, enc)| Document { text: t, format: Format::Text, encoding: enc }),
    }
}

/// Expand the given paths: files as given, directories walked recursively for supported
/// extensions (sorted). Paths that cannot be walked are returned with their error.
pub fn collect_paths(paths: &[PathBuf]) -> Vec<(PathBuf, Option<InputError>)> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) => out.push((p.clone(), Some(InputError::from_io(e)))),
            Ok(m) if m.is_dir() => walk(p, &mut out, 0),
            Ok(_) => out.push((p.clone(), None)),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, Option<InputError>)>, depth: usize) {
    if depth > 64 {
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push((dir.to_path_buf(), Some(InputError::from_io(e))));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out, depth + 1),
            Ok(m) if m.file_type().is_symlink() => {
                if p.is_file() && SUPPORTED_EXTENSIONS.contains(&extension(&p).as_str()) {
                    out.push((p, None));
                }
            }
            Ok(_) => {
                if SUPPORTED_EXTENSIONS.contains(&extension(&p).as_str()) {
                    out.push((p, None));
                }
            }
            Err(e) => out.push((p, Some(InputError::from_io(e)))),
        }
    }
}
