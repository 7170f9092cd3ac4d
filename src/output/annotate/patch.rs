//! Comments into an existing .docx: every zip entry copied as it is (raw, not even
//! re-compressed) except the few parts that change, and in `word/document.xml` only
//! insertions — comment markers between runs, or inside a run split in two where a
//! span starts or ends within its text.
//!
//! Where the markers go comes from the reader: the document's [`Provenance`] gives each
//! piece of text its byte range in document.xml and the run holding it (start tag and
//! properties, copied when the run is split). The writer reads none of the part's
//! structure itself; it only looks at the bytes of those ranges (a tag's name, whether a
//! `w:t` preserves white space).

use super::place::{locate, provenance_of, raw_offset, tag_name};
use super::{comment_xml, range_end, range_start, read_entry, zip_error, Comment, COMMENTS_REL, COMMENTS_TYPE, W_NS};
use crate::input::docx::{main_prefix, slice_events, At};
use crate::input::{Document, InputError, PieceKind, Provenance};
use quick_xml::events::{BytesStart, Event};
use std::io::{Cursor, Write};
use std::ops::ControlFlow;

const DOCUMENT: &str = "word/document.xml";
const DOCUMENT_RELS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";

fn qname(e: &BytesStart<'_>) -> String {
    e.name().as_ref().to_string()
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).map(|a| a.value.to_string())
}

/// Where a marker goes in the part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Between runs: the marker as it is.
    Outside,
    /// Inside the `w:t` whose start tag is at `.1` of run `.0`: close the text and the
    /// run, reopen both.
    InText(usize, usize),
    /// Between children of run `.0`: close the run, reopen it.
    InRun(usize),
}

#[derive(Debug, Clone)]
struct Insert {
    at: usize,
    /// Order among inserts at the same place.
    rank: u8,
    mode: Mode,
    markup: String,
}

/// Build the part's bytes with the inserts (sorted) applied. Consecutive inserts at
/// the same place and in the same run share one split.
fn splice(xml: &[u8], prov: &Provenance, mut inserts: Vec<Insert>) -> Vec<u8> {
    inserts.sort_by(|a, b| a.at.cmp(&b.at).then(a.rank.cmp(&b.rank)));
    let mut out = Vec::with_capacity(xml.len() + inserts.len() * 160);
    let mut last = 0usize;
    let mut i = 0;
    while i < inserts.len() {
        let at = inserts[i].at.min(xml.len()).max(last);
        let mode = inserts[i].mode;
        let mut j = i;
        let mut markup = String::new();
        while j < inserts.len() && inserts[j].at == inserts[i].at && inserts[j].mode == mode {
            markup.push_str(&inserts[j].markup);
            j += 1;
        }
        out.extend_from_slice(&xml[last..at]);
        match mode {
            Mode::Outside => out.extend_from_slice(markup.as_bytes()),
            Mode::InText(r, _) | Mode::InRun(r) => {
                let run = prov.runs[r];
                let t = match mode {
                    Mode::InText(_, t) => Some(tag_name(xml, t)),
                    _ => None,
                };
                if let Some(t) = t {
                    out.extend_from_slice(format!("</{t}>").as_bytes());
                }
                out.extend_from_slice(format!("</{}>", tag_name(xml, run.start as usize)).as_bytes());
                out.extend_from_slice(markup.as_bytes());
                out.extend_from_slice(&xml[run.start as usize..run.tag_end as usize]);
                if let Some((a, b)) = run.props {
                    out.extend_from_slice(&xml[a as usize..b as usize]);
                }
                if let Some(t) = t {
                    out.extend_from_slice(format!("<{t} xml:space=\"preserve\">").as_bytes());
                }
            }
        }
        last = at;
        i = j;
    }
    out.extend_from_slice(&xml[last..]);
    out
}

/// Whether a start tag keeps its white space (`xml:space="preserve"`).
fn preserves(tag: &[u8]) -> bool {
    memchr::memmem::find(tag, b"xml:space=\"preserve\"").is_some()
        || memchr::memmem::find(tag, b"xml:space='preserve'").is_some()
}

