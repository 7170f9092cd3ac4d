//! The README's rule table is `fazhi-lint rules --format json`, row for row: a rule added,
//! removed, renamed or re-worded in `rules/*.yaml` fails this test until the table follows.

use assert_cmd::Command;
use serde_json::Value;

const README: &str = include_str!("../README.md");

/// The table as it should read, from the rules the binary lists.
fn expected_table(rules: &[Value]) -> String {
    let mut out = format!(
        "The default set has {} rules (generated from `fazhi-lint rules --format json`):\n\n\
         | id | group | severity | message |\n| --- | --- | --- | --- |\n",
        rules.len()
    );
    for r in rules {
        let field = |k: &str| r[k].as_str().unwrap_or_default().to_string();
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            field("id"),
            field("group"),
            field("severity"),
            field("message")
        ));
    }
    out
}

/// The README's table: from the "The default set has" line to the end of the table.
fn readme_table() -> String {
    let start = README.find("The default set has ").expect("README names the number of default rules");
    let mut out = String::new();
    let mut in_table = false;
    for line in README[start..].lines() {
        if line.starts_with('|') {
            in_table = true;
        } else if in_table {
            break;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn readme_rule_table_is_the_rules_list() {
    let out = Command::cargo_bin("fazhi-lint").unwrap().args(["rules", "--format", "json"]).output().unwrap();
    assert!(out.status.success(), "rules --format json failed: {}", String::from_utf8_lossy(&out.stderr));
    let rules: Vec<Value> = serde_json::from_slice(&out.stdout).expect("rules --format json prints a JSON array");
    assert!(rules.len() > 30, "the default rule set lists {} rules", rules.len());
    let want = expected_table(&rules);
    let have = readme_table();
    assert!(
        have == want,
        "README.md's rule table differs from `fazhi-lint rules --format json`; it should read:\n\n{want}"
    );
}
