//! PDF reader. (Placeholder: the reader is being written; until then such a file gets a
//! per-file error saying how to convert it.)

use super::{Document, InputError};

pub fn decode(_bytes: &[u8], ext: &str) -> Result<Document, InputError> {
    Err(InputError::Unsupported(format!("{ext}（PDF）"), "请从 PDF 复制正文另存为 .txt，或使用原始 .docx 文件"))
}
