//! Follow-through (整改闭环): does the plan answer the shortcomings, is a shortcoming
//! written again the next year, does the next report show last year's plan carried out?
//!
//! [`analyze`] cuts a checked report's shortcomings, causes, plan and achievements into
//! items ([`items`]), gives each its key terms and areas ([`model`]: character pairs
//! without the boilerplate, the concepts and areas of the topic table in
//! `rules/follow.yaml`) and links each shortcoming to the plan items that answer it
//! ([`link`]). [`Snapshot`] is what the audit keeps of a report to compare it with the
//! same unit's report of the next year: [`repeats`] (shortcomings written again) and
//! [`fates`] (last year's plan items and the sentence of this year's report, if any,
//! that reports on each).
//!
//! Character pairs, not words: the same judgement in `check`, the audit and the web
//! page (which has no word segmentation), no dictionary to load on the check path, and
//! wording that differs in one character (持证上岗率 / 持证率) still shares most pairs.
//! The everyday words among the pairs weigh little (`crate::common_words`, from jieba's
//! IDF table), and what every passage of a report says weighs nothing.

pub mod items;
pub mod link;
pub mod model;

pub use items::{ItemKind, Unit};
pub use model::{Lexed, Model, RawFollow, Thresholds};

use crate::parse::Report;
use crate::parts::Elements;
use crate::span::{LineIndex, Span};
use link::{Scored, Weights};
use model::Terms;
use serde::{Deserialize, Serialize};

/// Most shared terms shown for a link, and key terms for an item.
pub const MAX_TERMS: usize = 6;

/// One item of a part.
#[derive(Clone, Debug)]
pub struct Item {
    pub kind: ItemKind,
    pub span: Span,
    /// Its key terms as written (concepts first), for display.
    pub terms: Vec<String>,
    /// The areas it names, most named first.
    pub topics: Vec<String>,
    /// It names no matter of its own, only (at most) an area: linked by its area alone;
    /// without an area it cannot be judged.
    pub vague: bool,
}

/// A shortcoming answered by a plan item (indices into [`Follow::items`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub problem: usize,
    pub plan: usize,
    /// Share of the smaller item's key-term weight the two share.
    pub score: f64,
    pub shared: Vec<String>,
}

/// The follow-through analysis of one report.
#[derive(Clone, Debug, Default)]
pub struct Follow {
    /// Items of the shortcomings, causes, plan and achievements, in document order.
    pub items: Vec<Item>,
    /// The sentences outside the shortcomings, causes and plan.
    pub results: Vec<Span>,
    /// Every shortcoming → plan item link, by shortcoming, best first.
    pub measures: Vec<Measure>,
}

impl Follow {
    /// The items of one kind with their indices.
    pub fn of_kind(&self, kind: ItemKind) -> impl Iterator<Item = (usize, &Item)> {
        self.items.iter().enumerate().filter(move |(_, it)| it.kind == kind)
    }

    /// The plan items answering shortcoming `i`.
    pub fn measures_of(&self, i: usize) -> impl Iterator<Item = &Measure> {
        self.measures.iter().filter(move |m| m.problem == i)
    }

    /// Does the report have plan items at all (else no shortcoming can lack a measure)?
    pub fn has_plan(&self) -> bool {
        self.items.iter().any(|it| it.kind == ItemKind::Plan)
    }

    /// What the audit keeps of the report: the shortcoming, cause and plan items and the
    /// results, each with its place and text, and the within-report links.
    pub fn snapshot(&self, text: &str, lines: &LineIndex) -> Snapshot {
        let snap = |kind: ItemKind, sp: Span| {
            let a = lines.position(text, sp.start);
            let b = lines.position(text, sp.end);
            SnapItem {
                kind,
                line: a.line,
                column: a.column,
                end_line: b.line,
                end_column: b.column,
                text: sp.slice(text).to_string(),
            }
        };
        let mut index = vec![usize::MAX; self.items.len()];
        let mut items = Vec::new();
        for (i, it) in self.items.iter().enumerate() {
            if it.kind != ItemKind::Achievement {
                index[i] = items.len();
                items.push(snap(it.kind, it.span));
            }
        }
        Snapshot {
            items,
            results: self.results.iter().map(|r| snap(ItemKind::Achievement, *r)).collect(),
            measures: self.measures.iter().map(|m| (index[m.problem], index[m.plan], m.shared.clone())).collect(),
        }
    }
}

