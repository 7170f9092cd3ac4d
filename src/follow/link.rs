//! Linking items by their key terms.
//!
//! A feature weighs `ln((n + 1) / df)` (n passages in the report or the year pair, df of
//! them holding it: what every passage says weighs nothing), times its class: a concept
//! `concept_weight`, an area `topic_weight`, a character pair its rarity in general text
//! (everyday words such as 活动 or 人员 next to nothing). Two passages share the weight of
//! the features both hold; they link when that weight reaches `min_shared` and a share of
//! the smaller passage's own weight (of the plan item's, for a plan carried out).

use super::model::{is_bigram, is_cjk, Feat, Model, PieceKind, Terms};
use rustc_hash::FxHashMap;

/// Passages without any of the features counted besides a report's own: a short
/// report's few passages still weigh a rare pair as rare.
const BACKGROUND: f64 = 10.0;

/// Share of a short passage's own weight that stands for `min_shared` when the
/// passage weighs less than `min_shared` in all …
const SHORT_ITEM_SHARE: f64 = 0.8;
/// … but never less than this shared weight.
const SHORT_ITEM_FLOOR: f64 = 0.8;

/// Feature weights over a set of passages.
pub struct Weights<'m> {
    /// The weight of every feature of the passages, as `f64` bits (computed once, in
    /// place of the counts: a weight is asked for many times).
    weight: FxHashMap<Feat, u64>,
    n: f64,
    model: &'m Model,
}

/// Document frequencies of features over a set of passages, counted passage by passage.
#[derive(Default)]
pub struct Df {
    /// Per feature: the passages holding it (high half) and the last passage counted
    /// (low half, 1-based).
    df: FxHashMap<Feat, u64>,
    n: u32,
}

impl Df {
    /// Room for about `feats` features.
    pub fn with_capacity(feats: usize) -> Df {
        Df { df: FxHashMap::with_capacity_and_hasher(feats, Default::default()), n: 0 }
    }

    /// A passage's key terms (sorted, without repeats).
    pub fn add(&mut self, t: &Terms) {
        self.n += 1;
        let n = u64::from(self.n);
        for f in &t.feats {
            let e = self.df.entry(*f).or_insert(0);
            *e = ((*e >> 32) + 1) << 32 | n;
        }
    }

    /// A passage's features in any order, repeats and all ([`Model::feats_in`]).
    pub fn add_stream(&mut self, feats: impl FnOnce(&mut dyn FnMut(Feat))) {
        self.n += 1;
        let (df, n) = (&mut self.df, u64::from(self.n));
        feats(&mut |f| {
            let e = df.entry(f).or_insert(0);
            if *e & 0xffff_ffff != n {
                *e = ((*e >> 32) + 1) << 32 | n;
            }
        });
    }
}

impl<'m> Weights<'m> {
    pub fn new<'a>(model: &'m Model, passages: impl Iterator<Item = &'a Terms>) -> Weights<'m> {
        let mut df = Df::default();
        for t in passages {
            df.add(t);
        }
        Weights::of_df(model, df)
    }

