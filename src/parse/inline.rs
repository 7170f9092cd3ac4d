//! Headings inside lines: reports whose line breaks were lost (PDFs, web pages) run
//! 一、 and （一） headings into the text. Level-1 and level-2 headings are cut out of
//! such lines when their numbers follow in sequence, and an inline level-1 heading ends
//! where its wording ends.

use super::line::{is_cn_digit, Head, Hint, Kind, LLine};
use super::numbering::u32_to_cn;
use super::text::{is_ideograph, SENTENCE_END, WHITE};
use super::tree::MarkerStyle;
use super::unmarked::UNMARKED_MAX_CHARS;
use crate::span::Span;
use std::collections::HashMap;

/// When no line starts with a level-1 marker, look for 一、 … 二、 … inside lines (text
/// from PDFs or web pages that lost its line breaks). Numbers must follow in sequence.
/// After a sentence end (。一、) a marker is taken as it is; after a colon, a semicolon
/// or running text it must open a long stretch (a list quoted in a sentence, "：一、…；
/// 二、…", has short items) and must not sit in a run of numerals (一、二、三项).
pub(super) fn split_inline_level1(text: &str, lines: Vec<LLine>) -> Vec<LLine> {
    // (offset, number, marker length, after a sentence end)
    let mut cuts_per_line: Vec<Vec<(usize, u32, usize, bool)>> = Vec::with_capacity(lines.len());
    let mut next = 1u32;
    let mut total = 0;
    for l in &lines {
        let mut cuts: Vec<(usize, u32, usize, bool)> = Vec::new();
        if matches!(l.kind, Kind::Text) {
            let mut from = l.span.start;
            while from < l.span.end {
                let needle = format!("{}、", u32_to_cn(next));
                let Some(p) = text[from..l.span.end].find(&needle) else { break };
                let at = from + p;
                let after = at + needle.len();
                if let Some(strict) = inline_marker_ok(text, l.span, at, after, &format!("{}、", u32_to_cn(next + 1)))
                {
                    cuts.push((at, next, needle.len(), strict));
                    next += 1;
                }
                from = after;
            }
        }
        total += cuts.len();
        cuts_per_line.push(cuts);
    }
    // One heading found only after a colon or inside running text is a quoted list item,
    // unless its wording runs straight into a level-2 heading ("：一、主要举措（一）…").
    if total < 2 {
        for c in &mut cuts_per_line {
            c.retain(|&(at, _, mlen, strict)| strict || opens_level2(&text[at + mlen..]));
        }
    }
    let mut out = Vec::with_capacity(lines.len() + total);
    for (l, cuts) in lines.into_iter().zip(cuts_per_line) {
        if cuts.is_empty() {
            out.push(l);
            continue;
        }
        if cuts[0].0 > l.span.start {
            out.push(LLine { span: Span::new(l.span.start, cuts[0].0), kind: Kind::Text, hint: Hint::None });
        }
        for (k, &(at, number, mlen, _)) in cuts.iter().enumerate() {
            let end = cuts.get(k + 1).map(|c| c.0).unwrap_or(l.span.end);
            out.push(LLine {
                span: Span::new(at, end),
                kind: Kind::Heading(Head {
                    style: MarkerStyle::CnDun,
                    level: 1,
                    number,
                    marker: Span::new(at, at + mlen),
                    inline: true,
                    declared: None,
                }),
                hint: Hint::None,
            });
        }
    }
    out
}

/// Does `s` start with a heading's wording (no punctuation, at most 40 characters) that
/// runs straight into （一） or (一)?
fn opens_level2(s: &str) -> bool {
    for (n, (p, c)) in s.char_indices().enumerate() {
        if n > 40 || "，,。；;：:！？!?、".contains(c) {
            return false;
        }
        if s[p..].starts_with("（一）") || s[p..].starts_with("(一)") {
            return n >= 2;
        }
    }
    false
}

