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
    // The contract's six keep their shape.
    assert!(elements["problems"].get("standalone").is_none());

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