/// Analyse a report whose parts are known. `norm` is `text` with traditional characters
/// folded (same offsets).
pub fn analyze(report: &Report, text: &str, norm: &str, elements: &Elements, model: &Model) -> Follow {
    let lx = model.lex(norm);
    let terms_of = |sp: Span| model.terms_in(norm, &lx, sp.start..sp.end);
    let (mut units, results) = items::extract(report, text, norm, elements, model, &lx);
    let terms: Vec<Terms> = units.iter_mut().map(|u| u.terms.take().unwrap_or_else(|| terms_of(u.span))).collect();
    // Passages for the weights: the items but the achievements, and the result sentences
    // (an achievement item's sentence among them). A result sentence that is an item has
    // that item's terms; the others only count, without terms of their own.
    // About a pair and a character per CJK character (three bytes), most of them repeated;
    // a long text's map grows as it needs (a text of Latin letters has no features at all).
    let mut df = link::Df::with_capacity((norm.len() / 3).min(1 << 15));
    for (u, t) in units.iter().zip(&terms) {
        if u.kind != ItemKind::Achievement {
            df.add(t);
        }
    }
    let mut k = 0;
    for r in &results {
        while k < units.len() && (units[k].span.start, units[k].span.end) < (r.start, r.end) {
            k += 1;
        }
        match units.get(k) {
            Some(u) if u.span == *r => df.add(&terms[k]),
            _ => df.add_stream(|emit| model.feats_in(norm, &lx, r.start..r.end, &mut |f| emit(f))),
        }
    }
    let w = Weights::of_df(model, df);
    let scored: Vec<Scored> = units
        .iter()
        .zip(&terms)
        .map(|(u, t)| Scored { text: u.span.slice(norm), terms: t, total: w.total(t) })
        .collect();
    // The sub-headings of items that have one ("（一）执法队伍专业化水平不高。……").
    let head_terms: Vec<Option<Terms>> = units.iter().map(|u| u.head.map(terms_of)).collect();
    let heads: Vec<Option<Scored>> = units
        .iter()
        .zip(&head_terms)
        .map(|(u, t)| {
            let (h, t) = (u.head?, t.as_ref()?);
            Some(Scored { text: h.slice(norm), terms: t, total: w.total(t) })
        })
        .collect();
    let mut measures = Vec::new();
    for (i, p) in scored.iter().enumerate().filter(|(i, _)| units[*i].kind == ItemKind::Problem) {
        let mut found: Vec<Measure> = Vec::new();
        for (j, m) in scored.iter().enumerate().filter(|(j, _)| units[*j].kind == ItemKind::Plan) {
            // The items, else their sub-headings (the matter each names, without the detail).
            let pairs = std::iter::once((p, m)).chain(heads[i].as_ref().zip(heads[j].as_ref()));
            if let Some(found_one) = pairs.into_iter().find_map(|(p, m)| measure_link(model, &w, p, m)) {
                found.push(Measure { problem: i, plan: j, score: found_one.0, shared: found_one.1 });
            }
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.plan.cmp(&b.plan)));
        measures.extend(found);
    }
    let items = units
        .iter()
        .zip(scored.iter())
        .map(|(u, s)| Item {
            kind: u.kind,
            span: u.span,
            terms: link::key_terms(&w, s.text, s.terms, MAX_TERMS),
            topics: s.terms.topics.iter().map(|t| model.topics[*t as usize].clone()).collect(),
            vague: model.vague(s.terms),
        })
        .collect();
    Follow { items, results, measures }
}

/// Does plan item `m` answer shortcoming `p`? Its score and the shared terms: the share
/// of key-term weight the two share, or, for a shortcoming naming only its area, a plan
/// item of that area (score 0).
fn measure_link(model: &Model, w: &Weights, p: &Scored, m: &Scored) -> Option<(f64, Vec<String>)> {
    if let Some(l) = link::link(w, p, m, false) {
        if l.share >= model.thresholds.measure {
            return Some((l.share, link::shared_terms(model, p, m, &l.feats, MAX_TERMS)));
        }
    }
    let area = model.vague(p.terms).then(|| p.terms.topics.first()).flatten().filter(|t| m.terms.topics.contains(t))?;
    Some((0.0, vec![format!("同属“{}”", model.topics[*area as usize])]))
}

/// An item as the audit keeps it: kind, place (1-based lines, columns in characters,
/// the end just past it, as in the JSON contract) and text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapItem {
    pub kind: ItemKind,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub text: String,
}

/// What the audit keeps of one report for the next year's comparison.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Shortcomings, causes and plan items.
    pub items: Vec<SnapItem>,
    /// Sentences outside the shortcomings, causes and plan.
    pub results: Vec<SnapItem>,
    /// Shortcoming → plan item (indices into `items`) with the shared terms.
    pub measures: Vec<(usize, usize, Vec<String>)>,
}

/// A snapshot with the key terms of its passages (for one model).
pub struct Prepared<'s> {
    pub snap: &'s Snapshot,
    norm_items: Vec<String>,
    norm_results: Vec<String>,
    items: Vec<Terms>,
    results: Vec<Terms>,
}

