//! The default rule pack as a whole: its size and documentation, year-aware rules,
//! each defect seen in real reports found by the rule named for it (and gone once the
//! defect is removed), and rule-file errors with line and column. Texts are synthetic.

use fazhi_lint::{check_text, RuleSet, Settings};

fn rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules load")
}

fn ids(text: &str) -> Vec<String> {
    check_text(text, &rules(), &Settings::default()).findings.into_iter().map(|f| f.rule).collect()
}

fn fires(rule: &str, text: &str) -> bool {
    ids(text).iter().any(|r| r == rule)
}

/// A complete, clean report on `year`; defects are spliced into it by the tests.
fn report(year: i32) -> String {
    format!(
        "某区信访局{year}年度法治政府建设情况报告\n\
         {year}年，我局深入学习贯彻习近平法治思想，现将有关情况报告如下。\n\
         一、{year}年推进法治政府建设的主要举措和成效\n\
         （一）完善制度。全年修订制度5件，宣传《信访工作条例》。\n\
         （二）加强培训。组织培训3次，增强群众法治观念。\n\
         二、存在的不足和原因\n\
         一是普法形式单一；二是队伍力量薄弱；三是信息化水平不高。究其原因，主要是投入不足。\n\
         三、党政主要负责人履行推进法治建设第一责任人职责情况\n\
         局主要负责人专题研究法治工作4次。\n\
         四、{next}年工作打算\n\
         一是创新普法形式；二是年底前组织队伍培训2次；三是推进信访信息化建设。\n\
         某区信访局\n\
         {next}年2月1日\n",
        next = year + 1
    )
}

#[test]
fn the_clean_report_has_no_findings() {
    for y in [2021, 2023] {
        let f = ids(&report(y));
        assert!(f.is_empty(), "{y}: {f:?}");
    }
}

#[test]
fn at_least_25_documented_rules() {
    let rs = rules();
    assert!(rs.rules.len() >= 25, "{} rules", rs.rules.len());
    for r in &rs.rules {
        let e = &r.meta.explanation;
        assert!(e.chars().count() >= 60, "{}: explanation too short", r.meta.id);
        assert!(!r.meta.help.trim().is_empty() && !r.meta.message.trim().is_empty(), "{}", r.meta.id);
        assert_ne!(r.meta.group, "other", "{} has no group", r.meta.id);
    }
    for id in [
        "section-order",
        "plan-year-mismatch",
        "heading-numbering",
        "heading-marker-style",
        "heading-level-skip",
        "title-format",
        "wrong-official-term",
        "rule-of-law-wording",
        "outdated-law-name",
        "unofficial-law-name",
        "thin-section",
        "no-concrete-data",
        "vague-plan",
        "conversion-artifact",
        "unbalanced-quotes",
        "missing-final-punctuation",
    ] {
        assert!(rs.get(id).is_some(), "missing rule {id}");
    }
}

#[test]
fn xinfang_regulation_is_outdated_only_from_2022() {
    let cite = |y: i32| report(y).replace("宣传《信访工作条例》", "宣传《信访条例》");
    assert!(!fires("outdated-law-name", &cite(2021)), "in force throughout 2021");
    assert!(fires("outdated-law-name", &cite(2023)));
    // The same text with --year overriding the detected year.
    let rs = rules();
    let s = Settings { year: Some(2021), ..Settings::default() };
    assert!(!check_text(&cite(2023), &rs, &s).findings.iter().any(|f| f.rule == "outdated-law-name"));
}

#[test]
fn defects_seen_in_real_reports_are_found_and_go_away_when_fixed() {
    let base = report(2021);
    let cases: &[(&str, &str, &str)] = &[
        ("plan-year-mismatch", "四、2022年工作打算", "四、2021年工作打算"),
        ("heading-numbering", "三、党政主要负责人", "五、党政主要负责人"),
        ("heading-marker-style", "（二）加强培训", "(二)加强培训"),
        ("conversion-artifact", "（一）完善制度", "[bookmark: _GoBack]（一）完善制度"),
        ("wrong-official-term", "深入学习贯彻习近平法治思想", "深入学习贯彻习近平法制思想"),
        (
            "thin-section",
            "一是普法形式单一；二是队伍力量薄弱；三是信息化水平不高。究其原因，主要是投入不足。",
            "虽然取得一定成绩，但还需加大力度。",
        ),
        ("rule-of-law-wording", "法治观念", "法制观念"),
        ("unofficial-law-name", "《信访工作条例》", "《国家信访条例》"),
        ("missing-final-punctuation", "局主要负责人专题研究法治工作4次。", "局主要负责人专题研究法治工作4次，带头学法"),
        ("unbalanced-quotes", "宣传《信访工作条例》。", "宣传《信访工作条例。"),
        (
            "no-concrete-data",
            "修订制度5件，宣传《信访工作条例》。\n（二）加强培训。组织培训3次",
            "修订制度，宣传《信访工作条例》。\n（二）加强培训。组织培训",
        ),
        (
            "vague-plan",
            "一是创新普法形式；二是年底前组织队伍培训2次；三是推进信访信息化建设。",
            "继续推进依法行政，不断提高工作水平。",
        ),
        (
            "section-order",
            "四、2022年工作打算\n一是创新普法形式；二是年底前组织队伍培训2次；三是推进信访信息化建设。\n",
            "",
        ),
        ("title-format", "某区信访局2021年度法治政府建设情况报告", "关于2021年法治政府建设情况的报告"),
        ("heading-level-skip", "2021年，我局深入", "（一）总体情况\n2021年，我局深入"),
        ("injected-junk", "第一责任人职责情况", "第一秘书之家—全网资源每日更新www.mishuzj.com责任人职责情况"),
    ];
    for (rule, good, bad) in cases {
        assert!(base.contains(good), "{rule}: base text lacks {good}");
        let broken = if *rule == "section-order" {
            // Move the plan part before the shortcomings part.
            base.replace(good, bad)
                .replace("二、存在的不足和原因", &format!("{}二、存在的不足和原因", good.replace("四、", "二、")))
        } else {
            base.replacen(good, bad, 1)
        };
        assert!(fires(rule, &broken), "{rule} does not fire on:\n{broken}");
        assert!(!fires(rule, &base), "{rule} fires on the clean report");
    }
}

