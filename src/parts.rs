//! Which section (or passage) of a report is each required part. Parts are defined by
//! cues in YAML (`rules/parts.yaml`); this module compiles them into Aho-Corasick
//! automata once and applies them to a report tree.
//!
//! Matching is literal and word-safe in the way that matters for Chinese: a cue inside
//! a longer phrase listed under `heading_none` / `text_none` does not count (问题导向 is
//! not 问题), and with `skip_book_titles` a cue inside 《…》 does not count either.

use crate::parse::{years_in, Report, Section};
use crate::span::Span;
use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// The six required parts of the JSON contract, in the regulation's order. The outputs
/// (JSON `elements`, the checklist, the audit's columns, the web page) list them first,
/// in this order, whatever the rule files define; other parts follow by `order`.
pub const ELEMENT_KEYS: [&str; 6] =
    ["achievements", "problems", "problem_causes", "lead_responsibility", "next_year_plan", "xi_thought_study"];

/// A required part as the outputs show it: its key and its names, from its definition
/// (`name`, then `label`, `column`, `header`, `short`, each defaulting to the one before).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartInfo {
    pub key: String,
    pub order: u32,
    /// The name in messages (`name:`).
    pub name: String,
    /// The checklist of `check` and the web page.
    pub label: String,
    /// The audit's column (CSV, workbook, coverage summary, HTML charts).
    pub column: String,
    /// The audit HTML page's table header.
    pub header: String,
    /// The audit's terminal table.
    pub short: String,
    /// Can the part stand alone or be embedded, so that the outputs tell which (the audit's
    /// 附带, the checklist's and the outline's ◐ 未单列)? Every part with a heading of its
    /// own that is not looked for inside another part (the causes are): the achievements,
    /// shortcomings, the lead's duties, the plan, and every part a rule file adds.
    pub standalone: bool,
}

impl PartInfo {
    fn of(key: &str, p: Option<&RawPart>) -> PartInfo {
        let name = p.map_or(key, |p| p.name.as_str()).to_string();
        let pick = |v: Option<&Option<String>>, or: &str| v.and_then(|v| v.clone()).unwrap_or_else(|| or.to_string());
        let label = pick(p.map(|p| &p.label), &name);
        let column = pick(p.map(|p| &p.column), &label);
        let header = pick(p.map(|p| &p.header), &column);
        let short = pick(p.map(|p| &p.short), &header);
        PartInfo {
            key: key.to_string(),
            order: p.map_or(0, |p| p.order),
            name,
            label,
            column,
            header,
            short,
            standalone: !ELEMENT_KEYS.contains(&key)
                || p.is_some_and(|p| {
                    let text_only = p.heading_any.is_empty()
                        && p.subheading_any.is_empty()
                        && p.fallback.is_none()
                        && !p.heading_next_year
                        && p.passage_any.is_empty();
                    p.within.is_none() && !text_only
                }),
        }
    }
}

/// The parts the outputs list: the contract's six (a key no rule file defines is listed
/// by its key, always missing), then every other part by `order`, then key.
fn reported(raw: &BTreeMap<String, (RawPart, usize)>) -> Arc<[PartInfo]> {
    let mut out: Vec<PartInfo> = ELEMENT_KEYS.iter().map(|k| PartInfo::of(k, raw.get(*k).map(|(p, _)| p))).collect();
    let mut rest: Vec<PartInfo> = raw
        .iter()
        .filter(|(k, _)| !ELEMENT_KEYS.contains(&k.as_str()))
        .map(|(k, (p, _))| PartInfo::of(k, Some(p)))
        .collect();
    rest.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.key.cmp(&b.key)));
    out.extend(rest);
    out.into()
}

