//! The report tree: title, preamble, sections at four levels, paragraphs with their
//! 一是/二是 items, and the sign-off. Every node keeps byte spans into the decoded text.

use crate::span::{LineIndex, Span};
use serde::Serialize;

/// The exact form of a heading marker, so numbering rules can judge width and sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MarkerStyle {
    /// 一、
    CnDun,
    /// 一． or 一.
    CnDot,
    /// （一）
    CnParenFull,
    /// (一)
    CnParenHalf,
    /// （一) or (一） – brackets of mixed width
    CnParenMixed,
    /// 1.
    ArDot,
    /// 1．
    ArDotFull,
    /// 1、
    ArDun,
    /// （1）
    ArParenFull,
    /// (1)
    ArParenHalf,
    /// （1) or (1）
    ArParenMixed,
    /// No typed marker: a heading the document's styles or layout give (Word's Heading 1
    /// without "一、"), or a short line the text alone shows to be a heading. Its level is
    /// the section's; numbering and width rules ignore it.
    None,
}

impl MarkerStyle {
    /// The GB/T 9704 level this marker form stands for (0 for [`MarkerStyle::None`]: the
    /// section's own `level` says it).
    pub fn level(self) -> u8 {
        use MarkerStyle::*;
        match self {
            CnDun | CnDot => 1,
            CnParenFull | CnParenHalf | CnParenMixed => 2,
            ArDot | ArDotFull | ArDun => 3,
            ArParenFull | ArParenHalf | ArParenMixed => 4,
            None => 0,
        }
    }

    /// A short sample of the form, for messages ("（一）", "(一)", "1、" …).
    pub fn sample(self) -> &'static str {
        use MarkerStyle::*;
        match self {
            CnDun => "一、",
            CnDot => "一．",
            CnParenFull => "（一）",
            CnParenHalf => "(一)",
            CnParenMixed => "（一)",
            ArDot => "1.",
            ArDotFull => "1．",
            ArDun => "1、",
            ArParenFull => "（1）",
            ArParenHalf => "(1)",
            ArParenMixed => "（1)",
            None => "",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Marker {
    pub style: MarkerStyle,
    /// The number the marker carries (一 → 1, （十二） → 12); for an unmarked heading its
    /// place among its siblings of the same level (1-based).
    pub number: u32,
    /// The marker itself, e.g. `（一）`; empty (at the heading's start) when unmarked.
    pub span: Span,
}

/// A paragraph of running text, with the spans of its 一是……二是…… items.
#[derive(Clone, Debug, Serialize)]
pub struct Paragraph {
    pub span: Span,
    pub items: Vec<Span>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// 1..=4, from the marker form (一、 / （一） / 1. / （1）).
    pub level: u8,
    pub marker: Marker,
    /// The heading text without its marker; for a run-in heading the text before the first 。.
    pub heading: Span,
    /// "二、存在的不足。一是……": the heading runs into its first paragraph.
    pub run_in: bool,
    /// The whole section: heading line up to the next heading of the same or a higher level.
    pub span: Span,
    /// The heading's line (0-based; use `line + 1` for display).
    pub line: usize,
    pub paragraphs: Vec<Paragraph>,
    pub children: Vec<Section>,
}

impl Section {
    /// This section and all its descendants, depth first.
    pub fn walk(&self) -> Vec<&Section> {
        let mut out = Vec::new();
        self.walk_into(&mut out);
        out
    }

    /// Append this section and its descendants, in document order, to `out`.
    pub fn walk_into<'a>(&'a self, out: &mut Vec<&'a Section>) {
        out.push(self);
        for c in &self.children {
            c.walk_into(out);
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Title {
    /// From the first title line to the end of the last one.
    pub span: Span,
    /// One span per title line (titles are often split over two or three lines).
    pub lines: Vec<Span>,
    /// The title lines joined without the line breaks and indentation.
    pub text: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct SignOff {
    pub span: Span,
    pub unit: Option<Span>,
    pub date: Option<Span>,
}

/// Where the reported year was taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum YearSource {
    Title,
    Preamble,
    Heading,
    Body,
}

/// A parsed report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// Page furniture or other lines before the title (web copies), if any.
    pub front_matter: Option<Span>,
    pub title: Option<Title>,
    /// The issuing unit, taken from the title (else from the sign-off).
    pub unit: Option<String>,
    /// Whether the title itself names the unit.
    pub unit_in_title: bool,
    /// The year reported on (the title's year, else the body's).
    pub year: Option<i32>,
    pub year_source: Option<YearSource>,
    pub preamble: Vec<Paragraph>,
    /// Top-level sections (level 1 normally; deeper levels when a report has no 一、).
    pub sections: Vec<Section>,
    pub sign_off: Option<SignOff>,
    /// Where the body (preamble and sections) starts and ends.
    pub body: Span,
    #[serde(skip)]
    pub lines: LineIndex,
}

impl Report {
    /// All sections, depth first.
    pub fn all_sections(&self) -> Vec<&Section> {
        let mut out = Vec::new();
        for s in &self.sections {
            s.walk_into(&mut out);
        }
        out
    }

    /// Level-1 sections in order.
    pub fn level1(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.level == 1)
    }

    /// The outermost sections of the report's own hierarchy: the level-1 sections, or,
    /// when the report has none, the sections at the smallest level it uses.
    pub fn top_level(&self) -> impl Iterator<Item = &Section> {
        let min = self.sections.iter().map(|s| s.level).min().unwrap_or(1);
        self.sections.iter().filter(move |s| s.level == min)
    }

    /// Every paragraph in document order (preamble first).
    pub fn paragraphs(&self) -> Vec<&Paragraph> {
        self.paragraphs_of(&self.all_sections())
    }

    /// [`Report::paragraphs`], given the sections from [`Report::all_sections`].
    pub fn paragraphs_of<'a>(&'a self, sections: &[&'a Section]) -> Vec<&'a Paragraph> {
        let mut out: Vec<&Paragraph> = self.preamble.iter().collect();
        for s in sections {
            out.extend(s.paragraphs.iter());
        }
        out.sort_by_key(|p| p.span.start);
        out
    }

    /// 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset)
    }
}
