//! Every class of rule-file error is reported at its exact line and column (1-based,
//! columns in characters), in the message as printed: "规则文件 NAME 第 L 行第 C 列有误：…".
//! Each case is a small user rule file with one mistake; the position asserted is where a
//! person must look to fix it. Rule files are synthetic.

use fazhi_lint::rules::{RuleFileError, RuleSet};

/// Load `yaml` as a user rule file beside the embedded rules; it must be refused.
fn refused(yaml: &str) -> Box<RuleFileError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("province.yaml");
    std::fs::write(&p, yaml).expect("write");
    RuleSet::with_user_files(&[p]).expect_err("an invalid rule file must be refused")
}

/// Assert the error's position (line, column) and that its message contains `words`;
/// the printed message names the same position.
#[track_caller]
fn assert_at(e: &RuleFileError, line: usize, column: usize, words: &str) {
    let shown = e.to_string();
    assert_eq!((e.line, e.column), (line, column), "{shown}");
    assert!(shown.contains(&format!("第 {line} 行第 {column} 列")), "{shown}");
    assert!(e.message.contains(words), "{shown}");
}

/// A valid pattern rule; each case changes one thing of it.
const RULE: &str = "rules:
  - id: no-jia
    kind: pattern
    find: [甲]
    severity: warning
    message: 不要写甲
    help: 删去甲
    explanation: 示例
";

#[test]
fn the_base_rule_loads() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("province.yaml");
    std::fs::write(&p, RULE).unwrap();
    assert!(RuleSet::with_user_files(&[p]).unwrap().get("no-jia").is_some());
}

#[test]
fn yaml_syntax_error_at_the_unclosed_bracket() {
    let e = refused(&RULE.replace("find: [甲]", "find: [甲, 乙"));
    // The parser trips on the next key (line 5); the mistake is the `[` of line 4.
    assert_at(&e, 4, 11, "“[”没有对应的“]”");
}

#[test]
fn misindented_line_is_blamed_not_the_line_before() {
    let e = refused(&RULE.replace("    help: 删去甲", "     help: 删去甲"));
    assert_at(&e, 7, 6, "缩进");
}

#[test]
fn unknown_field_of_a_rule_at_its_key() {
    let e = refused(&RULE.replace("    help: 删去甲", "    hlep: 删去甲"));
    assert_at(&e, 7, 5, "hlep");
}

#[test]
fn unknown_field_of_a_find_entry_at_its_key() {
    let e = refused(&RULE.replace("find: [甲]", "find:\n      - { find: 甲, replce: 乙 }"));
    assert_at(&e, 5, 20, "replce");
}

#[test]
fn unknown_field_of_a_pinned_example_at_its_key() {
    let e = refused(&format!("{RULE}    examples:\n      bad:\n        - {{ text: 甲, spam: 1:1-1:2 }}\n"));
    assert_at(&e, 11, 22, "spam");
}

#[test]
fn unknown_top_level_section_at_its_key() {
    let e = refused(&format!("{RULE}rulez: []\n"));
    assert_at(&e, 9, 1, "rulez");
}

#[test]
fn field_of_another_kind_at_its_key() {
    let e = refused(&RULE.replace("    find: [甲]", "    find: [甲]\n    part: problems"));
    assert_at(&e, 5, 5, "part");
}

#[test]
fn wrong_type_at_the_value() {
    // A mapping where a list is expected: at the value.
    let e = refused(&RULE.replace("find: [甲]", "find: {a: 1}"));
    assert_at(&e, 4, 11, "列表");
}

#[test]
fn unknown_severity_at_its_value() {
    let e = refused(&RULE.replace("severity: warning", "severity: fatal"));
    assert_at(&e, 5, 15, "fatal");
}

#[test]
fn missing_required_field_at_the_rule() {
    let e = refused(&RULE.replace("    message: 不要写甲\n", ""));
    assert_at(&e, 2, 5, "message");
}

#[test]
fn unknown_kind_at_the_rule() {
    let e = refused(&RULE.replace("kind: pattern", "kind: regexp"));
    assert_at(&e, 2, 5, "未知的规则类型");
}

#[test]
fn duplicate_id_at_the_second_definition() {
    let second = RULE.strip_prefix("rules:\n").unwrap();
    let e = refused(&format!("{RULE}{second}"));
    assert_at(&e, 9, 5, "第 2 行已定义");
}

#[test]
fn id_not_kebab_case_at_its_id() {
    let e = refused(&RULE.replace("id: no-jia", "id: No_Jia"));
    assert_at(&e, 2, 5, "kebab-case");
}

#[test]
fn bad_regex_at_its_regex_key() {
    let e = refused(&RULE.replace("find: [甲]", "find:\n      - regex: '(甲'"));
    assert_at(&e, 5, 9, "正则表达式");
}

#[test]
fn a_regex_error_among_several_regexes_at_its_own_regex_key() {
    let e = refused(&RULE.replace("find: [甲]", "find:\n      - regex: '甲+'\n      - { regex: '(乙' }"));
    assert_at(&e, 6, 11, "正则表达式 (乙 有误");
    let e = refused(&RULE.replace("find: [甲]", "find:\n      - regex: '甲+'\n      - regex: '乙*'"));
    assert_at(&e, 6, 9, "可匹配空串");
}

#[test]
fn unknown_part_at_the_rule() {
    let yaml = "rules:
  - id: needs-part
    kind: required-part
    part: no-such-part
    severity: error
    message: 缺少某部分
    help: 补上
    explanation: 示例
";
    let e = refused(yaml);
    assert_at(&e, 2, 5, "no-such-part");
}

#[test]
fn extend_of_an_unknown_rule_at_the_extend() {
    let e = refused("rules:\n  - extend: no-such-rule\n    find: [乙]\n");
    assert_at(&e, 2, 5, "未定义的规则");
}

#[test]
fn extend_of_a_field_that_is_not_a_list_at_its_key() {
    let e = refused("rules:\n  - extend: outdated-law-name\n    severity: error\n");
    assert_at(&e, 3, 5, "severity");
}

#[test]
fn extend_with_a_bad_regex_at_its_regex_key() {
    let e = refused("rules:\n  - extend: outdated-law-name\n    find:\n      - regex: '(乙'\n");
    assert_at(&e, 4, 9, "正则表达式");
}

#[test]
fn unknown_part_cue_field_at_its_key() {
    let e = refused("parts:\n  problems:\n    heading_anyy: [问题]\n");
    assert_at(&e, 3, 5, "heading_anyy");
}

#[test]
fn a_part_error_at_its_name_not_at_a_longer_name_ending_in_it() {
    // `advisers:` is written inside `old_advisers:` first: the error is at the part's own key.
    let yaml = "parts:
  old_advisers:
    name: 旧顾问
    order: 8
  advisers:
    name: 法律顾问
    order: 7
    within: no-such-part
";
    let e = refused(yaml);
    assert_at(&e, 5, 3, "no-such-part");
}

#[test]
fn a_configuration_error_is_the_same_error_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("fazhi-lint.yaml");
    std::fs::write(&p, "select: [ALL]\nfail_level: error\n").unwrap();
    // The same type as a rule-file error: both render through one Diagnostic impl.
    let e: Box<RuleFileError> = fazhi_lint::config::Config::load(&p).expect_err("unknown key refused");
    assert_at(&e, 2, 1, "fail_level");
    assert!(e.to_string().starts_with("配置文件 "), "{e}");
    assert!(refused(&RULE.replace("hlep", "help").replace("help:", "hlep:")).to_string().starts_with("规则文件 "));
}
