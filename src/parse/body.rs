//! The body: the sign-off at the end (unit and date lines), then the preamble and the
//! section tree at four levels, each heading split from its run-in text, paragraphs and
//! their 一是…二是… items.

use super::config::DocumentConfig;
use super::inline::inline_heading_end;
use super::line::{CueEnd, Hint, Kind, LLine};
use super::text::{
    find_sentence_end, is_date_line, trim_white, trim_white_start, trimmed_span, HEADING_TRAIL, SENTENCE_END, WHITE,
};
use super::tree::*;
use crate::span::{LineIndex, Span};

/// The unit and date lines at the end of a report.
pub(super) fn find_sign_off(text: &str, lines: &mut Vec<LLine>) -> Option<SignOff> {
    let last = lines.iter().rposition(|l| !matches!(l.kind, Kind::Blank))?;
    if !matches!(lines[last].kind, Kind::Text) || !is_date_line(lines[last].span.slice(text)) {
        return None;
    }
    let date = trimmed_span(text, lines[last].span);
    let mut start = last;
    let mut unit = None;
    if let Some(prev) = lines[..last].iter().rposition(|l| !matches!(l.kind, Kind::Blank)) {
        let s = trim_white(lines[prev].span.slice(text)).trim();
        let n = s.chars().count();
        if matches!(lines[prev].kind, Kind::Text)
            && (2..=40).contains(&n)
            && !s.contains(SENTENCE_END)
            && !s.ends_with(['；', ';', '，', ','])
        {
            unit = Some(trimmed_span(text, lines[prev].span));
            start = prev;
        }
    }
    let span = Span::new(unit.map(|u| u.start).unwrap_or(date.start), date.end);
    lines.truncate(start);
    Some(SignOff { span, unit, date: Some(date) })
}

/// Heading text span (without marker) and the run-in remainder, if any.
fn split_heading(text: &str, line: Span, marker: Span, inline_openers: Option<&[String]>) -> (Span, Option<Span>) {
    let after = Span::new(marker.end, line.end);
    let s = after.slice(text);
    // White space, and a stray mark typed after the marker ("（一）、加强领导", "1．、").
    let lead = s.len() - trim_white_start(s.trim_start_matches(['、', '．', '.', '：', ':'])).len();
    let body = Span::new(after.start + lead, after.end);
    let b = body.slice(text);
    let cut =
        find_sentence_end(b).or_else(|| if b.chars().count() > 80 { b.find(['；', ';', '：', ':']) } else { None });
    let (mut head, mut rest) = match cut {
        Some(p) => {
            let ch = b[p..].chars().next().map(|c| c.len_utf8()).unwrap_or(0);
            let rest = Span::new(body.start + p + ch, body.end);
            (Span::new(body.start, body.start + p), Some(rest))
        }
        None => (body, None),
    };
    // A heading found inside a line without breaks: after a comma, a body-opening word
    // (not right after the comma) starts the text.
    if let Some(openers) = inline_openers {
        let h = head.slice(text);
        let cut = openers
            .iter()
            .flat_map(|w| h.match_indices(w.as_str()).map(|(p, _)| p))
            .filter(|&p| {
                let before = &h[..p];
                before.chars().count() >= 6
                    && before.contains(['，', ','])
                    && !before.ends_with(|c: char| c.is_ascii_punctuation() || "，、；：。“”（）《》".contains(c))
            })
            .min();
        if let Some(p) = cut {
            rest = Some(Span::new(head.start + p, body.end));
            head = Span::new(head.start, head.start + p);
        }
    }
    // Trim trailing white space and punctuation from the heading.
    let hs = head.slice(text);
    let trimmed = hs.trim_end_matches(|c: char| c.is_whitespace() || WHITE.contains(&c) || HEADING_TRAIL.contains(&c));
    let head = Span::new(head.start, head.start + trimmed.len());
    let rest = rest.map(|r| trimmed_span(text, r)).filter(|r| !r.is_empty());
    (head, rest)
}

pub(super) fn paragraph(text: &str, span: Span) -> Paragraph {
    let span = trimmed_span(text, span);
    Paragraph { span, items: find_items(text, span) }
}

/// Spans of 一是……二是…… items in a paragraph, in sequence from 一是.
fn find_items(text: &str, span: Span) -> Vec<Span> {
    const NUMERALS: [&str; 20] = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
        "十七", "十八", "十九", "二十",
    ];
    static SHI: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("是"));
    let s = span.slice(text);
    // Each item starts at the first "<numeral>是" after the previous one: walk the
    // occurrences of 是 once (most paragraphs have none or a few) instead of searching
    // the paragraph for every numeral.
    let mut starts = Vec::new();
    let mut from = 0;
    for p in SHI.find_iter(s.as_bytes()) {
        let Some(numeral) = NUMERALS.get(starts.len()) else { break };
        if p >= from + numeral.len() && s[from..p].ends_with(numeral) {
            starts.push(p - numeral.len());
            from = p + "是".len();
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    for (k, &st) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(s.len());
        out.push(Span::new(span.start + st, span.start + end));
    }
    out
}

/// The body as [`build_sections`] builds it.
pub(super) struct Built {
    pub(super) preamble: Vec<Paragraph>,
    pub(super) sections: Vec<Section>,
    pub(super) tables: Vec<Span>,
}

