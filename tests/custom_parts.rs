//! A required part and its rule defined in a user rule file alone appear wherever the
//! six built-in parts do: the JSON `elements` (and JSONL), the human checklist, the
//! outline, the audit's columns (table, CSV, JSONL, HTML) and its coverage summary.

use assert_cmd::Command;
use std::path::Path;

/// A user rule file: one new part and the rule that requires it.
const RULES: &str = "\
parts:
  legal_advisers:
    name: 法律顾问工作
    order: 7
    short: 顾问
    heading_any: [法律顾问]
    text_any: [法律顾问]
rules:
  - id: missing-legal-advisers
    kind: required-part
    part: legal_advisers
    severity: warning
    message: 缺少法律顾问工作情况
    help: 写明法律顾问参与决策的情况。
    explanation: 本单位要求报告法律顾问工作。
";

const HEAD: &str = "某县司法局2023年度法治政府建设情况报告\n一、主要举措和成效\n全年办理行政复议案件十二件。\n";

/// A report with a level-1 part on the legal advisers.
fn with_part() -> String {
    format!("{HEAD}二、法律顾问工作\n法律顾问列席常务会议六次。\n三、存在的不足\n宣传不够。\n")
}

/// A report without it.
fn without_part() -> String {
    format!("{HEAD}二、存在的不足\n宣传不够。\n")
}

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("rules.yaml"), RULES).unwrap();
    std::fs::create_dir(tmp.path().join("reports")).unwrap();
    std::fs::write(tmp.path().join("reports/有顾问.txt"), with_part()).unwrap();
    std::fs::write(tmp.path().join("reports/无顾问.txt"), without_part()).unwrap();
    tmp
}

fn run(dir: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = Command::cargo_bin("fazhi-lint").unwrap().current_dir(dir).args(args).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code())
}

