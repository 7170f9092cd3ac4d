//! Corpus evaluation: compare the checker's judgement with a reviewer's labels
//! (`labels.yaml`, format in `../shared/corpus/README.md`): the six `has` flags, the
//! reported year and the level-1 headings of the outline.

use crate::check::Settings;
use crate::parts::ELEMENT_KEYS;
use crate::rules::RuleSet;
use crate::run::{run_file, RunOptions, Source};
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug, Deserialize)]
struct Label {
    file: String,
    year: Option<i32>,
    kind: Option<String>,
    has: Has,
    #[serde(default)]
    headings: Vec<String>,
    #[serde(flatten)]
    _rest: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(Debug, Deserialize)]
struct Has {
    achievements: bool,
    problems: bool,
    problems_with_causes: bool,
    lead_responsibility: bool,
    next_year_plan: bool,
    xi_rule_of_law_thought: bool,
}

/// The fields of `has`, in the order of the contract's parts ([`ELEMENT_KEYS`]): the
/// labels' format is fixed at these six, whatever parts a rule file adds.
const LABEL_KEYS: [&str; 6] = [
    "achievements",
    "problems",
    "problems_with_causes",
    "lead_responsibility",
    "next_year_plan",
    "xi_rule_of_law_thought",
];

/// The figures of one evaluation run.
#[derive(Debug, Default)]
pub struct EvalReport {
    pub files: usize,
    /// Per element: (agreements, compared).
    pub elements: Vec<(String, usize, usize)>,
    pub year: (usize, usize),
    pub outlines: (usize, usize),
    /// One line per disagreement.
    pub mismatches: Vec<String>,
}

impl EvalReport {
    /// Agreement over every compared item (flags, years and outlines).
    pub fn overall(&self) -> f64 {
        let (mut a, mut n) = (self.year.0 + self.outlines.0, self.year.1 + self.outlines.1);
        for (_, x, y) in &self.elements {
            a += x;
            n += y;
        }
        if n == 0 {
            0.0
        } else {
            a as f64 / n as f64
        }
    }

    pub fn render(&self) -> String {
        let pct = |a: usize, n: usize| if n == 0 { 0.0 } else { 100.0 * a as f64 / n as f64 };
        let mut s = String::new();
        let _ = writeln!(s, "语料评估：{} 份报告", self.files);
        for (k, a, n) in &self.elements {
            let _ = writeln!(s, "  {k:<22} {a:>3}/{n:<3} {:6.1}%", pct(*a, *n));
        }
        let _ = writeln!(
            s,
            "  {:<22} {:>3}/{:<3} {:6.1}%",
            "year",
            self.year.0,
            self.year.1,
            pct(self.year.0, self.year.1)
        );
        let _ = writeln!(
            s,
            "  {:<22} {:>3}/{:<3} {:6.1}%",
            "level-1 headings",
            self.outlines.0,
            self.outlines.1,
            pct(self.outlines.0, self.outlines.1)
        );
        let _ = writeln!(s, "  {:<22} {:6.1}%", "overall", 100.0 * self.overall());
        if !self.mismatches.is_empty() {
            let _ = writeln!(s, "不一致：");
            for m in &self.mismatches {
                let _ = writeln!(s, "  {m}");
            }
        }
        s
    }
}

/// A heading as the labels compare it: marker, white space and light punctuation removed.
pub fn normalize_heading(h: &str) -> String {
    let t = h.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let t = strip_marker(t);
    t.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}' && !"。：:；;，,、.．".contains(*c)).collect()
}

