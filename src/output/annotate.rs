//! Comments (批注): the draft returned with every finding in the margin.
//!
//! Three writers, one comment model:
//! - a .docx input is copied entry by entry, unchanged except `word/document.xml`
//!   (comment ranges and references inserted between and inside runs; nothing else in
//!   the part moves), `word/comments.xml` (created or appended to), the document's
//!   relationships and `[Content_Types].xml` (only what is missing is added) — see
//!   [`annotate_docx`];
//! - an .odt input is copied the same way, unchanged except `content.xml`, where an
//!   `office:annotation` and its `office:annotation-end` are inserted around each span —
//!   see [`annotate_odt`];
//! - every other input becomes a new .docx of its decoded text, one paragraph per line,
//!   title and section headings in Word's Title and Heading 1–4 styles — see [`new_docx`].
//!
//! The copies of .docx and .odt files put their markers where the reader says each
//! piece of text came from ([`Document::provenance`]): the writers do not read the
//! document's structure again (`place.rs` maps a span to those byte ranges).
//!
//! Each comment is anchored on the finding's span of [`Document::text`]; a finding
//! without text of its own (a missing part) is anchored on the line it points at.
//! The comment text is Chinese: `【错误】message`, the finding's label when it says more
//! (where a missing part belongs), `修改建议：help`, `规则：rule-id`.
//! Parts are read with the reader's limits ([`MAX_PART_BYTES`], [`MAX_NESTING`](crate::input::MAX_NESTING));
//! nothing here panics on a broken file, and nothing is printed.

mod fresh;
mod odf;
mod patch;
mod place;

use crate::check::Checked;
use crate::input::{Document, Format, InputError, MAX_PART_BYTES};
use crate::span::{floor_char_boundary, Span};

/// The comments' author and initials.
pub const AUTHOR: &str = "fazhi-lint";
pub const INITIALS: &str = "FZ";

/// The WordprocessingML main namespace.
pub(crate) use crate::input::docx::W_NS;
pub(crate) const COMMENTS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
pub(crate) const COMMENTS_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// How to write the comments.
#[derive(Clone, Debug)]
pub struct AnnotateOptions {
    /// The comments' date, RFC 3339 (`2026-12-01T20:00:00Z`): the run's time, passed in
    /// so the output is deterministic.
    pub date: String,
}

/// One comment: the span of [`Document::text`] it is anchored on, and its paragraphs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub anchor: Span,
    pub paragraphs: Vec<String>,
}

/// The file name of the annotated copy of a file with stem `stem`: `<stem>.批注.docx`.
pub fn output_name(stem: &str) -> String {
    format!("{stem}{}", crate::input::ANNOTATED_SUFFIX)
}

/// The file name of the annotated copy [`annotated_copy`] writes for a document of
/// format `format`: `<stem>.批注.odt` for an .odt, else `<stem>.批注.docx`.
pub fn output_name_for(stem: &str, format: Format) -> String {
    match format {
        Format::Odt => format!("{stem}{}", crate::input::ANNOTATED_ODT_SUFFIX),
        _ => output_name(stem),
    }
}

/// Whether a file name is itself an annotated copy (a directory walk skips those).
pub fn is_output_name(name: &str) -> bool {
    crate::input::is_annotated_copy(name)
}

/// Whether a .docx or .odt already carries this tool's comments (an annotated copy,
/// whatever its name): annotating it again would stack the old comments under the new
/// ones.
pub fn already_annotated(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return false };
    let (part, needle) = if zip.index_for_name("word/comments.xml").is_some() {
        ("word/comments.xml", format!("author=\"{AUTHOR}\""))
    } else if zip.index_for_name("word/document.xml").is_none() {
        ("content.xml", format!("<dc:creator>{AUTHOR}</dc:creator>"))
    } else {
        return false;
    };
    let Ok(part) = zip.by_name(part) else { return false };
    let mut xml = Vec::new();
    if crate::input::docx::Limited::new(part, MAX_PART_BYTES).read_to_end(&mut xml).is_err() {
        return false;
    }
    memchr::memmem::find(&xml, needle.as_bytes()).is_some()
}

