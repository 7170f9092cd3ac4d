//! Front matter: the title (one to three lines, from the Title style or the text, a
//! title cut from a long line), the unit lines above it, and the page furniture (web
//! breadcrumbs, dates, repeated titles) between it and the body.

use super::config::DocumentConfig;
use super::line::{Hint, Kind, LLine};
use super::text::{contains_any, is_date_line, squash, squashed, trim_white, trimmed_span, SENTENCE_END};
use super::tree::Title;
use crate::normalize::to_simplified;
use crate::span::Span;

/// Split the classified lines at the start of the body: the title (among the lines
/// before the first heading), the front matter before it, and the furniture right after
/// it (or at the top when there is none) and repeated titles are taken off; the lines
/// that remain are the body's.
pub(super) fn split_front(
    text: &str,
    norm: &str,
    mut lines: Vec<LLine>,
    cfg: &DocumentConfig,
) -> (Option<Title>, Option<Span>, Vec<LLine>) {
    let first_heading = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))).unwrap_or(lines.len());
    let (title, body_from) = find_title(text, norm, &mut lines, first_heading, cfg);
    let first_heading = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))).unwrap_or(lines.len());
    let mut front_matter = None;

    // Furniture right after the title (or at the top when there is none), and repeated titles.
    let mut i = body_from;
    let skip_start = i;
    let title_key = title.as_ref().map(|t| squash(&to_simplified(&t.text)));
    while i < lines.len() && i < first_heading.max(body_from) {
        let l = &lines[i];
        let s = l.span.slice(norm);
        let is_dup_title = title_key.as_deref().is_some_and(|k| !k.is_empty() && squashed(s).eq(k.chars()));
        if matches!(l.kind, Kind::Blank) || is_dup_title || is_furniture(s, cfg) {
            i += 1;
        } else {
            break;
        }
    }
    if let Some(t) = &title {
        if t.span.start > 0 && !trim_white(&text[..t.span.start]).trim().is_empty() {
            front_matter = Some(Span::new(0, t.span.start));
        }
    } else if i > skip_start {
        let end = lines[i.saturating_sub(1).max(skip_start)].span.end;
        if !text[..end].trim().is_empty() {
            front_matter = Some(Span::new(0, end));
        }
    }
    let body_lines: Vec<LLine> = lines.split_off(i.min(lines.len()));
    (title, front_matter, body_lines)
}

/// Can a line the document styles as its title be one? Not a clause of running text
/// (a first paragraph styled Title: "以来,国家税务总局上海…"), not page furniture ("今天是:
/// 10月31日 星期二"), not longer than a title.
fn title_shaped(s: &str, cfg: &DocumentConfig) -> bool {
    let n = s.chars().count();
    n > 0
        && n <= cfg.title_max_chars
        && !s.contains(SENTENCE_END)
        && !s.contains(['，', ',', '；', ';'])
        && (!s.contains([':', '：']) || is_title_like(s, cfg))
        && !is_furniture(s, cfg)
}

pub(super) fn is_title_like(s: &str, cfg: &DocumentConfig) -> bool {
    contains_any(s, &cfg.title_any) && contains_any(s, &cfg.title_topic_any) && !contains_any(s, &cfg.title_none)
}

fn is_furniture(s: &str, cfg: &DocumentConfig) -> bool {
    let t = trim_white(s).trim();
    let n = t.chars().count();
    if n == 0 {
        return true;
    }
    if n > cfg.furniture_max_chars {
        return false;
    }
    // Lone widgets ("大", "中", "小", "-") and breadcrumb fragments.
    n <= 2 || contains_any(t, &cfg.furniture_any) || t.starts_with("- ")
}

/// A short line that can hold the issuing unit above a title ("中站区信访局").
fn is_unit_line(s: &str, cfg: &DocumentConfig) -> bool {
    let t = trim_white(s).trim();
    let n = t.chars().count();
    (2..=30).contains(&n)
        && !is_furniture(t, cfg)
        && !contains_any(t, &cfg.title_any)
        && !t.contains(SENTENCE_END)
        && !t.contains(['，', ',', '：', ':', '>', '→', '|'])
        // Digits only in the year the title's first line ends with ("某市人民政府2020年" /
        // "关于2023年度"): a date or a counter is not part of a title.
        && (!t.chars().any(|c| c.is_ascii_digit()) || (t.ends_with(['年', '度']) && !is_date_line(t)))
}

fn make_title(text: &str, spans: Vec<Span>) -> Title {
    let spans: Vec<Span> = spans.into_iter().map(|s| trimmed_span(text, s)).collect();
    let start = spans.first().map(|s| s.start).unwrap_or(0);
    let end = spans.last().map(|s| s.end).unwrap_or(0);
    let text_joined: String = spans.iter().map(|s| s.slice(text)).collect::<Vec<_>>().join("");
    Title { span: Span::new(start, end), lines: spans, text: text_joined }
}

