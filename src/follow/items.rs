//! Items: the shortcomings, causes, plan and achievements parts cut into the matters they
//! list — the （一）… sub-headings (a sub-heading that only names what follows, such as
//! "（二）原因分析", is opened), the 一是…二是… runs, the 1. lists (sections to the
//! parser), else the sentences, without their lead-ins ("存在以下不足：").
//!
//! Besides the items, the *results*: every sentence of the report outside the
//! shortcomings, causes and plan, where the next report's achievements are looked for.

use super::model::{Lexed, Model, Terms};
use crate::parse::{Paragraph, Report, Section};
use crate::parts::Elements;
use crate::span::Span;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Problem,
    Cause,
    Plan,
    Achievement,
}

impl ItemKind {
    /// The required part the items belong to (its key in the JSON contract).
    pub fn part_key(self) -> &'static str {
        match self {
            ItemKind::Problem => "problems",
            ItemKind::Cause => "problem_causes",
            ItemKind::Plan => "next_year_plan",
            ItemKind::Achievement => "achievements",
        }
    }

    pub fn of_part(key: &str) -> Option<ItemKind> {
        [ItemKind::Problem, ItemKind::Cause, ItemKind::Plan, ItemKind::Achievement]
            .into_iter()
            .find(|k| k.part_key() == key)
    }

    /// Section-word class of [`Model::section_kind`].
    fn of_section(k: usize) -> ItemKind {
        match k {
            0 => ItemKind::Problem,
            1 => ItemKind::Cause,
            _ => ItemKind::Plan,
        }
    }
}

/// An item's place and kind.
#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: ItemKind,
    pub span: Span,
    /// The item's own sub-heading ("（一）执法队伍专业化水平不高"), when it has one: it
    /// names the matter the paragraph under it explains.
    pub head: Option<Span>,
    /// Its key terms, when cutting the part already needed them (a sentence item).
    pub terms: Option<Terms>,
}

/// Longest heading (characters) read as a sub-heading that only names what follows.
const SECTION_HEADING_CHARS: usize = 16;
/// Longest heading of a topic group whose 一是…二是… runs are the items.
const GROUP_HEADING_CHARS: usize = 12;
/// Longest lead-in before a colon that is dropped ("对照要求，还存在以下不足：").
const LEAD_IN_CHARS: usize = 40;

struct Cut<'a> {
    text: &'a str,
    norm: &'a str,
    model: &'a Model,
    /// The lexicon hits of `norm`.
    lexed: &'a Lexed,
    /// Sections that are a part of their own (not to be entered from another part).
    own: Vec<Span>,
    out: Vec<Unit>,
}

/// The items of the four parts, in document order, and the result sentences.
pub fn extract(
    report: &Report,
    text: &str,
    norm: &str,
    elements: &Elements,
    model: &Model,
    lexed: &Lexed,
) -> (Vec<Unit>, Vec<Span>) {
    let sections = report.all_sections();
    let scopes: Vec<(ItemKind, Vec<Span>, Option<Span>)> =
        [ItemKind::Problem, ItemKind::Cause, ItemKind::Plan, ItemKind::Achievement]
            .into_iter()
            .filter_map(|k| {
                let el = elements.get(k.part_key()).filter(|e| e.present)?;
                Some((k, el.sections.clone(), el.span))
            })
            .collect();
    let own: Vec<Span> = scopes.iter().flat_map(|(_, s, _)| s.iter().copied()).collect();
    let mut cut = Cut { text, norm, model, lexed, own, out: Vec::new() };
    let mut done: Vec<Span> = Vec::new();
    for (kind, spans, cue) in &scopes {
        if spans.is_empty() {
            // Embedded in a paragraph: the items after the cue, to the paragraph's end.
            if let (Some(cue), ItemKind::Problem | ItemKind::Plan) = (cue, kind) {
                if !done.iter().any(|d| d.contains(*cue)) {
                    cut.embedded(report, *cue, *kind);
                }
            }
            continue;
        }
        for sp in spans {
            if done.contains(sp) {
                continue;
            }
            done.push(*sp);
            if let Some(sec) = sections.iter().find(|s| s.span == *sp) {
                cut.section(sec, *kind);
            }
        }
    }
    let mut units = cut.out;
    units.sort_by_key(|u| (u.span.start, u.span.end));
    units.dedup_by_key(|u| u.span);
    // Results: sentences outside the shortcomings, causes and plan.
    let closed: Vec<Span> = units.iter().filter(|u| u.kind != ItemKind::Achievement).map(|u| u.span).collect();
    let closed_scopes: Vec<Span> =
        scopes.iter().filter(|(k, _, _)| *k != ItemKind::Achievement).flat_map(|(_, s, _)| s.iter().copied()).collect();
    let mut results = Vec::new();
    for p in report.paragraphs_of(&sections) {
        if closed_scopes.iter().any(|s| s.contains(p.span)) {
            continue;
        }
        for s in sentences(text, p.span) {
            if !closed.iter().any(|c| c.start < s.end && s.start < c.end) {
                results.push(s);
            }
        }
    }
    (units, results)
}