/// One comment per finding, in the findings' order.
pub fn comments(text: &str, checked: &Checked) -> Vec<Comment> {
    checked
        .findings
        .iter()
        .map(|f| {
            let mut paragraphs = vec![format!("【{}】{}", f.severity.label(), f.message)];
            // The label says what the margin cannot show: where a missing part belongs
            // (“不足的原因”应在“存在的不足”之后补充), which date is late, what the span is.
            let label = f.label.trim();
            if !label.is_empty() && !f.message.contains(label) {
                paragraphs.push(label.to_string());
            }
            if !f.help.trim().is_empty() {
                paragraphs.push(format!("修改建议：{}", f.help));
            }
            paragraphs.push(format!("规则：{}", f.rule));
            Comment { anchor: anchor_of(text, f.span), paragraphs }
        })
        .collect()
}

/// Where a comment on `span` is anchored: the span itself without line breaks at its
/// ends; for an empty span (a missing part points at where it belongs), the line it
/// lies on, or the nearest line with text after (else before) it.
pub fn anchor_of(text: &str, span: Span) -> Span {
    let s = floor_char_boundary(text, span.start.min(text.len()));
    let e = floor_char_boundary(text, span.end.min(text.len())).max(s);
    let (s, e) = trim_breaks(text, s, e);
    if s < e {
        return Span::new(s, e);
    }
    let line_at = |at: usize| -> (usize, usize) {
        let ls = text[..at].rfind('\n').map_or(0, |p| p + 1);
        let le = text[at..].find('\n').map_or(text.len(), |p| at + p);
        (ls, le)
    };
    let (ls, le) = line_at(s);
    let (a, b) = trim_breaks(text, ls, le);
    if a < b && !text[a..b].trim().is_empty() {
        return Span::new(a, b);
    }
    // Forward, then backward, to the nearest line with text.
    let mut at = le;
    while at < text.len() {
        let (ls, le) = line_at(at + 1);
        let (a, b) = trim_breaks(text, ls, le);
        if a < b && !text[a..b].trim().is_empty() {
            return Span::new(a, b);
        }
        at = le;
    }
    let mut at = ls;
    while at > 0 {
        let (ls, le) = line_at(at - 1);
        let (a, b) = trim_breaks(text, ls, le);
        if a < b && !text[a..b].trim().is_empty() {
            return Span::new(a, b);
        }
        at = ls;
    }
    Span::new(s, s)
}

fn trim_breaks(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    let b = text.as_bytes();
    while s < e && matches!(b[s], b'\n' | b'\r') {
        s += 1;
    }
    while e > s && matches!(b[e - 1], b'\n' | b'\r') {
        e -= 1;
    }
    (s, e)
}

/// A copy of the .docx `original` with one comment per finding of `checked` (the
/// result of checking `doc`, which was decoded from `original`).
pub fn annotate_docx(
    original: &[u8],
    doc: &Document,
    checked: &Checked,
    opts: &AnnotateOptions,
) -> Result<Vec<u8>, InputError> {
    patch::annotate(original, doc, &comments(&doc.text, checked), &opts.date)
}

/// A copy of the .odt `original` with one comment (`office:annotation`) per finding of
/// `checked` (the result of checking `doc`, which was decoded from `original`).
pub fn annotate_odt(
    original: &[u8],
    doc: &Document,
    checked: &Checked,
    opts: &AnnotateOptions,
) -> Result<Vec<u8>, InputError> {
    odf::annotate(original, doc, &comments(&doc.text, checked), &opts.date)
}

/// A new .docx holding `doc`'s decoded text with one comment per finding.
pub fn new_docx(doc: &Document, checked: &Checked, opts: &AnnotateOptions) -> Vec<u8> {
    fresh::build(doc, checked, &comments(&doc.text, checked), &opts.date)
}

/// The annotated copy of a file, whatever its format: the .docx or .odt itself with
/// comments, a new .docx for every other format (name it with [`output_name_for`], give
/// its media type with [`output_media_type_for`]). `bytes` are the file's bytes, `doc`
/// their decoded document, `checked` its findings, `now` the comments' date (RFC 3339).
/// This is what `annotate`, `audit --annotate` and the web page's 批注版 write.
pub fn annotated_copy(bytes: &[u8], doc: &Document, checked: &Checked, now: &str) -> Result<Vec<u8>, InputError> {
    let opts = AnnotateOptions { date: now.to_string() };
    match doc.format {
        Format::Odt => annotate_odt(bytes, doc, checked, &opts),
        Format::Docx => annotate_docx(bytes, doc, checked, &opts),
        _ => Ok(new_docx(doc, checked, &opts)),
    }
}

