//! Layout reconstruction shared by the PDF and OFD readers: positioned glyphs in,
//! blocks (paragraphs and heading candidates) out.
//!
//! Both formats only say where each character is drawn. From that this module rebuilds
//! lines (glyphs on one baseline, left to right), drops page furniture (running headers,
//! footers, page numbers), and groups lines into blocks the way a reader sees them in a
//! 公文: a paragraph ends where a line stops short of the right margin or the next line is
//! indented (首行缩进), a typed marker (一、 （一） 1. （1）) at a line start always starts a
//! block, and a paragraph broken by a page break is healed. Short centred, larger or bold
//! lines become heading candidates ([`BlockKind::Heading(0)`]); the largest line near the
//! top of the first page is the title.
//!
//! Coordinates are top-down (y grows towards the bottom of the page) in any unit; all
//! thresholds are relative to the font size, so points (PDF) and millimetres (OFD) work
//! alike.
//!
//! # Entry API (PDF, OFD and OCR alike)
//!
//! A reader makes one [`Page`] per page ([`Page::new`]) and fills it with what it knows:
//! - [`Glyph`]s, one per drawn character, when it has per-character positions (PDF, OFD);
//! - [`Page::push_word`], a word or line with its box, when it only has boxes (OCR word
//!   boxes from Tesseract): the word's characters are spread evenly over the box.
//!
//! Then [`build`] turns the pages into a [`Document`]: lines, page furniture dropped
//! (repeated running headers and footers, page numbers), paragraphs joined across wraps and
//! page breaks, heading candidates ([`BlockKind::Heading`]) and the title. Glyphs need no
//! order: lines are found from positions (drawing order only breaks ties).

use super::{BlockKind, DocBuilder, DocMeta, Document, Format};

/// One drawn character.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Glyph {
    pub c: char,
    /// Left edge of the glyph.
    pub x: f32,
    /// Baseline, top-down.
    pub y: f32,
    /// Font size (the glyph's em height) in the page's unit.
    pub size: f32,
    /// Advance width; 0 when unknown (then the size stands in).
    pub width: f32,
    pub bold: bool,
}

impl Glyph {
    /// The advance: the width when known, else an em for a CJK character and half an em
    /// for anything else.
    pub(crate) fn advance(&self) -> f32 {
        if self.width > 0.0 {
            self.width
        } else if is_cjk(self.c) {
            self.size
        } else {
            self.size * 0.5
        }
    }
}

/// One page: its glyphs in drawing order (the order breaks ties and stands in for
/// positions that contradict themselves, see [`page_lines`]).
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Page height in the glyphs' unit (0 when unknown), to tell header and footer zones.
    pub height: f32,
    pub glyphs: Vec<Glyph>,
}

impl Page {
    /// An empty page; `height` in the unit the glyphs will use (0 when unknown).
    pub(crate) fn new(number: u32, height: f32) -> Page {
        Page { number, height, glyphs: Vec::new() }
    }

    /// Add a word (or a whole line) known only by its box: its characters are spread
    /// evenly from `x0` to `x1` on the baseline `y` (top-down), `size` high (the font size,
    /// or the box height when that is all there is). White space inside `text` is kept
    /// as a gap of its share of the box.
    // The entry for readers that only have word boxes (OCR); the PDF and OFD readers
    // have per-character positions and push glyphs.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn push_word(&mut self, text: &str, x0: f32, x1: f32, y: f32, size: f32, bold: bool) {
        let n = text.chars().count();
        if n == 0 || !(x0.is_finite() && x1.is_finite() && y.is_finite() && size.is_finite()) {
            return;
        }
        let width = (x1 - x0).max(0.0) / n as f32;
        for (i, c) in text.chars().enumerate() {
            self.glyphs.push(Glyph { c, x: x0 + width * i as f32, y, size, width, bold });
        }
    }
}

/// One line of text on a page.
#[derive(Clone, Debug)]
struct Line {
    page: u32,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
    /// Line of the page, 0-based, and the page's line count (furniture sits first or last).
    index: usize,
    /// The page's height (0 when unknown).
    page_height: f32,
}

/// Rebuild blocks from pages and finish the document.
pub(crate) fn build(pages: &[Page], format: Format, meta: DocMeta) -> Document {
    let mut lines: Vec<Line> = Vec::new();
    let mut per_page: Vec<(usize, usize)> = Vec::new();
    for page in pages {
        let start = lines.len();
        page_lines(page, &mut lines);
        per_page.push((start, lines.len()));
    }
    let furniture = furniture(&lines, &per_page);
    let lines: Vec<Line> = lines.into_iter().zip(furniture).filter(|(_, f)| !f).map(|(l, _)| l).collect();
    let mut builder = DocBuilder::new();
    for block in blocks(&lines) {
        builder.push(block.kind, &block.text, Some(block.page), 0);
    }
    builder.finish(format, "UTF-8", meta)
}

/// One page's lines as text, top to bottom, furniture included (a `pdftotext`-like view
/// for differential tests).
pub(crate) fn page_text(page: &Page) -> String {
    let mut lines = Vec::new();
    page_lines(page, &mut lines);
    lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// Characters that join without a space: CJK ideographs, kana, full-width forms and CJK
/// punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3100..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '—' | '…' | '“' | '”' | '‘' | '’' | '·')
}

/// One page's lines ([`glyph_lines`]) with their text, box, size and weight.
fn page_lines(page: &Page, out: &mut Vec<Line>) {
    let groups = glyph_lines(page);
    if groups.is_empty() {
        return;
    }
    // A declared page height that the text does not fit (some writers get the unit
    // wrong) is not used for header and footer bands.
    let lowest = groups.iter().flatten().map(|g| g.y).fold(f32::NEG_INFINITY, f32::max);
    let height =
        if page.height > 0.0 && lowest <= page.height * 1.02 && lowest > page.height * 0.4 { page.height } else { 0.0 };
    let first = out.len();
    for group in groups {
        if let Some(mut line) = make_line(page, &group) {
            line.page_height = height;
            out.push(line);
        }
    }
    let count = out.len() - first;
    for (i, line) in out[first..].iter_mut().enumerate() {
        line.index = if i + 1 == count { usize::MAX } else { i };
    }
}

/// A page's glyphs as lines, top to bottom, each in reading order: sorted by baseline, a
/// glyph joins the line whose baseline is within a third of its size, then each line is
/// read left to right (the lines [`build`] reads).
pub(crate) fn glyph_lines(page: &Page) -> Vec<Vec<Glyph>> {
    lines_of(page, false)
}

/// [`glyph_lines`] for another program's OCR layer, which draws each recognised word as a
/// run of its own, stretched over the word's box: the runs are read left to right by where
/// they start, each whole. Boxes of neighbouring words may overlap (a quote mark read into
/// a word's box), and glyph by glyph the two words would interleave (主要 + 短板 read as
/// 主短要板).
pub(crate) fn layer_lines(page: &Page) -> Vec<Vec<Glyph>> {
    lines_of(page, true)
}

