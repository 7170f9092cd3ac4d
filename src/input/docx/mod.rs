//! .docx: the body text of a Word (or WPS) document, one line per paragraph.
//!
//! Reads `word/document.xml` as a stream (quick-xml, no DOM, no recursion): body
//! paragraphs in order, table cells and text boxes included; tracked changes resolved
//! (inserted text in, deleted and moved-away text out); field codes, headers, footers,
//! comments and footnotes left out (they live in other parts or in skipped elements).
//! Word's automatic numbering is rendered from `numbering.xml` (and list styles in
//! `styles.xml`) so an auto-numbered heading reads "一、…" exactly like typed text.
//!
//! Each piece of text read is recorded with its byte range in `document.xml` (and the
//! run holding it) as the document's [`Provenance`](super::Provenance): the comment
//! writer inserts its markers there without reading the part's structure again.
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
//!
//! One file per part of the package: [`part`] (zip entries, the bounded reader, the XML
//! event loop; shared with the .odt and .ofd readers), [`styles`] (`styles.xml`),
//! [`numbering`] (`numbering.xml`, list labels; `format_number` is shared with .doc and
//! .odt), [`body`] (`document.xml`) and [`core`] (`docProps/core.xml`).
//!
//! [`BlockKind::Cell`]: super::BlockKind::Cell

mod body;
mod core;
mod numbering;
mod part;
mod styles;

pub(crate) use body::{main_prefix, W_NS};
pub(crate) use numbering::format_number;
pub(crate) use part::{attr, for_each_event, general_ref, open_part, slice_events, At, Limited, Part};
// The roster reader's (audit) way into a workbook's XML parts.
#[cfg(feature = "audit")]
pub(crate) use part::xml_events;

use self::core::core_date;
use super::{DocMeta, Document, Format, InputError, MAX_PART_BYTES};
use body::Body;
use numbering::Numbering;
use std::io::Cursor;
use styles::Styles;

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
    let (builder, provenance) = Body::read(body, limit, &styles, numbering)?;
    if builder.is_empty() {
        return Err(InputError::NoText);
    }
    // The date is a fact about the file, not its text: a broken core.xml loses only it.
    let date = match open_part(&mut zip, CORE, limit) {
        Ok(Some(r)) => core_date(r, limit),
        _ => None,
    };
    let meta = DocMeta { date_source: date.as_ref().map(|_| "core.xml"), date, ..DocMeta::default() };
    let mut doc = builder.finish(Format::Docx, "UTF-8", meta);
    doc.provenance = Some(Box::new(provenance));
    Ok(doc)
}