/// How a required part of the report is recognised: a part as written under `parts:`
/// in a rule file (`deny_unknown_fields`), compiled by [`Parts::compile`].
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    /// Chinese name of the part, used in messages and labels.
    pub name: String,
    /// Position in the regulation's order of parts (1 = first). Parts outside the JSON
    /// contract's six are reported after them in this order.
    pub order: u32,
    /// How the outputs name the part; each defaults to the one before it (`name` first).
    /// The checklist of `check` and the web page.
    #[serde(default)]
    pub label: Option<String>,
    /// The audit's column (CSV, workbook, coverage summary, the HTML page's charts).
    #[serde(default)]
    pub column: Option<String>,
    /// The header of the audit HTML page's report table.
    #[serde(default)]
    pub header: Option<String>,
    /// The audit's terminal table (two characters fit).
    #[serde(default)]
    pub short: Option<String>,
    /// A level-1 heading containing one of these words is this part.
    #[serde(default)]
    pub heading_any: Vec<String>,
    /// A level-2 heading containing one of these is this part, embedded in another.
    #[serde(default)]
    pub subheading_any: Vec<String>,
    /// Phrases that contain a heading cue but do not mean the part (问题导向 is not 问题).
    #[serde(default)]
    pub heading_none: Vec<String>,
    /// A level-1 heading naming the reported year + 1 ("2022年工作思路") is this part.
    #[serde(default)]
    pub heading_next_year: bool,
    /// Claims only level-1 headings that no other part claims (the achievements part).
    #[serde(default)]
    pub general: bool,
    /// When nothing names the part, the first substantive level-1 part that no other
    /// part claims is taken to be it (reports organised by topic).
    #[serde(default)]
    pub fallback: Option<Fallback>,
    /// The part is present, embedded, where the text says one of these.
    #[serde(default)]
    pub text_any: Vec<String>,
    /// Phrases that contain a text cue but do not mean the part.
    #[serde(default)]
    pub text_none: Vec<String>,
    /// Look for text cues only inside this other part (causes inside the shortcomings part).
    pub within: Option<String>,
    /// Text cues inside 《…》 do not count: citing a document's title is not reporting on it.
    #[serde(default)]
    pub skip_book_titles: bool,
    /// Wording of work done (落实, 完成, 整改): a heading naming the part by a cue but
    /// worded so, without a `done_unless_any` word, is not the part ("推进年度普法计划实施").
    #[serde(default)]
    pub done_any: Vec<String>,
    /// Wording that keeps the part despite a `done_any` word (下一步, 明年; 存在, 不足).
    #[serde(default)]
    pub done_unless_any: Vec<String>,
    /// The part comes last: a level-2 heading naming it outside the last level-1 part
    /// must also carry a `done_unless_any` word or the next year's number; a passage
    /// stating it must be in the last level-1 part.
    #[serde(default)]
    pub late: bool,
    /// The part is present, embedded, where a sentence of a paragraph opens with one of
    /// these (in its words up to the first colon or sentence end): "同时也应看到，我局
    /// 工作仍有差距：一是……", "明年，我们将重点抓好以下工作：……".
    #[serde(default)]
    pub passage_any: Vec<String>,
    /// Phrases that contain a passage cue but state no part (坚持问题导向, 为下一步工作打下基础).
    #[serde(default)]
    pub passage_none: Vec<String>,
    /// … and the sentence must also hold one of these (a shortcoming's noun: 不足, 差距;
    /// a plan's verb: 将, 拟), when given.
    #[serde(default)]
    pub passage_with_any: Vec<String>,
    /// A sentence opening with the next year's number ("2024年，我们将……") also states the
    /// part (with a `passage_with_any` word).
    #[serde(default)]
    pub passage_next_year: bool,
    /// A passage stating the part must list its points (一是……, a colon, 以下, or three
    /// measures or more in its sentence): a passing sentence is not the part.
    #[serde(default)]
    pub passage_list: bool,
    /// Words of a closing flourish (再上新台阶, 新局面): a clause with one is not a measure
    /// ("今后，我们将继续努力，推动法治政府建设再上新台阶" lists nothing).
    #[serde(default)]
    pub passage_closing_any: Vec<String>,
    /// How far into its sentence a passage cue may start, in characters (default 48, the
    /// sentence's opening words): "下一步，我们将……" opens with its cue.
    #[serde(default)]
    pub passage_reach: Option<usize>,
    /// A level-2 heading naming the part under a level-1 part whose heading holds one of
    /// these (其他事项) is the part standing on its own, in the place the regulation
    /// gives other matters.
    #[serde(default)]
    pub standalone_under_any: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fallback {
    FirstUnclaimed,
}

/// A cue list with its exclusions.
#[derive(Debug)]
struct Cues {
    /// The cue words (text cues also go into the rule set's shared literal pass).
    any: LazyWords,
    none: LazyWords,
    /// Longest exclusion phrase in bytes: how far around a cue to look for one.
    none_reach: usize,
}

/// A word list's automaton, built when a report first needs it: most lists (the cues of
/// a part's passages, closings, exclusions; a rule's `unless` words and counted cues)
/// are searched only where something else was found, and building them all was a sixth
/// of the process start-up. The words are checked when the rule set loads.
#[derive(Debug)]
pub(crate) struct LazyWords {
    words: Vec<String>,
    built: OnceLock<Option<AhoCorasick>>,
}

impl LazyWords {
    /// A list of words already checked (none blank).
    pub(crate) fn new(words: Vec<String>) -> LazyWords {
        LazyWords { words, built: OnceLock::new() }
    }

