//! `word/document.xml`: body paragraphs, runs, tables, text boxes, fields and tracked
//! changes, each paragraph with its rendered numbering and its block kind.

use super::numbering::Numbering;
use super::part::{for_each_event, general_ref, local, val, Part};
use super::styles::{outline_kind, Styles};
use super::DOCUMENT;
use crate::input::{BlockKind, DocBuilder, InputError};
use quick_xml::events::{BytesStart, Event};

/// One paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
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
}

/// Elements whose content is not part of the visible, accepted text.
pub(crate) const SKIPPED: &[&str] = &[
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
    /// the bytes of rendered numbering at its start).
    carry: Option<(String, usize)>,
    /// Depth inside `w:tc` (table cells).
    in_cell: usize,
    /// Depth inside skipped elements (0: reading).
    skip: usize,
    in_text: bool,
    /// Inside `w:pPr` (paragraph properties: numbering and style are read here, and the
    /// `w:tab` elements are tab stops, not tabs).
    in_ppr: usize,
    in_rpr_of_ppr: bool,
}

impl<'s> Body<'s> {
    pub(super) fn read(
        part: Part<'_, '_>,
        limit: u64,
        styles: &'s Styles,
        numbering: Numbering,
    ) -> Result<DocBuilder, InputError> {
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
        };
        for_each_event(part, DOCUMENT, limit, InputError::NotDocx, |ev, _| b.event(ev))?;
        while !b.stack.is_empty() {
            b.end_paragraph();
        }
        if let Some((text, generated)) = b.carry.take() {
            b.lines.push(Line { kind: BlockKind::Paragraph, text, generated });
        }
        let mut out = DocBuilder::new();
        for l in b.lines {
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
        Ok(out)
    }

    fn push_text(&mut self, s: &str) {
        if self.stack.is_empty() {
            self.stack.push(Para::default());
        }
        if let Some(p) = self.stack.last_mut() {
            p.text.push_str(s);
        }
    }

    fn event(&mut self, ev: &Event<'_>) {
        match ev {
            Event::Start(e) => {
                if self.skip > 0 {
                    self.skip += 1;
                    return;
                }
                let name = local(e);
                if SKIPPED.contains(&name.as_str()) {
                    self.skip = 1;
                    return;
                }
                self.element(e, &name);
                match name.as_str() {
                    "p" => self.stack.push(Para { in_cell: self.in_cell > 0, ..Para::default() }),
                    "tc" => self.in_cell += 1,
                    "pPr" => self.in_ppr += 1,
                    "rPr" if self.in_ppr > 0 => self.in_rpr_of_ppr = true,
                    "t" if self.in_ppr == 0 => self.in_text = true,
                    _ => {}
                }
            }
            Event::Empty(e) => {
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
                } else if !SKIPPED.contains(&name.as_str()) {
                    self.element(e, &name);
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
                    "rPr" => self.in_rpr_of_ppr = false,
                    "t" => self.in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if self.skip == 0 && self.in_text => self.push_text(&t.xml10_content()),
            Event::CData(t) if self.skip == 0 && self.in_text => {
                let s = t.xml10_content().into_owned();
                self.push_text(&s);
            }
            Event::GeneralRef(r) if self.skip == 0 && self.in_text => {
                if let Some(c) = general_ref(r) {
                    self.push_text(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
    }

    /// Properties and in-run marks carried by a start or empty element.
    fn element(&mut self, e: &BytesStart<'_>, name: &str) {
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
        match name {
            "tab" | "ptab" => self.push_text("\t"),
            "br" | "cr" => self.push_text("\n"),
            "noBreakHyphen" => self.push_text("-"),
            _ => {}
        }
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
        let (mut line, carried) = self.carry.take().unwrap_or_default();
        // Rendered numbering counts as generated only at the start of the line.
        let generated = if line.is_empty() { marker.as_ref().map_or(0, String::len) } else { carried };
        if let Some(m) = marker {
            line.push_str(&m);
        }
        line.push_str(&p.text);
        if p.mark_deleted {
            self.carry = Some((line, generated));
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
        self.lines.push(Line { kind, text: line, generated });
    }
}
