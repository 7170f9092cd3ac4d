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

/// Where a heading's part cues end (see [`Hints::part_cue_end`](super::Hints::part_cue_end)).
pub type CueEnd<'a> = &'a dyn Fn(&str) -> Option<usize>;

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
    /// The line continues the paragraph before it, which a page break (a page number, a
    /// running header) interrupted.
    Continues,
}

#[derive(Clone, Debug)]
pub(super) enum Kind {
    Blank,
    Text,
    Heading(Head),
    /// A table row (tab-separated cells, a Markdown pipe row, a document's table cell).
    Table,
    /// Furniture left by other programs or office practice (a page number, a running
    /// header, 抄送 …): not part of the report's text.
    Furniture,
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
    /// The level the document's blocks declare for this line (a Word heading style,
    /// outline level), which wins over the rank of a typed marker's family.
    pub(super) declared: Option<u8>,
}

impl Head {
    /// A heading found at a line start, of `style` with `number`.
    pub(super) fn typed(style: MarkerStyle, number: u32, marker: Span) -> Head {
        Head { style, level: style.level(), number, marker, inline: false, declared: None }
    }

    /// A heading without a typed marker at `level`, starting at `at`.
    pub(super) fn unmarked(level: u8, at: usize) -> Head {
        Head { style: MarkerStyle::None, level, number: 0, marker: Span::empty(at), inline: false, declared: None }
    }
}

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

// The marker syntax is the grammar's (`grammar/report.pest`). The pre-screen below and
// the memo key of `heading_marker` only need to know which characters a line head can be
// made of; each class names the grammar rule it mirrors, and the tests check every
// class against its rule character by character and that the pre-screen accepts every
// line the grammar accepts.

/// A character of the grammar's `cn_num` (Chinese numeral in a marker).
pub(super) fn is_cn_digit(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '〇' | '零' | '百' | '两')
}

/// A character of the grammar's `ar_num` (ASCII or full-width digit).
fn is_ar_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The grammar's `l1_sep` and `l3_sep` (the mark after a marker's number).
fn is_sep(c: char) -> bool {
    matches!(c, '、' | '．' | '.')
}

/// The grammar's `open_full` / `open_half` and `close_full` / `close_half`.
fn is_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '）' | ')')
}

/// The grammar's `junk`: characters a mirror or a bad conversion put where ideographic
/// spaces were.
const JUNK: &[char] = &['?', '？', '\u{FFFD}', '□'];

