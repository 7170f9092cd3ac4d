//! From decoded text to the report tree: split lines, ask the pest grammar for each
//! heading marker, find the title (one to three lines, possibly after page furniture),
//! the preamble, the sections at four levels, run-in headings, 一是…二是… items and the
//! sign-off.

use super::config::DocumentConfig;
use super::grammar::{ReportGrammar, Rule};
use super::numbering::{ar_to_u32, cn_to_u32, u32_to_cn};
use super::tree::*;
use crate::input::{Block, BlockKind};
use crate::normalize::to_simplified;
use crate::span::{LineIndex, Span};
use pest::Parser;
use regex::Regex;
use std::sync::OnceLock;

/// One logical line: a physical line, or part of one (a title cut from a long line,
/// a level-1 heading found inside a line whose breaks were lost).
#[derive(Clone, Debug)]
struct LLine {
    span: Span,
    kind: Kind,
    /// What the document's blocks say about a line the text leaves unmarked.
    hint: Hint,
}

/// A block's word on a line without a typed marker.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Hint {
    #[default]
    None,
    /// The document's title (Word's Title style).
    Title,
    /// A heading candidate of unknown level (a PDF's short bold or centred line).
    Candidate,
}

#[derive(Clone, Debug)]
enum Kind {
    Blank,
    Text,
    Heading(Head),
}

#[derive(Clone, Debug)]
struct Head {
    style: MarkerStyle,
    /// 1..=4: the marker's level, or the level the document's style gives an unmarked one.
    level: u8,
    number: u32,
    marker: Span,
    /// Found inside a line whose breaks were lost (not at a line start).
    inline: bool,
}

const WHITE: &[char] = &[' ', '\t', '\u{3000}', '\u{00A0}', '\u{FEFF}', '\u{2002}', '\u{2003}'];
const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?'];

/// `s.find(SENTENCE_END)` on bytes: a character-set search decodes every character, and
/// this runs on the run-in text of every heading.
fn find_sentence_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&x| matches!(x, b'!' | b'?' | 0xE3 | 0xEF)) {
        let p = i + off;
        match (b[p], b.get(p + 1), b.get(p + 2)) {
            (b'!' | b'?', _, _) | (0xE3, Some(0x80), Some(0x82)) | (0xEF, Some(0xBC), Some(0x81 | 0x9F)) => {
                return Some(p)
            }
            _ => i = p + 1,
        }
    }
    None
}

/// `s.trim_start_matches(WHITE)` on bytes: a character-set search decodes every
/// character, and this runs on every line.
fn trim_white_start(mut s: &str) -> &str {
    loop {
        let n = match s.as_bytes() {
            [b' ' | b'\t', ..] => 1,
            [0xC2, 0xA0, ..] => 2,
            [0xE3, 0x80, 0x80, ..] | [0xEF, 0xBB, 0xBF, ..] | [0xE2, 0x80, 0x82 | 0x83, ..] => 3,
            _ => return s,
        };
        // The bytes matched are whole characters.
        s = &s[n..];
    }
}

/// `s.trim_matches(WHITE)`.
fn trim_white(s: &str) -> &str {
    trim_white_end(trim_white_start(s))
}