    /// `None` for an empty list. (Building a checked list fails only past
    /// aho-corasick's limits of 2^31 patterns or states, far beyond a rule file's size
    /// limit; it would then find nothing.)
    pub(crate) fn get(&self) -> Option<&AhoCorasick> {
        self.built.get_or_init(|| automaton(&self.words).ok().flatten()).as_ref()
    }
}

/// A part's cue list: its words checked, then [`LazyWords`].
fn lazy_cues(words: &[String]) -> Result<LazyWords, String> {
    check_cue_words(words)?;
    Ok(LazyWords::new(words.to_vec()))
}

/// A blank cue word is a rule-file error.
fn check_cue_words<S: AsRef<str>>(words: &[S]) -> Result<(), String> {
    match words.iter().map(AsRef::as_ref).find(|w| w.trim().is_empty()) {
        Some(w) => Err(format!("线索词不能为空：{w:?}")),
        None => Ok(()),
    }
}

fn automaton<S: AsRef<str>>(words: &[S]) -> Result<Option<AhoCorasick>, String> {
    if words.is_empty() {
        return Ok(None);
    }
    check_cue_words(words)?;
    // Contiguous NFAs build ten times faster than DFAs; they search headings and
    // neighbourhoods of a few dozen bytes, where a DFA gains nothing. Dense transition
    // tables only for the start state and the states after one byte: the default (three
    // bytes deep) gives every lead-and-second-byte state of the CJK words its own table,
    // hundreds of KB to fault in at every start for searches this short.
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .dense_depth(2)
        .prefilter(false)
        .build(words.iter().map(AsRef::as_ref))
        .map(Some)
        .map_err(|e| e.to_string())
}

impl Cues {
    fn new(any: &[String], none: &[String]) -> Result<Cues, String> {
        Ok(Cues {
            any: lazy_cues(any)?,
            none: lazy_cues(none)?,
            none_reach: none.iter().map(|w| w.len()).max().unwrap_or(0),
        })
    }

    fn is_empty(&self) -> bool {
        self.any.words.is_empty()
    }

    /// First match of a cue in `hay` (offset relative to `hay`) that is not covered by an
    /// exclusion phrase and, optionally, not inside 《…》.
    fn find(&self, hay: &str, skip_book_titles: bool) -> Option<Span> {
        let any = self.any.get()?;
        // One forward scan; exclusions are checked only around the cues found.
        any.find_iter(hay).map(|m| Span::new(m.start(), m.end())).find(|s| self.valid(hay, *s, skip_book_titles))
    }

    /// Is the cue match at `s` (offsets into `hay`) a real one?
    fn valid(&self, hay: &str, s: Span, skip_book_titles: bool) -> bool {
        !(self.excluded(hay, s) || (skip_book_titles && inside_book_title(hay, s)))
    }

    /// Does an exclusion phrase overlap the cue at `s` ("发现存在" over "存在的问题")? A
    /// passage cue is read in running text, where a passing phrase may share only part
    /// of it. Only the neighbourhood is searched.
    fn overlapped(&self, hay: &str, s: Span) -> bool {
        let Some(none) = self.none.get() else { return false };
        let lo = crate::span::floor_char_boundary(hay, s.start.saturating_sub(self.none_reach));
        let mut hi = (s.end + self.none_reach).min(hay.len());
        while !hay.is_char_boundary(hi) {
            hi += 1;
        }
        none.find_overlapping_iter(&hay[lo..hi]).any(|n| lo + n.start() < s.end && s.start < lo + n.end())
    }

    /// Is the cue at `s` part of an exclusion phrase? Only the neighbourhood is searched.
    fn excluded(&self, hay: &str, s: Span) -> bool {
        let Some(none) = self.none.get() else { return false };
        let lo = crate::span::floor_char_boundary(hay, s.start.saturating_sub(self.none_reach));
        let mut hi = (s.end + self.none_reach).min(hay.len());
        while !hay.is_char_boundary(hi) {
            hi += 1;
        }
        none.find_overlapping_iter(&hay[lo..hi]).any(|n| lo + n.start() <= s.start && s.end <= lo + n.end())
    }
}

/// How far around a match to look for 《 and 》: book titles are short, and a bounded
/// window keeps the check constant-time on very long lines.
const BOOK_TITLE_REACH: usize = 600;

