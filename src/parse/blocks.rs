//! Structure hints from the document's blocks: the level a Word style or outline level
//! declares for a line (typed marker or not), the title (one or more Title-styled
//! paragraphs, or a title the writer styled as Heading 1), heading candidates (a PDF's
//! short bold or centred lines) and table cells.

use super::config::DocumentConfig;
use super::front::is_title_like;
use super::line::{Head, Hint, Kind, LLine};
use super::text::{trimmed_span, SENTENCE_END};
use crate::input::{Block, BlockKind};

/// A "heading" block longer than this is a heading style misused on running text.
const MAX_STYLED_HEADING_CHARS: usize = 100;

/// Most lines a title is written over.
const MAX_TITLE_LINES: usize = 3;

/// Apply the document's blocks to the lines: a declared heading level is recorded on a
/// typed heading (it wins over its marker's rank) and makes an unmarked line a heading;
/// Title blocks and a title styled as Heading 1 give the title; table cells are table
/// rows, never headings.
pub(super) fn apply_blocks(text: &str, norm: &str, lines: &mut [LLine], blocks: &[Block], cfg: &DocumentConfig) {
    let block_of = |l: &LLine| -> Option<&Block> {
        let i = blocks.partition_point(|b| b.span.end < l.span.start);
        blocks.get(i).filter(|b| b.span.start <= l.span.start)
    };
    let kinds: Vec<Option<BlockKind>> = lines.iter().map(|l| block_of(l).map(|b| b.kind)).collect();
    let title_lines = styled_title(text, norm, lines, &kinds, cfg);
    for (i, l) in lines.iter_mut().enumerate() {
        if title_lines.contains(&i) {
            l.hint = Hint::Title;
            continue;
        }
        let Some(kind) = kinds[i] else { continue };
        match (&mut l.kind, kind) {
            (Kind::Blank | Kind::Furniture | Kind::Table, _) => {}
            (_, BlockKind::Cell) => l.kind = Kind::Table,
            (Kind::Heading(h), BlockKind::Heading(level @ 1..=4)) => h.declared = Some(level),
            (Kind::Heading(_), _) => {}
            (Kind::Text, BlockKind::Heading(level @ 1..=4)) => {
                let t = trimmed_span(text, l.span);
                if t.slice(norm).chars().count() <= MAX_STYLED_HEADING_CHARS {
                    let mut h = Head::unmarked(level, t.start);
                    h.declared = Some(level);
                    l.kind = Kind::Heading(h);
                }
            }
            (Kind::Text, BlockKind::Heading(_)) => l.hint = Hint::Candidate,
            (Kind::Text, BlockKind::Title) => l.hint = Hint::Title,
            (Kind::Text, BlockKind::Paragraph) => {}
        }
    }
}

/// The lines of a title the blocks give before the first heading: the Title-styled lines
/// (blank lines between them allowed), or the first few Heading 1 (or Title) lines when
/// together they read as a title (many writers style the title as Heading 1; Chinese
/// Word gives the Title style outline level 1, and a title is often split over two such
/// paragraphs: "某县司法局关于2023年度" / "法治政府建设情况的报告").
fn styled_title(
    text: &str,
    norm: &str,
    lines: &[LLine],
    kinds: &[Option<BlockKind>],
    cfg: &DocumentConfig,
) -> Vec<usize> {
    let titled = |k: Option<BlockKind>| matches!(k, Some(BlockKind::Title | BlockKind::Heading(1)));
    // The first run of Title / Heading 1 lines before any other heading, blank lines
    // inside it skipped.
    let mut run: Vec<usize> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        match &l.kind {
            Kind::Blank => continue,
            Kind::Furniture => continue,
            _ => {}
        }
        if titled(kinds[i]) && run.len() < MAX_TITLE_LINES && !matches!(l.kind, Kind::Heading(_) | Kind::Table) {
            run.push(i);
            continue;
        }
        if !run.is_empty() || matches!(l.kind, Kind::Heading(_)) || matches!(kinds[i], Some(BlockKind::Heading(_))) {
            break;
        }
    }
    if run.is_empty() {
        return run;
    }
    // The shortest prefix of the run that reads as a title.
    let mut joined = String::new();
    for (k, &i) in run.iter().enumerate() {
        let s = trimmed_span(text, lines[i].span).slice(norm);
        joined.push_str(s);
        if joined.chars().count() > cfg.title_max_chars + 10 {
            break;
        }
        if is_title_like(&joined, cfg) {
            // Title-styled lines right after it belong to it too ("（2023年度）").
            let mut end = k + 1;
            while end < run.len() && kinds[run[end]] == Some(BlockKind::Title) {
                end += 1;
            }
            return run[..end].to_vec();
        }
    }
    // Title-styled lines that do not read as a title are still the document's title.
    let mut title: Vec<usize> = run.into_iter().take_while(|&i| kinds[i] == Some(BlockKind::Title)).collect();
    if let Some(next) = completing_line(text, norm, lines, kinds, &title, cfg) {
        title.push(next);
    }
    title
}

/// The plain line right under Title-styled lines that do not read as a title, when it
/// completes them: the second line of a title typed in the body style ("某县司法局关于
/// 2023年度" styled, "法治政府建设情况的报告" not), or the report's name under a unit
/// styled as the title ("某县交通运输局" over "某县交通运输局2023年法治政府建设工作报告").
/// Only a short line without sentence punctuation, after which the styled lines and it
/// together read as a title.
fn completing_line(
    text: &str,
    norm: &str,
    lines: &[LLine],
    kinds: &[Option<BlockKind>],
    title: &[usize],
    cfg: &DocumentConfig,
) -> Option<usize> {
    let &last = title.last()?;
    let j = (last + 1..lines.len()).find(|&j| !matches!(lines[j].kind, Kind::Blank | Kind::Furniture))?;
    if !matches!(lines[j].kind, Kind::Text) || kinds[j] != Some(BlockKind::Paragraph) {
        return None;
    }
    let s = trimmed_span(text, lines[j].span).slice(norm);
    if s.chars().count() > cfg.title_max_chars
        || s.contains(SENTENCE_END)
        || s.contains(['，', ',', '；', ';', '：', ':'])
    {
        return None;
    }
    let mut joined: String = title.iter().map(|&i| trimmed_span(text, lines[i].span).slice(norm)).collect();
    if is_title_like(&joined, cfg) {
        return None;
    }
    joined.push_str(s);
    is_title_like(&joined, cfg).then_some(j)
}