/// `s.trim_end_matches(WHITE)` on bytes.
fn trim_white_end(mut s: &str) -> &str {
    loop {
        let n = match s.as_bytes() {
            [.., b' ' | b'\t'] => 1,
            [.., 0xC2, 0xA0] => 2,
            [.., 0xE3, 0x80, 0x80] | [.., 0xEF, 0xBB, 0xBF] | [.., 0xE2, 0x80, 0x82 | 0x83] => 3,
            _ => return s,
        };
        s = &s[..s.len() - n];
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || WHITE.contains(&c)
}

/// Characters a mirror or a bad conversion put where ideographic spaces were.
const JUNK: &[char] = &['?', '？', '\u{FFFD}', '□'];

const HEADING_TRAIL: &[char] = &['：', ':', '，', ',', '；', ';', '。', '、'];

/// Parse decoded text into a [`Report`].
pub fn parse(text: &str, cfg: &DocumentConfig) -> Report {
    parse_normalized(text, &to_simplified(text), cfg)
}

/// [`parse`] with the normalised text already at hand (`norm` = `to_simplified(text)`).
pub fn parse_normalized(text: &str, norm: &str, cfg: &DocumentConfig) -> Report {
    parse_with_hints(text, norm, cfg, Hints::default())
}

/// Where a heading's part cues end (see [`Hints::part_cue_end`]).
pub type CueEnd<'a> = &'a dyn Fn(&str) -> Option<usize>;

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

/// [`parse_normalized`] with the document's blocks: typed markers win; a line with no
/// typed marker whose block is a `Heading(1..=4)` is a section at that level with an
/// empty marker; `Title` blocks give the title.
pub fn parse_with_blocks(text: &str, norm: &str, cfg: &DocumentConfig, blocks: &[Block]) -> Report {
    parse_with_hints(text, norm, cfg, Hints { blocks, part_cue_end: None })
}

/// The parser with every hint: see [`Hints`].
pub fn parse_with_hints(text: &str, norm: &str, cfg: &DocumentConfig, hints: Hints<'_>) -> Report {
    set_call_limit();
    let index = LineIndex::new(text);

    // 1. Physical lines, classified; then what the document's blocks say.
    let mut lines: Vec<LLine> = physical_lines(text).into_iter().map(|span| classify(text, span)).collect();
    if !hints.blocks.is_empty() {
        apply_blocks(text, norm, &mut lines, hints.blocks, cfg);
    }

    // 2. Title and front matter, among the lines before the first heading.
    let first_heading = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))).unwrap_or(lines.len());
    let (title, body_from) = find_title(text, norm, &mut lines, first_heading, cfg);
    let first_heading = lines.iter().position(|l| matches!(l.kind, Kind::Heading(_))).unwrap_or(lines.len());
    let mut front_matter = None;

    // 3. Furniture right after the title (or at the top when there is none), and repeated titles.
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

    // 4. Reports whose line breaks were lost: level-1 headings inside lines.
    let has_level1 = |ls: &[LLine]| ls.iter().any(|l| matches!(&l.kind, Kind::Heading(h) if h.level == 1));
    let body_lines = if has_level1(&body_lines) { body_lines } else { split_inline_level1(text, body_lines) };
    // … and level-2 headings inside the long lines of a level-1 section.
    let mut body_lines = split_inline_level2(text, body_lines);

    // 5. Sign-off at the end.
    let sign_off = find_sign_off(text, &mut body_lines);

    // 5b. Headings without markers, from the text alone ("工作成效" on a line of its own).
    if !has_level1(&body_lines) {
        promote_unmarked(text, norm, &mut body_lines, hints.part_cue_end);
    }

    // 6. Preamble and sections.
    let body = match (
        body_lines.iter().find(|l| !matches!(l.kind, Kind::Blank)),
        body_lines.iter().rev().find(|l| !matches!(l.kind, Kind::Blank)),
    ) {
        (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
        _ => Span::empty(text.len()),
    };
    let (preamble, sections) = build_sections(text, norm, &index, &body_lines, cfg, hints.part_cue_end);

    let mut report = Report {
        front_matter,
        unit: title.as_ref().and_then(|t| unit_from_title(&t.text, cfg)),
        unit_in_title: false,
        title,
        year: None,
        year_source: None,
        preamble,
        sections,
        sign_off,
        body,
        lines: index,
    };
    report.unit_in_title = report.unit.is_some();
    if report.unit.is_none() {
        // A title without the unit: the sign-off names it.
        report.unit = report.sign_off.as_ref().and_then(|s| s.unit).map(|u| u.slice(text).to_string());
    }
    if let Some((y, src)) = detect_year(text, &report) {
        report.year = Some(y);
        report.year_source = Some(src);
    }
    report
}

fn set_call_limit() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| pest::set_call_limit(std::num::NonZeroUsize::new(20_000)));
}

