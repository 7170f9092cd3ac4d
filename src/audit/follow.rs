//! Follow-through across years (整改闭环): a unit's reports of consecutive years, paired
//! (the same unit as the roster matching has it: the roster unit matched, else the
//! roster's comparison key of the report's unit), and compared by the cross-year rules
//! (`problem-repeated` on the later report, `plan-not-followed` on the earlier), and the
//! chains the workbook's 整改闭环 sheet and the page's section show: per unit, each
//! shortcoming → the measure the plan gives it → what the next year's report says of
//! that measure, with the terms that link each step.
//!
//! What a report's comparison needs (its [`Snapshot`]: shortcoming, cause and plan items
//! and result sentences, with places and text) is spilled to a temporary file while the
//! reports are checked and read back per pair.

use super::spill::Spill;
use super::{Audit, ProfileFn, RowFinding};
use crate::follow::{ItemKind, Snapshot};
use crate::rules::kinds::{cross_year, PairFinding, PairOutcome};
use crate::rules::Severity;
use std::collections::BTreeMap;
use std::path::Path;

/// A unit's reports of consecutive years, compared.
#[derive(Clone, Debug)]
pub struct Pair {
    /// Row indices.
    pub earlier: usize,
    pub later: usize,
    pub outcome: PairOutcome,
}

/// Who a report is from, for pairing: the roster unit matched, else the unit's key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum UnitKey {
    Roster(usize),
    Name(String),
}

/// A row's snapshot, from the spill.
pub fn snapshot(spill: &Spill, i: usize) -> Option<Snapshot> {
    spill.get(i).ok().and_then(|v| serde_json::from_value(v).ok())
}

impl Audit {
    /// Who row `i` is from (None: unreadable, or no unit found).
    fn unit_key(&self, i: usize) -> Option<UnitKey> {
        let r = &self.rows[i];
        if !r.is_ok() {
            return None;
        }
        if let Some((u, _)) = r.roster {
            return Some(UnitKey::Roster(u));
        }
        let k = super::roster::key(r.unit.as_deref()?);
        (k.chars().count() >= 2).then_some(UnitKey::Name(k))
    }

    /// The unit's name as the outputs show it (the roster's when matched).
    pub fn unit_name(&self, i: usize) -> String {
        let r = &self.rows[i];
        match (&self.roster, r.roster) {
            (Some(rr), Some((u, _))) => rr.roster.units[u].clone(),
            _ => r.unit.clone().unwrap_or_else(|| "（单位未识别）".into()),
        }
    }

    /// Pair every unit's reports of consecutive years and compare them with the cross-year
    /// rules (each report's rules and settings from `profile`). Call after
    /// [`Audit::apply_roster`], when there is a roster: units are then matched as it
    /// matches them. The findings go into each report's counts and kept findings.
    pub fn follow_through(&mut self, profile: &ProfileFn) {
        let Some(snaps) = self.snapshots.as_ref() else { return };
        // Per unit and year, the first readable report.
        let mut by_unit: BTreeMap<UnitKey, BTreeMap<i32, usize>> = BTreeMap::new();
        for i in 0..self.rows.len() {
            let (Some(k), Some(y)) = (self.unit_key(i), self.rows[i].year) else { continue };
            by_unit.entry(k).or_default().entry(y).or_insert(i);
        }
        let mut pairs = Vec::new();
        for years in by_unit.values() {
            for (&y, &earlier) in years {
                let Some(&later) = years.get(&(y + 1)) else { continue };
                let (Some(e), Some(l)) = (snapshot(snaps, earlier), snapshot(snaps, later)) else { continue };
                let (pe, pl) = (Path::new(&self.rows[earlier].path), Path::new(&self.rows[later].path));
                let (rules, later_settings) = profile(later, pl);
                let (_, earlier_settings) = profile(earlier, pe);
                let names = (
                    format!("上年报告 {}", self.rows[earlier].short_name()),
                    format!("下一年度报告 {}", self.rows[later].short_name()),
                );
                let years = (self.rows[earlier].year, self.rows[later].year);
                let outcome = cross_year(rules, &e, &l, (&names.0, &names.1), |meta, on_later| {
                    let (settings, year) =
                        if on_later { (&later_settings, years.1) } else { (&earlier_settings, years.0) };
                    if !meta.applies_to_year(year) {
                        return None;
                    }
                    settings.effective(&meta.id, &meta.group, meta.severity)
                });
                pairs.push(Pair { earlier, later, outcome });
            }
        }
        for p in &pairs {
            for f in &p.outcome.findings {
                let i = if f.on_later { p.later } else { p.earlier };
                let row = &mut self.rows[i];
                match f.severity {
                    Severity::Error => row.errors += 1,
                    Severity::Warning => row.warnings += 1,
                    Severity::Info => row.infos += 1,
                    Severity::Off => {}
                }
            }
        }
        if let Some(kept) = &self.findings {
            let mut add: BTreeMap<usize, Vec<&PairFinding>> = BTreeMap::new();
            for p in &pairs {
                for f in &p.outcome.findings {
                    add.entry(if f.on_later { p.later } else { p.earlier }).or_default().push(f);
                }
            }
            for (i, fs) in add {
                let Ok(serde_json::Value::Array(mut list)) = kept.get(i) else { continue };
                for f in fs {
                    list.push(
                        RowFinding {
                            rule: f.rule.clone(),
                            severity: f.severity,
                            message: f.message.clone(),
                            line: f.line,
                            quote: item_text(snaps, i, f),
                        }
                        .to_json(),
                    );
                }
                kept.put(i, &serde_json::Value::Array(list));
            }
        }
        self.follow = pairs;
    }