    pub fn of_df(model: &'m Model, df: Df) -> Weights<'m> {
        let n = f64::from(df.n);
        let mut weight = df.df;
        // The rarity of each document frequency, once (a report has few).
        let mut rarity: Vec<f64> = Vec::new();
        for (f, v) in weight.iter_mut() {
            let k = (*v >> 32) as usize;
            if rarity.len() <= k {
                rarity.extend((rarity.len()..=k).map(|d| rarity_of(n, d as u32)));
            }
            *v = (rarity[k] * model.factor(*f)).to_bits();
        }
        Weights { weight, n, model }
    }

    pub fn of(&self, f: Feat) -> f64 {
        match self.weight.get(&f) {
            Some(w) => f64::from_bits(*w),
            None => weigh(self.model, self.n, 1, f),
        }
    }

    /// The whole weight of a passage.
    pub fn total(&self, t: &Terms) -> f64 {
        t.feats.iter().map(|f| self.of(*f)).sum()
    }

    /// What two passages share: the weight and the features.
    pub fn shared(&self, a: &Terms, b: &Terms) -> (f64, Vec<Feat>) {
        let (mut i, mut j) = (0, 0);
        let mut w = 0.0;
        let mut feats = Vec::new();
        while i < a.feats.len() && j < b.feats.len() {
            match a.feats[i].cmp(&b.feats[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    w += self.of(a.feats[i]);
                    feats.push(a.feats[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        (w, feats)
    }
}

/// The weight of feature `f` held by `df` of `n` passages.
fn weigh(model: &Model, n: f64, df: u32, f: Feat) -> f64 {
    rarity_of(n, df) * model.factor(f)
}

/// How rare a feature held by `df` of `n` passages is.
fn rarity_of(n: f64, df: u32) -> f64 {
    let df = f64::from(df.max(1));
    ((n + BACKGROUND + 1.0) / df).ln().max(0.0)
}

/// A passage with its key terms and their whole weight.
pub struct Scored<'a> {
    pub text: &'a str,
    pub terms: &'a Terms,
    pub total: f64,
}

/// Do `a` and `b` link? The shared weight, its share of the smaller passage's weight
/// (`of_a`: of `a`'s), and the shared features, when at least `min_shared` is shared.
pub struct Link {
    pub shared: f64,
    pub share: f64,
    pub feats: Vec<Feat>,
}

pub fn link(w: &Weights, a: &Scored, b: &Scored, of_a: bool) -> Option<Link> {
    let (shared, feats) = w.shared(a.terms, b.terms);
    let base = if of_a { a.total } else { a.total.min(b.total) };
    // A short item ("三是强化宣传") shares all it has: most of its own weight will do.
    let floor = w.model.thresholds.min_shared.min((base * SHORT_ITEM_SHARE).max(SHORT_ITEM_FLOOR));
    if shared < floor || shared <= 0.0 {
        return None;
    }
    let share = if base > 0.0 { (shared / base).min(1.0) } else { 0.0 };
    Some(Link { shared, share, feats })
}

/// Share of the character 3-grams of the shorter passage found in the other (CJK
/// characters only): near-verbatim repeats.
pub fn verbatim(a: &str, b: &str) -> f64 {
    fn grams(s: &str) -> Vec<[char; 3]> {
        let cs: Vec<char> = s.chars().filter(|c| is_cjk(*c)).collect();
        let mut v: Vec<[char; 3]> = cs.windows(3).map(|w| [w[0], w[1], w[2]]).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
    let (ga, gb) = (grams(a), grams(b));
    let small = ga.len().min(gb.len());
    if small == 0 {
        return 0.0;
    }
    let common = ga.iter().filter(|g| gb.binary_search(g).is_ok()).count();
    common as f64 / small as f64
}

/// The terms two passages share, as written in `a` (a concept written otherwise in `b`
/// as "a／b"): every shared concept, then every stretch of `a` made of shared character
/// pairs (two characters or more), in `a`'s order, without repeats, at most `max`.
pub fn shared_terms(model: &Model, a: &Scored, b: &Scored, feats: &[Feat], max: usize) -> Vec<String> {
    let telling = terms_shared(model, a, b, feats, max, true);
    if telling.is_empty() {
        // Only everyday words link them ("强化宣传"): show those.
        return terms_shared(model, a, b, feats, max, false);
    }
    telling
}

fn terms_shared(model: &Model, a: &Scored, b: &Scored, feats: &[Feat], max: usize, telling_only: bool) -> Vec<String> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let push = |at: usize, s: String, out: &mut Vec<(usize, String)>| {
        if !out.iter().any(|(_, x)| *x == s) {
            out.push((at, s));
        }
    };
    let mut seen_concepts: Vec<Feat> = Vec::new();
    for p in &a.terms.pieces {
        match p.kind {
            PieceKind::Concept(c) => {
                let key = model.concepts[c as usize].key;
                if feats.binary_search(&key).is_ok() && !seen_concepts.contains(&key) {
                    seen_concepts.push(key);
                    let mine = &a.text[p.start..p.end];
                    let theirs = b.terms.pieces.iter().find_map(|q| match q.kind {
                        PieceKind::Concept(d) if model.concepts[d as usize].key == key => Some(&b.text[q.start..q.end]),
                        _ => None,
                    });
                    let s = match theirs {
                        Some(t) if t != mine => format!("{mine}／{t}"),
                        _ => mine.to_string(),
                    };
                    push(p.start, s, &mut out);
                }
            }
            PieceKind::Run => {
                let run = &a.text[p.start..p.end];
                let mut stretch: Option<(usize, usize)> = None;
                let mut prev: Option<(usize, char)> = None;
                let close = |st: Option<(usize, usize)>, out: &mut Vec<(usize, String)>| {
                    if let Some((s, e)) = st {
                        let t = &run[s..e];
                        let cs: Vec<char> = t.chars().collect();
                        // Two characters of an everyday word (人员, 国家) explain nothing.
                        let telling = !telling_only
                            || cs.len() > 2
                            || (cs.len() == 2 && model.factor(super::model::bigram(cs[0], cs[1])) >= 0.5);
                        if telling {
                            push(p.start + s, t.to_string(), out);
                        }
                    }
                };
                for (i, c) in run.char_indices() {
                    if let Some((pi, pc)) = prev {
                        let f = super::model::bigram(pc, c);
                        if is_bigram(f) && feats.binary_search(&f).is_ok() {
                            stretch = Some(match stretch {
                                Some((s, e)) if e == i => (s, i + c.len_utf8()),
                                _ => {
                                    close(stretch, &mut out);
                                    (pi, i + c.len_utf8())
                                }
                            });
                        }
                    }
                    prev = Some((i, c));
                }
                close(stretch, &mut out);
            }
            PieceKind::Topic(_) => {}
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, s)| s).take(max).collect()
}

/// A passage's own key terms for display: its concepts as written, then its weightiest
/// runs (cut to eight characters), at most `max`.
pub fn key_terms(w: &Weights, text: &str, t: &Terms, max: usize) -> Vec<String> {
    let mut concepts: Vec<&str> = Vec::new();
    let mut runs: Vec<(f64, &str)> = Vec::new();
    for p in &t.pieces {
        let s = &text[p.start..p.end];
        match p.kind {
            PieceKind::Concept(_) => {
                if !concepts.contains(&s) {
                    concepts.push(s);
                }
            }
            PieceKind::Run => {
                let mut weight = 0.0;
                let mut prev: Option<char> = None;
                // The first eight characters are shown.
                let mut shown = s.len();
                for (k, (i, c)) in s.char_indices().enumerate() {
                    if k == 8 {
                        shown = i;
                    }
                    if let Some(a) = prev {
                        weight += w.of(super::model::bigram(a, c));
                    }
                    prev = Some(c);
                }
                let shown = &s[..shown];
                // A run whose pairs all weigh nothing (everyday words) is not shown.
                if weight > 0.0 && !runs.iter().any(|(_, r)| *r == shown) {
                    runs.push((weight, shown));
                }
            }
            PieceKind::Topic(_) => {}
        }
    }
    runs.sort_by(|a, b| b.0.total_cmp(&a.0));
    concepts.into_iter().chain(runs.into_iter().map(|(_, s)| s)).take(max).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feature_counts_once_per_passage_however_it_is_given() {
        let model = Model::default();
        let terms = |feats: &[Feat]| Terms { feats: feats.to_vec(), ..Default::default() };
        // Sorted terms and a stream with repeats, in any order, count alike.
        let mut a = Df::default();
        a.add(&terms(&[1, 2, 3]));
        a.add(&terms(&[2]));
        let mut b = Df::default();
        b.add_stream(|emit| [3, 1, 3, 2, 1].into_iter().for_each(&mut *emit));
        b.add_stream(|emit| [2, 2].into_iter().for_each(&mut *emit));
        let (wa, wb) = (Weights::of_df(&model, a), Weights::of_df(&model, b));
        for f in [1, 2, 3, 4] {
            assert_eq!(wa.of(f).to_bits(), wb.of(f).to_bits(), "feature {f}");
        }
        // Held by both passages, 2 weighs less than 1, held by one.
        assert!(wa.of(2) < wa.of(1));
    }

    #[test]
    fn verbatim_is_a_share_of_three_grams() {
        assert!(verbatim("执法人员持证率不高", "部分执法人员持证率不高。") > 0.99);
        assert!(verbatim("执法人员持证率不高", "普法形式较为单一") < 0.01);
        assert_eq!(verbatim("", "普法"), 0.0);
    }
}