/// Find the title among the lines before the first heading. Returns it and the index
/// of the first line after it (the body starts there). May split a long line whose
/// title runs into the preamble; the remainder is inserted as a text line.
fn find_title(
    text: &str,
    norm: &str,
    lines: &mut Vec<LLine>,
    limit: usize,
    cfg: &DocumentConfig,
) -> (Option<Title>, usize) {
    // The document's own title (Word's Title style), over one or more lines.
    let limit_ = limit.min(lines.len());
    let styled = |l: &LLine| l.hint == Hint::Title && title_shaped(trim_white(l.span.slice(norm)).trim(), cfg);
    if let Some(i) = lines[..limit_].iter().position(styled) {
        // Title lines, blank lines between them allowed (an empty paragraph between two
        // Title-styled ones).
        let mut spans = vec![lines[i].span];
        let mut end = i + 1;
        let mut j = i + 1;
        while j < limit_ && matches!(lines[j].kind, Kind::Blank | Kind::Furniture | Kind::Text) {
            if lines[j].hint == Hint::Title {
                spans.push(lines[j].span);
                end = j + 1;
            } else if !matches!(lines[j].kind, Kind::Blank) {
                break;
            }
            j += 1;
        }
        // The issuing unit set in the title's style over the report's name set as text
        // ("某区民政局" / "某区民政局关于2024年度法治政府建设情况的报告"): the name is the
        // title's last line, as when the unit line stands above a title in plain text.
        let unit_only = spans.iter().all(|s| is_unit_line(s.slice(norm), cfg));
        if unit_only {
            if let Some(k) = (end..lines.len()).find(|&k| !matches!(lines[k].kind, Kind::Blank)) {
                let t = trim_white(lines[k].span.slice(norm)).trim();
                if matches!(lines[k].kind, Kind::Text | Kind::Heading(_))
                    && t.chars().count() <= cfg.title_max_chars
                    && is_title_like(t, cfg)
                    && !t.contains(SENTENCE_END)
                    && !t.ends_with(['：', ':'])
                {
                    spans.push(lines[k].span);
                    end = k + 1;
                }
            }
        }
        return (Some(make_title(text, spans)), end);
    }
    let mut seen = 0;
    for i in 0..limit.min(lines.len()) {
        if matches!(lines[i].kind, Kind::Blank) {
            continue;
        }
        seen += 1;
        if seen > 30 {
            break;
        }
        let span = lines[i].span;
        let s = trim_white(span.slice(norm)).trim();
        let n = s.chars().count();
        // The next line, or the one after a blank line (a title split over two lines with
        // an empty one between, as Word's two Title paragraphs come out in a text).
        let after_blank = |k: usize| {
            if lines.get(k).is_some_and(|l| matches!(l.kind, Kind::Blank)) {
                k + 1
            } else {
                k
            }
        };
        let nx = after_blank(i + 1);
        let next_adjacent = lines.get(nx).filter(|l| matches!(l.kind, Kind::Text) && nx < limit);
        // Up to two unit lines directly above ("中共某县委" / "某县人民政府"; a blank line
        // between allowed).
        let is_unit = |k: usize| matches!(lines[k].kind, Kind::Text) && is_unit_line(lines[k].span.slice(norm), cfg);
        let before_blank = |k: usize| if k > 0 && matches!(lines[k].kind, Kind::Blank) { Some(k - 1) } else { Some(k) };
        let mut prev_unit: Vec<Span> = Vec::new();
        if let Some(p1) = i.checked_sub(1).and_then(before_blank).filter(|&k| is_unit(k)) {
            if let Some(p2) = p1.checked_sub(1).and_then(before_blank).filter(|&k| is_unit(k)) {
                prev_unit.push(lines[p2].span);
            }
            prev_unit.push(lines[p1].span);
        }

        if n <= cfg.title_max_chars && is_title_like(s, cfg) && !s.ends_with(['。', '：', ':']) {
            let mut spans = prev_unit;
            spans.push(span);
            return (Some(make_title(text, spans)), i + 1);
        }
        // Title split before its last words: "枣庄市信访局2021年度法治政府" / "建设工作报告".
        if n <= cfg.title_max_chars
            && contains_any(s, &cfg.title_topic_any)
            && !contains_any(s, &cfg.title_any)
            && !s.contains(SENTENCE_END)
            && !s.contains(['，', ',', '：', ':', '>', '→', '|'])
            && !is_furniture(s, cfg)
        {
            if let Some(next) = next_adjacent {
                let t = trim_white(next.span.slice(norm)).trim();
                if t.chars().count() + n <= cfg.title_max_chars
                    && contains_any(t, &cfg.title_any)
                    && !contains_any(t, &cfg.title_none)
                    && !t.contains(SENTENCE_END)
                {
                    let mut spans = prev_unit;
                    spans.push(span);
                    spans.push(next.span);
                    return (Some(make_title(text, spans)), nx + 1);
                }
            }
        }
        // A long line whose title runs into the text (line breaks lost in a web copy).
        if n > cfg.title_max_chars {
            if let Some(cut) = title_prefix(span.slice(norm), cfg) {
                let head = Span::new(span.start, span.start + cut);
                let rest = Span::new(span.start + cut, span.end);
                lines[i] = LLine { span: head, kind: Kind::Text, hint: Hint::None };
                lines.insert(i + 1, LLine { span: rest, kind: Kind::Text, hint: Hint::None });
                return (Some(make_title(text, vec![head])), i + 1);
            }
        }
    }
    (None, 0)
}

/// Byte length of a title at the start of a long line: up to the first 报告 that closes
/// a title-like prefix without sentence punctuation.
fn title_prefix(line: &str, cfg: &DocumentConfig) -> Option<usize> {
    let mut best = None;
    for w in &cfg.title_any {
        if let Some(p) = line.find(w.as_str()) {
            let end = p + w.len();
            if best.is_none_or(|b| end < b) {
                best = Some(end);
            }
        }
    }
    let end = best?;
    let prefix = &line[..end];
    if prefix.chars().count() > cfg.title_max_chars + 40 || prefix.contains(['，', ',', '。', '：', ':', '；', ';'])
    {
        return None;
    }
    is_title_like(prefix, cfg).then_some(end)
}