/// Is `s` inside 《…》 on its line? (Only `BOOK_TITLE_REACH` bytes either side are read.)
pub(crate) fn inside_book_title(hay: &str, s: Span) -> bool {
    let lo = crate::span::floor_char_boundary(hay, s.start.saturating_sub(BOOK_TITLE_REACH));
    let before = &hay[lo..s.start];
    let before = before.rfind(['\n', '\r']).map(|p| &before[p + 1..]).unwrap_or(before);
    match (before.rfind('《'), before.rfind('》')) {
        (Some(o), Some(c)) if c > o => false,
        (Some(_), _) => {
            let hi = crate::span::floor_char_boundary(hay, (s.end + BOOK_TITLE_REACH).min(hay.len()));
            let after = &hay[s.end.min(hi)..hi];
            let after = after.find(['\n', '\r']).map(|p| &after[..p]).unwrap_or(after);
            after.contains('》')
        }
        _ => false,
    }
}

/// The cue words of every part in one automaton: one overlapping pass over a heading
/// tells which parts have a cue in it at all, so the exact per-part search (leftmost
/// match, exclusions) runs only for those. Most headings name one part or none.
#[derive(Debug, Default)]
struct CueIndex {
    ac: Option<AhoCorasick>,
    /// Per pattern: the part (index in [`Parts::parts`]).
    owner: Vec<usize>,
}

impl CueIndex {
    fn build<'a>(lists: impl Iterator<Item = (usize, &'a [String])>) -> CueIndex {
        let mut words: Vec<&str> = Vec::new();
        let mut owner = Vec::new();
        for (pi, list) in lists {
            for w in list {
                words.push(w);
                owner.push(pi);
            }
        }
        // The words were checked when each part's own automaton was built; should the
        // combined one fail all the same, every part stays a candidate (see `candidates`).
        let ac = automaton(&words).ok().flatten();
        CueIndex { ac, owner }
    }

    /// Bit `i` set when part `i` may have a cue in `hay`; parts from the 65th on are
    /// always candidates.
    fn candidates(&self, hay: &str) -> u64 {
        let Some(ac) = &self.ac else {
            // No cue words at all: no candidate. Words without an automaton: all of them.
            return if self.owner.is_empty() { 0 } else { u64::MAX };
        };
        let mut bits = 0u64;
        for m in ac.find_overlapping_iter(hay) {
            bits |= bit(self.owner[m.pattern().as_usize()]);
        }
        bits
    }
}

/// The candidate bit of part `i` (all parts from the 65th on share every bit).
fn bit(i: usize) -> u64 {
    if i < 64 {
        1 << i
    } else {
        u64::MAX
    }
}

/// A compiled part definition.
#[derive(Debug)]
pub struct Part {
    pub key: String,
    pub name: String,
    pub order: u32,
    heading: Cues,
    subheading: Cues,
    text: Cues,
    heading_next_year: bool,
    general: bool,
    fallback: Option<Fallback>,
    within: Option<String>,
    skip_book_titles: bool,
    /// Wording of work done, and the wording that keeps the part despite it.
    done: Cues,
    done_unless: Cues,
    late: bool,
    passage: Cues,
    passage_with: Cues,
    passage_next_year: bool,
    passage_list: bool,
    passage_closing: Cues,
    passage_reach: usize,
    standalone_under: Cues,
}

impl Part {
    /// Is a heading that names this part by a cue worded as work done instead
    /// ("推进年度普法计划实施" in the achievements is not the plan)?
    fn worded_done(&self, h: &str, next_year: Option<i32>) -> bool {
        !self.done.is_empty() && self.done.find(h, false).is_some() && !self.says_itself(h, next_year)
    }

    /// Does a heading carry this part's own wording (下一步, 明年, the next year's number)?
    fn says_itself(&self, h: &str, next_year: Option<i32>) -> bool {
        self.done_unless.find(h, false).is_some() || (self.heading_next_year && names_year(h, next_year))
    }

    /// A part recognised only by text cues, never by a heading (习近平法治思想).
    /// The text cue words (matched by the rule set's shared literal pass).
    pub fn text_cue_words(&self) -> &[String] {
        &self.text.any.words
    }

    pub fn text_only(&self) -> bool {
        self.heading.is_empty() && self.subheading.is_empty() && self.fallback.is_none() && !self.heading_next_year
    }