/// Spans of the physical lines, without their line breaks (LF, CRLF, CR).
fn physical_lines(text: &str) -> Vec<Span> {
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

fn is_cn_digit(c: char) -> bool {
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

fn classify(text: &str, span: Span) -> LLine {
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

/// Run the grammar's `line_head` rule on a line. Returns the marker form, its number and
/// its span relative to the line.
///
/// The grammar only ever reads the line's head: indentation and marker characters plus
/// one character of look-ahead. That head is the key of a per-thread memo, so a bulk run
/// asks the grammar once per distinct head ("（三）", "2．") instead of once per line.
/// A marker found at a line's head: its form, its number and its span in the line.
type MarkerHit = (MarkerStyle, u32, Span);

fn heading_marker(line: &str) -> Option<(MarkerStyle, u32, Span)> {
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
fn grammar_marker(line: &str) -> Option<(MarkerStyle, u32, Span)> {
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

/// Text with all white space removed (to compare repeated titles).
fn squash(s: &str) -> String {
    squashed(s).collect()
}

/// The characters of `s` without white space.
fn squashed(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| !c.is_whitespace() && !WHITE.contains(c))
}

fn contains_any(s: &str, words: &[String]) -> bool {
    words.iter().any(|w| s.contains(w.as_str()))
}

fn is_title_like(s: &str, cfg: &DocumentConfig) -> bool {
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
        && !t.chars().any(|c| c.is_ascii_digit())
}

fn trimmed_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    // Most spans start and end with a character that is not white space.
    let lead = if s.chars().next().is_some_and(|c| !is_space(c)) {
        0
    } else {
        s.len() - trim_white_start(s).trim_start().len()
    };
    let trail = if s.chars().next_back().is_some_and(|c| !is_space(c)) {
        0
    } else {
        s.len() - trim_white_end(s).trim_end().len()
    };
    if lead + trail >= s.len() {
        return Span::empty(span.start);
    }
    Span::new(span.start + lead, span.end - trail)
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
    if let Some(i) = lines[..limit_].iter().position(|l| l.hint == Hint::Title) {
        let mut j = i;
        while j + 1 < limit_ && lines[j + 1].hint == Hint::Title {
            j += 1;
        }
        let spans = lines[i..=j].iter().map(|l| l.span).collect();
        return (Some(make_title(text, spans)), j + 1);
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
        let next_adjacent = lines.get(i + 1).filter(|l| matches!(l.kind, Kind::Text) && i + 1 < limit);
        // Up to two unit lines directly above ("中共某县委" / "某县人民政府").
        let is_unit = |k: usize| matches!(lines[k].kind, Kind::Text) && is_unit_line(lines[k].span.slice(norm), cfg);
        let mut prev_unit: Vec<Span> = Vec::new();
        if i > 0 && is_unit(i - 1) {
            if i > 1 && is_unit(i - 2) {
                prev_unit.push(lines[i - 2].span);
            }
            prev_unit.push(lines[i - 1].span);
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
                    return (Some(make_title(text, spans)), i + 2);
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

/// When no line starts with a level-1 marker, look for 一、 … 二、 … inside lines (text
/// from PDFs or web pages that lost its line breaks). Numbers must follow in sequence.
/// After a sentence end (。一、) a marker is taken as it is; after a colon, a semicolon
/// or running text it must open a long stretch (a list quoted in a sentence, "：一、…；
/// 二、…", has short items) and must not sit in a run of numerals (一、二、三项).
fn split_inline_level1(text: &str, lines: Vec<LLine>) -> Vec<LLine> {
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
            // A long stretch up to the next marker (or the end of the line).
            let stop = text[after..line.end].find(next_needle).map(|p| after + p).unwrap_or(line.end);
            (text[after..stop].chars().count() >= INLINE_MIN_SECTION).then_some(false)
        }
    }
}

/// A CJK ideograph (the characters heading wording is made of).
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// A "heading" block longer than this is a heading style misused on running text.
const MAX_STYLED_HEADING_CHARS: usize = 100;

/// Apply the document's blocks to the lines the text leaves unmarked (typed markers win).
fn apply_blocks(text: &str, norm: &str, lines: &mut [LLine], blocks: &[Block], cfg: &DocumentConfig) {
    let mut seen_heading = false;
    for l in lines.iter_mut() {
        if matches!(l.kind, Kind::Heading(_)) {
            seen_heading = true;
        }
        if !matches!(l.kind, Kind::Text) {
            continue;
        }
        let i = blocks.partition_point(|b| b.span.end < l.span.start);
        let Some(b) = blocks.get(i).filter(|b| b.span.start <= l.span.start) else { continue };
        let t = trimmed_span(text, l.span);
        match b.kind {
            BlockKind::Heading(level @ 1..=4) => {
                let s = t.slice(norm);
                // Many writers style the title as Heading 1: a title-like first heading is the title.
                if !seen_heading && level == 1 && is_title_like(s, cfg) && s.chars().count() <= cfg.title_max_chars {
                    l.hint = Hint::Title;
                    continue;
                }
                if s.chars().count() <= MAX_STYLED_HEADING_CHARS {
                    l.kind = Kind::Heading(Head {
                        style: MarkerStyle::None,
                        level,
                        number: 0,
                        marker: Span::empty(t.start),
                        inline: false,
                    });
                    seen_heading = true;
                }
            }
            BlockKind::Heading(_) => l.hint = Hint::Candidate,
            BlockKind::Title => l.hint = Hint::Title,
            BlockKind::Paragraph | BlockKind::Cell => {}
        }
    }
}

/// Longest unmarked heading, in characters.
const UNMARKED_MAX_CHARS: usize = 30;

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
fn inline_heading_end(hs: &str, cue_end: &dyn Fn(&str) -> Option<usize>) -> Option<usize> {
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

/// Is this line shaped like an unmarked heading: short, without sentence punctuation at
/// its end or inside it, not a date?
fn heading_shaped(s: &str, max_chars: usize) -> bool {
    let n = s.chars().count();
    (2..=max_chars).contains(&n)
        && !s.contains(SENTENCE_END)
        && !s.ends_with(HEADING_TRAIL)
        && !s.ends_with(['…', '—', '-', '（', '(', '“', '《', '.'])
        && !date_line_re().is_match(s)
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
fn promote_unmarked(text: &str, norm: &str, lines: &mut [LLine], cue_end: Option<CueEnd<'_>>) {
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
        let followed_by_l2 = matches!(&lines[nx].kind, Kind::Heading(h) if h.level == 2);
        // A heading that names a part may be longer and hold a comma; one known only by
        // the level-2 headings under it is short and plain.
        let names_part = cue_end.is_some_and(|f| f(s).is_some());
        let plain = heading_shaped(s, UNMARKED_MAX_CHARS) && !s.contains(['，', ',']);
        if names_part || (followed_by_l2 && plain) {
            accepted.push((i, t, names_part && followed_by_l2));
        }
    }
    // A lone line is a heading only when both tests hold (a report cut short).
    if accepted.len() < 2 {
        accepted.retain(|a| a.2);
    }
    // Beside such headings, a part named in a short first sentence is a run-in heading
    // ("存在的不足。一是……", a numbered Word heading saved without its number).
    if accepted.len() >= 2 {
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
        lines[i].kind = Kind::Heading(Head {
            style: MarkerStyle::None,
            level: 1,
            number: 0,
            marker: Span::empty(t.start),
            inline: false,
        });
    }
}

/// Lines this long hold more than one paragraph: the line breaks were lost.
const LONG_LINE_CHARS: usize = 150;

/// Inside a level-1 section with no level-2 heading at a line start, whose heading was
/// found inside a line or whose text runs in long lines: （一） （二） … in sequence,
/// after a sentence end, a colon or a semicolon, or right after the level-1 heading's
/// own wording ("一、重点工作推进情况（一）完善制度建设。…").
fn split_inline_level2(text: &str, lines: Vec<LLine>) -> Vec<LLine> {
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
                Kind::Blank => {
                    out.push(l.clone());
                    continue;
                }
            };
            let is_heading_line = matches!(l.kind, Kind::Heading(_));
            let mut cuts: Vec<(usize, usize, MarkerStyle, u32)> = Vec::new();
            let mut from = from0;
            while from < l.span.end {
                let cn = u32_to_cn(next);
                let full = format!("（{cn}）");
                let half = format!("({cn})");
                let hay = &text[from..l.span.end];
                let found = [
                    (hay.find(&full), full.len(), MarkerStyle::CnParenFull),
                    (hay.find(&half), half.len(), MarkerStyle::CnParenHalf),
                ]
                .into_iter()
                .filter_map(|(p, n, st)| p.map(|p| (from + p, n, st)))
                .min_by_key(|c| c.0);
                let Some((at, mlen, style)) = found else { break };
                let after = at + mlen;
                let before = text[from0..at].trim_end_matches(WHITE);
                let next_char = text[after..l.span.end].chars().next();
                let wording = next_char.is_some_and(|c| is_ideograph(c) && !is_cn_digit(c));
                let prev_char = before.chars().next_back();
                let stop = text[after..l.span.end]
                    .find(&format!("（{}）", u32_to_cn(next + 1)))
                    .map(|p| after + p)
                    .unwrap_or(l.span.end);
                let long_enough = text[after..stop].chars().count() >= INLINE_MIN_SECTION / 2;
                let ok = wording
                    && match prev_char {
                        None => false,
                        Some(c) if SENTENCE_END.contains(&c) => true,
                        Some('：' | ':' | '；' | ';') => long_enough,
                        // The level-1 heading runs straight into its first level-2 heading.
                        Some(_) => {
                            is_heading_line && cuts.is_empty() && next == 1 && {
                                let h = &text[from0..at];
                                (2..=UNMARKED_MAX_CHARS).contains(&h.chars().count())
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
                    }),
                    hint: Hint::None,
                });
            }
        }
        i = j;
    }
    out
}

fn date_line_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^[\s\u{3000}\u{00A0}]*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日[\s\u{3000}\u{00A0}]*$")
            .expect("constant regex")
    })
}