/// Shortest stretch (in characters) an inline heading found after anything but a
/// sentence end must open.
const INLINE_MIN_SECTION: usize = 40;

/// Can the marker at `at..after` (inside `line`) start a heading found inside a line?
/// `next_needle` is the marker that would follow it. `Some(true)`: after a sentence end;
/// `Some(false)`: elsewhere, opening a long stretch; `None`: not a heading.
fn inline_marker_ok(text: &str, line: Span, at: usize, after: usize, next_needle: &str) -> Option<bool> {
    let before = text[line.start..at].chars().next_back();
    let next = text[after..line.end].chars().next();
    // The heading's own wording follows: an ideograph (a year or a quote after a
    // sentence end), not a numeral of a list (一、二、三), 是 or punctuation.
    let next = next?;
    if is_cn_digit(next) || next == '是' {
        return None;
    }
    let wording = is_ideograph(next);
    let year_or_quote = next.is_ascii_digit() || ('０'..='９').contains(&next) || "“《「".contains(next);
    match before {
        _ if !wording && !year_or_quote => None,
        // At a line start the grammar would have seen it; after a sentence end, as typed.
        None => Some(true),
        Some(c) if SENTENCE_END.contains(&c) => Some(true),
        Some(c) if is_cn_digit(c) || c.is_ascii_digit() || "第、和与及或至到（(".contains(c) => None,
        Some(_) => {
            // A long stretch up to the next marker (or the end of the line): the next
            // marker is looked for only as far as the stretch must reach, so that many
            // markers on one long line cost what they span, not the line each.
            let reach = text[after..line.end].char_indices().nth(INLINE_MIN_SECTION - 1).map(|(p, _)| after + p)?;
            let near_end = crate::span::floor_char_boundary(text, (reach + next_needle.len()).min(line.end));
            let near = &text[after..near_end];
            near.find(next_needle).is_none_or(|p| after + p > reach).then_some(false)
        }
    }
}

/// Words that close a heading after its part's cue ("主要负责人履职" + "情况").
/// Longest first: the regulation's own wording of the lead part runs on past a comma.
const HEADING_CLOSERS: &[&str] = &[
    "职责、加强法治政府建设的有关情况",
    "职责，加强法治政府建设的有关情况",
    "职责、加强法治政府建设情况",
    "职责，加强法治政府建设情况",
    "职责情况",
    "职责",
    "工作情况",
    "有关情况",
    "情况",
    "方面",
];

/// Words that start the text, not a heading, when a heading runs into its text without
/// punctuation ("二、短板和不足当前，我局…", "…重点工作我办将…"): the unit speaking of
/// itself, or a time.
const BODY_STARTERS: &[&str] = &["我", "当前", "目前", "今年", "全年", "一年来", "近年来", "本年度"];

/// Where the text starts in a heading that ran into it: a body starter at least four
/// characters in, else where the part's cue words end (with a closing word).
pub(super) fn inline_heading_end(hs: &str, cue_end: &dyn Fn(&str) -> Option<usize>) -> Option<usize> {
    let mut lead = hs.find(['，', ',']).unwrap_or(hs.len());
    if let Some((p, _)) = hs[..lead].char_indices().nth(40) {
        lead = p;
    }
    let min = hs.char_indices().nth(4).map(|(p, _)| p)?;
    let starter = BODY_STARTERS.iter().filter_map(|w| hs[min..lead].find(w).map(|p| min + p)).min();
    if starter.is_some() {
        return starter;
    }
    let mut e = cue_end(&hs[..lead])?;
    if let Some(w) = HEADING_CLOSERS.iter().find(|w| hs[e..].starts_with(*w)) {
        e += w.len();
    }
    Some(e)
}

/// The bracketed short texts of a stretch, by text: "（一）" at 12 is under "一" in
/// `full`, "(二)" under "二" in `half`. Built in one pass; "the first （一） at or after
/// an offset" is then a binary search, where a `find` would search the rest of a long
/// line again for every marker met.
struct Brackets<'a> {
    full: HashMap<&'a str, Vec<usize>>,
    half: HashMap<&'a str, Vec<usize>>,
}