/// A cheap screen before the grammar runs: could this line start with a marker?
/// ("一是", "二〇二二年", "2021年" cannot; the grammar decides the rest.) `trimmed` is the
/// line without its leading white space (the grammar's `indent`). Accepts every line the
/// grammar's `line_head` accepts (and more).
fn could_start_heading(trimmed: &str) -> bool {
    // Junk a mirror left where the indentation was ("??一、", "? ?一、"): the grammar
    // skips it, with indentation between runs of it.
    let mut trimmed = trimmed;
    loop {
        let t = trim_white_start(trimmed.trim_start_matches(JUNK));
        if t.len() == trimmed.len() {
            break;
        }
        trimmed = t;
    }
    let mut chars = trimmed.chars();
    match chars.next() {
        // `l2_marker`, `l4_marker`; `artifact` ("[bookmark: …]"); `part_marker`.
        Some('（' | '(' | '[' | '第') => true,
        // `l1_marker`.
        Some(c) if is_cn_digit(c) => match chars.find(|c| !is_cn_digit(*c)) {
            // "一 、": Word conversions sometimes leave a space before the 、.
            Some(' ' | '\u{3000}') => chars.next().is_some_and(is_sep),
            Some(c) => is_sep(c),
            None => false,
        },
        // `l3_marker`.
        Some(c) if is_ar_digit(c) => chars.find(|c| !is_ar_digit(*c)).is_some_and(is_sep),
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
            Some((style, number, m)) => {
                Kind::Heading(Head::typed(style, number, Span::new(span.start + m.start, span.start + m.end)))
            }
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
    let head_end =
        line.char_indices().find(|(_, c)| !is_head_char(*c)).map(|(i, c)| i + c.len_utf8()).unwrap_or(line.len());
    let head = &line[..head_end];
    if head.ends_with('[') {
        // Conversion junk before the marker (the grammar's `artifact`, after indentation
        // or junk): the head is not short; no memo.
        return grammar_marker(line);
    }
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

/// The characters of the grammar's `part_marker` besides numerals and white space: 第,
/// `part_word` (部分 部份 章 节 節) and `part_sep` (、 ： : ． .).
fn is_part_char(c: char) -> bool {
    matches!(c, '第' | '部' | '分' | '份' | '章' | '节' | '節' | '：' | ':')
}

/// Characters a line head (the grammar's `indent`, `junk` and markers) is made of.
fn is_head_char(c: char) -> bool {
    WHITE.contains(&c)
        || is_cn_digit(c)
        || is_ar_digit(c)
        || JUNK.contains(&c)
        || is_bracket(c)
        || is_sep(c)
        || is_part_char(c)
}

/// The grammar's `line_head` on a (bounded) line.
fn grammar_marker(line: &str) -> Option<MarkerHit> {
    let pairs = ReportGrammar::parse(Rule::line_head, line).ok()?;
    let head = pairs.into_iter().next()?;
    for pair in head.into_inner() {
        let rule = pair.as_rule();
        if !matches!(rule, Rule::l1_marker | Rule::l2_marker | Rule::l3_marker | Rule::l4_marker | Rule::part_marker) {
            continue;
        }
        let span = Span::new(pair.as_span().start(), pair.as_span().end());
        let mut number = None;
        let (mut open_full, mut open_half, mut close_full, mut close_half) = (false, false, false, false);
        let mut sep = "";
        let mut word = "";
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::cn_num => number = cn_to_u32(p.as_str()),
                Rule::ar_num => number = ar_to_u32(p.as_str()),
                Rule::open_full => open_full = true,
                Rule::open_half => open_half = true,
                Rule::close_full => close_full = true,
                Rule::close_half => close_half = true,
                Rule::l1_sep | Rule::l3_sep => sep = p.as_str(),
                Rule::part_word => word = p.as_str(),
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
            Rule::part_marker => match word {
                "章" => MarkerStyle::CnChapter,
                "节" | "節" => MarkerStyle::CnSection,
                _ => MarkerStyle::CnPart,
            },
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
    use super::super::numbering::u32_to_cn;
    use super::*;
    use proptest::prelude::*;

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
        assert_eq!(m("1.2023年工作打算"), Some((MarkerStyle::ArDot, 1)));
        assert_eq!(m("2、2024年工作安排"), Some((MarkerStyle::ArDun, 2)));
        assert_eq!(m("1.2023亿元"), None);
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
        // Junk and indentation in turn, junk before an artifact: the grammar skips both.
        assert_eq!(m("? ?一、总体情况"), Some((MarkerStyle::CnDun, 1)));
        assert!(could_start_heading("? ?一、总体情况"));
        assert_eq!(m("?[bookmark: _GoBack]一、总体"), Some((MarkerStyle::CnDun, 1)));
        // The parts of a long report.
        assert_eq!(m("第一部分 工作成效"), Some((MarkerStyle::CnPart, 1)));
        assert_eq!(m("第 三 部分：存在的问题"), Some((MarkerStyle::CnPart, 3)));
        assert_eq!(m("第2章 下一步"), Some((MarkerStyle::CnChapter, 2)));
        assert_eq!(m("第十二節"), Some((MarkerStyle::CnSection, 12)));
        assert_eq!(m("第一部份"), Some((MarkerStyle::CnPart, 1)));
        assert_eq!(m("第一，加强领导"), None);
        assert_eq!(m("第一章第三条规定"), None);
        assert_eq!(m("第二部分第一责任人职责情况"), Some((MarkerStyle::CnPart, 2)));
        assert_eq!(m("第三方评估"), None);
        let (_, _, sp) = heading_marker("第一部分：工作成效").unwrap();
        assert_eq!(&"第一部分：工作成效"[sp.start..sp.end], "第一部分：");
    }

    /// Does the grammar's `rule` match all of `s`?
    fn grammar_matches(rule: Rule, s: &str) -> bool {
        ReportGrammar::parse(rule, s).is_ok_and(|p| p.as_str() == s)
    }

    /// Every character class of the pre-screen is the grammar rule it names, character by
    /// character (the Basic Multilingual Plane and a sample beyond it).
    #[test]
    fn char_classes_are_the_grammars() {
        let astral = (0x1_0000..0x11_0000).step_by(97);
        for c in (0..0x1_0000).chain(astral).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut [0; 4]).to_string();
            assert_eq!(WHITE.contains(&c), grammar_matches(Rule::indent, &s), "WHITE / indent: {c:?}");
            assert_eq!(JUNK.contains(&c), grammar_matches(Rule::junk, &s), "JUNK / junk: {c:?}");
            assert_eq!(is_cn_digit(c), grammar_matches(Rule::cn_num, &s), "cn_num: {c:?}");
            assert_eq!(is_ar_digit(c), grammar_matches(Rule::ar_num, &s), "ar_num: {c:?}");
            assert_eq!(is_sep(c), grammar_matches(Rule::l1_sep, &s), "l1_sep: {c:?}");
            assert_eq!(is_sep(c), grammar_matches(Rule::l3_sep, &s), "l3_sep: {c:?}");
            let bracket = [Rule::open_full, Rule::open_half, Rule::close_full, Rule::close_half]
                .into_iter()
                .any(|r| grammar_matches(r, &s));
            assert_eq!(is_bracket(c), bracket, "brackets: {c:?}");
            if grammar_matches(Rule::part_sep, &s) {
                assert!(is_sep(c) || is_part_char(c), "part_sep: {c:?}");
            }
        }
        for w in ["部分", "部份", "章", "节", "節"] {
            assert!(grammar_matches(Rule::part_word, w), "{w}");
            assert!(w.chars().all(is_part_char), "{w}");
        }
    }

    /// Lines shaped like the grammar's `line_head`: indentation, junk and conversion
    /// artifacts, a marker of one of the GB/T 9704 forms in full-width and half-width
    /// variants, then a tail of CJK, ASCII, digits and punctuation.
    fn line_strategy() -> impl Strategy<Value = String> {
        let white = prop::sample::select(vec![" ", "\t", "\u{3000}", "\u{00A0}", "\u{FEFF}", "\u{2002}", "\u{2003}"]);
        let indent = prop::collection::vec(white.clone(), 0..3).prop_map(|v| v.concat());
        let junk = prop::collection::vec(prop::sample::select(vec!["?", "？", "\u{FFFD}", "□"]), 1..4)
            .prop_map(|v| v.concat());
        let artifact = prop::sample::select(vec!["[bookmark: _GoBack]", "[bookmark: id]", "[bookmark:]"]);
        let prefix_piece = prop_oneof![junk, artifact.prop_map(String::from)];
        let prefix = (indent.clone(), prop::collection::vec((prefix_piece, indent.clone()), 0..5))
            .prop_map(|(i, v)| i + &v.into_iter().map(|(a, b)| a + &b).collect::<String>());
        let cn = prop_oneof![
            (1u32..40).prop_map(u32_to_cn),
            prop::collection::vec(
                prop::sample::select(vec!["零", "〇", "一", "二", "三", "十", "百", "两", "九"]),
                1..6
            )
            .prop_map(|v| v.concat()),
        ];
        let cn_part = (1u32..12).prop_map(u32_to_cn);
        let ar = prop::collection::vec(prop::sample::select(vec!["0", "1", "2", "9", "０", "１", "９"]), 1..5)
            .prop_map(|v| v.concat());
        let sep = prop::sample::select(vec!["、", "．", "."]);
        let open = prop::sample::select(vec!["（", "("]);
        let close = prop::sample::select(vec!["）", ")"]);
        let l1_space = prop::sample::select(vec!["", "", " ", "\u{3000}"]);
        let marker = prop_oneof![
            (cn.clone(), l1_space, sep.clone()).prop_map(|(n, s, p)| format!("{n}{s}{p}")),
            (open.clone(), indent.clone(), cn, indent.clone(), close.clone())
                .prop_map(|(o, a, n, b, c)| format!("{o}{a}{n}{b}{c}")),
            (ar.clone(), sep).prop_map(|(n, p)| format!("{n}{p}")),
            (open, indent.clone(), ar.clone(), indent.clone(), close)
                .prop_map(|(o, a, n, b, c)| format!("{o}{a}{n}{b}{c}")),
            (
                indent.clone(),
                prop_oneof![cn_part, ar],
                indent.clone(),
                prop::sample::select(vec!["部分", "部份", "章", "节", "節", "部"]),
                prop::sample::select(vec!["", "", "、", "：", ":", "．", ".", "第", " "]),
            )
                .prop_map(|(a, n, b, w, p)| format!("第{a}{n}{b}{w}{p}")),
        ];
        let tail_char = prop_oneof![
            prop::char::range('\u{4E00}', '\u{9FFF}'),
            prop::char::range(' ', '~'),
            prop::sample::select(vec![
                '一', '是', '１', '。', '，', '、', '．', '（', '）', '\u{3000}', '？', '[', '第', '部', '分', '：'
            ]),
        ];
        let tail = prop::collection::vec(tail_char, 0..12).prop_map(|v| v.into_iter().collect::<String>());
        prop_oneof![
            4 => (prefix, marker, tail.clone()).prop_map(|(p, m, t)| p + &m + &t),
            1 => tail,
            1 => "\\PC{0,16}",
        ]
    }

    /// The line as `heading_marker` bounds it.
    fn bounded(line: &str) -> &str {
        let mut cut = line.len().min(160);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        &line[..cut]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        /// Grammar accepts ⇒ pre-screen accepts: the screen never hides a marker.
        #[test]
        fn prescreen_accepts_what_the_grammar_accepts(line in line_strategy()) {
            if grammar_marker(bounded(&line)).is_some() {
                prop_assert!(could_start_heading(trim_white_start(&line)), "{line:?}");
            }
        }

        /// The memo keyed by the line's head gives what the grammar gives on the line.
        #[test]
        fn memo_agrees_with_the_grammar(line in line_strategy()) {
            let got = heading_marker(&line).map(|(st, n, sp)| (st, n, sp.start, sp.end));
            let want = grammar_marker(bounded(&line)).map(|(st, n, sp)| (st, n, sp.start, sp.end));
            prop_assert_eq!(got, want, "{:?}", line);
        }
    }
}
