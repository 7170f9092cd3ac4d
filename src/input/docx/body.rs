//! `word/document.xml`: body paragraphs, runs, tables, text boxes, fields and tracked
//! changes, each paragraph with its rendered numbering and its block kind.

use super::numbering::Numbering;
use super::part::{for_each_event, general_ref, local, val, At, Part};
use super::styles::{outline_kind, Styles};
use super::DOCUMENT;
use crate::input::provenance::{offset32, RawPiece, Squeeze};
use crate::input::{BlockKind, DocBuilder, InputError, PieceKind, Provenance, RunSource};
use quick_xml::events::{BytesStart, Event};

/// The WordprocessingML main namespace.
pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    /// Where its text came from, relative to `text`.
    pieces: Vec<RawPiece>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    style: Option<String>,
    /// `w:outlineLvl` set on the paragraph itself.
    outline: Option<u8>,
    /// The paragraph mark itself was deleted (tracked): the text joins the next paragraph.
    mark_deleted: bool,
    /// Inside a table cell.
    in_cell: bool,
}

/// A paragraph read, waiting for the builder.
struct Line {
    kind: BlockKind,
    text: String,
    /// Bytes of rendered numbering at the start of `text`.
    generated: usize,
    pieces: Vec<RawPiece>,
}

/// Elements whose content is not part of the visible, accepted text.
const SKIPPED: &[&str] = &[
    "del",          // tracked deletion
    "moveFrom",     // tracked move, old place
    "delText",      // deleted text
    "delInstrText", // deleted field code
    "instrText",    // field code (the field's result is kept)
    "Fallback",     // mc:AlternateContent fallback: the same content again
    "pPrChange",    // former paragraph properties
    "rPrChange",    // former run properties
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "numberingChange",
];

pub(super) struct Body<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    lines: Vec<Line>,
    /// Open paragraphs: more than one only inside text boxes.
    stack: Vec<Para>,
    /// Text of paragraphs whose mark was deleted, waiting for the next paragraph (with
    /// the bytes of rendered numbering at its start, and its pieces).
    carry: Option<(String, usize, Vec<RawPiece>)>,
    /// Depth inside `w:tc` (table cells).
    in_cell: usize,
    /// Depth inside skipped elements (0: reading).
    skip: usize,
    in_text: bool,
    /// Inside `w:pPr` (paragraph properties: numbering and style are read here, and the
    /// `w:tab` elements are tab stops, not tabs).
    in_ppr: usize,
    in_rpr_of_ppr: bool,
    /// Provenance: the runs met, the open ones (index, depth), the `w:rPr` being read as
    /// an open run's properties (run, start), the open `w:t`'s start tag.
    runs: Vec<RunSource>,
    open_runs: Vec<(usize, usize)>,
    rpr: Option<(usize, u32)>,
    holder: (u32, u32),
    /// The prefix the root declares for the main namespace (`None`: none declared).
    w_prefix: Option<Option<String>>,
    max_comment_id: Option<u64>,
}

impl<'s> Body<'s> {
    pub(super) fn read(
        part: Part<'_, '_>,
        limit: u64,
        styles: &'s Styles,
        numbering: Numbering,
    ) -> Result<(DocBuilder, Provenance), InputError> {
        let mut b = Body {
            styles,
            numbering,
            lines: Vec::new(),
            stack: Vec::new(),
            carry: None,
            in_cell: 0,
            skip: 0,
            in_text: false,
            in_ppr: 0,
            in_rpr_of_ppr: false,
            runs: Vec::new(),
            open_runs: Vec::new(),
            rpr: None,
            holder: (0, 0),
            w_prefix: None,
            max_comment_id: None,
        };
        for_each_event(part, DOCUMENT, limit, InputError::NotDocx, |ev, at| b.event(ev, at))?;
        while !b.stack.is_empty() {
            b.end_paragraph();
        }
        if let Some((text, generated, pieces)) = b.carry.take() {
            b.lines.push(Line { kind: BlockKind::Paragraph, text, generated, pieces });
        }
        let mut out = DocBuilder::new();
        let mut pieces = Vec::new();
        for l in b.lines {
            // The paragraph's text is contiguous in the document's text: its line breaks
            // become the breaks between its blocks.
            Squeeze::place(&l.text, out.next_start(), &l.pieces, &mut pieces);
            // A line break inside a paragraph (w:br) starts a new line of the text, as
            // typed reports do: one block per line, of the paragraph's kind.
            let mut generated = l.generated;
            for piece in l.text.split('\n') {
                out.push(l.kind, piece, None, generated.min(piece.len()));
                generated = 0;
            }
        }
        // The text ends with a line break, as a saved text file does (an empty last block).
        if !out.is_empty() {
            out.push(BlockKind::Paragraph, "", None, 0);
        }
        let provenance = Provenance { part: DOCUMENT, pieces, runs: b.runs, max_comment_id: b.max_comment_id };
        Ok((out, provenance))
    }