    /// Does a paragraph sentence starting at `at` (offsets into `norm`, its words up to
    /// `head_end`, the sentence to `end`) state this part? The cue's span, if so.
    fn passage_at(&self, norm: &str, at: usize, head_end: usize, end: usize, next_year: Option<i32>) -> Option<Span> {
        let head = &norm[at..head_end];
        let reach = head.char_indices().nth(self.passage_reach).map_or(head.len(), |(p, _)| p);
        let by_cue = self.passage.any.get().and_then(|ac| {
            ac.find_iter(head)
                .filter(|m| m.start() <= reach)
                .map(|m| Span::new(at + m.start(), at + m.end()))
                // A part that comes last (the plan): work done before the cue ("制定年度法治
                // 工作计划") is not the part.
                .filter(|sp| !self.late || self.done.is_empty() || self.done.find(&norm[at..sp.start], false).is_none())
                .find(|sp| !self.passage.overlapped(norm, *sp) && self.passage.valid(norm, *sp, self.skip_book_titles))
        });
        let found = by_cue.or_else(|| {
            // "2024年，我们将……": the sentence opens with the next year.
            let ny = next_year?;
            (self.passage_next_year && years_in(head).first().is_some_and(|&(p, y)| p == 0 && y == ny))
                .then(|| Span::new(at, at + head.find('年').map_or(0, |p| p + '年'.len_utf8())))
        })?;
        let sentence = &norm[at..end];
        (self.passage_with.is_empty() || self.passage_with.find(sentence, false).is_some()).then_some(found)
    }
}

/// Fewest measures (clauses) a sentence lists to state a part that must list its points.
const PASSAGE_MIN_MEASURES: usize = 3;

impl Part {
    /// How many measures a sentence's rest lists: its clauses (between commas, semicolons
    /// and 、) of four characters or more that are no closing flourish.
    fn measures(&self, rest: &str) -> usize {
        rest.split(['，', ',', '；', ';', '、', '。'])
            .filter(|c| c.chars().count() >= 4 && self.passage_closing.find(c, false).is_none())
            .count()
    }
}

/// Does a heading name the year `y` (in Arabic or Chinese numerals: 2024年, 二〇二四年)?
fn names_year(h: &str, y: Option<i32>) -> bool {
    y.is_some_and(|y| years_in(h).iter().any(|&(_, v)| v == y))
}