fn lines_of(page: &Page, keep_runs: bool) -> Vec<Vec<Glyph>> {
    let mut glyphs: Vec<(usize, Glyph)> = page
        .glyphs
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, g)| g.x.is_finite() && g.y.is_finite() && g.size.is_finite() && g.size > 0.0 && !g.c.is_control())
        .collect();
    glyphs.sort_by(|a, b| a.1.y.total_cmp(&b.1.y).then(a.0.cmp(&b.0)));
    let mut groups: Vec<Vec<(usize, Glyph)>> = Vec::new();
    let mut base = f32::NAN;
    for (i, g) in glyphs {
        let tol = g.size * 0.35;
        match groups.last_mut() {
            Some(group) if (g.y - base).abs() <= tol => group.push((i, g)),
            _ => {
                base = g.y;
                groups.push(vec![(i, g)]);
            }
        }
    }
    groups
        .into_iter()
        .map(|mut group| {
            if keep_runs {
                // Runs: glyphs drawn one after another, each to the right of the last.
                group.sort_by_key(|(i, _)| *i);
                let mut runs: Vec<Vec<(usize, Glyph)>> = Vec::new();
                for (i, g) in group {
                    match runs.last_mut() {
                        Some(run) if run.last().is_some_and(|&(j, p)| j + 1 == i && g.x > p.x) => run.push((i, g)),
                        _ => runs.push(vec![(i, g)]),
                    }
                }
                runs.sort_by(|a, b| a[0].1.x.total_cmp(&b[0].1.x).then(a[0].0.cmp(&b[0].0)));
                return runs.into_iter().flatten().map(|(_, g)| g).collect();
            }
            group.sort_by(|a, b| a.1.x.total_cmp(&b.1.x).then(a.0.cmp(&b.0)));
            // Left to right, unless the positions contradict themselves: when many glyphs
            // are drawn over other glyphs (a writer that starts every run of a line at the
            // same x, as easyofd does), the drawing order is the reading order.
            let overlaps = group
                .windows(2)
                .filter(|w| {
                    let (a, b) = (&w[0].1, &w[1].1);
                    let adv = if a.width > 0.0 { a.width } else { a.size * 0.5 };
                    a.c != b.c && b.x < a.x + adv * 0.5
                })
                .count();
            if overlaps >= 2 || overlaps * 10 > group.len() {
                group.sort_by_key(|(i, _)| *i);
            }
            group.into_iter().map(|(_, g)| g).collect()
        })
        .collect()
}

fn make_line(page: &Page, glyphs: &[Glyph]) -> Option<Line> {
    let mut text = String::new();
    let mut prev: Option<&Glyph> = None;
    let mut x0 = f32::INFINITY;
    let mut x1 = f32::NEG_INFINITY;
    let mut sizes: Vec<f32> = Vec::with_capacity(glyphs.len());
    let (mut bold, mut ink) = (0usize, 0usize);
    // A space glyph is kept between Latin words; between a CJK character and anything
    // it is only the writer's spacing ("2024 年"), which Chinese text does not have.
    let mut pending_space = false;
    let mut space_end: Option<f32> = None;
    for g in glyphs {
        let adv = g.advance();
        if g.c.is_whitespace() {
            pending_space = !text.is_empty();
            // The space's own advance is no gap (a writer may give it a full em).
            if let Some(p) = prev {
                space_end = Some(space_end.unwrap_or(p.x).max(g.x + adv));
            }
            continue;
        }
        if let Some(p) = prev {
            // Overlapping copies of one glyph at the same spot (fake bold drawn twice)
            // are one glyph.
            if (g.x - p.x).abs() < g.size * 0.05 && g.c == p.c {
                continue;
            }
            let p_adv = p.advance();
            let gap = g.x - space_end.unwrap_or(p.x + p_adv).max(p.x + p_adv);
            let latin = !is_cjk(p.c) && !is_cjk(g.c);
            // Gaps inside a line: a word space between Latin words, a wide gap (a tab,
            // spread-out signature lines) anywhere.
            if (latin && (pending_space || gap > g.size * 0.2)) || gap > g.size * 0.8 {
                text.push(' ');
            }
        }
        pending_space = false;
        space_end = None;
        text.push(g.c);
        x0 = x0.min(g.x);
        x1 = x1.max(g.x + adv);
        sizes.push(g.size);
        ink += 1;
        bold += usize::from(g.bold);
        prev = Some(g);
    }
    let text = text.trim_end().to_string();
    if ink == 0 || text.is_empty() {
        return None;
    }
    sizes.sort_by(f32::total_cmp);
    let y = glyphs.iter().map(|g| g.y).fold(f32::NEG_INFINITY, f32::max);
    Some(Line {
        page: page.number,
        x0,
        x1,
        y,
        size: sizes[sizes.len() / 2],
        bold: bold * 2 > ink,
        text,
        index: 0,
        page_height: page.height,
    })
}

/// A page number as offices print them: "— 3 —", "- 3 -", "第 3 页 共 5 页", "第3页",
/// "3 / 5", "·3·", a bare number.
pub(crate) fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // 一 is how a recogniser reads a dash ("— 1 —" as "1一" in an OCR layer).
    let t = t.trim_matches(|c: char| {
        matches!(c, '—' | '-' | '–' | '－' | '一' | '·' | '•' | '.' | '_' | '(' | ')' | '（' | '）' | '[' | ']')
    });
    if t.is_empty() {
        return false;
    }
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if digits(t) {
        return true;
    }
    if let Some((a, b)) = t.split_once('/') {
        return digits(a) && digits(b);
    }
    // 第 N 页, 第 N 页 共 M 页, 共 M 页 第 N 页, 第 N 页/共 M 页, Page N of M
    let rest = t.replace(['/', '，', ','], "");
    let mut s = rest.as_str();
    let mut any = false;
    while !s.is_empty() {
        let Some(r) = s.strip_prefix('第').or_else(|| s.strip_prefix('共')) else {
            return false;
        };
        let n = r
            .chars()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
            .map(char::len_utf8)
            .sum::<usize>();
        if n == 0 {
            return false;
        }
        let Some(r) = r[n..].strip_prefix('页') else {
            return false;
        };
        s = r;
        any = true;
    }
    any
}

/// Which lines are page furniture: a page number at the top or bottom of a page, or a
/// line repeated (digits aside) at the same height on several pages, in the top or
/// bottom band of the page.
fn furniture(lines: &[Line], per_page: &[(usize, usize)]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let pages = per_page.iter().filter(|(a, b)| b > a).count();
    let in_band = |l: &Line| -> bool {
        if l.page_height > 0.0 {
            l.y < l.page_height * 0.14 || l.y > l.page_height * 0.86
        } else {
            l.index == 0 || l.index == usize::MAX
        }
    };
    // Edge lines: the first two and last two lines of each page.
    let mut edge = vec![false; lines.len()];
    for &(a, b) in per_page {
        for (i, e) in edge.iter_mut().enumerate().take(b).skip(a) {
            if i < a + 2 || i + 2 >= b {
                *e = true;
            }
        }
    }
    let numbers: Vec<usize> =
        (0..lines.len()).filter(|&i| edge[i] && in_band(&lines[i]) && is_page_number(&lines[i].text)).collect();
    // Two lines at one height (as furniture sits on every page), within one and a half
    // of the first line's size.
    let same_place = |i: usize, j: usize| (lines[i].y - lines[j].y).abs() <= lines[i].size.max(1.0) * 1.5;
    // Where the document prints its page numbers: the heights a page number takes on two
    // pages or more. On a page whose own number stands there, another page-number line at
    // another height is the page's text ("— 1 —" pasted from another file, which a page
    // break happened to put at the top).
    let placed: Vec<bool> =
        numbers.iter().map(|&i| numbers.iter().any(|&j| lines[j].page != lines[i].page && same_place(i, j))).collect();
    for (k, &i) in numbers.iter().enumerate() {
        let page_has_placed = numbers.iter().zip(&placed).any(|(&j, &p)| p && j != i && lines[j].page == lines[i].page);
        out[i] = placed[k] || !page_has_placed;
    }
    if pages >= 2 {
        // The text of each edge line in the band, digits aside (empty for other lines).
        let keys: Vec<Vec<char>> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if !(edge[i] && in_band(l)) {
                    return Vec::new();
                }
                l.text
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect()
            })
            .collect();
        // Candidates by their text, so each is compared only with lines of the same text.
        let mut by_key: std::collections::HashMap<&[char], Vec<usize>> = std::collections::HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            if !out[i] && edge[i] && in_band(l) {
                by_key.entry(&keys[i]).or_default().push(i);
            }
        }
        for group in by_key.values().filter(|g| g.len() >= 2) {
            for &i in group {
                if group.iter().any(|&j| lines[j].page != lines[i].page && same_place(i, j)) {
                    out[i] = true;
                }
            }
        }
        // A header read by a recogniser (an OCR layer) comes out a little differently on
        // each page (某市 as 菏市, then 茶市): a line at the same height as one of a
        // neighbouring page that differs from it by a character in five is the same line.
        // Headings are no such pair: they start with a marker.
        let candidate = |i: usize| edge[i] && in_band(&lines[i]) && !starts_with_marker(&lines[i].text);
        for (k, &(a, b)) in per_page.iter().enumerate() {
            for i in (a..b).filter(|&i| candidate(i)) {
                // The next two pages with lines (pages come in order).
                let later = per_page[k + 1..].iter().filter(|(c, d)| d > c && lines[*c].page > lines[i].page).take(2);
                for &(c, d) in later {
                    for j in (c..d).filter(|&j| candidate(j)) {
                        if same_place(i, j) && similar(&keys[i], &keys[j]) {
                            out[i] = true;
                            out[j] = true;
                        }
                    }
                }
            }
        }
    }
    out
}