    fn push_text(&mut self, s: &str, kind: PieceKind, at: At) {
        if s.is_empty() {
            return;
        }
        if self.stack.is_empty() {
            self.stack.push(Para::default());
        }
        let run = self.open_runs.last().map_or(u32::MAX, |&(r, _)| offset32(r));
        let holder = if kind == PieceKind::Element { (0, 0) } else { self.holder };
        if let Some(p) = self.stack.last_mut() {
            let start = p.text.len();
            p.text.push_str(s);
            let xml = (offset32(at.from), offset32(at.to));
            p.pieces.push(RawPiece { start, end: p.text.len(), xml, kind, run, holder });
        }
    }

    /// Comment markers already in the part: new comments take larger ids.
    fn note_comment_id(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        if matches!(name.as_ref(), "commentRangeStart" | "commentRangeEnd" | "commentReference") {
            if let Some(id) = super::part::attr(e, "id").and_then(|v| v.trim().parse::<u64>().ok()) {
                self.max_comment_id = Some(self.max_comment_id.map_or(id, |m| m.max(id)));
            }
        }
    }

    /// Whether an element is `<main prefix>:<local>` (a math run `m:r` is not a run).
    fn in_main(&self, e: &BytesStart<'_>) -> bool {
        let q = e.name();
        match (self.w_prefix.as_ref().and_then(|p| p.as_deref()), q.prefix()) {
            (None | Some("w"), Some(p)) => p.as_ref() == "w",
            (Some(""), p) => p.is_none(),
            (Some(want), Some(p)) => p.as_ref() == want,
            (_, None) => false,
        }
    }