impl Cut<'_> {
    /// An item the structure marks (a sub-heading, 一是, 1.).
    fn push(&mut self, kind: ItemKind, span: Span) {
        self.push_headed(kind, span, None);
    }

    /// An item under a sub-heading of its own.
    fn push_headed(&mut self, kind: ItemKind, span: Span, head: Option<Span>) {
        self.push_with(kind, span, head, None);
    }

    /// An item, with the key terms of `span` when they are known.
    fn push_with(&mut self, kind: ItemKind, span: Span, head: Option<Span>, terms: Option<Terms>) {
        let trimmed = trim(self.text, span);
        if !trimmed.is_empty() {
            self.out.push(Unit {
                kind,
                span: trimmed,
                head: head.filter(|h| !h.is_empty() && trimmed.contains(*h) && *h != trimmed),
                // Terms are of the passage as cut: kept only when trimming left it whole.
                terms: terms.filter(|_| trimmed == span),
            });
        }
    }

    /// A sentence as an item, unless it names no matter and no area ("下一步，我们将重点
    /// 做好以下工作").
    fn push_sentence(&mut self, kind: ItemKind, span: Span) {
        let t = self.model.terms_in(self.norm, self.lexed, span.start..span.end);
        if !self.model.vague(&t) || !t.topics.is_empty() && self.model.substance(&t) > 0.0 {
            self.push_with(kind, span, None, Some(t));
        }
    }

    fn section(&mut self, sec: &Section, kind: ItemKind) {
        self.paragraphs(&sec.paragraphs, kind);
        for child in &sec.children {
            if self.own.contains(&child.span) {
                continue;
            }
            let h = child.heading.slice(self.norm);
            let short = h.chars().count();
            if let (Some(k), true) = (self.model.section_kind(h), short <= SECTION_HEADING_CHARS) {
                if kind != ItemKind::Achievement {
                    self.section(child, ItemKind::of_section(k));
                    continue;
                }
            }
            if !child.children.is_empty() {
                self.section(child, kind);
            } else if !child.run_in
                && short <= GROUP_HEADING_CHARS
                && child.paragraphs.iter().map(|p| p.items.len()).sum::<usize>() >= 2
            {
                self.paragraphs(&child.paragraphs, kind);
            } else {
                // A paragraph opening the causes or the plan ("原因分析：…") ends the item.
                let turn = child.paragraphs.iter().position(|p| {
                    kind != ItemKind::Achievement && self.model.opening_kind(p.span.slice(self.norm)).is_some()
                });
                match turn {
                    Some(k) if k > 0 || !child.run_in => {
                        let end = if k == 0 { child.heading.end } else { child.paragraphs[k - 1].span.end };
                        self.push_headed(kind, Span::new(child.span.start, end), Some(child.heading));
                        self.paragraphs(&child.paragraphs[k..], kind);
                    }
                    _ => self.push_headed(kind, child.span, Some(child.heading)),
                }
            }
        }
    }

    fn paragraphs(&mut self, paras: &[Paragraph], mut kind: ItemKind) {
        for p in paras {
            match (kind, self.model.opening_kind(p.span.slice(self.norm))) {
                (ItemKind::Problem, Some(1)) => kind = ItemKind::Cause,
                (ItemKind::Problem | ItemKind::Cause, Some(2)) => kind = ItemKind::Plan,
                _ => {}
            }
            if p.items.len() >= 2 {
                for it in &p.items {
                    // "二是……。究其原因，……": the causes (or the plan) start inside the last item.
                    let turn = sentences(self.text, *it).into_iter().skip(1).find(|s| {
                        kind != ItemKind::Achievement && self.model.opening_kind(s.slice(self.norm)).is_some()
                    });
                    match turn {
                        Some(s) => {
                            self.push(kind, Span::new(it.start, s.start));
                            for rest in sentences(self.text, Span::new(s.start, it.end)) {
                                match (kind, self.model.opening_kind(rest.slice(self.norm))) {
                                    (ItemKind::Problem, Some(1)) => kind = ItemKind::Cause,
                                    (ItemKind::Problem | ItemKind::Cause, Some(2)) => kind = ItemKind::Plan,
                                    _ => {}
                                }
                                self.push_sentence(kind, rest);
                            }
                        }
                        None => self.push(kind, *it),
                    }
                }
                continue;
            }
            for s in sentences(self.text, p.span) {
                let s = self.drop_lead_in(s);
                if kind == ItemKind::Problem && self.model.opening_kind(s.slice(self.norm)) == Some(1) {
                    kind = ItemKind::Cause;
                }
                self.push_sentence(kind, s);
            }
        }
    }

    /// The passage after a short lead-in ending in a colon.
    fn drop_lead_in(&self, s: Span) -> Span {
        let t = s.slice(self.text);
        match t.rfind(['：', ':']) {
            Some(p) if t[..p].chars().count() <= LEAD_IN_CHARS => {
                let colon = t[p..].chars().next().map_or(1, char::len_utf8);
                Span::new(s.start + p + colon, s.end)
            }
            _ => s,
        }
    }

    /// A part embedded in a paragraph at `cue`: the paragraph's 一是 items after the cue,
    /// else its sentences from the cue on.
    fn embedded(&mut self, report: &Report, cue: Span, kind: ItemKind) {
        let Some(p) = report.paragraphs().into_iter().find(|p| p.span.contains(cue)) else { return };
        let items: Vec<Span> = p.items.iter().copied().filter(|i| i.start >= cue.start).collect();
        if items.len() >= 2 {
            for it in items {
                self.push(kind, it);
            }
            return;
        }
        for s in sentences(self.text, Span::new(cue.start, p.span.end)) {
            let s = self.drop_lead_in(s);
            self.push_sentence(kind, s);
        }
    }
}

/// The sentences of a passage: up to and including 。；！？ (or a line break).
pub fn sentences(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let s = span.slice(text);
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if matches!(c, '。' | '；' | '！' | '？' | ';' | '!' | '?' | '\n') {
            let end = i + c.len_utf8();
            let sp = trim(text, Span::new(span.start + start, span.start + end));
            if !sp.is_empty() {
                out.push(sp);
            }
            start = end;
        }
    }
    let sp = trim(text, Span::new(span.start + start, span.end));
    if !sp.is_empty() {
        out.push(sp);
    }
    out
}

/// Without white space at either end.
fn trim(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    Span::new(span.start + lead, span.start + lead + t.len())
}
