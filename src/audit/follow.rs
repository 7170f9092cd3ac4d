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
        let k = super::roster::names::key(r.unit.as_deref()?);
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
        // The Chinese name of each cross-year rule that found something.
        let mut rule_names: BTreeMap<String, String> = BTreeMap::new();
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
                for f in &outcome.findings {
                    if let Some(r) = rules.get(&f.rule) {
                        rule_names.entry(f.rule.clone()).or_insert_with(|| r.meta.message.clone());
                    }
                }
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
                            rule_name: rule_names.get(&f.rule).cloned().unwrap_or_else(|| f.rule.clone()),
                            severity: f.severity,
                            message: f.message.clone(),
                            detail: String::new(),
                            help: f.help.clone(),
                            line: f.line,
                            place: format!("第 {} 行", f.line),
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

/// The columns of the workbook's 整改闭环 sheet.
pub const SHEET_COLUMNS: [&str; 12] = [
    "单位",
    "年度",
    "存在的不足",
    "对应措施（下一年度安排）",
    "不足与措施的共同关键词",
    "下一年度报告中的落实情况",
    "落实",
    "措施与落实的共同关键词",
    "下一年度是否再次列为不足",
    "再次列出的表述",
    "本年报告",
    "下一年度报告",
];
const SHEET_WIDTHS: [f64; 12] = [20.0, 11.0, 40.0, 40.0, 18.0, 40.0, 8.0, 18.0, 14.0, 36.0, 24.0, 24.0];

/// A text with its line ("第 12 行：…"), or a dash.
fn placed(v: &Option<(String, usize)>, none: &str) -> String {
    match v {
        Some((t, l)) => format!("第 {l} 行：{t}"),
        None => none.to_string(),
    }
}

/// The sheet's year cell: "2022→2023", or the year alone.
fn years_label(audit: &Audit, c: &Chain) -> String {
    let y = |i: usize| audit.rows[i].year.map(|y| y.to_string()).unwrap_or_else(|| "？".into());
    match c.next {
        Some(n) => format!("{}→{}", y(c.report), y(n)),
        None => y(c.report),
    }
}

/// The cells of one chain, in `SHEET_COLUMNS` order.
pub fn chain_cells(audit: &Audit, unit: &str, c: &Chain) -> [String; 12] {
    let none_next = if c.next.is_none() { "（没有下一年度的报告）" } else { "" };
    [
        unit.to_string(),
        years_label(audit, c),
        placed(&c.problem, "（未对应所列不足的安排）"),
        placed(&c.measure, "（下一年度安排中没有对应措施）"),
        c.measure_terms.join("、"),
        if c.measure.is_some() { placed(&c.result, none_next) } else { String::new() },
        c.status().to_string(),
        c.result_terms.join("、"),
        c.repeat_label().to_string(),
        match &c.repeated {
            Some((t, l, _, terms)) if terms.is_empty() => format!("第 {l} 行：{t}"),
            Some((t, l, _, terms)) => format!("第 {l} 行：{t}（共同的关键词：{}）", terms.join("、")),
            None => String::new(),
        },
        audit.rows[c.report].short_name(),
        c.next.map(|n| audit.rows[n].short_name()).unwrap_or_default(),
    ]
}

/// The workbook's 整改闭环 sheet: one row per chain, unit by unit, year by year.
pub fn sheet(wb: &mut rust_xlsxwriter::Workbook, audit: &Audit) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Color, ConditionalFormatText, ConditionalFormatTextRule, Format};
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("整改闭环")?;
    super::xlsx::header(ws, &SHEET_COLUMNS, &SHEET_WIDTHS)?;
    let wrap = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let capacity = super::xlsx::MAX_ROWS - 2;
    let mut r: u32 = 1;
    'units: for (unit, _, cs) in chains(audit) {
        for c in &cs {
            if r > capacity {
                ws.write_string(r, 0, "行数超出工作表上限，其余见 --format html 或 jsonl")?;
                break 'units;
            }
            for (k, v) in chain_cells(audit, &unit, c).iter().enumerate() {
                ws.write_string_with_format(r, k as u16, super::xlsx::cut(v), &wrap)?;
            }
            r += 1;
        }
    }
    if r > 1 {
        let last = r - 1;
        ws.autofilter(0, 0, last, (SHEET_COLUMNS.len() - 1) as u16)?;
        let red = Format::new().set_background_color(Color::RGB(0xFDE2E0)).set_font_color(Color::RGB(0xB3261E));
        let green = Format::new().set_font_color(Color::RGB(0x17703A));
        for (text, fmt) in [("未提及", &red), ("已体现", &green)] {
            let cf = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::Contains(text.to_string()))
                .set_format(fmt);
            ws.add_conditional_format(1, 6, last, 6, &cf)?;
        }
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith("是".to_string()))
            .set_format(&red);
        ws.add_conditional_format(1, 8, last, 8, &cf)?;
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith("（下一年度安排中没有".to_string()))
            .set_format(&red);
        ws.add_conditional_format(1, 3, last, 3, &cf)?;
    } else {
        ws.write_string(1, 0, "没有可以分条的不足或下一年度安排")?;
    }
    Ok(())
}