impl<'s> Prepared<'s> {
    pub fn new(snap: &'s Snapshot, model: &Model) -> Prepared<'s> {
        let norm_items: Vec<String> =
            snap.items.iter().map(|i| crate::normalize::to_simplified(&i.text).into_owned()).collect();
        let norm_results: Vec<String> =
            snap.results.iter().map(|i| crate::normalize::to_simplified(&i.text).into_owned()).collect();
        let items = norm_items.iter().map(|t| model.terms(t)).collect();
        let results = norm_results.iter().map(|t| model.terms(t)).collect();
        Prepared { snap, norm_items, norm_results, items, results }
    }

    fn passages(&self) -> impl Iterator<Item = &Terms> {
        self.items.iter().chain(&self.results)
    }
}

/// A shortcoming of the later report written again from the earlier one.
#[derive(Clone, Debug, PartialEq)]
pub struct Repeat {
    /// Index into the later snapshot's items.
    pub later: usize,
    /// Index into the earlier snapshot's items.
    pub earlier: usize,
    /// Near verbatim (character 3-grams), else reworded (same key terms).
    pub verbatim: bool,
    pub score: f64,
    pub shared: Vec<String>,
}

/// Shortcomings of `later` that repeat one of `earlier`'s (the best match of each).
pub fn repeats(earlier: &Prepared, later: &Prepared, model: &Model) -> Vec<Repeat> {
    let w = Weights::new(model, earlier.passages().chain(later.passages()));
    let th = model.thresholds;
    let problems = |p: &Prepared| -> Vec<usize> {
        (0..p.snap.items.len()).filter(|&i| p.snap.items[i].kind == ItemKind::Problem).collect()
    };
    let (ep, lp) = (problems(earlier), problems(later));
    let mut out = Vec::new();
    for &i in &lp {
        let a = Scored { text: &later.norm_items[i], terms: &later.items[i], total: w.total(&later.items[i]) };
        let mut best: Option<Repeat> = None;
        for &j in &ep {
            let b =
                Scored { text: &earlier.norm_items[j], terms: &earlier.items[j], total: w.total(&earlier.items[j]) };
            let v = link::verbatim(a.text, b.text);
            let l = link::link(&w, &a, &b, false);
            let (verbatim, score) = if v >= th.verbatim {
                (true, v)
            } else {
                match &l {
                    Some(l) if l.share >= th.repeat => (false, l.share),
                    _ => continue,
                }
            };
            if best.as_ref().is_none_or(|r| (r.verbatim, r.score) < (verbatim, score)) {
                let shared = l.map(|l| link::shared_terms(model, &a, &b, &l.feats, MAX_TERMS)).unwrap_or_default();
                best = Some(Repeat { later: i, earlier: j, verbatim, score, shared });
            }
        }
        out.extend(best);
    }
    out
}

/// What became of one plan item of the earlier report.
#[derive(Clone, Debug, PartialEq)]
pub struct Fate {
    /// Index into the earlier snapshot's items.
    pub plan: usize,
    /// The later report's result sentence that reports on it (index into its results),
    /// the share of the plan item's key-term weight it carries and the shared terms.
    pub result: Option<(usize, f64, Vec<String>)>,
}

/// Each plan item of `earlier`, and the sentence of `later` reporting on it, if any. A
/// plan item of several clauses (…；同时…) is reported on when one clause is.
pub fn fates(earlier: &Prepared, later: &Prepared, model: &Model) -> Vec<Fate> {
    let w = Weights::new(model, earlier.passages().chain(later.passages()));
    let th = model.thresholds;
    let results: Vec<Scored> = (0..later.results.len())
        .map(|k| Scored { text: &later.norm_results[k], terms: &later.results[k], total: w.total(&later.results[k]) })
        .collect();
    let mut out = Vec::new();
    for i in (0..earlier.snap.items.len()).filter(|&i| earlier.snap.items[i].kind == ItemKind::Plan) {
        let whole = &earlier.norm_items[i];
        let mut clauses: Vec<(String, Terms)> = vec![(whole.clone(), earlier.items[i].clone())];
        let parts: Vec<&str> = whole.split(['；', ';']).filter(|c| c.chars().any(is_text)).collect();
        if parts.len() > 1 {
            clauses.extend(parts.iter().map(|c| (c.to_string(), model.terms(c))));
        }
        let mut best: Option<(usize, f64, Vec<Feat>, usize)> = None;
        for (ci, (text, t)) in clauses.iter().enumerate() {
            let a = Scored { text, terms: t, total: w.total(t) };
            for (k, r) in results.iter().enumerate() {
                if let Some(l) = link::link(&w, &a, r, true) {
                    if best.as_ref().is_none_or(|b| l.share > b.1) {
                        best = Some((k, l.share, l.feats, ci));
                    }
                }
            }
        }
        let mut result = best.filter(|b| b.1 >= th.followed).map(|(k, share, feats, ci)| {
            let (text, t) = &clauses[ci];
            let a = Scored { text, terms: t, total: 0.0 };
            (k, share, link::shared_terms(model, &a, &results[k], &feats, MAX_TERMS))
        });
        // A plan item naming only its area is reported on by any result of that area.
        let own = &earlier.items[i];
        if let (None, true, Some(area)) = (&result, model.vague(own), own.topics.first()) {
            if let Some(k) = results.iter().position(|r| r.terms.topics.contains(area)) {
                result = Some((k, 0.0, vec![format!("同属“{}”", model.topics[*area as usize])]));
            }
        }
        out.push(Fate { plan: i, result });
    }
    out
}

use model::Feat;

fn is_text(c: char) -> bool {
    model::is_cjk(c)
}