/// Two short lines, at least six characters long, that differ by at most one character
/// in five of the longer one (one for a line of up to nine).
fn similar(a: &[char], b: &[char]) -> bool {
    let n = a.len().max(b.len());
    if a.len().min(b.len()) < 6 || n > 60 {
        return false;
    }
    let max = n / 5;
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    // Levenshtein distance, one row at a time.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = cur;
        }
    }
    row[b.len()] <= max
}

/// Does `text` start with a typed structure marker (一、 （一） 1. 1、 （1） 第一章 …)?
pub(crate) fn starts_with_marker(text: &str) -> bool {
    const NUM: &str = "一二三四五六七八九十百零〇";
    let t = text.trim_start();
    let mut chars = t.chars().peekable();
    let Some(&first) = chars.peek() else { return false };
    if NUM.contains(first) {
        let rest: String = chars.skip_while(|c| NUM.contains(*c)).take(1).collect();
        return rest == "、";
    }
    if first == '（' || first == '(' {
        chars.next();
        let inner: String = chars.clone().take_while(|c| NUM.contains(*c) || c.is_ascii_digit()).collect();
        let after = chars.nth(inner.chars().count());
        return !inner.is_empty() && matches!(after, Some('）' | ')'));
    }
    if first.is_ascii_digit() {
        let n = t.chars().take_while(char::is_ascii_digit).count();
        if n > 2 {
            return false;
        }
        let mut rest = t[n..].chars();
        return match rest.next() {
            Some('、') => true,
            Some('.' | '．') => !rest.next().is_some_and(|c| c.is_ascii_digit()),
            _ => false,
        };
    }
    if first == '第' {
        let rest: String = t.chars().skip(1).skip_while(|c| NUM.contains(*c)).take(1).collect();
        return t.chars().nth(1).is_some_and(|c| NUM.contains(c)) && matches!(rest.as_str(), "章" | "部" | "节");
    }
    false
}

/// How many characters the typed marker at the start of `text` takes (0: none), each
/// counted as one em (ASCII digits and points as half).
fn marker_chars(text: &str) -> f32 {
    if !starts_with_marker(text) {
        return 0.0;
    }
    let t = text.trim_start();
    let end = t
        .char_indices()
        .find(|&(i, c)| matches!(c, '、' | '）' | ')' | '.' | '．' | '章' | '节') || t[..i].ends_with("部分"))
        .map_or(0, |(i, c)| if t[..i].ends_with("部分") { i } else { i + c.len_utf8() });
    t[..end].chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum()
}

/// Is `text` a typed marker and nothing else (一、 （一） 1. 第三部分)?
fn is_bare_marker(text: &str) -> bool {
    const NUM: &str = "一二三四五六七八九十百零〇";
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let num = |s: &str| !s.is_empty() && s.chars().all(|c| NUM.contains(c) || c.is_ascii_digit());
    if let Some(r) = t.strip_prefix('第') {
        return ["部分", "章", "节", "部"].iter().any(|s| r.strip_suffix(s).is_some_and(num));
    }
    if let Some(r) = t.strip_prefix(['（', '(']) {
        return r.strip_suffix(['）', ')']).is_some_and(num);
    }
    t.strip_suffix(['、', '.', '．']).is_some_and(num) && t.chars().count() <= 4
}

struct Out {
    kind: BlockKind,
    text: String,
    page: u32,
    /// Font size of the block's first line.
    size: f32,
}

/// The most common value of `f` over lines, weighted by their length, rounded to `step`.
fn mode(lines: &[Line], step: f32, f: impl Fn(&Line) -> f32) -> Option<f32> {
    let counts = tally(lines.iter().map(|l| (f(l), l.text.chars().count())), step);
    counts.into_iter().max_by_key(|&(v, w)| (w, -v)).map(|(v, _)| v as f32 * step)
}

fn join(text: &mut String, next: &str) {
    let last = text.chars().last();
    let first = next.chars().next();
    if let (Some(a), Some(b)) = (last, first) {
        if !is_cjk(a) && !is_cjk(b) && !a.is_whitespace() && !b.is_whitespace() {
            text.push(' ');
        }
    }
    text.push_str(next);
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['。', '！', '？', '；', '：', '.', '!', '?', ';'])
}

/// Closing marks and punctuation, which Chinese line breaking never puts at the start of
/// a line (nor does a paragraph start with them).
const NO_LINE_START: &[char] = &[
    '”', '’', '》', '）', ')', '〕', '】', '」', '』', '〉', '，', '。', '、', '；', '：', '！', '？', '…', ',', '.',
    ';', ':', '!', '?', '%', '％',
];

/// The width (in font sizes) of the unbreakable start of a line: opening marks, then a
/// run of Latin letters and digits or one character, then the closing marks and
/// punctuation that may not start a line. A line that stops short of the margin by
/// less than this (plus a little) wrapped because that unit did not fit (Chinese line
/// breaking moves "兵”，" or "2021" whole), it did not end its paragraph.
fn head_unit_width(text: &str) -> f32 {
    const OPENING: &[char] = &['“', '‘', '《', '（', '(', '〔', '【', '「', '『', '〈'];
    let width = char_width;
    let mut chars = text.chars().peekable();
    let mut w = 0.0;
    while let Some(&c) = chars.peek().filter(|c| OPENING.contains(c)) {
        w += width(c);
        chars.next();
    }
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() => {
            w += width(c);
            while let Some(&c) = chars.peek().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '-')) {
                w += width(c);
                chars.next();
            }
        }
        Some(c) => w += width(c),
        None => return 0.0,
    }
    while let Some(&c) = chars.peek().filter(|c| NO_LINE_START.contains(c)) {
        w += width(c);
        chars.next();
    }
    w
}

/// A character's width in font sizes, as the line-breaking estimates take it: a Latin
/// letter or digit about half, anything else one.
fn char_width(c: char) -> f32 {
    if c.is_ascii() {
        0.55
    } else {
        1.0
    }
}

/// The width of a line's first word: up to its first space, or the whole line when it
/// has none (a writer breaking lines at spaces moves that much to the next line).
fn first_word_width(l: &Line) -> f32 {
    match l.text.find(char::is_whitespace) {
        None => l.x1 - l.x0,
        Some(i) => l.text[..i].chars().map(char_width).sum::<f32>() * l.size,
    }
}

/// Weights summed per bin of `step` (bin index, total), in order of first appearance.
fn tally(points: impl Iterator<Item = (f32, usize)>, step: f32) -> Vec<(i64, usize)> {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for (x, w) in points {
        let k = (x / step).round() as i64;
        match counts.iter_mut().find(|(v, _)| *v == k) {
            Some(e) => e.1 += w,
            None => counts.push((k, w)),
        }
    }
    counts
}