/// Longest bracketed text indexed (bytes): any Chinese numeral a u32 spells.
const MAX_BRACKETED_BYTES: usize = 96;

impl<'a> Brackets<'a> {
    fn of(text: &'a str, span: Span) -> Self {
        let mut b = Brackets { full: HashMap::new(), half: HashMap::new() };
        let s = &text[span.start..span.end];
        for (p, open) in s.match_indices(['（', '(']) {
            let (close, map) = if open == "（" { ('）', &mut b.full) } else { (')', &mut b.half) };
            let inner = p + open.len();
            let window = &s[inner..crate::span::floor_char_boundary(s, (inner + MAX_BRACKETED_BYTES).min(s.len()))];
            if let Some(q) = window.find(close) {
                map.entry(&window[..q]).or_default().push(span.start + p);
            }
        }
        b
    }

    fn first_at(v: Option<&Vec<usize>>, from: usize) -> Option<usize> {
        v.and_then(|v| v.get(v.partition_point(|&p| p < from)).copied())
    }

    /// Where "（inner）" first starts at or after `from`.
    fn full_at(&self, inner: &str, from: usize) -> Option<usize> {
        Self::first_at(self.full.get(inner), from)
    }

    /// Where "(inner)" first starts at or after `from`.
    fn half_at(&self, inner: &str, from: usize) -> Option<usize> {
        Self::first_at(self.half.get(inner), from)
    }
}

/// Lines this long hold more than one paragraph: the line breaks were lost.
const LONG_LINE_CHARS: usize = 150;

