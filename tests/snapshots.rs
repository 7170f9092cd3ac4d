//! Render snapshots (insta): human output without colour at a fixed width, the JSON
//! contract and the outline. CI never rewrites them (a changed render fails the test).

use fazhi_lint::output::{self, human::HumanOptions, CheckedFile, FileResult};
use fazhi_lint::{check_text, RuleSet, Settings};

fn result(name: &str) -> FileResult {
    let rules = RuleSet::embedded().unwrap();
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/core/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let checked = check_text(&text, &rules, &Settings::default());
    FileResult { path: format!("fixtures/{name}"), outcome: Ok(CheckedFile { text, checked, doc: Default::default() }) }
}

const PLAIN: HumanOptions = HumanOptions { color: false, width: 100, quiet: false };

#[test]
fn human_output_split_title() {
    insta::assert_snapshot!(output::human::render(&[result("split-title.txt")], PLAIN));
}

#[test]
fn human_output_web_page_and_unreadable_file() {
    let bad = FileResult { path: "missing.txt".into(), outcome: Err("文件不存在".into()) };
    insta::assert_snapshot!(output::human::render(&[result("web-page.txt"), bad], PLAIN));
}

#[test]
fn json_contract_run_in_crlf() {
    insta::assert_snapshot!(output::json::render(&[result("run-in-crlf.txt")]));
}

#[test]
fn outline_json_standard() {
    let r = result("standard.txt");
    let ok = r.outcome.as_ref().unwrap();
    let v = output::outline::json_value(&r.path, &ok.checked.report, &ok.text);
    insta::assert_snapshot!(serde_json::to_string_pretty(&v).unwrap());
}

#[test]
fn outline_tree_web_page() {
    let r = result("web-page.txt");
    let ok = r.outcome.as_ref().unwrap();
    insta::assert_snapshot!(output::outline::tree(&r.path, &ok.checked.report, &ok.text));
}
