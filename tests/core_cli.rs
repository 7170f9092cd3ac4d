//! The core CLI contract: subcommands, the JSON shape, exit codes, per-file errors.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

fn bin() -> Command {
    Command::cargo_bin("fazhi-lint").unwrap()
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/core").join(name)
}

fn json_of(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("valid JSON")
}

#[test]
fn sample_report_from_the_readme_checks_with_warnings_only() {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/sample-report.txt");
    bin()
        .args(["check", "--color", "never"])
        .arg(&sample)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("missing-problem-causes"))
        .stdout(predicate::str::contains("共检查 1 个文件：0 个错误，4 个警告"));
    bin().args(["check", "--fail-level", "warning"]).arg(&sample).assert().code(1);
}

#[test]
fn json_contract_has_exactly_the_documented_keys() {
    let out = bin()
        .args(["check", "--format", "json"])
        .arg(fixture("split-title.txt"))
        .arg(fixture("standard.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "split-title misses the lead part: an error");
    let v = json_of(&out.stdout);
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 2);
    let f = &arr[0];
    let keys: Vec<&str> = f.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(keys, ["path", "title", "unit", "year", "elements", "diagnostics"]);
    assert!(f["path"].as_str().unwrap().ends_with("split-title.txt"));
    assert_eq!(f["year"], 2021);
    let el = f["elements"].as_object().unwrap();
    let ek: Vec<&str> = el.keys().map(|k| k.as_str()).collect();
    assert_eq!(ek, fazhi_lint::ELEMENT_KEYS);
    for (k, e) in el {
        assert!(e["present"].is_boolean());
        assert!(e["line"].is_u64() || e["line"].is_null(), "{k}");
        assert!(e["heading"].is_string() || e["heading"].is_null(), "{k}");
        // Every element tells whether it stands alone (issue 24).
        assert!(e["standalone"].is_boolean(), "{k}");
        assert!(e["present"] == true || e["standalone"] == false, "{k}");
    }
    assert_eq!(el["problems"]["line"], 11);
    assert_eq!(el["problems"]["heading"], "存在的问题");
    let d = &f["diagnostics"][0];
    let dk: Vec<&str> = d.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(dk, ["rule", "severity", "message", "help", "line", "column", "end_line", "end_column"]);
    // Columns count characters: "二、存在的问题" starts at column 1, heading at column 3.
    let causes = f["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "missing-problem-causes").unwrap();
    assert_eq!((causes["line"].as_u64(), causes["column"].as_u64()), (Some(11), Some(3)));
    assert_eq!(causes["end_column"], 8);
    assert_eq!(arr[1]["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn unreadable_file_is_an_error_object_and_the_others_are_still_checked() {
    let out =
        bin().args(["check", "--format", "json", "no-such-file.txt"]).arg(fixture("standard.txt")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v = json_of(&out.stdout);
    assert_eq!(v[0]["path"], "no-such-file.txt");
    assert_eq!(v[0]["error"], "文件不存在");
    assert_eq!(v[1]["year"], 2022);
    bin()
        .args(["check", "no-such-file.txt"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("无法检查 no-such-file.txt"));
}

#[test]
fn directories_are_walked_in_sorted_order() {
    let out = bin().args(["check", "--format", "json"]).arg(fixture("")).output().unwrap();
    let v = json_of(&out.stdout);
    let paths: Vec<String> = v.as_array().unwrap().iter().map(|o| o["path"].as_str().unwrap().to_string()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.len() >= 9);
}

#[test]
fn outline_tree_and_json() {
    bin()
        .arg("outline")
        .arg(fixture("standard.txt"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("三、党政主要负责人履行推进法治建设第一责任人职责情况"))
        .stdout(predicate::str::contains("落款：白河县司法局 2023年2月10日"));
    let out = bin().args(["outline", "--format", "json"]).arg(fixture("run-in-crlf.txt")).output().unwrap();
    let v = json_of(&out.stdout);
    assert_eq!(v["year"], 2024);
    let s = &v["sections"][1];
    assert_eq!((s["level"].as_u64(), s["marker"].as_str(), s["number"].as_u64()), (Some(1), Some("二、"), Some(2)));
    assert_eq!(s["heading"], "存在的不足");
    assert_eq!(s["line"], 8);
    assert_eq!(v["sections"][0]["children"][0]["marker"], "(一)");
}

#[test]
fn rules_and_explain() {
    let out = bin().args(["rules", "--format", "json"]).output().unwrap();
    let v = json_of(&out.stdout);
    let ids: Vec<&str> = v.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in [
        "missing-achievements",
        "missing-problems",
        "missing-problem-causes",
        "missing-lead-responsibility",
        "lead-responsibility-not-standalone",
        "missing-next-year-plan",
        "missing-xi-thought-study",
    ] {
        assert!(ids.contains(&id), "{id}");
    }
    bin()
        .args(["explain", "missing-problem-causes"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("法治政府建设与责任落实督察工作规定"))
        .stdout(predicate::str::contains("不符合的示例"));
    bin().args(["explain", "no-such-rule"]).assert().code(2);
}

#[test]
fn usage_errors_exit_2() {
    bin().args(["check", "--no-such-flag"]).assert().code(2);
    bin().args(["check", "--select", "no-such-rule"]).arg(fixture("standard.txt")).assert().code(2);
    bin().arg("frobnicate").assert().code(2);
}

#[test]
fn select_and_ignore() {
    let out = bin()
        .args(["check", "--format", "json", "--select", "structure", "--ignore", "missing-lead-responsibility"])
        .arg(fixture("split-title.txt"))
        .output()
        .unwrap();
    let v = json_of(&out.stdout);
    let rules: Vec<&str> =
        v[0]["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["missing-problem-causes"]);
    assert_eq!(out.status.code(), Some(0), "only a warning is left");
    let out = bin()
        .args(["check", "--format", "json", "--select", "structure"])
        .arg(fixture("split-title.txt"))
        .output()
        .unwrap();
    assert_eq!(json_of(&out.stdout)[0]["diagnostics"].as_array().unwrap().len(), 2);
}

#[test]
fn broken_rule_file_names_file_and_line_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.yaml");
    std::fs::write(&f, "rules:\n  - id: my-rule\n    kind: required-part\n    part: problems\n    severity: fatal\n")
        .unwrap();
    bin()
        .args(["check", "--rules"])
        .arg(&f)
        .arg(fixture("standard.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.yaml"))
        .stderr(predicate::str::contains("第 5 行"));
}

#[test]
fn user_rule_file_adds_a_required_part() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("province.yaml");
    std::fs::write(
        &f,
        "parts:\n  reconsideration:\n    name: 行政复议工作情况\n    order: 6\n    heading_any: [行政复议]\n    text_any: [行政复议]\nrules:\n  - id: missing-reconsideration\n    kind: required-part\n    part: reconsideration\n    severity: error\n    message: 缺少行政复议工作情况\n    help: 本省要求单列行政复议工作情况。\n    explanation: 省级补充要求。\n",
    )
    .unwrap();
    bin()
        .args(["check", "--format", "json", "--rules"])
        .arg(&f)
        .arg(fixture("split-title.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("missing-reconsideration"));
    let good = dir.path().join("good.txt");
    let text = std::fs::read_to_string(fixture("standard.txt"))
        .unwrap()
        .replace("白河县司法局\n2023年2月10日", "五、行政复议工作情况\n全年办理行政复议案件15件。\n");
    std::fs::write(&good, text).unwrap();
    bin()
        .args(["check", "--format", "json", "--rules"])
        .arg(&f)
        .arg(&good)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("missing-reconsideration").not());
}

#[test]
fn eval_reads_a_labels_file_and_applies_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    for n in ["standard.txt", "split-title.txt"] {
        std::fs::copy(fixture(n), dir.path().join(n)).unwrap();
    }
    std::fs::write(
        dir.path().join("labels.yaml"),
        "- file: standard.txt\n  year: 2022\n  kind: report\n  has: {achievements: true, problems: true, problems_with_causes: true, lead_responsibility: true, next_year_plan: true, xi_rule_of_law_thought: true}\n  headings: [2022年推进法治政府建设的主要举措和成效, 2022年推进法治政府建设存在的不足和原因, 党政主要负责人履行推进法治建设第一责任人职责情况, 2023年推进法治政府建设的工作安排]\n  notes: synthetic\n- file: split-title.txt\n  year: 2021\n  has: {achievements: true, problems: true, problems_with_causes: false, lead_responsibility: true, next_year_plan: true, xi_rule_of_law_thought: true}\n  headings: [一、主要举措和成效, 存在的问题。, 下步工作计划]\n",
    )
    .unwrap();
    let out = bin().arg("eval").arg(dir.path()).args(["--threshold", "0.9"]).output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{s}");
    // One disagreement (lead_responsibility of split-title) out of 2 × 8 items.
    assert!(s.contains("lead_responsibility") && s.contains("93.8%"), "{s}");
    bin().arg("eval").arg(dir.path()).args(["--threshold", "0.99"]).assert().code(1);
}