/// Group lines into blocks and tell their kinds.
fn blocks(lines: &[Line]) -> Vec<Out> {
    let mut out: Vec<Out> = Vec::new();
    if lines.is_empty() {
        return out;
    }
    let body_size = mode(lines, 0.25, |l| l.size).unwrap_or(lines[0].size);
    let body: Vec<Line> = lines.iter().filter(|l| (l.size - body_size).abs() < body_size * 0.1).cloned().collect();
    let body = if body.is_empty() { lines.to_vec() } else { body };
    // Left margin: where wrapped lines start. Indented first lines may outweigh them in a
    // short text of short paragraphs, so the leftmost position that holds a good share of
    // the text wins over the most common one.
    // Positions are compared in bins of a quarter character.
    let step = body_size * 0.25;
    // Right margin: where full lines end. The longest lines decide; a stray wide line
    // (a table) should not, so take a high percentile rather than the maximum.
    let mut rights: Vec<f32> = body.iter().map(|l| l.x1).collect();
    rights.sort_by(f32::total_cmp);
    let high = rights[(rights.len() * 9 / 10).min(rights.len() - 1)];
    let left = {
        let counts = tally(body.iter().map(|l| (l.x0, l.text.chars().count())), step);
        let top = counts.iter().map(|c| c.1).max().unwrap_or(0);
        let share = counts.iter().filter(|c| c.1 * 3 >= top).map(|c| c.0).min().map_or(0.0, |k| k as f32 * step);
        // Where nearly every paragraph is one line and indented, the few wrapped lines
        // are all that shows the margin: two or more lines starting one to four
        // characters left of it (a first-line indent's width) are at the margin, and so
        // is one that carries on a line starting there and running to the right end
        // (a paragraph's first line wrapped onto the second).
        let body_line = |l: &Line| (l.size - body_size).abs() < body_size * 0.1;
        let carried = lines
            .windows(2)
            .filter(|w| {
                let (a, b) = (&w[0], &w[1]);
                body_line(a)
                    && body_line(b)
                    && a.page == b.page
                    && (0.0..=a.size * 2.5).contains(&(b.y - a.y))
                    && (a.x0 - share).abs() <= step * 1.5
                    && a.x1 >= high - a.size * 1.5
            })
            .map(|w| w[1].x0);
        tally(body.iter().map(|l| (l.x0, 1)), step)
            .iter()
            .filter(|c| c.1 >= 2)
            .map(|c| c.0 as f32 * step)
            .chain(carried)
            .filter(|&x| x < share && (body_size * 0.8..=body_size * 4.5).contains(&(share - x)))
            .fold(share, f32::min)
    };
    // Full lines end together (justified text), lines running over it (wider digits, a
    // word that would not break) are few: the rightmost end that a good share of the
    // lines reaching past the middle have, if below that percentile.
    // Lines of Chinese alone decide where there are enough of them: Latin letters and
    // digits may be drawn wider than the writer measured them (a CID font whose widths
    // for its half-width codes are full ems), pushing their lines over the margin by
    // varying amounts, often enough to outnumber the full lines that end together.
    let mid = (left + high) / 2.0;
    let past_mid = |l: &&Line| l.x1 > mid;
    let chinese = body.iter().filter(past_mid).filter(|l| !l.text.chars().any(|c| c.is_ascii_alphanumeric())).count();
    let measured = |l: &&Line| chinese < 4 || !l.text.chars().any(|c| c.is_ascii_alphanumeric());
    let right = {
        let counts = tally(body.iter().filter(past_mid).filter(measured).map(|l| (l.x1, 1)), step);
        let top = counts.iter().map(|c| c.1).max().unwrap_or(0);
        counts
            .iter()
            .filter(|c| c.1 * 3 >= top && c.1 >= 2)
            .map(|c| c.0 as f32 * step)
            .fold(f32::MIN, f32::max)
            .min(high)
    };
    let right = if right > left { right } else { high };
    let centre = (left + right) / 2.0;
    let width = (right - left).max(body_size);
    // Typical line pitch of running text on one page.
    let mut pitches: Vec<f32> = lines
        .windows(2)
        .filter(|w| {
            w[0].page == w[1].page
                && (w[0].size - body_size).abs() < body_size * 0.1
                && (w[1].size - body_size).abs() < body_size * 0.1
        })
        .map(|w| w[1].y - w[0].y)
        .filter(|d| *d > 0.0)
        .collect();
    pitches.sort_by(f32::total_cmp);
    let pitch = pitches.get(pitches.len() / 4).copied().unwrap_or(body_size * 1.5);

    // The first-line indent: where most indented lines of running text start (one to
    // four characters in from the margin), when there is one.
    let indent_at = tally(
        body.iter().filter(|l| (left + l.size * 1.0..=left + l.size * 4.5).contains(&l.x0)).map(|l| (l.x0, 1)),
        step,
    )
    .into_iter()
    .filter(|c| c.1 >= 3)
    .max_by_key(|c| (c.1, -c.0))
    .map(|c| c.0 as f32 * step);
    let centred = |l: &Line| -> bool {
        let tol = l.size.max(body_size) * 1.5;
        let near =
            ((l.x0 + l.x1) / 2.0 - centre).abs() < tol && l.x0 > left + l.size * 1.5 && l.x1 < right - l.size * 1.5;
        // A short line starting at the first-line indent is an indented line (a
        // one-line paragraph) unless it truly sits in the middle: its margins equal.
        let at_indent = indent_at.is_some_and(|x| (l.x0 - x).abs() <= step * 1.5);
        near && (!at_indent || ((l.x0 - left) - (right - l.x1)).abs() < l.size * 0.5)
    };
    let larger = |l: &Line| l.size > body_size * 1.15;
    // Bold marks a heading only where running text is not bold itself (a report set
    // all in 黑体).
    let bold_chars: usize = body.iter().filter(|l| l.bold).map(|l| l.text.chars().count()).sum();
    let body_chars: usize = body.iter().map(|l| l.text.chars().count()).sum();
    let body_bold = bold_chars * 2 > body_chars;
    let styled = |l: &Line| larger(l) || (l.bold && !body_bold) || centred(l);
    // A full line reaches the right margin from the left one (or a first-line indent): a
    // short right-aligned line (a date, a heading set flush right) is not a wrapped one.
    let full = |l: &Line| l.x1 >= right - l.size * 1.5 && l.x0 <= left + l.size * 4.5;
    let indented = |l: &Line| l.x0 > left + l.size * 1.0;
    // A heading's second line set under its text, past the marker (hanging indent):
    // "三、党政主要负责人……" over "    统筹推进……".
    let hanging = |prev: &Line, l: &Line| {
        let n = marker_chars(&prev.text);
        n > 0.0 && full(prev) && (l.x0 - (prev.x0 + n * prev.size)).abs() < prev.size * 0.6
    };
    // Does the document indent the first lines of its paragraphs (公文 do, by two
    // characters)? Then a line at the left margin right under a full line is a wrap.
    let indents_used = body.iter().filter(|l| indented(l)).count() * 12 >= body.len();

    let mut cur: Option<(Out, Line, usize)> = None; // block, its last line, line count
    let first_page = lines[0].page;
    let title_size = lines.iter().filter(|l| l.page == first_page).map(|l| l.size).fold(0.0f32, f32::max);
    for l in lines {
        let start = match &cur {
            None => true,
            Some((_, prev, _)) => {
                let same_style = (prev.size - l.size).abs() < body_size * 0.1 && prev.bold == l.bold;
                let gap = if prev.page == l.page { l.y - prev.y } else { 0.0 };
                if is_bare_marker(&prev.text) && (0.0..=pitch.max(l.size * 1.2) * 1.6).contains(&gap) {
                    // A marker alone on its line ("第三部分" before a heading wrapped at
                    // its space): the heading goes on.
                    false
                } else if !same_style {
                    // A line that fills the page to the margin without ending its sentence
                    // goes on at the margin of the next page, even where the writer drew
                    // that page's first line a size apart (a font state carried over from
                    // the page's footer).
                    let carried = prev.page != l.page
                        && prev.bold == l.bold
                        && (prev.size - l.size).abs() < body_size * 0.25
                        && full(prev)
                        && !ends_sentence(&prev.text)
                        && !indented(l)
                        && !starts_with_marker(&l.text);
                    !carried
                } else if starts_with_marker(&l.text) {
                    // A typed marker starts a block, unless the line is the wrapped
                    // continuation of a full line of running text ("……主要有三个方面：
                    // 一、……" broken before 一、): at the left margin where paragraphs
                    // are indented, at the usual line pitch or over a page break.
                    let wrapped = indents_used
                        && !styled(prev)
                        && full(prev)
                        && !indented(l)
                        && (0.0..=pitch * 1.3).contains(&gap);
                    !wrapped
                } else if styled(prev) {
                    // A wide centred heading line over a centred line of the same style
                    // (a title wrapped in two) continues it when close; a heading line
                    // reaching the right margin wraps onto the next; any other heading
                    // line is a block of its own.
                    let prev_centred = ((prev.x0 + prev.x1) / 2.0 - centre).abs() < prev.size * 1.5;
                    let title_wrap = prev_centred
                        && centred(l)
                        && gap > 0.0
                        && gap < pitch.max(l.size * 1.2) * 1.6
                        && prev.x1 - prev.x0 > width * 0.5;
                    if title_wrap {
                        false
                    } else if !full(prev) {
                        true
                    } else {
                        (indented(l) && !hanging(prev, l)) || gap > pitch.max(l.size * 1.2) * 1.6 || gap < 0.0
                    }
                } else {
                    // Short of the margin by no more than the next line's first unbreakable
                    // unit: a wrap (unless the line ends a sentence).
                    let wrapped = full(prev)
                        || (!ends_sentence(&prev.text)
                            && prev.x0 <= left + prev.size * 4.5
                            && prev.x1 >= right - prev.size * (1.5 + head_unit_width(&l.text)));
                    // A writer that breaks lines only at spaces (as Latin text is broken)
                    // leaves a line short where a space inside the Chinese text ("三 、主
                    // 要短板。……") was followed by more than the line had room for. The
                    // next line carries on when it starts with what no line of Chinese
                    // starts with (、，。）…): a short line before a line of its own at the
                    // margin is otherwise a heading over a paragraph set without indent.
                    let broken_at_space = l.text.starts_with(NO_LINE_START)
                        && !ends_sentence(&prev.text)
                        && prev.x0 <= left + prev.size * 4.5
                        && prev.x1 + l.size * 0.25 + first_word_width(l) > right;
                    !(wrapped || broken_at_space)
                        || (indented(l) && !hanging(prev, l))
                        || gap > pitch * 1.6
                        || gap < 0.0
                }
            }
        };
        if start {
            if let Some((b, _, _)) = cur.take() {
                out.push(b);
            }
            cur = Some((
                Out { kind: BlockKind::Paragraph, text: l.text.clone(), page: l.page, size: l.size },
                l.clone(),
                1,
            ));
            // Kind from the block's first line (refined below once it is complete).
            if let Some((b, _, _)) = &mut cur {
                b.kind = if styled(l) { BlockKind::Heading(0) } else { BlockKind::Paragraph };
            }
        } else if let Some((b, prev, n)) = &mut cur {
            join(&mut b.text, &l.text);
            *prev = l.clone();
            *n += 1;
        }
        if let Some((b, _, n)) = &mut cur {
            // A heading candidate is short: one line, a long heading wrapped once, or a
            // title wrapped in centred lines; not a sentence that runs on.
            // A long heading wraps once: its first line reaches the right margin.
            if b.kind == BlockKind::Heading(0) && (*n > 3 || (!centred(l) && *n > 2)) {
                b.kind = BlockKind::Paragraph;
            }
        }
    }
    if let Some((b, _, _)) = cur.take() {
        out.push(b);
    }
    // A bold or larger line that reads as a sentence of running text (it ends with 。 and
    // is long) is a paragraph the writer emphasised, not a heading.
    for b in &mut out {
        if b.kind == BlockKind::Heading(0) && ends_sentence(&b.text) && b.text.chars().count() > 40 {
            b.kind = BlockKind::Paragraph;
        }
    }
    // The title: the largest heading candidate among the first blocks of page 1, when it
    // is larger than running text, with the candidates of the same size right after it
    // (a title set on two lines: the unit, then the report's name).
    if title_size > body_size * 1.15 {
        let title_like = |b: &Out| {
            b.page == first_page && b.kind == BlockKind::Heading(0) && (b.size - title_size).abs() < body_size * 0.05
        };
        let mut at = None;
        for (i, b) in out.iter().enumerate().take(4) {
            if b.page != first_page {
                break;
            }
            if title_like(b) {
                at = Some(i);
                break;
            } else if b.kind != BlockKind::Heading(0) && b.text.chars().count() > 40 {
                break;
            }
        }
        if let Some(i) = at {
            let n = out[i..].iter().take(3).take_while(|b| title_like(b)).count();
            for b in &mut out[i..i + n] {
                b.kind = BlockKind::Title;
            }
        }
    }
    // Heading levels from sizes: where heading candidates come in two or more sizes, all
    // larger than running text, the largest is level 1 and the next level 2 (Word's and
    // WPS's heading styles); one size says nothing about the level.
    let mut sizes: Vec<f32> =
        out.iter().filter(|b| b.kind == BlockKind::Heading(0) && b.size > body_size * 1.05).map(|b| b.size).collect();
    sizes.sort_by(|a, b| b.total_cmp(a));
    sizes.dedup_by(|a, b| (*a - *b).abs() < body_size * 0.05);
    if sizes.len() >= 2 {
        for b in &mut out {
            if b.kind == BlockKind::Heading(0) {
                if (b.size - sizes[0]).abs() < body_size * 0.05 {
                    b.kind = BlockKind::Heading(1);
                } else if (b.size - sizes[1]).abs() < body_size * 0.05 {
                    b.kind = BlockKind::Heading(2);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lay out `text` as one line of glyphs at (x, y), `size` per CJK character.
    fn line(page: &mut Page, text: &str, x: f32, y: f32, size: f32, bold: bool) {
        let mut x = x;
        for c in text.chars() {
            let w = if is_cjk(c) { size } else { size * 0.5 };
            page.glyphs.push(Glyph { c, x, y, size, width: w, bold });
            x += w;
        }
    }

    /// A 公文 page: 16 pt text, 28 characters a line from x = 80 to 528, indented two
    /// characters; paragraphs wrapped at 28 characters.
    fn paragraph(page: &mut Page, y: &mut f32, text: &str) {
        let chars: Vec<char> = text.chars().collect();
        let mut first = true;
        let mut i = 0;
        while i < chars.len() {
            let room = if first { 26 } else { 28 };
            let end = (i + room).min(chars.len());
            let s: String = chars[i..end].iter().collect();
            line(page, &s, if first { 112.0 } else { 80.0 }, *y, 16.0, false);
            *y += 28.0;
            first = false;
            i = end;
        }
    }

    fn texts(doc: &Document) -> Vec<(BlockKind, String, Option<u32>)> {
        doc.blocks.iter().map(|b| (b.kind, doc.text[b.span.start..b.span.end].to_string(), b.page)).collect()
    }

    #[test]
    fn page_numbers() {
        for s in [
            "— 3 —",
            "- 3 -",
            "第 3 页 共 5 页",
            "第3页",
            "3 / 5",
            "12",
            "·3·",
            "－ 2 －",
            "共5页第2页",
            "1一",
            "一 2 一",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["3、", "第三章", "2024年", "一、总体情况", "第3条", "", "一", "十一", "一是"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    /// Lines whose digits are drawn full-width where the writer measured them half (a CID
    /// font's widths for its half-width codes) run over the right margin by varying
    /// amounts; the margin is still where the lines of Chinese alone end, so a full
    /// indented first line is no centred heading and a heading filling its line ends there.
    #[test]
    fn lines_running_over_with_wide_digits_leave_the_margin() {
        // Wrapped at 28 measured characters (a digit half), drawn with a digit a full em.
        fn overrun(page: &mut Page, y: &mut f32, text: &str) {
            let chars: Vec<char> = text.chars().collect();
            let (mut i, mut first) = (0, true);
            while i < chars.len() {
                let room = if first { 26.0 } else { 28.0 };
                let (mut end, mut used) = (i, 0.0);
                while end < chars.len() && used + if chars[end].is_ascii() { 0.5 } else { 1.0 } <= room {
                    used += if chars[end].is_ascii() { 0.5 } else { 1.0 };
                    end += 1;
                }
                let mut x = if first { 112.0 } else { 80.0 };
                for &c in &chars[i..end] {
                    page.glyphs.push(Glyph { c, x, y: *y, size: 16.0, width: 16.0, bold: false });
                    x += 16.0;
                }
                *y += 28.0;
                first = false;
                i = end;
            }
        }
        let mut p = Page::new(1, 842.0);
        let mut y = 100.0;
        for text in [
            "今年以来，我局认真落实上级部署要求，对标实施纲要，各项任务有序推进，现就有关情况报告如下。",
            "１．主要负责同志履行推进法治建设第一责任人职责情况",
            "主要领导牢固树立法治观念，认真履行推进法治建设第一责任人职责，亲自部署重要工作17次，听取汇报2024次。",
            "对15个重大项目开展社会稳定风险评估，推行综合查一次，减少入企检查3517次，受理申请2020件。",
            "全年受理政府信息公开申请2088件，均在法定期限内答复，组建公职律师队伍42人，提供法律意见1480条。",
            "建成村级法治文化阵地15个，培育法律明白人988名，开展普法活动36场次，覆盖群众12000余人次。",
            "第六章　主要负责同志履行推进法治建设第一责任人职责情况",
            "主要领导牢固树立法治观念，认真履行推进法治建设第一责任人职责，亲自部署重要工作5次，督办事项128件。",
            "下一步，我们将继续坚持以习近平法治思想为指导，深入推进法治政府建设，为经济社会发展提供有力保障。",
        ] {
            overrun(&mut p, &mut y, text);
        }
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got = texts(&doc);
        let starts: Vec<&str> = got.iter().map(|b| b.1.as_str()).collect();
        assert!(starts.contains(&"１．主要负责同志履行推进法治建设第一责任人职责情况"), "{starts:#?}");
        assert!(starts.contains(&"第六章主要负责同志履行推进法治建设第一责任人职责情况"), "{starts:#?}");
        assert!(got.iter().all(|b| !b.1.starts_with("今年以来") || b.0 == BlockKind::Paragraph), "{got:#?}");
    }

    /// A heading wrapped with a hanging indent (its second line under its text) is one
    /// heading.
    #[test]
    fn hanging_heading_is_one_block() {
        let mut p = Page::new(1, 842.0);
        let mut y = 100.0;
        paragraph(&mut p, &mut y, "县政府坚持依法行政，扎实推进法治政府建设各项工作，现将有关情况报告如下，请审阅。");
        line(&mut p, "三、党政主要负责人履行推进法治建设第一责任人职责统筹推进", 80.0, y, 16.0, true);
        y += 28.0;
        line(&mut p, "法治政府建设各项工作的情况", 112.0, y, 16.0, true);
        y += 28.0;
        paragraph(&mut p, &mut y, "县政府主要负责同志认真履行推进法治建设第一责任人职责，全年主持召开专题会议四次。");
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got: Vec<String> = texts(&doc).into_iter().map(|b| b.1).collect();
        assert!(
            got.contains(
                &"三、党政主要负责人履行推进法治建设第一责任人职责统筹推进法治政府建设各项工作的情况".to_string()
            ),
            "{got:?}"
        );
        assert_eq!(marker_chars("三、党政"), 2.0);
        assert_eq!(marker_chars("（一）学习"), 3.0);
        assert_eq!(marker_chars("1.举措"), 1.0);
        assert_eq!(marker_chars("第一部分 成效"), 4.0);
        assert_eq!(marker_chars("一是"), 0.0);
    }

    /// A heading at the top of a page is kept; only a line repeated across pages is a
    /// running header (OFD and PDF alike).
    #[test]
    fn heading_at_the_top_of_a_page_is_not_a_running_header() {
        let mut pages = Vec::new();
        for (n, heading) in [(1, "一、主要举措和成效"), (2, "二、存在的不足和原因"), (3, "三、下一步工作安排")]
        {
            let mut p = Page::new(n, 842.0);
            line(&mut p, "某县人民政府文件", 240.0, 40.0, 10.5, false);
            line(&mut p, heading, 112.0, 90.0, 16.0, true);
            let mut y = 118.0;
            paragraph(
                &mut p,
                &mut y,
                "县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次并组织旁听庭审。",
            );
            pages.push(p);
        }
        let doc = build(&pages, Format::Ofd, DocMeta::default());
        for h in ["一、主要举措和成效", "二、存在的不足和原因", "三、下一步工作安排"] {
            assert!(doc.text.lines().any(|l| l == h), "{h}:\n{}", doc.text);
        }
        assert!(!doc.text.contains("某县人民政府文件"), "{}", doc.text);
    }

    /// The page numbers the document prints at the foot of its pages are furniture; a
    /// page number pasted into the text (another file's "— 1 —") that a page break put
    /// at the top of a page is the page's text, there beside its own number.
    #[test]
    fn pasted_page_number_at_the_top_is_text() {
        let mut pages = Vec::new();
        for n in 1..=3 {
            let mut p = Page::new(n, 842.0);
            let mut y = 90.0;
            if n == 2 {
                line(&mut p, "— 1 —", 112.0, y, 16.0, false);
                y += 28.0;
            }
            paragraph(
                &mut p,
                &mut y,
                "县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次并组织旁听庭审。",
            );
            line(&mut p, &format!("— {n} —"), 280.0, 790.0, 14.0, false);
            pages.push(p);
        }
        let doc = build(&pages, Format::Pdf, DocMeta::default());
        assert_eq!(doc.text.lines().filter(|l| l.contains('—')).collect::<Vec<_>>(), ["—1—"], "{}", doc.text);
        // Alone, a page number at the top of a page is still the page's number.
        let mut p = Page::new(1, 842.0);
        line(&mut p, "— 1 —", 280.0, 40.0, 14.0, false);
        let mut y = 90.0;
        paragraph(&mut p, &mut y, "县政府把学习法治思想列为常务会议会前学法的固定内容。");
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        assert!(!doc.text.contains('—'), "{}", doc.text);
    }

    /// A line running to the margin at the foot of a page goes on at the top of the next
    /// one although the writer drew that line a size smaller (its font state carried over
    /// from the footer); after a sentence's end the smaller line is a block of its own.
    #[test]
    fn line_carried_over_a_page_in_another_size() {
        for (end, joined) in [("推进法治建设第一", true), ("推进法治建设工作。", false)] {
            let mut pages = Vec::new();
            let mut p = Page::new(1, 842.0);
            let mut y = 90.0;
            for _ in 0..3 {
                paragraph(
                    &mut p,
                    &mut y,
                    "县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次并组织旁听庭审。",
                );
            }
            line(&mut p, &format!("第三章二〇二一年度党政主要负责人履行{end}"), 112.0, y, 16.0, false);
            pages.push(p);
            let mut p = Page::new(2, 842.0);
            line(&mut p, "责任人职责的有关情况", 80.0, 90.0, 14.0, false);
            let mut y = 118.0;
            paragraph(&mut p, &mut y, "党政主要负责人自觉履行第一责任人职责，把法治建设纳入年度工作要点。");
            pages.push(p);
            let doc = build(&pages, Format::Pdf, DocMeta::default());
            let heading = format!("第三章二〇二一年度党政主要负责人履行{end}责任人职责的有关情况");
            assert_eq!(doc.text.lines().any(|l| l == heading), joined, "{}", doc.text);
        }
    }

    /// A running header read a little differently on each page (an OCR layer's reading)
    /// is still a running header; headings at the top of the pages are kept.
    #[test]
    fn running_header_read_differently_on_each_page() {
        let mut pages = Vec::new();
        let tops = [
            ("某市人民政府办公室", "主要举措和成效"),
            ("菏市人民政府办公室", "存在的不足"),
            ("茶市人民政府办公室", "下一步工作安排"),
        ];
        for (n, (header, heading)) in (1..).zip(tops) {
            let mut p = Page::new(n, 842.0);
            line(&mut p, header, 240.0, 40.0, 10.5, false);
            line(&mut p, heading, 112.0, 90.0, 16.0, true);
            let mut y = 118.0;
            paragraph(
                &mut p,
                &mut y,
                "县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次并组织旁听庭审。",
            );
            pages.push(p);
        }
        let doc = build(&pages, Format::Pdf, DocMeta::default());
        for (header, heading) in tops {
            assert!(doc.text.lines().any(|l| l == heading), "{heading}:\n{}", doc.text);
            assert!(!doc.text.contains(header), "{}", doc.text);
        }
        assert!(similar(&['甲', '乙', '丙', '丁', '戊', '己'], &['甲', '乙', '丙', '丁', '戊', '庚']));
        assert!(!similar(&['甲', '乙', '丙', '丁', '戊', '己'], &['甲', '乙', '丙', '丁', '辛', '庚']));
    }

    #[test]
    fn bare_markers() {
        for s in ["第三部分", "一、", "（二）", "3.", "第一章 "] {
            assert!(is_bare_marker(s), "{s}");
        }
        for s in ["第三部分 主要", "一、总体", "2024.", "第一责任人", ""] {
            assert!(!is_bare_marker(s), "{s}");
        }
    }

    #[test]
    fn markers() {
        for s in ["一、总体", "（一）学习", "(2)做法", "1.举措", "2、成效", "十二、其他", "第一章 总则"]
        {
            assert!(starts_with_marker(s), "{s}");
        }
        for s in ["1.5倍的增长", "2024年", "一是加强", "（注）", "第一责任人"] {
            assert!(!starts_with_marker(s), "{s}");
        }
    }

    #[test]
    fn paragraphs_headings_and_furniture() {
        let long_a = "县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次并组织旁听庭审两次以上";
        let long_b =
            "推进包容审慎监管对轻微违法行为依法不予处罚编制免罚清单并向社会公布在市场监管等领域落实首违不罚制度";
        let mut p1 = Page::new(1, 842.0);
        line(&mut p1, "某县人民政府文件", 240.0, 40.0, 10.5, false);
        line(&mut p1, "某县2024年法治政府建设报告", 180.0, 120.0, 22.0, true);
        let mut y = 180.0;
        line(&mut p1, "一、主要举措", 112.0, y, 16.0, false);
        y += 28.0;
        paragraph(&mut p1, &mut y, long_a);
        line(&mut p1, "工作成效", 272.0, y, 16.0, true);
        y += 28.0;
        // A paragraph whose last line fills the page: continued on page 2.
        let broken: Vec<char> =
            "全面推行证明事项告知承诺制清理规范涉企收费项目政务服务事项网上可办率达到九成以上企业开办时间明显压缩。"
                .chars()
                .collect();
        line(&mut p1, &broken[..26].iter().collect::<String>(), 112.0, y, 16.0, false);
        line(&mut p1, "— 1 —", 280.0, 800.0, 14.0, false);
        // Glyphs drawn out of order must still read left to right.
        p1.glyphs.reverse();
        let mut p2 = Page::new(2, 842.0);
        line(&mut p2, "某县人民政府文件", 240.0, 40.0, 10.5, false);
        line(&mut p2, &broken[26..].iter().collect::<String>(), 80.0, 100.0, 16.0, false);
        let mut y = 156.0;
        paragraph(&mut p2, &mut y, long_b);
        line(&mut p2, "— 2 —", 280.0, 800.0, 14.0, false);
        let doc = build(&[p1, p2], Format::Pdf, DocMeta::default());
        let got = texts(&doc);
        let want = vec![
            (BlockKind::Title, "某县2024年法治政府建设报告".to_string(), Some(1)),
            (BlockKind::Paragraph, "一、主要举措".to_string(), Some(1)),
            (BlockKind::Paragraph, long_a.to_string(), Some(1)),
            (BlockKind::Heading(0), "工作成效".to_string(), Some(1)),
            (BlockKind::Paragraph, broken.iter().collect::<String>(), Some(1)),
            (BlockKind::Paragraph, long_b.to_string(), Some(2)),
        ];
        assert_eq!(got, want, "{}", doc.text);
    }

    /// A one-line paragraph at the first-line indent that reaches most of the way across
    /// looks centred by its middle, but its margins differ: it is running text, and the
    /// indented heading under it (a marker the layout does not know, ２．) is no second
    /// line of a centred title.
    #[test]
    fn indented_one_line_paragraph_is_not_centred() {
        let mut p = Page::new(1, 842.0);
        let mut y = 100.0;
        let long = "县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次并组织旁听庭审两次以上。";
        for _ in 0..3 {
            paragraph(&mut p, &mut y, long);
        }
        let short = "推行综合查一次减少入企检查三十六次并公开清单。";
        assert_eq!(short.chars().count(), 23);
        line(&mut p, short, 112.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "２．主要领导履行法治建设第一责任人职责情况", 112.0, y, 16.0, false);
        y += 28.0;
        paragraph(&mut p, &mut y, long);
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got = texts(&doc);
        assert_eq!(got[3], (BlockKind::Paragraph, short.to_string(), Some(1)), "{got:?}");
        assert_eq!(got[4].1, "２．主要领导履行法治建设第一责任人职责情况", "{got:?}");
    }

    /// A wrapped line that happens to begin with 一、 stays in its paragraph; the real
    /// heading (indented, after a short line) still starts a block.
    #[test]
    fn wrapped_line_starting_with_a_marker_stays_in_its_paragraph() {
        let mut p = Page::new(1, 842.0);
        let mut y = 100.0;
        // 26 + 28 characters: the second line starts with "一、".
        let text = "学习内容分为三个板块并按季度安排集中学习和个人自学相结合的方式进行具体为以下几类内容"
            .chars()
            .take(26)
            .collect::<String>()
            + "一、宪法和法律法规；二、党内法规；三、与政府工作密切相关的法律知识。";
        paragraph(&mut p, &mut y, &text);
        line(&mut p, "二、存在的不足和原因", 112.0, y, 16.0, false);
        y += 28.0;
        paragraph(&mut p, &mut y, "部分单位对法治政府建设的重视程度不够，推进工作的主动性不强，基层执法力量相对薄弱。");
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got: Vec<String> = texts(&doc).into_iter().map(|b| b.1).collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], text);
        assert!(got[1].starts_with("二、存在"));
    }

    /// Short paragraphs, nearly all of one indented line: the two wrapped lines show the
    /// margin, so the heading after a line that stops just short of it starts a block.
    #[test]
    fn one_line_paragraphs_take_their_margin_from_the_few_wrapped_lines() {
        let mut p = Page::new(1, 842.0);
        let mut y = 100.0;
        paragraph(&mut p, &mut y, "一年来，本局认真落实法治政府建设的部署要求，把法治建设摆在全局工作的重要位置。");
        line(&mut p, "一、主要举措和成效", 112.0, y, 16.0, false);
        y += 28.0;
        paragraph(&mut p, &mut y, "（一）拓展普法阵地。全年公开各类信息四千余条，开展执法人员轮训六期，培训四千人次。");
        // 26 characters from the indent: a full line ending a sentence.
        line(&mut p, "党政主要负责人履行第一责任人职责，纳入全年工作要点。", 112.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "三、下一阶段工作重点", 112.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "一是培育基层法治示范点；二是健全法治督察长效机制。", 112.0, y, 16.0, false);
        y += 28.0;
        // The sign-off, set to the right.
        line(&mut p, "某县司法局", 400.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "2024年3月1日", 390.0, y, 16.0, false);
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got: Vec<String> = texts(&doc).into_iter().map(|b| b.1).collect();
        assert!(got.iter().any(|b| b == "三、下一阶段工作重点"), "{got:?}");
        assert!(got.iter().any(|b| b.starts_with("一年来") && b.ends_with("重要位置。")), "{got:?}");
    }

    /// A few lines running past the margin (wider digits) do not move it: a heading
    /// indented like a paragraph and ending two characters short of the margin is not a
    /// centred title line to be joined with the line under it.
    #[test]
    fn lines_running_over_the_margin_do_not_move_it() {
        let mut p = Page::new(1, 842.0);
        let mut y = 60.0;
        let text = "全年围绕法治政府建设目标，健全依法决策机制，严格规范公正文明执法，推进政务公开，化解矛盾纠纷，提升基层治理法治化水平，各项工作取得积极成效。";
        for _ in 0..7 {
            paragraph(&mut p, &mut y, text);
        }
        for _ in 0..3 {
            line(&mut p, "（一）拓展普法阵地。在门户网站主动公开各类信息", 112.0, y, 16.0, false);
            line(&mut p, "４３３８条。", 112.0 + 23.0 * 16.0, y, 16.0, false);
            y += 28.0;
            line(&mut p, "开展执法人员轮训六期。", 80.0, y, 16.0, false);
            y += 28.0;
        }
        // 25 characters from the indent, two short of the margin, and so is the next.
        line(&mut p, "二、主要负责同志履行推进法治建设第一责任人职责情况", 112.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "党政主要负责人自觉履行第一责任人职责，把法治建设纳", 112.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "入年度工作要点。", 80.0, y, 16.0, false);
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got: Vec<String> = texts(&doc).into_iter().map(|b| b.1).collect();
        assert!(got.iter().any(|b| b == "二、主要负责同志履行推进法治建设第一责任人职责情况"), "{got:?}");
    }

    /// A writer breaking lines only at spaces leaves "三" alone on a line when a space
    /// follows it and the rest of the sentence does not fit after it; the next line, at
    /// the margin where paragraphs are indented, carries the paragraph on. A short line
    /// at the margin that would have fitted (a table row under a heading) starts a block.
    #[test]
    fn a_line_broken_at_a_space_carries_on() {
        let mut p = Page::new(1, 842.0);
        let mut y = 100.0;
        let long = "县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次并组织旁听庭审两次以上。";
        for _ in 0..3 {
            paragraph(&mut p, &mut y, long);
        }
        line(&mut p, "三", 112.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "、主要短板。一是普法的针对性和实效性不够；二是综合执法", 80.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "协调机制还不顺畅。", 80.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "（一）规范涉企检查", 112.0, y, 16.0, false);
        y += 28.0;
        line(&mut p, "| 1 |行政复议| 47 |", 80.0, y, 16.0, false);
        y += 28.0;
        paragraph(&mut p, &mut y, long);
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got: Vec<String> = texts(&doc).into_iter().map(|b| b.1).collect();
        assert!(
            got.contains(&"三、主要短板。一是普法的针对性和实效性不够；二是综合执法协调机制还不顺畅。".to_string()),
            "{got:?}"
        );
        assert!(got.contains(&"（一）规范涉企检查".to_string()), "{got:?}");
        assert!(got.contains(&"| 1 |行政复议| 47 |".to_string()), "{got:?}");
    }

    /// Nearly every paragraph one indented line, and only one wrapped line at the margin:
    /// that line, carrying on a line that starts at the indent and runs to the right end,
    /// shows the margin. So a one-line paragraph ending a character short of the margin,
    /// where the two lines of the sign-off, set flush right, end together (and pass for
    /// the right margin), does not swallow the numbered heading indented under it.
    #[test]
    fn one_wrapped_line_shows_the_margin() {
        let mut p = Page::new(1, 842.0);
        let mut y = 100.0;
        paragraph(
            &mut p,
            &mut y,
            "今年以来，我局持续深化习近平法治思想学习宣传，对标法治政府建设实施纲要，各项任务有序推进。",
        );
        let last = "党政主要负责人履行第一责任人职责，纳入年度工作中。";
        assert_eq!(last.chars().count(), 25);
        for (text, x) in [
            ("1、法治政府建设总体情况", 112.0),
            ("全年受理信息公开申请四十四件，均在法定期限内答复。", 112.0),
            ("2、工作中的不足", 112.0),
            ("一是综合执法协调机制还不顺畅；二是专业人才储备不足。", 112.0),
            ("3、主要领导履行法治建设第一责任人职责情况", 112.0),
            (last, 112.0),
            ("4、今后方向", 112.0),
            ("一是扩大政务公开覆盖面；二是加快数字政府建设。", 112.0),
            ("临江区水利局", 368.0),
            ("2025年1月7日", 368.0),
        ] {
            line(&mut p, text, x, y, 16.0, false);
            y += 28.0;
        }
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        let got: Vec<String> = texts(&doc).into_iter().map(|b| b.1).collect();
        assert!(got.contains(&"4、今后方向".to_string()), "{got:?}");
        assert!(got.contains(&last.to_string()), "{got:?}");
    }

    #[test]
    fn latin_words_get_a_space_when_wrapped() {
        let mut p = Page::new(1, 0.0);
        line(&mut p, "法治政府建设年度报告采用统一的格式和口径编写完成后按照 the", 112.0, 100.0, 16.0, false);
        line(&mut p, "rule of law。", 80.0, 128.0, 16.0, false);
        let doc = build(&[p], Format::Ofd, DocMeta::default());
        // The wrap between "the" and "rule" becomes a space; the writer's space between
        // 按照 and "the" is spacing next to CJK, dropped like the one in "2024 年".
        assert_eq!(doc.text, "法治政府建设年度报告采用统一的格式和口径编写完成后按照the rule of law。");
    }

    #[test]
    fn unbreakable_line_starts() {
        assert_eq!(head_unit_width("兵”，不断提高"), 3.0);
        assert!((head_unit_width("2021 年") - 2.2).abs() < 0.01);
        assert_eq!(head_unit_width("《条例》"), 2.0);
        assert_eq!(head_unit_width(""), 0.0);
    }

    /// Word boxes (as OCR gives them) make the same blocks as per-glyph positions.
    #[test]
    fn word_boxes_read_like_glyphs() {
        let mut p = Page::new(1, 842.0);
        p.push_word("一、主要举措", 112.0, 208.0, 180.0, 16.0, false);
        p.push_word("县政府把学习法治思想列为常务会议会前学法的固定内容全年", 80.0, 528.0, 208.0, 16.0, false);
        p.push_word("安排专题学习十二次。", 80.0, 240.0, 236.0, 16.0, false);
        let doc = build(&[p], Format::Pdf, DocMeta::default());
        assert_eq!(
            doc.text,
            "一、主要举措\n县政府把学习法治思想列为常务会议会前学法的固定内容全年安排专题学习十二次。"
        );
    }

    #[test]
    fn nothing_in_nothing_out() {
        let doc = build(&[Page::default()], Format::Pdf, DocMeta::default());
        assert!(doc.blocks.is_empty());
        let mut bad = Page::new(1, 10.0);
        bad.glyphs.push(Glyph { c: '字', x: f32::NAN, y: 1.0, size: 1.0, width: 1.0, bold: false });
        assert!(build(&[bad], Format::Pdf, DocMeta::default()).blocks.is_empty());
    }
}