#[test]
fn fixes_remove_exactly_the_artifact() {
    let text = report(2021).replace("（一）完善制度", "[bookmark: _GoBack]（一）完善制度");
    let c = check_text(&text, &rules(), &Settings::default());
    let f = c.findings.iter().find(|f| f.rule == "conversion-artifact").expect("finding");
    let fix = f.fix.as_ref().expect("fix");
    let mut fixed = text.clone();
    fixed.replace_range(fix.span.start..fix.span.end, &fix.replacement);
    assert_eq!(fixed, report(2021));
}

fn load_error(yaml: &str) -> Box<fazhi_lint::rules::RuleFileError> {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("province.yaml");
    std::fs::write(&p, yaml).expect("write");
    RuleSet::with_user_files(&[p]).expect_err("invalid rule file must be refused")
}

#[test]
fn invalid_rule_files_point_at_line_and_column() {
    let unknown_kind = "rules:\n  - id: x-y\n    kind: regexp\n    severity: warning\n    message: m\n    help: h\n    explanation: e\n";
    let e = load_error(unknown_kind);
    assert_eq!((e.line, e.column), (2, 5), "{e}");
    assert!(e.message.contains("未知的规则类型"), "{e}");

    let unknown_key = "rules:\n  - id: x-y\n    kind: pattern\n    find:\n      - { find: 甲, replce: 乙 }\n    severity: warning\n    message: m\n    help: h\n    explanation: e\n";
    let e = load_error(unknown_key);
    assert_eq!(e.line, 5, "{e}");

    let foreign_field = "rules:\n  - id: x-y\n    kind: pattern\n    find: [甲]\n    part: problems\n    severity: warning\n    message: m\n    help: h\n    explanation: e\n";
    let e = load_error(foreign_field);
    // At the field's own line (each kind has its own fields now), not the rule's id.
    assert_eq!(e.line, 5, "{e}");
    assert!(e.message.contains("part"), "{e}");

    let bad_regex = "rules:\n  - id: x-y\n    kind: pattern\n    find:\n      - regex: '(甲'\n    severity: warning\n    message: m\n    help: h\n    explanation: e\n";
    assert!(load_error(bad_regex).message.contains("正则表达式"));
}

#[test]
fn a_province_adds_a_required_part_without_rust() {
    let yaml = "parts:\n  reconsideration:\n    name: 行政复议工作情况\n    order: 0\n    heading_any: [行政复议]\n    text_any: [行政复议]\nrules:\n  - id: missing-reconsideration\n    kind: required-part\n    part: reconsideration\n    group: structure\n    severity: warning\n    message: 缺少行政复议工作情况\n    help: 写明行政复议工作情况。\n    explanation: 本省要求写明行政复议工作情况。\n";
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("province.yaml");
    std::fs::write(&p, yaml).expect("write");
    let rs = RuleSet::with_user_files(&[p]).expect("loads");
    let has =
        |t: &str| check_text(t, &rs, &Settings::default()).findings.iter().any(|f| f.rule == "missing-reconsideration");
    assert!(has(&report(2023)));
    assert!(!has(&report(2023).replace("全年修订制度5件", "全年办理行政复议案件12件")));
}

/// The worked example in rules/README.md loads with the default rules, and its own
/// examples behave as documented.
#[test]
fn the_readme_example_works() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/README.md")).expect("README");
    let start = readme.find("```yaml\nparts:\n  reconsideration:").expect("worked example") + "```yaml\n".len();
    let end = start + readme[start..].find("```").expect("end of block");
    let dir = tempfile::tempdir().expect("temp dir");
    let p = dir.path().join("province.yaml");
    std::fs::write(&p, &readme[start..end]).expect("write");
    let rs = RuleSet::with_user_files(&[p]).expect("the README example loads");
    let mut checked = 0;
    for r in rs.rules.iter().filter(|r| r.meta.source.ends_with("province.yaml")) {
        for (ex, want) in
            r.meta.examples.bad.iter().map(|e| (e, true)).chain(r.meta.examples.good.iter().map(|e| (e, false)))
        {
            let got = check_text(ex, &rs, &Settings::default()).findings.iter().any(|f| f.rule == r.meta.id);
            assert_eq!(got, want, "{} on {ex}", r.meta.id);
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}