pub(super) fn build_sections(
    text: &str,
    norm: &str,
    index: &LineIndex,
    lines: &[LLine],
    cfg: &DocumentConfig,
    cue_end: Option<CueEnd<'_>>,
) -> Built {
    let mut preamble: Vec<Paragraph> = Vec::new();
    let mut tables = Vec::new();
    let mut roots: Vec<Section> = Vec::new();
    let mut stack: Vec<Section> = Vec::new();

    fn close(stack: &mut Vec<Section>, roots: &mut Vec<Section>) {
        if let Some(mut s) = stack.pop() {
            let mut end = s.span.end;
            if let Some(p) = s.paragraphs.last() {
                end = end.max(p.span.end);
            }
            if let Some(c) = s.children.last() {
                end = end.max(c.span.end);
            }
            s.span.end = end;
            match stack.last_mut() {
                Some(parent) => parent.children.push(s),
                None => roots.push(s),
            }
        }
    }

    let mut skip_next = false;
    for (li, l) in lines.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        match &l.kind {
            Kind::Blank | Kind::Furniture => {}
            Kind::Table => {
                let t = trimmed_span(text, l.span);
                if !t.is_empty() {
                    tables.push(t);
                }
            }
            Kind::Text => {
                let p = paragraph(text, l.span);
                if p.span.is_empty() {
                    continue;
                }
                let list = match stack.last_mut() {
                    Some(sec) => &mut sec.paragraphs,
                    None => &mut preamble,
                };
                // The second half of a paragraph a page break split: one paragraph again.
                match list.last_mut().filter(|_| l.hint == Hint::Continues) {
                    Some(prev) => *prev = paragraph(text, Span::new(prev.span.start, p.span.end)),
                    None => list.push(p),
                }
            }
            Kind::Heading(h) => {
                let level = h.level;
                while stack.last().is_some_and(|top| top.level >= level) {
                    close(&mut stack, &mut roots);
                }
                let openers = h.inline.then_some(cfg.inline_heading_body_openers.as_slice());
                let (mut heading, mut rest) = split_heading(text, l.span, h.marker, openers);
                // An inline level-1 heading running into its text without punctuation
                // ("二、短板和不足当前，我办在…"): it ends where its part's cue word ends.
                if h.inline && h.level == 1 {
                    if let Some(f) = cue_end {
                        let hs = heading.slice(norm);
                        if hs.chars().count() > 20 {
                            if let Some(e) =
                                inline_heading_end(hs, f).filter(|&e| e < hs.len() && hs.is_char_boundary(e))
                            {
                                if e < hs.len() {
                                    rest = Some(trimmed_span(text, Span::new(heading.start + e, l.span.end)))
                                        .filter(|r| !r.is_empty());
                                    heading = Span::new(heading.start, heading.start + e);
                                }
                            }
                        }
                    }
                }
                let mut line_span = trimmed_span(text, l.span);
                // A marker alone on its line ("一、" then the heading text on the next line,
                // as some Word conversions leave automatic numbering).
                if heading.is_empty() && rest.is_none() {
                    if let Some(next) = lines.get(li + 1).filter(|n| matches!(n.kind, Kind::Text)) {
                        let t = trimmed_span(text, next.span);
                        let s = t.slice(text);
                        if !t.is_empty() && s.chars().count() <= 40 && !s.contains(SENTENCE_END) {
                            heading = t;
                            line_span = t;
                            skip_next = true;
                        }
                    }
                }
                // An unmarked heading is numbered by its place among its siblings.
                let number = if h.style == MarkerStyle::None {
                    let siblings = stack.last().map_or(&roots, |p| &p.children);
                    siblings.iter().filter(|c| c.level == level).count() as u32 + 1
                } else {
                    h.number
                };
                let mut sec = Section {
                    level,
                    marker: Marker { style: h.style, number, span: h.marker },
                    heading,
                    run_in: rest.is_some(),
                    span: Span::new(h.marker.start, line_span.end.max(heading.end)),
                    line: index.line_of(h.marker.start),
                    paragraphs: Vec::new(),
                    children: Vec::new(),
                };
                if let Some(r) = rest {
                    sec.paragraphs.push(paragraph(text, r));
                }
                stack.push(sec);
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    Built { preamble, sections: roots, tables }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_in_sequence() {
        let t = "一是甲；二是乙；四是丁。";
        let items = find_items(t, Span::new(0, t.len()));
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].slice(t), "二是乙；四是丁。");
        // "十一是" holds "一是"; 是 without a numeral before it; eleven and more items.
        let t = "这是前言，十一是甲；二是乙但不是丙；三是丁。";
        let got: Vec<&str> = find_items(t, Span::new(0, t.len())).iter().map(|s| s.slice(t)).collect();
        assert_eq!(got, ["一是甲；", "二是乙但不是丙；", "三是丁。"]);
        let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
        let t: String = numerals.iter().map(|n| format!("{n}是项。")).collect();
        let items = find_items(&t, Span::new(0, t.len()));
        assert_eq!(items.len(), 12);
        assert_eq!(items[10].slice(&t), "十一是项。");
        assert!(find_items("没有条目", Span::new(0, 12)).is_empty());
    }
}
