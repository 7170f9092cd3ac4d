//! Headings without markers, from the text alone: short lines of their own that name a
//! required part or stand above （一）（二）… become level-1 sections.

use super::config::DocumentConfig;
use super::line::{CueEnd, Head, Hint, Kind, LLine};
use super::text::{contains_any, is_date_line, squash, trimmed_span, HEADING_TRAIL, SENTENCE_END};
use crate::span::Span;

/// Longest unmarked heading, in characters.
pub(super) const UNMARKED_MAX_CHARS: usize = 30;

/// Is this line shaped like an unmarked heading: short, without sentence punctuation at
/// its end or inside it, not a date?
fn heading_shaped(s: &str, max_chars: usize) -> bool {
    let n = s.chars().count();
    (2..=max_chars).contains(&n)
        && !s.contains(SENTENCE_END)
        && !s.ends_with(HEADING_TRAIL)
        && !s.ends_with(['…', '—', '-', '（', '(', '“', '《', '.'])
        && !is_date_line(s)
}

/// Longest unmarked heading that names a required part, in characters (the lead part's
/// heading is long: "2023年度党政主要负责人履行推进法治建设第一责任人职责、加强法治政府建设情况").
const UNMARKED_NAMED_MAX_CHARS: usize = 48;

/// What a line ends with when the next line continues it.
const CONTINUED: &[char] = &['，', ',', '、', '（', '(', '“', '《', '—', '-', '和', '与', '及', '的'];

/// A report without typed level-1 markers whose parts are short lines of their own
/// ("工作成效" / "问题与不足" / "明年工作打算", each followed by （一）（二）…): such lines
/// become level-1 sections with an empty marker. A line qualifies when it is shaped like
/// a heading, stands alone (the line before it ends a sentence or is itself a heading),
/// is followed by more text, and either is followed by a level-2 heading or names a
/// required part; at least two lines must qualify (or one that does both), so one short
/// line of running text ("全年未发生行政诉讼败诉案件", "存在问题") stays a paragraph.
pub(super) fn promote_unmarked(
    text: &str,
    norm: &str,
    lines: &mut [LLine],
    cue_end: Option<CueEnd<'_>>,
    cfg: &DocumentConfig,
) {
    let non_blank: Vec<usize> = (0..lines.len()).filter(|&i| !matches!(lines[i].kind, Kind::Blank)).collect();
    // (line, heading span, names a part and has level-2 headings under it)
    let mut accepted: Vec<(usize, Span, bool)> = Vec::new();
    for (k, &i) in non_blank.iter().enumerate() {
        let l = &lines[i];
        if !matches!(l.kind, Kind::Text) {
            continue;
        }
        let t = trimmed_span(text, l.span);
        let s = t.slice(norm);
        if !heading_shaped(s, UNMARKED_NAMED_MAX_CHARS) {
            continue;
        }
        if l.hint != Hint::Candidate {
            if let Some(&p) = k.checked_sub(1).and_then(|k| non_blank.get(k)) {
                // Not the end of a wrapped line ("…推动本部门各项" / "责任落实").
                let prev = trimmed_span(text, lines[p].span).slice(norm);
                if matches!(lines[p].kind, Kind::Text) && prev.ends_with(CONTINUED) {
                    continue;
                }
            }
        }
        let Some(&nx) = non_blank.get(k + 1) else { continue };
        // The first half of a paragraph a page break split.
        if lines[nx].hint == Hint::Continues {
            continue;
        }
        let followed_by_l2 = matches!(&lines[nx].kind, Kind::Heading(h) if h.level == 2);
        // A heading that names a part may be longer and hold a comma; one known only by
        // the level-2 headings under it is short and plain.
        // A part, or another slot of the report (其他事项).
        // Spaces typed inside a heading ("其他需 要报 告的事项") do not hide its words (the
        // part cues skip them themselves).
        let names_part = cue_end.is_some_and(|f| f(s).is_some()) || contains_any(&squash(s), &cfg.slot_heading_any);
        let plain = heading_shaped(s, UNMARKED_MAX_CHARS) && !s.contains(['，', ',']);
        if names_part || (followed_by_l2 && plain) {
            accepted.push((i, t, names_part && followed_by_l2));
        }
    }
    // A lone line is a heading only when both tests hold (a report cut short).
    if accepted.len() < 2 {
        accepted.retain(|a| a.2);
    }
    // Typed headings whose outermost family numbers straight through (1、2、3、 with no
    // restart) are the report's own top level: unmarked lines can stand above them only
    // if one stands above the first of them.
    if let Some(first) = typed_top(lines) {
        if !accepted.iter().any(|a| a.0 < first) {
            accepted.clear();
        }
    }
    // Beside such a heading, a part named in a short first sentence is a run-in heading
    // ("存在的不足。一是……", a numbered Word heading saved without its number).
    if !accepted.is_empty() {
        if let Some(f) = cue_end {
            for (k, &i) in non_blank.iter().enumerate() {
                if !matches!(lines[i].kind, Kind::Text) || accepted.iter().any(|a| a.0 == i) {
                    continue;
                }
                let t = trimmed_span(text, lines[i].span);
                let s = t.slice(norm);
                let Some(end) = s.find('。') else { continue };
                let first = &s[..end];
                let n = first.chars().count();
                let named = f(first).is_some_and(|e| first[e..].chars().count() <= 2);
                let after_sentence = k.checked_sub(1).and_then(|k| non_blank.get(k)).is_none_or(|&p| {
                    !matches!(lines[p].kind, Kind::Text)
                        || trimmed_span(text, lines[p].span).slice(norm).ends_with(SENTENCE_END)
                });
                if (2..=12).contains(&n)
                    && named
                    && !first.contains(['，', ',', '：', ':'])
                    && end + '。'.len_utf8() < s.len()
                    && after_sentence
                {
                    accepted.push((i, t, false));
                }
            }
            accepted.sort_by_key(|a| a.0);
        }
    }
    for (i, t, _) in accepted {
        lines[i].kind = Kind::Heading(Head::unmarked(1, t.start));
    }
}

/// The line of the first typed heading, when the family it belongs to never starts
/// again at 1 (it is the report's top level, not nested under unmarked headings).
fn typed_top(lines: &[LLine]) -> Option<usize> {
    let (first, family) = lines.iter().enumerate().find_map(|(i, l)| match &l.kind {
        Kind::Heading(h) if h.style != super::tree::MarkerStyle::None => Some((i, h.style.family())),
        _ => None,
    })?;
    let ones = lines
        .iter()
        .filter(|l| matches!(&l.kind, Kind::Heading(h) if h.style.family() == family && h.number == 1))
        .count();
    (ones < 2).then_some(first)
}
