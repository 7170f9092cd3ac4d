//! The coverage summary: the share of reports that have each required part, overall,
//! by reported year and by unit level (the table published studies of these reports
//! compiled by hand). Unreadable files are counted apart and never in a denominator.

use super::{Level, Row};
use crate::parts::PartInfo;

/// Reports in one group and how many of them have each part (`Summary::parts` order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// The group: 全部, a year (2023), or a level label (县级).
    pub label: String,
    pub reports: usize,
    pub with: Vec<usize>,
}

impl Coverage {
    fn new(label: impl Into<String>, parts: usize) -> Coverage {
        Coverage { label: label.into(), reports: 0, with: vec![0; parts] }
    }

    fn add(&mut self, row: &Row) {
        self.reports += 1;
        for (n, has) in self.with.iter_mut().zip(&row.elements) {
            *n += usize::from(*has);
        }
    }

    /// Share (0–1) of the group's reports that have part `k`; 0 for an empty group.
    pub fn share(&self, k: usize) -> f64 {
        if self.reports == 0 {
            0.0
        } else {
            self.with.get(k).copied().unwrap_or(0) as f64 / self.reports as f64
        }
    }
}

/// The whole summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The parts counted (the audit's part columns).
    pub parts: Vec<PartInfo>,
    pub files: usize,
    pub unreadable: usize,
    pub overall: Coverage,
    /// Ascending years, then 年度不详.
    pub by_year: Vec<Coverage>,
    /// In `Level::ALL` order; empty levels left out.
    pub by_level: Vec<Coverage>,
}

/// Label of the group of reports without a year.
pub const NO_YEAR: &str = "年度不详";

/// The coverage of `parts` (the audit's part columns, which the rows' parts follow).
pub fn summarize(rows: &[Row], parts: &[PartInfo]) -> Summary {
    let n = parts.len();
    let mut overall = Coverage::new("全部", n);
    let mut years: std::collections::BTreeMap<Option<i32>, Coverage> = Default::default();
    let mut levels: std::collections::BTreeMap<Level, Coverage> = Default::default();
    let mut unreadable = 0;
    for row in rows {
        if !row.is_ok() {
            unreadable += 1;
            continue;
        }
        overall.add(row);
        years
            .entry(row.year)
            .or_insert_with(|| Coverage::new(row.year.map(|y| y.to_string()).unwrap_or_else(|| NO_YEAR.into()), n))
            .add(row);
        levels.entry(row.level()).or_insert_with(|| Coverage::new(row.level().label(), n)).add(row);
    }
    // BTreeMap puts None first; the unknown year goes last.
    let mut by_year: Vec<Coverage> = years.iter().filter(|(y, _)| y.is_some()).map(|(_, c)| c.clone()).collect();
    by_year.extend(years.get(&None).cloned());
    Summary {
        parts: parts.to_vec(),
        files: rows.len(),
        unreadable,
        overall,
        by_year,
        by_level: levels.into_values().collect(),
    }
}

impl Summary {
    /// Every group with the name of its dimension: ("总体", …), ("年度", …), ("级别", …).
    pub fn groups(&self) -> Vec<(&'static str, &Coverage)> {
        let mut v = vec![("总体", &self.overall)];
        v.extend(self.by_year.iter().map(|c| ("年度", c)));
        v.extend(self.by_level.iter().map(|c| ("级别", c)));
        v
    }
}

/// A share as a percentage with one decimal ("66.7%").
pub fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}