/// Heading text as cues read it: white space inside a heading ("一、 主要 工作 成效")
/// removed. Borrowed when there is none (the usual case).
fn cue_text(h: &str) -> std::borrow::Cow<'_, str> {
    if h.chars().any(is_white) {
        std::borrow::Cow::Owned(h.chars().filter(|c| !is_white(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(h)
    }
}

fn is_white(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}'
}

/// The byte offset in `h` of the `n`-th byte of `cue_text(h)` (white space skipped).
fn offset_in_original(h: &str, n: usize) -> usize {
    let mut seen = 0;
    for (i, c) in h.char_indices() {
        if is_white(c) {
            continue;
        }
        if seen >= n {
            return i;
        }
        seen += c.len_utf8();
    }
    h.len()
}

/// All part definitions, in evaluation order (parts that look `within` another last).
#[derive(Debug)]
pub struct Parts {
    pub parts: Vec<Part>,
    headings: CueIndex,
    subheadings: CueIndex,
    /// The parts as the outputs list them (see [`Parts::reported`]).
    reported: Arc<[PartInfo]>,
}

impl Default for Parts {
    /// No definitions: the contract's six are still reported (always missing).
    fn default() -> Parts {
        Parts {
            parts: Vec::new(),
            headings: CueIndex::default(),
            subheadings: CueIndex::default(),
            reported: reported(&BTreeMap::new()),
        }
    }
}

impl Parts {
    /// Compile raw definitions. Errors name the part.
    pub fn compile(raw: &BTreeMap<String, (RawPart, usize)>) -> Result<Parts, (String, String)> {
        let mut parts = Vec::new();
        for (key, (p, _)) in raw {
            let e = |m: String| (key.clone(), m);
            if let Some(w) = &p.within {
                if !raw.contains_key(w) {
                    return Err(e(format!("within 指向未定义的部分 “{w}”")));
                }
                if w == key {
                    return Err(e("within 不能指向自身".into()));
                }
            }
            parts.push(Part {
                key: key.clone(),
                name: p.name.clone(),
                order: p.order,
                heading: Cues::new(&p.heading_any, &p.heading_none).map_err(e)?,
                subheading: Cues::new(&p.subheading_any, &p.heading_none).map_err(e)?,
                text: Cues::new(&p.text_any, &p.text_none).map_err(e)?,
                heading_next_year: p.heading_next_year,
                general: p.general,
                fallback: p.fallback,
                within: p.within.clone(),
                skip_book_titles: p.skip_book_titles,
                done: Cues::new(&p.done_any, &[]).map_err(e)?,
                done_unless: Cues::new(&p.done_unless_any, &[]).map_err(e)?,
                late: p.late,
                passage: Cues::new(&p.passage_any, &p.passage_none).map_err(e)?,
                passage_with: Cues::new(&p.passage_with_any, &[]).map_err(e)?,
                passage_next_year: p.passage_next_year,
                passage_list: p.passage_list,
                passage_closing: Cues::new(&p.passage_closing_any, &[]).map_err(e)?,
                passage_reach: p.passage_reach.unwrap_or(PASSAGE_HEAD_CHARS),
                standalone_under: Cues::new(&p.standalone_under_any, &[]).map_err(e)?,
            });
        }
        // Parts that depend on another come after it.
        parts.sort_by_key(|p| (p.within.is_some(), p.order));
        let headings = CueIndex::build(parts.iter().enumerate().map(|(i, p)| (i, &p.heading.any.words[..])));
        let subheadings = CueIndex::build(parts.iter().enumerate().map(|(i, p)| (i, &p.subheading.any.words[..])));
        Ok(Parts { parts, headings, subheadings, reported: reported(raw) })
    }

    /// The parts as the outputs list them: the contract's six ([`ELEMENT_KEYS`]) first,
    /// then the others by `order`, with the names each output uses.
    pub fn reported(&self) -> &[PartInfo] {
        &self.reported
    }

    pub fn get(&self, key: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.key == key)
    }

    /// Where the heading cues of `h` (normalised text) end, or `None` when `h` names no
    /// part: the end of the first cue, extended over cues that follow it within eight
    /// characters ("短板" + "和" + "不足", "主要负责人履行" + "推进法治建设" + "第一责任人"). The parser's test for
    /// unmarked headings ("问题与不足") and for where an inline heading's wording ends.
    pub fn heading_cue_end(&self, h: &str) -> Option<usize> {
        let squashed = cue_text(h);
        if let std::borrow::Cow::Owned(sq) = &squashed {
            return self.heading_cue_end(sq).map(|e| offset_in_original(h, e));
        }
        let ac = self.headings.ac.as_ref()?;
        let mut found: Vec<(usize, usize)> = ac
            .find_overlapping_iter(h)
            .filter(|m| {
                let pi = self.headings.owner[m.pattern().as_usize()];
                self.parts.get(pi).is_some_and(|p| p.heading.valid(h, Span::new(m.start(), m.end()), false))
            })
            .map(|m| (m.start(), m.end()))
            .collect();
        found.sort_unstable();
        let (_, mut end) = *found.first()?;
        for &(s, e) in &found[1..] {
            if s > end && h[end..s].chars().count() > 8 {
                break;
            }
            end = end.max(e);
        }
        Some(end)
    }

    /// Every cue word of every part (heading, subheading, text and passage cues, and the
    /// words of a level-1 heading a part stands on its own under), each once: the
    /// vocabulary an OCR reading's garbled headings and cues are restored to (input::ocr).
    pub fn cue_words(&self) -> Vec<String> {
        let mut words: Vec<String> = self
            .parts
            .iter()
            .flat_map(|p| {
                p.heading
                    .any
                    .words
                    .iter()
                    .chain(&p.subheading.any.words)
                    .chain(&p.text.any.words)
                    .chain(&p.passage.any.words)
                    .chain(&p.standalone_under.any.words)
            })
            .cloned()
            .collect();
        words.sort();
        words.dedup();
        words
    }

    /// Parts in the regulation's order.
    pub fn in_order(&self) -> Vec<&Part> {
        let mut v: Vec<&Part> = self.parts.iter().collect();
        v.sort_by_key(|p| p.order);
        v
    }
}

/// How a part was found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Element {
    pub present: bool,
    /// A level-1 part of its own (false when only embedded in another part).
    pub standalone: bool,
    /// Where it was found: the heading, or the embedded passage.
    pub span: Option<Span>,
    /// The heading text, when found by a heading.
    pub heading: Option<String>,
    /// The sections that make up the part (level-1 or deeper).
    pub sections: Vec<Span>,
}

/// Every part's element, by key, and the parts as the outputs list them.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Elements {
    pub map: BTreeMap<String, Element>,
    /// The rule set's [`Parts::reported`] (shared, not copied per report).
    #[serde(skip)]
    reported: Arc<[PartInfo]>,
}

impl Elements {
    /// The parts as the outputs list them, each with its element (None: not looked for).
    pub fn reported(&self) -> impl Iterator<Item = (&PartInfo, Option<&Element>)> {
        self.reported.iter().map(|p| (p, self.map.get(&p.key)))
    }
    /// The parts as the outputs list them.
    pub fn parts(&self) -> &[PartInfo] {
        &self.reported
    }
    pub fn get(&self, key: &str) -> Option<&Element> {
        self.map.get(key)
    }
    pub fn present(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|e| e.present)
    }
}

