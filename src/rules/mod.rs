//! Rules as data: YAML files (embedded defaults from `rules/`, plus user files) are read
//! into raw serde types, validated, and compiled once into a [`RuleSet`] that the
//! checker runs. Errors point at the file, line and column.

pub mod fields;
pub mod kinds;
pub mod literal;
mod load;
pub mod raw;

pub use load::is_embedded_path;

use crate::diagnostic::Finding;
pub use crate::diagnostic::Severity;
use crate::parse::{parse_with_hints, DocumentConfig, Hints, Report};
use crate::parts::{Elements, Parts};
use std::collections::{HashMap, HashSet};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// Compiled-size limit of a rule regex (the regex crate's `size_limit`). A user regex
/// past it is a load error at its line, never a rule that silently matches nothing.
pub const REGEX_SIZE_LIMIT: usize = 1 << 28;

/// Largest rule or config file read (bytes); larger ones are refused at once.
pub const MAX_RULE_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A rule-file error: file name, line and column, and the offending text labelled (the
/// same type as a configuration error).
pub type RuleFileError = crate::diagnostic::YamlError;

/// A rule-file error at byte `offset` of `source`, labelling one character.
fn rule_error_at(path: &str, source: &str, offset: usize, message: String, help: Option<String>) -> RuleFileError {
    let one_char = |rest: &str| rest.chars().next().map_or(0, char::len_utf8);
    RuleFileError::at(crate::diagnostic::YamlFile::Rules, path, source, offset, one_char, message, help)
}

/// Good and bad snippets of a rule: a bad one must trigger it, a good one must not
/// (`fazhi-lint test` runs them).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Examples {
    pub bad: Vec<String>,
    pub good: Vec<String>,
    /// For each bad example, what it pins (an example written as a map), else `None`.
    #[serde(skip)]
    pub pins: Vec<Option<Pin>>,
}

/// What a bad example pins of its rule's first finding, and where it is written in the
/// rule's file (byte offsets; `None` when it came from a buffered `extend:` value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pin {
    /// `L:C-L:C`: line and column (1-based, columns in characters) where the finding
    /// starts and just past its end, as `check --format json` gives them.
    pub span: Option<String>,
    pub label: Option<String>,
    /// Where the `text:` key is written.
    pub text_at: Option<usize>,
    /// The byte ranges of the `span` and `label` values as written (quotes included).
    pub span_at: Option<std::ops::Range<usize>>,
    pub label_at: Option<std::ops::Range<usize>>,
}

/// The reported years a rule applies to (inclusive; `None`: no bound).
#[derive(Clone, Copy, Debug, Default)]
pub struct When {
    pub since: Option<i32>,
    pub until: Option<i32>,
}

/// Documentation and identity of a rule, shared by all kinds.
#[derive(Clone, Debug, serde::Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub group: String,
    pub severity: Severity,
    pub message: String,
    pub help: String,
    pub explanation: String,
    pub examples: Examples,
    pub label: Option<String>,
    #[serde(skip)]
    pub when: When,
    /// The file the rule came from (`rules/structure.yaml`, or a user path).
    pub source: String,
    /// The files whose `extend:` entries appended to the rule, in order.
    #[serde(skip)]
    pub extended_in: Vec<String>,
    /// The rule's slot in the shared literal pass: its index in the rule set when built.
    #[serde(skip)]
    pub slot: usize,
}

impl RuleMeta {
    /// Does the rule apply to a report on `year`? (Unknown years: yes.)
    pub fn applies_to_year(&self, year: Option<i32>) -> bool {
        match year {
            None => true,
            Some(y) => self.when.since.is_none_or(|s| y >= s) && self.when.until.is_none_or(|u| y <= u),
        }
    }
}

/// A validated, compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub kind: kinds::RuleKind,
}

/// Everything the checker needs: parser cues, required parts and rules.
#[derive(Debug)]
pub struct RuleSet {
    pub document: DocumentConfig,
    pub parts: Parts,
    pub rules: Vec<Rule>,
    /// Follow-through (整改闭环): the topic table, weak words and thresholds.
    pub follow: crate::follow::Model,
    /// The literal words of all rules and parts in one index (one scan per report).
    pub literal_index: Option<literal::LiteralIndex>,
    /// Where each id is in `rules` and which groups there are, when built (`get` and
    /// `has_group` check the answer, so a changed `rules` is still answered right).
    by_id: HashMap<String, usize>,
    groups: HashSet<String>,
}

impl RuleSet {
    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        match self.by_id.get(id).and_then(|&i| self.rules.get(i)) {
            Some(r) if r.meta.id == id => Some(r),
            _ => self.rules.iter().find(|r| r.meta.id == id),
        }
    }

    /// Whether some rule is in this group.
    pub fn has_group(&self, group: &str) -> bool {
        self.groups.contains(group) || self.rules.iter().any(|r| r.meta.group == group)
    }

    /// Parse a text (and its `norm`, traditional characters folded) with the structure its
    /// blocks give (none for plain text), this rule set's parser cues and its parts'
    /// heading cues (unmarked headings that name a part).
    pub fn parse(&self, text: &str, norm: &str, blocks: &[crate::input::Block]) -> Report {
        let cue_end = |h: &str| self.parts.heading_cue_end(h);
        parse_with_hints(text, norm, &self.document, Hints { blocks, part_cue_end: Some(&cue_end) })
    }

    /// The required parts, the follow-through items and links, and the findings of one
    /// parsed report: one literal pass over `norm` for the words of every rule and part,
    /// the parts, the items, then each rule that `severity` lets run (at the severity it
    /// gives) and that applies to the report's year. Findings in text order.
    pub fn evaluate(
        &self,
        text: &str,
        norm: &str,
        report: &Report,
        meta: Option<&crate::input::DocMeta>,
        deadline: Option<(u32, u32)>,
        severity: impl Fn(&RuleMeta) -> Option<Severity>,
    ) -> (Elements, Vec<Finding>, crate::follow::Follow) {
        let literal_hits = self.literal_index.as_ref().map(|ix| ix.scan(norm)).unwrap_or_default();
        let part_hits = match &self.literal_index {
            Some(ix) => ix.part_hits(&literal_hits, self.parts.parts.len()),
            None => Vec::new(),
        };
        let elements = crate::parts::analyze(report, text, norm, &self.parts, &part_hits);
        let follow = crate::follow::analyze(report, text, norm, &elements, &self.follow);
        let sections = report.all_sections();
        let paragraphs = report.paragraphs_of(&sections);
        let ctx = kinds::Ctx {
            text,
            norm,
            report,
            sections: &sections,
            paragraphs: &paragraphs,
            elements: &elements,
            parts: &self.parts,
            follow: &follow,
            literal_hits: &literal_hits,
            meta,
            deadline,
        };
        let mut findings = Vec::new();
        for rule in &self.rules {
            let Some(sev) = severity(&rule.meta) else { continue };
            if !rule.meta.applies_to_year(report.year) {
                continue;
            }
            let before = findings.len();
            rule.kind.check(&rule.meta, &ctx, &mut findings);
            for f in &mut findings[before..] {
                f.severity = sev;
            }
        }
        findings.sort_by(|a, b| a.span.start.cmp(&b.span.start).then_with(|| a.rule.cmp(&b.rule)));
        (elements, findings, follow)
    }
}
