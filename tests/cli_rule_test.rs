//! `fazhi-lint test --rules FILE`: a rule file's own examples, a duplicate id, `extend:`.

use assert_cmd::Command;
use predicates::prelude::*;

fn bin() -> Command {
    Command::cargo_bin("fazhi-lint").unwrap()
}

const RULE: &str = "rules:
  - id: local-term
    kind: pattern
    severity: warning
    message: 用词不规范
    help: 改为规范用词。
    explanation: 本地要求。
    find: [某旧称]
    examples:
      bad: [\"某局2023年度法治政府建设情况报告\\n沿用某旧称。\\n\"]
      good: [\"某局2023年度法治政府建设情况报告\\n使用规范名称。\\n\"]
";

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_file_whose_examples_behave_passes() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "local.yaml", RULE);
    bin()
        .arg("test")
        .arg("--rules")
        .arg(&p)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("通过  local-term（2 个示例）"))
        .stdout(predicate::str::contains("1 条规则，2 个示例：1 条通过，0 条失败"))
        .stdout(predicate::str::contains("missing-problems").not());
}

#[test]
fn a_wrong_bad_example_fails_naming_the_rule_and_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "local.yaml", &RULE.replace("沿用某旧称", "沿用某新称"));
    bin()
        .arg("test")
        .arg("--rules")
        .arg(&p)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("失败  local-term"))
        .stdout(predicate::str::contains("不符合的示例 #1 未触发该规则"))
        .stdout(predicate::str::contains("沿用某新称"));
    // A good example that fires is a failure too, with the finding's label.
    let p = write(&dir, "local.yaml", &RULE.replace("使用规范名称", "使用某旧称"));
    bin()
        .arg("test")
        .arg("--rules")
        .arg(&p)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("符合的示例 #1 触发了该规则"));
}

#[test]
fn a_duplicate_id_in_one_file_exits_2_naming_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let twice = format!("{RULE}{}", RULE.trim_start_matches("rules:\n"));
    let p = write(&dir, "local.yaml", &twice);
    for cmd in ["test", "rules"] {
        bin()
            .arg(cmd)
            .arg("--rules")
            .arg(&p)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("local-term").and(predicate::str::contains("重复")))
            .stderr(predicate::str::contains("第 12 行"));
    }
}

#[test]
fn an_extend_file_adds_a_term_that_check_finds() {
    let dir = tempfile::tempdir().unwrap();
    let ext = "rules:
  - extend: outdated-law-name
    find:
      - { find: 《某某旧条例》, replace: 《某某新条例》 }
    examples:
      bad: [\"某局2023年度法治政府建设情况报告\\n学习《某某旧条例》。\\n\"]
";
    let p = write(&dir, "extend.yaml", ext);
    let report =
        write(&dir, "report.txt", "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n学习《某某旧条例》。\n");
    bin()
        .args(["check", "--format", "concise", "--no-config", "--rules"])
        .arg(&p)
        .arg(&report)
        .assert()
        .stdout(predicate::str::contains("outdated-law-name"));
    bin()
        .args(["check", "--format", "concise", "--no-config"])
        .arg(&report)
        .assert()
        .stdout(predicate::str::contains("outdated-law-name").not());
    bin()
        .arg("test")
        .arg("--rules")
        .arg(&p)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("通过  outdated-law-name"));
    let wrong = write(&dir, "wrong.yaml", &ext.replace("extend: outdated-law-name", "extend: no-such-rule"));
    bin().arg("test").arg("--rules").arg(&wrong).assert().code(2).stderr(predicate::str::contains("no-such-rule"));
}

/// The `extend:` examples in rules/README.md and README.md load and their examples pass.
#[test]
fn the_documented_extend_examples_work() {
    for doc in ["rules/README.md", "README.md"] {
        let text = std::fs::read_to_string(format!("{}/{doc}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let start = text.find("```yaml\nrules:\n  - extend:").expect(doc) + "```yaml\n".len();
        let end = start + text[start..].find("```").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "extend.yaml", &text[start..end]);
        let rs = fazhi_lint::RuleSet::with_user_files(&[p]).unwrap_or_else(|e| panic!("{doc}: {e}"));
        let results = fazhi_lint::examples::run_examples(&rs, fazhi_lint::examples::from_user_files);
        assert_eq!(results.len(), 1, "{doc}");
        assert!(results[0].passed(), "{doc}: {:?}", results[0].failures);
        assert_eq!(results[0].id, "outdated-law-name");
    }
}

/// A rule whose bad examples pin their finding in each way a map can be written: a
/// block map without pins, a flow map without pins, and a block map with wrong pins.
const PINNED: &str = "rules:
  - id: local-term
    kind: pattern
    severity: warning
    message: 用词不规范
    help: 改为规范用词。
    explanation: 本地要求。
    find: [某旧称]
    examples:
      bad:
        - \"某局2023年度法治政府建设情况报告\\n沿用某旧称。\\n\"
        - text: \"某局2023年度法治政府建设情况报告\\n沿用某旧称。\\n\"
        - { text: \"某局2023年度法治政府建设情况报告\\n再用某旧称。\\n\" }
        - text: \"某局2023年度法治政府建设情况报告\\n还是某旧称。\\n\"
          span: 1:1-1:2   # wrong
          label: 'x'
      good: [\"某局2023年度法治政府建设情况报告\\n使用规范名称。\\n\"]
";

#[test]
fn a_pinned_example_is_checked_and_update_writes_its_span_and_label() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "local.yaml", PINNED);
    // Pins are checked when present: the fourth example's are wrong.
    bin()
        .arg("test")
        .arg("--rules")
        .arg(&p)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "不符合的示例 #4 的发现与固定的 span/label 不同（实际：span: 2:3-2:6，label: 用词不规范",
        ))
        .stdout(predicate::str::contains("#2").not());
    // --update writes what was found into every example written as a map, and nothing else.
    bin()
        .arg("test")
        .arg("--rules")
        .arg(&p)
        .arg("--update")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("已更新"))
        .stdout(predicate::str::contains("（3 个示例）"))
        .stdout(predicate::str::contains("1 条通过，0 条失败"));
    let want = PINNED
        .replace(
            "        - text: \"某局2023年度法治政府建设情况报告\\n沿用",
            "        - span: 2:3-2:6\n          label: \"用词不规范\"\n          text: \"某局2023年度法治政府建设情况报告\\n沿用",
        )
        .replace("{ text:", "{ span: 2:3-2:6, label: \"用词不规范\", text:")
        .replace("span: 1:1-1:2", "span: 2:3-2:6")
        .replace("label: 'x'", "label: \"用词不规范\"");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), want);
    // Written, the pins hold; a second update changes nothing.
    bin().arg("test").arg("--rules").arg(&p).assert().code(0);
    bin()
        .arg("test")
        .arg("--rules")
        .arg(&p)
        .arg("--update")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("已更新").not());
    assert_eq!(std::fs::read_to_string(&p).unwrap(), want);
    // The default rules are never rewritten.
    bin().arg("test").arg("--update").assert().code(2).stderr(predicate::str::contains("--update"));
}
