//! Running the `examples` of rules (`fazhi-lint test`, and the test suite for the
//! embedded rules): a bad example must trigger its rule, a good one must not. Each
//! example is checked as a report of its own with every rule of the set, as `check`
//! would check it.

use crate::check::{check_text, Settings};
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
            let checked = check_text(text, rules, &Settings::default());
            let hit = checked.findings.iter().find(|f| &f.rule == id);
            match (bad, hit) {
                (true, None) => failures.push(ExampleFailure { bad, index, text: text.clone(), label: None }),
                (false, Some(f)) => {
                    failures.push(ExampleFailure { bad, index, text: text.clone(), label: Some(f.label.clone()) })
                }
                _ => {}
            }
        }
    }
    RuleExamples { id: id.clone(), source: rule.meta.source.clone(), run, failures }
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