/// A copy of the .docx with the comments.
pub(super) fn annotate(
    original: &[u8],
    doc: &Document,
    comments: &[Comment],
    date: &str,
) -> Result<Vec<u8>, InputError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(original)).map_err(|e| {
        InputError::NotDocx(format!("无法按 zip 格式打开，文件可能已损坏、不完整或实为其他格式（{e}）"))
    })?;
    let Some(document) = read_entry(&mut zip, DOCUMENT)? else {
        return Err(InputError::NotDocx(format!("缺少正文部件 {DOCUMENT}（不是 Word 文档）")));
    };
    let rels = read_entry(&mut zip, DOCUMENT_RELS)?;
    let types = read_entry(&mut zip, CONTENT_TYPES)?;
    let (comments_part, new_rels) = rels_with_comments(rels.as_deref())?;
    let existing = read_entry(&mut zip, &comments_part)?;
    let existing_ids = match &existing {
        Some(x) => comment_ids(x, &comments_part)?,
        None => None,
    };

    let (prov, text) = provenance_of(doc, &document, DOCUMENT, original, crate::input::docx::decode)?;
    let first_id = match (prov.max_comment_id, existing_ids) {
        (None, None) => 0,
        (a, b) => a.max(b).map_or(0, |m| m + 1),
    };
    let declare = !matches!(root_main_prefix(&document).as_deref(), None | Some("w"));
    let inserts = place(&document, &prov, &text, comments, first_id, declare);
    let new_document = splice(&document, &prov, inserts);

    let mut xml = String::new();
    let comments_declare = match &existing {
        Some(x) => !matches!(root_main_prefix(x).as_deref(), None | Some("w")),
        None => false,
    };
    for (i, c) in comments.iter().enumerate() {
        comment_xml(&mut xml, first_id + i as u64, c, date, comments_declare);
    }
    let new_comments = match &existing {
        Some(x) => append_to_root(x, &comments_part, &xml)?,
        None => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{W_NS}\">{xml}</w:comments>"
        )
        .into_bytes(),
    };
    let part_name = format!("/{comments_part}");
    let new_types = match &types {
        Some(t) => types_with_comments(t, &part_name)?,
        None => Some(default_types(&part_name).into_bytes()),
    };

    // Copy every entry raw except the ones that change; add the missing ones.
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(original.len() + new_comments.len())));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut wrote_comments = false;
    let mut wrote_rels = false;
    let mut wrote_types = false;
    for i in 0..zip.len() {
        let entry =
            zip.by_index_raw(i).map_err(|e| InputError::NotDocx(format!("无法读取第 {} 个部件（{e}）", i + 1)))?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let replacement: Option<&[u8]> = if name == DOCUMENT {
            Some(&new_document)
        } else if name == comments_part {
            wrote_comments = true;
            Some(&new_comments)
        } else if name == DOCUMENT_RELS {
            wrote_rels = true;
            new_rels.as_deref()
        } else if name == CONTENT_TYPES {
            wrote_types = true;
            new_types.as_deref()
        } else {
            None
        };
        match replacement {
            Some(bytes) => {
                drop(entry);
                out.start_file(name.as_str(), opts).map_err(zip_error)?;
                out.write_all(bytes).map_err(zip_error)?;
            }
            None => out.raw_copy_file(entry).map_err(zip_error)?,
        }
    }
    if !wrote_types {
        if let Some(t) = &new_types {
            out.start_file(CONTENT_TYPES, opts).map_err(zip_error)?;
            out.write_all(t).map_err(zip_error)?;
        }
    }
    if !wrote_rels {
        if let Some(r) = &new_rels {
            out.start_file(DOCUMENT_RELS, opts).map_err(zip_error)?;
            out.write_all(r).map_err(zip_error)?;
        }
    }
    if !wrote_comments {
        out.start_file(comments_part.as_str(), opts).map_err(zip_error)?;
        out.write_all(&new_comments).map_err(zip_error)?;
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

/// Map every comment's anchor to inserts in document.xml through the provenance.
fn place(xml: &[u8], prov: &Provenance, text: &str, comments: &[Comment], first_id: u64, declare: bool) -> Vec<Insert> {
    let pieces = &prov.pieces;
    // Per run: its first and last piece (the pieces of one run are contiguous).
    let mut first_of = vec![usize::MAX; prov.runs.len()];
    let mut last_of = vec![0usize; prov.runs.len()];
    for (i, p) in pieces.iter().enumerate() {
        if let Some(r) = p.run() {
            first_of[r] = first_of[r].min(i);
            last_of[r] = i;
        }
    }
    let mut inserts = Vec::new();
    let mut preserved = std::collections::HashSet::new();
    for (ci, c) in comments.iter().enumerate() {
        let id = first_id + ci as u64;
        let Some(ends) = locate(pieces, text, c.anchor) else { continue };
        let ((sa, ks), (ea, ke)) = (ends.start, ends.end);
        for (start, ai, k) in [(true, sa, ks), (false, ea, ke)] {
            // A piece outside any w:r: move to the nearest piece in a run.
            let ai = if pieces[ai].run().is_some() {
                ai
            } else if start {
                (ai..pieces.len()).chain((0..ai).rev()).find(|&i| pieces[i].run().is_some()).unwrap_or(ai)
            } else {
                (0..=ai).rev().chain(ai + 1..pieces.len()).find(|&i| pieces[i].run().is_some()).unwrap_or(ai)
            };
            let a = &pieces[ai];
            let len = (a.text.1 - a.text.0) as usize;
            let own = if start { sa } else { ea };
            let k = if ai == own {
                k.min(len)
            } else if start {
                0
            } else {
                len
            };
            let markup = if start { range_start(id, declare) } else { range_end(id, declare) };
            // Ends before starts at one place, but a comment's own end after its start.
            let rank = match start {
                true => 1,
                false if sa == ea && ks == ke => 2,
                false => 0,
            };
            let edge = if k == 0 { a.xml.0 as usize } else { a.xml.1 as usize };
            let (at, mode) = match a.run() {
                None => (if start { a.xml.0 as usize } else { a.xml.1 as usize }, Mode::Outside),
                Some(r) => {
                    let run = &prov.runs[r];
                    let holder = a.holder.0 as usize;
                    if start && k == 0 && first_of[r] == ai {
                        (run.start as usize, Mode::Outside)
                    } else if !start && k == len && last_of[r] == ai {
                        (run.end as usize, Mode::Outside)
                    } else if a.kind == PieceKind::Element || a.holder.1 <= a.holder.0 {
                        (edge, Mode::InRun(r))
                    } else {
                        let at = if a.kind == PieceKind::Text { raw_offset(xml, a, k) } else { edge };
                        let tag = xml.get(holder..a.holder.1 as usize).unwrap_or(&[]);
                        if !preserves(tag) && preserved.insert(holder) {
                            inserts.push(Insert {
                                at: (a.holder.1 as usize).saturating_sub(1),
                                rank: 0,
                                mode: Mode::Outside,
                                markup: " xml:space=\"preserve\"".into(),
                            });
                        }
                        (at, Mode::InText(r, holder))
                    }
                }
            };
            inserts.push(Insert { at, rank, mode, markup });
        }
    }
    inserts
}

/// The comments part the document's relationships name, and the relationships with
/// one added when they name none (`None`: unchanged).
fn rels_with_comments(rels: Option<&[u8]>) -> Result<(String, Option<Vec<u8>>), InputError> {
    let Some(rels) = rels else {
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{COMMENTS_REL}\" Target=\"comments.xml\"/></Relationships>"
        );
        return Ok(("word/comments.xml".into(), Some(xml.into_bytes())));
    };
    let mut ids = Vec::new();
    let mut root: Option<String> = None;
    let mut named: Option<String> = None;
    slice_events(rels, DOCUMENT_RELS, |ev, _| {
        let (Event::Start(e) | Event::Empty(e)) = ev else { return ControlFlow::Continue(()) };
        if root.is_none() {
            root = Some(qname(e));
            return ControlFlow::Continue(());
        }
        if e.local_name().as_ref() == "Relationship" {
            if let Some(id) = attr(e, "Id") {
                ids.push(id);
            }
            if attr(e, "Type").as_deref() == Some(COMMENTS_REL) && attr(e, "TargetMode").as_deref() != Some("External")
            {
                if let Some(t) = attr(e, "Target") {
                    named = Some(match t.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("word/{}", t.trim_start_matches("./")),
                    });
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    })?;
    if let Some(part) = named {
        return Ok((part, None));
    }
    let mut n = ids.len() + 1;
    while ids.iter().any(|i| *i == format!("rId{n}")) {
        n += 1;
    }
    let prefix = root.as_deref().and_then(|r| r.split_once(':')).map_or(String::new(), |(p, _)| format!("{p}:"));
    let rel = format!("<{prefix}Relationship Id=\"rId{n}\" Type=\"{COMMENTS_REL}\" Target=\"comments.xml\"/>");
    Ok(("word/comments.xml".into(), Some(append_to_root(rels, DOCUMENT_RELS, &rel)?)))
}

/// `[Content_Types].xml` with an override for the comments part, `None` when it has one.
fn types_with_comments(types: &[u8], part: &str) -> Result<Option<Vec<u8>>, InputError> {
    let mut root: Option<String> = None;
    let mut has = false;
    slice_events(types, CONTENT_TYPES, |ev, _| {
        let (Event::Start(e) | Event::Empty(e)) = ev else { return ControlFlow::Continue(()) };
        if root.is_none() {
            root = Some(qname(e));
        } else if e.local_name().as_ref() == "Override"
            && attr(e, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(part))
        {
            has = true;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    })?;
    if has {
        return Ok(None);
    }
    let prefix = root.as_deref().and_then(|r| r.split_once(':')).map_or(String::new(), |(p, _)| format!("{p}:"));
    let o = format!("<{prefix}Override PartName=\"{}\" ContentType=\"{COMMENTS_TYPE}\"/>", super::xml_escape(part));
    Ok(Some(append_to_root(types, CONTENT_TYPES, &o)?))
}

fn default_types(part: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"{}\" ContentType=\"{COMMENTS_TYPE}\"/></Types>",
        super::xml_escape(part)
    )
}

/// Insert `content` as the last children of the root element.
pub(super) fn append_to_root(xml: &[u8], part: &str, content: &str) -> Result<Vec<u8>, InputError> {
    let mut root_end: Option<(At, bool, String)> = None;
    slice_events(xml, part, |ev, at| {
        match ev {
            Event::Empty(e) if at.depth == 0 => root_end = Some((at, true, qname(e))),
            Event::End(e) if at.depth == 1 => root_end = Some((at, false, e.name().as_ref().to_string())),
            _ => {}
        }
        ControlFlow::Continue(())
    })?;
    let Some((at, empty, name)) = root_end else {
        return Err(InputError::Malformed { part: part.to_string(), detail: "没有根元素".into() });
    };
    let (from, to) = (at.from, at.to);
    let mut out = Vec::with_capacity(xml.len() + content.len() + 32);
    if empty {
        // `<root …/>` → `<root …>content</root>`.
        let tag = &xml[from..to];
        let cut = tag.len().saturating_sub(2);
        out.extend_from_slice(&xml[..from]);
        out.extend_from_slice(&tag[..cut]);
        out.push(b'>');
        out.extend_from_slice(content.as_bytes());
        out.extend_from_slice(format!("</{name}>").as_bytes());
        out.extend_from_slice(&xml[to..]);
    } else {
        out.extend_from_slice(&xml[..from]);
        out.extend_from_slice(content.as_bytes());
        out.extend_from_slice(&xml[from..]);
    }
    Ok(out)
}

/// The largest `w:id` of the comments in a comments part.
fn comment_ids(xml: &[u8], part: &str) -> Result<Option<u64>, InputError> {
    let mut max = None;
    slice_events(xml, part, |ev, _| {
        if let Event::Start(e) | Event::Empty(e) = ev {
            if e.local_name().as_ref() == "comment" {
                if let Some(id) = attr(e, "id").and_then(|v| v.trim().parse::<u64>().ok()) {
                    max = Some(max.map_or(id, |m: u64| m.max(id)));
                }
            }
        }
        ControlFlow::Continue(())
    })?;
    Ok(max)
}

/// The main namespace prefix declared on the root of a part (its prolog and root tag
/// only are read).
fn root_main_prefix(xml: &[u8]) -> Option<String> {
    let mut found = None;
    let _ = slice_events(xml, DOCUMENT, |ev, _| match ev {
        Event::Start(e) | Event::Empty(e) => {
            found = main_prefix(e);
            ControlFlow::Break(())
        }
        _ => ControlFlow::Continue(()),
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appending_to_an_empty_root() {
        let out = append_to_root(b"<?xml version=\"1.0\"?><a:r xmlns:a=\"x\"/>", "p", "<a:c/>").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "<?xml version=\"1.0\"?><a:r xmlns:a=\"x\"><a:c/></a:r>");
    }
}