/// Inside a level-1 section with no level-2 heading at a line start, whose heading was
/// found inside a line or whose text runs in long lines: （一） （二） … in sequence,
/// after a sentence end, a colon or a semicolon, or right after the level-1 heading's
/// own wording ("一、重点工作推进情况（一）完善制度建设。…").
pub(super) fn split_inline_level2(text: &str, lines: Vec<LLine>) -> Vec<LLine> {
    let is_l1 = |l: &LLine| matches!(&l.kind, Kind::Heading(h) if h.level == 1);
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut j = i + 1;
        while j < lines.len() && !is_l1(&lines[j]) {
            j += 1;
        }
        let sec = &lines[i..j];
        let inline_l1 = matches!(&lines[i].kind, Kind::Heading(h) if h.level == 1 && h.inline);
        let has_l2 = sec.iter().any(|l| matches!(&l.kind, Kind::Heading(h) if h.level == 2));
        let long = || {
            sec.iter()
                .any(|l| l.span.len() > LONG_LINE_CHARS * 3 && l.span.slice(text).chars().count() > LONG_LINE_CHARS)
        };
        if !is_l1(&lines[i]) || has_l2 || !(inline_l1 || long()) {
            out.extend(sec.iter().cloned());
            i = j;
            continue;
        }
        let mut next = 1u32;
        for l in sec {
            let from0 = match &l.kind {
                Kind::Heading(h) => h.marker.end,
                Kind::Text => l.span.start,
                Kind::Blank | Kind::Table | Kind::Furniture => {
                    out.push(l.clone());
                    continue;
                }
            };
            let is_heading_line = matches!(l.kind, Kind::Heading(_));
            let mut cuts: Vec<(usize, usize, MarkerStyle, u32)> = Vec::new();
            // Every bracketed number of the line, indexed once: each marker looked for
            // is then found without searching the rest of the line again.
            let brackets = Brackets::of(text, Span::new(from0, l.span.end));
            let mut from = from0;
            while from < l.span.end {
                let cn = u32_to_cn(next);
                let found = [
                    (brackets.full_at(&cn, from), cn.len() + "（）".len(), MarkerStyle::CnParenFull),
                    (brackets.half_at(&cn, from), cn.len() + "()".len(), MarkerStyle::CnParenHalf),
                ]
                .into_iter()
                .filter_map(|(p, n, st)| p.map(|p| (p, n, st)))
                .min_by_key(|c| c.0);
                let Some((at, mlen, style)) = found else { break };
                let after = at + mlen;
                let before = text[from0..at].trim_end_matches(WHITE);
                let next_char = text[after..l.span.end].chars().next();
                let wording = next_char.is_some_and(|c| is_ideograph(c) && !is_cn_digit(c));
                let prev_char = before.chars().next_back();
                let stop = brackets.full_at(&u32_to_cn(next + 1), after).unwrap_or(l.span.end);
                let long_enough = text[after..stop].chars().nth(INLINE_MIN_SECTION / 2 - 1).is_some();
                let ok = wording
                    && match prev_char {
                        None => false,
                        Some(c) if SENTENCE_END.contains(&c) => true,
                        Some('：' | ':' | '；' | ';') => long_enough,
                        // The level-1 heading runs straight into its first level-2 heading.
                        Some(_) => {
                            is_heading_line && cuts.is_empty() && next == 1 && {
                                let h = &text[from0..at];
                                (2..=UNMARKED_MAX_CHARS).contains(&h.chars().take(UNMARKED_MAX_CHARS + 1).count())
                                    && !h.contains(|c: char| "，,。；;：:".contains(c))
                            }
                        }
                    };
                if ok {
                    cuts.push((at, mlen, style, next));
                    next += 1;
                }
                from = after;
            }
            if cuts.is_empty() {
                out.push(l.clone());
                continue;
            }
            if cuts[0].0 > l.span.start {
                out.push(LLine { span: Span::new(l.span.start, cuts[0].0), kind: l.kind.clone(), hint: l.hint });
            }
            for (k, &(at, mlen, style, number)) in cuts.iter().enumerate() {
                let end = cuts.get(k + 1).map(|c| c.0).unwrap_or(l.span.end);
                out.push(LLine {
                    span: Span::new(at, end),
                    kind: Kind::Heading(Head {
                        style,
                        level: 2,
                        number,
                        marker: Span::new(at, at + mlen),
                        inline: true,
                        declared: None,
                    }),
                    hint: Hint::None,
                });
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bracket_index_finds_what_a_search_finds() {
        let text = "序（一）甲(一)乙（二）丙（（三）丁(二)（十一）（一)（一）末（二";
        let b = Brackets::of(text, Span::new(0, text.len()));
        for inner in ["一", "二", "三", "十一", "四"] {
            for (from, _) in text.char_indices() {
                let full = text[from..].find(&format!("（{inner}）")).map(|p| from + p);
                let half = text[from..].find(&format!("({inner})")).map(|p| from + p);
                assert_eq!(b.full_at(inner, from), full, "（{inner}） from {from}");
                assert_eq!(b.half_at(inner, from), half, "({inner}) from {from}");
            }
        }
    }

    #[test]
    fn a_marker_is_judged_from_the_stretch_it_opens_only() {
        // After running text a level-1 marker must open 40 characters before the next.
        let long = format!("甲，一、{}二、乙", "字".repeat(40));
        let at = long.find("一、").unwrap();
        let line = Span::new(0, long.len());
        assert_eq!(inline_marker_ok(&long, line, at, at + "一、".len(), "二、"), Some(false));
        let short = format!("甲，一、{}二、乙", "字".repeat(39));
        let at = short.find("一、").unwrap();
        let line = Span::new(0, short.len());
        assert_eq!(inline_marker_ok(&short, line, at, at + "一、".len(), "二、"), None);
        // The line ends before 40 characters: not a heading either.
        let end = format!("甲，一、{}", "字".repeat(39));
        assert_eq!(inline_marker_ok(&end, Span::new(0, end.len()), at, at + "一、".len(), "二、"), None);
    }
}
