//! Every rule documents good and bad examples; this test runs all of them:
//! a bad example must trigger its rule, a good one must not.

use fazhi_lint::{check_text, RuleSet, Settings};

#[test]
fn every_rule_example_behaves_as_documented() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let mut failures = Vec::new();
    for rule in &rules.rules {
        let id = &rule.meta.id;
        assert!(!rule.meta.examples.bad.is_empty(), "rule {id} has no bad example");
        assert!(!rule.meta.examples.good.is_empty(), "rule {id} has no good example");
        assert!(!rule.meta.explanation.trim().is_empty(), "rule {id} has no explanation");
        for (i, ex) in rule.meta.examples.bad.iter().enumerate() {
            let c = check_text(ex, &rules, &Settings::default());
            if !c.findings.iter().any(|f| &f.rule == id) {
                failures.push(format!("{id}: bad example #{i} does not trigger the rule"));
            }
        }
        for (i, ex) in rule.meta.examples.good.iter().enumerate() {
            let c = check_text(ex, &rules, &Settings::default());
            if let Some(f) = c.findings.iter().find(|f| &f.rule == id) {
                failures.push(format!("{id}: good example #{i} triggers the rule: {}", f.label));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let rules = RuleSet::embedded().unwrap();
    let mut ids: Vec<&str> = rules.rules.iter().map(|r| r.meta.id.as_str()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate rule ids");
    for id in ids {
        assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{id}");
    }
}