fn strip_marker(t: &str) -> &str {
    let cn = |c: char| "一二三四五六七八九十".contains(c);
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let white = |c: char| c.is_whitespace() || c == '\u{3000}';
    // 第一部分 / 第2章 / 第三节, and a mark after it.
    if let Some(rest) = t.strip_prefix('第') {
        let rest = rest.trim_start_matches(white);
        let n: usize = rest.chars().take_while(|c| cn(*c) || digit(*c)).map(char::len_utf8).sum();
        let after = rest[n..].trim_start_matches(white);
        if n > 0 {
            for w in ["部分", "部份", "章", "节"] {
                if let Some(r) = after.strip_prefix(w) {
                    return r.trim_start_matches(|c: char| white(c) || "、：:．.".contains(c));
                }
            }
        }
    }
    // 1. / 1、 / １．
    let n: usize = t.chars().take_while(|c| digit(*c)).map(char::len_utf8).sum();
    if n > 0 {
        if let Some(c) = t[n..].chars().next() {
            let rest = &t[n + c.len_utf8()..];
            // Not a number ("1.5亿"); a year may follow ("1.2024年工作打算").
            let year = rest.len() > 4
                && rest.is_char_boundary(4)
                && rest[..4].bytes().all(|b| b.is_ascii_digit())
                && rest[4..].starts_with('年');
            if "、．.".contains(c) && (!rest.starts_with(|d: char| d.is_ascii_digit()) || year) {
                return rest;
            }
        }
    }
    let mut chars = t.char_indices().peekable();
    // 一、 / 一． / 一.
    let n: usize = t.chars().take_while(|c| cn(*c)).map(char::len_utf8).sum();
    if n > 0 {
        if let Some(c) = t[n..].chars().next() {
            if "、．.".contains(c) {
                return &t[n + c.len_utf8()..];
            }
        }
    }
    // （一） / (一)
    if let Some((_, c)) = chars.next() {
        if c == '（' || c == '(' {
            let rest = &t[c.len_utf8()..];
            let m: usize = rest.chars().take_while(|c| cn(*c) || digit(*c)).map(char::len_utf8).sum();
            if m > 0 {
                if let Some(d) = rest[m..].chars().next() {
                    if d == '）' || d == ')' {
                        return &rest[m + d.len_utf8()..];
                    }
                }
            }
        }
    }
    t
}

/// Evaluate the checker on every labelled file of a folder.
pub fn evaluate(dir: &Path, labels_path: &Path, rules: &RuleSet) -> Result<EvalReport, String> {
    let src = std::fs::read_to_string(labels_path).map_err(|e| format!("无法读取 {}：{e}", labels_path.display()))?;
    let labels: Vec<Label> =
        serde_saphyr::from_str(&src).map_err(|e| format!("{} 格式有误：{e}", labels_path.display()))?;
    let mut rep =
        EvalReport { elements: LABEL_KEYS.iter().map(|k| (k.to_string(), 0, 0)).collect(), ..Default::default() };
    for l in &labels {
        if l.kind.as_deref() == Some("template") {
            continue;
        }
        let path = dir.join(&l.file);
        let done = run_file(Source::Path(&path), rules, &Settings::default(), &RunOptions::default());
        let (doc, checked) = match done.outcome {
            Ok(d) => (d.doc, d.checked),
            Err(e) => {
                rep.mismatches.push(format!("{}: 无法读取：{e}", l.file));
                continue;
            }
        };
        rep.files += 1;
        let has = [
            l.has.achievements,
            l.has.problems,
            l.has.problems_with_causes,
            l.has.lead_responsibility,
            l.has.next_year_plan,
            l.has.xi_rule_of_law_thought,
        ];
        for (i, (lk, ek)) in LABEL_KEYS.iter().zip(ELEMENT_KEYS).enumerate() {
            let got = checked.elements.present(ek);
            rep.elements[i].2 += 1;
            if got == has[i] {
                rep.elements[i].1 += 1;
            } else {
                rep.mismatches.push(format!("{}: {lk} 标注 {} 检查 {}", l.file, has[i], got));
            }
        }
        if let Some(y) = l.year {
            rep.year.1 += 1;
            if checked.report.year == Some(y) {
                rep.year.0 += 1;
            } else {
                rep.mismatches.push(format!("{}: year 标注 {y} 检查 {:?}", l.file, checked.report.year));
            }
        }
        let want: Vec<String> = l.headings.iter().map(|h| normalize_heading(h)).collect();
        let got: Vec<String> = checked.report.level1().map(|s| normalize_heading(s.heading.slice(&doc.text))).collect();
        rep.outlines.1 += 1;
        if want == got {
            rep.outlines.0 += 1;
        } else {
            rep.mismatches.push(format!("{}: 一级标题 标注 {want:?} 检查 {got:?}", l.file));
        }
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_normalisation() {
        assert_eq!(normalize_heading("一、坚持党的领导,坚决扛牢"), "坚持党的领导坚决扛牢");
        assert_eq!(normalize_heading("存在的不足。"), "存在的不足");
        assert_eq!(normalize_heading("(一)主要举措"), "主要举措");
        // Any marker family, as the report's own levels may use it at the top.
        assert_eq!(normalize_heading("第一部分　工作成效"), normalize_heading("工作成效"));
        assert_eq!(normalize_heading("第 2 章：存在问题"), "存在问题");
        assert_eq!(normalize_heading("1、主要工作"), "主要工作");
        assert_eq!(normalize_heading("１．主要工作"), "主要工作");
        assert_eq!(normalize_heading("（1）主要工作"), "主要工作");
        assert_eq!(normalize_heading("2023年工作"), "2023年工作");
        assert_eq!(normalize_heading("1.2024年工作打算"), "2024年工作打算");
        assert_eq!(normalize_heading("1.5亿元"), "15亿元");
    }
}
