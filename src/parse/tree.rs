//! The report tree: title, preamble, sections at four levels, paragraphs with their
//! 一是/二是 items, and the sign-off. Every node keeps byte spans into the decoded text.

use crate::span::{LineIndex, Span};
use serde::Serialize;

/// Deepest section level: 第X部分 and the four GB/T 9704 levels, and one more for a
/// report that uses both 第X部分 and 第X章.
pub const MAX_LEVEL: u8 = 6;

/// The exact form of a heading marker, so numbering rules can judge width and sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MarkerStyle {
    /// 第一部分
    CnPart,
    /// 第一章
    CnChapter,
    /// 第一节
    CnSection,
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

/// A family of marker forms: the forms people type for one level of a hierarchy
/// (一、 一. 一． are one family, （一） (一) （一) another). A report's own hierarchy
/// is a ranking of the families it uses (see `parse::levels`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Family {
    /// 第一部分
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 一、
    Cn,
    /// （一）
    CnParen,
    /// 1.
    Ar,
    /// （1）
    ArParen,
    /// No typed marker.
    None,
}

impl Family {
    /// The rank GB/T 9704 (and the usage of long reports above it) gives the family when
    /// a report's own evidence is thin: 第X部分 above 第X章 above 第X节 above 一、 above
    /// （一） above 1. above （1）. Smaller is outer.
    pub fn prior(self) -> u8 {
        self as u8
    }

    /// The family's standard form (GB/T 9704, GB/T 15834).
    pub fn standard(self) -> MarkerStyle {
        match self {
            Family::Part => MarkerStyle::CnPart,
            Family::Chapter => MarkerStyle::CnChapter,
            Family::Section => MarkerStyle::CnSection,
            Family::Cn => MarkerStyle::CnDun,
            Family::CnParen => MarkerStyle::CnParenFull,
            Family::Ar => MarkerStyle::ArDot,
            Family::ArParen => MarkerStyle::ArParenFull,
            Family::None => MarkerStyle::None,
        }
    }
}

impl MarkerStyle {
    /// The family of the form.
    pub fn family(self) -> Family {
        use MarkerStyle::*;
        match self {
            CnPart => Family::Part,
            CnChapter => Family::Chapter,
            CnSection => Family::Section,
            CnDun | CnDot => Family::Cn,
            CnParenFull | CnParenHalf | CnParenMixed => Family::CnParen,
            ArDot | ArDotFull | ArDun => Family::Ar,
            ArParenFull | ArParenHalf | ArParenMixed => Family::ArParen,
            None => Family::None,
        }
    }

    /// Does the marker carry a Chinese numeral (一, 十二) rather than an Arabic one?
    pub fn chinese_numeral(self) -> bool {
        matches!(self.family(), Family::Part | Family::Chapter | Family::Section | Family::Cn | Family::CnParen)
    }

    /// The GB/T 9704 level this marker form stands for (0 for [`MarkerStyle::None`]: the
    /// section's own `level` says it); 第X部分, 第X章 and 第X节 stand above the four and
    /// are given 1 here. This is only the prior: a report's own hierarchy (the nesting of
    /// its marker families, the levels its styles declare) decides the section's `level`.
    pub fn level(self) -> u8 {
        use MarkerStyle::*;
        match self {
            CnPart | CnChapter | CnSection => 1,
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
            CnPart => "第一部分",
            CnChapter => "第一章",
            CnSection => "第一节",
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
    /// 1..=[`MAX_LEVEL`]: the rank of the heading's marker family in the report's own
    /// hierarchy (1 = the outermost family in use), or the level the document's styles
    /// declare. A report numbered 1、2、 at the top has its 1、 at level 1.
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
    /// Table rows inside the body (tab-separated or Markdown pipe rows of a text, the
    /// cells of a document's tables): never headings, paragraphs or part cues.
    pub tables: Vec<Span>,
    /// Lines taken out of the body as furniture left by other programs or by office
    /// practice: page numbers, a running header repeated on every page, the 发文字号 and
    /// 签发人 line, the 主送机关, 特此报告, the 附件 list, 抄送, 印发, 联系人.
    pub furniture: Vec<Span>,
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
