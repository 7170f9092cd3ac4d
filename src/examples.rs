//! Running the `examples` of rules (`fazhi-lint test`, and the test suite for the
//! embedded rules): a bad example must trigger its rule, a good one must not. Each
//! example is checked as a report of its own with every rule of the set, as `check`
//! would check it; an example of a cross-year rule (`kind: follow`, `link: repeat` or
//! `plan`) is two reports, earlier first, separated by a line `---`, compared as
//! `audit` compares a unit's reports of consecutive years.
//!
//! A bad example written as a map may pin the span and label of its rule's first
//! finding (`{text, span, label}`, like `sg test` snapshots): checked when present, and
//! written by [`update_pins`] (`fazhi-lint test --update`) into the rule file's text,
//! the rest of the file as it was.

use crate::check::{check_text, Settings};
use crate::rules::kinds::{FollowLink, RuleKind};
use crate::rules::{Pin, Rule, RuleSet};
use crate::span::{LineIndex, Span};

/// An example that does not behave as documented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExampleFailure {
    /// A bad example (should fire and does not) or a good one (fires and should not).
    pub bad: bool,
    /// Its position among the rule's bad or good examples (from 0).
    pub index: usize,
    pub text: String,
    /// For a good example: the label of the finding it gave.
    pub label: Option<String>,
    /// For a bad example that fires elsewhere or otherwise than it pins: what it found.
    pub found: Option<Found>,
}

/// Where a rule's first finding on an example is and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// `L:C-L:C`, as [`Pin::span`] writes it.
    pub span: String,
    pub label: String,
}

/// A pinned bad example whose pin is not (or not wholly) what its rule finds: what
/// `--update` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinUpdate {
    /// Its position among the rule's bad examples (from 0).
    pub index: usize,
    pub pin: Pin,
    pub found: Found,
}

/// The examples of one rule, run.
#[derive(Clone, Debug)]
pub struct RuleExamples {
    pub id: String,
    /// The file the rule came from.
    pub source: String,
    /// How many examples were run.
    pub run: usize,
    pub failures: Vec<ExampleFailure>,
    /// The pinned bad examples whose pins `--update` would rewrite.
    pub updates: Vec<PinUpdate>,
}

