//! Every rule documents good and bad examples; this test runs all of them:
//! a bad example must trigger its rule, a good one must not.

use fazhi_lint::examples::run_examples;
use fazhi_lint::RuleSet;

#[test]
fn every_rule_example_behaves_as_documented() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    for rule in &rules.rules {
        let id = &rule.meta.id;
        assert!(!rule.meta.examples.bad.is_empty(), "rule {id} has no bad example");
        assert!(!rule.meta.examples.good.is_empty(), "rule {id} has no good example");
        assert!(!rule.meta.explanation.trim().is_empty(), "rule {id} has no explanation");
    }
    // The same runner as `fazhi-lint test`.
    let results = run_examples(&rules, |_| true);
    assert_eq!(results.len(), rules.rules.len());
    let failures: Vec<String> = results
        .iter()
        .flat_map(|r| {
            r.failures.iter().map(move |f| match &f.label {
                None => format!("{}: bad example #{} does not trigger the rule", r.id, f.index),
                Some(l) => format!("{}: good example #{} triggers the rule: {l}", r.id, f.index),
            })
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every `- id:` line of the embedded rule files is a rule of its own: an id defined in
/// two files (the later would silently replace the earlier) fails here; one defined twice
/// in one file does not load at all.
#[test]
fn rule_ids_are_unique_and_kebab_case() {
    let rules = RuleSet::embedded().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut written: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "yaml") {
            let name = format!("rules/{}", path.file_name().unwrap().to_string_lossy());
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                if let Some(id) = line.trim_start().strip_prefix("- id:") {
                    written.push((id.trim().to_string(), name.clone()));
                }
            }
        }
    }
    assert_eq!(written.len(), rules.rules.len(), "an id is defined in two rule files");
    for (id, file) in &written {
        assert_eq!(rules.get(id).map(|r| r.meta.source.as_str()), Some(file.as_str()), "{id} in {file}");
        assert!(id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{id}");
    }
}