    fn event(&mut self, ev: &Event<'_>, at: At) {
        match ev {
            Event::Start(e) => {
                if self.w_prefix.is_none() {
                    self.w_prefix = Some(main_prefix(e));
                }
                self.note_comment_id(e);
                if self.skip > 0 {
                    self.skip += 1;
                    return;
                }
                let name = local(e);
                if SKIPPED.contains(&name.as_str()) {
                    self.skip = 1;
                    return;
                }
                if name == "r" && self.in_main(e) {
                    let (from, to) = (offset32(at.from), offset32(at.to));
                    self.runs.push(RunSource { start: from, end: to, tag_end: to, props: None });
                    self.open_runs.push((self.runs.len() - 1, at.depth));
                } else if name == "rPr" && self.in_ppr == 0 {
                    if let Some(&(r, d)) = self.open_runs.last() {
                        if at.depth == d + 1 {
                            self.rpr = Some((r, offset32(at.from)));
                        }
                    }
                }
                self.element(e, &name, at);
                match name.as_str() {
                    "p" => self.stack.push(Para { in_cell: self.in_cell > 0, ..Para::default() }),
                    "tc" => self.in_cell += 1,
                    "pPr" => self.in_ppr += 1,
                    "rPr" if self.in_ppr > 0 => self.in_rpr_of_ppr = true,
                    "t" if self.in_ppr == 0 => {
                        self.in_text = true;
                        self.holder = (offset32(at.from), offset32(at.to));
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => {
                self.note_comment_id(e);
                if self.skip > 0 {
                    return;
                }
                let name = local(e);
                if name == "p" {
                    self.stack.push(Para { in_cell: self.in_cell > 0, ..Para::default() });
                    self.end_paragraph();
                } else if name == "del" && self.in_rpr_of_ppr {
                    if let Some(p) = self.stack.last_mut() {
                        p.mark_deleted = true;
                    }
                } else if name == "rPr" && self.in_ppr == 0 {
                    if let Some(&(r, d)) = self.open_runs.last() {
                        if at.depth == d {
                            if let Some(run) = self.runs.get_mut(r) {
                                run.props = Some((offset32(at.from), offset32(at.to)));
                            }
                        }
                    }
                } else if !SKIPPED.contains(&name.as_str()) {
                    self.element(e, &name, at);
                }
            }
            Event::End(e) => {
                if self.skip > 0 {
                    self.skip -= 1;
                    return;
                }
                match e.local_name().as_ref() {
                    "p" => self.end_paragraph(),
                    "tc" => self.in_cell = self.in_cell.saturating_sub(1),
                    "pPr" => self.in_ppr = self.in_ppr.saturating_sub(1),
                    "rPr" => {
                        self.in_rpr_of_ppr = false;
                        if let Some((r, start)) = self.rpr {
                            if self.open_runs.last().is_some_and(|&(_, d)| at.depth == d + 1) {
                                if let Some(run) = self.runs.get_mut(r) {
                                    run.props = Some((start, offset32(at.to)));
                                }
                                self.rpr = None;
                            }
                        }
                    }
                    "t" => {
                        self.in_text = false;
                        self.holder = (0, 0);
                    }
                    "r" => {
                        if let Some(&(r, d)) = self.open_runs.last() {
                            if at.depth == d {
                                if let Some(run) = self.runs.get_mut(r) {
                                    run.end = offset32(at.to);
                                }
                                self.open_runs.pop();
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if self.skip == 0 && self.in_text => self.push_text(&t.xml10_content(), PieceKind::Text, at),
            Event::CData(t) if self.skip == 0 && self.in_text => {
                let s = t.xml10_content().into_owned();
                self.push_text(&s, PieceKind::InText, at);
            }
            Event::GeneralRef(r) if self.skip == 0 && self.in_text => {
                if let Some(c) = general_ref(r) {
                    self.push_text(c.encode_utf8(&mut [0; 4]), PieceKind::InText, at);
                }
            }
            _ => {}
        }
    }

    /// Properties and in-run marks carried by a start or empty element.
    fn element(&mut self, e: &BytesStart<'_>, name: &str, at: At) {
        if self.in_ppr > 0 {
            let Some(p) = self.stack.last_mut() else { return };
            match name {
                "pStyle" => p.style = val(e),
                "numId" => p.num_id = val(e),
                "ilvl" => p.ilvl = val(e).and_then(|v| v.parse().ok()),
                "outlineLvl" => p.outline = val(e).and_then(|v| v.parse().ok()),
                _ => {}
            }
            return;
        }
        let text = match name {
            "tab" | "ptab" => "\t",
            "br" | "cr" => "\n",
            "noBreakHyphen" => "-",
            _ => return,
        };
        self.push_text(text, PieceKind::Element, at);
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.stack.pop() else { return };
        self.in_text = false;
        // Explicit numbering wins; numId 0 removes the style's numbering.
        let num = match (&p.num_id, &p.style) {
            (Some(id), _) => Some((id.clone(), p.ilvl)),
            (None, Some(style)) => self.styles.numbering(style).map(|(id, il)| {
                let il = p.ilvl.or(il).or_else(|| self.numbering.level_of_style(&id, style));
                (id, il)
            }),
            (None, None) => None,
        };
        let marker = num.filter(|(id, _)| id != "0").and_then(|(id, il)| self.numbering.next(&id, il.unwrap_or(0)));
        let (mut line, carried, mut pieces) = self.carry.take().unwrap_or_default();
        // Rendered numbering counts as generated only at the start of the line.
        let generated = if line.is_empty() { marker.as_ref().map_or(0, String::len) } else { carried };
        if let Some(m) = marker {
            line.push_str(&m);
        }
        let base = line.len();
        line.push_str(&p.text);
        pieces.extend(p.pieces.iter().map(|x| x.shifted(base)));
        if p.mark_deleted {
            self.carry = Some((line, generated, pieces));
            return;
        }
        // The paragraph's own outline level wins over its style's, except on a
        // Title-styled paragraph (the title keeps its style).
        let kind = if p.in_cell {
            BlockKind::Cell
        } else {
            let by_style = p.style.as_deref().and_then(|s| self.styles.kind(s));
            match by_style {
                Some(BlockKind::Title) => BlockKind::Title,
                _ => p.outline.map(outline_kind).or(by_style).unwrap_or(BlockKind::Paragraph),
            }
        };
        self.lines.push(Line { kind, text: line, generated, pieces });
    }
}

/// The prefix a start tag declares for the main namespace (`Some("")`: the default
/// namespace).
pub(crate) fn main_prefix(e: &BytesStart<'_>) -> Option<String> {
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