impl RuleExamples {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Run the examples of `rule` (one of `rules`).
pub fn run_rule(rules: &RuleSet, rule: &Rule) -> RuleExamples {
    let id = &rule.meta.id;
    let mut failures = Vec::new();
    let mut updates = Vec::new();
    let mut run = 0;
    for (bad, list) in [(true, &rule.meta.examples.bad), (false, &rule.meta.examples.good)] {
        for (index, text) in list.iter().enumerate() {
            run += 1;
            let found = if cross_year(rule) {
                pair_hit(rules, id, text)
            } else {
                let checked = check_text(text, rules, &Settings::default());
                checked.findings.iter().find(|f| &f.rule == id).map(|f| found(text, f.span, &f.label))
            };
            let failure = |label: Option<String>, found: Option<Found>| ExampleFailure {
                bad,
                index,
                text: text.clone(),
                label,
                found,
            };
            match (bad, found) {
                (true, None) => failures.push(failure(None, None)),
                (true, Some(found)) => {
                    let Some(Some(pin)) = rule.meta.examples.pins.get(index) else { continue };
                    let differs = |want: &Option<String>, got: &str| want.as_deref().is_some_and(|w| w != got);
                    if differs(&pin.span, &found.span) || differs(&pin.label, &found.label) {
                        failures.push(failure(None, Some(found.clone())));
                    }
                    if pin.span.as_deref() != Some(&found.span) || pin.label.as_deref() != Some(&found.label) {
                        updates.push(PinUpdate { index, pin: pin.clone(), found });
                    }
                }
                (false, Some(f)) => failures.push(failure(Some(f.label), None)),
                (false, None) => {}
            }
        }
    }
    RuleExamples { id: id.clone(), source: rule.meta.source.clone(), run, failures, updates }
}

/// A finding's span in `text` as `L:C-L:C`, and its label.
fn found(text: &str, span: Span, label: &str) -> Found {
    let idx = LineIndex::new(text);
    let (a, b) = (idx.position(text, span.start), idx.position(text, span.end));
    Found { span: format!("{}:{}-{}:{}", a.line, a.column, b.line, b.column), label: label.to_string() }
}

/// Is this a rule judged on a unit's reports of consecutive years?
fn cross_year(rule: &Rule) -> bool {
    matches!(&rule.kind, RuleKind::Follow(f) if f.link != FollowLink::Measure)
}

/// The first finding of rule `id` on a two-report example (earlier, a line `---`,
/// later), its message as the label and its span in the report it is on; an example
/// without the separator is a later report alone.
fn pair_hit(rules: &RuleSet, id: &str, text: &str) -> Option<Found> {
    let (earlier, later) = text.split_once("\n---\n").unwrap_or(("", text));
    let snap = |t: &str| {
        let c = check_text(t, rules, &Settings::default());
        c.follow.snapshot(t, &c.report.lines)
    };
    let out = crate::rules::kinds::cross_year(
        rules,
        &snap(earlier),
        &snap(later),
        ("上年报告", "下一年度报告"),
        |m, _| Some(m.severity),
    );
    out.findings
        .into_iter()
        .find(|f| f.rule == id)
        .map(|f| Found { span: format!("{}:{}-{}:{}", f.line, f.column, f.end_line, f.end_column), label: f.message })
}

/// Run the examples of every rule of `rules` that `which` selects, in rule-set order.
pub fn run_examples(rules: &RuleSet, which: impl Fn(&Rule) -> bool) -> Vec<RuleExamples> {
    rules.rules.iter().filter(|r| which(r)).map(|r| run_rule(rules, r)).collect()
}

/// Is `rule` defined, replaced or extended by a user file (not only an embedded one)?
pub fn from_user_files(rule: &Rule) -> bool {
    !crate::rules::is_embedded_path(&rule.meta.source)
        || rule.meta.extended_in.iter().any(|p| !crate::rules::is_embedded_path(p))
}

/// `text`, the rule file the pins of `updates` were read from, with each pin's `span`
/// and `label` written as found: a value replaced where it is written, a missing one
/// added before the example's `text:` key (in its block or flow style). Nothing else
/// of the file changes. `Err`: a pin whose place is unknown (an `extend:` entry's
/// example), or outside the text or no longer at its `text:` key (the file changed
/// since it was loaded).
pub fn update_pins(text: &str, updates: &[&PinUpdate]) -> Result<String, String> {
    // (start, end, replacement), applied from the end of the file.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for u in updates {
        let (pin, found) = (&u.pin, &u.found);
        let label = serde_json::to_string(&found.label).map_err(|e| e.to_string())?;
        let mut missing: Vec<(&str, &str)> = Vec::new();
        for (key, at, value) in [("span", &pin.span_at, found.span.as_str()), ("label", &pin.label_at, &label)] {
            match at {
                Some(r) if text.get(r.clone()).is_some() => edits.push((r.start, r.end, value.to_string())),
                Some(_) => return Err("规则文件在读取后已被改动".into()),
                None => missing.push((key, value)),
            }
        }
        if missing.is_empty() {
            continue;
        }
        let Some(at) = pin.text_at.filter(|&at| text.get(at..).is_some_and(|t| t.starts_with("text"))) else {
            return Err(format!("第 {} 个不符合的示例的位置未知（来自 extend: 的示例不能自动更新）", u.index + 1));
        };
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let flow = text[..at].trim_end_matches([' ', '\t']).ends_with(['{', ',']);
        let mut insert = String::new();
        for (key, value) in missing {
            if flow {
                insert.push_str(&format!("{key}: {value}, "));
            } else {
                insert.push_str(&format!("{key}: {value}\n{}", " ".repeat(text[line_start..at].chars().count())));
            }
        }
        edits.push((at, at, insert));
    }
    edits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    let mut out = text.to_string();
    for (start, end, with) in edits {
        out.replace_range(start..end, &with);
    }
    Ok(out)
}
