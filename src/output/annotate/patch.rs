//! Comments into an existing .docx: every zip entry copied as it is (raw, not even
//! re-compressed) except the few parts that change, and in `word/document.xml` only
//! insertions — comment markers between runs, or inside a run split in two where a
//! span starts or ends within its text.
//!
//! Mapping the decoded text back to runs: one streaming pass over document.xml that
//! walks paragraphs exactly as `src/input/docx/body.rs` does (same skipped elements, same
//! text-bearing elements, text boxes as nested paragraphs, deleted paragraph marks
//! joining paragraphs) and records, per output line, the pieces of text with their byte
//! positions in the part. The line of the decoded text is compared with those pieces
//! to find the bytes the reader generated itself (rendered automatic numbering).

use super::{
    comment_xml, malformed, range_end, range_start, read_entry, too_deep, zip_error, Comment, COMMENTS_REL,
    COMMENTS_TYPE, W_NS,
};
use crate::input::docx::{general_ref, SKIPPED};
use crate::input::{Document, InputError, MAX_NESTING};
use crate::span::Span;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::{Cursor, Write};

const DOCUMENT: &str = "word/document.xml";
const DOCUMENT_RELS: &str = "word/_rels/document.xml.rels";
const CONTENT_TYPES: &str = "[Content_Types].xml";

/// Characters the document builder turns into a space (one byte).
fn is_break_char(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}')
}

/// A run (`w:r`) of the part.
#[derive(Debug, Clone)]
struct Run {
    /// Byte range of the whole element.
    start: usize,
    end: usize,
    /// The start tag's bytes range (copied when the run is split).
    tag: (usize, usize),
    /// The run properties' byte range, if any.
    rpr: Option<(usize, usize)>,
    /// The run's qualified name (`w:r`).
    qname: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtomKind {
    /// Character data of a `w:t`: splittable anywhere.
    Text,
    /// An entity or CDATA inside a `w:t`: split only at its edges, still inside the `w:t`.
    InText,
    /// An element standing for text (`w:tab`, `w:br` …): split at its edges, between
    /// the run's children.
    Element,
}

/// One piece of text the reader reads.
#[derive(Debug, Clone)]
struct Atom {
    kind: AtomKind,
    /// Byte range in the part.
    raw: (usize, usize),
    /// The text as the reader pushes it.
    text: String,
    /// Index into `Scan::runs`, if the piece lies in a `w:r`.
    run: Option<usize>,
    /// For text inside a `w:t`: the position of the `>` ending its start tag, and
    /// whether that tag already preserves white space; the `w:t` qualified name.
    t_tag: Option<(usize, bool, String)>,
    /// Byte range in the output line (normalized text).
    line: usize,
    r_start: usize,
    r_end: usize,
}

/// One line of the decoded text, as the scan sees it.
#[derive(Debug, Default, Clone)]
struct Line {
    /// Indices into `Scan::atoms`.
    atoms: Vec<usize>,
    /// Offsets (in the text of the atoms) where the reader inserts a numbering marker.
    marks: Vec<usize>,
}

#[derive(Default)]
struct Para {
    atoms: Vec<Atom>,
    mark_deleted: bool,
}

struct Scan {
    runs: Vec<Run>,
    lines: Vec<(Vec<Atom>, Vec<usize>)>,
    /// Largest comment id used in the part.
    max_id: Option<u64>,
    /// The prefix the part uses for the main namespace.
    w_prefix: Option<String>,
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn qname(e: &BytesStart<'_>) -> String {
    e.name().as_ref().to_string()
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).map(|a| a.value.to_string())
}

/// The `xml:space="preserve"` of a start tag.
fn preserves(e: &BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| a.key.as_ref() == "xml:space" && a.value.as_ref() == "preserve")
}

/// The main namespace prefix declared on a start tag (`Some("")` for the default namespace).
fn main_prefix(e: &BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        if a.value.as_ref() != W_NS {
            return None;
        }
        let k = a.key.as_ref();
        if k == "xmlns" {
            Some(String::new())
        } else {
            k.strip_prefix("xmlns:").map(str::to_string)
        }
    })
}

