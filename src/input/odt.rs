//! OpenDocument (.odt) reader. (Placeholder: the reader is being written; until then such a file gets a
//! per-file error saying how to convert it.)

use super::{Document, InputError};

pub fn decode(_bytes: &[u8], ext: &str) -> Result<Document, InputError> {
    Err(InputError::Unsupported(ext.to_string(), super::CONVERT_HELP))
}