/// Reports whose tables the page shows open (more: each to be opened).
const OPEN_UNITS: usize = 4;

/// Bytes of the page's 整改闭环 section before the rest is left to the workbook.
pub const SECTION_BUDGET: usize = 8 * 1024 * 1024;

/// The section's own styles (the page's CSP allows inline styles).
pub const STYLE: &str = r#"
table.follow{width:100%;table-layout:fixed;margin:.3em 0 .8em}table.follow td{overflow-wrap:anywhere}
table.follow .terms{display:block;color:#666;font-size:.85em}.st-yes{color:#17703a}.st-no{color:#b3261e;font-weight:bold}
.st-none{color:#b3261e}.st-rep{color:#9a6700;font-weight:bold}
"#;

/// The page's 整改闭环 section: per unit and year, shortcoming → measure → next year's result.
pub fn section(audit: &Audit, out: &mut impl std::io::Write) -> std::io::Result<()> {
    use super::html::escape;
    let all = chains(audit);
    writeln!(
        out,
        "<h2 id=\"follow\">整改闭环</h2><p class=\"note\">每项不足 → 下一年度安排中对应的措施 → 下一年度报告中的落实情况；同一单位相邻年度的报告（{} 对）逐项比对。灰色小字是两者共同的关键词（去掉“法治、依法行政、进一步”等通用词），说明为何相连。</p>",
        audit.follow.len()
    )?;
    if all.is_empty() {
        return out.write_all("<p>没有可以分条的不足或下一年度安排。</p>\n".as_bytes());
    }
    let terms = |t: &[String]| {
        if t.is_empty() {
            String::new()
        } else {
            format!("<span class=\"terms\">共同：{}</span>", escape(&t.join("、")))
        }
    };
    let cell = |v: &Option<(String, usize)>| match v {
        Some((t, l)) => format!("{}<span class=\"terms\">第 {l} 行</span>", escape(t)),
        None => String::new(),
    };
    let mut used = 0usize;
    let mut left_out = 0usize;
    // A small audit shows every unit's table at once; a large one lists them to open.
    let open = if all.len() <= OPEN_UNITS { " open" } else { "" };
    for (unit, _, cs) in &all {
        let c0 = &cs[0];
        let problems = cs.iter().filter(|c| c.problem.is_some()).map(|c| &c.problem).collect::<Vec<_>>();
        let mut distinct = problems.clone();
        distinct.dedup();
        let no_measure = cs.iter().filter(|c| c.problem.is_some() && c.measure.is_none()).count();
        let unmentioned = cs.iter().filter(|c| c.status() == "未提及").count();
        let repeated = {
            let mut r: Vec<_> = cs.iter().filter(|c| c.repeated.is_some()).map(|c| &c.problem).collect();
            r.dedup();
            r.len()
        };
        let mut s = format!(
            "<details class=\"follow\" id=\"f{}\"{open}><summary>{} — {}：不足 {} 项（{} 项无对应措施）",
            c0.report,
            escape(unit),
            escape(&years_label(audit, c0)),
            distinct.len(),
            no_measure
        );
        if c0.next.is_some() {
            s.push_str(&format!("，措施未见落实 {unmentioned} 项，不足再次列出 {repeated} 项"));
        }
        s.push_str("</summary><table class=\"follow\"><thead><tr><th>存在的不足</th><th>对应措施（下一年度安排）</th><th>下一年度报告中的落实情况</th><th>下一年度是否再次列为不足</th></tr></thead><tbody>");
        for c in cs {
            let problem = match &c.problem {
                Some(_) => cell(&c.problem),
                None => "<span class=\"note\">（未对应所列不足的安排）</span>".into(),
            };
            let measure = match &c.measure {
                Some(_) => format!("{}{}", cell(&c.measure), terms(&c.measure_terms)),
                None => "<span class=\"st-none\">下一年度安排中没有对应措施</span>".into(),
            };
            let result = match (c.status(), &c.result) {
                ("已体现", _) => {
                    format!("<span class=\"st-yes\">已体现</span> {}{}", cell(&c.result), terms(&c.result_terms))
                }
                ("未提及", _) => "<span class=\"st-no\">未提及</span>".into(),
                _ if c.next.is_none() => "<span class=\"note\">没有下一年度的报告</span>".into(),
                _ => String::new(),
            };
            let repeat = match &c.repeated {
                Some((t, l, _, ts)) => format!(
                    "<span class=\"st-rep\">{}</span> {}<span class=\"terms\">第 {l} 行</span>{}",
                    c.repeat_label(),
                    escape(t),
                    terms(ts)
                ),
                None => escape(c.repeat_label()),
            };
            s.push_str(&format!("<tr><td>{problem}</td><td>{measure}</td><td>{result}</td><td>{repeat}</td></tr>"));
        }
        s.push_str("</tbody></table></details>\n");
        if used + s.len() > SECTION_BUDGET && used > 0 {
            left_out += 1;
            continue;
        }
        used += s.len();
        out.write_all(s.as_bytes())?;
    }
    if left_out > 0 {
        write!(out, "<p class=\"note\">另有 {left_out} 份报告的整改闭环未在页面列出（页面大小有限），见 xlsx 的“整改闭环”工作表。</p>")?;
    }
    Ok(())
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