/// Whether `qname` is `<w prefix>:<local>`.
fn in_w(qname: &str, w: &Option<String>, local: &str) -> bool {
    let want = match w.as_deref() {
        None | Some("w") => format!("w:{local}"),
        Some("") => local.to_string(),
        Some(p) => format!("{p}:{local}"),
    };
    qname == want
}

/// Where the scan is: mirrors the reader's `Body`.
struct Walker {
    scan: Scan,
    stack: Vec<Para>,
    carry: Vec<Atom>,
    carry_marks: Vec<usize>,
    skip: usize,
    in_text: bool,
    in_ppr: usize,
    in_rpr_of_ppr: bool,
    /// Open runs (indices into `scan.runs`) with the depth at which each opened.
    open_runs: Vec<(usize, usize)>,
    /// The `w:rPr` being read as a run's properties: (run, start, depth).
    rpr: Option<(usize, usize, usize)>,
    /// The open `w:t`: `>` position, preserve flag, qualified name.
    t_tag: Option<(usize, bool, String)>,
}

impl Walker {
    fn push_atom(&mut self, kind: AtomKind, raw: (usize, usize), text: String) {
        if self.stack.is_empty() {
            self.stack.push(Para::default());
        }
        let run = self.open_runs.last().map(|&(r, _)| r);
        let t_tag = if kind == AtomKind::Element { None } else { self.t_tag.clone() };
        if let Some(p) = self.stack.last_mut() {
            p.atoms.push(Atom { kind, raw, text, run, t_tag, line: 0, r_start: 0, r_end: 0 });
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.stack.pop() else { return };
        self.in_text = false;
        let mut atoms = std::mem::take(&mut self.carry);
        let mut marks = std::mem::take(&mut self.carry_marks);
        marks.push(atoms.iter().map(|a| a.text.len()).sum());
        atoms.extend(p.atoms);
        if p.mark_deleted {
            self.carry = atoms;
            self.carry_marks = marks;
        } else {
            self.scan.lines.push((atoms, marks));
        }
    }

    fn note_id(&mut self, e: &BytesStart<'_>, name: &str) {
        if matches!(name, "commentRangeStart" | "commentRangeEnd" | "commentReference") {
            if let Some(id) = attr(e, "id").and_then(|v| v.trim().parse::<u64>().ok()) {
                self.scan.max_id = Some(self.scan.max_id.map_or(id, |m| m.max(id)));
            }
        }
    }

    /// One event, with its byte range in the part and the nesting depth after it.
    fn event(&mut self, ev: &Event<'_>, from: usize, to: usize, depth: usize) {
        match ev {
            Event::Start(e) => {
                if self.scan.w_prefix.is_none() {
                    self.scan.w_prefix = main_prefix(e);
                }
                let name = local(e);
                self.note_id(e, &name);
                if self.skip > 0 {
                    self.skip += 1;
                    return;
                }
                if SKIPPED.contains(&name.as_str()) {
                    self.skip = 1;
                    return;
                }
                let q = qname(e);
                if name == "r" && in_w(&q, &self.scan.w_prefix, "r") {
                    self.scan.runs.push(Run { start: from, end: to, tag: (from, to), rpr: None, qname: q.clone() });
                    self.open_runs.push((self.scan.runs.len() - 1, depth));
                } else if name == "rPr" && self.in_ppr == 0 {
                    if let Some(&(r, d)) = self.open_runs.last() {
                        if depth == d + 1 {
                            self.rpr = Some((r, from, depth));
                        }
                    }
                }
                self.element(&name, from, to);
                match name.as_str() {
                    "p" => self.stack.push(Para::default()),
                    "pPr" => self.in_ppr += 1,
                    "rPr" if self.in_ppr > 0 => self.in_rpr_of_ppr = true,
                    "t" if self.in_ppr == 0 => {
                        self.in_text = true;
                        self.t_tag = Some((to.saturating_sub(1), preserves(e), q));
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                let name = local(e);
                self.note_id(e, &name);
                if self.skip > 0 {
                    return;
                }
                if name == "p" {
                    self.stack.push(Para::default());
                    self.end_paragraph();
                } else if name == "del" && self.in_rpr_of_ppr {
                    if let Some(p) = self.stack.last_mut() {
                        p.mark_deleted = true;
                    }
                } else if name == "rPr" && self.in_ppr == 0 {
                    if let Some(&(r, d)) = self.open_runs.last() {
                        if depth == d + 1 {
                            if let Some(run) = self.scan.runs.get_mut(r) {
                                run.rpr = Some((from, to));
                            }
                        }
                    }
                } else if !SKIPPED.contains(&name.as_str()) {
                    self.element(&name, from, to);
                }
            }
            Event::End(e) => {
                if self.skip > 0 {
                    self.skip -= 1;
                    return;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "p" => self.end_paragraph(),
                    "pPr" => self.in_ppr = self.in_ppr.saturating_sub(1),
                    "rPr" => {
                        self.in_rpr_of_ppr = false;
                        if let Some((r, start, d)) = self.rpr {
                            if depth + 1 == d {
                                if let Some(run) = self.scan.runs.get_mut(r) {
                                    run.rpr = Some((start, to));
                                }
                                self.rpr = None;
                            }
                        }
                    }
                    "t" => {
                        self.in_text = false;
                        self.t_tag = None;
                    }
                    "r" => {
                        if let Some(&(r, d)) = self.open_runs.last() {
                            if depth + 1 == d {
                                if let Some(run) = self.scan.runs.get_mut(r) {
                                    run.end = to;
                                }
                                self.open_runs.pop();
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if self.skip == 0 && self.in_text => {
                let s = t.xml10_content().into_owned();
                self.push_atom(AtomKind::Text, (from, to), s);
            }
            Event::CData(t) if self.skip == 0 && self.in_text => {
                let s = t.xml10_content().into_owned();
                self.push_atom(AtomKind::InText, (from, to), s);
            }
            Event::GeneralRef(r) if self.skip == 0 && self.in_text => {
                let c = general_ref(r);
                if let Some(c) = c {
                    self.push_atom(AtomKind::InText, (from, to), c.to_string());
                }
            }
            _ => {}
        }
    }

    /// In-run marks standing for text (the reader's `element`).
    fn element(&mut self, name: &str, from: usize, to: usize) {
        if self.in_ppr > 0 {
            return;
        }
        let text = match name {
            "tab" | "ptab" => "\t",
            "br" | "cr" => "\n",
            "noBreakHyphen" => "-",
            _ => return,
        };
        self.push_atom(AtomKind::Element, (from, to), text.to_string());
    }
}

/// Walk document.xml as the reader does.
fn scan(xml: &[u8]) -> Result<Scan, InputError> {
    let mut w = Walker {
        scan: Scan { runs: Vec::new(), lines: Vec::new(), max_id: None, w_prefix: None },
        stack: Vec::new(),
        carry: Vec::new(),
        carry_marks: Vec::new(),
        skip: 0,
        in_text: false,
        in_ppr: 0,
        in_rpr_of_ppr: false,
        open_runs: Vec::new(),
        rpr: None,
        t_tag: None,
    };
    let mut reader = Reader::from_reader(xml);
    let mut depth = 0usize;
    loop {
        let from = pos(&reader);
        let ev = reader.read_event().map_err(|e| malformed(DOCUMENT, reader.error_position(), e))?;
        let to = pos(&reader);
        match &ev {
            Event::Eof => break,
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(DOCUMENT));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        w.event(&ev, from, to, depth);
    }
    while !w.stack.is_empty() {
        w.end_paragraph();
    }
    if !w.carry.is_empty() {
        let atoms = std::mem::take(&mut w.carry);
        let marks = std::mem::take(&mut w.carry_marks);
        w.scan.lines.push((atoms, marks));
    }
    Ok(w.scan)
}

fn pos(r: &Reader<&[u8]>) -> usize {
    usize::try_from(r.buffer_position()).unwrap_or(usize::MAX)
}

fn normalized(s: &str, normalize: bool) -> String {
    if normalize {
        s.chars().map(|c| if is_break_char(c) { ' ' } else { c }).collect()
    } else {
        s.to_string()
    }
}

/// How one line of the decoded text maps to its atoms.
#[derive(Debug, Clone)]
struct LineMap {
    /// The line's range in the decoded text.
    region: Span,
    /// Generated bytes: (position in the atoms' text, length in the decoded line).
    gaps: Vec<(usize, usize)>,
    len: usize,
}

impl LineMap {
    /// A byte offset of the decoded line → a position in the atoms' text.
    fn to_r(&self, rel: usize) -> usize {
        let mut shift = 0;
        for &(g, m) in &self.gaps {
            if rel < g + shift {
                break;
            }
            if rel < g + shift + m {
                return g;
            }
            shift += m;
        }
        rel.saturating_sub(shift).min(self.len)
    }
}

/// Find the generated bytes of a decoded line `l` made of the atoms' text `r` with
/// markers possibly inserted at `marks`.
fn gaps_of(l: &[u8], r: &[u8], marks: &[usize], generated: Option<usize>) -> Vec<(usize, usize)> {
    if l == r {
        return Vec::new();
    }
    let mut gaps = Vec::new();
    let (mut lp, mut rp) = (0usize, 0usize);
    let mut ok = true;
    for (i, &g) in marks.iter().enumerate() {
        let g = g.min(r.len()).max(rp);
        if l.get(lp..lp + (g - rp)) != r.get(rp..g) {
            ok = false;
            break;
        }
        lp += g - rp;
        rp = g;
        let next = marks.get(i + 1).copied().unwrap_or(r.len()).min(r.len()).max(g);
        let seg = &r[g..next];
        let m = if i + 1 == marks.len() {
            match l.len().checked_sub(lp + seg.len()) {
                Some(m) if l.get(lp + m..) == Some(seg) => m,
                _ => {
                    ok = false;
                    break;
                }
            }
        } else if seg.is_empty() {
            0
        } else {
            match l.get(lp..).and_then(|rest| memchr::memmem::find(rest, seg)) {
                Some(m) => m,
                None => {
                    ok = false;
                    break;
                }
            }
        };
        if m > 0 {
            gaps.push((g, m));
        }
        lp += m;
    }
    if ok && lp + (r.len() - rp) == l.len() {
        return gaps;
    }
    // Not as expected: trust the reader's count of generated bytes, else the first
    // occurrence of the atoms' text.
    if let Some(n) = generated.filter(|&n| n > 0 && l.len() >= n && l.get(n..) == Some(r)) {
        return vec![(0, n)];
    }
    match memchr::memmem::find(l, r) {
        Some(n) if n > 0 && !r.is_empty() => vec![(0, n)],
        _ => Vec::new(),
    }
}

/// Where a marker goes in the part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Between runs: the marker as it is.
    Outside,
    /// Inside a `w:t` of run `.0`: close the text and the run, reopen both.
    InText(usize),
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
fn splice(xml: &[u8], runs: &[Run], t_names: &[(usize, String)], mut inserts: Vec<Insert>) -> Vec<u8> {
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
        let t_name = |pos: usize| -> &str {
            // The w:t whose start tag ends last before `pos`.
            let k = t_names.partition_point(|(p, _)| *p < pos);
            k.checked_sub(1).and_then(|k| t_names.get(k)).map_or("w:t", |(_, n)| n.as_str())
        };
        match mode {
            Mode::Outside => out.extend_from_slice(markup.as_bytes()),
            Mode::InText(r) | Mode::InRun(r) => {
                let run = &runs[r];
                let t = t_name(at).to_string();
                if matches!(mode, Mode::InText(_)) {
                    out.extend_from_slice(format!("</{t}>").as_bytes());
                }
                out.extend_from_slice(format!("</{}>", run.qname).as_bytes());
                out.extend_from_slice(markup.as_bytes());
                out.extend_from_slice(&xml[run.tag.0..run.tag.1]);
                if let Some((a, b)) = run.rpr {
                    out.extend_from_slice(&xml[a..b]);
                }
                if matches!(mode, Mode::InText(_)) {
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

/// The raw byte offset inside a text atom at normalized text offset `k`.
fn raw_offset(xml: &[u8], atom: &Atom, k: usize, normalize: bool) -> usize {
    let raw = &xml[atom.raw.0..atom.raw.1.min(xml.len())];
    let Ok(raw) = std::str::from_utf8(raw) else { return atom.raw.0 };
    let mut acc = 0usize;
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if acc >= k {
            return atom.raw.0 + i;
        }
        let t = if c == '\r' {
            if chars.peek().is_some_and(|&(_, d)| d == '\n') {
                chars.next();
            }
            '\n'
        } else {
            c
        };
        acc += if normalize && is_break_char(t) { 1 } else { t.len_utf8() };
    }
    atom.raw.1
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

    let sc = scan(&document)?;
    let first_id = match (sc.max_id, existing_ids) {
        (None, None) => 0,
        (a, b) => a.max(b).map_or(0, |m| m + 1),
    };
    let declare = !matches!(sc.w_prefix.as_deref(), None | Some("w"));
    let (inserts, t_names, runs) = place(&document, doc, sc, comments, first_id, declare);
    let new_document = splice(&document, &runs, &t_names, inserts);

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

/// Map every comment's anchor to inserts in document.xml.
fn place(
    xml: &[u8],
    doc: &Document,
    sc: Scan,
    comments: &[Comment],
    first_id: u64,
    declare: bool,
) -> (Vec<Insert>, Vec<(usize, String)>, Vec<Run>) {
    let normalize = !doc.blocks.is_empty();
    let use_blocks = normalize && doc.blocks.len() == sc.lines.len();
    let text = doc.text.as_bytes();
    let mut atoms: Vec<Atom> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let mut maps: Vec<LineMap> = Vec::new();
    let mut cursor = 0usize;
    for (li, (line_atoms, marks)) in sc.lines.into_iter().enumerate() {
        // The atoms' text, normalized as the builder does, and the marks in its offsets.
        let mut r = String::new();
        let mut raw_len = 0usize;
        let mut mark_iter = marks.iter().peekable();
        let mut norm_marks = Vec::new();
        let mut line = Line::default();
        for mut a in line_atoms {
            while let Some(&&m) = mark_iter.peek() {
                if m <= raw_len {
                    norm_marks.push(r.len());
                    mark_iter.next();
                } else {
                    break;
                }
            }
            raw_len += a.text.len();
            let n = normalized(&a.text, normalize);
            a.line = li;
            a.r_start = r.len();
            r.push_str(&n);
            a.r_end = r.len();
            if a.r_end > a.r_start {
                line.atoms.push(atoms.len());
                atoms.push(a);
            }
        }
        for _ in mark_iter {
            norm_marks.push(r.len());
        }
        line.marks = norm_marks;
        // The line's region in the decoded text.
        let region = if use_blocks {
            doc.blocks[li].span
        } else {
            let breaks = r.bytes().filter(|&b| b == b'\n').count();
            let start = cursor.min(text.len());
            let mut end = start;
            for k in 0..=breaks {
                if k > 0 {
                    end += 1;
                }
                end = memchr::memchr(b'\n', &text[end.min(text.len())..]).map_or(text.len(), |p| end + p);
            }
            let end = end.min(text.len());
            cursor = end + 1;
            Span::new(start, end)
        };
        let l = text.get(region.start..region.end.min(text.len())).unwrap_or(&[]);
        let generated = if use_blocks { Some(doc.blocks[li].generated as usize) } else { None };
        let gaps = gaps_of(l, r.as_bytes(), &line.marks, generated);
        maps.push(LineMap { region, gaps, len: r.len() });
        lines.push(line);
    }
    // Per run: its first and last atom (atoms of one run are contiguous).
    let mut first_of = vec![usize::MAX; sc.runs.len()];
    let mut last_of = vec![0usize; sc.runs.len()];
    for (i, a) in atoms.iter().enumerate() {
        if let Some(r) = a.run {
            first_of[r] = first_of[r].min(i);
            last_of[r] = i;
        }
    }
    let line_of = |off: usize, end: bool| -> usize {
        // The last line starting at or before `off` (strictly before for an end).
        let k = maps.partition_point(|m| if end { m.region.start < off } else { m.region.start <= off });
        k.saturating_sub(1)
    };
    let mut inserts = Vec::new();
    let mut t_names: Vec<(usize, String)> = Vec::new();
    let mut preserved = std::collections::HashSet::new();
    for (ci, c) in comments.iter().enumerate() {
        let id = first_id + ci as u64;
        if maps.is_empty() || atoms.is_empty() {
            continue;
        }
        let (ls, le) = (line_of(c.anchor.start, false), line_of(c.anchor.end, true));
        let ps = maps[ls].to_r(c.anchor.start.saturating_sub(maps[ls].region.start));
        let pe = maps[le].to_r(c.anchor.end.saturating_sub(maps[le].region.start));
        // First atom holding a character at or after the start; last atom holding one before the end.
        let mut sa = atoms.partition_point(|a| a.line < ls || (a.line == ls && a.r_end <= ps));
        let mut ea = atoms.partition_point(|a| a.line < le || (a.line == le && a.r_start < pe)).checked_sub(1);
        let (mut ps, mut pe) = (ps, pe);
        if ea.is_none_or(|e| sa >= atoms.len() || e < sa) {
            // Nothing of the anchor is in the runs (generated numbering): the whole line.
            let line = &lines[ls];
            match (line.atoms.first(), line.atoms.last()) {
                (Some(&f), Some(&l)) => {
                    sa = f;
                    ea = Some(l);
                }
                _ => {
                    let f = sa.min(atoms.len() - 1);
                    sa = f;
                    ea = Some(f);
                }
            }
            ps = atoms[sa].r_start;
            pe = atoms[ea.unwrap_or(sa)].r_end;
            if atoms[sa].line != atoms[ea.unwrap_or(sa)].line {
                pe = atoms[ea.unwrap_or(sa)].r_end;
            }
        }
        let ea = ea.unwrap_or(sa);
        let k_start = if atoms[sa].line == ls { ps.saturating_sub(atoms[sa].r_start) } else { 0 };
        let k_end = if atoms[ea].line == le {
            pe.min(atoms[ea].r_end).saturating_sub(atoms[ea].r_start)
        } else {
            atoms[ea].r_end - atoms[ea].r_start
        };
        for (side, ai, k) in [(0u8, sa, k_start), (1u8, ea, k_end)] {
            // An atom outside any w:r: move to the nearest run-held atom.
            let ai = if atoms[ai].run.is_some() {
                ai
            } else if side == 0 {
                (ai..atoms.len()).chain((0..ai).rev()).find(|&i| atoms[i].run.is_some()).unwrap_or(ai)
            } else {
                (0..=ai).rev().chain(ai + 1..atoms.len()).find(|&i| atoms[i].run.is_some()).unwrap_or(ai)
            };
            let a = &atoms[ai];
            let len = a.r_end - a.r_start;
            let own = if side == 0 { sa } else { ea };
            let k = if ai == own {
                k.min(len)
            } else if side == 0 {
                0
            } else {
                len
            };
            let markup = if side == 0 { range_start(id, declare) } else { range_end(id, declare) };
            // Ends before starts at one place, but a comment's own end after its start.
            let rank = if side == 1 {
                if sa == ea && k_start == k_end {
                    2
                } else {
                    0
                }
            } else {
                1
            };
            let (at, mode) = match a.run {
                None => (if side == 0 { a.raw.0 } else { a.raw.1 }, Mode::Outside),
                Some(r) => {
                    let run = &sc.runs[r];
                    if side == 0 && k == 0 && first_of[r] == ai {
                        (run.start, Mode::Outside)
                    } else if side == 1 && k == len && last_of[r] == ai {
                        (run.end, Mode::Outside)
                    } else if a.kind == AtomKind::Element {
                        (if k == 0 { a.raw.0 } else { a.raw.1 }, Mode::InRun(r))
                    } else {
                        let at = if a.kind == AtomKind::Text {
                            raw_offset(xml, a, k, normalize)
                        } else if k == 0 {
                            a.raw.0
                        } else {
                            a.raw.1
                        };
                        if let Some((gt, keep, name)) = &a.t_tag {
                            t_names.push((*gt, name.clone()));
                            if !keep && preserved.insert(*gt) {
                                inserts.push(Insert {
                                    at: *gt,
                                    rank: 0,
                                    mode: Mode::Outside,
                                    markup: " xml:space=\"preserve\"".into(),
                                });
                            }
                        }
                        (at, Mode::InText(r))
                    }
                }
            };
            inserts.push(Insert { at, rank, mode, markup });
        }
    }
    t_names.sort();
    t_names.dedup();
    (inserts, t_names, sc.runs)
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
    let mut reader = Reader::from_reader(rels);
    let mut ids = Vec::new();
    let mut root: Option<String> = None;
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| malformed(DOCUMENT_RELS, reader.error_position(), e))?;
        match &ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(too_deep(DOCUMENT_RELS));
                    }
                }
                if root.is_none() {
                    root = Some(qname(e));
                    continue;
                }
                if e.local_name().as_ref() == "Relationship" {
                    if let Some(id) = attr(e, "Id") {
                        ids.push(id);
                    }
                    if attr(e, "Type").as_deref() == Some(COMMENTS_REL)
                        && attr(e, "TargetMode").as_deref() != Some("External")
                    {
                        if let Some(t) = attr(e, "Target") {
                            let part = match t.strip_prefix('/') {
                                Some(abs) => abs.to_string(),
                                None => format!("word/{}", t.trim_start_matches("./")),
                            };
                            return Ok((part, None));
                        }
                    }
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
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
    let mut reader = Reader::from_reader(types);
    let mut root: Option<String> = None;
    loop {
        let ev = reader.read_event().map_err(|e| malformed(CONTENT_TYPES, reader.error_position(), e))?;
        match &ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                if root.is_none() {
                    root = Some(qname(e));
                    continue;
                }
                if e.local_name().as_ref() == "Override"
                    && attr(e, "PartName").is_some_and(|p| p.eq_ignore_ascii_case(part))
                {
                    return Ok(None);
                }
            }
            _ => {}
        }
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
fn append_to_root(xml: &[u8], part: &str, content: &str) -> Result<Vec<u8>, InputError> {
    let mut reader = Reader::from_reader(xml);
    let mut depth = 0usize;
    let mut root_end: Option<(usize, usize, bool, String)> = None;
    loop {
        let from = pos(&reader);
        let ev = reader.read_event().map_err(|e| malformed(part, reader.error_position(), e))?;
        let to = pos(&reader);
        match &ev {
            Event::Eof => break,
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(too_deep(part));
                }
            }
            Event::Empty(e) if depth == 0 => root_end = Some((from, to, true, qname(e))),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    root_end = Some((from, to, false, e.name().as_ref().to_string()));
                }
            }
            _ => {}
        }
    }
    let Some((from, to, empty, name)) = root_end else {
        return Err(InputError::Malformed { part: part.to_string(), detail: "没有根元素".into() });
    };
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
    let mut reader = Reader::from_reader(xml);
    let mut max = None;
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event().map_err(|e| malformed(part, reader.error_position(), e))?;
        match &ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                if matches!(ev, Event::Start(_)) {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(too_deep(part));
                    }
                }
                if e.local_name().as_ref() == "comment" {
                    if let Some(id) = attr(e, "id").and_then(|v| v.trim().parse::<u64>().ok()) {
                        max = Some(max.map_or(id, |m: u64| m.max(id)));
                    }
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(max)
}

/// The main namespace prefix declared on the root of a part.
fn root_main_prefix(xml: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => return main_prefix(&e),
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_find_the_numbering_marker() {
        assert_eq!(gaps_of("一、总体".as_bytes(), "总体".as_bytes(), &[0], None), vec![(0, 6)]);
        assert_eq!(gaps_of(b"abc", b"abc", &[0], None), vec![]);
        // A deleted paragraph mark: the second paragraph's marker sits in the middle.
        assert_eq!(gaps_of(b"ab1.cd", b"abcd", &[0, 2], None), vec![(2, 2)]);
    }

    #[test]
    fn line_map_skips_generated_bytes() {
        let m = LineMap { region: Span::new(0, 8), gaps: vec![(0, 6)], len: 6 };
        assert_eq!(m.to_r(0), 0);
        assert_eq!(m.to_r(3), 0);
        assert_eq!(m.to_r(6), 0);
        assert_eq!(m.to_r(9), 3);
        assert_eq!(m.to_r(100), 6);
    }

    #[test]
    fn appending_to_an_empty_root() {
        let out = append_to_root(b"<?xml version=\"1.0\"?><a:r xmlns:a=\"x\"/>", "p", "<a:c/>").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "<?xml version=\"1.0\"?><a:r xmlns:a=\"x\"><a:c/></a:r>");
    }
}
