//! Lines and their classification: the physical lines of the text, each a blank line,
//! running text or a heading with a typed marker (一、（一）1.（1）). This is the only
//! module that calls the pest grammar (`grammar/report.pest`), which owns the marker
//! syntax; [`could_start_heading`] and [`is_head_char`] are a cheap pre-screen and a memo
//! key derived from it, tested to accept everything the grammar accepts.

use super::grammar::{ReportGrammar, Rule};
use super::numbering::{ar_to_u32, cn_to_u32};
use super::text::{trim_white_start, WHITE};
use super::tree::MarkerStyle;
use crate::span::Span;
use pest::Parser;
use std::sync::OnceLock;

/// One logical line: a physical line, or part of one (a title cut from a long line,
/// a level-1 heading found inside a line whose breaks were lost).
#[derive(Clone, Debug)]
pub(super) struct LLine {
    pub(super) span: Span,
    pub(super) kind: Kind,
    /// What the document's blocks say about a line the text leaves unmarked.
    pub(super) hint: Hint,
}

/// A block's word on a line without a typed marker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Hint {
    #[default]
    None,
    /// The document's title (Word's Title style).
    Title,
    /// A heading candidate of unknown level (a PDF's short bold or centred line).
    Candidate,
}

#[derive(Clone, Debug)]
pub(super) enum Kind {
    Blank,
    Text,
    Heading(Head),
}

#[derive(Clone, Debug)]
pub(super) struct Head {
    pub(super) style: MarkerStyle,
    /// 1..=4: the marker's level, or the level the document's style gives an unmarked one.
    pub(super) level: u8,
    pub(super) number: u32,
    pub(super) marker: Span,
    /// Found inside a line whose breaks were lost (not at a line start).
    pub(super) inline: bool,
}

/// Characters a mirror or a bad conversion put where ideographic spaces were.
const JUNK: &[char] = &['?', '？', '\u{FFFD}', '□'];

pub(super) fn set_call_limit() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| pest::set_call_limit(std::num::NonZeroUsize::new(20_000)));
}

/// Spans of the physical lines, without their line breaks (LF, CRLF, CR).
pub(super) fn physical_lines(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 60 + 1);
    let mut start = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        let p = i + off;
        out.push(Span::new(start, p));
        i = if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') { p + 2 } else { p + 1 };
        start = i;
    }
    if start < bytes.len() {
        out.push(Span::new(start, bytes.len()));
    }
    out
}

pub(super) fn is_cn_digit(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零' | '百' | '两')
}

/// A cheap screen before the grammar runs: could this line start with a marker?
/// ("一是", "二〇二二年", "2021年" cannot; the grammar decides the rest.)
fn could_start_heading(trimmed: &str) -> bool {
    // Junk a mirror left where the indentation was ("??一、"): the grammar skips it.
    let trimmed = trim_white_start(trimmed.trim_start_matches(JUNK));
    let mut chars = trimmed.chars();
    match chars.next() {
        Some('（' | '(' | '[') => true,
        Some(c) if is_cn_digit(c) => match chars.find(|c| !is_cn_digit(*c)) {
            // "一 、": Word conversions sometimes leave a space before the 、.
            Some(' ' | '\u{3000}') => chars.next().is_some_and(|c| matches!(c, '、' | '．' | '.')),
            Some(c) => matches!(c, '、' | '．' | '.'),
            None => false,
        },
        Some(c) if c.is_ascii_digit() || ('０'..='９').contains(&c) => chars
            .find(|c| !c.is_ascii_digit() && !('０'..='９').contains(c))
            .is_some_and(|c| matches!(c, '、' | '．' | '.')),
        _ => false,
    }
}

pub(super) fn classify(text: &str, span: Span) -> LLine {
    let s = span.slice(text);
    let trimmed = trim_white_start(s);
    if trimmed.trim().is_empty() {
        return LLine { span, kind: Kind::Blank, hint: Hint::None };
    }
    let kind = if could_start_heading(trimmed) {
        match heading_marker(s) {
            Some((style, number, m)) => Kind::Heading(Head {
                style,
                level: style.level(),
                number,
                marker: Span::new(span.start + m.start, span.start + m.end),
                inline: false,
            }),
            None => Kind::Text,
        }
    } else {
        Kind::Text
    };
    LLine { span, kind, hint: Hint::None }
}

/// A marker found at a line's head: its form, its number and its span in the line.
type MarkerHit = (MarkerStyle, u32, Span);

/// Run the grammar's `line_head` rule on a line. Returns the marker form, its number and
/// its span relative to the line.
///
/// The grammar only ever reads the line's head: indentation and marker characters plus
/// one character of look-ahead. That head is the key of a per-thread memo, so a bulk run
/// asks the grammar once per distinct head ("（三）", "2．") instead of once per line.

