//! Running the `examples` of rules (`fazhi-lint test`, and the test suite for the
//! embedded rules): a bad example must trigger its rule, a good one must not. Each
//! example is checked as a report of its own with every rule of the set, as `check`
//! would check it; an example of a cross-year rule (`kind: follow`, `link: repeat` or
//! `plan`) is two reports, earlier first, separated by a line `---`, compared as
//! `audit` compares a unit's reports of consecutive years.

use crate::check::{check_text, Settings};
use crate::rules::kinds::{FollowLink, RuleKind};
use crate::rules::{Rule, RuleSet};

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
    let mut run = 0;
    for (bad, list) in [(true, &rule.meta.examples.bad), (false, &rule.meta.examples.good)] {
        for (index, text) in list.iter().enumerate() {
            run += 1;
            let label = if cross_year(rule) {
                pair_hit(rules, id, text)
            } else {
                let checked = check_text(text, rules, &Settings::default());
                checked.findings.iter().find(|f| &f.rule == id).map(|f| f.label.clone())
            };
            match (bad, label) {
                (true, None) => failures.push(ExampleFailure { bad, index, text: text.clone(), label: None }),
                (false, Some(l)) => failures.push(ExampleFailure { bad, index, text: text.clone(), label: Some(l) }),
                _ => {}
            }
        }
    }
    RuleExamples { id: id.clone(), source: rule.meta.source.clone(), run, failures }
}

/// Is this a rule judged on a unit's reports of consecutive years?
fn cross_year(rule: &Rule) -> bool {
    matches!(&rule.kind, RuleKind::Follow(f) if f.link != FollowLink::Measure)
}

/// The message of the first finding of rule `id` on a two-report example (earlier, a
/// line `---`, later); an example without the separator is a later report alone.
fn pair_hit(rules: &RuleSet, id: &str, text: &str) -> Option<String> {
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
    out.findings.into_iter().find(|f| f.rule == id).map(|f| f.message)
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