/// The unit and date lines at the end of a report.
fn find_sign_off(text: &str, lines: &mut Vec<LLine>) -> Option<SignOff> {
    let last = lines.iter().rposition(|l| !matches!(l.kind, Kind::Blank))?;
    if !matches!(lines[last].kind, Kind::Text) || !date_line_re().is_match(lines[last].span.slice(text)) {
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
    let lead = s.len() - trim_white_start(s).len();
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

fn paragraph(text: &str, span: Span) -> Paragraph {
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

fn build_sections(
    text: &str,
    norm: &str,
    index: &LineIndex,
    lines: &[LLine],
    cfg: &DocumentConfig,
    cue_end: Option<CueEnd<'_>>,
) -> (Vec<Paragraph>, Vec<Section>) {
    let mut preamble = Vec::new();
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
            Kind::Blank => {}
            Kind::Text => {
                let p = paragraph(text, l.span);
                if p.span.is_empty() {
                    continue;
                }
                match stack.last_mut() {
                    Some(sec) => sec.paragraphs.push(p),
                    None => preamble.push(p),
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
    (preamble, roots)
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(19[89]\d|20\d\d)\s*年").expect("constant regex"))
}

/// Years in a piece of text, skipping ranges ("2021—2025年", "2020-2025年") and
/// years inside book-title marks 《…》 (names of other documents).
pub fn years_in(s: &str) -> Vec<(usize, i32)> {
    let mut out = Vec::new();
    for m in year_re().find_iter(s) {
        let before = s[..m.start()].chars().next_back();
        if matches!(before, Some('-' | '—' | '–' | '－' | '~' | '～' | '至' | '到')) {
            continue;
        }
        if before.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        // Inside 《…》: an unmatched 《 before it.
        let head = &s[..m.start()];
        let open = head.rfind('《');
        let close = head.rfind('》');
        if open.is_some() && (close.is_none() || close < open) {
            continue;
        }
        if let Ok(y) = m.as_str()[..4].parse::<i32>() {
            out.push((m.start(), y));
        }
    }
    out
}

/// The year reported on: the title's, else a preamble that opens with a year, else
/// the first level-1 heading with a year, else the commonest year in the body.
fn detect_year(text: &str, r: &Report) -> Option<(i32, YearSource)> {
    if let Some(t) = &r.title {
        if let Some((_, y)) = years_in(&t.text).first() {
            return Some((*y, YearSource::Title));
        }
        if let Some(y) = chinese_year(&t.text) {
            return Some((y, YearSource::Title));
        }
    }
    for p in r.preamble.iter().take(3) {
        let s = p.span.slice(text);
        if let Some((0, y)) = years_in(s).first() {
            return Some((*y, YearSource::Preamble));
        }
    }
    if let Some(s) = r.top_level().next() {
        if let Some((_, y)) = years_in(s.heading.slice(text)).first() {
            return Some((*y, YearSource::Heading));
        }
    }
    // Commonest year in the text before the last level-1 part (plans name next year).
    let end = match r.top_level().count() {
        n if n >= 2 => r.top_level().last().map(|s| s.span.start).unwrap_or(r.body.end),
        _ => r.body.end,
    };
    let span = Span::new(r.body.start, end.max(r.body.start));
    let mut counts: Vec<(i32, usize, usize)> = Vec::new();
    for (pos, y) in years_in(span.slice(text)) {
        match counts.iter_mut().find(|c| c.0 == y) {
            Some(c) => c.1 += 1,
            None => counts.push((y, 1, pos)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    counts.first().map(|c| (c.0, YearSource::Body))
}

fn chinese_year(s: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"([〇零一二三四五六七八九]{4})\s*年").expect("constant regex"));
    let c = re.captures(s)?;
    let y = cn_to_u32(c.get(1)?.as_str())? as i32;
    (1980..2100).contains(&y).then_some(y)
}

/// The issuing unit from the title: the text before 关于, or before the subject words,
/// with years and web watermarks removed.
fn unit_from_title(title: &str, cfg: &DocumentConfig) -> Option<String> {
    static URL: OnceLock<Regex> = OnceLock::new();
    let url = URL.get_or_init(|| {
        Regex::new(r"(?i)(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|cn|net|org|gov)(?:\.cn)?")
            .expect("constant regex")
    });
    let mut t: &str = title;
    if let Some(m) = url.find_iter(title).last() {
        t = &title[m.end()..];
    }
    let mut unit = match t.find("关于") {
        Some(p) => t[..p].to_string(),
        None => {
            let no_year = year_re().replace_all(t, "").replace('度', "");
            let mut end = no_year.len();
            for w in &cfg.unit_end_before {
                if let Some(p) = no_year.find(w.as_str()) {
                    end = end.min(p);
                }
            }
            no_year[..end].to_string()
        }
    };
    unit = unit.trim_matches(|c: char| c.is_whitespace() || WHITE.contains(&c)).to_string();
    (!unit.is_empty()).then_some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_level_helpers_agree_with_the_character_searches() {
        let samples = [
            "",
            " ",
            "\u{3000}\u{3000}正文",
            "正文\u{3000}",
            "\u{FEFF}\u{00A0}x\u{2002}\u{2003}",
            "\t\t",
            "「」『』",
            "结束。后文",
            "好吗？是的",
            "Ready! go",
            "why?",
            "全角！",
            "〃〇、",
            "ｘ＃？",
            "﻿",
            "末尾\u{00A0}",
            "é",
            "\u{2000}\u{3001}",
            "\u{3000}\u{2028}\u{FEFF}正文\u{FEFF}\n\u{3000}",
            " \u{85}x\u{2003}\t",
            "\u{FEFF}\u{3000}\r\n",
        ];
        for s in samples {
            assert_eq!(trim_white_start(s), s.trim_start_matches(WHITE), "{s:?}");
            assert_eq!(trim_white_end(s), s.trim_end_matches(WHITE), "{s:?}");
            assert_eq!(trim_white(s), s.trim_matches(WHITE), "{s:?}");
            assert_eq!(find_sentence_end(s), s.find(SENTENCE_END), "{s:?}");
            let lead = s.len() - s.trim_start_matches(WHITE).trim_start().len();
            let trail = s.len() - s.trim_end_matches(WHITE).trim_end().len();
            let want = if lead + trail >= s.len() { Span::empty(0) } else { Span::new(lead, s.len() - trail) };
            assert_eq!(trimmed_span(s, Span::new(0, s.len())), want, "{s:?}");
        }
    }

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

    #[test]
    fn years_skip_ranges_and_book_titles() {
        let ys: Vec<i32> =
            years_in("《纲要（2021—2025年）》2022年，《某市2023年要点》2020-2025年").into_iter().map(|x| x.1).collect();
        assert_eq!(ys, vec![2022]);
    }
}
