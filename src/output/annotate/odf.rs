//! Comments into an existing .odt: every zip entry copied as it is (raw: `mimetype`
//! stays first and stored) except `content.xml`, where only insertions are made — one
//! `office:annotation` (author, date, the comment's paragraphs) where each finding's
//! span starts and an `office:annotation-end` of the same `office:name` where it ends,
//! as LibreOffice writes a comment on a range. ODF allows both inside paragraph text and
//! spans, so nothing is split.
//!
//! The byte positions come from the .odt reader's [`Provenance`](crate::input::Provenance),
//! as for .docx: the writer reads only the root tag of `content.xml` (which namespace
//! prefixes it declares).

use super::place::{locate, provenance_of, raw_offset};
use super::{read_entry, xml_escape, zip_error, Comment, AUTHOR};
use crate::input::docx::slice_events;
use crate::input::{Document, InputError, Piece, PieceKind};
use quick_xml::events::Event;
use std::io::{Cursor, Write};
use std::ops::ControlFlow;

const CONTENT: &str = "content.xml";
const OFFICE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const TEXT_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";

fn not_odt(detail: String) -> InputError {
    InputError::Malformed { part: "OpenDocument 文本（.odt）".into(), detail }
}

/// Whether the root of content.xml binds `office`, `text` and `dc` to their namespaces
/// (else every inserted element declares them itself).
fn root_binds_prefixes(xml: &[u8]) -> bool {
    let mut ok = false;
    let _ = slice_events(xml, CONTENT, |ev, _| match ev {
        Event::Start(e) | Event::Empty(e) => {
            let bound = |prefix: &str, ns: &str| {
                e.attributes().flatten().any(|a| a.key.as_ref() == format!("xmlns:{prefix}") && a.value.as_ref() == ns)
            };
            ok = bound("office", OFFICE_NS) && bound("text", TEXT_NS) && bound("dc", DC_NS);
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    });
    ok
}

/// The byte of content.xml where offset `k` of a piece's text is.
fn position(xml: &[u8], p: &Piece, k: usize) -> usize {
    match p.kind {
        PieceKind::Text => raw_offset(xml, p, k),
        _ if k == 0 => p.xml.0 as usize,
        _ => p.xml.1 as usize,
    }
}

/// A copy of the .odt with the comments.
pub(super) fn annotate(
    original: &[u8],
    doc: &Document,
    comments: &[Comment],
    date: &str,
) -> Result<Vec<u8>, InputError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(original))
        .map_err(|e| not_odt(format!("无法按 zip 格式打开，文件可能已损坏、不完整或实为其他格式（{e}）")))?;
    let Some(content) = read_entry(&mut zip, CONTENT)? else {
        return Err(not_odt(format!("缺少正文部件 {CONTENT}")));
    };
    let (prov, text) = provenance_of(doc, &content, CONTENT, original, crate::input::odt::decode_bytes)?;
    let ns = if root_binds_prefixes(&content) {
        String::new()
    } else {
        format!(" xmlns:office=\"{OFFICE_NS}\" xmlns:text=\"{TEXT_NS}\" xmlns:dc=\"{DC_NS}\"")
    };
    let office_ns = if ns.is_empty() { String::new() } else { format!(" xmlns:office=\"{OFFICE_NS}\"") };
    // (position, rank, markup): at one place, ends before starts, a comment's own end
    // after its start.
    let mut inserts: Vec<(usize, u8, usize, String)> = Vec::new();
    for (i, c) in comments.iter().enumerate() {
        let Some(ends) = locate(&prov.pieces, &text, c.anchor) else { continue };
        let ((sa, ks), (ea, ke)) = (ends.start, ends.end);
        let from = position(&content, &prov.pieces[sa], ks);
        let to = position(&content, &prov.pieces[ea], ke).max(from);
        let name = format!("__Annotation__fazhi-lint_{}", i + 1);
        let mut a = String::new();
        a.push_str(&format!("<office:annotation{ns}"));
        if to > from {
            a.push_str(&format!(" office:name=\"{name}\""));
        }
        a.push_str(&format!(
            "><dc:creator>{}</dc:creator><dc:date>{}</dc:date>",
            xml_escape(AUTHOR),
            xml_escape(date.trim_end_matches('Z'))
        ));
        for p in &c.paragraphs {
            a.push_str(&format!("<text:p>{}</text:p>", xml_escape(p)));
        }
        a.push_str("</office:annotation>");
        inserts.push((from, 1, i, a));
        if to > from {
            inserts.push((to, 0, i, format!("<office:annotation-end{office_ns} office:name=\"{name}\"/>")));
        }
    }
    inserts.sort_by_key(|a| (a.0, a.1, a.2));
    let mut new_content = Vec::with_capacity(content.len() + inserts.iter().map(|i| i.3.len()).sum::<usize>());
    let mut last = 0usize;
    for (at, _, _, markup) in &inserts {
        let at = (*at).clamp(last, content.len());
        new_content.extend_from_slice(&content[last..at]);
        new_content.extend_from_slice(markup.as_bytes());
        last = at;
    }
    new_content.extend_from_slice(&content[last..]);

    // Copy every entry raw (the `mimetype` entry first and stored, as it was) except
    // content.xml.
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(original.len() + new_content.len() / 4)));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| not_odt(format!("无法读取第 {} 个部件（{e}）", i + 1)))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if name == CONTENT {
            drop(entry);
            out.start_file(name.as_str(), opts).map_err(zip_error)?;
            out.write_all(&new_content).map_err(zip_error)?;
        } else {
            out.raw_copy_file(entry).map_err(zip_error)?;
        }
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}