/// Find every part in a parsed report. `text` is the decoded text, `norm` the same text
/// with traditional characters folded (same offsets); cues are matched on `norm`.
/// `text_hits`, when given, holds each part's text-cue matches in `norm` (by position in
/// [`Parts::parts`], from the rule set's shared literal pass); parts without an entry
/// are searched here.
///
/// A part is found, in this order: by a level-1 heading of its own (standalone); by a
/// level-2 heading inside another part (embedded; standalone under 其他事项); as the
/// first unclaimed part of a topic-organised report (`fallback`); by a paragraph sentence
/// that states it (`passage_any`: embedded); by a text cue (`text_any`: embedded).
pub fn analyze(
    report: &Report,
    text: &str,
    norm: &str,
    parts: &Parts,
    text_hits: &[Option<&[(usize, Span)]>],
) -> Elements {
    // The top-level parts: level-1 sections, or the outermost level a report uses when it
    // has no 一、 headings (some number their parts 1. 2. 3.). Sub-parts are their children.
    let l1: Vec<&Section> = report.top_level().collect();
    // Each deeper section with the index of its level-1 part.
    let deeper: Vec<(usize, &Section)> =
        l1.iter().enumerate().flat_map(|(i, s)| s.children.iter().map(move |c| (i, c))).collect();
    let next_year = report.year.map(|y| y + 1);
    let l1_heads: Vec<std::borrow::Cow<'_, str>> = l1.iter().map(|s| cue_text(s.heading.slice(norm))).collect();

    // Which parts each level-1 heading names.
    let mut claims: Vec<Vec<usize>> = vec![Vec::new(); l1.len()];
    for (si, h) in l1_heads.iter().enumerate() {
        let h = h.as_ref();
        let cands = parts.headings.candidates(h);
        for (pi, p) in parts.parts.iter().enumerate() {
            if p.general {
                continue;
            }
            let by_cue = cands & bit(pi) != 0 && p.heading.find(h, false).is_some() && !p.worded_done(h, next_year);
            let by_year = p.heading_next_year && names_year(h, next_year);
            if by_cue || by_year {
                claims[si].push(pi);
            }
        }
        if claims[si].is_empty() {
            for (pi, p) in parts.parts.iter().enumerate() {
                if p.general && cands & bit(pi) != 0 && p.heading.find(h, false).is_some() {
                    claims[si].push(pi);
                }
            }
        }
    }

    // Which parts may have a subheading cue in each deeper heading (computed when needed).
    let mut deeper_cands: Option<Vec<(std::borrow::Cow<'_, str>, u64)>> = None;
    // Paragraph sentences (computed when a part has passage cues).
    let mut sentences: Option<Vec<Sentence>> = None;
    let mut out = Elements { map: BTreeMap::new(), reported: parts.reported.clone() };
    for (pi, p) in parts.parts.iter().enumerate() {
        let mut el = Element::default();
        // 1. A level-1 heading of its own.
        for (si, s) in l1.iter().enumerate() {
            if claims[si].contains(&pi) {
                if !el.present {
                    el.present = true;
                    el.standalone = true;
                    el.span = Some(s.heading);
                    el.heading = Some(s.heading.slice(text).to_string());
                }
                el.sections.push(s.span);
            }
        }
        // 2. A level-2 heading inside another part.
        if !el.present && !p.subheading.is_empty() {
            let cands = deeper_cands.get_or_insert_with(|| {
                deeper
                    .iter()
                    .map(|(_, s)| {
                        let h = cue_text(s.heading.slice(norm));
                        let c = parts.subheadings.candidates(&h);
                        (h, c)
                    })
                    .collect()
            });
            let found = deeper.iter().zip(cands.iter()).find(|((li, _), (h, c))| {
                let in_last = li + 1 == l1.len();
                c & bit(pi) != 0
                    && p.subheading.find(h, false).is_some()
                    && !p.worded_done(h, next_year)
                    // Position: a part that comes last, named inside an earlier part, must say so.
                    && (!p.late || in_last || p.says_itself(h, next_year))
            });
            if let Some(((li, s), _)) = found {
                el.present = true;
                // Under 其他事项: the part in the place the regulation gives other matters.
                el.standalone = p.standalone_under.find(&l1_heads[*li], false).is_some();
                el.span = Some(s.heading);
                el.heading = Some(s.heading.slice(text).to_string());
                el.sections.push(s.span);
            }
        }
        // 3. Topic-organised reports: the first substantive level-1 part nobody claims.
        if !el.present && p.fallback == Some(Fallback::FirstUnclaimed) {
            if let Some((_, s)) = l1
                .iter()
                .enumerate()
                .find(|(si, s)| claims[*si].is_empty() && (!s.paragraphs.is_empty() || !s.children.is_empty()))
            {
                el.present = true;
                el.standalone = true;
                el.span = Some(s.heading);
                el.heading = Some(s.heading.slice(text).to_string());
                el.sections.push(s.span);
            }
        }
        // 4. A paragraph sentence stating the part ("同时也应看到，我局工作仍有差距：一是……").
        if !el.present && !p.passage.is_empty() {
            let all = sentences.get_or_insert_with(|| paragraph_sentences(report, norm));
            // A part that comes last is stated in the last level-1 part (or after every part).
            let from = match (p.late, l1.last()) {
                (true, Some(last)) => last.span.start,
                _ => 0,
            };
            let found = all.iter().filter(|st| st.at >= from).find_map(|st| {
                let cue = p.passage_at(norm, st.at, st.head_end, st.end, next_year)?;
                (!p.passage_list || st.lists || p.measures(&norm[cue.end..st.end]) >= PASSAGE_MIN_MEASURES)
                    .then_some((st, cue))
            });
            if let Some((st, cue)) = found {
                el.present = true;
                el.span = Some(Span::new(st.at, st.head_end.max(cue.end)));
                el.sections.push(Span::new(st.at, st.passage_end));
            }
        }
        // 5. Embedded in the text (of the whole body, or of another part).
        if !p.text.is_empty() && !el.present {
            let scopes: Vec<Span> = match &p.within {
                Some(w) => out.map.get(w).map(|e| e.sections.clone()).unwrap_or_default(),
                None => vec![report.body],
            };
            let shared = text_hits.get(pi).copied().flatten();
            let in_table = |s: Span| report.tables.iter().any(|t| t.contains(s));
            for sc in scopes {
                let found = match shared {
                    // Matches in the whole text, in order of their end: the first inside the scope.
                    Some(hits) => hits
                        .iter()
                        .map(|(_, s)| *s)
                        .find(|s| sc.contains(*s) && !in_table(*s) && p.text.valid(norm, *s, p.skip_book_titles)),
                    None => {
                        let mut from = 0;
                        let hay = sc.slice(norm);
                        let mut hit = None;
                        while let Some(m) = p.text.find(&hay[from..], p.skip_book_titles) {
                            let at = Span::new(sc.start + from + m.start, sc.start + from + m.end);
                            if !in_table(at) {
                                hit = Some(at);
                                break;
                            }
                            from += m.end;
                        }
                        hit
                    }
                };
                if let Some(m) = found {
                    el.present = true;
                    el.span = Some(m);
                    break;
                }
            }
        }
        out.map.insert(p.key.clone(), el);
    }
    out
}

/// A sentence of a paragraph, as passage cues read it.
struct Sentence {
    /// Where it starts (a byte offset into the text).
    at: usize,
    /// Where its opening words end: the first colon or sentence end, at most
    /// [`PASSAGE_HEAD_CHARS`] characters in.
    head_end: usize,
    /// Where the sentence ends.
    end: usize,
    /// Where the passage it opens ends: the next heading, or the end of the body.
    passage_end: usize,
    /// Does it list its points (一是……, a colon, 以下) in its own paragraph?
    lists: bool,
}

/// How far into a sentence its opening words reach, in characters.
const PASSAGE_HEAD_CHARS: usize = 48;

/// Every sentence of every paragraph (preamble and sections), in text order.
fn paragraph_sentences(report: &Report, norm: &str) -> Vec<Sentence> {
    let paragraphs = report.paragraphs();
    // The heading starts, sorted: a passage runs to the next one.
    let mut heads: Vec<usize> = report.all_sections().iter().map(|s| s.span.start).collect();
    heads.sort_unstable();
    let mut out = Vec::new();
    for p in &paragraphs {
        let s = p.span.slice(norm);
        let passage_end = heads.iter().find(|&&h| h > p.span.start).copied().unwrap_or(report.body.end);
        let lists = !p.items.is_empty() || s.contains("以下");
        let mut start = 0;
        while start < s.len() {
            let rest = &s[start..];
            let end = rest
                .find(['。', '！', '？', '；', '!', '?', ';'])
                .map_or(rest.len(), |e| e + rest[e..].chars().next().map_or(0, char::len_utf8));
            let mut head_end = rest[..end].find(['：', ':', '。', '！', '？', '；']).unwrap_or(end);
            if let Some((cap, _)) = rest[..head_end].char_indices().nth(PASSAGE_HEAD_CHARS) {
                head_end = cap;
            }
            let colon = rest[..end].contains(['：', ':']);
            out.push(Sentence {
                at: p.span.start + start,
                head_end: p.span.start + start + head_end,
                end: p.span.start + start + end,
                passage_end: passage_end.max(p.span.end),
                lists: lists || colon,
            });
            start += end;
            // Leading white space of the next sentence.
            start += s[start..].len() - s[start..].trim_start().len();
        }
    }
    out
}
