//! Structure hints from the document's blocks: a line without a typed marker takes its
//! heading level from its block (Word styles, outline levels), or becomes a title or a
//! heading candidate (a PDF's short bold or centred line).

use super::config::DocumentConfig;
use super::front::is_title_like;
use super::line::{Head, Hint, Kind, LLine};
use super::text::trimmed_span;
use super::tree::MarkerStyle;
use crate::input::{Block, BlockKind};
use crate::span::Span;

/// A "heading" block longer than this is a heading style misused on running text.
const MAX_STYLED_HEADING_CHARS: usize = 100;

/// Apply the document's blocks to the lines the text leaves unmarked (typed markers win).
pub(super) fn apply_blocks(text: &str, norm: &str, lines: &mut [LLine], blocks: &[Block], cfg: &DocumentConfig) {
    let mut seen_heading = false;
    for l in lines.iter_mut() {
        if matches!(l.kind, Kind::Heading(_)) {
            seen_heading = true;
        }
        if !matches!(l.kind, Kind::Text) {
            continue;
        }
        let i = blocks.partition_point(|b| b.span.end < l.span.start);
        let Some(b) = blocks.get(i).filter(|b| b.span.start <= l.span.start) else { continue };
        let t = trimmed_span(text, l.span);
        match b.kind {
            BlockKind::Heading(level @ 1..=4) => {
                let s = t.slice(norm);
                // Many writers style the title as Heading 1: a title-like first heading is the title.
                if !seen_heading && level == 1 && is_title_like(s, cfg) && s.chars().count() <= cfg.title_max_chars {
                    l.hint = Hint::Title;
                    continue;
                }
                if s.chars().count() <= MAX_STYLED_HEADING_CHARS {
                    l.kind = Kind::Heading(Head {
                        style: MarkerStyle::None,
                        level,
                        number: 0,
                        marker: Span::empty(t.start),
                        inline: false,
                    });
                    seen_heading = true;
                }
            }
            BlockKind::Heading(_) => l.hint = Hint::Candidate,
            BlockKind::Title => l.hint = Hint::Title,
            BlockKind::Paragraph | BlockKind::Cell => {}
        }
    }
}
