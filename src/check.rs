//! `check(text, rules) → findings`: pure, deterministic, no I/O.

use crate::diagnostic::Finding;
use crate::input::Block;
use crate::normalize::to_simplified;
use crate::parse::Report;
use crate::parts::Elements;
use crate::rules::{RuleSet, Severity};
use std::collections::BTreeMap;

/// Which rules run and how severe they are (from the command line or a config file).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Override the reported year (when the text does not say it, or says it wrongly).
    pub year: Option<i32>,
    /// Run only these rules or groups (empty: all).
    pub select: Vec<String>,
    /// Never run these rules or groups.
    pub ignore: Vec<String>,
    /// Severity per rule id or group (`off` disables).
    pub severity: BTreeMap<String, Severity>,
    /// Reporting deadline as (month, day) of the year after the reported year
    /// (`deadline: 03-01` in fazhi-lint.yaml); None: 4月1日.
    pub deadline: Option<(u32, u32)>,
}

impl Settings {
    /// The severity a rule runs at, or None when it does not run.
    pub fn effective(&self, id: &str, group: &str, default: Severity) -> Option<Severity> {
        let named = |list: &[String]| list.iter().any(|x| x == id || x == group || x == "ALL" || x == "all");
        if !self.select.is_empty() && !named(&self.select) {
            return None;
        }
        if named(&self.ignore) {
            return None;
        }
        let sev = self.severity.get(id).or_else(|| self.severity.get(group)).copied().unwrap_or(default);
        (sev != Severity::Off).then_some(sev)
    }
}

/// The outcome of checking one text.
#[derive(Debug)]
pub struct Checked {
    pub report: Report,
    pub elements: Elements,
    /// Sorted by position, then rule id.
    pub findings: Vec<Finding>,
    /// The shortcomings, causes, plan and achievements cut into items, and each
    /// shortcoming's links to the plan items answering it.
    pub follow: crate::follow::Follow,
}

/// Check a decoded document: its text, with the structure its blocks give (heading
/// levels from Word styles or a PDF's layout) where the text spells out no markers.
pub fn check_document(doc: &crate::input::Document, rules: &RuleSet, settings: &Settings) -> Checked {
    check_with_blocks(&doc.text, &doc.blocks, Some(&doc.meta), rules, settings)
}

/// Parse a decoded text, find its parts and run every applicable rule.
pub fn check_text(text: &str, rules: &RuleSet, settings: &Settings) -> Checked {
    check_with_blocks(text, &[], None, rules, settings)
}

/// Parse a document with the structure its blocks give (none for plain text) and the
/// part cues of the rule set (unmarked headings that name a part).
pub fn parse_document(text: &str, norm: &str, blocks: &[Block], rules: &RuleSet) -> Report {
    rules.parse(text, norm, blocks)
}

/// Check a text with its blocks and, when known, the document's metadata (dates for
/// `report-late`).
fn check_with_blocks(
    text: &str,
    blocks: &[Block],
    meta: Option<&crate::input::DocMeta>,
    rules: &RuleSet,
    settings: &Settings,
) -> Checked {
    let norm = to_simplified(text);
    let mut report = parse_document(text, &norm, blocks, rules);
    if let Some(y) = settings.year {
        report.year = Some(y);
    }
    let (elements, findings, follow) = rules
        .evaluate(text, &norm, &report, meta, settings.deadline, |m| settings.effective(&m.id, &m.group, m.severity));
    Checked { report, elements, findings, follow }
}
