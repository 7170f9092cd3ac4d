//! From decoded text to the report tree: the entry points and the order of the stages.
//! Each stage lives in its own module: [`line`](super::line) (lines, the grammar call),
//! [`blocks`](super::blocks) (hints from the document's blocks),
//! [`front`](super::front) (title and front matter), [`inline`](super::inline) and
//! [`unmarked`](super::unmarked) (headings the line starts do not mark),
//! [`body`](super::body) (sign-off, sections, paragraphs, items) and
//! [`meta`](super::meta) (year and unit).

use super::blocks::apply_blocks;
use super::body::{build_sections, find_sign_off};
use super::config::DocumentConfig;
use super::front::split_front;
use super::furniture::{mark_furniture, take_furniture};
use super::inline::{split_inline_level1, split_inline_level2};
use super::levels::assign_levels;
use super::line::{classify, physical_lines, set_call_limit, Kind, LLine};
use super::meta::{detect_unit, detect_year};
use super::tree::*;
use super::unmarked::promote_unmarked;
use crate::input::Block;
use crate::normalize::to_simplified;
use crate::span::{LineIndex, Span};

/// Parse decoded text into a [`Report`].
pub fn parse(text: &str, cfg: &DocumentConfig) -> Report {
    parse_normalized(text, &to_simplified(text), cfg)
}

/// [`parse`] with the normalised text already at hand (`norm` = `to_simplified(text)`).
pub fn parse_normalized(text: &str, norm: &str, cfg: &DocumentConfig) -> Report {
    parse_with_hints(text, norm, cfg, Hints::default())
}

pub use super::line::CueEnd;

/// What the parser may use besides the text itself.
#[derive(Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The document's blocks (one per line of the text, in order): heading levels from
    /// Word styles, the title, a PDF's heading candidates. Empty for plain text.
    pub blocks: &'a [Block],
    /// Where the last heading cue of a required part ends in a heading text (byte offset
    /// into the given, normalised text), or `None` when it names no part. Lets the parser
    /// recognise unmarked headings ("问题与不足") and cut inline headings where their
    /// wording ends.
    pub part_cue_end: Option<CueEnd<'a>>,
}

/// [`parse_normalized`] with the document's blocks: a level a `Heading(1..=4)` block
/// declares wins over the rank of a typed marker's family; a line with no typed marker
/// whose block is a `Heading(1..=4)` is a section at that level with an empty marker;
/// `Title` blocks give the title; `Cell` blocks are table rows.
pub fn parse_with_blocks(text: &str, norm: &str, cfg: &DocumentConfig, blocks: &[Block]) -> Report {
    parse_with_hints(text, norm, cfg, Hints { blocks, part_cue_end: None })
}

/// The parser with every hint: see [`Hints`].
pub fn parse_with_hints(text: &str, norm: &str, cfg: &DocumentConfig, hints: Hints<'_>) -> Report {
    set_call_limit();
    let index = LineIndex::new(text);

    // 1. Physical lines, classified; tables and furniture (page numbers, running
    //    headers, 抄送 …); then what the document's blocks say. Classified on the
    //    normalised view (same offsets): a marker the text layer spells with compatibility
    //    characters (⼀、 from a PDF) is still a marker.
    let mut lines: Vec<LLine> = physical_lines(text).into_iter().map(|span| classify(norm, span)).collect();
    mark_furniture(text, norm, &mut lines, cfg, hints.blocks.is_empty());
    if !hints.blocks.is_empty() {
        apply_blocks(text, norm, &mut lines, hints.blocks, cfg);
    }
    let (lines, furniture) = take_furniture(text, lines);

    // 2–3. Title, front matter and the furniture around them; the rest is the body.
    let (title, front_matter, body_lines) = split_front(text, norm, lines, cfg);

    // 4. Reports whose line breaks were lost: level-1 headings inside lines. (Levels
    //    here are still the markers' GB/T prior; the report's own come in step 6.)
    let has_level1 = |ls: &[LLine]| ls.iter().any(|l| matches!(&l.kind, Kind::Heading(h) if h.level == 1));
    let body_lines = if has_level1(&body_lines) { body_lines } else { split_inline_level1(text, body_lines) };
    // … and level-2 headings inside the long lines of a level-1 section.
    let mut body_lines = split_inline_level2(text, body_lines);

    // 5. Sign-off at the end.
    let sign_off = find_sign_off(text, &mut body_lines);

    // 5b. Headings without markers, from the text alone ("工作成效" on a line of its own).
    if !has_level1(&body_lines) {
        promote_unmarked(text, norm, &mut body_lines, hints.part_cue_end, cfg);
    }

    // 6. The levels the report declares: its marker families ranked by nesting, the
    //    levels its styles give.
    assign_levels(text, norm, &mut body_lines, hints.part_cue_end);

    // 7. Preamble and sections.
    let body = match (
        body_lines.iter().find(|l| !matches!(l.kind, Kind::Blank)),
        body_lines.iter().rev().find(|l| !matches!(l.kind, Kind::Blank)),
    ) {
        (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
        _ => Span::empty(text.len()),
    };
    let built = build_sections(text, norm, &index, &body_lines, cfg, hints.part_cue_end);

    let (unit, unit_in_title) = detect_unit(text, title.as_ref(), sign_off.as_ref(), cfg);
    let mut report = Report {
        front_matter,
        unit,
        unit_in_title,
        title,
        year: None,
        year_source: None,
        preamble: built.preamble,
        sections: built.sections,
        sign_off,
        body,
        tables: built.tables,
        furniture,
        lines: index,
    };
    if let Some((y, src)) = detect_year(text, &report) {
        report.year = Some(y);
        report.year_source = Some(src);
    }
    report
}