/// The media type of the annotated copy [`annotated_copy`] writes for a document of
/// format `format` (what a browser download is labelled with).
pub fn output_media_type_for(format: Format) -> &'static str {
    match format {
        Format::Odt => "application/vnd.oasis.opendocument.text",
        _ => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
}

/// A Unix time (seconds) as RFC 3339 UTC, `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339_utc(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::input::civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// Text for XML content or a double-quoted attribute: escaped, and without the
/// characters XML 1.0 cannot hold (controls other than tab and line breaks).
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// One `w:comment` element. `declare`: declare the `w` prefix on the element (the
/// comments part uses another prefix for the main namespace).
pub(crate) fn comment_xml(out: &mut String, id: u64, c: &Comment, date: &str, declare: bool) {
    let ns = if declare { format!(" xmlns:w=\"{W_NS}\"") } else { String::new() };
    out.push_str(&format!(
        "<w:comment{ns} w:id=\"{id}\" w:author=\"{}\" w:date=\"{}\" w:initials=\"{}\">",
        xml_escape(AUTHOR),
        xml_escape(date),
        xml_escape(INITIALS)
    ));
    for (i, p) in c.paragraphs.iter().enumerate() {
        out.push_str("<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>");
        if i == 0 {
            out.push_str("<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>");
        }
        out.push_str("<w:r><w:t xml:space=\"preserve\">");
        out.push_str(&xml_escape(p));
        out.push_str("</w:t></w:r></w:p>");
    }
    out.push_str("</w:comment>");
}

/// The markup that opens a comment range.
pub(crate) fn range_start(id: u64, declare: bool) -> String {
    let ns = if declare { format!(" xmlns:w=\"{W_NS}\"") } else { String::new() };
    format!("<w:commentRangeStart{ns} w:id=\"{id}\"/>")
}

/// The markup that closes a comment range and the run holding its reference mark.
pub(crate) fn range_end(id: u64, declare: bool) -> String {
    let ns = if declare { format!(" xmlns:w=\"{W_NS}\"") } else { String::new() };
    format!(
        "<w:commentRangeEnd{ns} w:id=\"{id}\"/><w:r{ns}><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
    )
}

/// Read one zip entry whole, refused past [`MAX_PART_BYTES`] (declared or inflated).
pub(crate) fn read_entry(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, InputError> {
    use std::io::Read;
    let Some(i) = zip.index_for_name(name) else { return Ok(None) };
    let file = zip.by_index(i).map_err(|e| InputError::NotDocx(format!("无法读取 {name}（{e}）")))?;
    if file.size() > MAX_PART_BYTES {
        return Err(InputError::PartTooLarge { part: name.to_string(), limit: MAX_PART_BYTES });
    }
    let mut buf = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0).min(1 << 24));
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| InputError::NotDocx(format!("{name} 的压缩数据已损坏或不完整（{e}）")))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(InputError::PartTooLarge { part: name.to_string(), limit: MAX_PART_BYTES });
    }
    Ok(Some(buf))
}

pub(crate) fn zip_error(e: impl std::fmt::Display) -> InputError {
    InputError::Io(format!("无法写出批注文档（{e}）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors() {
        let t = "标题\n\n一、成效\n正文。\n";
        assert_eq!(anchor_of(t, Span::new(0, 6)).slice(t), "标题");
        // An empty span on an empty line moves to the next line with text.
        assert_eq!(anchor_of(t, Span::new(7, 7)).slice(t), "一、成效");
        // An empty span at the end of the text falls back to the last line with text.
        assert_eq!(anchor_of(t, Span::new(t.len(), t.len())).slice(t), "正文。");
        // Line breaks at the ends are not anchored on.
        let s = t.find("一").unwrap();
        assert_eq!(anchor_of(t, Span::new(s - 1, s + 3)).slice(t), "一");
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_utc(1_764_619_200), "2025-12-01T20:00:00Z");
        assert_eq!(rfc3339_utc(951_825_600), "2000-02-29T12:00:00Z");
    }

    #[test]
    fn escaping_drops_what_xml_cannot_hold() {
        assert_eq!(xml_escape("a<b>&\"\u{1}\u{1b}c"), "a&lt;b&gt;&amp;&quot;c");
    }
}