fn heading_marker(line: &str) -> Option<MarkerHit> {
    // Bound the input: a marker is within the first few dozen bytes.
    let mut cut = line.len().min(160);
    while !line.is_char_boundary(cut) {
        cut -= 1;
    }
    let line = &line[..cut];
    if trim_white_start(line).starts_with('[') {
        // Conversion junk before the marker: the head is not short; no memo.
        return grammar_marker(line);
    }
    let head_end =
        line.char_indices().find(|(_, c)| !is_head_char(*c)).map(|(i, c)| i + c.len_utf8()).unwrap_or(line.len());
    let head = &line[..head_end];
    thread_local! {
        // Keys are a few bytes long: FxHash, not the default SipHash.
        static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Option<MarkerHit>>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    MEMO.with(|memo| {
        if let Some(hit) = memo.borrow().get(head) {
            return *hit;
        }
        let found = grammar_marker(head);
        let mut memo = memo.borrow_mut();
        if memo.len() >= 4096 {
            memo.clear();
        }
        memo.insert(head.into(), found);
        found
    })
}

/// Characters a line head (indentation and marker) is made of; see `grammar/report.pest`.
fn is_head_char(c: char) -> bool {
    WHITE.contains(&c)
        || is_cn_digit(c)
        || c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || JUNK.contains(&c)
        || matches!(c, '（' | '(' | '）' | ')' | '、' | '．' | '.' | ' ')
}

/// The grammar's `line_head` on a (bounded) line.
fn grammar_marker(line: &str) -> Option<MarkerHit> {
    let pairs = ReportGrammar::parse(Rule::line_head, line).ok()?;
    let head = pairs.into_iter().next()?;
    for pair in head.into_inner() {
        let rule = pair.as_rule();
        if !matches!(rule, Rule::l1_marker | Rule::l2_marker | Rule::l3_marker | Rule::l4_marker) {
            continue;
        }
        let span = Span::new(pair.as_span().start(), pair.as_span().end());
        let mut number = None;
        let (mut open_full, mut open_half, mut close_full, mut close_half) = (false, false, false, false);
        let mut sep = "";
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::cn_num => number = cn_to_u32(p.as_str()),
                Rule::ar_num => number = ar_to_u32(p.as_str()),
                Rule::open_full => open_full = true,
                Rule::open_half => open_half = true,
                Rule::close_full => close_full = true,
                Rule::close_half => close_half = true,
                Rule::l1_sep | Rule::l3_sep => sep = p.as_str(),
                _ => {}
            }
        }
        let number = number?;
        let paren = |cn: bool| -> MarkerStyle {
            use MarkerStyle::*;
            match (open_full && close_full, open_half && close_half, cn) {
                (true, _, true) => CnParenFull,
                (_, true, true) => CnParenHalf,
                (_, _, true) => CnParenMixed,
                (true, _, false) => ArParenFull,
                (_, true, false) => ArParenHalf,
                (_, _, false) => ArParenMixed,
            }
        };
        let style = match rule {
            Rule::l1_marker => {
                if sep == "、" {
                    MarkerStyle::CnDun
                } else {
                    MarkerStyle::CnDot
                }
            }
            Rule::l2_marker => paren(true),
            Rule::l3_marker => match sep {
                "、" => MarkerStyle::ArDun,
                "．" => MarkerStyle::ArDotFull,
                _ => MarkerStyle::ArDot,
            },
            _ => paren(false),
        };
        return Some((style, number, span));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        let m = |s: &str| heading_marker(s).map(|(st, n, _)| (st, n));
        assert_eq!(m("一、总体情况"), Some((MarkerStyle::CnDun, 1)));
        assert_eq!(m("  二十一、其他"), Some((MarkerStyle::CnDun, 21)));
        assert_eq!(m("（三）强化"), Some((MarkerStyle::CnParenFull, 3)));
        assert_eq!(m("(三)强化"), Some((MarkerStyle::CnParenHalf, 3)));
        assert_eq!(m("（三)强化"), Some((MarkerStyle::CnParenMixed, 3)));
        assert_eq!(m("1.强化"), Some((MarkerStyle::ArDot, 1)));
        assert_eq!(m("12、强化"), Some((MarkerStyle::ArDun, 12)));
        assert_eq!(m("（2）细化"), Some((MarkerStyle::ArParenFull, 2)));
        assert_eq!(m("[bookmark: _GoBack]（六）化解"), Some((MarkerStyle::CnParenFull, 6)));
        assert_eq!(m("1.5亿元资金"), None);
        assert_eq!(m("2021年，我局"), None);
        assert_eq!(m("一是加强"), None);
        assert_eq!(m("二〇二二年"), None);
        assert_eq!(m("三 、下一步打算"), Some((MarkerStyle::CnDun, 3)));
        assert_eq!(m("一 是加强"), None);
        assert_eq!(m("\u{3000}\u{3000}三、下一步"), Some((MarkerStyle::CnDun, 3)));
        // Junk where a mirror lost the ideographic spaces.
        assert_eq!(m("??一、总体情况"), Some((MarkerStyle::CnDun, 1)));
        assert_eq!(m("？？（二）强化"), Some((MarkerStyle::CnParenFull, 2)));
        assert_eq!(m("\u{FFFD}\u{FFFD}二、问题"), Some((MarkerStyle::CnDun, 2)));
        assert_eq!(m("??是否"), None);
    }
}