    /// The cross-year findings of row `i` (for JSONL).
    pub fn follow_findings(&self, i: usize) -> impl Iterator<Item = &PairFinding> {
        self.follow.iter().flat_map(move |p| {
            p.outcome.findings.iter().filter(move |f| (f.on_later && p.later == i) || (!f.on_later && p.earlier == i))
        })
    }
}

/// The text of the item a pair finding is on (cut for the findings list).
fn item_text(snaps: &Spill, row: usize, f: &PairFinding) -> String {
    snapshot(snaps, row)
        .and_then(|s| s.items.into_iter().find(|it| it.line == f.line && it.column == f.column))
        .map(|it| it.text.chars().take(super::QUOTE_CHARS).collect())
        .unwrap_or_default()
}

/// One row of the 整改闭环 sheet and section: a shortcoming, a measure for it and what
/// the next report says of the measure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chain {
    /// Row indices of the report and of the next year's (None: there is none).
    pub report: usize,
    pub next: Option<usize>,
    /// The shortcoming (None: a plan item that answers no listed shortcoming) and its line.
    pub problem: Option<(String, usize)>,
    /// The measure (None: the shortcoming has none) and its line.
    pub measure: Option<(String, usize)>,
    /// Terms the shortcoming and the measure share.
    pub measure_terms: Vec<String>,
    /// The next report's sentence reporting on the measure, and the shared terms.
    pub result: Option<(String, usize)>,
    pub result_terms: Vec<String>,
    /// The shortcoming written again in the next report: its text, line, near verbatim,
    /// shared terms.
    pub repeated: Option<(String, usize, bool, Vec<String>)>,
}

impl Chain {
    /// 已体现 / 未提及 / — (no next report or no measure).
    pub fn status(&self) -> &'static str {
        match (self.next, &self.measure, &self.result) {
            (None, _, _) | (_, None, _) => "—",
            (_, Some(_), Some(_)) => "已体现",
            (_, Some(_), None) => "未提及",
        }
    }

    /// 是（几乎原文）/ 是（换了说法）/ 否 / — (no next report).
    pub fn repeat_label(&self) -> &'static str {
        match (&self.problem, self.next, &self.repeated) {
            (None, _, _) | (_, None, _) => "—",
            (_, _, Some((_, _, true, _))) => "是（几乎原文）",
            (_, _, Some((_, _, false, _))) => "是（换了说法）",
            (_, _, None) => "否",
        }
    }
}