#[test]
fn json_elements_list_the_user_part_after_the_six() {
    let tmp = setup();
    let (out, err, _) =
        run(tmp.path(), &["check", "--no-config", "--format", "json", "--rules", "rules.yaml", "reports/有顾问.txt"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let elements = v[0]["elements"].as_object().unwrap();
    let keys: Vec<&str> = elements.keys().map(String::as_str).collect();
    let mut want = fazhi_lint::ELEMENT_KEYS.to_vec();
    want.push("legal_advisers");
    assert_eq!(keys, want);
    let e = &elements["legal_advisers"];
    assert_eq!(e["present"], true);
    assert_eq!(e["line"], 4);
    assert_eq!(e["heading"], "法律顾问工作");
    // A part outside the contract tells whether it stands alone.
    assert_eq!(e["standalone"], true);
    // Every element tells whether it stands alone (issue 24).
    assert!(elements["problems"]["standalone"].is_boolean());

    let (out, _, _) =
        run(tmp.path(), &["check", "--no-config", "--format", "json", "--rules", "rules.yaml", "reports/无顾问.txt"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["elements"]["legal_advisers"]["present"], false);
    let rules: Vec<&str> = v[0]["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["rule"].as_str()).collect();
    assert!(rules.contains(&"missing-legal-advisers"), "{rules:?}");

    let (out, _, _) =
        run(tmp.path(), &["check", "--no-config", "--format", "jsonl", "--rules", "rules.yaml", "reports/有顾问.txt"]);
    let line: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(line["elements"]["legal_advisers"]["present"], true);
}

#[test]
fn without_the_user_file_the_elements_are_the_six() {
    let tmp = setup();
    let (out, _, _) = run(tmp.path(), &["check", "--no-config", "--format", "json", "reports/有顾问.txt"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> = v[0]["elements"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, fazhi_lint::ELEMENT_KEYS);
}

#[test]
fn the_human_checklist_and_the_outline_name_the_user_part() {
    let tmp = setup();
    let (out, _, _) =
        run(tmp.path(), &["check", "--no-config", "--color", "never", "--rules", "rules.yaml", "reports/无顾问.txt"]);
    let checklist: Vec<&str> = out.lines().skip_while(|l| !l.contains("必备内容")).skip(1).take(7).collect();
    assert!(checklist[5].contains("学习贯彻习近平法治思想"), "{out}");
    assert_eq!(checklist[6].trim(), "✗ 法律顾问工作　缺失", "{out}");
    let (out, _, _) = run(tmp.path(), &["outline", "--rules", "rules.yaml", "reports/有顾问.txt"]);
    assert!(out.contains("法律顾问工作　（第 4 行）　← 必备内容：法律顾问工作"), "{out}");
}

#[test]
fn the_audit_has_a_column_for_the_user_part() {
    let tmp = setup();
    let (csv, err, code) =
        run(tmp.path(), &["audit", "--no-config", "--format", "csv", "--rules", "rules.yaml", "reports"]);
    assert_eq!(code, Some(0), "{err}");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "法律顾问工作").unwrap_or_else(|| panic!("{header:?}"));
    // After the six part columns, before the counts.
    assert_eq!(header[col - 1], "学习贯彻习近平法治思想");
    assert_eq!(header[col + 1], "错误");
    let cell = |name: &str| -> String {
        let mut rdr = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        let row = rdr.records().map(Result::unwrap).find(|r| r[0].contains(name)).unwrap();
        row[col].to_string()
    };
    assert_eq!(cell("有顾问"), "有");
    assert_eq!(cell("无顾问"), "缺");

    // The coverage summary (terminal table, after the rows) and the table's short header.
    let (table, _, _) = run(tmp.path(), &["audit", "--no-config", "--rules", "rules.yaml", "reports"]);
    assert!(table.lines().next().unwrap().contains("思想 顾问"), "{table}");
    let total = table.lines().find(|l| l.starts_with("总体")).unwrap();
    assert!(total.trim_end().ends_with("50.0%"), "{table}");

    // JSONL: the check object of each report, with the part.
    let (jsonl, _, _) =
        run(tmp.path(), &["audit", "--no-config", "--format", "jsonl", "--rules", "rules.yaml", "reports"]);
    let present: Vec<bool> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["elements"]["legal_advisers"]["present"] == true)
        .collect();
    assert_eq!(present.iter().filter(|p| **p).count(), 1, "{jsonl}");

    // HTML: the table's column, the filter, the summary table and the chart legend.
    let (html, _, _) =
        run(tmp.path(), &["audit", "--no-config", "--format", "html", "--rules", "rules.yaml", "reports"]);
    assert!(html.contains(r#"{"key":"legal_advisers","label":"法律顾问工作","kind":"part"}"#), "columns");
    assert!(html.contains(r#"<option value="legal_advisers">法律顾问工作</option>"#), "filter");
    assert!(html.contains("<th>学习贯彻习近平法治思想</th><th>法律顾问工作</th></tr>"), "summary table");
    assert!(html.contains("</i>法律顾问工作</span>"), "legend");
}

#[test]
fn a_contract_part_renamed_in_a_user_file_is_renamed_everywhere() {
    let tmp = setup();
    let renamed = "parts:\n  problems:\n    name: 问题和短板\n    order: 2\n    heading_any: [不足]\n";
    std::fs::write(tmp.path().join("rename.yaml"), renamed).unwrap();
    let (out, _, _) =
        run(tmp.path(), &["check", "--no-config", "--color", "never", "--rules", "rename.yaml", "reports/无顾问.txt"]);
    assert!(out.contains("✓ 问题和短板　第 4 行"), "{out}");
    let (csv, _, _) =
        run(tmp.path(), &["audit", "--no-config", "--format", "csv", "--rules", "rename.yaml", "reports"]);
    assert!(csv.lines().next().unwrap().contains(",工作举措和成效,问题和短板,不足的原因,"), "{csv}");
}

// The order and names of the reported parts, through the library (these tests load rule
// files, so they live here rather than in `parts`, which must not import `rules`).
use fazhi_lint::parts::{PartInfo, Parts, ELEMENT_KEYS};
use fazhi_lint::rules::RuleSet;

fn keys(parts: &[PartInfo]) -> Vec<&str> {
    parts.iter().map(|p| p.key.as_str()).collect()
}

#[test]
fn the_contract_comes_first_then_other_parts_by_order() {
    let user = "parts:\n  zeta:\n    name: 乙部分\n    order: 1\n    text_any: [乙]\n  alpha:\n    name: 甲部分\n    order: 9\n    label: 甲\n    text_any: [甲]\n  beta:\n    name: 丙部分\n    order: 9\n    short: 丙\n    text_any: [丙]\n";
    let mut files: Vec<(&str, &str)> = fazhi_lint::rules::EMBEDDED.to_vec();
    files.push(("user.yaml", user));
    let rules = RuleSet::from_texts(&files).unwrap();
    let reported = rules.parts.reported();
    let mut want = ELEMENT_KEYS.to_vec();
    want.extend(["zeta", "alpha", "beta"]);
    assert_eq!(keys(reported), want);
    // Each name defaults to the one before it.
    let alpha = &reported[7];
    assert_eq!((alpha.name.as_str(), alpha.label.as_str(), alpha.column.as_str()), ("甲部分", "甲", "甲"));
    assert_eq!((alpha.header.as_str(), alpha.short.as_str()), ("甲", "甲"));
    let beta = &reported[8];
    assert_eq!((beta.header.as_str(), beta.short.as_str()), ("丙部分", "丙"));
    // Which parts the outputs mark ◐ when embedded: those with a heading of their own that
    // are not looked for inside another part, and the parts outside the contract.
    let standalone: Vec<&str> = reported.iter().filter(|p| p.standalone).map(|p| p.key.as_str()).collect();
    assert_eq!(
        standalone,
        ["achievements", "problems", "lead_responsibility", "next_year_plan", "zeta", "alpha", "beta"]
    );
    // The built-in names of the contract's parts.
    let lead = &reported[3];
    assert_eq!(lead.name, "党政主要负责人履行推进法治建设第一责任人职责情况");
    assert_eq!((lead.label.as_str(), lead.column.as_str()), ("党政主要负责人履行第一责任人职责情况", "第一责任人职责"));
    assert_eq!((lead.header.as_str(), lead.short.as_str()), ("第一责任人", "职责"));
}

#[test]
fn contract_parts_no_file_defines_are_still_listed() {
    assert_eq!(keys(Parts::default().reported()), ELEMENT_KEYS);
    // The parser's cues alone, and one part outside the contract.
    let mut files: Vec<(&str, &str)> =
        fazhi_lint::rules::EMBEDDED.iter().copied().filter(|(p, _)| p.ends_with("document.yaml")).collect();
    assert_eq!(files.len(), 1);
    files.push(("extra.yaml", "parts:\n  extra:\n    name: 甲部分\n    order: 1\n    heading_any: [甲]\n"));
    let rules = RuleSet::from_texts(&files).unwrap();
    let checked =
        fazhi_lint::check::check_text("标题\n一、甲部分\n乙。\n", &rules, &fazhi_lint::check::Settings::default());
    let listed: Vec<(&str, bool)> = checked.elements.reported().map(|(p, e)| (p.key.as_str(), e.is_some())).collect();
    assert_eq!(listed[..6], ELEMENT_KEYS.map(|k| (k, false)));
    assert_eq!(listed[6], ("extra", true));
    assert_eq!(checked.elements.parts()[0].label, "achievements");
}