/// The chains of one report: with its pair when it has a next year's report.
pub fn chains_of(snap: &Snapshot, next: Option<(&Snapshot, &Pair)>, report: usize) -> Vec<Chain> {
    let mut out = Vec::new();
    let text = |i: usize| (snap.items[i].text.trim().to_string(), snap.items[i].line);
    let later = |k: usize| next.map(|(l, _)| (l.results[k].text.trim().to_string(), l.results[k].line));
    let fate = |plan: usize| next.and_then(|(_, p)| p.outcome.fates.iter().find(|f| f.plan == plan));
    let chain_for = |problem: Option<usize>, measure: Option<(usize, Vec<String>)>| {
        let mut c = Chain { report, next: next.map(|(_, p)| p.later), ..Default::default() };
        c.problem = problem.map(text);
        if let Some(pi) = problem {
            if let Some((l, p)) = next {
                if let Some(r) = p.outcome.repeats.iter().find(|r| r.earlier == pi) {
                    let it = &l.items[r.later];
                    c.repeated = Some((it.text.trim().to_string(), it.line, r.verbatim, r.shared.clone()));
                }
            }
        }
        if let Some((mi, terms)) = measure {
            c.measure = Some(text(mi));
            c.measure_terms = terms;
            if let Some((k, _, shared)) = fate(mi).and_then(|f| f.result.as_ref()) {
                c.result = later(*k);
                c.result_terms = shared.clone();
            }
        }
        c
    };
    for (i, it) in snap.items.iter().enumerate() {
        match it.kind {
            ItemKind::Problem => {
                let ms: Vec<(usize, Vec<String>)> =
                    snap.measures.iter().filter(|m| m.0 == i).map(|m| (m.1, m.2.clone())).collect();
                if ms.is_empty() {
                    out.push(chain_for(Some(i), None));
                }
                for m in ms {
                    out.push(chain_for(Some(i), Some(m)));
                }
            }
            ItemKind::Plan if !snap.measures.iter().any(|m| m.1 == i) => {
                out.push(chain_for(None, Some((i, Vec::new()))));
            }
            _ => {}
        }
    }
    out
}

/// Every report's chains, unit by unit and year by year: `(unit name, year of the
/// report, chains)`, reports without shortcomings or plan items left out.
pub fn chains(audit: &Audit) -> Vec<(String, Option<i32>, Vec<Chain>)> {
    let Some(snaps) = audit.snapshots.as_ref() else { return Vec::new() };
    let mut order: Vec<usize> = (0..audit.rows.len()).filter(|&i| audit.rows[i].is_ok()).collect();
    order.sort_by(|&a, &b| {
        (audit.unit_name(a), audit.rows[a].year, a).cmp(&(audit.unit_name(b), audit.rows[b].year, b))
    });
    let mut out = Vec::new();
    for i in order {
        let Some(snap) = snapshot(snaps, i) else { continue };
        let pair = audit.follow.iter().find(|p| p.earlier == i);
        let next = pair.and_then(|p| snapshot(snaps, p.later).map(|s| (s, p)));
        let cs = chains_of(&snap, next.as_ref().map(|(s, p)| (s, *p)), i);
        if !cs.is_empty() {
            out.push((audit.unit_name(i), audit.rows[i].year, cs));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::follow::{Fate, Repeat, SnapItem};

    fn item(kind: ItemKind, line: usize, text: &str) -> SnapItem {
        SnapItem { kind, line, column: 1, end_line: line, end_column: 10, text: text.into() }
    }

    #[test]
    fn chains_follow_problem_measure_result() {
        let snap = Snapshot {
            items: vec![
                item(ItemKind::Problem, 3, "执法人员持证率不高"),
                item(ItemKind::Problem, 4, "普法形式单一"),
                item(ItemKind::Plan, 6, "组织执法资格考试"),
                item(ItemKind::Plan, 7, "开展规范性文件清理"),
            ],
            results: vec![],
            measures: vec![(0, 2, vec!["执法资格".into()])],
        };
        let next = Snapshot {
            items: vec![item(ItemKind::Problem, 9, "普法形式较为单一")],
            results: vec![item(ItemKind::Achievement, 3, "持证率达到100%")],
            measures: vec![],
        };
        let pair = Pair {
            earlier: 0,
            later: 1,
            outcome: PairOutcome {
                repeats: vec![Repeat { later: 0, earlier: 1, verbatim: true, score: 0.9, shared: vec![] }],
                fates: vec![
                    Fate { plan: 2, result: Some((0, 0.5, vec!["持证".into()])) },
                    Fate { plan: 3, result: None },
                ],
                findings: vec![],
            },
        };
        let cs = chains_of(&snap, Some((&next, &pair)), 0);
        assert_eq!(cs.len(), 3);
        assert_eq!(cs[0].status(), "已体现");
        assert_eq!(cs[0].result.as_ref().unwrap().0, "持证率达到100%");
        assert_eq!(cs[0].repeat_label(), "否");
        assert_eq!(cs[1].measure, None);
        assert_eq!(cs[1].repeat_label(), "是（几乎原文）");
        assert_eq!(cs[2].problem, None);
        assert_eq!(cs[2].status(), "未提及");
        let alone = chains_of(&snap, None, 0);
        assert_eq!(alone[0].status(), "—");
        assert_eq!(alone[0].repeat_label(), "—");
    }
}
